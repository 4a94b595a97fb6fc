"""Engine tier: plain Python. QGIS and Qt are blocked here, so a test (or an engine module) that
reaches for them fails instead of passing on a machine that happens to have QGIS."""
import sys

import pytest

BLOCKED = ("qgis", "PyQt5", "PyQt6", "PySide2", "PySide6")


class _Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ImportError(f"blocked in the engine tier: {name}")
        return None


if any(m.split(".")[0] in BLOCKED for m in sys.modules):
    raise RuntimeError("QGIS was imported before the engine tier started: run it with -p no:pytest_qgis")
sys.meta_path.insert(0, _Block())


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """The synthetic multi-source set over the Montpellier sample (multisource_data.py), built
    afresh for each module that asks (under a second)."""
    from multisource_data import make_sample

    return make_sample(str(tmp_path_factory.mktemp("ms_sample")))
