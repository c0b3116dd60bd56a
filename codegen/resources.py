"""Our own generator for generated/sms_api_resources/: the resource classes under ``sms_api.SmsApi``.

Reads the mapping ``codegen/resources.yaml`` (resource, method name, operationId, positional arguments)
and the derived client spec (the document openapi-python-client reads, so types agree with the generated
models), and renders ``codegen/templates/resources.py.jinja``. Every method calls the generated operation's
``sync`` (or ``asyncio``) with a request model built from its arguments:

- a method's arguments are the request schema's top-level properties, else the operation's query parameters,
  in Python names (``notify_url``, ``from_``); the mapping's ``positional`` ones come first, the others are
  keyword-only and default to ``None`` (left out of the request);
- a one-or-several value (``DestinationAddresses``, array query parameters) is ``str | Sequence[str]``; an
  array of objects is a ``Sequence`` of the generated model; an object is the generated model; an enum is the
  generated enum type; dates are ``datetime.datetime``;
- the docstring is the operation's summary and description and every argument's description from the spec.

The build fails when an operation of the spec is not mapped, is mapped twice, or the mapping names an
operation, a positional argument or a model that does not exist.
"""

from __future__ import annotations

import keyword
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import spec_tables
import yaml
from openapi_python_client.strings import PythonIdentifier, fix_reserved_words

TOOL = "codegen/resources.py 1.0"
CODEGEN = Path(__file__).resolve().parent
MAPPING = CODEGEN / "resources.yaml"
TEMPLATE = "resources.py.jinja"
WIDTH = 100

Json = Any


class MappingError(SystemExit):
    def __init__(self, message: str) -> None:
        super().__init__(f"codegen: {MAPPING.name}: {message}")


@dataclass
class Argument:
    name: str  # Python name
    wire: str  # the name in the spec
    annotation: str  # what the method accepts
    value: str  # the expression that turns the argument into what the generated code takes
    required: bool
    positional: bool
    description: str


@dataclass
class Method:
    resource: str
    name: str
    operation_id: str
    module: str  # the generated operation's module, imported as `alias`
    alias: str
    summary: str
    description: str
    response: str  # generated model class
    body: str | None  # generated request model class, or None for query operations
    arguments: list[Argument] = field(default_factory=list)


@dataclass
class Resource:
    attribute: str
    class_name: str
    methods: list[Method]


def _is_snake_case(name: str) -> bool:
    return name.isidentifier() and name == name.lower() and not keyword.iskeyword(name)


def python_name(name: str) -> str:
    """openapi-python-client's own rule: snake_case, a trailing ``_`` on keywords and builtins (``from_``)."""
    return fix_reserved_words(str(PythonIdentifier(name, prefix="field_")))


class _Types:
    """Python annotations for spec schemas, with the generated model names they need."""

    def __init__(self, spec: dict[str, Json], class_names: dict[str, str]) -> None:
        self.schemas: dict[str, Json] = spec["components"]["schemas"]
        self.parameters: dict[str, Json] = spec["components"].get("parameters", {})
        self.class_names = class_names
        self.models: set[str] = set()

    def model(self, schema_name: str) -> str:
        name = self.class_names.get(schema_name, schema_name)
        self.models.add(name)
        return name

    def annotation(self, schema_name: str) -> str:
        # Through the (lazy) models package, not a name imported for type checkers only, so that
        # typing.get_type_hints can evaluate a method's annotations at run time.
        return f"models.{self.model(schema_name)}"

    def resolve(self, node: Json) -> tuple[str | None, Json]:
        name = None
        while "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[-1]
            node = self.schemas[name]
        return name, node

    def describe(self, node: Json) -> str:
        text = node.get("description")
        if text:
            return str(text)
        _, target = self.resolve(node)
        if target.get("description"):
            return str(target["description"])
        for option in target.get("oneOf", ()):
            if option.get("type") == "array" and option.get("description"):
                return str(option["description"])
        return ""

    def argument(self, node: Json, where: str) -> tuple[str, str]:
        """(annotation, conversion with ``{}`` for the argument) for a schema node."""
        ref, target = self.resolve(node)
        if "oneOf" in target:
            # In either order: the spec lists the canonical (wrapped array) form first for generators.
            kinds = sorted(
                (self.resolve(option)[1] for option in target["oneOf"]), key=lambda k: str(k.get("type"))
            )
            if (
                len(kinds) == 2
                and kinds[0].get("type") == "array"
                and kinds[1].get("type") == "string"
                and self.resolve(kinds[0]["items"])[1].get("type") == "string"
            ):
                return "str | Sequence[str]", "_one_or_many({})"
            raise SystemExit(f"codegen: {TOOL}: {where}: a oneOf other than string-or-array of strings")
        kind = target.get("type")
        if "enum" in target:
            if ref is None:
                raise SystemExit(f"codegen: {TOOL}: {where}: an inline enum has no generated type")
            return self.annotation(ref), "{}"
        if kind == "object":
            if ref is None:
                raise SystemExit(f"codegen: {TOOL}: {where}: an inline object has no generated model")
            return self.annotation(ref), "{}"
        if kind == "array":
            _, item = self.resolve(target["items"])
            if item.get("type") == "string" and "enum" not in item:
                return "str | Sequence[str]", "_many({})"
            annotation, _ = self.argument(target["items"], f"{where}[]")
            return f"Sequence[{annotation}]", "list({})"
        if kind == "string":
            return ("datetime.datetime", "{}") if target.get("format") == "date-time" else ("str", "{}")
        scalar = {"integer": "int", "number": "float", "boolean": "bool"}.get(str(kind))
        if scalar is None:
            raise SystemExit(f"codegen: {TOOL}: {where}: no Python type for {target!r}")
        return scalar, "{}"


