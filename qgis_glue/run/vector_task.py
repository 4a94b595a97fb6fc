"""Vectorising a label raster as a QgsTask (the QA panel's "Polygons" button): the engine's
``vectorize`` in a worker thread, the polygons layer added by the caller on the main thread."""
from __future__ import annotations

from dataclasses import dataclass

from ...inference.core.cancel import Cancelled, CancelToken
from .base import FlairTask


@dataclass
class VectorOutcome:
    params: object  # inference.vector.run.VectorParams
    result: object | None = None  # inference.vector.run.VectorResult
    error: str | None = None
    details: str | None = None
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        return self.result is not None


class VectorTask(FlairTask):
    cancel_errors = (Cancelled,)

    def __init__(self, params, on_finished, description: str = "FLAIR polygons"):
        super().__init__(description, VectorOutcome(params), on_finished)
        self._token = CancelToken(poll=self.isCanceled)

    def work(self) -> None:  # worker thread
        from ...inference.vector.child import vectorize_in_child as vectorize  # QGIS holds another GEOS

        self.outcome.result = vectorize(self.outcome.params, progress=lambda d, t: self.setProgress(100.0 * d / t),
                                        cancel=self._token)

    def cancel(self) -> None:
        self._token.cancel()
        super().cancel()
