"""The ``[sandbox]`` extra: what the server needs beyond the SDK, and the one line that says how to get it.

``import sms_sandbox`` works on a base install (accounts, clocks and :mod:`sms_sandbox.process` need only the
standard library and httpx); the server itself (``create_app``, ``sms-api-sandbox``) needs these packages.
"""

from __future__ import annotations

import importlib.util

#: Import names of the extra's distributions (pyproject.toml, [project.optional-dependencies] sandbox).
EXTRA_PACKAGES = ("starlette", "uvicorn", "pydantic")
INSTALL_HINT = "pip install 'sms-api-sdk[sandbox]'"


def missing_packages() -> list[str]:
    return [name for name in EXTRA_PACKAGES if importlib.util.find_spec(name) is None]


def missing_extra_message() -> str | None:
    """One line naming what is missing and the extra to install, or None when the extra is installed."""
    missing = missing_packages()
    if not missing:
        return None
    names = ", ".join(missing)
    return f"the SMS API sandbox needs the [sandbox] extra ({names} not installed): {INSTALL_HINT}"


def require_extra() -> None:
    message = missing_extra_message()
    if message is not None:
        raise ImportError(message)
