"""flair:segment_multisource runs an LC-D-shaped model (tiny weights) on the synthetic multi-source
set without the GUI (files or layers, an extent in another CRS, qgis_process), and names what is
missing or unusable. The ``multisource`` fixture is in conftest.py."""
from __future__ import annotations

import os
import shutil
import subprocess

import mapserver
import pytest
import rasterio
from qgis_helpers import PLUGINS_DIR, files_in, recording_feedback

local_wms = mapserver.local_wms  # the fixture (a local qgis_mapserver), for pytest to find here

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
IRC = os.path.join(ROOT, "data", "montpellier", "ortho_irc_20cm.tif")


def test_multisource_algorithm_writes_one_styled_raster_per_task(processing, multisource, tmp_path):
    model, data = multisource
    out = str(tmp_path / "run.tif")
    res = processing.run("flair:segment_multisource", {
        "MODEL": model, "AERIAL_IRC": IRC,
        "S2": os.path.join(data, "s2_stack.tif"), "S2_DATES": os.path.join(data, "s2_dates.txt"),
        "S2_MASK": os.path.join(data, "s2_mask.tif"), "OUTPUT": out})
    landcover = str(tmp_path / "run_landcover.tif")
    assert res["TASK_RASTERS"] == [landcover]
    with rasterio.open(landcover) as ds:
        assert (ds.width, ds.height) == (252, 252) and ds.colormap(1)
    assert os.path.isfile(str(tmp_path / "run_landcover.qml"))
    assert "23 dates, 2021-01-03 -> 2021-12-30" in open(res["REPORT"], encoding="utf-8").read()
    assert res["DEVICE_USED"] == "CPU"  # the device choice (auto) reached the run and is said


def test_multisource_algorithm_names_the_missing_modality(processing, multisource, tmp_path):
    from qgis.core import QgsProcessingException

    model, _ = multisource
    feedback = recording_feedback()
    with pytest.raises(QgsProcessingException) as raised:
        processing.run("flair:segment_multisource", {
            "MODEL": model, "AERIAL_IRC": IRC,
            "OUTPUT": str(tmp_path / "x.tif")}, feedback=feedback)
    said = "\n".join(feedback.said + [str(raised.value)])
    # its parameter, not the command line's S2=FILE
    assert "the model needs S2 (SENTINEL2_TS); give a layer for each (its parameter)" in said, said
    assert files_in(tmp_path) == []


def test_multisource_algorithm_takes_layers_and_an_extent_in_another_crs(processing, multisource, clean_project,
                                                                        tmp_path):
    from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsProject, QgsRasterLayer, QgsRectangle

    model, data = multisource
    irc, s2 = QgsRasterLayer(IRC, "BD ORTHO IRC"), QgsRasterLayer(os.path.join(data, "s2_stack.tif"), "S2 2021")
    clean_project.addMapLayers([irc, s2])
    # 30 x 20 m inside the ortho, given in WGS 84 as a user may draw it on a map in degrees
    l93 = QgsRectangle(770560.0, 6277570.0, 770590.0, 6277590.0)
    crs93, wgs84 = QgsCoordinateReferenceSystem("EPSG:2154"), QgsCoordinateReferenceSystem("EPSG:4326")
    wgs = QgsCoordinateTransform(crs93, wgs84, QgsProject.instance()).transformBoundingBox(l93)
    extent = f"{wgs.xMinimum()},{wgs.xMaximum()},{wgs.yMinimum()},{wgs.yMaximum()} [EPSG:4326]"
    out = str(tmp_path / "layers.tif")
    res = processing.run("flair:segment_multisource", {
        "MODEL": model, "AERIAL_IRC": irc, "S2": s2.id(), "S2_DATES": os.path.join(data, "s2_dates.txt"),
        "EXTENT": extent, "OUTPUT": out})
    with rasterio.open(res["TASK_RASTERS"][0]) as ds:
        b = ds.bounds
    back = QgsCoordinateTransform(wgs84, crs93, QgsProject.instance()).transformBoundingBox(wgs)
    # the run covers the extent as given (in Lambert-93: the degrees' bounding box), to the pixel
    assert abs(b.left - back.xMinimum()) <= 0.2 and abs(b.right - back.xMaximum()) <= 0.2
    assert abs(b.bottom - back.yMinimum()) <= 0.2 and abs(b.top - back.yMaximum()) <= 0.2
    assert 29 < b.right - b.left < 32 and 19 < b.top - b.bottom < 22  # not the ortho's 50.4 m


def test_multisource_algorithm_still_takes_a_series_folder(processing, multisource, tmp_path):
    """S2 became a raster layer parameter; a folder of dated rasters (the engine's other layout) is S2_FOLDER."""
    model, data = multisource
    res = processing.run("flair:segment_multisource", {
        "MODEL": model, "AERIAL_IRC": IRC, "S2_FOLDER": os.path.join(data, "s2_dir"),
        "EXTENT": "770560,770580,6277570,6277590 [EPSG:2154]", "OUTPUT": str(tmp_path / "dir.tif")})
    with rasterio.open(res["TASK_RASTERS"][0]) as ds:
        assert (ds.width, ds.height) == (100, 100)
    with open(res["REPORT"], encoding="utf-8") as f:
        assert "23 dates, 2021-01-03 -> 2021-12-30" in f.read()


