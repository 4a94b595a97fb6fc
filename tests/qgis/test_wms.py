"""BD ORTHO over WMS, end to end against a local qgis_mapserver (no internet).

The local server serves the Montpellier GeoTIFFs under IGN's layer names, so a run through the
WMS layers must give the map a run from the files gives: same grid, same codes (>= 99 %; the
server re-renders the picture and is not pixel-exact everywhere).
"""
from __future__ import annotations

import os
import threading

import mapserver
import numpy as np
import pytest
import rasterio
from mapserver import DATA, plugin, wms_server
from qgis.core import QgsProject, QgsRasterLayer

local_wms = mapserver.local_wms  # the fixture, for pytest to find here
plugin()
from flair_qgis.inference.core.grid import Grid  # noqa: E402
from flair_qgis.inference.models.baseline import build_baseline_model  # noqa: E402
from flair_qgis.inference.segment.params import SegmentParams  # noqa: E402
from flair_qgis.inference.segment.pipeline import segment  # noqa: E402
from flair_qgis.inference.segment.sources import FileSource, SourceError  # noqa: E402
from flair_qgis.qgis_glue.layers.bdortho import (  # noqa: E402
    GROUP,
    IRC_LAYER,
    RGB_LAYER,
    BdOrthoError,
    add_bdortho_layers,
    bdortho_uri,
)
from flair_qgis.qgis_glue.layers.source import ProviderSource, source_for_layer  # noqa: E402
from flair_qgis.qgis_glue.layers.wms import is_plain_wms, uri_params  # noqa: E402

EXTENT = (770549.8, 6277549.8, 770600.2, 6277600.2)  # the Montpellier tiles, 252 x 252 px at 0.2 m


def wms_layer(url: str, name: str) -> QgsRasterLayer:
    # PNG: lossless, so the comparison with the files measures the pipeline, not JPEG
    layer = QgsRasterLayer(bdortho_uri(name, url=url, fmt="image/png"), name, "wms")
    assert layer.isValid(), url
    return layer


def run(model, rgb, irc, output):
    dhm = FileSource(os.path.join(DATA, "dhm_50cm.tif"))
    entries = [(None, rgb, None), ("NIR", irc, 1), ("NDSM", dhm, 1)]
    return segment(SegmentParams(model=model, sources=entries, output=output, extent=EXTENT, crs="EPSG:2154"))


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    return build_baseline_model(str(tmp_path_factory.mktemp("model") / "baseline.onnx"))


def test_uri_is_the_geoplateforme_one():
    assert bdortho_uri(RGB_LAYER) == (
        "crs=EPSG:2154&format=image/jpeg&layers=HR.ORTHOIMAGERY.ORTHOPHOTOS&styles=&url=https://data.geopf.fr/wms-r"
    )


def test_segment_through_wms_matches_files(local_wms, model, tmp_path):
    rgb = source_for_layer(wms_layer(local_wms.url, RGB_LAYER))
    irc = source_for_layer(wms_layer(local_wms.url, IRC_LAYER))
    assert isinstance(rgb, ProviderSource) and rgb.info.count == 3 and rgb.info.crs == "EPSG:2154"
    by_wms = run(model, rgb, irc, str(tmp_path / "wms.tif"))
    by_file = run(
        model,
        FileSource(os.path.join(DATA, "ortho_rgb_20cm.tif")),
        FileSource(os.path.join(DATA, "ortho_irc_20cm.tif")),
        str(tmp_path / "file.tif"),
    )
    assert by_wms.grid == by_file.grid
    with rasterio.open(by_wms.output) as a, rasterio.open(by_file.output) as b:
        assert (a.crs, a.transform, a.shape) == (b.crs, b.transform, b.shape)
        # the 0.5 m DHM stops 0.05 m short of the tiles' east and south edges: the extent is cut to
        # where every input has data (the pixels beyond are nodata either way)
        assert a.shape == (250, 250) and a.transform.c == pytest.approx(EXTENT[0])
        wa, wb = a.read(1), b.read(1)
    agreement = float(np.mean(wa == wb))
    print(f"WMS vs file agreement: {agreement:.4%}")
    assert agreement >= 0.99
    assert len(np.unique(wb[wb > 0])) >= 3  # a real map, not one class everywhere
    # requests were ours, aligned on the grid: one GetMap per tile, never above the server's max
    maps = [m for m in local_wms.get_maps() if m["LAYERS"] in (RGB_LAYER, IRC_LAYER)]
    assert maps and all(int(m["WIDTH"]) <= 1000 and m["CRS"] == "EPSG:2154" for m in maps)


