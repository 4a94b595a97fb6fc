"""Convert an IGN FLAIR checkpoint (.pth, Lightning .ckpt, FLAIR-HUB .safetensors) to ONNX with our card.

    python -m inference convert CHECKPOINT -o MODEL.onnx [--family flair-inc|flair-hub]
        [--inputs rgbie|rgbi|rgb|ir|R,G,B,...] [--tile N] [--arch A --encoder E]
        [--quantize int8] [--fp16] [--calibrate SOURCE ...] [--deepness]
        [--converter auto|torch-free|pytorch]

What happens:

1. the checkpoint is read as data only: zip checkpoints (.pth/.ckpt) and .safetensors by
   torchfree.checkpoint_reader into numpy, no torch involved (a PyTorch < 1.6 pickle falls back
   to torch's weights-only loader in convert.checkpoint); IGN's key layout is mapped onto smp's;
2. the architecture is read from the weights (decoder, encoder, input channels from the first
   convolution, classes from the head); the catalogue entry (recognised by file name) or the
   options fill in the rest, and anything that cannot be known is refused with the key or shape;
3. smp's U-Net, FPN and DeepLabV3 on ResNet-34 and U-Net on MiT (all of FLAIR-INC) are written
   directly as ONNX by convert.torchfree, BatchNorm folded into the convolutions: **no PyTorch
   needed**. Everything else is rebuilt with segmentation-models-pytorch (convert.arch) and
   exported with torch's ONNX exporter. Either way the graph gives **logits without argmax**
   (the engine appends its own ArgMax/Softmax head at load time), with dynamic batch and, where
   the architecture allows it, dynamic height/width (Swin and UPerNet fix the tile size);
4. our model card (inputs and encodings, normalisation, 0.2 m, tile and margin, output index
   -> FLAIR code for the family, licence, source, which converter wrote it) is written into the
   file's metadata, plus the Deepness/GeoDeep keys with ``--deepness``;
5. the PyTorch path compares ONNX Runtime with PyTorch on one tile (the calibration imagery's,
   or a synthetic one) and reports the maximum logit difference and argmax agreement; the
   torch-free path has no PyTorch model to compare with and checks that the model runs
   (shape, finite logits) -- its parity with smp is proven by tests/engine/test_convert_torchfree.py;
6. optional variants: static int8 (calibrated on the user's imagery) and fp16, each measured
   against fp32 (pixel agreement, speed); one below 99 % agreement is deleted unless forced.

torch is imported only on the PyTorch path (convert.arch, convert.checkpoint), and only when a
conversion takes it.
"""
from __future__ import annotations

import json
import logging
import os
import re
import time
from dataclasses import dataclass, field, replace

import numpy as np

from ..core.cancel import CancelToken, raise_if_cancelled
from ..core.classes import CLASS_BY_CODE, index_to_code
from ..core.errors import FlairError
from ..models.card import CARD_KEY, ROLES, InputSpec, ModelCard
from ..models.catalogue import Catalogue, CatalogueEntry, load_catalogue
from ..segment.commit import OutputSet
from ..segment.pipeline import plan_grid
from ..segment.sources import FileSource
from ..segment.stack import StackReader, build_stack, parse_source_args
from .arch import ConverterDepsMissing, build_model, import_torch
from .checkpoint import first_conv_key, infer_spec, load_weights, read_tensors, remap
from .deepness import THRESHOLD as DEEPNESS_THRESHOLD
from .deepness import add_softmax, check_as_deepness_reads
from .ort import onnx_session, write_metadata_props
from .quant import make_variants
from .torchfree import export as torchfree
from .torchfree.export import torch_layout

log = logging.getLogger(__name__)

FAMILIES = ("flair-inc", "flair-hub")
INPUT_ENCODING = {"NDSM": "height_0.2m_uint8"}
MIN_AGREEMENT = 0.99
CONVERTERS = ("auto", "torch-free", "pytorch")


class ConvertError(FlairError, ValueError):
    """The conversion cannot go on; the message says what to change."""


@dataclass
class ParityCheck:
    max_abs_diff: float
    agreement: float  # fraction of pixels whose argmax is identical
    pixels: int
    source: str  # what the check ran on

    def text(self) -> str:
        return (
            f"ONNX Runtime vs PyTorch on {self.source}: max |logit difference| {self.max_abs_diff:.2e}, "
            f"argmax identical on {100 * self.agreement:.4f} % of {self.pixels} pixels"
        )


