"""The SDK's version and the User-Agent it sends."""

from __future__ import annotations

import sys

__all__ = ["USER_AGENT", "__version__"]

# A literal, not importlib.metadata.version("sms-api-sdk"): importing importlib.metadata and scanning the
# installed distributions was a quarter of `import sms_api` (make bench, row 5b).
# tests/overlays/test_version.py keeps it equal to pyproject.toml's version.
__version__: str = "1.1.0"

# sys.version's first word is what platform.python_version() returns, without importing platform.
USER_AGENT: str = f"sms-api-sdk/{__version__} python/{sys.version.split()[0]}"