def _refusal(processing, params) -> str:
    """What Processing says when the algorithm refuses ``params``."""
    from qgis.core import QgsProcessingException

    feedback = recording_feedback()
    with pytest.raises(QgsProcessingException) as raised:
        processing.run("flair:segment_multisource", params, feedback=feedback)
    return "\n".join(feedback.errors + [str(raised.value)])


def test_multisource_algorithm_refuses_a_layer_without_a_file_and_an_uncovered_extent(processing, multisource,
                                                                                       clean_project, tmp_path):
    from osgeo import gdal
    from qgis.core import QgsRasterLayer

    model, data = multisource
    # a raster that lives in memory (GDAL's /vsimem/, as QGIS's own temporary rasters can): no file
    gdal.Translate("/vsimem/irc.tif", IRC)
    try:
        mem = QgsRasterLayer("/vsimem/irc.tif", "in memory", "gdal")
        assert mem.isValid()
        clean_project.addMapLayer(mem)
        s2 = os.path.join(data, "s2_stack.tif")
        said = _refusal(processing, {"MODEL": model, "AERIAL_IRC": mem, "S2": s2, "OUTPUT": str(tmp_path / "a.tif")})
        assert "AERIAL_IRC: the layer in memory is not a file" in said and "save it as a GeoTIFF" in said, said
    finally:
        gdal.Unlink("/vsimem/irc.tif")
    # an extent reaching 100 m east of the ortho: the aerial layer does not cover it
    said = _refusal(processing, {"MODEL": model, "AERIAL_IRC": IRC, "S2": s2, "OUTPUT": str(tmp_path / "b.tif"),
                                 "EXTENT": "770560,770700,6277560,6277590 [EPSG:2154]"})
    assert "AERIAL (AERIAL_RGBI)" in said and "does not cover the whole area" in said, said
    assert files_in(tmp_path) == []


def _qgis_process():
    return shutil.which("qgis_process.bin") or shutil.which("qgis_process")


@pytest.mark.skipif(_qgis_process() is None, reason="qgis_process is not installed")
def test_qgis_process_runs_segment_multisource_with_an_extent(multisource, tmp_path):
    import onnxruntime

    model, data = multisource
    env = dict(os.environ, QGIS_PLUGINPATH=PLUGINS_DIR, QT_QPA_PLATFORM="offscreen",
               QGIS_CUSTOM_CONFIG_PATH=str(tmp_path / "profile"),
               PYTHONPATH=os.path.dirname(os.path.dirname(onnxruntime.__file__)))
    enable = subprocess.run([_qgis_process(), "plugins", "enable", "flair_qgis"], env=env, capture_output=True,
                            text=True, timeout=60)
    assert "* flair_qgis" in enable.stdout, enable.stdout + enable.stderr
    out = str(tmp_path / "cli.tif")
    cmd = [_qgis_process(), "run", "flair:segment_multisource", "--", f"MODEL={model}", f"AERIAL_IRC={IRC}",
           f"S2={os.path.join(data, 's2_stack.tif')}", f"S2_MASK={os.path.join(data, 's2_mask.tif')}",
           "EXTENT=770560,770590,6277570,6277590 [EPSG:2154]", f"OUTPUT={out}"]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    with rasterio.open(str(tmp_path / "cli_landcover.tif")) as ds:
        assert (ds.width, ds.height) == (150, 100) and ds.read(1).all()


def test_elevation_as_dsm_and_dtm_layers_goes_to_the_engine_as_two_files(processing):
    """DSM + DTM parameters become the engine's ImageInput(bands={"DSM": (file, 1), "DTM": (file, 1)})
    (DEM.DSM= / DEM.DTM=); one of them alone is passed on, for the engine to name the other one missing."""
    from flair_qgis.inference.models.modalities import default_modality
    from flair_qgis.inference.segment.params import ImageInput
    from flair_qgis.qgis_glue.processing.multisource import MultiSourceAlgorithm
    from flair_qgis.qgis_glue.run.modalities import open_input
    from qgis.core import QgsProcessingContext, QgsProject

    dsm, dtm = (os.path.join(ROOT, "data", "montpellier", f"{n}_50cm.tif") for n in ("dsm", "dtm"))
    alg = MultiSourceAlgorithm()
    alg.initAlgorithm()
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    named = alg._inputs({"DSM": dsm, "DTM": dtm}, context)
    assert named == {"DEM_ELEV": ImageInput(bands={"DSM": (dsm, 1), "DTM": (dtm, 1)})}
    opened, problem = open_input(default_modality("DEM_ELEV", 512), named["DEM_ELEV"])
    assert problem == "" and opened.bands == [(dsm, 1), (dtm, 1)]
    alone = alg._inputs({"DSM": dsm}, context)["DEM_ELEV"]
    opened, problem = open_input(default_modality("DEM_ELEV", 512), alone)
    assert opened is None and "no file for band(s) DTM; give a layer for each" in problem, problem
    assert "DEM.DTM" not in problem


