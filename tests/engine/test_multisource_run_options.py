"""What a multi-source run takes from the user besides its sources: the device (said back), the
class names' language, progress with tiles/s and time left, and command-line options that do not
apply refused by name rather than silently ignored."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
import rasterio
from multisource_models import converted, report_of, run_items, task_outputs

from inference.core.classes import FLAIR_HUB_ORDER
from inference.models.session import ModelError

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))



def items(sample):
    return [f"AERIAL.NIR={sample['aerial_irc']}:1", f"AERIAL.R={sample['aerial_rgb']}:1",
            f"AERIAL.G={sample['aerial_rgb']}:2", f"S2={sample['s2']}", f"S2.dates={sample['s2_dates']}"]


def test_progress_device_and_french_class_names(sample, tmp_path):
    seen = []
    result = run_items(converted("LC-D"), items(sample), tmp_path / "fr.tif", device="cpu", lang="fr",
                       progress=seen.append)
    assert [p.done for p in seen] == list(range(1, result.tiles + 1))
    assert all(p.total == result.tiles and p.device == "CPU" and p.tiles_per_s > 0 for p in seen)
    assert seen[-1].eta_s == 0
    assert result.device == "CPU" and result.seconds > 0
    qml = open(str(tmp_path / "fr_landcover.qml"), encoding="utf-8").read()
    assert "Bâtiment" in qml or "bâtiment" in qml.lower(), qml[:500]


def test_a_device_that_is_not_there_is_refused_before_any_file(sample, tmp_path):
    import onnxruntime as ort

    if "CUDAExecutionProvider" in ort.get_available_providers():
        pytest.skip("this machine has CUDA")
    with pytest.raises(ModelError, match="CUDA was asked for"):
        run_items(converted("LC-D"), items(sample), tmp_path / "gpu.tif", device="cuda")
    assert os.listdir(tmp_path) == []


def test_cli_refuses_single_source_options_by_name(sample, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    cmd = [sys.executable, "-m", "inference", "segment", "-m", converted("LC-D"), "-o", str(out / "x.tif"),
           *items(sample), "--tile", "256", "--batch", "2"]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "--tile, --batch: not available for a multi-source model" in done.stderr
    assert "Traceback" not in done.stderr
    assert os.listdir(out) == []


def test_confidence_and_blend_stitching_for_a_multisource_model(sample, tmp_path):
    """The same stream as a single-source run: a confidence raster per task (0 only where the map is
    nodata), and blend stitching that keeps the map's footprint and mostly its classes."""
    crop = run_items(converted("LC-D"), items(sample), tmp_path / "crop.tif", confidence=True)
    blend = run_items(converted("LC-D"), items(sample), tmp_path / "blend.tif", stitch="blend")
    task = "AERIAL_LABEL-COSIA"
    assert [(m.task, m.confidence) for m in crop.maps] == [(task, str(tmp_path / "crop_landcover_confidence.tif"))]
    assert [m.confidence for m in blend.maps] == [None]
    labels, conf, blended = (rasterio.open(p).read(1) for p in (crop.maps[0].output, crop.maps[0].confidence,
                                                                  blend.maps[0].output))
    assert conf.shape == labels.shape and (labels != 0).mean() > 0.5
    assert (conf[labels == 0] == 0).all()
    # the largest of n softmax probabilities is at least 1/n
    n = len(FLAIR_HUB_ORDER)
    assert conf[labels != 0].min() >= int(255 / n) and conf[labels != 0].max() <= 255
    assert ((blended == 0) == (labels == 0)).all()
    assert (blended == labels).mean() > 0.8
    assert sum(crop.maps[0].class_pixels.values()) == labels.size


def _read_all(path):
    with rasterio.open(path) as ds:
        return ds.read()


