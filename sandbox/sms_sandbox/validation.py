"""A decoded body brought to what JSON Schema means, then validated by the generated pydantic model."""

from __future__ import annotations

import json
from typing import Any, Final

from pydantic import BaseModel, ValidationError

import sms_api_models
from sms_api_spec import SCHEMAS

from .negotiation import XML
from .problems import bad_request

INT64_MAX: Final = 2**63 - 1


def prepare(data: dict[str, Any], schema: str, fmt: str) -> dict[str, Any]:
    """Bring a decoded body to what JSON Schema means before strict validation, by the spec's shapes:

    * ``null`` for a known property is refused (no property of a request is nullable);
    * ``5.0`` is an integer in JSON Schema, so integral floats of integer properties become ints;
    * integers beyond int64 are refused (pydantic has no bound there);
    * in XML an empty ``<to/>`` is the empty string (an empty list breaks ``minItems`` and cannot be meant).
    """
    _prepare_object(data, schema, fmt, "")
    return data


def _prepare_scalar(value: Any, shape: Any, where: str) -> Any:
    if value is None:
        raise bad_request(f"{where}: null is not allowed")
    if shape.get("type") == "integer" and not isinstance(value, bool):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, int) and abs(value) > INT64_MAX:
            raise bad_request(f"{where}: {value} is out of range")
    return value


def _prepare_object(data: Any, schema: str, fmt: str, prefix: str) -> None:
    if not isinstance(data, dict) or schema not in SCHEMAS:
        return
    properties: dict[str, Any] = dict(SCHEMAS[schema]["properties"])
    for name, shape in properties.items():
        if name not in data:
            continue
        where = f"{prefix}{name}"
        value = data[name]
        if value is None:
            raise bad_request(f"{where}: null is not allowed")
        kind = shape["kind"]
        if kind == "scalar":
            data[name] = _prepare_scalar(value, shape, where)
        elif kind == "object":
            _prepare_object(value, shape["schema"], fmt, where + ".")
        elif isinstance(value, list):
            if not value and fmt == XML and shape.get("single_allowed"):
                data[name] = ""
                continue
            item = shape["items"]
            for index, entry in enumerate(value):
                if item["kind"] == "object":
                    if entry is None:
                        raise bad_request(f"{where}[{index}]: null is not allowed")
                    _prepare_object(entry, item["schema"], fmt, f"{where}[{index}].")
                else:
                    value[index] = _prepare_scalar(entry, item, f"{where}[{index}]")


#: What pydantic writes into a location for a branch of a union or a validator, besides model class names.
_PYDANTIC_TAGS: Final = frozenset({"str", "list[str]", "function-after"})


def _is_model_name(item: str) -> bool:
    # A branch that is a generated model (such as the array form of `to`) is named by its class: class names
    # are CapWords, property names of the spec lowerCamel, so the two never collide.
    return isinstance(getattr(sms_api_models, item, None), type)


def _location(loc: tuple[int | str, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        elif item in _PYDANTIC_TAGS or "[" in str(item) or _is_model_name(item):
            continue  # union branches pydantic names in the location
        else:
            parts.append(("." if parts else "") + str(item))
    return "".join(parts) or "body"


def validate(model: type[BaseModel], data: dict[str, Any]) -> Any:
    """Validate strictly (no "5" for 5, no "yes" for true), as JSON Schema does."""
    try:
        return model.model_validate_json(json.dumps(data), strict=True)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        raise bad_request(f"{_location(tuple(first['loc']))}: {first['msg']}") from None
