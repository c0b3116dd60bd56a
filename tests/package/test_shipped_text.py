"""No docstring, help text or message shipped in the wheel sends users to a file the wheel does not ship."""

from __future__ import annotations

import ast
import re
import subprocess
from pathlib import Path

from .conftest import clean_env, manifest, wheel

#: A file of the repository: a README or other Markdown page, or a path under one of its folders. A URL
#: path such as ``/sandbox/inbound`` is not one (it follows a ``/``).
REPO_FILE = re.compile(
    r"(?<![\w/.-])(?:[\w-]+/)*[\w-]+\.md\b"
    r"|(?<![\w/.-])(?:spec|overlays|sandbox|generated|docs|codegen|tests|examples|benchmarks|toolchain)/[\w./-]+"
)


def shipped_strings() -> list[tuple[str, int, str]]:
    found = []
    with wheel() as archive:
        for name in archive.namelist():
            if not name.endswith(".py"):
                continue
            tree = ast.parse(archive.read(name).decode("utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    found.append((name, node.lineno, node.value))
    return found


def shipped_names() -> set[str]:
    with wheel() as archive:
        return {name.rsplit("/", 1)[-1] for name in archive.namelist()}


def test_no_string_of_the_wheel_names_a_repository_file() -> None:
    strings = shipped_strings()
    assert len(strings) > 1000
    shipped = shipped_names()
    assert "decisions.md" in shipped
    offenders = [
        f"{name}:{line}: {m.group(0)}"
        for name, line, text in strings
        for m in REPO_FILE.finditer(text)
        if "/" in m.group(0) or m.group(0) not in shipped
    ]
    assert offenders == []


def test_the_sandbox_help_names_no_repository_file(tmp_path: Path) -> None:
    script = Path(manifest()["typing"]).with_name("sms-api-sandbox")
    result = subprocess.run(
        [str(script), "--help"], capture_output=True, text=True, cwd=tmp_path, env=clean_env(), check=True
    )
    assert "--accounts FILE" in result.stdout
    assert REPO_FILE.findall(result.stdout) == []


def test_the_pattern_catches_what_it_is_for() -> None:
    assert REPO_FILE.findall("see sandbox/README.md") == ["sandbox/README.md"]
    assert REPO_FILE.findall("(spec/openapi.yaml)") == ["spec/openapi.yaml"]
    assert REPO_FILE.findall("POST /sandbox/inbound, application/json") == []
