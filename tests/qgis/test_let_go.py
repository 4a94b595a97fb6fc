"""A re-run over a result loaded in QGIS: its layers let go of the files for the swap
(qgis_glue/layers/let_go.py). Windows refuses to replace an open file; here (Linux) the proof is
that no handle of this process is open on the file when the engine moves it, which Windows needs.
Not run on Windows itself: no Windows machine here."""
import os
import threading

import numpy as np
import pytest
import rasterio
from qgis_helpers import wait_until


def _open_handles(path: str) -> int:
    """This process's handles on ``path`` (and on a GeoPackage's -wal, -shm, -journal)."""
    n = 0
    for fd in os.listdir("/proc/self/fd"):
        try:
            n += os.readlink(f"/proc/self/fd/{fd}") in (path, path + "-wal", path + "-shm", path + "-journal")
        except OSError:
            pass
    return n


def _write(path, value: int) -> None:
    profile = dict(driver="GTiff", width=64, height=64, count=1, dtype="uint8", crs="EPSG:2154",
                   transform=rasterio.transform.from_origin(770000, 6280000, 0.2, 0.2), nodata=0)
    with rasterio.open(path, "w", **profile) as ds:
        ds.write(np.full((1, 64, 64), value, np.uint8))


def _loaded_and_drawn(path, project):
    from flair_qgis.qgis_glue.styling.flair import apply_flair_style
    from qgis.core import QgsMapRendererParallelJob, QgsMapSettings, QgsRasterLayer
    from qgis.PyQt.QtCore import QSize

    layer = QgsRasterLayer(str(path), "my previous result", "gdal")
    assert layer.isValid()
    apply_flair_style(layer)
    project.addMapLayer(layer)
    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setExtent(layer.extent())
    settings.setOutputSize(QSize(64, 64))
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    return layer


def _rerun_in_a_worker_thread(path, value, monkeypatch, qml: str | None = None, stage=None) -> list[int]:
    """A run's swap in a worker thread (as the task's): the handles open on ``path`` when it moves."""
    from flair_qgis.inference.segment.commit import OutputSet

    seen, real = [], os.replace

    def replace(src, dst):
        if os.path.abspath(src) == str(path):
            seen.append(_open_handles(str(path)))
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)

    def run():
        with OutputSet([str(path)]) as out:
            if stage is not None:
                stage(out.temp(str(path)))
            else:
                _write(out.temp(str(path)), value)
                out.expect_raster(str(path), (64, 64))
            if qml is not None:
                out.write_text(os.path.splitext(str(path))[0] + ".qml", qml)
            out.commit()

    worker = threading.Thread(target=run)
    worker.start()
    assert wait_until(lambda: not worker.is_alive(), 60)
    return seen


@pytest.fixture
def installed(pkg):
    from flair_qgis.qgis_glue.layers import let_go

    let_go.install()
    yield let_go
    let_go.uninstall()


def test_a_loaded_result_lets_go_of_its_file_for_the_swap_and_shows_the_new_map_in_its_style(
        tmp_path, clean_project, installed, monkeypatch):
    path = tmp_path / "map.tif"
    _write(path, 5)
    layer = _loaded_and_drawn(path, clean_project)
    assert _open_handles(str(path)) > 0  # what Windows refused to replace
    renderer = layer.renderer().type()

    assert _rerun_in_a_worker_thread(path, 7, monkeypatch) == [0]

    assert clean_project.mapLayer(layer.id()) is layer and layer.isValid()
    assert layer.source() == str(path) and layer.name() == "my previous result"
    assert layer.renderer().type() == renderer == "paletted"
    value, ok = layer.dataProvider().sample(layer.extent().center(), 1)
    assert ok and value == 7


def test_a_map_rewritten_with_other_classes_is_shown_with_the_legend_written_with_it(
        tmp_path, clean_project, installed, monkeypatch):
    """Another model to the same file (Processing keeps the user's layer): the old legend on the new
    codes would be a plausible wrong map."""
    from flair_qgis.inference.labels.style import qml
    from flair_qgis.qgis_glue.styling.flair import legend_labels

    path = tmp_path / "map.tif"
    _write(path, 5)
    layer = _loaded_and_drawn(path, clean_project)
    assert len(legend_labels(layer)) > 2
    _rerun_in_a_worker_thread(path, 1, monkeypatch, qml([(1, "winter wheat", "#ffd700")]))
    assert legend_labels(layer) == ["winter wheat"]


