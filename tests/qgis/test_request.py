"""The dock's and Processing's choices become engine parameters: the output CRS is the engine's
decision (inference.segment.checks.output_crs), the glue only passes what the user chose and the
project's CRS."""
from __future__ import annotations

import os

import numpy as np
import pytest
import rasterio
import tiny_models
from qgis_helpers import DATA


def _request(layer, output, crs=None):
    from flair_qgis.qgis_glue.run.request import RunRequest

    return RunRequest(model="", inputs={"R": (layer, 1)}, output=output, crs=crs)


@pytest.mark.parametrize("chosen, says", [("EPSG:4326", "is in degrees"), ("EPSG:3857", "is Web Mercator")])
def test_a_chosen_crs_not_in_ground_metres_is_refused_by_the_engine(pkg, clean_project, tmp_path, chosen, says):
    from flair_qgis.inference.core.errors import InputError
    from flair_qgis.qgis_glue.run.request import build_params
    from qgis.core import QgsCoordinateReferenceSystem, QgsRasterLayer

    layer = QgsRasterLayer(os.path.join(DATA, "ortho_rgb_20cm.tif"), "rgb", "gdal")
    request = _request(layer, str(tmp_path / "o.tif"), QgsCoordinateReferenceSystem(chosen))
    with pytest.raises(InputError, match=f"^the output CRS {chosen} {says}"):
        build_params(request, clean_project)


def test_the_output_crs_is_the_inputs_else_the_projects_else_one_in_metres(pkg, clean_project, tmp_path):
    from flair_qgis.inference.segment.pipeline import segment
    from flair_qgis.qgis_glue.run.request import build_params
    from flair_qgis.qgis_glue.run.result import details_html
    from qgis.core import QgsCoordinateReferenceSystem, QgsRasterLayer

    rgb = QgsRasterLayer(os.path.join(DATA, "ortho_rgb_20cm.tif"), "rgb", "gdal")
    clean_project.setCrs(QgsCoordinateReferenceSystem("EPSG:3857"))
    assert build_params(_request(rgb, str(tmp_path / "a.tif")), clean_project).crs == "EPSG:2154"
    deg = str(tmp_path / "deg.tif")  # Montpellier in degrees
    with rasterio.open(deg, "w", driver="GTiff", width=8, height=8, count=1, dtype="uint8", crs="EPSG:4326",
                       transform=rasterio.transform.from_origin(3.87, 43.61, 1e-5, 1e-5)) as ds:
        ds.write(np.ones((1, 8, 8), np.uint8))
    lonlat = QgsRasterLayer(deg, "deg", "gdal")
    clean_project.setCrs(QgsCoordinateReferenceSystem("EPSG:32631"))
    assert build_params(_request(lonlat, str(tmp_path / "b.tif")), clean_project).crs == "EPSG:32631"
    clean_project.setCrs(QgsCoordinateReferenceSystem("EPSG:3857"))  # neither in ground metres: Lambert-93
    params = build_params(_request(lonlat, str(tmp_path / "c.tif")), clean_project)
    assert params.crs == "EPSG:2154"
    # said in the run's notes (Show more, Processing's log) as the command line's run says it, naming the
    # dock's way to choose another CRS
    assert params.notes[0].startswith("deg is in degrees, not metres: the output is in EPSG:2154")
    params.model = tiny_models.pointwise(str(tmp_path / "r.onnx"), n_bands=1, card_dict=tiny_models.card(["R"], [1, 2]))
    result = segment(params)
    assert result.notes == params.notes
    assert "Choose another output CRS if need be (the project&#x27;s CRS)." in details_html(result)


def test_16_bit_imagery_is_refused_naming_the_docks_rescale_option_and_runs_when_it_is_ticked(
        pkg, clean_project, tmp_path):
    """The engine's advice named --rescale, which a QGIS user cannot pass: the dock has the option."""
    from flair_qgis.inference.core.errors import InputError
    from flair_qgis.inference.segment.pipeline import segment
    from flair_qgis.qgis_glue.errors import user_message
    from flair_qgis.qgis_glue.run.request import build_params
    from flair_qgis.qgis_glue.run.result import details_html
    from qgis.core import QgsRasterLayer

    path = str(tmp_path / "u16.tif")
    with rasterio.open(path, "w", driver="GTiff", width=16, height=16, count=1, dtype="uint16", crs="EPSG:2154",
                       transform=rasterio.transform.from_origin(770000, 6280000, 0.2, 0.2)) as ds:
        ds.write(np.linspace(0, 4000, 256, dtype=np.uint16).reshape(1, 16, 16))
    layer = QgsRasterLayer(path, "u16", "gdal")
    request = _request(layer, str(tmp_path / "o.tif"))
    request.model = tiny_models.pointwise(str(tmp_path / "r.onnx"), n_bands=1, card_dict=tiny_models.card(["R"], [1, 2]))
    with pytest.raises(InputError) as refused:
        segment(build_params(request, clean_project))
    said = user_message(refused.value)
    assert "12-bit values" in said and "(Rescale, under Advanced)" in said and "--rescale" not in said
    request.rescale = True
    result = segment(build_params(request, clean_project))
    assert "rescaled to 0..255 (x 0.0622711) as asked (Rescale, under Advanced)" in details_html(result)


def test_the_docks_rescale_option_is_remembered_shown_as_changed_and_greyed_for_multisource(qgis_iface, pkg):
    from flair_qgis.qgis_glue.run.request import RunRequest
    from flair_qgis.ui.output_box import OutputBox

    box = OutputBox()
    box.reset_advanced()
    assert not box.rescale.isChecked() and box.changed_settings() == []
    box.rescale.setChecked(True)
    assert box.changed_settings() == ["Rescale"]
    request = RunRequest(model="", inputs={}, output="")
    box.apply(request)
    assert request.rescale and OutputBox().rescale.isChecked()  # remembered, and shown as changed
    box.set_multisource(True)
    assert not box.rescale.isEnabled()
    box.reset_advanced()
