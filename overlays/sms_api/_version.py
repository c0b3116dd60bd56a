"""The SDK's version and the User-Agent it sends."""

from __future__ import annotations

import platform
from importlib.metadata import PackageNotFoundError, version

__all__ = ["USER_AGENT", "__version__"]

try:
    __version__: str = version("sms-api-sdk")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

USER_AGENT: str = f"sms-api-sdk/{__version__} python/{platform.python_version()}"
