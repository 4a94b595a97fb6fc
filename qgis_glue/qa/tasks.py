"""The comparison as a QgsTask: engine compare, reports and hotspots in a worker thread.

The job holds file paths only (collected in the main thread); the skeleton (``run.base.FlairTask``)
hands a plain ``QaOutcome`` to a callback on the main thread, which may add layers. The task
never touches layers or the project.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field

from ...inference.core.cancel import Cancelled, CancelToken
from ...inference.qa.compare import CompareParams, compare
from ..compat import write_vector_file
from ..i18n import tr
from ..layers.files import layer_file, split_source
from ..run.base import FlairTask

log = logging.getLogger(__name__)


@dataclass
class QaJob:
    params: CompareParams  # disagreement path set when hotspots are wanted
    report_prefix: str | None = None  # CSV/PNG/HTML/JSON written there
    hotspots: str | None = None  # GeoPackage path
    min_area_m2: float = 10.0
    names: dict = field(default_factory=dict)  # layer names, for messages


@dataclass
class QaOutcome:
    job: QaJob
    summary: dict | None = None
    files: dict = field(default_factory=dict)
    hotspot_count: int = 0
    error: str | None = None
    details: str | None = None
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        return self.summary is not None and self.error is None and not self.cancelled


def run_job(job: QaJob, progress=None, cancel: CancelToken | None = None) -> QaOutcome:
    """The whole comparison, headless (the task's body; also usable from Processing)."""
    from ...inference.qa.hotspots import find_hotspots
    from ...inference.qa.report import write_reports

    out = QaOutcome(job)
    share = 0.8 if job.hotspots else 1.0
    res = compare(job.params, progress=(lambda d, t: progress(share * 100.0 * d / t)) if progress else None,
                  cancel=cancel)
    s = res.summary
    if job.params.disagreement:
        out.files["disagreement"] = job.params.disagreement
    if job.hotspots:
        hs = find_hotspots(job.params.disagreement, job.hotspots, job.min_area_m2, s["nomenclature"],
                           info={"reference": s["reference"], "prediction": s["prediction"],
                                 "reference_encoding": s["reference_encoding"],
                                 "prediction_encoding": s["prediction_encoding"]},
                           progress=(lambda d, t: progress(80.0 + 20.0 * d / t)) if progress else None,
                           cancel=cancel)
        out.files["hotspots"] = hs.path
        out.hotspot_count = s["hotspots"] = hs.count
    if job.report_prefix:
        out.files.update(write_reports(s, job.report_prefix))
    out.summary = s
    return out


class QaTask(FlairTask):
    cancel_errors = (Cancelled,)

    def __init__(self, job: QaJob, on_finished, description: str = "FLAIR comparison"):
        super().__init__(description, QaOutcome(job), on_finished)
        self.job = job

    def work(self) -> None:  # worker thread
        self.outcome = run_job(self.job, self.setProgress, CancelToken(poll=self.isCanceled))


def default_outputs(folder: str, ref_path: str, pred_path: str) -> dict[str, str]:
    """Output paths in ``folder`` named after the two rasters, never those of an earlier run (its
    hotspots GeoPackage holds reviews): a suffix _2, _3, ... is added when needed."""
    base = f"{_stem(ref_path)}_vs_{_stem(pred_path)}"
    stem, n = base, 1
    while any(os.path.exists(os.path.join(folder, stem + ext))
              for ext in ("_hotspots.gpkg", "_disagreement.tif", ".html")):
        n += 1
        stem = f"{base}_{n}"
    return {"prefix": os.path.join(folder, stem),
            "disagreement": os.path.join(folder, f"{stem}_disagreement.tif"),
            "hotspots": os.path.join(folder, f"{stem}_hotspots.gpkg")}


def _stem(path: str) -> str:
    return os.path.splitext(os.path.basename(path))[0][:40]


def polygon_source(layer, selected_only: bool, tmpdir: str) -> tuple[str, str | None]:
    """(file, layer name) the engine can read for a polygon layer, main thread. An OGR file layer is
    used as it is; a filtered, selected-only or non-file layer is first saved to a GeoPackage."""
    from qgis.core import QgsVectorFileWriter

    path, opts = split_source(layer)
    if (layer_file(layer, ("ogr",)) and not layer.subsetString()
            and not selected_only and set(opts) <= {"layername", "layerid"}):
        return path, opts.get("layername")
    out = os.path.join(tmpdir, "within.gpkg")
    o = QgsVectorFileWriter.SaveVectorOptions()
    o.driverName = "GPKG"
    o.layerName = "within"
    o.onlySelectedFeatures = selected_only
    ok, why = write_vector_file(layer, out, o)
    if not ok:
        raise OSError(tr("could not save the layer {name} for the comparison: {reason}").format(
            name=layer.name(), reason=why))
    return out, "within"