@dataclass
class ConvertResult:
    output: str
    card: ModelCard
    arch: str
    encoder: str
    dynamic: bool
    tile: int
    seconds: float
    check: ParityCheck | None = None
    variants: list = field(default_factory=list)  # convert_quant.VariantReport
    notes: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# What the weights cannot say: family, input roles, card


_HUB_NAME = re.compile(r"FLAIR-HUB_LC-[A-Z]+_(RGBI|RGB|IRC|IR)_", re.I)
_INC_NAME = re.compile(r"FLAIR-INC_(rgbie|rgbi|rgb)_", re.I)


def guess_from_name(path: str) -> tuple[str | None, str | None]:
    """(family, inputs key) from IGN's file naming, e.g. FLAIR-HUB_LC-A_IR_... -> (flair-hub, ir)."""
    name = os.path.basename(path)
    m = _HUB_NAME.search(name)
    if m:
        return "flair-hub", m.group(1).lower()
    m = _INC_NAME.search(name)
    if m:
        return "flair-inc", m.group(1).lower()
    return None, None


def parse_inputs(text: str, catalogue: Catalogue) -> tuple[str, ...]:
    """'rgbie' or 'R,G,B,NIR' -> roles."""
    key = text.strip().lower()
    if key in catalogue.inputs:
        return catalogue.inputs[key]
    roles = tuple(r.strip().upper() for r in text.split(",") if r.strip())
    bad = [r for r in roles if r not in ROLES]
    if not roles or bad:
        raise ConvertError.say(
            "--inputs {text!r}: use one of {names} or a comma-separated list of roles ({roles})",
            text=text, names=", ".join(catalogue.inputs), roles=", ".join(ROLES),
        )
    return roles


def default_roles(family: str, n: int, catalogue: Catalogue, conv_key: str, name: str) -> tuple[str, ...]:
    """Input roles from the channel count alone, where that is unambiguous."""
    if family == "flair-inc" and n in (3, 4, 5):
        return {3: catalogue.inputs["rgb"], 4: catalogue.inputs["rgbi"], 5: catalogue.inputs["rgbie"]}[n]
    if family == "flair-hub" and n == 4:
        return catalogue.inputs["rgbi"]
    if n == 3:
        raise ConvertError.say(
            "{name}: its first convolution ({key}) takes {n} channels, which could be R,G,B or NIR,R,G "
            "(FLAIR-HUB 'RGB' and 'IR' models); say which with --inputs (rgb, ir, rgbi, rgbie or R,G,B,...)",
            name=name, key=conv_key, n=n,
        )
    raise ConvertError.say(
        "{name}: its first convolution ({key}) takes {n} channels, which could be several band sets; say which "
        "with --inputs (rgb, ir, rgbi, rgbie or R,G,B,...)", name=name, key=conv_key, n=n,
    )


def class_codes(family: str, n_outputs: int, name: str) -> tuple[tuple[int, ...], str]:
    """FLAIR code of each output index for this family and head size, plus the encoding name."""
    if family == "flair-hub":
        if n_outputs == 19:
            return index_to_code("flair-hub"), "flair-hub"
        raise ConvertError.say(
            "{name}: a FLAIR-HUB land-cover head has 19 outputs, this one has {n_outputs} "
            "(crop-type LPIS models use a different nomenclature and are not supported)", name=name, n_outputs=n_outputs
        )
    if n_outputs == 19:
        return index_to_code("flair-inc"), "flair-inc"
    if n_outputs == 13:
        return index_to_code("flair13"), "flair13"
    if n_outputs == 12:
        return tuple(range(1, 13)), "flair-inc"
    raise ConvertError.say(
        "{name}: a FLAIR-INC head has 19 (or 12/13) outputs, this one has {n_outputs} "
        "(segmentation_head.0.weight); it is not a FLAIR land-cover model we know how to map to codes",
        name=name, n_outputs=n_outputs,
    )


