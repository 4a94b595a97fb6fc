"""make qt6-check: would the plugin's Qt code load in QGIS 4 (Qt6 only)?

Run with a Python that has PyQt6 (make qt6-check builds the side venv .qt6venv; QGIS itself is not
needed). Every Qt name the plugin imports through ``qgis.PyQt`` and every attribute chain on such a
name (``QComboBox.SizeAdjustPolicy.AdjustToContents``, ``QtCore.Qt.AlignmentFlag.AlignLeft``) is
resolved against PyQt6, which is what ``qgis.PyQt`` is under QGIS 4; a name Qt6 dropped raises
AttributeError as the dock opens there, so it fails this check instead. A name Qt6 moved is imported the
Qt6 way under ``try:`` with the Qt5 way under ``except ImportError:``, which is not resolved. Also
forbidden, whether or not PyQt6 is at hand: ``exec_`` (gone in PyQt6; ``exec`` works in both), ``QRegExp`` (gone in Qt6;
``QRegularExpression``) and direct PyQt5/PyQt6/PySide imports (only ``qgis.PyQt`` picks the right Qt).

Usage: qt6_check.py [PATH ...]  (default: the files that go into the plugin zip).  Exit 1 on a finding.
"""
from __future__ import annotations

import ast
import importlib
import inspect
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PLUGIN = ("flair_plugin.py", "__init__.py", "resources.py", "ui", "qgis_glue", "inference")

FORBIDDEN_ROOTS = ("PyQt5", "PyQt6", "PySide", "PySide2", "PySide6", "sip")


def python_files(paths):
    for path in paths:
        if os.path.isfile(path):
            yield path
        for folder, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            yield from (os.path.join(folder, f) for f in sorted(files) if f.endswith(".py"))


def _chain(node: ast.Attribute):
    """``a.b.c`` as ["a", "b", "c"]; None when the chain does not start at a plain name."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    return [node.id, *reversed(parts)]


class Uses(ast.NodeVisitor):
    """What one file asks of Qt: imported names (local name -> (module, name or None for a module)),
    attribute chains rooted at them, and the forbidden spellings."""

    def __init__(self):
        self.imports: dict[str, tuple[str, str | None, int]] = {}
        self.chains: list[tuple[list[str], int]] = []
        self.forbidden: list[tuple[int, str]] = []
        self._fallback = 0  # inside `except ImportError:` (the Qt5 spelling of a name Qt6 moved)

    def visit_Try(self, node):  # noqa: N802 (ast's name)
        for part in (node.body, node.orelse, node.finalbody):
            for child in part:
                self.visit(child)
        for handler in node.handlers:
            names = [ast.unparse(handler.type)] if handler.type is not None else []
            fallback = any("ImportError" in n or "ModuleNotFoundError" in n for n in names)
            self._fallback += fallback
            self.generic_visit(handler)
            self._fallback -= fallback

    def visit_Import(self, node):  # noqa: N802 (ast's name)
        for a in node.names:
            if a.name.split(".")[0] in FORBIDDEN_ROOTS:
                self.forbidden.append((node.lineno, f"import {a.name}: import Qt through qgis.PyQt"))
            elif a.name.startswith("qgis.PyQt.") and a.asname:
                self.imports[a.asname] = (a.name.split(".")[2], None, node.lineno)

    def visit_ImportFrom(self, node):  # noqa: N802
        mod = node.module or ""
        if node.level == 0 and mod.split(".")[0] in FORBIDDEN_ROOTS:
            self.forbidden.append((node.lineno, f"from {mod} import ...: import Qt through qgis.PyQt"))
            return
        if node.level or not (mod == "qgis.PyQt" or mod.startswith("qgis.PyQt.")):
            return
        for a in node.names:
            local = a.asname or a.name
            if self._fallback:  # resolved through the `try:` import of the same name
                pass
            elif mod == "qgis.PyQt":  # from qgis.PyQt import QtCore
                self.imports[local] = (a.name, None, node.lineno)
            else:
                self.imports[local] = (mod.split(".")[2], a.name, node.lineno)
            if a.name == "QRegExp":
                self.forbidden.append((node.lineno, "QRegExp is gone in Qt6: use QRegularExpression"))

    def visit_Attribute(self, node):  # noqa: N802
        if node.attr == "exec_":
            self.forbidden.append((node.lineno, "exec_() is gone in PyQt6: call exec()"))
        elif node.attr == "QRegExp":
            self.forbidden.append((node.lineno, "QRegExp is gone in Qt6: use QRegularExpression"))
        chain = _chain(node)
        if chain is not None:
            self.chains.append((chain, node.lineno))
            return  # the inner Attribute nodes are prefixes of this chain
        self.generic_visit(node)

    def visit_Name(self, node):  # noqa: N802
        if node.id == "QRegExp":
            self.forbidden.append((node.lineno, "QRegExp is gone in Qt6: use QRegularExpression"))


def _module(name: str):
    try:
        return importlib.import_module(f"PyQt6.{name}")
    except ImportError:
        return None


def resolve_import(module: str, name: str | None):
    """The PyQt6 object ``from qgis.PyQt.<module> import <name>`` gives under QGIS 4, or None."""
    mod = _module(module)
    if mod is None or name is None:
        return mod
    return getattr(mod, name, None)


def resolve_chain(obj, attrs: list[str]):
    """Walk ``attrs`` from ``obj`` while it is a module or a class (an enum, a nested class); the
    first missing name, or None when everything that can be checked statically resolves."""
    for attr in attrs:
        if not (inspect.ismodule(obj) or inspect.isclass(obj)):
            return None  # a method, a signal, an enum value: what follows is not a Qt name
        if not hasattr(obj, attr):
            return attr
        obj = getattr(obj, attr)
    return None


def check_file(path: str, resolve: bool) -> tuple[list[str], int]:
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read(), path)
    uses = Uses()
    uses.visit(tree)
    rel = os.path.relpath(path, ROOT)
    problems = [f"{rel}:{line}: {msg}" for line, msg in uses.forbidden]
    if not resolve:
        return problems, 0
    resolved = {}
    for local, (module, name, line) in uses.imports.items():
        obj = resolve_import(module, name)
        if obj is None:
            what = f"qgis.PyQt.{module}" + (f".{name}" if name else "")
            problems.append(f"{rel}:{line}: {what} does not exist in PyQt6 (QGIS 4)")
        else:
            resolved[local] = obj
    checked = 0
    for chain, line in uses.chains:
        if chain[0] not in resolved:
            continue
        checked += 1
        missing = resolve_chain(resolved[chain[0]], chain[1:])
        if missing is not None:
            problems.append(f"{rel}:{line}: {'.'.join(chain)}: no {missing!r} in PyQt6 (QGIS 4)")
    return problems, len(resolved) + checked


def main(argv: list[str]) -> int:
    paths = argv or [os.path.join(ROOT, p) for p in PLUGIN if os.path.exists(os.path.join(ROOT, p))]
    qt = _module("QtCore")
    if qt is None:
        print("qt6_check: PyQt6 is not installed in this Python; `make qt6-check` builds .qt6venv with it",
              file=sys.stderr)
        return 2
    problems, names = [], 0
    for path in python_files(paths):
        found, n = check_file(path, resolve=True)
        problems += found
        names += n
    for p in problems:
        print(p)
    verdict = f"{len(problems)} problem(s)" if problems else "all resolve"
    print(f"qt6_check: {names} Qt names and attribute uses checked against PyQt6 {qt.PYQT_VERSION_STR}: {verdict}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
