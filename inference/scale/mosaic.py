"""A VRT mosaic of Cloud-Optimised GeoTIFF blocks, for outputs past the size where one file
stops making sense (a département at 0.2 m is 150 Gpx): ``-o NAME.vrt``.

Each finished block becomes a COG (deflate, internal mode overviews, the FLAIR colour table) in
``NAME_blocks/``; ``NAME.vrt`` lists them with the colour table and class names, so QGIS and GDAL
open the mosaic as one layer, styled by the same ``.qml``, its overviews taken from the blocks'.
The COG folder is built under a hidden name; the VRT, its style and the report are staged
(commit.OutputSet), and the VRT is read back through the hidden folder and its pixels counted
against the blocks' before anything of the previous run is touched. Only then is the folder moved
in and the rest swapped; if that fails, the previous folder comes back with the previous VRT.
"""
from __future__ import annotations

import os
import shutil

from ..core.raster import gdal_exceptions
from ..labels.style import band_tags, classes_for, colormap
from ..segment.checks import output_files
from ..segment.commit import OutputSet, check_free_space, signals_held, staged_name
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


def _build_folder(gdal, plan: Plan, ws, staged: str, band: int, classes) -> list[str]:
    """COGs of one band of every block in the hidden folder ``staged``; their paths."""
    os.makedirs(staged)
    paths = []
    for b in plan.blocks:
        r, c, _, _ = b.core
        paths.append(os.path.join(staged, f"r{r:08d}_c{c:08d}.tif"))
        _cog(gdal, ws.path(b.index), paths[-1], band, classes)
    return paths


def _point_at(vrt: str, staged: str, final: str) -> None:
    """The VRT's block paths (relative to it) from the hidden folder to the final one."""
    with open(vrt, encoding="utf-8") as f:
        text = f.read()
    old, new = f">{os.path.basename(staged)}/", f">{os.path.basename(final)}/"
    if old not in text:
        raise ScaleError(f"{vrt} does not list its blocks relative to it; nothing was replaced")
    with open(vrt, "w", encoding="utf-8") as f:
        f.write(text.replace(old, new))


def _swap_in(built: list[tuple[str, str]], commit) -> None:
    """Move the verified COG folders in, then ``commit`` the VRTs that list them; if that fails the
    previous folders come back, so a previous VRT never lists other blocks than its own."""
    moved = []
    try:
        with signals_held():
            for staged, final in built:
                old = staged + ".old" if os.path.isdir(final) else None
                if old:
                    os.replace(final, old)
                moved.append((final, old))
                os.replace(staged, final)
        commit()
    except BaseException:
        for final, old in reversed(moved):
            shutil.rmtree(final, ignore_errors=True)
            if old:
                os.replace(old, final)
        raise
    for _, old in moved:
        if old:
            shutil.rmtree(old, ignore_errors=True)


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
        built: list[tuple[str, str]] = []  # (hidden folder, final folder)
        try:
            vrts = [(job.output, folders[0], 1, classes, f"FLAIR codes from {plan.card.name}")]
            if job.confidence:
                vrts.append((confidence_vrt(job.output), folders[1], 2, None, "max class probability x 255"))
            for vrt, folder, band, cls, description in vrts:
                # named as out's staged files: a killed run's folder is removed by the next run
                built.append((staged_name(folder, out.token), folder))
                paths = _build_folder(gdal, plan, ws, built[-1][0], band, cls)
                # staged beside the final name, listing the hidden folder's blocks relative to it
                _vrt(gdal, out.temp(vrt), paths, cls, description)
            result = make_result()
            result.confidence = confidence_vrt(job.output) if job.confidence else None
            result.maps[0].confidence = result.confidence
            stage_the_rest(out, job.params, plan, result)
            after_stage(out, result)
            out.verify()  # read through the hidden folders, before anything of the previous run is touched
            for (vrt, *_), (staged, folder) in zip(vrts, built):
                _point_at(out.temp(vrt), staged, folder)
            _swap_in(built, out.commit)
            if not job.confidence:  # its VRT went with the commit (stale): the blocks it listed go too
                shutil.rmtree(folders[1], ignore_errors=True)
        except BaseException:
            for staged, _ in built:
                shutil.rmtree(staged, ignore_errors=True)
            raise
    return result
