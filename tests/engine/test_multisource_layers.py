"""A multi-source model's image read from a front end's source rather than a file (QGIS: a web layer
such as IGN's BD ORTHO WMS, a ``RasterSource`` the engine reads as it reads a file)."""
from __future__ import annotations

import os

import numpy as np
import pytest
import rasterio
from multisource_models import converted, report_of, task_outputs

from inference.cli.multisource import named_inputs
from inference.models.card import card_of_model
from inference.scale.job import ScaleError, ScaleJob
from inference.segment.params import ImageInput, SegmentParams
from inference.segment.pipeline import segment
from inference.segment.sources import FileSource, RasterSource, SourceInfo


class Layer(RasterSource):
    """A source with no file behind it (as QGIS's provider sources), reading through a file's."""

    def __init__(self, path: str, name: str):
        self._file = FileSource(path)
        self.info = SourceInfo(**{**vars(self._file.info), "name": name})

    def reader(self, grid, resampling="bilinear"):
        return self._file.reader(grid, resampling)


@pytest.fixture(scope="module")
def lcd_model():
    return converted("LC-D")


def _run(model, sample, aerial: ImageInput, out, **kw):
    inputs = named_inputs([f"S2={sample['s2']}", f"S2.dates={sample['s2_dates']}", f"S2.mask={sample['s2_mask']}"],
                          card_of_model(model))
    return segment(SegmentParams(model=model, sources=[], output=str(out), inputs={**inputs, "AERIAL_RGBI": aerial},
                                 **kw))


def test_an_aerial_layer_gives_the_map_its_files_give(sample, lcd_model, tmp_path):
    irc, rgb = sample["aerial_irc"], sample["aerial_rgb"]
    files = _run(lcd_model, sample, ImageInput(bands={"NIR": (irc, 1), "R": (rgb, 1), "G": (rgb, 2)}),
                 tmp_path / "files.tif")
    irc_layer, rgb_layer = Layer(irc, "BD ORTHO IRC"), Layer(rgb, "BD ORTHO RGB")
    layers = _run(lcd_model, sample, ImageInput(bands={"NIR": (irc_layer, 1), "R": (rgb_layer, 1),
                                                       "G": (rgb_layer, 2)}), tmp_path / "layers.tif")
    for task, path in task_outputs(files).items():
        with rasterio.open(path) as a, rasterio.open(task_outputs(layers)[task]) as b:
            assert a.transform == b.transform and np.array_equal(a.read(1), b.read(1)), task
    section = report_of(layers)["inputs"]["AERIAL_RGBI"]
    assert section["files"] == [] and section["layers"] == ["BD ORTHO IRC", "BD ORTHO RGB"]
    assert section["bands"]["NIR"] == "BD ORTHO IRC:1"


def test_dask_workers_refuse_a_layer_naming_it(sample, lcd_model, tmp_path):
    """Workers open files; a web layer exists only in the QGIS that gave it."""
    inputs = named_inputs([f"S2={sample['s2']}", f"S2.dates={sample['s2_dates']}"], card_of_model(lcd_model))
    layer = Layer(sample["aerial_rgb"], "BD ORTHO RGB")
    params = SegmentParams(model=lcd_model, sources=[], output=str(tmp_path / "o.tif"),
                           inputs={**inputs, "AERIAL_RGBI": ImageInput(bands={"NIR": (sample["aerial_irc"], 1),
                                                                              "R": (layer, 1), "G": (layer, 2)})})
    with pytest.raises(ScaleError, match="BD ORTHO RGB is not a raster file, so Dask workers cannot read it"):
        ScaleJob.from_params(params)
    assert not os.listdir(tmp_path)
