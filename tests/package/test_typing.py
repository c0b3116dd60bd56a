"""User code type-checks against the installed wheel: mypy --strict and pyright (strict), as users run them.

The checked files are examples/*.py and every ```python block of README.md and overlays/README.md, each
block on its own (as a user pastes it). They are copied into a temporary folder with no configuration,
so nothing of the repository (its pyproject's mypy_path, its source folders) is on the checkers' path:
only the venv of `make wheel-venvs` with the wheel, its [sandbox] extra and mypy. Pyright is the npm
package pinned in package-lock.json, run on the lock's Node.js against that venv's interpreter.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from .conftest import REPO, manifest, node, python_blocks, run_clean

EXAMPLES = sorted((REPO / "examples").glob("*.py"))
FORBIDDEN = {
    "a `# type: ignore`": re.compile(r"#\s*type:\s*ignore"),
    "a cast": re.compile(r"\bcast\("),
    "Any": re.compile(r"\bAny\b"),
}


@pytest.fixture(scope="module")
def user_code(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("user-code")
    for example in EXAMPLES:
        shutil.copy(example, folder / example.name)
    for label, code in python_blocks():
        document, number = label.split("#")
        stem = re.sub(r"\W", "_", document.removesuffix(".md").lower())
        (folder / f"{stem}_block_{number}.py").write_text(code, encoding="utf-8")
    return folder


def test_there_is_user_code_to_check(user_code: Path) -> None:
    names = sorted(p.name for p in user_code.glob("*.py"))
    assert "quickstart.py" in names
    assert any(name.startswith("readme_block_") for name in names)
    assert any(name.startswith("overlays_readme_block_") for name in names)


@pytest.mark.parametrize("source", [*(p.name for p in EXAMPLES), *(label for label, _ in python_blocks())])
def test_user_code_needs_no_escape_hatch(source: str) -> None:
    blocks = dict(python_blocks())
    code = blocks[source] if source in blocks else (REPO / "examples" / source).read_text(encoding="utf-8")
    used = [what for what, pattern in FORBIDDEN.items() if pattern.search(code)]
    assert used == [], f"{source} uses {', '.join(used)}"


def test_mypy_strict_passes_on_the_installed_wheel(user_code: Path) -> None:
    python = manifest()["typing"]
    result = run_clean(
        [python, "-m", "mypy", "--strict", "--no-incremental", "--hide-error-context", "--no-pretty", "."],
        cwd=user_code,
        timeout=600,
    )
    assert result.returncode == 0, (
        f"mypy --strict against the installed wheel:\n{result.stdout}{result.stderr}"
    )


def test_pyright_strict_passes_on_the_installed_wheel(user_code: Path) -> None:
    config = {"typeCheckingMode": "strict", "pythonVersion": "3.11", "include": ["."]}
    (user_code / "pyrightconfig.json").write_text(json.dumps(config), encoding="utf-8")
    pyright = REPO / "node_modules" / "pyright" / "index.js"
    if not pyright.exists():
        pytest.fail("node_modules/pyright is missing: run `make npm-setup` (`make test` does)")
    result = run_clean(
        [node(), str(pyright), "--pythonpath", manifest()["typing"], "--project", str(user_code)],
        cwd=user_code,
        timeout=600,
    )
    assert result.returncode == 0, (
        f"pyright (strict) against the installed wheel:\n{result.stdout}{result.stderr}"
    )
