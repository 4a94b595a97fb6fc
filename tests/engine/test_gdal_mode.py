"""The engine leaves GDAL's Python error mode as it found it.

``gdal.UseExceptions()`` is process-wide: in QGIS it would flip the mode for QGIS's own Python code
and every other plugin (code that tests ``gdal.Open(...) is None`` then gets exceptions). The engine
turns exceptions on only inside ``core.raster.gdal_exceptions()`` blocks; after any engine call the
mode of gdal and ogr is what it was before, whether exceptions were on or off."""
from __future__ import annotations

import os
import threading

import numpy as np
import pytest
import tiny_models as tm
from osgeo import gdal, ogr, osr
from rasters import X0, Y0, random_bands, write

from inference.change.params import ChangeParams
from inference.change.run import change
from inference.core.errors import InputError
from inference.core.raster import gdal_exceptions
from inference.qa.compare import CompareParams, compare
from inference.qa.hotspots import find_hotspots, read_hotspots
from inference.qa.patches import placed_vrt
from inference.scale.job import ScaleJob
from inference.scale.run import segment_blocks
from inference.segment.commit import OutputError
from inference.vector.gpkg import Field, GpkgWriter
from inference.vector.run import VectorParams, vectorize


def _set(on: bool, ogr_on: bool | None = None) -> None:
    """Both modules' modes (off in the reverse order of on: GDAL 3.6 keeps their handlers in a stack)."""
    ogr.DontUseExceptions()
    gdal.DontUseExceptions()
    if on:
        gdal.UseExceptions()
    if on if ogr_on is None else ogr_on:
        ogr.UseExceptions()


def _modes() -> tuple[int, int]:
    return gdal.GetUseExceptions(), ogr.GetUseExceptions()


@pytest.fixture(params=[False, True], ids=["exceptions-off", "exceptions-on"])
def mode(request):
    """The mode the host process had before the engine call; checked unchanged after it."""
    before = _modes()
    _set(request.param)
    yield request.param
    try:
        assert _modes() == (int(request.param),) * 2, "an engine call changed GDAL's process-wide error mode"
    finally:
        _set(*before)


def _square_zones(path, polygons):
    """polygons: [(name, (xmin, ymin, xmax, ymax))] in Lambert-93, field INSEE."""
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(2154)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    layer = ds.CreateLayer("zones", srs, ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("INSEE", ogr.OFTString))
    for name, (x0, y0, x1, y1) in polygons:
        f = ogr.Feature(layer.GetLayerDefn())
        f.SetGeometry(ogr.CreateGeometryFromWkt(f"POLYGON(({x0} {y0},{x1} {y0},{x1} {y1},{x0} {y1},{x0} {y0}))"))
        f.SetField("INSEE", name)
        layer.CreateFeature(f)
    ds = None
    return str(path)


def test_vectorize_with_a_sieve(tmp_path, mode):
    a = np.repeat(np.repeat(np.arange(1, 7, dtype=np.uint8).reshape(2, 3), 20, 0), 20, 1)
    a[5, 5] = 9  # a lone pixel for the sieve (write_codes, sieve, polygons, GeoPackage)
    res = vectorize(VectorParams(write(tmp_path / "lab.tif", a, nodata=0), str(tmp_path / "p.gpkg"), window=16))
    assert res.polygons == 6


def test_compare_within_polygons_then_hotspots_and_a_placed_vrt(tmp_path, mode):
    ref = np.full((60, 60), 10, np.uint8)
    pred = ref.copy()
    pred[0:30, 0:30] = 1
    r, p = write(tmp_path / "r.tif", ref), write(tmp_path / "p.tif", pred)
    within = _square_zones(tmp_path / "w.gpkg", [("a", (X0, Y0 - 12, X0 + 12, Y0))])
    dis = str(tmp_path / "dis.tif")
    res = compare(CompareParams(r, "flair19", p, "flair19", within=within, disagreement=dis, window=16))
    assert res.matrix.sum() == 3600 and res.matrix[10, 1] == 900
    hot = find_hotspots(dis, str(tmp_path / "hot.gpkg"), min_area_m2=1.0)
    assert hot.count == 1 and read_hotspots(str(tmp_path / "hot.gpkg"))[0]["ref_code"] == 10
    assert placed_vrt(p, (X0, Y0), str(tmp_path / "placed")).endswith("_placed.vrt")


def test_change_with_zones_and_a_refused_zones_file(tmp_path, mode):
    b = np.full((130, 130), 10, np.uint8)
    a = b.copy()
    a[10:20, 10:20] = 1
    before = write(tmp_path / "b.tif", b, res=1.0, nodata=0)
    after = write(tmp_path / "a.tif", a, res=1.0, nodata=0)
    zones = _square_zones(tmp_path / "z.gpkg", [("34001", (X0, Y0 - 130, X0 + 65, Y0)),
                                                ("34002", (X0 + 65, Y0 - 130, X0 + 130, Y0))])
    os.makedirs(tmp_path / "out")
    p = ChangeParams(before=before, after=after, output=str(tmp_path / "out" / "C.gpkg"), zones=zones,
                     zone_field="INSEE", window=64)
    assert os.path.exists(change(p).files["gpkg"])
    p.zones = str(tmp_path / "none.gpkg")
    with pytest.raises(InputError, match="cannot open the zones"):
        change(p)


def test_a_gpkg_writer_that_cannot_write_still_says_so(tmp_path, mode):
    # an OGR failure is an OutputError naming the file whatever the host's mode (it needs exceptions)
    with pytest.raises(OutputError, match="nope"):
        GpkgWriter(str(tmp_path / "nope" / "p.gpkg"), "l", "EPSG:2154", [Field("code", "int")])


def test_a_vrt_mosaic_of_blocks(tmp_path, mode):
    path = write(tmp_path / "in.tif", random_bands((160, 120), seed=1))
    model = tm.box(str(tmp_path / "m.onnx"), 3, 3, tm.card(["R", "G", "B"], (1, 5, 7)))
    res = segment_blocks(ScaleJob.of_files(model=model, sources=[(None, path, None)], output=str(tmp_path / "o.vrt"),
                                           tile=64, margin=2, block=80))
    assert res.output.endswith(".vrt") and res.blocks > 1


def test_the_block_nests_restores_on_errors_and_counts_threads():
    before = _modes()
    try:
        _set(False)
        with pytest.raises(RuntimeError):
            with gdal_exceptions():
                with gdal_exceptions():
                    assert _modes() == (1, 1)
                assert _modes() == (1, 1)  # the inner block does not end the outer one's mode
                gdal.Open("/nonexistent/x.tif")
        assert _modes() == (0, 0)
        # two threads: the mode stays on until the last block ends (one thread's end must not
        # switch it off under the other)
        inside, release = threading.Event(), threading.Event()

        def worker():
            with gdal_exceptions():
                inside.set()
                release.wait(10)

        t = threading.Thread(target=worker)
        t.start()
        inside.wait(10)
        with gdal_exceptions():
            pass
        assert _modes() == (1, 1)
        release.set()
        t.join(10)
        assert _modes() == (0, 0)
        _set(True)
        with gdal_exceptions():
            pass
        assert _modes() == (1, 1)
        _set(False, True)  # ogr's on, gdal's off: gdal's handler goes on top of ogr's and comes off again
        with gdal_exceptions():
            assert _modes() == (1, 1)
        assert _modes() == (0, 1)
    finally:
        _set(*before)
