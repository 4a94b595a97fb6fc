"""A downloaded multi-source catalogue checkpoint -> its ONNX model in the cache, under its id.

The weights must hold exactly the modalities and task the catalogue lists (checked from their
shapes before the minutes of export); the conversion (``multisource/run.py``: export, card,
ONNX Runtime vs torch parity) writes a hidden file beside the target, moved into place only when
every check passed. A failed conversion leaves the cache as it was, except that the verified
checkpoint stays, to be converted again without downloading it again.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass

from ..core.errors import FlairError
from ..core.messages import say as said  # install_multisource's say is its log
from ..core.messages import together
from ..models.card import ModelCard
from ..models.catalogue import CatalogueEntry
from .checkpoint import read_tensors
from .multisource.keys import infer_hub_spec
from .multisource.run import PARITY_T, convert_multisource

TASK_OUTPUT = {"landcover": "AERIAL_LABEL-COSIA", "lpis": "ALL_LABEL-LPIS"}


class InstallError(FlairError, ValueError):
    """The checkpoint is not the model the catalogue describes; nothing was installed."""


@dataclass
class InstallResult:
    output: str
    card: ModelCard
    checks: list
    seconds: float

    @property
    def check(self):
        """The worst parity check (largest logit difference), for a one-line report."""
        return max(self.checks, key=lambda c: c.max_abs_diff) if self.checks else None


def install_multisource(entry: CatalogueEntry, checkpoint: str, output: str, tile: int | None = None,
                        margin: int | None = None, check_t: tuple[int, ...] = PARITY_T, say=print,
                        **convert_kw) -> InstallResult:
    """Convert ``checkpoint`` (the file of ``entry``) into ``output``; raises, writing nothing, on failure.

    ``convert_kw`` goes to convert_multisource: ``options`` (--bands / --norm), ``cancel`` (a
    CancelToken checked between its steps; Cancelled leaves the cache as it was)."""
    start = time.monotonic()
    tile, margin = tile or 512, margin or 128
    label = os.path.basename(checkpoint)
    state = read_tensors(checkpoint)
    spec = infer_hub_spec(state, tile, convert_kw.get("encoders"), convert_kw.get("encoder_kwargs"), label)
    _check_entry(entry, label, [m.modality for m in spec.monos + spec.series], [t for t, _ in spec.tasks])
    os.makedirs(os.path.dirname(os.path.abspath(output)), exist_ok=True)
    card, checks = convert_multisource(checkpoint, output, tile, margin, name=entry.id, check_t=check_t, say=say,
                                       state=state, **convert_kw)
    return InstallResult(output, card, checks, time.monotonic() - start)


def _check_entry(entry: CatalogueEntry, label: str, modalities: list[str], outputs: list[str]) -> None:
    problems = []
    if set(modalities) != set(entry.modalities):
        problems.append(said("its weights read {modalities} where the catalogue lists {listed}",
                             modalities=", ".join(modalities), listed=", ".join(entry.modalities)))
    if entry.task in TASK_OUTPUT and outputs != [TASK_OUTPUT[entry.task]]:
        problems.append(said("its weights output {outputs} where {model} is a {task} model",
                             outputs=", ".join(outputs), model=entry.id, task=entry.task))
    if problems:
        raise InstallError.say("{name} is not {model} as the catalogue describes it: {problems}. Nothing was converted.",
                               name=label, model=entry.id, problems=together(problems))


__all__ = ["InstallError", "InstallResult", "TASK_OUTPUT", "install_multisource"]
