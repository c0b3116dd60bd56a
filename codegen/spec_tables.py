"""Our own small generator: plain, typed data derived from spec/openapi.yaml for `generated/sms_api_spec/`.

It reads the spec itself (not the derived client spec: the XML facts and the patterned response dates are
what it describes) and writes five modules in the formats fixed by docs/ARCHITECTURE.md:

- ``xml_shapes.py``: ``SCHEMAS``, the type table of every object schema (types, XML shapes, required);
- ``operations.py``: ``OPERATIONS`` keyed by operationId (plus ``SUCCESS_STATUSES``, ``CALLBACKS``,
  ``CLIENT_MODULES`` and the spec's ``SERVERS``);
- ``code_tables.py``: ``STATUS_GROUPS``, ``STATUSES``, ``ERROR_GROUPS``, ``GSM_ERRORS`` and ``CODE_TABLES``,
  the final and rejected groups (``FINAL_STATUS_GROUPS``, ``REJECTED_STATUS_GROUP``) and the status rows no
  table lists (``UNLISTED_STATUSES``, ``SANDBOX_STATUSES``);
- ``request_rules.py``: ``QUERY_PARAMETERS`` per operationId and the per-message ``REJECTIONS``;
- ``__init__.py``: re-exports and ``SPEC_VERSION``.

Values are written with ``pprint`` (insertion order, no sorting) and formatted by ruff afterwards, so the
output depends only on the spec. Anything the formats cannot express (an inline object, an array of arrays,
a oneOf that is not "one scalar or an array of it") stops the build with the schema's name.
"""

from __future__ import annotations

import pprint
from collections.abc import Callable
from pathlib import Path
from typing import Any

from openapi_python_client.strings import PythonIdentifier

Json = Any

VERSION = "1.5"  # bump when the format of the written modules changes
TOOL = f"codegen/spec_tables.py {VERSION}"

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
SCALAR_TYPES = {"string", "integer", "number", "boolean"}
RETRY_VALUES = {"safe", "never", "client-ids"}
REJECTION_KEYS = {"pattern", "empty", "invalid"}

# x-code-table schema -> (constant name, TypedDict name) in code_tables.py, in this order.
CODE_TABLE_CONSTANTS = {
    "StatusGroupCode": ("STATUS_GROUPS", "StatusGroupRow"),
    "StatusCode": ("STATUSES", "StatusRow"),
    "ErrorGroupCode": ("ERROR_GROUPS", "ErrorGroupRow"),
    "GsmErrorCode": ("GSM_ERRORS", "GsmErrorRow"),
}
# Python type of each column of the seed's tables; a column not listed here stops the build.
CODE_TABLE_COLUMN_TYPES = {
    "id": "int",
    "groupId": "int",
    "name": "str",
    "description": "str",
    "action": "str | None",
    "permanent": "bool | None",
}


# The status groups in which a message is final (it changes no more): a list of StatusGroupCode ids.
FINAL_GROUPS_MARKER = "x-sms-api-final-groups"
# The status group of a message the API refused (invalid destination, sender...): one StatusGroupCode id.
REJECTED_GROUP_MARKER = "x-sms-api-rejected-group"


class SpecError(Exception):
    pass


def _fmt(value: object) -> str:
    return pprint.pformat(value, indent=1, width=100, sort_dicts=False)


def client_module(tag: str, operation_id: str) -> str:
    """The module openapi-python-client writes an operation to, by its own naming rules."""
    package = PythonIdentifier(tag, prefix="tag")
    module = PythonIdentifier(operation_id, prefix="field_")
    return f"sms_api_client.api.{package}.{module}"


