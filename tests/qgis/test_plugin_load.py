"""The plugin loads as QGIS loads it, registers its action and Processing provider, unloads
cleanly, still loads without onnxruntime, and keeps the conventions plugins.qgis.org and Qt6 need."""
from __future__ import annotations

import ast
import configparser
import os
import re
from pathlib import Path

import pytest
from qgis_helpers import ROOT

PLUGIN_CODE = ["flair_plugin.py", "ui", "qgis_glue"]


def _py_files():
    for entry in PLUGIN_CODE:
        path = os.path.join(ROOT, entry)
        if os.path.isfile(path):
            yield path
            continue
        for dirpath, _, names in sorted(os.walk(path)):
            for name in sorted(names):
                if name.endswith(".py"):
                    yield os.path.join(dirpath, name)


def test_the_convention_tests_see_every_module_of_the_glue_and_ui():
    files = {os.path.relpath(p, ROOT) for p in _py_files()}
    assert {"qgis_glue/run/task.py", "qgis_glue/processing/segment.py", "ui/dock.py"} <= files


def test_metadata_is_complete_for_plugins_qgis_org():
    cp = configparser.ConfigParser()
    cp.read(os.path.join(ROOT, "metadata.txt"), encoding="utf-8")
    g = cp["general"]
    for key in ("name", "qgisMinimumVersion", "description", "about", "version", "author", "email",
                "tracker", "repository", "homepage", "icon", "license"):
        assert g.get(key, "").strip(), key
    assert g["name"] == "FLAIR land cover"
    assert g["qgisMinimumVersion"] == "3.22"
    assert g["hasProcessingProvider"] == "yes"
    assert g["license"] == "GPL-2.0-or-later"
    assert re.fullmatch(r"\d+\.\d+\.\d+", g["version"])
    for key in ("tracker", "repository", "homepage"):
        assert re.fullmatch(r"https://\S+", g[key]), key
    assert os.path.isfile(os.path.join(ROOT, g["icon"]))


def test_root_init_holds_only_a_lazy_class_factory():
    tree = ast.parse(Path(ROOT, "__init__.py").read_text(encoding="utf-8"))
    body = [n for n in tree.body if not (isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant))]
    assert [type(n) for n in body] == [ast.FunctionDef] and body[0].name == "classFactory"
    assert any(isinstance(n, ast.ImportFrom) and n.module == "flair_plugin" for n in ast.walk(body[0]))


def _qt_attr(cls_name: str, attr: str):
    import importlib

    for module in ("QtCore", "QtGui", "QtWidgets", "QtNetwork"):
        mod = importlib.import_module(f"qgis.PyQt.{module}")
        if hasattr(mod, cls_name):
            return getattr(getattr(mod, cls_name), attr, None)
    return None


def test_qt_only_through_qgis_pyqt_with_scoped_enums(qgis_app):
    """No PyQt5/PyQt6 imports, and Qt enum values spelt Class.Enum.Value (Qt6 has no other way)."""
    access = re.compile(r"\b(Qt|Q(?!gs)[A-Z]\w*)\.([A-Z]\w*)\b(?![\w.(])")
    for path in _py_files():
        text = Path(path).read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import)\s+(PyQt5|PyQt6|PySide\d?|sip)\b", text, re.M), path
        for n, line in enumerate(text.splitlines(), 1):
            for m in access.finditer(line.split("#")[0]):
                value = _qt_attr(*m.groups())
                # an enum *type* (QNetworkRequest.Attribute) is fine; an enum *value* reached without it is not
                assert value is None or isinstance(value, type), f"{path}:{n}: unscoped Qt enum {m.group(0)}"


def _qgis_attr(cls_name: str, attr: str):
    import qgis.core
    import qgis.gui

    for mod in (qgis.core, qgis.gui):
        if hasattr(mod, cls_name):
            return getattr(getattr(mod, cls_name), attr, None)
    return None


QGIS_ACCESS = re.compile(r"\b(Qgis|Qgs\w+)\.([A-Z]\w*)\b(?![\w(])")


def _unscoped_qgis_enums(text: str) -> list[str]:
    """``Qgis.Warning``, ``QgsTask.CanCancel``: an enum value reached without its enum (gone in
    QGIS 4 / PyQt6); ``Qgis.MessageLevel.Warning`` and ``QgsTask.Flag.CanCancel`` are fine."""
    bad = []
    for n, line in enumerate(text.splitlines(), 1):
        code = line.split("#")[0]
        for m in QGIS_ACCESS.finditer(code):
            if code[m.end():m.end() + 1] == ".":
                continue  # Class.Enum.Value: the scoped spelling
            value = _qgis_attr(*m.groups())
            if isinstance(value, int) and not isinstance(value, type):
                bad.append(f"{n}: {m.group(0)}")
    return bad