def build_card(
    family: str,
    roles: tuple[str, ...],
    n_outputs: int,
    tile: int,
    margin: int,
    catalogue: Catalogue,
    entry: CatalogueEntry | None,
    name: str,
    extra: dict,
) -> ModelCard:
    fam = catalogue.families.get(family, {})
    norm = fam.get("normalisation", {})
    try:
        mean = tuple(float(norm["mean"][r]) for r in roles)
        std = tuple(float(norm["std"][r]) for r in roles)
    except KeyError as e:
        raise ConvertError.say("the {family} family has no normalisation for input {role}", family=family,
                               role=e.args[0]) from None
    codes, encoding = class_codes(family, n_outputs, name)
    description = entry.description if entry else f"{extra.get('arch')} / {extra.get('encoder')}, converted from {name}"
    note = fam.get("class_note")
    if note:
        description = f"{description}. {note}"
    return ModelCard(
        name=entry.repo if entry else os.path.splitext(name)[0],
        inputs=tuple(InputSpec(r, INPUT_ENCODING.get(r, "uint8")) for r in roles),
        class_codes=codes,
        mean=mean,
        std=std,
        resolution_m=float(fam.get("resolution_m", 0.2)),
        tile=tile,
        margin=margin,
        output="logits",
        version=extra.get("version", ""),
        source_url=entry.page_url if entry else "",
        licence=entry.licence if entry else "",
        description=description,
        extra={**extra, "family": family, "class_encoding": encoding},
    ).validate()


def deepness_metadata(card: ModelCard) -> dict[str, str]:
    """The Deepness / GeoDeep keys for the same model (JSON-encoded values, as they read them)."""
    names = {str(i): CLASS_BY_CODE[c].name if c in CLASS_BY_CODE else f"class {i}" for i, c in enumerate(card.class_codes)}
    meta = {
        "model_type": json.dumps("Segmentor"),
        "class_names": json.dumps(names),
        "resolution": json.dumps(round(card.resolution_m * 100, 3)),
        "tile_size": json.dumps(card.tile),  # what Deepness's code reads
        "tiles_size": json.dumps(card.tile),  # what its older docs and exports say
        "tiles_overlap": json.dumps(round(200.0 * card.margin / card.tile, 3)),
        "seg_thresh": json.dumps(DEEPNESS_THRESHOLD),  # see convert/deepness.py
    }
    if card.mean is not None:
        meta["standardization_mean"] = json.dumps([round(m / 255.0, 6) for m in card.mean])
        meta["standardization_std"] = json.dumps([round(s / 255.0, 6) for s in card.std])
    return meta


def write_metadata(path: str, card: ModelCard, deepness: bool = False) -> None:
    meta = {CARD_KEY: card.to_json(), "name": card.name}
    if deepness:
        meta.update(deepness_metadata(card))
    write_metadata_props(path, meta, producer="flair-qgis converter")


# ---------------------------------------------------------------------------------------------
# Export and parity


def export_onnx(model, spec, path: str, tile: int, dynamic: bool) -> bool:
    """Export ``model`` (logits) to ``path``; returns whether H/W stayed dynamic."""
    import warnings

    torch, _ = import_torch()
    Dim = torch.export.Dim
    x = torch.zeros(2, spec.in_channels, tile, tile)
    attempts = []
    if dynamic:
        attempts.append(({0: Dim.AUTO, 2: Dim.AUTO, 3: Dim.AUTO}, True))
    attempts.append(({0: Dim.AUTO}, False))
    last = None
    for shapes, dyn in attempts:
        try:
            with warnings.catch_warnings(), torch.no_grad():
                warnings.simplefilter("ignore")
                torch.onnx.export(
                    model, (x,), path, dynamo=True, input_names=["input"], output_names=["logits"],
                    dynamic_shapes=(shapes,), opset_version=18, external_data=False, verbose=False,
                )
            return dyn and _has_dynamic_hw(path)
        except Exception as e:  # noqa: BLE001 - torch's exporter raises many kinds; the last becomes ConvertError
            last = e
            log.info("export with dynamic shapes %s failed: %s", shapes, e)
    raise ConvertError.say("the ONNX exporter failed: {error}", error=f"{type(last).__name__}: {str(last)[:500]}")


def _has_dynamic_hw(path: str) -> bool:
    import onnx

    dims = onnx.load(path, load_external_data=False).graph.input[0].type.tensor_type.shape.dim
    return not (dims[2].HasField("dim_value") and dims[3].HasField("dim_value"))


def parity(model, onnx_path: str, x: np.ndarray, valid: np.ndarray | None = None, source: str = "") -> ParityCheck:
    """Compare ONNX Runtime with the torch model on ``x`` (N, C, H, W) float32."""

    torch, _ = import_torch()
    with torch.no_grad():
        ref = model(torch.from_numpy(np.ascontiguousarray(x, np.float32))).numpy()
    sess = onnx_session(onnx_path)
    got = sess.run(None, {sess.get_inputs()[0].name: x.astype(np.float32)})[0]
    if valid is None:
        valid = np.ones((x.shape[0],) + x.shape[2:], bool)
    diff = np.abs(ref - got).max(axis=1)[valid]
    same = (ref.argmax(1) == got.argmax(1))[valid]
    return ParityCheck(float(diff.max()), float(same.mean()), int(valid.sum()), source or "a test tile")


