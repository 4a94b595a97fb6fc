"""Which engine source a QGIS layer becomes, and that provider reads give the file's pixels."""
from __future__ import annotations

import os
import shutil

import mapserver
import numpy as np
import pytest
import rasterio
from mapserver import DATA, plugin
from osgeo import gdal
from qgis.core import QgsCoordinateReferenceSystem, QgsRasterLayer

local_wms = mapserver.local_wms  # the fixture, for pytest to find here
plugin()
from flair_qgis.inference.core.grid import Grid  # noqa: E402
from flair_qgis.inference.segment.sources import FileSource  # noqa: E402
from flair_qgis.qgis_glue.layers.bdortho import RGB_LAYER, bdortho_uri  # noqa: E402
from flair_qgis.qgis_glue.layers.source import ProviderSource, decode_argb, source_for_layer  # noqa: E402


@pytest.fixture
def rgb_copy(tmp_path):
    # QGIS writes .aux.xml beside rasters it opens: work on a copy, keep data/ clean
    return shutil.copy(os.path.join(DATA, "ortho_rgb_20cm.tif"), tmp_path / "rgb.tif")


def read_all(src, grid, bands, resampling="bilinear"):
    reader = src.reader(grid, resampling)
    try:
        return reader.read((0, grid.height), (0, grid.width), bands)
    finally:
        reader.close()


def test_file_layer_is_a_file_source(rgb_copy, qgis_app):
    layer = QgsRasterLayer(str(rgb_copy), "rgb", "gdal")
    src = source_for_layer(layer)
    assert isinstance(src, FileSource) and src.path == str(rgb_copy)
    assert src.info.crs == "EPSG:2154" and src.info.count == 3

    class Suffixed:  # a GDAL source string with a "|layername=" suffix (GeoTIFF layers refuse one)
        def __getattr__(self, name):
            return getattr(layer, name)

        def source(self):
            return f"{rgb_copy}|layername=rgb"

    src = source_for_layer(Suffixed())
    assert isinstance(src, FileSource) and src.path == str(rgb_copy)


def height_raster(path, nodata=-9999.0):
    """4 x 6 float32 heights in EPSG:2154 at 0.5 m: value = 10 * row + col, (0, 0) is nodata."""
    ds = gdal.GetDriverByName("GTiff").Create(path, 6, 4, 1, gdal.GDT_Float32)
    ds.SetGeoTransform((1000.0, 0.5, 0, 2000.0, 0, -0.5))
    ds.SetProjection(QgsCoordinateReferenceSystem("EPSG:2154").toWkt())
    values = (10 * np.arange(4)[:, None] + np.arange(6)[None, :]).astype(np.float32)
    values[0, 0] = nodata
    ds.GetRasterBand(1).SetNoDataValue(nodata)
    ds.GetRasterBand(1).WriteArray(values)
    ds = None
    return values


def test_in_memory_raster_reads_through_provider(qgis_app):
    path = "/vsimem/flair_test_heights.tif"
    values = height_raster(path)
    try:
        layer = QgsRasterLayer(path, "heights", "gdal")
        src = source_for_layer(layer)
        assert isinstance(src, ProviderSource) and not src.argb
        assert (src.info.count, src.info.crs, src.info.res) == (1, "EPSG:2154", 0.5)
        # the raster's own grid plus one column to the east outside it
        data, valid = read_all(src, Grid("EPSG:2154", 1000.0, 2000.0, 0.5, 7, 4), [1], "nearest")
        assert np.array_equal(data[0, :, :6][valid[:, :6]], values[valid[:, :6]])
        assert not valid[0, 0] and valid[0, 1:6].all()  # nodata value
        assert not valid[:, 6].any()  # outside the raster
        # the user's layer keeps its settings: resampling was set on our clone only
        assert not layer.dataProvider().isProviderResamplingEnabled()
    finally:
        gdal.Unlink(path)


def test_vrt_reads_like_the_file(rgb_copy, qgis_app):
    path = "/vsimem/flair_test_rgb.vrt"
    gdal.BuildVRT(path, [str(rgb_copy)])
    try:
        src = source_for_layer(QgsRasterLayer(path, "vrt", "gdal"))
        assert isinstance(src, ProviderSource)
        grid = Grid(src.info.crs, 770549.8, 6277600.2, 0.2, 252, 252)
        data, valid = read_all(src, grid, [3, 1])
        with rasterio.open(rgb_copy) as ds:
            expected = ds.read([3, 1])
        assert valid.mean() > 0.99 and np.array_equal(data[:, valid], expected[:, valid])
    finally:
        gdal.Unlink(path)


def test_reprojected_provider_read(qgis_app):
    """A grid in another CRS than a non-web layer: QGIS reprojects the clone (nearest)."""
    path = "/vsimem/flair_test_heights_3857.tif"
    values = height_raster(path)
    try:
        src = source_for_layer(QgsRasterLayer(path, "heights", "gdal"))
        # EPSG:2154 (1001.25, 1999.25) is the centre of pixel (row 1, col 2), value 12
        from qgis.core import QgsCoordinateTransform, QgsPointXY, QgsProject

        t = QgsCoordinateTransform(
            QgsCoordinateReferenceSystem("EPSG:2154"), QgsCoordinateReferenceSystem("EPSG:3857"), QgsProject.instance()
        )
        p = t.transform(QgsPointXY(1001.25, 1999.25))
        data, valid = read_all(src, Grid("EPSG:3857", p.x() - 0.05, p.y() + 0.05, 0.1, 1, 1), [1])
        assert valid[0, 0] and data[0, 0, 0] == values[1, 2]
    finally:
        gdal.Unlink(path)


def test_argb_decoding():
    # QImage ARGB32 pixels are 0xAARRGGBB words, i.e. bytes B, G, R, A in little-endian memory
    raw = np.frombuffer(bytes([30, 20, 10, 255, 3, 2, 1, 0]), "<u4").reshape(1, 2)
    rgb, valid = decode_argb(raw.astype(np.uint32))
    assert rgb[:, 0, 0].tolist() == [10, 20, 30] and valid.tolist() == [[True, False]]
    # premultiplied: half-transparent (128) red 64 means 127.5 -> 128
    rgb, valid = decode_argb(np.array([[0x80400000]], np.uint32), premultiplied=True)
    assert rgb[0, 0, 0] == 128 and valid[0, 0]


def test_wms_pixel_is_decoded_as_rgb(local_wms):
    layer = QgsRasterLayer(bdortho_uri(RGB_LAYER, url=local_wms.url, fmt="image/png"), "rgb", "wms")
    src = source_for_layer(layer)
    assert src.argb and src.info.count == 3 and src.info.name == "rgb"
    # one pixel, row 40 col 70 of the file
    grid = Grid("EPSG:2154", 770549.8 + 70 * 0.2, 6277600.2 - 40 * 0.2, 0.2, 1, 1)
    data, valid = read_all(src, grid, [1, 2, 3])
    with rasterio.open(os.path.join(DATA, "ortho_rgb_20cm.tif")) as ds:
        expected = ds.read(window=((40, 41), (70, 71)))
    assert valid[0, 0] and data[:, 0, 0].tolist() == expected[:, 0, 0].tolist()
    assert len(set(expected[:, 0, 0].tolist())) == 3  # R, G, B differ: a swap would show


def test_band_count_hint(rgb_copy, qgis_app):
    with pytest.raises(Exception, match="there is no band 4"):
        source_for_layer(QgsRasterLayer(str(rgb_copy), "rgb", "gdal"), band_count_hint=4)