class _Spec:
    def __init__(self, spec: dict[str, Json]) -> None:
        self.spec = spec
        self.schemas: dict[str, Json] = spec["components"]["schemas"]
        self.final_groups: list[int] = []
        self.rejected_group: int = -1

    def deref(self, node: Json) -> tuple[str | None, Json]:
        """Follow ``$ref``s to components; return the last referenced component's name and its schema."""
        name = None
        seen = set()
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            if ref in seen or not ref.startswith("#/components/"):
                raise SpecError(f"unsupported or circular $ref {ref!r}")
            seen.add(ref)
            _, _, kind, name = ref.split("/", 3)
            node = self.spec["components"][kind][name]
        return name, node

    # ---- XML shapes ----------------------------------------------------------------------------------------

    @staticmethod
    def _type(schema: Json) -> str | None:
        t = schema.get("type")
        if isinstance(t, list):
            non_null = [x for x in t if x != "null"]
            t = non_null[0] if len(non_null) == 1 else None
        return t if isinstance(t, str) else None

    def _scalar_type(self, where: str, schema: Json) -> str:
        t = self._type(schema)
        if t not in SCALAR_TYPES:
            raise SpecError(f"{where}: expected a scalar type, got {schema!r}")
        return t  # dates (format date-time or x-sms-api-datetime) stay "string" on the wire

    def _scalar_shape(self, where: str, schema: Json, element: str) -> dict[str, Json]:
        scalar_type = self._scalar_type(where, schema)
        shape: dict[str, Json] = {"kind": "scalar", "type": scalar_type, "element": element}
        # A date is a string on the wire; `date` says the Python client parses it into a datetime.
        if schema.get("format") == "date-time" or schema.get("x-sms-api-datetime") is True:
            shape["date"] = True
        return shape

    def _item_shape(self, where: str, items: Json, default_element: str) -> dict[str, Json]:
        # The repeated element is named by the items' own xml.name, else after the property (OpenAPI's
        # default, and what the seed's XML does even where the item schema's xml.name says otherwise, as in
        # NCResponse.ncResults whose items are NCResponseDetails, xml.name `results`).
        element = (items.get("xml") or {}).get("name", default_element)
        name, target = self.deref(items)
        if self._type(target) == "object":
            if name is None:
                raise SpecError(f"{where}: inline object items are not supported; move them to components")
            return {"kind": "object", "schema": name, "element": element}
        return self._scalar_shape(where, target, element)

    def _array_shape(
        self, where: str, prop_name: str, element: str, array: Json, single_allowed: bool
    ) -> dict[str, Json]:
        items = array.get("items")
        if not isinstance(items, dict):
            raise SpecError(f"{where}: array without items")
        if self._type(self.deref(items)[1]) == "array":
            raise SpecError(f"{where}: arrays of arrays are not supported")
        item = self._item_shape(where, items, prop_name)
        wrapped = bool((array.get("xml") or {}).get("wrapped", False))
        return {
            "kind": "array",
            "element": element if wrapped else item["element"],
            "wrapped": wrapped,
            "single_allowed": single_allowed,
            "items": item,
        }

    def property_shape(self, where: str, prop_name: str, prop: Json) -> dict[str, Json]:
        element = (prop.get("xml") or {}).get("name", prop_name)
        name, target = self.deref(prop)
        variants = target.get("oneOf") or target.get("anyOf")
        if variants is not None:
            # The one union the formats know: a single scalar or an array of that scalar (`to`).
            branches = [self.deref(b)[1] for b in variants]
            arrays = [b for b in branches if self._type(b) == "array"]
            scalars = [b for b in branches if self._type(b) in SCALAR_TYPES]
            if len(arrays) != 1 or len(scalars) + 1 != len(branches) or not scalars:
                raise SpecError(f"{where}: only 'a scalar or an array of it' unions are supported")
            shape = self._array_shape(where, prop_name, element, arrays[0], single_allowed=True)
            for scalar in scalars:
                if shape["items"]["kind"] != "scalar" or self._type(scalar) != shape["items"]["type"]:
                    raise SpecError(f"{where}: the single value and the array items differ in type")
            return shape
        t = self._type(target)
        if t == "object":
            if name is None:
                raise SpecError(f"{where}: inline objects are not supported; move them to components")
            return {"kind": "object", "schema": name, "element": element}
        if t == "array":
            return self._array_shape(where, prop_name, element, target, single_allowed=False)
        return self._scalar_shape(where, target, element)

    def _contents(self) -> list[tuple[str, Json]]:
        """Every content map of the spec (request bodies, responses, callbacks, shared responses)."""
        found: list[tuple[str, Json]] = []

        def from_operation(where: str, op: Json) -> None:
            _, body = self.deref(op.get("requestBody") or {})
            found.append((f"{where} request", body.get("content") or {}))
            for code, response in (op.get("responses") or {}).items():
                _, response = self.deref(response)
                found.append((f"{where} {code}", response.get("content") or {}))
            for callback in (op.get("callbacks") or {}).values():
                for _path, _method, cb_op in self._operations(callback):
                    from_operation(cb_op["operationId"], cb_op)

        for path, method, op in self._operations(self.spec["paths"]):
            from_operation(f"{method.upper()} {path}", op)
        return found

    def xml_twins(self) -> dict[str, str]:
        """JSON body schema -> the XML body schema of the same content, where the two are not the same.

        That is how the spec says, with standard objects only, that a format differs in shape: ``ApiError``
        (``{"requestError": {...}}``) in JSON, ``RequestError`` (root ``<requestError>``) in XML.
        """
        twins: dict[str, str] = {}
        for where, content in self._contents():
            if "application/json" not in content or "application/xml" not in content:
                continue
            json_name, _ = self.deref(content["application/json"].get("schema", {}))
            xml_name, _ = self.deref(content["application/xml"].get("schema", {}))
            if json_name is None or xml_name is None:
                raise SpecError(f"{where}: body schemas must be components ($ref)")
            if json_name == xml_name:
                continue
            if twins.setdefault(json_name, xml_name) != xml_name:
                raise SpecError(
                    f"{where}: {json_name} has two XML schemas, {twins[json_name]} and {xml_name}"
                )
        return twins

    def _root_property(self, schema_name: str, schema: Json, xml_name: str) -> str:
        # The one shape difference the codec knows: the XML body is the JSON body's only property.
        properties = schema.get("properties") or {}
        holding: list[str] = [str(n) for n, prop in properties.items() if self.deref(prop)[0] == xml_name]
        if len(properties) != 1 or len(holding) != 1:
            raise SpecError(
                f"{schema_name}: its XML schema {xml_name} must be the schema of its only property"
            )
        return holding[0]

    def xml_shapes(self) -> dict[str, Json]:
        shapes: dict[str, Json] = {}
        twins = self.xml_twins()
        for schema_name, schema in self.schemas.items():
            if self._type(schema) != "object":
                continue
            properties = schema.get("properties") or {}
            element = (schema.get("xml") or {}).get("name", schema_name)
            root_property = None
            if schema_name in twins:
                xml_name = twins[schema_name]
                root_property = self._root_property(schema_name, schema, xml_name)
                element = (self.schemas[xml_name].get("xml") or {}).get("name", xml_name)
            shapes[schema_name] = {
                "element": element,
                "root_property": root_property,
                "required": [name for name in properties if name in (schema.get("required") or [])],
                "properties": {
                    prop_name: self.property_shape(f"{schema_name}.{prop_name}", prop_name, prop)
                    for prop_name, prop in properties.items()
                },
            }
        return shapes

    # ---- operations ----------------------------------------------------------------------------------------

    def _body_schema(self, where: str, content: Json) -> str | None:
        if not content:
            return None
        json_media = content.get("application/json")
        if json_media is None:
            raise SpecError(f"{where}: no application/json content")
        name, _ = self.deref(json_media.get("schema", {}))
        if name is None:
            raise SpecError(f"{where}: the JSON body schema must be a component ($ref)")
        return name

    def _responses(self, where: str, responses: Json) -> tuple[int, str, str | None]:
        """The success status and schema (the first 2xx with a JSON body) and the one error schema."""
        success: tuple[int, str] | None = None
        error: set[str] = set()
        for code, response in responses.items():
            _, response = self.deref(response)
            schema = self._body_schema(f"{where} {code}", response.get("content"))
            if str(code).startswith("2"):
                if success is None and schema is not None:
                    if not str(code).isdigit():
                        raise SpecError(f"{where}: the success response needs an exact status, not {code!r}")
                    success = (int(code), schema)
            elif schema is not None:
                error.add(schema)
        if success is None:
            raise SpecError(f"{where}: no 2xx response with a JSON body")
        if len(error) > 1:
            raise SpecError(f"{where}: error responses use several schemas {sorted(error)}")
        return success[0], success[1], (error.pop() if error else None)

    def _operations(self, paths: Json) -> list[tuple[str, str, Json]]:
        found = []
        for path, item in paths.items():
            for method in HTTP_METHODS:
                if method in item:
                    found.append((path, method, item[method]))
        return found

    def operations(self) -> tuple[dict[str, Json], dict[str, int], dict[str, Json], dict[str, str]]:
        operations: dict[str, Json] = {}
        success_statuses: dict[str, int] = {}
        callbacks: dict[str, Json] = {}
        modules: dict[str, str] = {}
        for path, method, op in self._operations(self.spec["paths"]):
            op_id = op["operationId"]
            where = f"{method.upper()} {path} ({op_id})"
            retry = op.get("x-sms-api-retry")
            if retry not in RETRY_VALUES:
                raise SpecError(
                    f"{where}: x-sms-api-retry must be one of {sorted(RETRY_VALUES)}, got {retry!r}"
                )
            success_status, response, error = self._responses(where, op["responses"])
            if error is None:
                raise SpecError(f"{where}: no error response schema")
            operations[op_id] = {
                "method": method.upper(),
                "path": path,
                "request_schema": self._body_schema(where, (op.get("requestBody") or {}).get("content")),
                "response_schema": response,
                "error_schema": error,
                "retry": retry,
            }
            success_statuses[op_id] = success_status
            modules[op_id] = client_module(op["tags"][0], op_id)
            for cb_name, cb in (op.get("callbacks") or {}).items():
                for expression, cb_method, cb_op in self._operations(cb):
                    request = self._body_schema(cb_op["operationId"], cb_op["requestBody"]["content"])
                    if request is None:
                        raise SpecError(f"{cb_op['operationId']}: a callback without a body")
                    callbacks[cb_op["operationId"]] = {
                        "method": cb_method.upper(),
                        "url": expression,
                        "request_schema": request,
                        "operation": op_id,
                        "name": cb_name,
                    }
        return operations, success_statuses, callbacks, modules

    def servers(self) -> list[Json]:
        servers = self.spec.get("servers") or []
        if not servers or any(not isinstance(server.get("url"), str) for server in servers):
            raise SpecError(f"servers must list at least one server with a url, not {servers!r}")
        return [{"url": server["url"], "description": server.get("description", "")} for server in servers]

    # ---- request rules -------------------------------------------------------------------------------------

    def query_parameters(self) -> dict[str, dict[str, Json]]:
        """operationId -> name -> what a server checks of that query parameter (operations with any)."""
        out: dict[str, dict[str, Json]] = {}
        for path, method, op in self._operations(self.spec["paths"]):
            params: dict[str, Json] = {}
            for param in op.get("parameters") or []:
                _, param = self.deref(param)
                if param.get("in") != "query":
                    continue
                where = f"{method.upper()} {path} ({op['operationId']}) ?{param['name']}"
                schema_name, schema = self.deref(param.get("schema") or {})
                kind = self._type(schema)
                if kind not in SCALAR_TYPES | {"array"}:
                    raise SpecError(f"{where}: a query parameter must be a scalar or an array of one")
                params[param["name"]] = {
                    "type": kind,
                    "schema": schema_name,
                    "format": schema.get("format"),
                    "pattern": schema.get("pattern"),
                    "minimum": schema.get("minimum"),
                    "maximum": schema.get("maximum"),
                }
            if params:
                out[op["operationId"]] = params
        return out

    def _rejection_rules(self, where: str, node: Json) -> list[Json]:
        found = [node] if "x-sms-api-rejection" in node or "x-sandbox-rejection" in node else []
        for branch in node.get("oneOf") or node.get("anyOf") or []:
            found += self._rejection_rules(where, self.deref(branch)[1])
        return found

    def rejections(self) -> dict[str, Json]:
        """Schema name -> its per-message rule: the pattern and the status of a value that breaks it
        (``x-sms-api-rejection``), and the statuses only the sandbox gives (``x-sandbox-rejection``)."""
        out: dict[str, Json] = {}
        for schema_name, schema in self.schemas.items():
            rules = self._rejection_rules(schema_name, schema)
            if not rules:
                continue
            if len(rules) > 1:
                raise SpecError(f"{schema_name}: more than one branch carries a rejection rule")
            api = dict(rules[0].get("x-sms-api-rejection") or {})
            sandbox = dict(rules[0].get("x-sandbox-rejection") or {})
            unknown = (set(api) | set(sandbox)) - REJECTION_KEYS
            if unknown or "pattern" not in api or "invalid" not in api or set(api) & set(sandbox):
                raise SpecError(
                    f"{schema_name}: a rejection rule takes a pattern and the status ids"
                    f" {sorted(REJECTION_KEYS - {'pattern'})}, each once, got {api!r} and {sandbox!r}"
                )
            merged = {**api, **sandbox}
            out[schema_name] = {
                "pattern": merged["pattern"],
                "invalid": int(merged["invalid"]),
                "empty": None if merged.get("empty") is None else int(merged["empty"]),
                "sandbox_only": sorted(sandbox),
            }
        return out

    def unlisted_statuses(self, columns: list[str]) -> tuple[dict[int, Json], dict[int, Json]]:
        """Status rows in no provider table: the documentation's (its examples show them), the sandbox's."""
        schema = self.schemas["StatusCode"]
        found = []
        for key in ("x-sms-api-unlisted-statuses", "x-sandbox-unlisted-statuses"):
            rows: dict[int, Json] = {}
            for row in schema.get(key) or []:
                if list(row) != columns:
                    raise SpecError(f"StatusCode.{key}: row {row!r} does not have the columns {columns}")
                rows[int(row["id"])] = dict(row)
            found.append(rows)
        return found[0], found[1]

    def sandbox_limits(self) -> dict[str, Json]:
        """The numbers of the root ``x-sandbox`` (what only the sandbox does), by Python-style name."""
        listed = self.spec.get("x-sandbox") or {}
        limit = listed.get("limit") or {}
        found: dict[str, Json] = {
            "default_limit": limit.get("default"),
            "max_limit": limit.get("maximum"),
            "max_body_bytes": listed.get("max-body-bytes"),
            "max_destinations_per_request": listed.get("max-destinations-per-request"),
            "max_parts": listed.get("max-parts"),
            "missing_destination_status": listed.get("missing-destination-status"),
            "callback_retry_seconds": listed.get("callback-retry-seconds"),
            "callback_timeout_seconds": listed.get("callback-timeout-seconds"),
        }
        missing = sorted(name for name, value in found.items() if value is None)
        if missing:
            raise SpecError(f"x-sandbox: missing {missing}")
        retries = found["callback_retry_seconds"]
        if not isinstance(retries, list) or not all(isinstance(r, int | float) for r in retries):
            raise SpecError("x-sandbox: callback-retry-seconds must be a list of numbers")
        found["callback_retry_seconds"] = [float(r) for r in retries]
        found["callback_timeout_seconds"] = float(found["callback_timeout_seconds"])
        for name in (
            "default_limit",
            "max_limit",
            "max_body_bytes",
            "max_destinations_per_request",
            "max_parts",
        ):
            if not isinstance(found[name], int) or isinstance(found[name], bool) or found[name] < 1:
                raise SpecError(f"x-sandbox: {name} must be a positive integer, got {found[name]!r}")
        return found

    # ---- code tables ---------------------------------------------------------------------------------------

    def code_tables(self) -> dict[str, tuple[list[str], dict[int, dict[str, Json]]]]:
        tables = {}
        for schema_name, schema in self.schemas.items():
            table = schema.get("x-code-table")
            if table is None:
                continue
            if schema_name not in CODE_TABLE_CONSTANTS:
                raise SpecError(
                    f"{schema_name}: an x-code-table codegen does not know; add it to CODE_TABLE_CONSTANTS"
                )
            columns = list(table["columns"])
            for column in columns:
                if column not in CODE_TABLE_COLUMN_TYPES:
                    raise SpecError(
                        f"{schema_name}: column {column!r} has no Python type in CODE_TABLE_COLUMN_TYPES"
                    )
            rows: dict[int, dict[str, Json]] = {}
            for row in table["rows"]:
                if list(row) != columns:
                    raise SpecError(f"{schema_name}: row {row!r} does not have the columns {columns}")
                rows[int(row["id"])] = dict(row)
            tables[schema_name] = (columns, rows)
        groups = tables.get("StatusGroupCode", ([], {}))[1]
        final = self.schemas.get("StatusGroupCode", {}).get(FINAL_GROUPS_MARKER)
        if not isinstance(final, list) or not final or any(group not in groups for group in final):
            raise SpecError(
                f"StatusGroupCode: {FINAL_GROUPS_MARKER} must list ids of its rows, not {final!r}"
            )
        self.final_groups = [int(group) for group in final]
        rejected = self.schemas.get("StatusGroupCode", {}).get(REJECTED_GROUP_MARKER)
        if isinstance(rejected, bool) or not isinstance(rejected, int) or rejected not in groups:
            raise SpecError(
                f"StatusGroupCode: {REJECTED_GROUP_MARKER} must be one of its row ids, not {rejected!r}"
            )
        self.rejected_group = rejected
        missing = set(CODE_TABLE_CONSTANTS) - set(tables)
        if missing:
            raise SpecError(f"code tables missing from the spec: {sorted(missing)}")
        return {name: tables[name] for name in CODE_TABLE_CONSTANTS}


