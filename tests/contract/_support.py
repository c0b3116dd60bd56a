"""Schemathesis set-up shared by the contract tests: the spec loaded with our config, the sandbox in-process,
XML in both directions through the project's own codec, and a record of what every call was answered.

Budget and seed come from the environment so that `make test` stays short and `make contract-deep` can ask for
many more examples with the same code:

* ``SMS_API_CONTRACT_EXAMPLES``: fuzzing examples per operation and generation mode (default 6)
* ``SMS_API_CONTRACT_STEPS``: stateful steps per scenario (default 10)
* ``SMS_API_CONTRACT_SCENARIOS``: stateful scenarios (default 15)
* ``SMS_API_CONTRACT_SEED``: the seed (default fixed, so CI runs are reproducible)
"""

from __future__ import annotations

import json
import os
import zlib
from collections import Counter, defaultdict
from typing import Any, Final

import jsonschema_rs
import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.transport.serialization import serialize_xml

from sms_api import xml_codec
from sms_api_spec import OPERATIONS, SCHEMAS

from .._spec import PASSWORD, SPEC, SPEC_PATH, USERNAME

EXAMPLES: Final = int(os.environ.get("SMS_API_CONTRACT_EXAMPLES", "6"))
STEPS: Final = int(os.environ.get("SMS_API_CONTRACT_STEPS", "10"))
SCENARIOS: Final = int(os.environ.get("SMS_API_CONTRACT_SCENARIOS", "15"))
SEED: Final = int(os.environ.get("SMS_API_CONTRACT_SEED", "20150212"))

#: Every check the issue asks for, by its schemathesis name. Nothing else runs (no silent extras either).
CHECKS: Final = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
    "negative_data_rejection",
    "positive_data_acceptance",
    "ignored_auth",
    "missing_required_header",
    "unsupported_method",
)

JSON: Final = "application/json"
XML: Final = "application/xml"

#: "POST /restapi/sms/1/text/single" -> operationId
LABELS: Final = {f"{op['method']} {op['path']}": op_id for op_id, op in OPERATIONS.items()}


def make_config(*, with_auth: bool = True, examples: int = EXAMPLES) -> SchemathesisConfig:
    data: dict[str, Any] = {
        "seed": SEED,
        "generation": {"mode": "all", "max-examples": examples},
        "checks": {"enabled": False, **{name: {"enabled": True} for name in CHECKS}},
        # Examples (the seed's), coverage (boundaries, missing headers, unsupported methods) and fuzzing.
        "phases": {
            "examples": {"enabled": True},
            "coverage": {"enabled": True},
            "fuzzing": {"enabled": True},
            "stateful": {"enabled": True, "max-steps": STEPS},
        },
    }
    if with_auth:
        data["auth"] = {"basic": {"username": USERNAME, "password": PASSWORD}}
    return SchemathesisConfig.from_dict(data)


def load_schema(app: Any, *, with_auth: bool = True, examples: int = EXAMPLES) -> Any:
    config = make_config(with_auth=with_auth, examples=examples)
    schema = schemathesis.openapi.from_path(SPEC_PATH, config=config)
    schema.app = app
    return schema


# --------------------------------------------------------------------------------------------------------
# XML in both directions, through sms_api.xml_codec (the one codec the SDK and the sandbox use)
# --------------------------------------------------------------------------------------------------------


def request_schema_of(label: str) -> str | None:
    op_id = LABELS.get(label)
    return OPERATIONS[op_id]["request_schema"] if op_id else None


@schemathesis.serializer(XML, "text/xml")
def xml_request(ctx: schemathesis.SerializationContext, value: Any) -> bytes:
    """Request bodies as the spec's `xml` objects say (canonical form), by the project's codec.

    Negative data the codec cannot express (a number where an object belongs, a list as the root) falls back
    to schemathesis' own schema-driven XML writer, so such cases are still sent and must still be rejected.
    """
    schema = request_schema_of(ctx.case.operation.label)
    if schema is not None and isinstance(value, dict):
        try:
            return xml_codec.encode(value, schema, SCHEMAS)
        except (ValueError, TypeError):
            pass
    data = serialize_xml(ctx.case, value).get("data", b"")
    return data.encode("utf-8") if isinstance(data, str) else data


