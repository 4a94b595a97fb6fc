"""Convert a FLAIR-HUB multi-source checkpoint into one ONNX model with a schema-2 card.

Steps: read the tensors, tell the architecture from their shapes, rebuild it in torch (lazily
imported), load the weights, export with the U-TAE rewrites, write the card into the ONNX
metadata, check ONNX Runtime against IGN's torch forward for several date counts, and only then
move the file into place (a failed conversion leaves nothing behind).
"""
from __future__ import annotations

import os
from dataclasses import replace

from ...core import messages
from ...core.cancel import CancelToken, raise_if_cancelled
from ...core.errors import FlairError
from ...models.card import CARD_KEY, ModelCard
from ...models.modalities import AERIAL_RGBI_4, TASKS, Modality, Task, default_modality
from ...segment.commit import OutputSet
from ..arch import import_torch
from ..checkpoint import CheckpointError, read_tensors
from ..ort import write_metadata_props
from .export import ExportError, Parity, export_hub, parity
from .fused import HubSpec, build_hub_model
from .keys import infer_hub_spec, load_hub_weights
from .options import ConvertOptions, Norm, apply_options

PARITY_T = (1, 2, 23, 60)
CANCELLED = "conversion cancelled; nothing was written"


class MultiSourceConvertError(FlairError, ValueError):
    """A multi-source conversion cannot go on; the message says what to change."""


def _with_norms(options: ConvertOptions | None, norms: dict | None) -> ConvertOptions | None:
    """``norms`` ({modality: (mean, std)}, the Python API's older form) folded into ``options``."""
    if not norms:
        return options
    base = options or ConvertOptions()
    extra = {k: Norm("values", tuple(m), tuple(s)) for k, (m, s) in norms.items() if k not in base.norms}
    return ConvertOptions(dict(base.bands), {**base.norms, **extra})


def build_card(spec: HubSpec, name: str, margin: int, norms: dict | None = None,
               options: ConvertOptions | None = None, **about) -> ModelCard:
    """The schema-2 card for ``spec``: IGN's modality facts, checked against the weights' shapes,
    with what the user set (``options``: --bands / --norm; ``norms``: {modality: (mean, std)})."""
    options = _with_norms(options, norms)
    if options:
        options.check_model_reads([m.modality for m in spec.monos + spec.series])
    mods: list[Modality] = []
    problems = []
    for m in spec.monos:
        d = default_modality(m.modality, spec.label_px)
        if m.modality == "AERIAL_RGBI" and m.in_channels == 4:  # RGBI fed as stored
            bands, source, mean, std = AERIAL_RGBI_4
            d = replace(d, bands=bands, source_bands=source, mean=mean, std=std)
        d = apply_options(d, options, channels=m.in_channels)
        if len(d.bands) != m.in_channels:
            problems.append(messages.say("{modality}: the weights take {channels} bands, IGN's modality has {count} "
                                         "({bands})", modality=m.modality, channels=m.in_channels,
                                         count=len(d.bands), bands=", ".join(d.bands)))
        elif d.mean is None:
            problems.append(messages.say("{modality}: its normalisation is not known for {channels} bands; give it "
                                         "as {modality}=MEAN1,..:STD1,..", modality=m.modality,
                                         channels=m.in_channels))
        mods.append(replace(d, px_at_tile=m.patch_px))
    for s in spec.series:
        d = apply_options(default_modality(s.modality, spec.label_px, fixed_size=not spec.series_only), options)
        if len(d.bands) != s.in_channels:
            problems.append(messages.say("{modality}: the weights take {channels} bands per date, IGN's modality "
                                         "has {count} ({bands})", modality=s.modality, channels=s.in_channels,
                                         count=len(d.bands), bands=", ".join(d.bands)))
        mods.append(replace(d, px_at_tile=s.patch_px))
    tasks = []
    for t, classes in spec.tasks:
        task = TASKS.get(t)
        if task is None or task.n_classes != classes:
            problems.append(messages.say("task {task}: {classes} outputs, expected {expected}", task=t,
                                         classes=classes, expected=task.n_classes) if task else
                            messages.say("task {task}: {classes} outputs, expected one of {tasks}", task=t,
                                         classes=classes, tasks=", ".join(TASKS)))
            task = Task(t, "flair-hub-lc19", tuple(range(1, classes + 1)))
        tasks.append(task)
    if problems:
        raise MultiSourceConvertError.say("cannot describe this model: {problems}",
                                          problems=messages.together(problems))
    if spec.series_only:
        # fully convolutional on the Sentinel grid: 64 px = 655 m per tile
        grid, tile, margin = 10.24, 64, 8
    else:
        grid, tile = 0.2, spec.label_px
    return ModelCard(name, modalities=tuple(mods), tasks=tuple(tasks), resolution_m=grid, tile=tile, margin=margin,
                     **about).validate()


