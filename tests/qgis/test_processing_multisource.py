"""flair:segment_multisource runs an LC-D-shaped model (tiny weights) on the synthetic multi-source
set without the GUI, and names what is missing."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
import rasterio
from qgis_helpers import files_in

ENGINE_TESTS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "engine")
ROOT = os.path.dirname(os.path.dirname(ENGINE_TESTS))

# The tiny model is converted in a separate engine-tier process: torch stays out of QGIS's.
_BUILD = """
import shutil, sys
sys.path[:0] = [{root!r}, {engine!r}]
from multisource_models import converted
from multisource_data import make_sample
shutil.copy(converted("LC-D"), {model!r})
make_sample({data!r})
"""


@pytest.fixture(scope="module")
def multisource(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ms_qgis")
    model, data = str(folder / "lcd.onnx"), str(folder / "data")
    code = _BUILD.format(root=ROOT, engine=ENGINE_TESTS, model=model, data=data)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=900)
    if done.returncode != 0:
        pytest.skip(f"the converter could not build the tiny model here: {done.stderr[-500:]}")
    return model, data


@pytest.fixture()
def processing(plugin, qgis_processing):
    import processing as p

    return p


def test_multisource_algorithm_writes_one_styled_raster_per_task(processing, multisource, tmp_path):
    model, data = multisource
    out = str(tmp_path / "run.tif")
    res = processing.run("flair:segment_multisource", {
        "MODEL": model, "AERIAL_IRC": os.path.join(ROOT, "data", "montpellier", "ortho_irc_20cm.tif"),
        "S2": os.path.join(data, "s2_stack.tif"), "S2_DATES": os.path.join(data, "s2_dates.txt"),
        "S2_MASK": os.path.join(data, "s2_mask.tif"), "OUTPUT": out})
    landcover = str(tmp_path / "run_landcover.tif")
    assert res["TASK_RASTERS"] == [landcover]
    with rasterio.open(landcover) as ds:
        assert (ds.width, ds.height) == (252, 252) and ds.colormap(1)
    assert os.path.isfile(str(tmp_path / "run_landcover.qml"))
    assert "23 dates, 2021-01-03 -> 2021-12-30" in open(res["REPORT"], encoding="utf-8").read()


def test_multisource_algorithm_names_the_missing_modality(processing, multisource, tmp_path):
    from qgis.core import QgsProcessingException, QgsProcessingFeedback

    model, _ = multisource

    class Feedback(QgsProcessingFeedback):
        said: list = []

        def reportError(self, error, fatalError=False):  # noqa: N802, N803
            self.said.append(error)

        def pushInfo(self, info):  # noqa: N802
            self.said.append(info)

    feedback = Feedback()
    with pytest.raises(QgsProcessingException) as raised:
        processing.run("flair:segment_multisource", {
            "MODEL": model, "AERIAL_IRC": os.path.join(ROOT, "data", "montpellier", "ortho_irc_20cm.tif"),
            "OUTPUT": str(tmp_path / "x.tif")}, feedback=feedback)
    said = "\n".join(feedback.said + [str(raised.value)])
    assert "the model needs S2 (SENTINEL2_TS); give S2=FILE" in said, said
    assert files_in(tmp_path) == []


def test_dock_builds_rows_from_the_card_and_runs_lcd(plugin, multisource, clean_project, tmp_path):
    from qgis_helpers import wait_until

    model, data = multisource
    dock = plugin.show_dock()
    dock.model_box.set_model(model)
    box = dock.modalities_box
    assert box.isVisibleTo(dock) and not dock.inputs_box.isVisibleTo(dock)
    assert [r.label.text() for r in box.rows] == ["AERIAL *", "S2 *"]  # required modalities marked
    assert not dock.run_button.isEnabled() and "choose a file for AERIAL" in dock.status.text()
    aerial, s2 = box.row("AERIAL"), box.row("S2")
    aerial.layout.setCurrentIndex(1)  # the BD ORTHO IRC file: NIR, R, G
    aerial.file.setFilePath(os.path.join(ROOT, "data", "montpellier", "ortho_irc_20cm.tif"))
    # a problem shows on its row: 23 dates of imagery, 2 dates in the file
    few = tmp_path / "few.txt"
    few.write_text("20210103\n20210203\n")
    s2.file.setFilePath(os.path.join(data, "s2_stack.tif"))
    s2.dates.setFilePath(str(few))
    assert "2 dates (few.txt) for 23 dates" in s2.note.text() and not dock.run_button.isEnabled()
    s2.dates.setFilePath(os.path.join(data, "s2_dates.txt"))
    # coverage against the aerial area, on the S2 row: a stack cropped off the area is refused
    cropped = str(tmp_path / "cropped.tif")
    with rasterio.open(os.path.join(data, "s2_stack.tif")) as src:
        profile, arr = src.profile, src.read()[:, 6:, 6:]
        t = src.transform
    profile.update(width=arr.shape[2], height=arr.shape[1],
                   transform=rasterio.Affine(t.a, 0, t.c + 6 * t.a, 0, t.e, t.f + 6 * t.e))
    with rasterio.open(cropped, "w", **profile) as dst:
        dst.write(arr)
    s2.file.setFilePath(cropped)
    assert "not the whole area" in s2.note.text() and not dock.run_button.isEnabled()
    s2.file.setFilePath(os.path.join(data, "s2_stack.tif"))
    s2.mask.setFilePath(os.path.join(data, "s2_mask.tif"))
    assert s2.note.text() == "23 dates, 2021-01-03 -> 2021-12-30 (dates from s2_dates.txt)"
    assert dock.run_button.isEnabled(), dock.status.text()
    dock.output_box.file_widget.setFilePath(str(tmp_path / "dock.tif"))
    assert dock.run()
    assert wait_until(lambda: not dock.multi_controller.running, timeout=300)
    assert "Done: 9 tiles" in dock.status.text(), dock.status.text()
    names = [layer.name() for layer in clean_project.mapLayers().values()]
    assert "dock_landcover" in names
    layer = next(layer for layer in clean_project.mapLayers().values() if layer.name() == "dock_landcover")
    assert layer.renderer().type() == "paletted"  # styled by the .qml written beside it
