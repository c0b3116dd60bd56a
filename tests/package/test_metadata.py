"""The built wheel and sdist carry what PyPI and users need, and nothing of the build."""

from __future__ import annotations

import email.message
import email.parser
import os
import subprocess
import sys
import tarfile
import tomllib
from pathlib import Path

import pytest

from .conftest import PY_DIST, REPO, wheel

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def wheel_metadata() -> email.message.Message:
    with wheel() as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        return email.parser.Parser().parsestr(archive.read(name).decode("utf-8"))


def test_the_license_is_apache_2_in_the_repository_the_wheel_and_the_sdist() -> None:
    text = (REPO / "LICENSE").read_bytes()
    assert text.lstrip().startswith(b"Apache License\n                           Version 2.0, January 2004")
    assert b"END OF TERMS AND CONDITIONS" in text
    meta = wheel_metadata()
    assert meta["License-Expression"] == "Apache-2.0"
    assert meta.get_all("License-File") == ["LICENSE"]
    with wheel() as archive:
        licenses = [n for n in archive.namelist() if n.endswith(".dist-info/licenses/LICENSE")]
        assert len(licenses) == 1 and archive.read(licenses[0]) == text
    with tarfile.open(sdist()) as archive:
        member = archive.extractfile(f"{sdist_root()}/LICENSE")
        assert member is not None and member.read() == text


def test_the_readme_is_the_markdown_long_description() -> None:
    meta = wheel_metadata()
    assert meta["Description-Content-Type"] == "text/markdown"
    assert meta.get_payload() == (REPO / "README.md").read_text(encoding="utf-8")


def test_classifiers_say_typed_and_only_the_python_versions_the_smoke_test_knows() -> None:
    classifiers = wheel_metadata().get_all("Classifier") or []
    assert "Typing :: Typed" in classifiers
    versions = [
        c.rsplit(" ", 1)[1] for c in classifiers if c.startswith("Programming Language :: Python :: 3.")
    ]
    assert versions == ["3.11", "3.12", "3.13"]
    assert wheel_metadata()["Requires-Python"] == ">=3.11"


def test_the_only_extra_is_sandbox_and_the_dev_tool_chain_is_not_published() -> None:
    meta = wheel_metadata()
    assert meta.get_all("Provides-Extra") == ["sandbox"]
    requires = meta.get_all("Requires-Dist") or []
    names = sorted(r.split(";")[0].split("<")[0].split(">")[0].split("=")[0].strip() for r in requires)
    assert names == ["attrs", "httpx", "pydantic", "starlette", "uvicorn"]
    assert "dev" not in PYPROJECT["project"].get("optional-dependencies", {})
    assert "pytest==9.2.0" in PYPROJECT["dependency-groups"]["dev"]


def test_every_top_level_package_of_the_wheel_ships_py_typed() -> None:
    with wheel() as archive:
        names = archive.namelist()
    packages = sorted({n.split("/")[0] for n in names if "/" in n and ".dist-info" not in n.split("/")[0]})
    declared = PYPROJECT["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"]
    assert packages == sorted(path.rsplit("/", 1)[-1] for path in declared)
    missing = [p for p in packages if f"{p}/py.typed" not in names]
    assert missing == []


def sdist() -> str:
    found = sorted(PY_DIST.glob("*.tar.gz"))
    if len(found) != 1:
        pytest.fail(f"expected one sdist in {PY_DIST}: run `make dist`")
    return str(found[0])


def sdist_root() -> str:
    return sdist().rsplit("/", 1)[1].removesuffix(".tar.gz")


def test_the_sdist_holds_sources_spec_tests_and_docs_and_no_build_output() -> None:
    with tarfile.open(sdist()) as archive:
        names = [name.split("/", 1)[1] for name in archive.getnames() if "/" in name]
    for needed in (
        "spec/openapi.yaml",
        "spec/CHANGELOG.md",
        "docs/ARCHITECTURE.md",
        "tests/package/test_metadata.py",
        "codegen/generate.py",
        "generated/sms_api_client/__init__.py",
        "overlays/sms_api/__init__.py",
        "sandbox/sms_sandbox/__init__.py",
        "examples/quickstart.py",
        "requirements/dev.lock",
        "requirements/runtime.lock",
        "Makefile",
        "LICENSE",
        "README.md",
    ):
        assert needed in names, f"{needed} is not in the sdist"
    build_output = [
        n
        for n in names
        if n.split("/")[0] in {"node_modules", "dist", "build"}
        or n.startswith(".venv")
        or "__pycache__" in n
        or n.endswith(".pyc")
    ]
    assert build_output == []


def test_two_builds_of_the_same_commit_are_byte_identical(tmp_path: Path) -> None:
    """What `make dist` runs, twice: the same bytes (SOURCE_DATE_EPOCH is the last commit's time)."""
    epoch = subprocess.run(
        ["git", "log", "-1", "--format=%ct"], capture_output=True, text=True, cwd=REPO, check=True
    ).stdout.strip()
    for run in ("first", "second"):
        subprocess.run(
            [
                sys.executable,
                "-m",
                "hatchling",
                "build",
                "-t",
                "wheel",
                "-t",
                "sdist",
                "-d",
                str(tmp_path / run),
            ],
            cwd=REPO,
            env={**os.environ, "SOURCE_DATE_EPOCH": epoch},
            capture_output=True,
            check=True,
        )
    first = sorted(p.name for p in (tmp_path / "first").iterdir())
    assert first == sorted(p.name for p in PY_DIST.iterdir()) and len(first) == 2
    for name in first:
        again = (tmp_path / "second" / name).read_bytes()
        assert again == (tmp_path / "first" / name).read_bytes(), f"{name} differs between two builds"
