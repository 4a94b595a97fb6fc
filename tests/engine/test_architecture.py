"""The house rules, checked: imports run one way (ui -> glue -> engine, and inside the engine from
the command line down to core), no import cycle (imports inside functions count too), and no
folder grows past 15 modules."""
from __future__ import annotations

import ast
import os

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOP = ("inference", "qgis_glue", "ui")
# Engine packages, lowest first: a package may import its own modules and those of lower ranks.
ENGINE_RANK = {"core": 0, "labels": 1, "models": 2, "segment": 3, "vector": 3.5, "convert": 4, "qa": 4, "scale": 4, "change": 5, "cli": 6}
FRONT_RANK = {"inference": 0, "qgis_glue": 1, "ui": 2}


def _modules() -> dict[str, str]:
    """dotted module name -> path, for every module of the three top-level packages."""
    out = {}
    for top in TOP:
        for dirpath, _, files in os.walk(os.path.join(ROOT, top)):
            for f in files:
                if f.endswith(".py"):
                    rel = os.path.relpath(os.path.join(dirpath, f), ROOT)[:-3].replace(os.sep, ".")
                    out[rel[: -len(".__init__")] if rel.endswith(".__init__") else rel] = os.path.join(dirpath, f)
    return out


def _imports(name: str, path: str, modules: dict[str, str]) -> set[str]:
    """The project modules ``name`` imports, wherever the import statement stands."""
    is_pkg = path.endswith("__init__.py")
    pkg = name if is_pkg else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(open(path, encoding="utf-8").read())):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = pkg.split(".")
            base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
            target = ".".join(base + ([node.module] if node.module else []))
            if len(base) == 0 and node.module is None:
                continue  # "from .. import resources" at the plugin root
            candidates = [f"{target}.{a.name}" for a in node.names] + [target]
            for c in candidates:
                if c in modules and c != name:
                    found.add(c)
                    if c != target:
                        break
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in TOP:
            found.add(node.module)
    return {m for m in found if m in modules and m != name}


@pytest.fixture(scope="module")
def graph():
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def _package(mod: str) -> str:
    return mod.rpartition(".")[0] if mod.count(".") >= 1 else mod


def test_no_import_cycle(graph):
    # Tarjan's strongly connected components; a component of more than one module is a cycle.
    index, low, stack, on, comps, n = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = n[0]
        n[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            comps.append(comp)

    for v in graph:
        if v not in index:
            visit(v)
    cycles = [sorted(c) for c in comps if len(c) > 1]
    assert cycles == []


def test_imports_run_one_way(graph):
    bad = []
    for mod, deps in graph.items():
        for d in deps:
            a, b = mod.split(".")[0], d.split(".")[0]
            if FRONT_RANK[b] > FRONT_RANK[a]:
                bad.append(f"{mod} -> {d}")
            elif a == b == "inference":
                pa, pb = mod.split(".")[1:2], d.split(".")[1:2]
                if pa and pb and pa != pb and ENGINE_RANK.get(pb[0], 99) >= ENGINE_RANK.get(pa[0], 99):
                    bad.append(f"{mod} -> {d}")
    assert bad == []


def test_no_folder_past_fifteen_modules():
    crowded = {}
    for top in TOP:
        for dirpath, _, files in os.walk(os.path.join(ROOT, top)):
            mods = [f for f in files if f.endswith(".py") and f != "__init__.py"]
            if len(mods) > 15:
                crowded[os.path.relpath(dirpath, ROOT)] = len(mods)
    assert crowded == {}


def test_the_architecture_page_lists_every_module():
    """docs/architecture.md is how a newcomer finds things: each module is named in its table."""
    doc = open(os.path.join(ROOT, "docs", "architecture.md"), encoding="utf-8").read()
    missing = []
    for top in TOP:
        for dirpath, _, files in os.walk(os.path.join(ROOT, top)):
            for f in files:
                if f.endswith(".py") and f != "__init__.py" and f"`{f}`" not in doc:
                    missing.append(os.path.relpath(os.path.join(dirpath, f), ROOT))
    assert missing == []
