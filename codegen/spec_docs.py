"""The HTML reference docs of `make spec`: their input, and the page made self-contained.

Redoc shows operations and the schemas they use, but not the code-table schemas (`StatusCode` and the like):
they are on purpose referenced by no response field, and their columns live in `x-code-table`, which no
renderer knows. This script appends one Markdown table per code-table schema (every column, every row) to
the description of the `Code tables` tag, so the page shows them. Only the docs get this copy:
`dist/spec/openapi.{yaml,json}` stay exactly the spec.

The page that `redocly build-docs --inlineBundle` writes carries Redoc's script and styles inline and no font
links, but Redoc's footer still loads its logo from Redocly's CDN. `offline` swaps that image for an inline
one and then refuses a page that would still load a script, style, font or image from the network (the
browser test in tests/publish/ checks the same thing with a real browser).

    python codegen/spec_docs.py input dist/spec/openapi.json build/spec-docs/openapi.json
    python codegen/spec_docs.py offline build/spec-docs/index.html dist/spec/index.html
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

CODE_TABLES_TAG = "Code tables"


def cell(value: Any) -> str:
    """One Markdown table cell: empty for null, `true`/`false` for booleans, `|` escaped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).replace("|", "\\|").replace("\n", " ")


def code_table_markdown(name: str, schema: dict[str, Any]) -> str:
    table = schema["x-code-table"]
    columns: list[str] = table["columns"]
    lines = [
        f"### {schema.get('title', name)}",
        "",
        f"Schema `{name}`. " + schema.get("description", "").strip(),
        "",
        "| " + " | ".join(columns) + " |",
        "|" + "|".join("---" for _ in columns) + "|",
    ]
    lines += ["| " + " | ".join(cell(row.get(col)) for col in columns) + " |" for row in table["rows"]]
    return "\n".join(lines)


def with_code_tables(spec: dict[str, Any]) -> dict[str, Any]:
    """A copy of `spec` whose `Code tables` tag describes every `x-code-table` schema as a Markdown table."""
    schemas = spec.get("components", {}).get("schemas", {})
    tables = [code_table_markdown(n, schema) for n, schema in schemas.items() if "x-code-table" in schema]
    if not tables:
        raise SystemExit("spec_docs: no schema with x-code-table in the spec")
    tags = [dict(tag) for tag in spec.get("tags", [])]
    tag = next((t for t in tags if t["name"] == CODE_TABLES_TAG), None)
    if tag is None:
        tag = {"name": CODE_TABLES_TAG}
        tags.append(tag)
    tag["description"] = "\n\n".join([tag.get("description", "").strip(), *tables]) + "\n"
    return {**spec, "tags": tags}


# Remote images that Redoc's bundle loads unconditionally, and what replaces them: the same words as text.
REMOTE_IMAGES = {
    "https://cdn.redoc.ly/redoc/logo-mini-full.svg": "Redocly",
    "https://cdn.redoc.ly/redoc/logo-mini.svg": "R",
}
# What would make a browser fetch something: external scripts, styles, fonts, imports, CSS urls, CDN hosts.
# (Not cdn.redocly.com: the bundle names icon sets there that it loads only for icons a spec asks for, and
# ours asks for none. The browser test would see such a request.)
REMOTE_LOADS = re.compile(
    r"<script[^>]*\ssrc=|<link[^>]*\shref=[\"']?(?:https?:)?//|@import\s+(?:url\()?[\"']?(?:https?:)?//"
    r"|url\(\s*[\"']?(?:https?:)?//|fonts\.googleapis\.com|fonts\.gstatic\.com|cdn\.redoc\.ly"
    r"|unpkg\.com|cdn\.jsdelivr\.net",
    re.IGNORECASE,
)


def text_svg(text: str) -> str:
    """A data: URL of a small SVG showing `text` (no quotes or backticks: it lands inside JS strings)."""
    svg = (
        "<svg xmlns='http://www.w3.org/2000/svg' width='64' height='16'>"
        f"<text x='0' y='12' font-family='sans-serif' font-size='11' fill='%23555761'>{text}</text></svg>"
    )
    return "data:image/svg+xml," + svg.replace("<", "%3C").replace(">", "%3E").replace(" ", "%20")


def offline(page: str) -> str:
    for url, text in REMOTE_IMAGES.items():
        page = page.replace(url, text_svg(text))
    remote = sorted({match.group(0) for match in REMOTE_LOADS.finditer(page)})
    if remote:
        raise SystemExit(f"spec_docs: the page would still load from the network: {remote}")
    return page


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[0] not in {"input", "offline"}:
        print(__doc__, file=sys.stderr)
        return 2
    mode, source, target = argv[0], Path(argv[1]), Path(argv[2])
    target.parent.mkdir(parents=True, exist_ok=True)
    if mode == "input":
        spec = json.loads(source.read_text(encoding="utf-8"))
        text = json.dumps(with_code_tables(spec), ensure_ascii=False, indent=2) + "\n"
    else:
        text = offline(source.read_text(encoding="utf-8"))
    target.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
