"""The plugin's own refusals (the glue's, not the engine's) in a French QGIS: a WMS that stopped
answering, a GeoPackage that is not a hotspots layer, an output QGIS cannot open. Each is said in
French, the names it carries (URL, file) kept as they are; in English the text is unchanged."""
from __future__ import annotations

import pytest

ENGLISH_LEFT = ("cannot", "could not", "has no", "is not", "the WMS", "hotspots layer", "no field")


def _no_english(text: str, *names: str) -> None:
    """No English words left in ``text`` outside the ``names`` it carries (a path, a URL)."""
    for name in names:
        text = text.replace(name, "")
    assert not [w for w in ENGLISH_LEFT if w in text], text


def test_a_wms_that_stopped_answering_is_said_in_french(french, tmp_path):
    """A WMS layer read in another CRS asks the server its capabilities first: the server is gone."""
    import mapserver
    from flair_qgis.inference.segment.sources import SourceError
    from flair_qgis.qgis_glue.errors import user_message
    from flair_qgis.qgis_glue.layers.bdortho import RGB_LAYER, bdortho_uri
    from flair_qgis.qgis_glue.layers.crs import as_crs
    from flair_qgis.qgis_glue.layers.source import source_for_layer
    from qgis.core import QgsRasterLayer

    with mapserver.wms_server(str(tmp_path / "wms")) as server:
        layer = QgsRasterLayer(bdortho_uri(RGB_LAYER, url=server.url, fmt="image/png"), RGB_LAYER, "wms")
        assert layer.isValid()
        source = source_for_layer(layer)
    # the server is now stopped: its port is closed
    with pytest.raises(SourceError) as e:
        source.provider_for(as_crs("EPSG:32631"))
    said = user_message(e.value)
    assert said.startswith(f"impossible de joindre le WMS {server.url} : "), said
    _no_english(said, server.url)


def test_the_wms_checks_in_english_are_unchanged(pkg):
    from flair_qgis.inference.segment.sources import SourceError
    from flair_qgis.qgis_glue.layers.wms import check_wms_crs
    from mapserver import free_port

    url = f"http://127.0.0.1:{free_port()}/"
    with pytest.raises(SourceError, match=f"^cannot reach the WMS at {url}: "):
        check_wms_crs(f"crs=EPSG:2154&format=image/png&layers=X&styles=&url={url}", "EPSG:2154")


def _not_hotspots(tmp_path) -> str:
    from qgis.core import QgsCoordinateTransformContext, QgsVectorFileWriter, QgsVectorLayer

    memory = QgsVectorLayer("Point?crs=EPSG:2154&field=rank:integer", "hotspots", "memory")
    path = str(tmp_path / "not_hotspots.gpkg")
    o = QgsVectorFileWriter.SaveVectorOptions()
    o.driverName, o.layerName = "GPKG", "hotspots"
    err = QgsVectorFileWriter.writeAsVectorFormatV3(memory, path, QgsCoordinateTransformContext(), o)
    assert err[0] == QgsVectorFileWriter.WriterError.NoError, err
    return path


def test_a_geopackage_that_is_not_a_hotspots_layer_is_said_in_french(french, panel, tmp_path):
    path = _not_hotspots(tmp_path)
    assert panel.open_review(path, show=False) is None
    said = panel.position.text()
    assert said == f"{path} n’est pas une couche de zones de désaccord (pas de champ review, comment, reviewed_at)"
    _no_english(said, path)


def test_a_geopackage_that_is_not_a_hotspots_layer_in_english(pkg, tmp_path):
    from flair_qgis.qgis_glue.qa.reviews import ReviewStore

    path = _not_hotspots(tmp_path)
    with pytest.raises(ValueError) as e:
        ReviewStore(path)
    assert str(e.value) == f"{path} is not a hotspots layer (no field review, comment, reviewed_at)"


def test_an_output_qgis_cannot_open_is_said_in_french(french, clean_project, tmp_path):
    from types import SimpleNamespace

    from flair_qgis.qgis_glue.errors import user_message
    from flair_qgis.qgis_glue.run.result import add_polygon_layer

    missing = str(tmp_path / "gone.gpkg")
    with pytest.raises(OSError) as e:
        add_polygon_layer(SimpleNamespace(output=missing, layer="polygons"), clean_project)
    said = user_message(e.value)
    assert said == f"QGIS ne peut pas ouvrir les polygones {missing}"
    _no_english(said, missing)


def test_processing_says_which_input_is_missing_in_french(french, processing, tmp_path):
    import numpy as np
    import rasterio
    from qgis.core import QgsProcessingException
    from qgis_helpers import recording_feedback

    rgb = str(tmp_path / "rgb.tif")
    with rasterio.open(rgb, "w", driver="GTiff", width=32, height=32, count=3, dtype="uint8", crs="EPSG:2154",
                       transform=rasterio.transform.from_origin(770000, 6280000, 0.2, 0.2)) as ds:
        ds.write(np.full((3, 32, 32), 100, "uint8"))
    feedback = recording_feedback()
    with pytest.raises(QgsProcessingException):
        processing.run("flair:segment", {"RGB": rgb, "OUTPUT": str(tmp_path / "x.tif")}, feedback=feedback)
    errors = "\n".join(feedback.errors)
    assert ("le modèle prend R, V, B, PIR, MNH ; aucune couche donnée pour PIR (renseignez le proche infrarouge, "
            "p. ex. l’ortho IRC, bande 1) ; MNH (renseignez la hauteur au-dessus du sol, ou à la fois le MNS et "
            "le MNT)") in errors, errors
    _no_english(errors, rgb)
    assert not (tmp_path / "x.tif").exists()
