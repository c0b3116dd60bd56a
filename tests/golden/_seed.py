"""The seed's examples as the spec carries them: every named example with its operation, kind, media type,
schema and JSON twin; every `x-seed-requests` raw request; the documented XML/JSON twin differences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Final

from .._spec import SPEC, dates_parsed, operation_module, operations, operations_and_callbacks, resolve

__all__ = ["SPEC", "dates_parsed", "operation_module", "resolve"]

JSON: Final = "application/json"
XML: Final = "application/xml"


@dataclass(frozen=True)
class Example:
    name: str  # components/examples key
    operation_id: str  # the operation (or callback operation) it belongs to
    kind: str  # request | response | callback
    status: str | None  # response status, None for request bodies
    media_type: str
    schema: str
    value: Any  # dict for JSON, str for XML
    twin: str | None  # x-json-twin
    seed_xml: str | None = None  # x-seed-xml.value: the seed's own, non-canonical writing of an XML example

    def __str__(self) -> str:
        return self.name


def _collect(op: dict[str, Any], kind: str, found: dict[str, Example]) -> None:
    op_id = op["operationId"]
    sources: list[tuple[str, str | None, dict[str, Any]]] = []
    body = resolve(op.get("requestBody")) or {}
    sources.append((kind, None, body.get("content") or {}))
    for status, response in (op.get("responses") or {}).items():
        sources.append(("response", str(status), resolve(response).get("content") or {}))
    for what, status, content in sources:
        for media_type, media in content.items():
            schema = media["schema"]["$ref"].rsplit("/", 1)[1]
            for example in (media.get("examples") or {}).values():
                name = example["$ref"].rsplit("/", 1)[1]
                data = resolve(example)
                # Shared error examples appear under every operation: keep the first owner.
                found.setdefault(
                    name,
                    Example(
                        name,
                        op_id,
                        what,
                        status,
                        media_type,
                        schema,
                        data["value"],
                        data.get("x-json-twin"),
                        (data.get("x-seed-xml") or {}).get("value"),
                    ),
                )


def _all_examples() -> dict[str, Example]:
    found: dict[str, Example] = {}
    for op, is_callback in operations_and_callbacks():
        _collect(op, "callback" if is_callback else "request", found)
    return found


EXAMPLES: Final = _all_examples()


@dataclass(frozen=True)
class SeedRequest:
    operation_id: str
    name: str
    method: str
    target: str
    headers: list[tuple[str, str]]
    body: bytes

    def __str__(self) -> str:
        return f"{self.operation_id}/{self.name}"


def _parse_http(operation_id: str, name: str, text: str) -> SeedRequest:
    head, _, body = text.partition("\n\n")
    lines = head.split("\n")
    method, target, _version = lines[0].split(" ")
    headers = [tuple(part.strip() for part in line.split(":", 1)) for line in lines[1:] if line.strip()]
    return SeedRequest(operation_id, name, method, target, headers, body.encode("utf-8"))  # type: ignore[arg-type]


def _seed_requests() -> list[SeedRequest]:
    found: list[SeedRequest] = []
    for _method, _path, op in operations():
        for entry in op.get("x-seed-requests") or []:
            found.append(_parse_http(op["operationId"], entry["name"], entry["http"]))
    return found


SEED_REQUESTS: Final = _seed_requests()


def differences(left: Any, right: Any, path: str = "") -> set[str]:
    """JSON-pointer-like paths where two JSON values differ (a key missing on one side counts)."""
    if isinstance(left, dict) and isinstance(right, dict):
        out: set[str] = set()
        for key in set(left) | set(right):
            if key not in left or key not in right:
                out.add(f"{path}/{key}")
            else:
                out |= differences(left[key], right[key], f"{path}/{key}")
        return out
    if isinstance(left, list) and isinstance(right, list):
        if len(left) != len(right):
            return {path}
        out = set()
        for index, (a, b) in enumerate(zip(left, right, strict=True)):
            out |= differences(a, b, f"{path}/{index}")
        return out
    if type(left) is not type(right) and not (
        isinstance(left, int | float) and isinstance(right, int | float) and not isinstance(left, bool)
    ):
        return {path}
    return set() if left == right else {path}


def _pattern(text: str) -> re.Pattern[str]:
    return re.compile("^" + re.escape(text).replace(r"\*", "[^/]+") + "$")


#: Where an XML example and its JSON twin carry different data. Every difference the twin test finds must be
#: listed here, with the spec README item that documents it; `*` is one path segment.
KNOWN_TWIN_DIFFERENCES: Final[dict[str, list[str]]] = {
    # item 9: groupName as written (`Queue/Accepted`, `Ok`, `Pending` vs `ACCEPTED`, `OK`, `PENDING`)
    "send-single-text-sms.response.one-destination-xml": ["/messages/*/status/groupName"],
    # item 19: bulk and message IDs of the multiple-destination textual and binary answers
    "send-single-text-sms.response.multiple-destinations-xml": ["/messages/*/messageId"],
    "send-multi-text-sms.response.multiple-messages-xml": ["/bulkId"],
    "send-single-binary-sms.response.multiple-destinations-xml": ["/bulkId", "/messages/*/messageId"],
    # README variant table: `error` missing in XML (delivery reports without filter)
    "get-delivery-reports.response.no-filter-xml": ["/results/*/error"],
    # item 19: the first log entry of sent logs (the XML list starts one message later), item 9: groupName
    "get-sent-sms-logs.response.no-filter-xml": [
        "/results/*/bulkId",
        "/results/*/messageId",
        "/results/*/sentAt",
        "/results/*/doneAt",
        "/results/*/error/groupName",
    ],
    # item 19: to/from of received logs
    "get-received-sms-logs.response.no-filter-xml": ["/results/*/to", "/results/*/from"],
    "get-received-sms-logs.response.keyword-to-xml": ["/results/*/to", "/results/*/from"],
    # item 5 and the variant table: the synchronous XML answer names the array `ncResults`
    "query-number-context.response.one-number-xml": ["/results", "/ncResults"],
    # item 19: PENDING_WAITING_DELIVERY vs PENDING_ENROUTE in asynchronous Number Context (+ item 9)
    # item 19: the multiple-numbers notify answer has a bulkId in JSON only
    "notify-number-context.response.several-numbers-xml": ["/ncResults/*/status/*", "/bulkId"],
    # item 19: the order of the numbers in the multiple-numbers Number Context answer
    "query-number-context.response.several-numbers-xml": ["/results/*/*", "/results/*/*/*"],
    # item 19: the notify request's notifyContentType
    "notify-number-context.request.one-number-xml": ["/notifyContentType"],
    "notify-number-context.request.several-numbers-xml": ["/notifyContentType"],
}


def unexplained(example_name: str, found: set[str]) -> set[str]:
    listed = KNOWN_TWIN_DIFFERENCES.get(example_name, [])
    patterns = [_pattern(p) for p in listed]
    return {path for path in found if not any(p.match(path) for p in patterns)}
