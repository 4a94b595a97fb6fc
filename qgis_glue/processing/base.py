"""The Processing front end's one top-level handler: every FLAIR algorithm implements
``process()``; what it raises reaches Processing as a QgsProcessingException worded for the user
(the traceback of an unexpected error goes to the algorithm's log, for a bug report)."""
from __future__ import annotations

import time
import traceback

from qgis.core import QgsProcessingAlgorithm, QgsProcessingException

from ...inference.core.cancel import Cancelled
from ..errors import EXPECTED, processing_words, user_message
from ..i18n import number, tr


class FlairAlgorithm(QgsProcessingAlgorithm):
    def process(self, parameters, context, feedback) -> dict:
        raise NotImplementedError

    def prepare_inputs(self, parameters, context, feedback) -> bool:
        """Main-thread preparation (layers -> files and provider clones); optional."""
        return True

    def prepareAlgorithm(self, parameters, context, feedback):  # noqa: N802
        return self._handled(self.prepare_inputs, parameters, context, feedback)

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        return self._handled(self.process, parameters, context, feedback)

    def _handled(self, step, parameters, context, feedback):
        try:
            return step(parameters, context, feedback)
        except QgsProcessingException:
            raise
        except Cancelled:
            raise QgsProcessingException(tr("Cancelled; nothing was written.")) from None
        except EXPECTED as e:
            if feedback is not None and feedback.isCanceled():
                raise QgsProcessingException(tr("Cancelled; nothing was written.")) from None
            raise QgsProcessingException(user_message(e, processing_words())) from None
        except Exception as e:  # noqa: BLE001 - the front end's top-level handler: said, with the traceback logged
            if feedback is not None:
                feedback.reportError(traceback.format_exc(), False)
            raise QgsProcessingException(
                tr("Unexpected error ({kind}): {error}. The details are in the log above.").format(
                    kind=type(e).__name__, error=e)) from None

    def tr(self, text: str) -> str:
        return tr(text)


def feedback_progress(feedback):
    """A ``progress`` callback for the engine (inference.segment.params.Progress) that moves
    Processing's bar and logs tiles/s, time left and the device every 2 s and at the end."""
    last = [0.0]

    def progress(p):
        feedback.setProgress(100.0 * p.done / p.total if p.total else 0.0)
        now = time.monotonic()
        if now - last[0] > 2 or p.done == p.total:
            last[0] = now
            eta = tr(", {s} s left").format(s=number(p.eta_s, 0)) if p.eta_s is not None else ""
            feedback.pushInfo(tr("{done}/{total} tiles, {speed} tiles/s{eta} [{device}]").format(
                done=p.done, total=p.total, speed=number(p.tiles_per_s, 2), eta=eta, device=p.device))

    return progress