def read_tiles(card: ModelCard, sources: list[str], tile: int, max_tiles: int = 8):
    """Up to ``max_tiles`` normalised input tiles (N, C, tile, tile) and their valid masks from the
    user's imagery (``ROLE=PATH[:BAND]`` or plain paths, as for ``segment``), read on the
    model's grid exactly as the engine reads them."""
    from types import SimpleNamespace

    cache: dict[str, FileSource] = {}
    entries = []
    for role, path, band in parse_source_args(sources):
        if path not in cache:
            cache[path] = FileSource(path)
        entries.append((role, cache[path], band))
    stack = build_stack(card, entries)
    grid = plan_grid(SimpleNamespace(crs=None, resolution=None, extent=None), card, stack)
    reader = StackReader(stack, card, grid)
    xs, masks = [], []
    try:
        for r0 in range(0, max(grid.height, 1), tile):
            for c0 in range(0, max(grid.width, 1), tile):
                # shift the last windows inward like the engine; pad when the image is smaller than a tile
                r0, c0 = max(0, min(r0, grid.height - tile)), max(0, min(c0, grid.width - tile))
                r1, c1 = min(r0 + tile, grid.height), min(c0 + tile, grid.width)
                part, part_ok = reader.read((r0, r1), (c0, c1))
                x = np.zeros((part.shape[0], tile, tile), np.float32)
                ok = np.zeros((tile, tile), bool)
                x[:, : r1 - r0, : c1 - c0] = part
                ok[: r1 - r0, : c1 - c0] = part_ok
                if ok.any():
                    xs.append(x)
                    masks.append(ok)
                if len(xs) >= max_tiles:
                    break
            if len(xs) >= max_tiles:
                break
    finally:
        reader.close()
    if not xs:
        raise ConvertError.say("the calibration imagery ({sources}) has no valid pixels", sources=", ".join(sources))
    return np.stack(xs).astype(np.float32), np.stack(masks)


# ---------------------------------------------------------------------------------------------
# The conversion


@dataclass
class ConvertParams:
    """What to convert and how; everything but the two paths is optional (guessed from the
    catalogue entry, the file name or the checkpoint itself)."""
    checkpoint: str
    output: str
    family: str | None = None
    inputs: str | None = None
    tile: int | None = None
    margin: int | None = None
    arch: str | None = None
    encoder: str | None = None
    entry: CatalogueEntry | None = None
    catalogue: Catalogue | None = None
    deepness: bool = False
    fixed_size: bool = False
    check: bool = True
    calibration: list[str] | None = None
    quantize: str | None = None
    fp16: bool = False
    keep_poor_variants: bool = False
    # "auto": the torch-free converter wherever it applies (smp U-Net, FPN, DeepLabV3 on ResNet-34,
    # U-Net on MiT), else the PyTorch one; "torch-free" or "pytorch" insist
    converter: str = "auto"