def _operations(spec: dict[str, Json]) -> dict[str, tuple[str, Json]]:
    found: dict[str, tuple[str, Json]] = {}
    for item in spec["paths"].values():
        for method, op in item.items():
            if method in spec_tables.HTTP_METHODS:
                found[op["operationId"]] = (method, op)
    return found


def _success_schema(op: Json, types: _Types, op_id: str) -> str:
    for status in ("200", "201"):
        response = op.get("responses", {}).get(status)
        if response:
            media = response.get("content", {}).get("application/json")
            ref, _ = types.resolve(media["schema"]) if media else (None, None)
            if ref:
                return types.annotation(ref)
    raise SystemExit(f"codegen: {TOOL}: {op_id}: no JSON success response with a schema")


def build_methods(
    spec: dict[str, Json], mapping: dict[str, Json], class_names: dict[str, str]
) -> tuple[list[Resource], set[str]]:
    """The resources to render and the generated model names they use; fails on an incomplete mapping."""
    types = _Types(spec, class_names)
    operations = _operations(spec)
    mapped: dict[str, str] = {}
    resources: list[Resource] = []
    for attribute, methods in mapping.items():
        if not _is_snake_case(attribute):
            raise MappingError(f"resource {attribute!r} is not a snake_case Python name")
        built: list[Method] = []
        for name, entry in methods.items():
            where = f"{attribute}.{name}"
            if not _is_snake_case(name):
                raise MappingError(f"method {where!r} is not a snake_case Python name")
            op_id = entry.get("operation")
            if op_id not in operations:
                raise MappingError(f"{where} maps {op_id!r}, which is no operation of the spec")
            if op_id in mapped:
                raise MappingError(f"{op_id} is mapped twice ({mapped[op_id]} and {where})")
            mapped[op_id] = where
            _, op = operations[op_id]
            built.append(_method(attribute, name, op_id, op, entry.get("positional") or [], types, where))
        resources.append(Resource(attribute, _class_name(attribute), built))
    missing = sorted(set(operations) - set(mapped))
    if missing:
        raise MappingError(f"operations of the spec with no resource method: {', '.join(missing)}")
    return resources, types.models


def _class_name(attribute: str) -> str:
    return "".join(part.capitalize() for part in attribute.split("_")) + "Resource"


