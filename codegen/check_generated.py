"""Fail when generated/ is not exactly what the spec produces (`make check-generated`, part of `make test`).

Regenerates everything into a temporary folder with the same pipeline as `make generate` and compares it with
generated/ file by file, naming every differing, missing and extra file. Caches (__pycache__,
.mypy_cache, ...) are ignored. Exit status 1 on any difference, 0 when identical.
"""

from __future__ import annotations

import argparse
import difflib
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate

MAX_DIFF_LINES = 20  # per differing file, so that the failure says what changed without drowning it


def compare(expected_root: Path, actual_root: Path) -> tuple[list[Path], list[Path], list[Path]]:
    """(differing, missing from actual, extra in actual), each sorted, relative paths."""
    expected = set(generate.files_under(expected_root))
    actual = set(generate.files_under(actual_root)) if actual_root.is_dir() else set()
    differing = sorted(
        rel
        for rel in expected & actual
        if (expected_root / rel).read_bytes() != (actual_root / rel).read_bytes()
    )
    return differing, sorted(expected - actual), sorted(actual - expected)


def short_diff(expected: Path, actual: Path, name: str) -> list[str]:
    try:
        a = actual.read_text(encoding="utf-8").splitlines()
        b = expected.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        return ["    (binary files differ)"]
    lines = list(difflib.unified_diff(a, b, f"committed/{name}", f"from-spec/{name}", n=1, lineterm=""))
    shown = [f"    {line}" for line in lines[:MAX_DIFF_LINES]]
    if len(lines) > MAX_DIFF_LINES:
        shown.append(f"    ... {len(lines) - MAX_DIFF_LINES} more diff lines")
    return shown


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--root", type=Path, default=generate.CODEGEN.parent, help="repository root")
    args = parser.parse_args(argv)
    root: Path = args.root.resolve()
    committed = root / "generated"
    with tempfile.TemporaryDirectory(prefix="sms-api-check-generated-") as tmp:
        fresh = Path(tmp)
        generate.build(root, fresh)
        differing, missing, extra = compare(fresh, committed)
        if not (differing or missing or extra):
            generate.narrate("generated/ is exactly what spec/openapi.yaml produces")
            return 0
        out = sys.stderr
        print(
            "check-generated: generated/ differs from what spec/openapi.yaml and codegen/ produce:", file=out
        )
        for rel in differing:
            print(f"  differs: generated/{rel.as_posix()}", file=out)
            print("\n".join(short_diff(fresh / rel, committed / rel, rel.as_posix())), file=out)
        for rel in missing:
            print(f"  missing: generated/{rel.as_posix()}", file=out)
        for rel in extra:
            print(f"  extra:   generated/{rel.as_posix()}", file=out)
        print(
            f"check-generated: {len(differing)} differing, {len(missing)} missing, {len(extra)} extra. "
            "Nobody edits generated/: change spec/openapi.yaml or codegen/, run `make generate`, "
            "commit the result.",
            file=out,
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
