"""Convert a FLAIR#2 U-T&T checkpoint (bring your own: IGN released none) into one ONNX model.

Same steps and guarantees as the FLAIR-HUB converter (run.py): weights read, architecture told
from their shapes (utt.py), rebuilt in torch, exported with the U-TAE rewrites (utae.py), card
written, ONNX Runtime checked against the torch forward (IGN's U-TAE branches) for several date
counts, and only then moved into place. Batch N is fixed to 1: IGN's collapsed fusion reads
item 0 of the batch only, so a batch would mix tiles.

Inputs: ``AERIAL_RGBI (1, 5, tile, tile)`` in [0, 1], ``SENTINEL2_TS (1, T, C, 40, 40)``,
``SENTINEL2_DATES (1, T)``, and ``AERIAL_METADATA (1, 45)`` when the model was trained with
metadata; output ``FLAIR2_LABEL (1, 13, tile, tile)`` logits.
"""
from __future__ import annotations

import os
import warnings
from dataclasses import replace

import numpy as np

from ...core.cancel import CancelToken
from ...models.card import ModelCard
from ...models.modalities import S2_BANDS, Modality, Task, compose_note
from ..arch import import_torch
from ..checkpoint import read_tensors
from ..ort import onnx_session
from .export import EXAMPLE_T, ExportError, Parity
from .options import ConvertOptions, Norm, apply_options
from .run import PARITY_T, MultiSourceConvertError, export_checked
from .utae import set_export_mode
from .utt import REF_DATE, REF_YEAR, S2_RES_M, UttSpec, infer_utt_spec, load_utt_weights

# FLAIR#2's 13 outputs: index i is FLAIR code i + 1 for 0..11; index 12 is "other", the training
# labels 13..19 clamped together (F2 dataset.read_labels), which is code 19 in the FLAIR legend.
CLASS_CODES = tuple(range(1, 13)) + (19,)
AERIAL_BANDS = ("R", "G", "B", "NIR", "ELEV")
# What FLAIR#2's public code leaves open for a checkpoint it did not release (docs/multisource.md)
S2_UNVERIFIED = {"normalisation": "values as FLAIR#2 fed them: raw reflectance when trained with monthly averages "
                                  "(its default; img_as_float leaves the float means as they are), /65535 when "
                                  "trained without (--norm S2=scale:65535 at conversion)"}


def example_inputs(spec: UttSpec, t: int = EXAMPLE_T, seed: int = 0) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    s = spec.series
    arrays = [rng.uniform(0, 1, (1, spec.aerial_channels, spec.tile, spec.tile)).astype(np.float32),
              rng.uniform(0, 4000, (1, t, s.in_channels, s.patch_px, s.patch_px)).astype(np.float32),
              np.sort(rng.uniform(-230, 134, (1, t)), axis=1).astype(np.float32)]
    if spec.metadata:
        arrays.append(rng.uniform(0, 1, (1, spec.metadata)).astype(np.float32))
    return arrays


def export_utt(model, spec: UttSpec, path: str, torch, opset: int = 18) -> None:
    t = torch.export.Dim("T", min=1, max=1024)
    shapes = [None, {1: t}, {1: t}] + ([None] if spec.metadata else [])
    args = tuple(torch.from_numpy(a) for a in example_inputs(spec))
    set_export_mode(model, True)
    try:
        with warnings.catch_warnings(), torch.no_grad():
            warnings.simplefilter("ignore")
            torch.onnx.export(model, args, path, dynamo=True, input_names=list(spec.input_names),
                              output_names=list(spec.output_names), dynamic_shapes=tuple(shapes),
                              opset_version=opset, external_data=False, verbose=False, optimize=True)
    except Exception as e:  # noqa: BLE001 - torch's exporter raises many kinds; say which and why
        raise ExportError.say("the ONNX exporter failed: {kind}: {reason}", kind=type(e).__name__,
                              reason=str(e)[:800]) from None
    finally:
        set_export_mode(model, False)


def parity_utt(model, spec: UttSpec, onnx_path: str, torch, ts=PARITY_T, seed: int = 1) -> list[Parity]:
    """ONNX Runtime vs the torch model with IGN's U-TAE forward, per date count; from T = 3 on the
    first date is all zeros (padding), as a monthly average with an empty first month gives."""
    sess = onnx_session(onnx_path)
    set_export_mode(model, False)
    out = []
    for t in ts:
        arrays = example_inputs(spec, t, seed)
        if t > 2:
            arrays[1][0, 0] = 0
        with torch.no_grad():
            ref = model(*(torch.from_numpy(a) for a in arrays)).numpy()
        got = sess.run(None, dict(zip(spec.input_names, arrays)))[0]
        if ref.shape != got.shape:
            raise ExportError.say("{name}: ONNX output shape {got} differs from torch's {ref}",
                                  name=spec.output_names[0], got=got.shape, ref=ref.shape)
        out.append(Parity(spec.output_names[0], t, float(np.abs(ref - got).max()),
                          float((ref.argmax(1) == got.argmax(1)).mean()), int(ref.shape[2] * ref.shape[3])))
    return out


def metadata_card(spec: UttSpec) -> dict:
    """What the engine must feed as AERIAL_METADATA (inference/segment/modalities/metadata.py encodes it)."""
    return {"input": "AERIAL_METADATA", "values": spec.metadata, "encoding": "flair2-v1",
            "coordinates_crs": "EPSG:2154",
            "needs": ["date", "time", "camera", "altitude"]}