# ---- module text -----------------------------------------------------------------------------------------

XML_SHAPES_PREAMBLE = '''\
"""The type table of every object schema of the spec: each property's type and XML shape, and the
properties every answer carries. Read by the one XML codec (`sms_api.xml_codec`), the SDK's type check of
decoded bodies (`sms_api.typecheck`) and the sandbox.

``SCHEMAS[name]`` gives the canonical root element, the property that *is* the root (``root_property``:
where the spec gives the XML body a schema of its own, the JSON body's only property holds it, as
``ApiError.requestError`` holds ``RequestError``), the properties every answer carries (``required``, in
spec order) and, per JSON property in spec order, how it is written in
XML: a ``scalar`` (dates are strings, marked ``date``), an ``object`` (another entry of ``SCHEMAS``) or an
``array`` (``element`` is the wrapper, or the repeated element when unwrapped; ``wrapped`` is the canonical
form; ``single_allowed`` when one bare value may stand for a list). Everything comes from the standard
``xml`` objects (an item's element is named by the items' ``xml.name``, else after its property).
"""

from typing import Final, Literal, NotRequired, TypedDict


class ScalarShape(TypedDict):
    kind: Literal["scalar"]
    type: Literal["string", "integer", "number", "boolean"]
    element: str
    date: NotRequired[bool]


class ObjectShape(TypedDict):
    kind: Literal["object"]
    schema: str
    element: str


class ArrayShape(TypedDict):
    kind: Literal["array"]
    element: str
    wrapped: bool
    single_allowed: bool
    items: ScalarShape | ObjectShape


PropertyShape = ScalarShape | ObjectShape | ArrayShape


class SchemaShape(TypedDict):
    element: str
    root_property: str | None
    required: list[str]
    properties: dict[str, PropertyShape]


'''