def test_multisource_algorithm_writes_confidence_and_polygons_as_flair_segment_does(processing, multisource, tmp_path):
    """One run for every model: a multi-source model gets the confidence raster and one GeoPackage
    of polygons per map, as flair:segment's VECTORS."""
    from qgis.core import QgsVectorLayer

    model, data = multisource
    gpkg = str(tmp_path / "poly.gpkg")
    res = processing.run("flair:segment_multisource", {
        "MODEL": model, "AERIAL_IRC": IRC, "S2": os.path.join(data, "s2_stack.tif"),
        "S2_DATES": os.path.join(data, "s2_dates.txt"), "EXTENT": "770560,770590,6277570,6277590 [EPSG:2154]",
        "CONFIDENCE": True, "VECTORS": gpkg, "VECTORS_MMU": 0, "OUTPUT": str(tmp_path / "run.tif")})
    assert os.path.isfile(str(tmp_path / "run_landcover_confidence.tif"))
    assert res["VECTORS"] == gpkg and res["POLYGONS_LAYER"].startswith(gpkg)
    with rasterio.open(res["TASK_RASTERS"][0]) as ds:
        codes = {int(c) for c in set(ds.read(1).ravel())} - {0}
    layer = QgsVectorLayer(res["POLYGONS_LAYER"], "p", "ogr")
    assert layer.isValid() and {f["code"] for f in layer.getFeatures()} == codes  # every code, no other
    del layer


def test_multisource_on_local_dask_workers_equals_the_run_in_qgis(processing, multisource, tmp_path):
    """WORKERS is flair:segment's: a multi-source model's blocks on local Dask workers give the map
    of the run in QGIS's process, pixel for pixel."""
    import json

    import numpy as np

    pytest.importorskip("distributed")
    model, data = multisource
    common = {"MODEL": model, "AERIAL_IRC": IRC, "S2": os.path.join(data, "s2_stack.tif"),
              "S2_DATES": os.path.join(data, "s2_dates.txt"), "EXTENT": "770560,770590,6277570,6277590 [EPSG:2154]"}
    processing.run("flair:segment_multisource", {**common, "OUTPUT": str(tmp_path / "qgis.tif")})
    processing.run("flair:segment_multisource", {**common, "OUTPUT": str(tmp_path / "dask.tif"), "WORKERS": 2})
    with rasterio.open(tmp_path / "qgis_landcover.tif") as a, rasterio.open(tmp_path / "dask_landcover.tif") as b:
        assert a.read(1).any() and np.array_equal(a.read(1), b.read(1))
    with open(tmp_path / "dask_report.json", encoding="utf-8") as f:
        assert json.load(f)["blocks"]["total"] >= 1


def test_multisource_algorithm_takes_the_bd_ortho_wms_over_an_extent(processing, multisource, clean_project,
                                                                      local_wms, tmp_path):
    """The aerial imagery from IGN's BD ORTHO over WMS (a local stand-in); over no extent, refused: the
    layer covers a country."""
    from flair_qgis.qgis_glue.layers.bdortho import IRC_LAYER, bdortho_uri
    from qgis.core import QgsRasterLayer

    model, data = multisource
    web = QgsRasterLayer(bdortho_uri(IRC_LAYER, url=local_wms.url, fmt="image/png"), "BD ORTHO IRC", "wms")
    assert web.isValid()
    clean_project.addMapLayer(web)
    given = {"MODEL": model, "AERIAL_IRC": web, "S2": os.path.join(data, "s2_stack.tif"),
             "S2_MASK": os.path.join(data, "s2_mask.tif"), "OUTPUT": str(tmp_path / "wms.tif")}
    said = _refusal(processing, given)
    assert "BD ORTHO IRC is a web layer covering a whole country" in said, said
    res = processing.run("flair:segment_multisource", {**given, "EXTENT": "770560,770590,6277570,6277590 [EPSG:2154]"})
    with rasterio.open(res["TASK_RASTERS"][0]) as ds:
        assert (ds.width, ds.height) == (150, 100) and ds.read(1).all()
    assert "BD ORTHO IRC" in open(res["REPORT"], encoding="utf-8").read()


def test_the_single_source_algorithm_points_a_multi_source_model_to_its_own(processing, multisource, tmp_path):
    """It was told the command line's NAME=PATH syntax."""
    from qgis.core import QgsProcessingException

    model, _ = multisource
    feedback = recording_feedback()
    with pytest.raises(QgsProcessingException):
        processing.run("flair:segment", {"MODEL": model, "RGB": IRC, "OUTPUT": str(tmp_path / "o.tif")},
                       feedback=feedback)
    said = "\n".join(feedback.errors + feedback.said)
    assert ("run it with the algorithm “Segment with a multi-source model (FLAIR-HUB, FLAIR#2 U-T&T)” "
            "(flair:segment_multisource)") in said, said
    assert "NAME=PATH" not in said and files_in(tmp_path) == []
