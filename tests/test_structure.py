"""The code's shape: imports run one way (pipelines -> warehouse -> sources), no module imports
itself back through others (no cycle), every family lives in its own folder and is listed once,
and every view file belongs to a family."""

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

from sources.registry import FAMILIES, SOURCES
from sources.shipped import package_dir
from warehouse.sqlfiles import names

PACKAGES = ("sources", "warehouse", "pipelines")
LAYER = {"sources": 0, "warehouse": 1, "pipelines": 2}


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        root = package_dir(package)
        for path in root.rglob("*.py"):
            parts = path.relative_to(root.parent).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """Modules of ours that a file imports, at the top or inside functions."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        found |= {n for n in names if n in modules}
    return found


def test_imports_run_one_way_and_have_no_cycle():
    modules = _modules()
    graph = {m: _imports(p, modules) - {m} for m, p in modules.items()}
    upward = sorted(f"{m} imports {d}" for m, deps in graph.items() for d in deps
                    if LAYER[d.split(".")[0]] > LAYER[m.split(".")[0]])
    assert upward == []
    # a package's __init__ importing its own submodules is not a cycle of behaviour
    edges = {m: {d for d in deps if not (m.startswith(d + ".") or d.startswith(m + "."))} for m, deps in graph.items()}
    try:
        list(TopologicalSorter(edges).static_order())
    except CycleError as exc:
        pytest.fail(f"import cycle: {' -> '.join(exc.args[1])}")


def test_each_family_is_one_folder_and_names_its_sources():
    for name, family in FAMILIES.items():
        module = type(family).__module__
        assert module.startswith("sources.") and module.endswith(".family"), (name, module)
        sources = family.sources()
        assert sources and {s.family for s in sources} == {name}
    assert len(SOURCES) == sum(len(f.sources()) for f in FAMILIES.values())  # ids unique across families


def test_every_view_file_belongs_to_a_family():
    claimed = {v.template.removeprefix("views/") for f in FAMILIES.values() for v in f.views()}
    assert set(names("views")) <= claimed