OPERATIONS_PREAMBLE = '''\
"""Every operation of the spec, keyed by operationId, and the callbacks the API pushes.

``retry`` comes from ``x-sms-api-retry``: ``safe`` (reads), ``never`` (sends) or ``client-ids`` (safe when
every destination carries a client-assigned ``messageId``). ``SUCCESS_STATUSES`` is the status of each
operation's success response. ``CLIENT_MODULES`` names the generated client module of each operation
(``sync``, ``sync_detailed``, ``asyncio``, ``asyncio_detailed``). ``SERVERS`` are the spec's ``servers``, in
its order (the first is the API's own).
"""

from typing import Final, Literal, TypedDict


class Operation(TypedDict):
    method: Literal["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"]
    path: str
    request_schema: str | None
    response_schema: str
    error_schema: str
    retry: Literal["safe", "never", "client-ids"]


class Callback(TypedDict):
    method: Literal["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"]
    url: str  # the spec's runtime expression for the URL the API calls
    request_schema: str
    operation: str  # operationId of the request that sets the callback up
    name: str  # the callback's name in that operation


class Server(TypedDict):
    url: str
    description: str


'''

CODE_TABLES_PREAMBLE = '''\
"""The provider's code tables (the ``x-code-table`` of the spec's code table schemas), keyed by id.

Lookup tables only: servers send values that are in no table, so look up with ``.get()``.
"""

from collections.abc import Mapping
from typing import Final, TypedDict


'''