def test_workers_give_the_single_process_maps_pixel_for_pixel(sample, tmp_path):
    """`segment --workers 2` with a FLAIR-HUB model: its blocks run on two Dask worker processes and
    give the one-process maps and confidence pixel for pixel, and the same dates in the report."""
    pytest.importorskip("distributed")
    one = run_items(converted("LC-D"), items(sample), tmp_path / "one.tif", confidence=True)
    out = tmp_path / "two"
    out.mkdir()
    cmd = [sys.executable, "-m", "inference", "segment", "-m", converted("LC-D"), "-o", str(out / "two.tif"),
           *items(sample), "--workers", "2", "--block", "100", "--confidence", "--threads", "1"]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    blocks = int(done.stdout.split(" blocks,")[0].split()[-1])
    assert blocks > 1, done.stdout
    task = "AERIAL_LABEL-COSIA"
    assert (_read_all(task_outputs(one)[task]) == _read_all(out / "two_landcover.tif")).all()
    assert (_read_all(one.maps[0].confidence) == _read_all(out / "two_landcover_confidence.tif")).all()
    dates = {k: report_of(one)["inputs"]["SENTINEL2_TS"][k] for k in ("dates_per_tile", "dates_used", "dates_dropped")}
    assert dates["dates_used"] and dates == {k: report_of(out / "two_report.json")["inputs"]["SENTINEL2_TS"][k]
                                             for k in dates}
    assert sorted(os.listdir(out)) == sorted(os.path.basename(p).replace("one", "two")
                                              for p in os.listdir(tmp_path) if p.startswith("one"))


def test_reader_processes_give_the_single_process_map_and_dates(sample, tmp_path):
    """``--readers`` for a multi-source model: its tiles read in reader processes give the
    one-process map pixel for pixel, and the dates they fed reach the report."""
    from inference.cli.multisource import multisource_card, named_inputs
    from inference.scale.job import ScaleJob
    from inference.scale.run import segment_blocks
    from inference.segment.params import SegmentParams

    model = converted("LC-D")
    one = run_items(model, items(sample), tmp_path / "one.tif")
    params = SegmentParams(model=model, sources=[], output=str(tmp_path / "fed.tif"),
                           inputs=named_inputs(items(sample), multisource_card(model)), threads=1)
    fed = segment_blocks(ScaleJob.from_params(params, block=100, readers=2))
    assert fed.blocks > 1
    assert (_read_all(one.maps[0].output) == _read_all(fed.maps[0].output)).all()
    series = [report_of(r)["inputs"]["SENTINEL2_TS"] for r in (one, fed)]
    assert series[0]["dates_used"] and [s["dates_per_tile"] for s in series] == [series[0]["dates_per_tile"]] * 2
    assert series[0]["dates_used"] == series[1]["dates_used"]


@pytest.mark.parametrize("shape", ["LC-D", "LPIS-F"])  # LPIS: its nodata is 255 (one series tile: one block)
def test_a_vrt_mosaic_of_a_multisource_model_is_its_one_process_maps(sample, tmp_path, shape):
    """``-o NAME.vrt`` with a FLAIR-HUB model: each task's map and confidence become a VRT over COG
    blocks (NAME_landcover.vrt...) reading as the one-process GeoTIFFs; the `.vrt` was written as
    GeoTIFFs named ``_landcover.tif`` before."""
    from inference.cli.multisource import multisource_card, named_inputs
    from inference.scale.job import ScaleJob
    from inference.scale.run import segment_blocks
    from inference.segment.params import SegmentParams

    model = converted(shape)
    given = items(sample) if shape == "LC-D" else [i for i in items(sample) if i.startswith("S2")]
    one = run_items(model, given, tmp_path / "one.tif", confidence=True)
    params = SegmentParams(model=model, sources=[], output=str(tmp_path / "mos.vrt"), confidence=True,
                           inputs=named_inputs(given, multisource_card(model)), threads=1)
    res = segment_blocks(ScaleJob.from_params(params, block=100))
    assert (res.blocks > 1 or shape == "LPIS-F") and [os.path.basename(m.output) for m in res.maps] == [
        os.path.basename(m.output).replace("one", "mos").replace(".tif", ".vrt") for m in one.maps]
    for a, b in zip(one.maps, res.maps):
        assert b.confidence == b.output.replace(".vrt", "_confidence.vrt")
        assert (_read_all(a.output) == _read_all(b.output)).all()
        assert (_read_all(a.confidence) == _read_all(b.confidence)).all()
        with rasterio.open(a.output) as ga, rasterio.open(b.output) as gb:
            assert gb.driver == "VRT" and gb.nodata == ga.nodata == a.nodata
            assert [gb.colormap(1)[c] for c, *_ in b.classes] == [ga.colormap(1)[c] for c, *_ in a.classes]
        assert os.path.exists(b.qml) and len(os.listdir(os.path.splitext(b.output)[0] + "_blocks")) == 1
    assert not [n for n in os.listdir(tmp_path) if n.startswith("mos") and n.endswith(".tif")]
