"""What import-linter cannot see: no app imports another app's private (underscore) names.

The layers and the engines' independence from Django are import-linter's contracts
(`pyproject.toml`, run by `make lint`); this one is about names inside modules.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
APPS = ("factcheck", "articles", "claims", "cms")


def private_imports(path: Path, app: str) -> list[str]:
    """`from <other app>... import _name` and `<other app>..._module` imports in `path`."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules = [node.module]
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
            names = []
        else:
            continue
        for module in modules:
            parts = module.split(".")
            if parts[0] not in APPS or parts[0] == app:
                continue
            private = [p for p in parts[1:] if p.startswith("_") and not p.startswith("__")]
            private += [n for n in names if n.startswith("_") and not n.startswith("__")]
            found += [f"{path.relative_to(REPO)}:{node.lineno}: {module} {p}" for p in private]
    return found


@pytest.mark.parametrize("app", APPS)
def test_no_app_imports_another_apps_private_names(app):
    sources = [p for p in (REPO / app).rglob("*.py") if "migrations" not in p.parts]
    assert sources
    assert [hit for path in sources for hit in private_imports(path, app)] == []


def test_the_check_sees_a_private_name_and_a_private_module(monkeypatch):
    module = REPO / "articles" / "_probe_for_test.py"
    monkeypatch.setattr(Path, "read_text", lambda self, encoding=None: PROBE)
    hits = private_imports(module, "articles")
    assert [h.split(": ", 1)[1] for h in hits] == [
        "claims.services.extraction _Broker",
        "cms._hidden _hidden",
    ]


PROBE = """
from claims.services.extraction import _Broker, extraction_request
from articles.services import _storable
from cms._hidden import thing
import claims.models
"""