REQUEST_RULES_PREAMBLE = '''\
"""What a server checks of a request beyond its body schema: query parameters and per-message rejections.

``QUERY_PARAMETERS[operationId][name]`` is each query parameter of an operation (operations without any are
absent): its JSON Schema ``type`` (``array`` for comma-separated lists), the component ``schema`` it refers
to (an enum such as ``GeneralStatus``), ``format``, ``pattern``, ``minimum`` and ``maximum``.

``REJECTIONS[schema]`` is the rule of ``x-sms-api-rejection``: a value that does not match ``pattern`` makes
the message REJECTED with status ``invalid``, an empty one with ``empty``; the request itself still
succeeds. ``sandbox_only`` names the statuses the spec gives as the sandbox's (``x-sandbox-rejection``).

``SANDBOX_LIMITS`` are the numbers of the root ``x-sandbox``: what only the sandbox decides (default and
largest ``limit``, body and destination limits, parts, status 51, push retries and timeout).
"""

from typing import Final, Literal, TypedDict


class QueryParameter(TypedDict):
    type: Literal["string", "integer", "number", "boolean", "array"]
    schema: str | None
    format: str | None
    pattern: str | None
    minimum: int | float | None
    maximum: int | float | None


class Rejection(TypedDict):
    pattern: str
    invalid: int
    empty: int | None
    sandbox_only: list[str]


class SandboxLimits(TypedDict):
    default_limit: int
    max_limit: int
    max_body_bytes: int
    max_destinations_per_request: int
    max_parts: int
    missing_destination_status: int
    callback_retry_seconds: list[float]
    callback_timeout_seconds: float


'''

