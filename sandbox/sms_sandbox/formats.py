"""Reading requests and writing answers: JSON and XML, content negotiation, the error body, dates."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any, Final

from pydantic import BaseModel, ValidationError
from starlette.requests import Request
from starlette.responses import Response

from sms_api import xml_codec
from sms_api.xml_safety import XmlDecodeError
from sms_api_spec import SCHEMAS

from .clock import MAX_MS, MIN_MS, UTC, from_ms, to_ms

JSON: Final = "application/json"
XML: Final = "application/xml"

#: Largest request body accepted (1 MiB). Larger bodies get 400 General error.
MAX_BODY_BYTES: Final = 1024 * 1024


class ApiProblem(Exception):
    """An answer that is an error: status, the ApiError's messageId and text, extra headers."""

    def __init__(
        self, status: int, message_id: str, text: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(text)
        self.status = status
        self.message_id = message_id
        self.text = text
        self.headers = headers or {}


def bad_request(text: str) -> ApiProblem:
    return ApiProblem(400, "GENERAL_ERROR", f"General error: {text}")


def unauthorized() -> ApiProblem:
    return ApiProblem(
        401, "UNAUTHORIZED", "Invalid login details", {"WWW-Authenticate": 'Basic realm="SMS API"'}
    )


# --------------------------------------------------------------------------------------------------------
# Negotiation
# --------------------------------------------------------------------------------------------------------


def _media(value: str) -> str:
    return value.split(";", 1)[0].strip().lower()


def _is_xml(media: str) -> bool:
    return media in ("application/xml", "text/xml") or media.endswith("+xml")


def _is_json(media: str) -> bool:
    return media == "application/json" or media.endswith("+json")


def answer_format(request: Request) -> str:
    """XML when ``Accept`` prefers an XML type over JSON, else JSON (also when absent or ``*/*``)."""
    accept = request.headers.get("accept", "")
    best, best_q = JSON, -1.0
    for index, part in enumerate(accept.split(",")):
        media = _media(part)
        q = 1.0
        for param in part.split(";")[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        kind = (
            XML
            if _is_xml(media)
            else JSON
            if (_is_json(media) or media in ("*/*", "application/*"))
            else None
        )
        # Equal q: the earlier entry wins (a stable preference order).
        score = q - index * 1e-6
        if kind is not None and q > 0 and score > best_q:
            best, best_q = kind, score
    return best


def body_format(request: Request) -> str:
    content_type = request.headers.get("content-type")
    if content_type is not None:
        media = _media(content_type)
        if _is_json(media):
            return JSON
        if _is_xml(media):
            return XML
    raise bad_request("the request body needs Content-Type application/json or application/xml")


# --------------------------------------------------------------------------------------------------------
# Bodies
# --------------------------------------------------------------------------------------------------------


async def read_body(request: Request, limit: int = MAX_BODY_BYTES) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise bad_request(f"the request body is larger than {limit} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise bad_request(f"the request body is larger than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def decode_body(raw: bytes, fmt: str, schema: str) -> dict[str, Any]:
    """The body as the JSON-equivalent dict (XML through the shared spec-driven codec).

    ``raw`` was read within the sandbox's own body limit (``read_body``, configurable), so the codec only adds
    its hostile-XML limit (16 MiB) on top, not a second, fixed copy of the sandbox's.
    """
    if fmt == XML:
        try:
            return xml_codec.decode(raw, schema, SCHEMAS)
        except XmlDecodeError as exc:
            raise bad_request(f"the XML body cannot be read: {exc}") from None
    try:
        value = json.loads(raw.decode("utf-8"), parse_constant=_refuse_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise bad_request(f"the JSON body cannot be read: {exc}") from None
    if not isinstance(value, dict):
        raise bad_request("the JSON body must be an object")
    try:
        # A `\ud800` escape decodes to a lone surrogate, which no answer and no SQLite text can hold.
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise bad_request(
            "the JSON body holds a lone surrogate (\\ud800-\\udfff), which is not text"
        ) from None
    return value


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


def _location(loc: tuple[int | str, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        elif item in ("str", "list[str]", "DestinationAddresses1", "function-after") or "[" in str(item):
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


# --------------------------------------------------------------------------------------------------------
# Answers
# --------------------------------------------------------------------------------------------------------


def encode(value: dict[str, Any], fmt: str, schema: str) -> bytes:
    if fmt == XML:
        # A string received in JSON may hold a character XML cannot carry: written as U+FFFD.
        return xml_codec.encode(value, schema, SCHEMAS, indent=True, replace_invalid=True)
    return _json(value).encode("utf-8")


_LONG_LIST: Final = 256


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _json(value: dict[str, Any]) -> str:
    """Compact JSON; a long top-level list is written entry by entry. The bytes are those of one
    ``json.dumps``, but one C call over 10,000 entries would hold the GIL (and with it the event loop and
    every other client) for its whole run, while here other threads get their turns between entries."""
    if not any(isinstance(v, list) and len(v) > _LONG_LIST for v in value.values()):
        return _dump(value)
    parts = []
    for key, item in value.items():
        if isinstance(item, list) and len(item) > _LONG_LIST:
            parts.append(f"{_dump(key)}:[{','.join(_dump(entry) for entry in item)}]")
        else:
            parts.append(f"{_dump(key)}:{_dump(item)}")
    return "{" + ",".join(parts) + "}"


def answer(
    value: dict[str, Any], fmt: str, schema: str, status: int = 200, headers: dict[str, str] | None = None
) -> Response:
    return Response(encode(value, fmt, schema), status_code=status, media_type=fmt, headers=headers)


def error_answer(problem: ApiProblem, fmt: str) -> Response:
    body = {"requestError": {"serviceException": {"messageId": problem.message_id, "text": problem.text}}}
    return answer(body, fmt, "ApiError", problem.status, problem.headers)


# --------------------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------------------

_RFC3339: Final = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:[Zz]|[+-]\d{2}:\d{2})$"
)


def parse_rfc3339(value: str, name: str) -> dt.datetime:
    """A request date (RFC 3339). A '+' that form decoding turned into a space is taken back."""
    candidate = value
    if len(value) > 6 and value[-6] == " " and value[-3] == ":":
        candidate = value[:-6] + "+" + value[-5:]
    if _RFC3339.fullmatch(candidate) is None:
        raise bad_request(f"{name}: {value!r} is not an RFC 3339 date-time (2015-07-07T17:00:00.000+01:00)")
    try:
        # Python's fromisoformat takes at most 6 fractional digits.
        fixed = re.sub(r"(\.\d{6})\d+", r"\1", candidate.replace("z", "Z").replace("t", "T"))
        when = dt.datetime.fromisoformat(fixed)
    except ValueError:
        raise bad_request(f"{name}: {value!r} is not a valid date-time") from None
    # Every answer writes dates in UTC: a date whose UTC form is outside years 1..9999 could be stored but
    # never written back (9999-12-31T23:59:59-23:59 is year 10000 in UTC).
    try:
        in_utc = when.astimezone(UTC)
    except OverflowError:
        in_utc = None
    if in_utc is None or not (MIN_MS <= to_ms(in_utc) <= MAX_MS):
        raise bad_request(f"{name}: {value!r} is out of range ({EARLIEST} to {LATEST} in UTC)")
    return when


EARLIEST: Final = "0001-01-01T00:00:00.000Z"
LATEST: Final = "9999-12-31T23:59:59.999Z"


def format_date(ms: int) -> str:
    """The server's format: ``yyyy-MM-dd'T'HH:mm:ss.SSS+HHMM`` (UTC, so ``+0000``).

    Times the sandbox computes (``sendAt`` plus 48 hours, a database written by an older version) may lie
    beyond year 9999: they are written as the last representable millisecond, so that no stored row can
    make a read fail.
    """
    when = from_ms(min(max(ms, MIN_MS), MAX_MS))
    return when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}+0000"
