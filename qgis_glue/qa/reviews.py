"""The review store: the ``hotspots`` layer of a GeoPackage written by inference.qa.hotspots.

Each hotspot carries ``review`` (one of REVIEW_CHOICES or empty), ``comment`` and ``reviewed_at``.
Marks are written straight to the file through the layer's data provider (no edit session), so they
survive closing QGIS; reopening the GeoPackage continues at the first hotspot not yet reviewed.
Main thread only.
"""
from __future__ import annotations

import datetime as dt
import os

from qgis.core import QgsFeatureRequest, QgsRectangle, QgsVectorLayer

from ...inference.qa.hotspots import INFO_TABLE, LAYER, REVIEW_CHOICES, read_info
from ..i18n import tr


class ReviewStore:
    def __init__(self, path: str, layer: QgsVectorLayer | None = None):
        self.path = path
        self.layer = layer or QgsVectorLayer(f"{path}|layername={LAYER}", self.default_name(path), "ogr")
        if not self.layer.isValid():
            raise ValueError(tr("{file} has no '{layer}' layer: open a hotspots GeoPackage written by the QA panel "
                                "or 'python -m inference evaluate --hotspots'").format(file=path, layer=LAYER))
        fields = self.layer.fields()
        missing = [f for f in ("rank", "review", "comment", "reviewed_at") if fields.indexOf(f) < 0]
        if missing:
            raise ValueError(tr("{file} is not a hotspots layer (no field {fields})").format(
                file=path, fields=", ".join(missing)))
        self._idx = {f: fields.indexOf(f) for f in ("review", "comment", "reviewed_at")}
        self.info = read_info(path) if os.path.exists(path) else {}
        self.reload()

    @staticmethod
    def default_name(path: str) -> str:
        return f"hotspots ({os.path.splitext(os.path.basename(path))[0]})"

    def reload(self) -> None:
        """Read the order (rank) and the marks again (another QGIS or the CLI may have written)."""
        self.layer.reload()
        req = QgsFeatureRequest().setFlags(QgsFeatureRequest.Flag.NoGeometry)
        feats = sorted(self.layer.getFeatures(req), key=lambda f: f["rank"])
        self.fids = [f.id() for f in feats]

    def __len__(self) -> int:
        return len(self.fids)

    def feature(self, i: int):
        return next(self.layer.getFeatures(QgsFeatureRequest(self.fids[i])))

    def extent(self, i: int) -> QgsRectangle:
        return self.feature(i).geometry().boundingBox()

    def review_of(self, i: int) -> tuple[str, str]:
        f = self.feature(i)
        return _text(f["review"]), _text(f["comment"])

    def reviewed_count(self) -> int:
        req = QgsFeatureRequest().setFlags(QgsFeatureRequest.Flag.NoGeometry).setSubsetOfAttributes(
            [self._idx["review"]])
        return sum(1 for f in self.layer.getFeatures(req) if _text(f["review"]))

    def first_unreviewed(self) -> int:
        for i in range(len(self)):
            if not self.review_of(i)[0]:
                return i
        return 0

    def mark(self, i: int, review: str, comment: str = "") -> None:
        """Write the mark of hotspot ``i`` to the file now."""
        if review and review not in REVIEW_CHOICES:
            raise ValueError(f"review must be one of {', '.join(REVIEW_CHOICES)} (or empty)")
        now = dt.datetime.now().isoformat(timespec="seconds") if review else None
        values = {self._idx["review"]: review or None, self._idx["comment"]: comment or None,
                  self._idx["reviewed_at"]: now}
        if not self.layer.dataProvider().changeAttributeValues({self.fids[i]: values}):
            raise OSError(tr("could not write the review into {file} (read-only file?)").format(file=self.path))
        self.layer.triggerRepaint()


def _text(v) -> str:
    if v is None:
        return ""
    try:
        from qgis.PyQt.QtCore import QVariant

        if isinstance(v, QVariant) and v.isNull():
            return ""
    except ImportError:
        pass
    return str(v) if str(v) != "NULL" else ""


__all__ = ["ReviewStore", "REVIEW_CHOICES", "INFO_TABLE"]