def test_large_request_is_split_under_max_size(local_wms):
    src = ProviderSource(wms_layer(local_wms.url, RGB_LAYER), max_size=100)
    grid = Grid("EPSG:2154", EXTENT[0], EXTENT[3], 0.2, 252, 252)
    before = len(local_wms.get_maps())
    reader = src.reader(grid)
    try:
        data, valid = reader.read((0, 252), (0, 252), [1, 2, 3])
    finally:
        reader.close()
    sizes = [(int(m["WIDTH"]), int(m["HEIGHT"])) for m in local_wms.get_maps()[before:]]
    assert len(sizes) == 9 and max(max(s) for s in sizes) <= 100
    with rasterio.open(os.path.join(DATA, "ortho_rgb_20cm.tif")) as ds:
        expected = ds.read()
    same = np.all(data == expected, axis=0) & valid
    assert same.mean() >= 0.999  # and no seams where the 9 requests meet


def test_reads_a_clone_from_a_worker_thread(local_wms):
    from qgis.PyQt import sip

    layer = wms_layer(local_wms.url, IRC_LAYER)
    src = source_for_layer(layer)  # main thread: clones the provider
    grid = Grid("EPSG:2154", EXTENT[0], EXTENT[3], 0.2, 252, 252)
    got = {}

    def work():
        try:
            reader = src.reader(grid)
            got["input"] = sip.unwrapinstance(reader.input)
            got["data"] = reader.read((100, 110), (100, 110), [1])
            reader.close()
        except BaseException as e:  # noqa: BLE001 - handed to the test thread, which re-raises it
            got["error"] = e

    t = threading.Thread(target=work)
    t.start()
    t.join(60)
    assert "error" not in got, got.get("error")
    assert got["input"] != sip.unwrapinstance(layer.dataProvider())  # never the user's provider
    data, valid = got["data"]
    with rasterio.open(os.path.join(DATA, "ortho_irc_20cm.tif")) as ds:
        nir = ds.read(1)[100:110, 100:110]
    assert valid.all() and np.array_equal(data[0], nir)  # band 1 of the IRC layer is NIR


def test_server_gone_gives_clear_error_and_no_output(model, tmp_path, qgis_app):
    with wms_server(str(tmp_path / "wms")) as server:
        rgb = source_for_layer(wms_layer(server.url, RGB_LAYER))
        irc = source_for_layer(wms_layer(server.url, IRC_LAYER))
    # the server is now stopped: its port is closed
    out = tmp_path / "out.tif"
    with pytest.raises(SourceError) as e:
        run(model, rgb, irc, str(out))
    assert server.url in str(e.value) and "refused" in str(e.value).lower()
    assert not out.exists() and not list(tmp_path.glob("out*"))


def test_unreachable_server_layer_and_bdortho(tmp_path, qgis_app):
    from mapserver import free_port

    url = f"http://127.0.0.1:{free_port()}/"
    layer = QgsRasterLayer(bdortho_uri(RGB_LAYER, url=url), "offline", "wms")
    with pytest.raises(SourceError, match=url):
        source_for_layer(layer)
    project = QgsProject()
    with pytest.raises(BdOrthoError, match=url):
        add_bdortho_layers(project, url=url)
    assert not project.mapLayers()


def test_lidar_hd_height_is_asked_for_on_the_wmts_service():
    """FLAIR.md §7: the Géoplateforme serves LiDAR HD height on its WMTS, not its WMS."""
    from flair_qgis.qgis_glue.layers.bdortho import LAYERS, MNH_LAYER, wmts_uri

    assert [(s, n) for s, n, *_ in LAYERS if n == MNH_LAYER] == [("wmts", MNH_LAYER)]
    uri = uri_params(wmts_uri(MNH_LAYER))
    assert uri.param("tileMatrixSet") == "PM_0_18" and uri.param("layers") == MNH_LAYER
    assert uri.param("url").startswith("https://data.geopf.fr/wmts?") and "wms-r" not in uri.param("url")
    assert not is_plain_wms("wms", wmts_uri(MNH_LAYER))  # never asked as WMS GetMap


def test_add_bdortho_layers_from_local_server(local_wms):
    project = QgsProject()
    layers = add_bdortho_layers(project, url=local_wms.url, wmts_url=local_wms.url)
    # the local server has no LiDAR HD layer: the two ortho layers load, the third is skipped
    assert [layer.source() for layer in layers] == [
        bdortho_uri(RGB_LAYER, url=local_wms.url),
        bdortho_uri(IRC_LAYER, url=local_wms.url),
    ]
    group = project.layerTreeRoot().findGroup(GROUP)
    assert group is not None and [n.layer() for n in group.findLayers()] == layers
    assert group.findLayer(layers[0]).isVisible() and not group.findLayer(layers[1]).itemVisibilityChecked()
    assert add_bdortho_layers(project, url=local_wms.url, wmts_url=local_wms.url) == layers  # nothing added twice
    assert len(project.mapLayers()) == 2


