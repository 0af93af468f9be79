"""The layers: ``feeds.model ← feeds.analysis / feeds.ingest ← storage ← feeds.pipeline ← bot``.

Read as: a module may import its own layer and the layers to its left, never one to its right.
On top of the order, a few walls (docs/architecture.md):

* storage takes only the vocabulary from ``feeds`` (``feeds.model``, ``feeds.clock``): it stores
  what the analysis decided and never runs the analysis itself;
* the analysis and the ingest edge do not import each other;
* the pure parts (the vocabulary, the analysis, the plan, the renderer) import no I/O library;
* ``tools`` (evaluation, developer tooling) is imported by nothing that ships;
* no import cycle between modules (imports under ``TYPE_CHECKING`` do not count: they never run).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.helpers.paths import ROOT

PACKAGES = ("bot", "feeds", "storage", "tools")
IO_LIBRARIES = {"httpx", "telegram", "sqlmodel", "sqlalchemy", "alembic", "psycopg", "apscheduler"}

# (layer rank, module prefix); the longest matching prefix gives a module its layer.
LAYERS: tuple[tuple[int, str], ...] = (
    (0, "feeds.model"),
    (0, "feeds.clock"),
    (0, "seeds"),
    (1, "feeds.analysis"),
    (1, "feeds.ingest"),
    (2, "storage"),
    (3, "feeds.pipeline"),
    (4, "bot"),
    (5, "tools"),
)
PURE_PREFIXES = ("feeds.model", "feeds.analysis", "feeds.pipeline.planning", "bot.render")
# Walls inside or across layers: (importer prefix, imported prefix) pairs that are refused.
WALLS = (
    ("feeds.analysis", "feeds.ingest"),
    ("feeds.ingest", "feeds.analysis"),
    ("storage", "feeds.analysis"),
    ("storage", "feeds.ingest"),
    ("bot.render", "bot.telegram"),
    ("bot.render", "bot.delivery"),
    ("bot.render", "bot.cli"),
)


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def source_files() -> list[Path]:
    return sorted(
        path
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts
    )


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imported_modules(path: Path, *, runtime_only: bool = False) -> set[str]:
    """Absolute names a file imports (relative imports resolved; ``from a import b`` counts as
    both ``a`` and ``a.b``, since ``b`` may be a module). ``runtime_only`` skips TYPE_CHECKING."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = path.relative_to(ROOT).parent.parts if path.is_relative_to(ROOT) else ()
    skipped: set[int] = set()
    if runtime_only:
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and _is_type_checking(node):
                skipped.update(id(child) for child in ast.walk(node))
    names: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                base = node.module or ""
            else:
                parent = package[: len(package) - (node.level - 1)]
                base = ".".join([*parent, node.module] if node.module else parent)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def layer_of(module: str) -> int | None:
    best: tuple[int, int] | None = None
    for rank, prefix in LAYERS:
        if within(module, prefix) and (best is None or len(prefix) > best[1]):
            best = (rank, len(prefix))
    return best[0] if best else None


def within(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def internal_modules() -> dict[str, Path]:
    return {module_name(path): path for path in source_files()}


def layering_violations(importer: str, imported: set[str]) -> list[str]:
    rank = layer_of(importer)
    bad = []
    for name in sorted(imported):
        target = layer_of(name)
        if rank is None or target is None:
            continue
        if target > rank:
            bad.append(f"{importer} (layer {rank}) imports {name} (layer {target})")
        for source, wall in WALLS:
            if within(importer, source) and within(name, wall):
                bad.append(f"{importer} imports {name} across the {source} / {wall} wall")
        vocabulary = within(name, "feeds.model") or within(name, "feeds.clock") or name == "feeds"
        if within(importer, "storage") and within(name, "feeds") and not vocabulary:
            bad.append(f"{importer} imports {name}: storage takes only feeds.model")
    return bad


@pytest.mark.parametrize("path", source_files(), ids=lambda p: module_name(p))
def test_module_respects_the_layers(path: Path) -> None:
    assert layering_violations(module_name(path), imported_modules(path)) == []


@pytest.mark.parametrize(
    "path",
    [p for p in source_files() if any(within(module_name(p), x) for x in PURE_PREFIXES)],
    ids=lambda p: module_name(p),
)
def test_pure_module_imports_no_io(path: Path) -> None:
    bad = {
        name
        for name in imported_modules(path)
        if name.split(".")[0] in IO_LIBRARIES
        or (name.split(".")[0] == "storage")
        or within(name, "bot.telegram")
    }
    assert not bad, f"{module_name(path)} imports {sorted(bad)}"


def import_graph() -> dict[str, set[str]]:
    modules = internal_modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        graph[name] = {
            target
            for target in imported_modules(path, runtime_only=True)
            if target in modules and target != name and not name.startswith(target + ".")
        }
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of the graph, as a path that ends where it starts, or None."""
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_no_import_cycle_between_modules() -> None:
    assert find_cycle(import_graph()) is None


# ── the checker itself can fail ─────────────────────────────────────────────────────────────


def test_an_upward_import_is_detected() -> None:
    assert layering_violations("storage.queries.views", {"feeds.pipeline.run"})
    assert layering_violations("feeds.analysis.text", {"storage.models"})
    assert layering_violations("storage.queries.views", {"feeds.analysis.contradictions"})
    assert layering_violations("feeds.ingest.parse", {"feeds.analysis.text"})
    assert not layering_violations("feeds.pipeline.run", {"storage.db", "feeds.analysis.story"})
    assert not layering_violations("storage.queries.views", {"feeds.model.outcome"})


def test_a_cycle_is_detected() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_relative_and_type_checking_imports(tmp_path: Path) -> None:
    sample = ROOT / "bot" / "render" / "_layering_probe.py"
    sample.write_text(
        "from typing import TYPE_CHECKING\nfrom .html import esc\n"
        "if TYPE_CHECKING:\n    from storage.models import FeedRow\n",
        encoding="utf-8",
    )
    try:
        assert "bot.render.html" in imported_modules(sample)
        assert "storage.models" in imported_modules(sample)
        assert "storage.models" not in imported_modules(sample, runtime_only=True)
    finally:
        sample.unlink()