INIT_TEXT = '''\
"""Plain data derived from the SMS API's spec: XML shapes, operations, code tables, request rules. Imports
nothing."""

from .code_tables import (
    CODE_TABLES,
    ERROR_GROUPS,
    FINAL_STATUS_GROUPS,
    GSM_ERRORS,
    REJECTED_STATUS_GROUP,
    SANDBOX_STATUSES,
    STATUS_GROUPS,
    STATUSES,
    UNLISTED_STATUSES,
    ErrorGroupRow,
    GsmErrorRow,
    StatusGroupRow,
    StatusRow,
)
from .operations import (
    CALLBACKS,
    CLIENT_MODULES,
    OPERATIONS,
    SERVERS,
    SUCCESS_STATUSES,
    Callback,
    Operation,
    Server,
)
from .request_rules import (
    QUERY_PARAMETERS,
    REJECTIONS,
    SANDBOX_LIMITS,
    QueryParameter,
    Rejection,
    SandboxLimits,
)
from .xml_shapes import SCHEMAS, ArrayShape, ObjectShape, PropertyShape, ScalarShape, SchemaShape

SPEC_VERSION: str = {version!r}
"""``info.version`` of the spec these tables were generated from."""

__all__ = [
    "CALLBACKS",
    "CLIENT_MODULES",
    "CODE_TABLES",
    "ERROR_GROUPS",
    "FINAL_STATUS_GROUPS",
    "GSM_ERRORS",
    "OPERATIONS",
    "QUERY_PARAMETERS",
    "REJECTED_STATUS_GROUP",
    "REJECTIONS",
    "SANDBOX_LIMITS",
    "SANDBOX_STATUSES",
    "SCHEMAS",
    "SERVERS",
    "SPEC_VERSION",
    "STATUSES",
    "STATUS_GROUPS",
    "SUCCESS_STATUSES",
    "UNLISTED_STATUSES",
    "ArrayShape",
    "Callback",
    "ErrorGroupRow",
    "GsmErrorRow",
    "ObjectShape",
    "Operation",
    "PropertyShape",
    "QueryParameter",
    "Rejection",
    "SandboxLimits",
    "ScalarShape",
    "SchemaShape",
    "Server",
    "StatusGroupRow",
    "StatusRow",
]
'''


