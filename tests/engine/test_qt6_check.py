"""make qt6-check (scripts/qt6_check.py) finds what would break the dock in QGIS 4 (Qt6 only)."""
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
QT6_PYTHON = os.path.join(ROOT, ".qt6venv", "bin", "python")
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import qt6_check  # noqa: E402

PLANTED = """\
from PyQt5.QtCore import QVariant
from qgis.PyQt.QtCore import QRegExp, Qt
from qgis.PyQt.QtWidgets import QComboBox, QDialog, QDoesNotExist

def build(combo, dialog):
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLength)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    label_alignment = Qt.AlignLeft
    return dialog.exec_() == QDialog.DialogCode.Accepted
"""


def test_forbidden_spellings_are_found_without_pyqt6(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text(PLANTED)
    problems, _ = qt6_check.check_file(str(bad), resolve=False)
    text = "\n".join(problems)
    assert ":1: from PyQt5.QtCore" in text
    assert ":2: QRegExp is gone" in text
    assert ":9: exec_() is gone" in text


@pytest.mark.skipif(not os.path.exists(QT6_PYTHON), reason="no .qt6venv: `make qt6-check` creates it")
def test_a_planted_qt5_only_name_fails_and_the_plugin_passes(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text(PLANTED)
    run = subprocess.run([QT6_PYTHON, os.path.join(ROOT, "scripts", "qt6_check.py"), str(bad)],
                         capture_output=True, text=True)
    assert run.returncode == 1, run.stdout + run.stderr
    out = run.stdout
    assert ":3: qgis.PyQt.QtWidgets.QDoesNotExist does not exist in PyQt6" in out
    assert ":6: QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLength: no 'AdjustToMinimumContentsLength'" in out
    assert ":8: Qt.AlignLeft: no 'AlignLeft'" in out
    assert "AdjustToContents:" not in out and "DialogCode" not in out  # Qt6 names resolve

    moved = tmp_path / "moved.py"  # QAction is a QtGui class in Qt6: only the try/except spelling loads in both
    moved.write_text("from qgis.PyQt.QtWidgets import QAction\n\ntry:\n    from qgis.PyQt.QtGui import QShortcut\n"
                     "except ImportError:\n    from qgis.PyQt.QtWidgets import QShortcut\n")
    run = subprocess.run([QT6_PYTHON, os.path.join(ROOT, "scripts", "qt6_check.py"), str(moved)], capture_output=True, text=True)
    assert run.returncode == 1 and ":1: qgis.PyQt.QtWidgets.QAction does not exist in PyQt6" in run.stdout
    assert "QShortcut" not in run.stdout

    plugin = subprocess.run([QT6_PYTHON, os.path.join(ROOT, "scripts", "qt6_check.py")], capture_output=True, text=True)
    assert plugin.returncode == 0, plugin.stdout + plugin.stderr