@schemathesis.deserializer(XML, "text/xml")
def xml_response(ctx: schemathesis.DeserializationContext, response: Any) -> Any:
    """XML answers decoded by the codec (with the spec's types) so the same JSON Schemas validate them."""
    op_id = LABELS.get(ctx.operation.label)
    if op_id is None:
        raise ValueError(f"no operation {ctx.operation.label}")
    op = OPERATIONS[op_id]
    schema = op["response_schema"] if 200 <= response.status_code < 300 else op["error_schema"]
    value = xml_codec.decode(response.content, schema, SCHEMAS)
    # Where the XML media type has a schema of its own (`RequestError` for the JSON `ApiError`), the spec
    # validates the XML body against it: the JSON body's only property, the shape table's root_property.
    root_property = SCHEMAS[schema]["root_property"]
    if root_property is not None and isinstance(value, dict) and root_property in value:
        return value[root_property]
    return value


# --------------------------------------------------------------------------------------------------------
# XML negative cases that the wire cannot tell apart from positive ones
# --------------------------------------------------------------------------------------------------------

_validators: dict[str, Any] = {}


def _validator(schema_name: str) -> Any:
    if schema_name not in _validators:
        root = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": f"#/components/schemas/{schema_name}",
            "components": SPEC["components"],
        }
        _validators[schema_name] = jsonschema_rs.validator_for(root, validate_formats=True)
    return _validators[schema_name]


def xml_body_reads_as_valid(label: str, body: bytes) -> bool:
    """True when the XML bytes sent read back (through the codec) as data the schema accepts.

    XML has no types: `<flash>0</flash>` is the boolean false and `<limit>5</limit>` the integer 5, so a
    negative case whose only defect was a JSON type (0 for false) is a valid request once on the wire. Only
    for such cases is negative_data_rejection skipped; everything else still runs.
    """
    schema = request_schema_of(label)
    if schema is None:
        return False
    try:
        value = xml_codec.decode(body, schema, SCHEMAS)
    except ValueError:
        return False
    validator = _validator(schema)
    # An empty `<to/>` is an empty list or the empty string: nothing on the wire says which. The spec allows
    # the string (one empty address, rejected per message with status 51), so the request may be accepted.
    return bool(validator.is_valid(value) or validator.is_valid(_empty_lists_as_strings(value, schema)))


def _empty_lists_as_strings(value: Any, schema: str) -> Any:
    if not isinstance(value, dict) or schema not in SCHEMAS:
        return value
    out = dict(value)
    for name, shape in SCHEMAS[schema]["properties"].items():
        item = out.get(name)
        if shape["kind"] == "array" and shape.get("single_allowed") and item == []:
            out[name] = ""
        elif shape["kind"] == "array" and shape["items"]["kind"] == "object" and isinstance(item, list):
            out[name] = [_empty_lists_as_strings(entry, shape["items"]["schema"]) for entry in item]
        elif shape["kind"] == "object":
            out[name] = _empty_lists_as_strings(item, shape["schema"])
    return out


# --------------------------------------------------------------------------------------------------------
# Which format to ask for, and what was answered
# --------------------------------------------------------------------------------------------------------


def accept_for(case: Any) -> str:
    """XML answers for XML requests, and for about half of the GETs (chosen from the query, deterministic)."""
    if case.media_type is not None:
        return XML if "xml" in case.media_type else JSON
    key = json.dumps(case.query, sort_keys=True, default=str).encode()
    return XML if zlib.crc32(key) % 2 else JSON


class Recorder:
    """Status codes per operation label and Accept format, for the credentials and coverage assertions."""

    def __init__(self) -> None:
        self.statuses: dict[str, Counter[int]] = defaultdict(Counter)
        self.formats: dict[str, Counter[str]] = defaultdict(Counter)

    def record(self, label: str, response: Any) -> None:
        content_type = (response.headers.get("content-type") or [""])[0]
        self.statuses[label][response.status_code] += 1
        self.formats[label][content_type.split(";")[0]] += 1

    def authenticated_labels(self) -> set[str]:
        return {label for label, counts in self.statuses.items() if any(s != 401 for s in counts)}


def assert_credentials_used(recorder: Recorder, labels: set[str]) -> None:
    """Fail unless every operation got at least one answer other than 401 (credentials were accepted)."""
    missing = sorted(labels - set(recorder.statuses))
    assert not missing, f"operations never called: {missing}"
    only_401 = sorted(labels - recorder.authenticated_labels())
    assert not only_401, f"every call was answered 401, the credentials were not used: {only_401}"