def _code_tables_text(
    tables: dict[str, tuple[list[str], dict[int, dict[str, Json]]]],
    final_groups: list[int],
    rejected_group: int,
    unlisted: tuple[dict[int, Json], dict[int, Json]],
) -> str:
    parts = [CODE_TABLES_PREAMBLE]
    for schema_name, (columns, _) in tables.items():
        _, row_type = CODE_TABLE_CONSTANTS[schema_name]
        fields = "".join(f"    {column}: {CODE_TABLE_COLUMN_TYPES[column]}\n" for column in columns)
        parts.append(f"class {row_type}(TypedDict):\n{fields}\n\n")
    for schema_name, (_, rows) in tables.items():
        constant, row_type = CODE_TABLE_CONSTANTS[schema_name]
        parts.append(f"{constant}: Final[dict[int, {row_type}]] = {_fmt(rows)}\n")
        parts.append(f'"""The rows of ``{schema_name}``."""\n\n')
    mapping = ", ".join(f"{name!r}: {CODE_TABLE_CONSTANTS[name][0]}" for name in tables)
    parts.append(f"CODE_TABLES: Final[dict[str, Mapping[int, Mapping[str, object]]]] = {{{mapping}}}\n")
    parts.append('"""Every table, keyed by the name of its schema in the spec."""\n\n')
    parts.append(f"FINAL_STATUS_GROUPS: Final[frozenset[int]] = frozenset({final_groups!r})\n")
    parts.append(
        f'"""Ids of the status groups in which a message is final (``{FINAL_GROUPS_MARKER}``)."""\n\n'
    )
    parts.append(f"REJECTED_STATUS_GROUP: Final[int] = {rejected_group!r}\n")
    parts.append(
        f'"""Id of the status group of a message the API refused (``{REJECTED_GROUP_MARKER}``)."""\n\n'
    )
    documented, sandbox = unlisted
    parts.append(f"UNLISTED_STATUSES: Final[dict[int, StatusRow]] = {_fmt(documented)}\n")
    parts.append(
        '"""Statuses in no table that the documentation shows (``x-sms-api-unlisted-statuses``)."""\n\n'
    )
    parts.append(f"SANDBOX_STATUSES: Final[dict[int, StatusRow]] = {_fmt(sandbox)}\n")
    parts.append('"""Statuses only the sandbox gives, in no table (``x-sandbox-unlisted-statuses``)."""\n')
    return "".join(parts)