def _parity_checked(cancel, check, *args) -> list[Parity]:
    """One parity check (``check(*args[:-1], ts=(t,))``) after a cancel check: a cancel waits for
    at most one date count, not all of them (T = 60 takes the longest)."""
    raise_if_cancelled(cancel, CANCELLED)
    return check(*args[:-1], ts=(args[-1],))


def write_card(path: str, card: ModelCard) -> None:
    write_metadata_props(path, {CARD_KEY: card.to_json(), "name": card.name})


def convert_multisource(checkpoint: str, output: str, tile: int = 512, margin: int = 128, *,
                        encoders: dict | None = None, encoder_kwargs: dict | None = None, norms: dict | None = None,
                        options: ConvertOptions | None = None, check_t: tuple[int, ...] = PARITY_T,
                        name: str | None = None, say=print, state=None,
                        cancel: CancelToken | None = None) -> tuple[ModelCard, list[Parity]]:
    """Write ``output`` (.onnx) from ``checkpoint``; returns its card and the parity checks made.

    ``state`` (tests) skips reading the file. Parity must hold (< 1e-3, >= 99.99 %) for every
    T in ``check_t`` or nothing is written. ``cancel`` is checked between steps (before and after
    the export, between parity checks): Cancelled is raised and nothing is left behind.
    """

    if tile % 256:
        # 0.2 m x 256 = 51.2 m = 5 Sentinel pixels: whole satellite pixels per tile
        say(f"note: tile {tile} is not a multiple of 256 px, so Sentinel pixels do not tile it whole")
    label = os.path.basename(checkpoint)
    state = state if state is not None else read_tensors(checkpoint)
    spec = infer_hub_spec(state, tile, encoders, encoder_kwargs, label)
    say(f"{label}: {', '.join(m.modality for m in spec.monos + spec.series)} -> {', '.join(spec.output_names)}")
    card = build_card(spec, name or os.path.splitext(label)[0], margin, norms, options,
                      description="FLAIR-HUB multi-source model converted from " + label)
    torch, smp = import_torch()
    model = build_hub_model(spec, torch, smp)
    dropped = load_hub_weights(model, state, label)
    if dropped:
        say(f"left out (training-only or unused at inference): {', '.join(dropped)}")
    checks = export_checked(model, spec, card, output, torch, export_hub, parity, check_t, cancel, say, label)
    return card, checks


def export_checked(model, spec, card: ModelCard, output: str, torch, export, check, check_t, cancel, say,
                   label: str) -> list[Parity]:
    """Export ``model`` with ``export``, write ``card`` into it and compare it with torch by ``check``
    for each T in ``check_t``, in a hidden file moved onto ``output`` only when every check passes;
    a failure or a cancel leaves nothing (both converters, FLAIR-HUB and U-T&T, end here)."""
    folder = os.path.dirname(os.path.abspath(output))
    if not os.access(folder, os.W_OK):
        raise MultiSourceConvertError.say("cannot write in {folder} (read-only): choose an output folder you can "
                                          "write in (-o); nothing was written", folder=folder)
    try:
        with OutputSet([output]) as out:  # hidden, the process id in its name: see segment/commit.py
            tmp = out.temp(output)
            raise_if_cancelled(cancel, CANCELLED)
            export(model, spec, tmp, torch)
            raise_if_cancelled(cancel, CANCELLED)
            write_card(tmp, card)
            checks = [c for t in check_t for c in _parity_checked(cancel, check, model, spec, tmp, torch, t)]
            for p in checks:
                say("parity " + p.text())
            bad = [p for p in checks if not p.ok()]
            if bad:
                raise MultiSourceConvertError.say("ONNX Runtime does not match the torch model: {checks}. Nothing "
                                                  "was written.", checks=messages.together([p.text() for p in bad]))
            raise_if_cancelled(cancel, CANCELLED)
            out.commit()
    except ExportError as e:
        # the exporter's reason said again in the user's language where it has a template
        raise MultiSourceConvertError.say("{label}: {error}. Nothing was written.", label=label,
                                          error=e.said if e.said is not None else str(e)) from None
    return checks

__all__ = ["CANCELLED", "CheckpointError", "MultiSourceConvertError", "PARITY_T", "build_card", "convert_multisource",
           "export_checked", "write_card"]