def test_add_a_past_years_bdortho_from_local_server(local_wms):
    """Land take needs the same area at two dates: a year's campaign comes as its own group, beside
    the current layers, under the Géoplateforme's names (ORTHOIMAGERY.ORTHOPHOTOS2021, ...)."""
    from flair_qgis.qgis_glue.layers.bdortho import VINTAGES

    project = QgsProject()
    current = add_bdortho_layers(project, url=local_wms.url, wmts_url=local_wms.url)
    past = add_bdortho_layers(project, url=local_wms.url, wmts_url=local_wms.url, year=2021)
    assert [layer.source() for layer in past] == [bdortho_uri("ORTHOIMAGERY.ORTHOPHOTOS2021", url=local_wms.url),
                                                  bdortho_uri("ORTHOIMAGERY.ORTHOPHOTOS.IRC.2021", url=local_wms.url)]
    assert [layer.name() for layer in past] == ["BD ORTHO 2021 - RGB (IGN)", "BD ORTHO 2021 IRC - NIR, R, G (IGN)"]
    group = project.layerTreeRoot().findGroup("BD ORTHO 2021 (IGN)")
    assert [n.layer() for n in group.findLayers()] == past and len(project.mapLayers()) == len(current) + 2
    assert 2016 in VINTAGES and 2024 in VINTAGES
    with pytest.raises(BdOrthoError):  # a year the server does not serve: no layer, said
        add_bdortho_layers(QgsProject(), url=local_wms.url, wmts_url=local_wms.url, year=2019)
    with pytest.raises(ValueError, match="2016..2024"):
        add_bdortho_layers(QgsProject(), url=local_wms.url, year=1990)


def test_crs_the_server_does_not_offer(local_wms):
    with pytest.raises(SourceError, match="does not offer HR.ORTHOIMAGERY.ORTHOPHOTOS in EPSG:3857"):
        source_for_layer(wms_layer(local_wms.url, RGB_LAYER), crs="EPSG:3857")


def test_wms_read_in_another_crs(local_wms):
    """A grid in UTM 31N over a Lambert-93 layer: the WMS is asked in UTM, prepared in the main
    thread (crs=...) or, if not, by the reader thread; both land within a pixel of the file
    warped there (the local server reprojects approximately: values are not pixel-exact)."""
    from rasterio.warp import transform_bounds

    x0, y0, x1, y1 = transform_bounds("EPSG:2154", "EPSG:32631", *EXTENT)
    grid = Grid.covering("EPSG:32631", (x0 + 2, y0 + 2, x1 - 2, y1 - 2), 0.2)  # inside the tile
    prepared = source_for_layer(wms_layer(local_wms.url, RGB_LAYER), crs="EPSG:32631")
    lazy = source_for_layer(wms_layer(local_wms.url, RGB_LAYER))
    got = {}
    t = threading.Thread(target=lambda: got.update(lazy=read(lazy, grid)))
    t.start()
    t.join(60)
    by_file = read(FileSource(os.path.join(DATA, "ortho_rgb_20cm.tif")), grid, "nearest")
    for data, valid in (read(prepared, grid), got["lazy"]):
        assert valid.all()
        assert best_shift(data, by_file[0]) in [(dy, dx) for dy in (-1, 0, 1) for dx in (-1, 0, 1)]
    assert {m["CRS"] for m in local_wms.get_maps()[-2:]} == {"EPSG:32631"}


def test_wms_read_on_a_grid_in_an_equivalent_crs(local_wms):
    """The Montpellier files' CRS is a hand-written WKT named EPSG:2154 (no authority code): a
    grid in it must still read the EPSG:2154 WMS as is, pixel for pixel."""
    with rasterio.open(os.path.join(DATA, "ortho_rgb_20cm.tif")) as ds:
        wkt, expected = ds.crs.to_wkt(), ds.read()
    src = source_for_layer(wms_layer(local_wms.url, RGB_LAYER), crs=wkt)
    data, valid = read(src, Grid(wkt, EXTENT[0], EXTENT[3], 0.2, 252, 252))
    assert valid.all() and np.mean(np.all(data == expected, axis=0)) >= 0.999


def best_shift(a, b, k=3):
    """The (dy, dx) in pixels, |d| <= k, that best aligns image a onto b (least mean difference)."""
    h, w = a.shape[1:]
    inner = a[:, k : h - k, k : w - k]
    diffs = {
        (dy, dx): np.abs(inner - b[:, k + dy : h - k + dy, k + dx : w - k + dx]).mean()
        for dy in range(-k, k + 1)
        for dx in range(-k, k + 1)
    }
    return min(diffs, key=diffs.get)


def read(src, grid, resampling="bilinear"):
    reader = src.reader(grid, resampling)
    try:
        return reader.read((0, grid.height), (0, grid.width), [1, 2, 3])
    finally:
        reader.close()