def convert(params: ConvertParams, log_fn=None, cancel: CancelToken | None = None) -> ConvertResult:
    """Convert ``params.checkpoint`` to ``params.output`` (see the module docstring). ``log_fn(str)``
    gets progress lines; ``cancel`` is checked between steps (Cancelled is raised, nothing is written)."""
    log_fn = log_fn or (lambda s: log.info("%s", s))

    def say(text: str) -> None:
        raise_if_cancelled(cancel, "conversion cancelled; nothing was written")
        log_fn(text)

    t0 = time.perf_counter()
    p = replace(params, catalogue=params.catalogue or load_catalogue())
    p = replace(p, entry=p.entry or p.catalogue.by_file(p.checkpoint))
    out_dir = _check_request(p)

    name = os.path.basename(p.checkpoint)
    say(f"reading {name}")
    numpy_ckpt = torchfree.read_numpy(p.checkpoint, p.converter)
    if numpy_ckpt is None:  # a PyTorch < 1.6 file, or the PyTorch converter was asked for

        import_torch()
        layout = remap(read_tensors(p.checkpoint), name)
    else:
        layout = remap(numpy_ckpt.tensors, name)
    spec, card = _plan_model(p, layout, name)
    say(f"architecture {spec.describe()}")
    torch_free = torchfree.applies(p.converter, numpy_ckpt, spec.arch, spec.encoder)
    if p.converter == "torch-free" and not torch_free:
        raise ConvertError.say(
            "{name} holds {model}, which only the PyTorch converter handles (the torch-free one "
            "writes U-Net, FPN and DeepLabV3 on ResNet-34, and U-Net on MiT); use --converter auto or pytorch",
            name=name, model=spec.describe(),
        )
    card = replace(card, extra={**card.extra, "converter": "torch-free" if torch_free else "pytorch"})
    notes = [f"left out (not used for inference): {', '.join(layout.dropped)}"] if layout.dropped else []
    if numpy_ckpt is not None and numpy_ckpt.ignored:
        notes.append(f"objects the file names besides its weights, never run: {', '.join(numpy_ckpt.ignored[:8])}")
    model = None if torch_free else _torch_model(spec, layout, numpy_ckpt is not None, name, say)
    result, calib = _export_checked(p, model, spec, card, out_dir, say, layout.state if torch_free else None)
    result.notes = notes
    if p.quantize or p.fp16:

        result.variants = make_variants(
            p.output, calib[0], calib[1], int8=p.quantize == "int8", fp16=p.fp16,
            min_agreement=MIN_AGREEMENT, keep_poor=p.keep_poor_variants, log_fn=log_fn,
        )
    result.seconds = time.perf_counter() - t0
    log_fn(f"done in {result.seconds:.0f} s")
    return result


def _check_request(p: ConvertParams) -> str:
    """Refuse what cannot work before anything is read; returns the output folder."""
    if p.quantize not in (None, "int8"):
        raise ConvertError.say("--quantize {quantize!r}: only int8 is supported", quantize=p.quantize)
    if (p.quantize or p.fp16) and not p.calibration:
        raise ConvertError.say(
            "--quantize/--fp16 need imagery to calibrate and check the variant on: add --calibrate SOURCE ... "
            "(the same sources as for `segment`, e.g. R=ortho.tif:1 ... or ortho.tif)"
        )
    if p.converter not in CONVERTERS:
        raise ConvertError.say("--converter {converter!r}: use one of {names}", converter=p.converter,
                               names=", ".join(CONVERTERS))
    out_dir = os.path.dirname(os.path.abspath(p.output))
    if not os.path.isdir(out_dir):
        raise ConvertError.say("the output folder {folder} does not exist", folder=out_dir)
    return out_dir


def _plan_model(p: ConvertParams, layout, name: str):
    """The architecture (ArchSpec) and the model card for this checkpoint and request."""

    entry, catalogue = p.entry, p.catalogue
    g_family, g_inputs = guess_from_name(p.checkpoint)
    family = p.family or (entry.family if entry else None) or g_family or layout.kind
    if family not in FAMILIES:
        raise ConvertError.say("--family {family!r}: use flair-inc or flair-hub", family=family)
    if layout.kind == "flair-hub" and family != "flair-hub":
        raise ConvertError.say("{name} has FLAIR-HUB's key layout (encoders.*, main_decoders.*) but --family {family} "
                               "was given", name=name, family=family)
    tile, margin = _tile_and_margin(p, entry.family_info if entry else catalogue.families.get(family, {}))
    spec = infer_spec(layout, p.arch or (entry.arch if entry else None), p.encoder or (entry.encoder if entry else None),
                      img_size=tile, name=name)
    if p.inputs:
        roles = parse_inputs(p.inputs, catalogue)
    elif entry:
        roles = entry.roles
    elif g_inputs:
        roles = catalogue.inputs[g_inputs]
    else:
        roles = default_roles(family, spec.in_channels, catalogue, first_conv_key(layout.state), name)
    if len(roles) != spec.in_channels:
        k = first_conv_key(layout.state)
        raise ConvertError.say(
            "{name}: its first convolution {key} has shape {shape}, i.e. {channels} input channels, but the inputs "
            "given are {count} ({roles})", name=name, key=k, shape=list(layout.state[k].shape),
            channels=spec.in_channels, count=len(roles), roles=", ".join(roles),
        )
    extra = {"arch": spec.arch, "encoder": spec.encoder, "checkpoint": name}
    if layout.task:
        extra["task"] = layout.task
    return spec, build_card(family, roles, spec.classes, tile, margin, catalogue, entry, name, extra)