def write_package(spec: dict[str, Json], package_dir: Path, narrate: Callable[[str], None]) -> list[Path]:
    """Write generated/sms_api_spec/ (without headers: the driver adds them) and return the files written."""
    model = _Spec(spec)
    try:
        shapes = model.xml_shapes()
        operations, success_statuses, callbacks, modules = model.operations()
        servers = model.servers()
        tables = model.code_tables()
        unlisted = model.unlisted_statuses(tables["StatusCode"][0])
        query_parameters = model.query_parameters()
        rejections = model.rejections()
        sandbox_limits = model.sandbox_limits()
    except SpecError as err:
        raise SystemExit(f"codegen: spec_tables: {err}") from None
    narrate(
        f"{len(shapes)} XML shapes, {len(operations)} operations, {len(callbacks)} callbacks, "
        f"{len(tables)} code tables ({', '.join(CODE_TABLE_CONSTANTS[t][0] for t in tables)})"
    )
    texts = {
        "xml_shapes.py": XML_SHAPES_PREAMBLE + f"SCHEMAS: Final[dict[str, SchemaShape]] = {_fmt(shapes)}\n",
        "operations.py": OPERATIONS_PREAMBLE
        + f"OPERATIONS: Final[dict[str, Operation]] = {_fmt(operations)}\n\n"
        + f"SUCCESS_STATUSES: Final[dict[str, int]] = {_fmt(success_statuses)}\n\n"
        + f"CALLBACKS: Final[dict[str, Callback]] = {_fmt(callbacks)}\n\n"
        + f"CLIENT_MODULES: Final[dict[str, str]] = {_fmt(modules)}\n\n"
        + f"SERVERS: Final[list[Server]] = {_fmt(servers)}\n",
        "code_tables.py": _code_tables_text(tables, model.final_groups, model.rejected_group, unlisted),
        "request_rules.py": REQUEST_RULES_PREAMBLE
        + f"QUERY_PARAMETERS: Final[dict[str, dict[str, QueryParameter]]] = {_fmt(query_parameters)}\n\n"
        + f"REJECTIONS: Final[dict[str, Rejection]] = {_fmt(rejections)}\n\n"
        + f"SANDBOX_LIMITS: Final[SandboxLimits] = {_fmt(sandbox_limits)}\n",
        "__init__.py": INIT_TEXT.format(version=str(spec["info"]["version"])),
    }
    package_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in texts.items():
        path = package_dir / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
