"""Missing packages are named, and the install command fits this QGIS's Python and platform."""
from __future__ import annotations

import sys

import pytest
from flair_qgis.qgis_glue import deps  # noqa: E402  (conftest puts the plugin package on sys.path)

ORT = deps.Missing("onnxruntime", "onnxruntime", "runs the models", "not installed")
ONNX = deps.Missing("onnx", "onnx", "reads the model card", "not installed")
RIO = deps.Missing("rasterio", "rasterio", "reads and writes the GeoTIFFs", "not installed")


def test_everything_is_there_in_this_environment():
    assert deps.check() == []
    assert deps.install_command([]) == "" and deps.instructions([]) == ""


def test_a_blocked_module_is_reported(monkeypatch):
    monkeypatch.setitem(sys.modules, "onnxruntime", None)
    missing = deps.check()
    assert [m.module for m in missing] == ["onnxruntime"] and missing[0].error == "not installed"


def test_a_module_that_fails_to_import_says_why(monkeypatch):
    import importlib

    real = importlib.import_module

    def broken(name, *a, **k):
        if name == "onnx":
            raise ImportError("numpy.core.multiarray failed to import")
        return real(name, *a, **k)

    monkeypatch.setattr(deps.importlib, "import_module", broken)
    (m,) = deps.check()
    assert m.module == "onnx" and m.error == "installed but fails to import: numpy.core.multiarray failed to import"


def test_debian_qgis_python():
    cmd = deps.install_command([ORT, ONNX, RIO], platform="linux", python="/usr/bin/python3.11",
                               externally_managed=True, pin="numpy==1.24.2")
    assert cmd == ('sudo apt install python3-rasterio && /usr/bin/python3.11 -m pip install --user '
                   '--break-system-packages onnxruntime onnx "numpy==1.24.2"')


def test_windows_osgeo4w():
    cmd = deps.install_command([ORT, RIO], platform="win32", python=r"C:\OSGeo4W\apps\Python312\python.exe",
                               pin="numpy==1.26.4")
    assert cmd == r'"C:\OSGeo4W\apps\Python312\python.exe" -m pip install --user onnxruntime rasterio "numpy==1.26.4"'
    assert "OSGeo4W Shell" in deps.instructions([ORT], platform="win32")


def test_macos_app_bundle():
    py = "/Applications/QGIS.app/Contents/MacOS/bin/python3.9"
    cmd = deps.install_command([ONNX], platform="darwin", python=py, pin=None)
    assert cmd == f"{py} -m pip install --user onnx"


@pytest.mark.parametrize("platform,prefix,expected", [
    ("linux", "/usr", "/usr/bin/python{v}"),
    ("win32", r"C:\OSGeo4W\apps\Python312", r"C:\OSGeo4W\apps\Python312\python.exe"),
])
def test_the_interpreter_is_found_under_the_prefix_not_on_path(tmp_path, platform, prefix, expected):
    v = "3.11"
    # sys.executable inside QGIS can be the QGIS binary or some other python3 on PATH
    got = deps.python_executable(platform, exec_prefix=prefix, executable="/root/.pyenv/shims/qgis-bin",
                                 version=(3, 11))
    assert got == expected.format(v=v)
    real = tmp_path / "bin"
    real.mkdir()
    (real / "python3.11").write_text("")
    assert deps.python_executable("linux", exec_prefix=str(tmp_path), executable="/x/python3",
                                  version=(3, 11)) == str(real / "python3.11")


def _shapely_dist(folder, version: str) -> None:
    """An installed shapely as pip leaves it: its .dist-info, found first on sys.path."""
    info = folder / f"shapely-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: shapely\nVersion: {version}\n")


@pytest.mark.parametrize("version,too_old", [("2.0.6", True), ("2.1.0", False), ("2.10", False)])
def test_shapely_is_checked_by_its_installed_version_without_importing_it(tmp_path, monkeypatch, version, too_old):
    """Polygons need shapely 2.1: an older one is named, with a quoted spec. shapely is never
    imported into QGIS (its GEOS would take QGIS's calls): the version comes from its metadata."""
    _shapely_dist(tmp_path, version)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "shapely", raising=False)
    missing = deps.check()
    assert "shapely" not in sys.modules
    assert [m.module for m in missing] == (["shapely"] if too_old else [])
    if too_old:
        assert f"{version} is too old" in missing[0].error and missing[0].optional
        assert deps.install_command(missing, platform="win32", python="python.exe", pin=None).endswith('"shapely>=2.1"')


def test_without_shapely_segmenting_still_runs_and_polygons_are_off(pkg, qgis_iface, clean_project, monkeypatch):
    """shapely is for the polygons only: named in the banner, but Run is not blocked."""
    import importlib.metadata

    real = importlib.metadata.version

    def without_shapely(name):
        if name.lower() == "shapely":
            raise importlib.metadata.PackageNotFoundError(name)
        return real(name)

    monkeypatch.setattr(importlib.metadata, "version", without_shapely)
    (m,) = deps.check()
    assert m.module == "shapely" and m.optional and m.error == "not installed"
    p = pkg.classFactory(qgis_iface)
    p.initGui()
    try:
        dock = p.show_dock()
        assert dock.banner is not None and "shapely" in dock.banner.text.text()
        assert dock.missing == [] and dock.model_box.isEnabled()
        assert not dock.output_box.polygons.isEnabled() and not dock.output_box.polygons.isChecked()
    finally:
        p.unload()
