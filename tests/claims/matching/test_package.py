"""claims.matching as a package: plain Python, and one import path for what other code uses."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import claims.matching

REPO = Path(__file__).resolve().parents[3]


def test_the_engine_imports_no_django():
    probe = "import sys, claims.matching; print(sorted(m for m in sys.modules if 'django' in m))"
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


def _imports_the_module(tree: ast.Module) -> bool:
    return any(
        isinstance(node, ast.ImportFrom)
        and node.module == "claims"
        and any(alias.name == "matching" and alias.asname is None for alias in node.names)
        for node in ast.walk(tree)
    )


def _names_used_from_the_package() -> set[str]:
    """Every `from claims.matching import X` and, after `from claims import matching`, every
    `matching.X` outside the package itself."""
    used: set[str] = set()
    sources = [*REPO.glob("claims/**/*.py"), *REPO.glob("bench/*.py"), *REPO.glob("tests/**/*.py")]
    for path in sources:
        if "claims/matching/" in path.as_posix():
            continue
        tree = ast.parse(path.read_text())
        as_module = _imports_the_module(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "claims.matching":
                used |= {alias.name for alias in node.names}
            elif (
                as_module
                and isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "matching"
            ):
                used.add(node.attr)
    return used


def test_what_other_code_uses_is_importable_from_the_package():
    used = _names_used_from_the_package()
    assert {"figure_keys", "score_pair", "score_features", "in_conflict", "features"} <= used
    assert used <= set(claims.matching.__all__)
    assert all(hasattr(claims.matching, name) for name in used)