def _polygons(path, n: int) -> None:
    from qgis.core import QgsCoordinateTransformContext, QgsFeature, QgsGeometry, QgsVectorFileWriter, QgsVectorLayer

    memory = QgsVectorLayer("Polygon?crs=EPSG:2154", "p", "memory")
    features = []
    for i in range(n):
        f = QgsFeature()
        f.setGeometry(QgsGeometry.fromWkt(f"POLYGON(({i} 0,{i + 1} 0,{i + 1} 1,{i} 0))"))
        features.append(f)
    memory.dataProvider().addFeatures(features)
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName, options.layerName = "GPKG", "landcover"
    error = QgsVectorFileWriter.writeAsVectorFormatV3(memory, str(path), QgsCoordinateTransformContext(), options)
    assert error[0] == QgsVectorFileWriter.WriterError.NoError, error


def test_loaded_polygons_let_go_of_their_geopackage_too(tmp_path, clean_project, installed, monkeypatch):
    """QGIS's OGR pool keeps a GeoPackage open after its layer is gone; the provider's reload drops it."""
    import shutil

    from qgis.core import QgsVectorLayer

    path, new = tmp_path / "map.gpkg", tmp_path / "new.gpkg"
    _polygons(path, 1)
    _polygons(new, 3)
    layer = QgsVectorLayer(f"{path}|layername=landcover", "my polygons", "ogr")
    clean_project.addMapLayer(layer)
    assert layer.featureCount() == 1 and [f.id() for f in layer.getFeatures()] and _open_handles(str(path)) > 0
    seen = _rerun_in_a_worker_thread(path, 0, monkeypatch, stage=lambda staged: shutil.copy(new, staged))
    assert seen == [0]
    assert layer.isValid() and layer.source() == f"{path}|layername=landcover" and layer.featureCount() == 3


def test_without_it_the_file_stays_open_during_the_swap(tmp_path, clean_project, pkg, monkeypatch):
    """The control: what the test above proves is the let-go's doing."""
    path = tmp_path / "map.tif"
    _write(path, 5)
    _loaded_and_drawn(path, clean_project)
    assert _rerun_in_a_worker_thread(path, 7, monkeypatch)[0] > 0


def test_the_plugin_installs_it_while_it_runs(plugin, pkg):
    from flair_qgis.inference.segment import commit
    from flair_qgis.qgis_glue.layers import let_go

    assert commit._let_go is let_go.released
    plugin.unload()
    assert commit._let_go is not let_go.released
    plugin.initGui()  # the fixture unloads it again


def test_a_layer_removed_while_let_go_is_not_taken_back_and_the_others_are(tmp_path, clean_project, installed):
    """The user removes a layer while a child process writes its file: the others come back all the same."""
    a, b = tmp_path / "a.tif", tmp_path / "b.tif"
    _write(a, 5)
    _write(b, 6)
    first, second = _loaded_and_drawn(a, clean_project), _loaded_and_drawn(b, clean_project)
    held = installed.let_go([str(a), str(b)])
    assert len(held) == 2 and not first.isValid() and not second.isValid()
    clean_project.removeMapLayer(first.id())
    installed.take_back(held)
    assert second.isValid() and second.source() == str(b)


def test_after_the_plugin_is_unloaded_a_worker_never_touches_a_layer(tmp_path, clean_project, pkg):
    """A run still swapping while the plugin unloads: layers live in the main thread only."""
    from flair_qgis.qgis_glue.layers import let_go

    path = tmp_path / "map.tif"
    _write(path, 5)
    layer = _loaded_and_drawn(path, clean_project)
    let_go.install()
    let_go.uninstall()
    seen = []

    def swap():
        with let_go.released([str(path)]):
            seen.append(layer.isValid())

    worker = threading.Thread(target=swap)
    worker.start()
    worker.join(30)
    assert seen == [True] and layer.isValid()