def _tile_and_margin(p: ConvertParams, fam: dict) -> tuple[int, int]:
    default_tile = int(fam.get("tile", 512))
    tile = int(p.tile or default_tile)
    if tile % 32:
        raise ConvertError.say("{tile_option:{tile}}: the tile size must be a multiple of 32", tile_option="--tile",
                               tile=tile)
    margin = p.margin
    if margin is None:  # the catalogue's margin goes with its tile; another tile keeps a quarter as margin
        margin = int(fam.get("margin", tile // 4)) if tile == default_tile else tile // 4
    return tile, int(margin)


def _export_checked(p: ConvertParams, model, spec, card: ModelCard, out_dir: str, say, torch_free_state=None):
    """Export to a hidden file beside the output, write the card, check parity, then move it into
    place; returns the result and the calibration tiles (or None). With ``torch_free_state`` (the
    weights as numpy arrays) the graph is written by convert.torchfree and ``model`` is None."""
    tile = card.tile
    torch_free = torch_free_state is not None
    # staged as segment stages its outputs (the process id in the hidden name): a conversion killed
    # midway leaves a model-sized file that the next conversion to this output removes
    with OutputSet([p.output]) as out:
        tmp = out.temp(p.output)
        try:
            open(tmp, "xb").close()
        except OSError as e:
            raise ConvertError.say("cannot write in {folder} ({reason}): choose an output folder you can write in (-o)",
                                   folder=out_dir, reason=e.strerror) from None
        fixed = spec.fixed_size or p.fixed_size
        if torch_free:
            say(f"writing the ONNX graph without PyTorch ({'fixed' if fixed else 'dynamic'} {tile} px tiles, "
                "BatchNorm folded into the convolutions)")
            torchfree.write_graph(torch_free_state, spec.arch, spec.encoder, tmp, os.path.basename(p.checkpoint),
                                  tile if fixed else None)
            dynamic = not fixed
        else:
            say(f"exporting to ONNX ({'fixed' if fixed else 'dynamic'} {tile} px tiles)")
            dynamic = export_onnx(model, spec, tmp, tile, dynamic=not fixed)
        if not dynamic:
            card = replace(card, extra={**card.extra, "fixed_tile": tile})
        write_metadata(tmp, card, p.deepness)
        result = ConvertResult(p.output, card, spec.arch, spec.encoder, dynamic, tile, 0.0)
        calib = read_tiles(card, p.calibration, tile) if p.calibration else None
        if p.check:
            # without PyTorch only "it runs" can be checked: a 256 px tile does that as well as a whole one
            size = min(tile, 256) if (torch_free and dynamic) else tile
            if calib is not None:
                x, valid, src = calib[0][:1], calib[1][:1], "the calibration imagery"
            else:
                x = np.random.default_rng(0).normal(0, 1, (1, spec.in_channels, size, size)).astype(np.float32)
                valid, src = None, f"a synthetic {size} px tile"
            if torch_free:
                result.check = torchfree.run_check(tmp, x, src)
            else:
                result.check = parity(model, tmp, x, valid, src)
            say(result.check.text())
        if p.deepness:  # Deepness reads the output as probabilities: the softmax goes into the graph
            card = result.card = add_softmax(tmp, card)
            write_metadata(tmp, card, p.deepness)
            if p.check:
                try:
                    say(check_as_deepness_reads(tmp, x))
                except ValueError as e:
                    raise ConvertError.say("the model written for Deepness fails its check: {error}; nothing was "
                                           "written", error=e.args[0]) from None
        out.commit()  # with ordinary permissions, as every output: others run the model too
    return result, calib


def _torch_model(spec, layout, from_numpy: bool, name: str, say):
    """The PyTorch converter's network with the checkpoint's weights (torch imported here)."""

    try:
        import_torch()
    except ConverterDepsMissing as e:
        raise ConverterDepsMissing.say(
            "{name} holds {model}, which the torch-free converter cannot write (it writes U-Net, "
            "FPN and DeepLabV3 on ResNet-34, and U-Net on MiT), so this one needs the PyTorch converter: {error}",
            name=name, model=spec.describe(), error=e.said if e.said is not None else str(e),
        ) from None
    if from_numpy:

        layout = torch_layout(layout)
    say("rebuilding the network and loading the weights")
    model = build_model(spec)
    load_weights(model, layout, spec, name)
    return model


__all__ = [
    "CONVERTERS", "ConvertError", "ConvertParams", "ConvertResult", "FAMILIES", "ParityCheck", "build_card", "convert", "deepness_metadata",
    "export_onnx", "guess_from_name", "parity", "read_tiles", "write_metadata",
]