def test_the_qgis_enum_check_catches_unscoped_values(qgis_app):
    assert _unscoped_qgis_enums("bar.pushMessage('t', 'x', Qgis.Warning, 5)") == ["1: Qgis.Warning"]
    assert _unscoped_qgis_enums("QgsTask('d', QgsTask.CanCancel)") == ["1: QgsTask.CanCancel"]
    assert _unscoped_qgis_enums("f(Qgis.MessageLevel.Warning, QgsTask.Flag.CanCancel, Qgis.DataType.Byte)") == []
    assert _unscoped_qgis_enums("QgsProcessing.TEMPORARY_OUTPUT; QgsApplication.taskManager()") == []


def test_qgis_enums_scoped_and_flags_without_int(qgis_app):
    """QGIS enum values spelt Class.Enum.Value (Qgis.MessageLevel.Warning, never Qgis.Warning), QGIS
    flags combined and tested as flags, never through int() (QGIS 4's Python enums are not ints)."""
    int_of_flags = re.compile(r"\bint\([^()]*(?:[Ff]lags?\b|Capabilit|[Ff]lag\.)")
    for path in _py_files():
        text = Path(path).read_text(encoding="utf-8")
        assert _unscoped_qgis_enums(text) == [], path
        assert not int_of_flags.search(text), f"{path}: int() of QGIS/Qt flags"


def test_renamed_qgis_apis_only_through_the_compat_module():
    old = re.compile(r"\b(QgsMapLayerType|QgsUnitTypes\.DistanceUnit|QgsWkbTypes\.GeometryType|writeAsVectorFormatV2)\b")
    for path in _py_files():
        if path.endswith(os.path.join("qgis_glue", "compat.py")):
            continue
        text = Path(path).read_text(encoding="utf-8")
        assert not old.search(text), f"{path}: {old.search(text).group(0)}: use qgis_glue.compat"


def test_init_gui_adds_the_action_and_processing_provider(plugin):
    from qgis.core import QgsApplication

    assert plugin.segment_action.text().startswith("Segment with FLAIR")
    assert plugin.bdortho_action.text().startswith("Add BD ORTHO layers")
    registry = QgsApplication.processingRegistry()
    assert registry.providerById("flair") is not None
    assert registry.algorithmById("flair:segment").displayName() == "Segment with FLAIR"
    assert registry.algorithmById("flair:style").displayName() == "Apply FLAIR style"


def test_action_shows_the_dock_and_unload_removes_everything(pkg, qgis_iface, clean_project):
    from qgis.core import QgsApplication

    p = pkg.classFactory(qgis_iface)
    p.initGui()
    p.segment_action.trigger()
    assert p.dock is not None and not p.dock.isHidden()
    assert p.segment_action.isChecked()
    assert p.dock.windowTitle() == "Segment with FLAIR"
    p.unload()
    assert p.dock is None
    assert QgsApplication.processingRegistry().providerById("flair") is None


def test_plugin_loads_without_onnxruntime_and_says_what_to_install(pkg, qgis_iface, clean_project, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # "import onnxruntime" now fails
    p = pkg.classFactory(qgis_iface)
    p.initGui()
    try:
        dock = p.show_dock()
        assert dock.banner is not None and dock.banner.isVisibleTo(dock)
        assert "onnxruntime" in dock.banner.text.text()
        command = dock.banner.command.text()
        assert "-m pip install" in command and "onnxruntime" in command and "onnx " not in command
        assert not dock.run_button.isEnabled()
        dock.banner.copy_button.click()
        from qgis.PyQt.QtWidgets import QApplication

        assert QApplication.clipboard().text() == command
    finally:
        p.unload()


@pytest.mark.parametrize("name", ["flair.svg", "bdortho.svg", "style.svg"])
def test_icons_load(qgis_app, name):
    from qgis.PyQt.QtGui import QIcon

    icon = QIcon(os.path.join(ROOT, "icons", name))
    assert not icon.isNull() and not icon.pixmap(32, 32).isNull()


def test_metadata_readme_and_docs_list_every_processing_algorithm(plugin):
    from qgis.core import QgsApplication

    ids = sorted(a.id() for a in QgsApplication.processingRegistry().providerById("flair").algorithms())
    assert {"flair:evaluate", "flair:hotspots", "flair:segment", "flair:style"} <= set(ids)
    for doc in ("metadata.txt", "README.md", os.path.join("docs", "plugin.md")):
        text = Path(ROOT, doc).read_text(encoding="utf-8")
        missing = [i for i in ids if i not in text]
        assert missing == [], f"{doc} does not list {missing}"
