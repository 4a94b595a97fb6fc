"""Engine tier: plain Python. QGIS and Qt are blocked here, so a test (or an engine module) that
reaches for them fails instead of passing on a machine that happens to have QGIS."""
import os
import subprocess
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


# Modules whose tests need a model exported with torch (multisource_models / utt_models, kept in
# .test-cache/ across runs): `pytest -m "not slow"` leaves them out. A cold cache exports in the
# first test that asks, so these get a longer timeout than the default 300 s: a busy machine must
# not fail them from load alone.
SLOW_MODULES = {"test_multisource_convert.py", "test_multisource_engine.py", "test_multisource_cli.py",
                "test_multisource_guards.py", "test_multisource_nan.py", "test_multisource_run_options.py",
                "test_multisource_s1.py", "test_multisource_small_area.py", "test_utt.py", "test_multisource_layers.py"}
# single tests elsewhere that export on purpose (the conversion command itself is what they test)
SLOW_TESTS = {"test_models_convert_installs_a_multisource_model", "test_cli_convert_with_norm_writes_it_into_the_card"}
EXPORT_TIMEOUT_S = 900


def pytest_collection_modifyitems(config, items):
    for item in items:
        if os.path.basename(str(item.fspath)) in SLOW_MODULES or item.originalname in SLOW_TESTS:
            item.add_marker(pytest.mark.slow)
            if item.get_closest_marker("timeout") is None:
                item.add_marker(pytest.mark.timeout(EXPORT_TIMEOUT_S))


@pytest.fixture
def small_disk(tmp_path):
    """A 200 KB tmpfs to fill (skipped where mounting needs root), unmounted afterwards."""
    d = tmp_path / "disk"
    d.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", str(d)], capture_output=True, text=True)
    if r.returncode:
        pytest.skip(f"no 200 KB tmpfs to fill (mount needs root): {r.stderr.strip()}")
    yield d
    subprocess.run(["umount", "-l", str(d)], check=False)