def utt_card(spec: UttSpec, name: str, margin: int, s2_norm=None, options: ConvertOptions | None = None,
             **about) -> ModelCard:
    """The card of a U-T&T model; ``s2_norm`` ((mean, std), the Python API's older form) or
    ``options`` (--bands / --norm) set what FLAIR#2's public code leaves open."""
    if s2_norm:
        norms = {"SENTINEL2_TS": Norm("values", tuple(s2_norm[0]), tuple(s2_norm[1]))}
        options = ConvertOptions(dict(options.bands) if options else {}, {**norms, **(options.norms if options else {})})
    if spec.aerial_channels != len(AERIAL_BANDS):
        raise MultiSourceConvertError.say("the U-Net takes {channels} bands; FLAIR#2's aerial images have {count} "
                                          "({bands})", channels=spec.aerial_channels, count=len(AERIAL_BANDS),
                                          bands=", ".join(AERIAL_BANDS))
    s = spec.series
    if s.in_channels != len(S2_BANDS):
        raise MultiSourceConvertError.say("the U-TAE takes {channels} bands per date; FLAIR#2's Sentinel-2 "
                                          "super-areas have {count}", channels=s.in_channels, count=len(S2_BANDS))
    if spec.classes != len(CLASS_CODES):
        raise MultiSourceConvertError.say("the U-Net outputs {classes} classes; FLAIR#2 has {count}",
                                          classes=spec.classes, count=len(CLASS_CODES))
    aerial = Modality("AERIAL_RGBI", "image", AERIAL_BANDS, (1, 2, 3, 4, 5), 0.2, spec.tile,
                      (0.0,) * 5, (255.0,) * 5,
                      note="FLAIR#2 aerial: the 5 bands of FLAIR's IMG_*.tif (R, G, B, NIR, elevation), uint8 "
                           "scaled to 0..1 (skimage img_as_float)")
    s2 = Modality("SENTINEL2_TS", "series", S2_BANDS, tuple(range(1, 11)), S2_RES_M, s.patch_px,
                  dates_input="SENTINEL2_DATES", date_rule="ref_minus_MMDD_fixed_year", ref_date=REF_DATE,
                  ref_year=REF_YEAR, context_m=s.patch_px * S2_RES_M, series_rules="flair2")
    base = (f"a {s.patch_px} px ({s.patch_px * S2_RES_M:g} m) square centred on each tile; band order presumed "
            "B2..B12 as FLAIR#2's card (verify). FLAIR#2's config trains with its cloud filter and monthly means: "
            "run with S2.mask=FILE and --ts-average monthly to feed the same")
    s2 = replace(s2, note=compose_note(base, S2_UNVERIFIED))
    if options:
        options.check_model_reads([aerial.name, s2.name])
        aerial = apply_options(aerial, options, AERIAL_BANDS, {}, aerial.note, channels=spec.aerial_channels)
        s2 = apply_options(s2, options, None, S2_UNVERIFIED, base)
    extra = {"aerial_metadata": metadata_card(spec)} if spec.metadata else {}
    return ModelCard(name, modalities=(aerial, s2), tasks=(Task(spec.output_names[0], "flair13", CLASS_CODES),),
                     resolution_m=0.2, tile=spec.tile, margin=margin, extra=extra, **about).validate()


def convert_utt(checkpoint: str, output: str, tile: int = 512, margin: int = 128, *, encoder: str | None = None,
                encoder_kwargs: tuple = (), s2_norm=None, options: ConvertOptions | None = None,
                check_t: tuple[int, ...] = PARITY_T, name: str | None = None, say=print, state=None,
                cancel: CancelToken | None = None) -> tuple[ModelCard, list[Parity]]:
    """Write ``output`` from a FLAIR#2 U-T&T ``checkpoint``; nothing is written unless parity holds
    (< 1e-3, >= 99.99 %) for every T in ``check_t``. ``cancel``: as for convert_multisource."""
    label = os.path.basename(checkpoint)
    state = state if state is not None else read_tensors(checkpoint)
    spec = infer_utt_spec(state, tile, encoder, encoder_kwargs, name=label)
    s = spec.series
    say(f"{label}: FLAIR#2 U-T&T, U-Net {spec.encoder} on {spec.aerial_channels} aerial bands + U-TAE "
        f"{list(s.encoder_widths)} on {s.patch_px} px of Sentinel-2"
        + (f" + {spec.metadata} metadata values" if spec.metadata else "") + f" -> {spec.classes} classes")
    card = utt_card(spec, name or os.path.splitext(label)[0], margin, s2_norm, options,
                    description="FLAIR#2 U-T&T model converted from " + label)
    torch, smp = import_torch()
    from .utt_torch import build_utt_model  # torch's modules: imported once torch is known to be there

    model = build_utt_model(spec, smp)
    dropped = load_utt_weights(model, state, label)
    if dropped:
        say(f"left out (training-only): {', '.join(dropped)}")
    checks = export_checked(model, spec, card, output, torch, export_utt, parity_utt, check_t, cancel, say, label)
    return card, checks

__all__ = ["CLASS_CODES", "convert_utt", "export_utt", "parity_utt", "utt_card"]
