"""Names a module of ``sms_api`` gives from another module, imported when first asked for.

The one mechanism behind ``sms_api``'s own names and ``sms_api.workflows``' re-exports of ``sms_api.bulk``:
a module ``__getattr__`` (PEP 562) that imports the owning module, keeps the value in the asking module's
globals (later look-ups are plain attribute reads), and a ``__dir__`` that lists the names. Callers define
them under ``if not TYPE_CHECKING:``: to a type checker a module ``__getattr__`` means "any name exists", so
a misspelt import would pass; type checkers read the caller's ``TYPE_CHECKING`` imports instead.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_names"]


def lazy_names(
    namespace: dict[str, Any], owners: Mapping[str, str], *, submodules: bool = False
) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """``(__getattr__, __dir__)`` for the module whose globals are ``namespace``.

    ``owners`` maps each name to the module that defines it (relative, ``".client"``, to the package). With
    ``submodules``, any other public name that is a submodule of this package is imported and given too.
    """
    module_name = namespace["__name__"]
    package = namespace["__package__"]

    def getattr_(name: str) -> object:
        owner = owners.get(name)
        value: object
        if owner is not None:
            value = getattr(importlib.import_module(owner, package), name)
        elif submodules and not name.startswith("_") and importlib.util.find_spec(f"{package}.{name}"):
            value = importlib.import_module(f".{name}", package)
        else:
            raise AttributeError(f"module {module_name!r} has no attribute {name!r}")
        namespace[name] = value
        return value

    def dir_() -> list[str]:
        return sorted({*namespace, *owners})

    return getattr_, dir_
