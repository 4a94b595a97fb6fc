"""Cheap guards for the project's conventions."""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

BLOCKER = r"""
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('qgis', 'PyQt5', 'PyQt6', 'PySide2', 'PySide6'):
            raise ImportError('blocked: ' + name)
sys.meta_path.insert(0, Block())
import pkgutil, importlib, inference
for m in pkgutil.walk_packages(inference.__path__, 'inference.'):
    if m.name == 'inference.__main__' or m.name.endswith('_torch'):
        continue  # *_torch modules hold torch's modules; only the converter imports them, once torch is there
    importlib.import_module(m.name)
if 'torch' in sys.modules:
    raise SystemExit('importing the engine imported torch')
print('ok')
"""


def test_engine_imports_with_qgis_and_qt_blocked():
    r = subprocess.run([sys.executable, "-c", BLOCKER], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and r.stdout.strip() == "ok", r.stderr


def _py_files(folder):
    for dirpath, _, files in os.walk(os.path.join(ROOT, folder)):
        for f in files:
            if f.endswith(".py"):
                yield os.path.join(dirpath, f)


def test_no_qgis_or_qt_import_in_the_engine():
    pat = re.compile(r"^\s*(from|import)\s+(qgis|PyQt5|PyQt6|PySide\d?)\b", re.M)
    bad = [p for p in _py_files("inference") if pat.search(open(p, encoding="utf-8").read())]
    assert bad == []


def test_qt_only_through_qgis_pyqt():
    pat = re.compile(r"^\s*(from|import)\s+(PyQt5|PyQt6|PySide\d?)\b", re.M)
    files = [p for d in ("ui", "qgis_glue") for p in _py_files(d)] + [os.path.join(ROOT, "flair_plugin.py")]
    bad = [p for p in files if os.path.exists(p) and pat.search(open(p, encoding="utf-8").read())]
    assert bad == []


def test_engine_uses_relative_imports_only():
    pat = re.compile(r"^\s*(from|import)\s+inference\b", re.M)
    bad = [p for p in _py_files("inference") if pat.search(open(p, encoding="utf-8").read())]
    assert bad == []
