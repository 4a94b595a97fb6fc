"""A VRT mosaic of Cloud-Optimised GeoTIFF blocks, for outputs past the size where one file
stops making sense (a département at 0.2 m is 150 Gpx): ``-o NAME.vrt``.

Each finished block becomes a COG (deflate, internal mode overviews, the FLAIR colour table) in
``NAME_blocks/``; ``NAME.vrt`` lists them with the colour table and class names, so QGIS and GDAL
open the mosaic as one layer, styled by the same ``.qml``, its overviews taken from the blocks'.
The COG folder is built under a hidden name and moved into place whole; the VRT, its style and
the report are then staged and swapped in together (commit.OutputSet) and the VRT is read back
and its pixels counted against the blocks' before the swap.
"""
from __future__ import annotations

import os
import shutil

from ..core.raster import gdal_exceptions
from ..labels.style import band_tags, classes_for, colormap
from ..segment.checks import output_files
from ..segment.commit import OutputSet, check_free_space, staged_name
from ..segment.params import report_path
from ..segment.pipeline import stage_the_rest
from .job import Plan, ScaleError


def is_mosaic(output: str) -> bool:
    return output.lower().endswith(".vrt")


def tiles_folder(output: str) -> str:
    return os.path.splitext(output)[0] + "_blocks"


def confidence_vrt(output: str) -> str:
    return os.path.splitext(output)[0] + "_confidence.vrt"


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


def _build_folder(gdal, plan: Plan, ws, out: OutputSet, final: str, band: int, classes) -> list[str]:
    """COGs of one band of every block in ``final``, built in a hidden folder named as ``out``'s staged
    files (a killed run's is removed by the next, as they are) and moved in whole; their paths."""
    staged = staged_name(final, out.token)
    os.makedirs(staged)
    names = []
    try:
        for b in plan.blocks:
            r, c, _, _ = b.core
            n = f"r{r:08d}_c{c:08d}.tif"
            _cog(gdal, ws.path(b.index), os.path.join(staged, n), band, classes)
            names.append(n)
        if os.path.isdir(final):
            os.replace(final, staged + ".old")
            shutil.rmtree(staged + ".old", ignore_errors=True)
        os.replace(staged, final)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    return [os.path.join(final, n) for n in names]


def _vrt(gdal, path: str, sources: list[str], classes, description: str) -> None:
    ds = gdal.BuildVRT(path, sources)
    if ds is None:
        raise ScaleError(f"GDAL could not build {path} from the blocks in {os.path.dirname(sources[0])}")
    band = ds.GetRasterBand(1)
    band.SetNoDataValue(0)
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
    """Write the mosaic; ``make_result()`` builds the run's result and
    ``after_stage(out, result)`` adds to what is staged before the swap."""
    from osgeo import gdal

    job, grid = plan.job, plan.grid
    classes = classes_for(plan.card.class_names)
    check_free_space(job.output, grid.width, grid.height, job.confidence)
    finals = output_files(job.output) + [confidence_vrt(job.output)]
    folders = [tiles_folder(job.output), tiles_folder(confidence_vrt(job.output))]
    stale = tuple(p for p, made in ((confidence_vrt(job.output), job.confidence),
                                    (report_path(job.output), job.report)) if not made)
    with OutputSet(finals + folders, remove_on_commit=stale) as out:  # the folders: their leftovers go too
        labels = _build_folder(gdal, plan, ws, out, folders[0], 1, classes)
        conf = _build_folder(gdal, plan, ws, out, folders[1], 2, None) if job.confidence else None
        # staged beside the final name, so the VRT's relative paths to the blocks stay right
        _vrt(gdal, out.temp(job.output), labels, classes, f"FLAIR codes from {plan.card.name}")
        if conf is not None:
            _vrt(gdal, out.temp(confidence_vrt(job.output)), conf, None, "max class probability x 255")
        result = make_result()
        result.confidence = confidence_vrt(job.output) if conf is not None else None
        result.maps[0].confidence = result.confidence
        stage_the_rest(out, job.params, plan, result)
        after_stage(out, result)
        out.commit()
    return result
