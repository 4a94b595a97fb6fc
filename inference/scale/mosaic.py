"""A VRT mosaic of Cloud-Optimised GeoTIFF blocks, for outputs past the size where one file
stops making sense (a département at 0.2 m is 150 Gpx): ``-o NAME.vrt``.

Each finished block becomes a COG (deflate, internal mode overviews, the FLAIR colour table) in
a folder of this run's own, ``NAME_blocks/run-<pid>-<hex>/``; ``NAME.vrt`` lists them (a multi-task
model: ``NAME_landcover.vrt``, ``NAME_lpis.vrt``..., each over its own blocks folder) with the colour
table and class names, so QGIS and GDAL open the mosaic as one layer, styled by the same ``.qml``,
its overviews taken from the blocks'. A run never writes into a folder a VRT lists: its blocks go to
a new folder, its VRT, style and report are staged (commit.OutputSet), read back (pixels counted
against the blocks') and swapped in together; only then are earlier runs' folders removed. A run
killed at any instant leaves the previous VRT over the previous blocks; its own folder, listed by
nothing, is removed by the next run that completes.
"""
from __future__ import annotations

import contextlib
import os
import re
import shutil

from ..core.raster import gdal_exceptions
from ..labels.style import band_tags, colormap
from ..segment.commit import OutputSet, alive, check_free_space
from ..segment.params import confidence_path
from ..segment.pipeline import map_description, stage_the_rest
from .job import Plan, ScaleError


def is_mosaic(output: str) -> bool:
    return output.lower().endswith(".vrt")


def tiles_folder(output: str) -> str:
    return os.path.splitext(output)[0] + "_blocks"


def _cog(gdal, src: str, dst: str, band: int, classes) -> None:
    mem = gdal.Translate("", src, format="VRT", bandList=[band])
    if classes is not None:
        ct = gdal.ColorTable()
        for code, rgba in colormap(classes).items():
            ct.SetColorEntry(int(code), tuple(int(v) for v in rgba))
        mem.GetRasterBand(1).SetRasterColorTable(ct)
        mem.GetRasterBand(1).SetRasterColorInterpretation(gdal.GCI_PaletteIndex)
    gdal.Translate(dst, mem, format="COG", creationOptions=[
        "COMPRESS=DEFLATE", "BLOCKSIZE=256", f"OVERVIEW_RESAMPLING={'MODE' if classes is not None else 'AVERAGE'}"])
    mem = None


def _build_folder(gdal, plan: Plan, ws, run: str, band: int, classes) -> list[str]:
    """COGs of one band of every block in this run's folder ``run``; their paths."""
    os.makedirs(run)
    paths = []
    for b in plan.blocks:
        r, c, _, _ = b.core
        paths.append(os.path.join(run, f"r{r:08d}_c{c:08d}.tif"))
        _cog(gdal, ws.path(b.index), paths[-1], band, classes)
    return paths


_RUN = re.compile(r"^run-(?P<pid>\d+)-[0-9a-f]+$")
_OLD_BLOCK = re.compile(r"^r\d{8}_c\d{8}\.tif(\.aux\.xml|\.ovr)?$")  # before run folders: blocks in NAME_blocks/
_BUILDING: set[str] = set()  # run folders this process is writing (QGIS runs several in one process)


def _remove_earlier(folder: str, keep: str | None) -> None:
    """After a commit: the run folders no VRT lists any more (the previous run's, a killed run's),
    not one another process or task is still writing; and blocks of the older layout."""
    try:
        entries = os.listdir(folder)
    except FileNotFoundError:
        return
    for entry in entries:
        path = os.path.join(folder, entry)
        m = _RUN.match(entry)
        if m and path != keep and path not in _BUILDING and (int(m.group("pid")) == os.getpid()
                                                              or not alive(int(m.group("pid")))):
            shutil.rmtree(path, ignore_errors=True)
        elif _OLD_BLOCK.match(entry):
            os.remove(path)
    if keep is None:
        with contextlib.suppress(OSError):  # empty: nothing of ours left in it
            os.rmdir(folder)


def _vrt(gdal, path: str, sources: list[str], classes, nodata: int, description: str) -> None:
    ds = gdal.BuildVRT(path, sources)
    if ds is None:
        raise ScaleError.say("GDAL could not build {path} from the blocks in {folder}", path=path,
                             folder=os.path.dirname(sources[0]))
    band = ds.GetRasterBand(1)
    band.SetNoDataValue(nodata)
    if classes is not None:
        ct = gdal.ColorTable()
        for code, rgba in colormap(classes).items():
            ct.SetColorEntry(int(code), tuple(int(v) for v in rgba))
        band.SetRasterColorTable(ct)
        band.SetRasterColorInterpretation(gdal.GCI_PaletteIndex)
        band.SetMetadata(band_tags(classes))
    ds.SetMetadataItem("DESCRIPTION", description)
    ds = None


@gdal_exceptions()
def assemble_mosaic(plan: Plan, ws, make_result, after_stage) -> object:
    """Write the mosaic of every map of the run (a VRT per task, and per confidence raster);
    ``make_result()`` builds the run's result and ``after_stage(out, result)`` adds to what is staged
    before the swap."""
    from osgeo import gdal

    job, grid = plan.job, plan.grid
    check_free_space(job.output, grid.width, grid.height * len(plan.maps), job.confidence)
    layers = []  # (VRT, band of the block files, classes, nodata, description): per task, labels then confidence
    for m in plan.maps:
        layers.append((m.output, len(layers) + 1, m.classes, m.nodata, map_description(plan.card.name, m)))
        if job.confidence:
            layers.append((m.confidence, len(layers) + 1, None, 0, "max class probability x 255"))
    folders = [tiles_folder(p) for m in plan.maps for p in (m.output, confidence_path(m.output))]
    with OutputSet(plan.files(job.output) + folders, remove_on_commit=plan.stale(job.output)) as out:
        # this run's folders (an older version's hidden ones are OutputSet's leftovers)
        runs = {vrt: os.path.join(tiles_folder(vrt), f"run-{out.token}") for vrt, *_ in layers}
        made = [f for f in folders if not os.path.isdir(f)]
        _BUILDING.update(runs.values())
        try:
            for vrt, band, classes, nodata, description in layers:
                paths = _build_folder(gdal, plan, ws, runs[vrt], band, classes)
                # staged beside the final name: the same relative paths reach this run's folder
                _vrt(gdal, out.temp(vrt), paths, classes, nodata, description)
            result = make_result()
            stage_the_rest(out, job.params, plan, result)
            after_stage(out, result)
            out.commit()  # read back through this run's folders, then every file swapped in together
        except BaseException:
            for run in runs.values():
                shutil.rmtree(run, ignore_errors=True)
            for folder in made:  # a first run's folder goes too: the disk as it was
                with contextlib.suppress(OSError):
                    os.rmdir(folder)
            raise
        finally:
            _BUILDING.difference_update(runs.values())
        # without confidence, its VRTs went with the commit (stale): their run folders go too
        for m in plan.maps:
            for vrt in (m.output, confidence_path(m.output)):
                _remove_earlier(tiles_folder(vrt), runs.get(vrt))
    return result
