"""The pure core imports no I/O, no database and no Telegram (docs/contracts.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.helpers.paths import ROOT as ROOT_DIR

ROOT = ROOT_DIR
FORBIDDEN = {"httpx", "telegram", "sqlmodel", "sqlalchemy", "storage", "bot", "feeds.pipeline.run"}
PURE = [
    *sorted((ROOT / "feeds" / "analysis").glob("*.py")),
    ROOT / "feeds" / "parse.py",
    ROOT / "feeds" / "model.py",
    ROOT / "feeds" / "outcome.py",
    ROOT / "feeds" / "planning.py",
    *sorted((ROOT / "bot").glob("render*.py")),
]
# Pure modules may import each other: a pure sibling of the renderer is allowed.
PURE_MODULES = {
    ".".join(p.relative_to(ROOT).with_suffix("").parts) for p in PURE if p.name != "__init__.py"
}


def imported_modules(path: Path) -> set[str]:
    """Absolute names of the modules a file imports; relative imports are resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = path.relative_to(ROOT).parent.parts if path.is_relative_to(ROOT) else ()
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - (node.level - 1)]
            names.add(".".join([*base, node.module] if node.module else base))
    return names


@pytest.mark.parametrize("path", [p for p in PURE if p.exists()], ids=lambda p: p.name)
def test_pure_module_imports_no_io(path: Path) -> None:
    bad = {
        name
        for name in imported_modules(path)
        if any(name == f or name.startswith(f + ".") for f in FORBIDDEN)
        and name not in PURE_MODULES
    }
    assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"


def test_forbidden_import_is_detected(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("import httpx\nfrom storage.models import FeedRow\n", encoding="utf-8")
    assert imported_modules(sample) >= {"httpx", "storage.models"}


def test_relative_imports_are_resolved() -> None:
    """A pure module's relative import of an impure sibling would be caught, too."""
    assert "bot.render.html" in imported_modules(ROOT / "bot" / "render.py")