def _method(
    resource: str, name: str, op_id: str, op: Json, positional: list[str], types: _Types, where: str
) -> Method:
    module = spec_tables.client_module(op["tags"][0], op_id)
    body_node = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
    method = Method(
        resource=resource,
        name=name,
        operation_id=op_id,
        module=module.rsplit(".", 1)[0],
        alias=module.rsplit(".", 1)[1],
        summary=str(op.get("summary", "")).strip(),
        description=str(op.get("description", "")).strip(),
        response=_success_schema(op, types, op_id),
        body=None,
    )
    if body_node is not None:
        body_ref, body = types.resolve(body_node)
        if body_ref is None or body.get("type") != "object":
            raise SystemExit(f"codegen: {TOOL}: {op_id}: the request body is not a named object schema")
        method.body = types.model(body_ref)
        required = set(body.get("required", ()))
        fields = [(wire, node, wire in required) for wire, node in body.get("properties", {}).items()]
    else:
        fields = []
        for parameter in op.get("parameters", ()):
            if "$ref" in parameter:
                parameter = types.parameters[parameter["$ref"].rsplit("/", 1)[-1]]
            if parameter.get("in") != "query":
                raise SystemExit(f"codegen: {TOOL}: {op_id}: only query parameters are supported")
            node = dict(parameter["schema"])
            if parameter.get("description"):
                node["description"] = parameter["description"]
            fields.append((parameter["name"], node, bool(parameter.get("required"))))
    by_name = {python_name(wire): (wire, node, req) for wire, node, req in fields}
    unknown = [p for p in positional if p not in by_name]
    if unknown:
        raise MappingError(f"{where}: positional {unknown} are not arguments of {op_id} ({sorted(by_name)})")
    order = [*positional, *(n for n in by_name if n not in positional)]
    for py in order:
        wire, node, req = by_name[py]
        annotation, value = types.argument(node, f"{op_id}.{wire}")
        is_positional = py in positional
        if req and not is_positional:
            raise MappingError(f"{where}: required {py!r} must be listed in positional")
        method.arguments.append(
            Argument(
                name=py,
                wire=wire,
                annotation=annotation,
                value=value.format(py),
                required=req or is_positional,
                positional=is_positional,
                description=types.describe(node),
            )
        )
    return method


def _docstring(method: Method, indent: str) -> str:
    """The method's docstring body: summary, description, Args, Returns, Raises; wrapped and indented."""

    def wrap(text: str, prefix: str) -> list[str]:
        lines: list[str] = []
        for paragraph in text.strip().split("\n\n"):
            joined = " ".join(paragraph.split())
            lines.extend(textwrap.wrap(joined, WIDTH - len(prefix), break_on_hyphens=False) or [""])
            lines.append("")
        return [f"{prefix}{line}" if line else "" for line in lines[:-1]]

    out = [method.summary.rstrip(".") + "."]
    if method.description:
        out += ["", *wrap(method.description, "")]
    if method.arguments:
        out += ["", "Args:"]
        for argument in method.arguments:
            text = f"{argument.name} (``{argument.wire}``): {argument.description or 'see the spec.'}"
            wrapped = wrap(text, "        ")
            out.append("    " + wrapped[0].lstrip())
            out += [line for line in wrapped[1:] if line]
    out += [
        "",
        "Returns:",
        f"    {method.response}",
        "",
        "Raises:",
        "    sms_api.ApiStatusError: a non-success status (a subclass per status: BadRequestError, ...).",
        "    sms_api.ApiConnectionError: the request failed on the network (ApiTimeoutError: a timeout).",
        "    sms_api.ResponseDecodeError: a 200 whose body is not this operation's answer.",
        "",
        f"Operation ``{method.operation_id}``.",
    ]
    return (
        "\n".join(f"{indent}{line}" if line else "" for line in out)
        .replace('"""', r"\"\"\"")
        .replace("\\`", "`")
    )


def render(spec: dict[str, Json], class_names: dict[str, str], header: str) -> tuple[str, int]:
    """The text of sms_api_resources/__init__.py and the number of methods."""
    mapping = yaml.safe_load(MAPPING.read_text(encoding="utf-8"))
    resources, _ = build_methods(spec, mapping, class_names)
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(CODEGEN / "templates"),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
    )
    environment.filters["docstring"] = _docstring
    text = environment.get_template(TEMPLATE).render(
        header=header,
        resources=resources,
        uses_datetime=any(
            a.annotation == "datetime.datetime" for r in resources for m in r.methods for a in m.arguments
        ),
    )
    return text, sum(len(r.methods) for r in resources)


def write_package(
    spec: dict[str, Json],
    class_names: dict[str, str],
    exported_models: set[str],
    out: Path,
    header: str,
    narrate: Callable[[str], None],
) -> None:
    text, n_methods = render(spec, class_names, header)
    _, used = build_methods(spec, yaml.safe_load(MAPPING.read_text(encoding="utf-8")), class_names)
    absent = sorted(used - exported_models)
    if absent:
        raise SystemExit(f"codegen: {TOOL}: sms_api_client.models exports no {', '.join(absent)}")
    out.mkdir(parents=True)
    (out / "__init__.py").write_text(text, encoding="utf-8")
    narrate(f"{n_methods} methods on {len(yaml.safe_load(MAPPING.read_text(encoding='utf-8')))} resources")
