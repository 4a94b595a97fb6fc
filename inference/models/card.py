"""The model card: what a model expects and what its outputs mean, stored inside the ONNX file.

Our card is JSON under the metadata key ``flair_card``, in one of two schemas (docs/model-card.md,
docs/multisource.md): 1, one image of input roles and one output of classes; 2, a multi-source
model's named inputs (modalities) and its tasks. Both are read into the one ``ModelCard``. Models
without it still run: Deepness/GeoDeep keys are read where present, and whatever is still
missing must come from the user (command-line options or the dock), each item named.
"""
from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, replace

from ..core.classes import ENCODINGS, index_to_code
from ..core.errors import FlairError
from ..core.messages import Said, say, together
from . import deepness
from .deepness import GENERIC_ROLE
from .modalities import NOMENCLATURES, Modality, Task, modality_problems

CARD_KEY = "flair_card"
ROLES = ("R", "G", "B", "NIR", "NDSM", "DSM", "DTM")
# How a role's physical values become the numbers the model was trained on.
INPUT_ENCODINGS = {
    "uint8": "digital numbers 0..255 as stored in the BD ORTHO",
    "height_0.2m_uint8": "height above ground in 0.2 m steps, clipped to 0..255 (FLAIR#1 'E' band)",
    "metres": "raw metres (float)",
}
OUTPUT_KINDS = ("logits", "probabilities")
# the fields only a single-source card (schema 1) writes; a multi-source one (schema 2) writes these instead
SINGLE_ONLY = ("inputs", "class_codes", "mean", "std", "scale", "output", "class_names")
MULTI_ONLY = ("modalities", "tasks")


class CardError(FlairError, ValueError):
    """The model card is missing something or says something we cannot use."""


@dataclass(frozen=True)
class InputSpec:
    role: str
    encoding: str = "uint8"


@dataclass(frozen=True)
class ModelCard:
    """Any model: a single-source one (``inputs``: the roles of one image; ``class_codes``: its one
    output) or a multi-source one (``modalities``: its named inputs; ``tasks``: its outputs)."""

    name: str
    inputs: tuple[InputSpec, ...] = ()
    class_codes: tuple[int, ...] = ()  # FLAIR code of each output channel; 0 for generic classes
    mean: tuple[float, ...] | None = None  # raw units, one per input
    std: tuple[float, ...] | None = None
    scale: float | None = None  # used when mean/std are absent: x * scale
    resolution_m: float | None = 0.2  # None: the imagery's own grid (Deepness models that state none)
    tile: int = 512
    margin: int = 128
    output: str = "logits"
    class_names: tuple[str, ...] = ()  # for generic (non-FLAIR) outputs
    version: str = ""
    source_url: str = ""
    licence: str = ""
    description: str = ""
    modalities: tuple[Modality, ...] = ()  # a multi-source model's named inputs (schema 2)
    tasks: tuple[Task, ...] = ()  # and its outputs, in the graph's order
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def is_multisource(self) -> bool:
        return bool(self.modalities or self.tasks)

    def modality(self, name: str) -> Modality:
        for m in self.modalities:
            if m.name == name:
                return m
        raise KeyError(name)

    @property
    def roles(self) -> tuple[str, ...]:
        return tuple(i.role for i in self.inputs)

    @property
    def n_classes(self) -> int:
        return len(self.class_codes)

    def validate(self) -> ModelCard:
        problems = self._multi_problems() if self.is_multisource else self._single_problems()
        if self.resolution_m is not None and self.resolution_m <= 0:
            problems.append(say("resolution must be positive"))
        if self.tile <= 2 * self.margin:
            problems.append(say("tile {tile} must be more than twice the margin {margin}", tile=self.tile,
                                margin=self.margin))
        if problems:
            raise CardError.say("model card: {problems}", problems=together(problems))
        return self

    def _single_problems(self) -> list[Said]:
        problems = []
        for spec in self.inputs:
            if spec.role not in ROLES and not GENERIC_ROLE.match(spec.role):
                problems.append(say("input role {role!r} is not one of {roles} (or B5, B6, ...)", role=spec.role,
                                    roles=", ".join(ROLES)))
            if spec.encoding not in INPUT_ENCODINGS:
                problems.append(say("input {role} encoding {encoding!r} is not one of {encodings}", role=spec.role,
                                    encoding=spec.encoding, encodings=", ".join(INPUT_ENCODINGS)))
        if not self.inputs:
            problems.append(say("no input roles"))
        n = len(self.inputs)
        if self.mean is not None and (self.std is None or len(self.mean) != n or len(self.std) != n):
            problems.append(say("mean and std must both have {count} values (one per input)", count=n))
        if self.std is not None and any(s == 0 for s in self.std):
            problems.append(say("std contains 0"))
        if self.mean is None and self.scale is None:
            problems.append(say("no normalisation (mean/std or scale)"))
        if self.output not in OUTPUT_KINDS:
            problems.append(say("output must be one of {kinds}, not {output!r}", kinds=", ".join(OUTPUT_KINDS),
                                output=self.output))
        if not self.class_codes:
            problems.append(say("no output classes"))
        if any(not 0 <= c <= 255 for c in self.class_codes):
            problems.append(say("class codes must fit in 0..255"))
        return problems

    def _multi_problems(self) -> list[Said]:
        problems = [] if self.modalities else [say("no modalities")]
        if not self.tasks:
            problems.append(say("no tasks"))
        for m in self.modalities:
            problems += modality_problems(m)
        for t in self.tasks:
            if t.nomenclature not in NOMENCLATURES:
                problems.append(say("task {task}: nomenclature {nomenclature!r} is not one of {nomenclatures}",
                                    task=t.output, nomenclature=t.nomenclature,
                                    nomenclatures=", ".join(NOMENCLATURES)))
        return problems

    def to_json(self) -> str:
        """Schema 2 for a multi-source card, 1 otherwise (each with only its own fields)."""
        d = asdict(self)
        for key in SINGLE_ONLY if self.is_multisource else MULTI_ONLY:
            del d[key]
        d["schema"] = 2 if self.is_multisource else 1
        return json.dumps(d, ensure_ascii=False, indent=1)

    @classmethod
    def from_dict(cls, d: dict) -> ModelCard:
        """A card of either schema (2 needs its modalities and tasks)."""
        d = dict(d)
        schema = d.pop("schema", None)
        known = {f for f in cls.__dataclass_fields__}
        extra = {**d.pop("extra", {}), **{k: v for k, v in d.items() if k not in known}}
        d = {k: v for k, v in d.items() if k in known}
        try:
            d["inputs"] = tuple(
                InputSpec(**i) if isinstance(i, dict) else InputSpec(str(i)) for i in d.get("inputs", ())
            )
            d["modalities"] = tuple(Modality(**{k: tuple(v) if isinstance(v, list) else v for k, v in m.items()})
                                    for m in d.get("modalities", ()))
            d["tasks"] = tuple(Task(t["output"], t["nomenclature"], tuple(t["class_codes"])) for t in d.get("tasks", ()))
            for key in ("class_codes", "mean", "std", "class_names"):
                if d.get(key) is not None:
                    d[key] = tuple(d[key])
            card = cls(extra=extra, **d)
        except (KeyError, TypeError) as e:
            raise CardError.say("model card: {error}", error=str(e)) from None
        if schema == 2 and not card.is_multisource:
            raise CardError.say("model card: a schema 2 (multi-source) card needs its modalities and tasks")
        return card

    def summary(self) -> str:
        lines = [f"name:        {self.name} {self.version}".rstrip()]
        lines += self._multi_summary() if self.is_multisource else self._single_summary()
        for key, label in (("licence", "licence"), ("source_url", "source"), ("description", "about")):
            if getattr(self, key):
                lines.append(f"{label + ':':<13}{getattr(self, key)}")
        return "\n".join(lines)

    def _single_summary(self) -> list[str]:
        norm = (
            f"(x - mean) / std, mean {list(self.mean)}, std {list(self.std)}"
            if self.mean is not None
            else f"x * {self.scale}"
        )
        lines = [
            f"inputs:      {', '.join(f'{i.role} ({i.encoding})' for i in self.inputs)}",
            f"normalise:   {norm}",
            f"resolution:  {self.resolution_m} m" if self.resolution_m else "resolution:  the imagery's own",
            f"tile:        {self.tile} px, margin {self.margin} px",
            f"output:      {self.n_classes} channels ({self.output}) -> codes {list(self.class_codes)}",
        ]
        if self.class_names:
            lines.append(f"class names: {', '.join(self.class_names)}")
        return lines

    def _multi_summary(self) -> list[str]:
        lines = [f"grid:        {self.resolution_m} m, tile {self.tile} px, margin {self.margin} px", "modalities:"]
        for m in self.modalities:
            size = f"{m.px_at_tile} px per tile" if m.px_at_tile else "any size"
            if m.context_m:
                size = f"{m.px_at_tile} px over {m.context_m:g} m centred on each tile"
            lines.append(f"  {m.name:<18} {m.kind:<6} {'required' if m.required else 'optional'}; "
                         f"bands {', '.join(m.bands)} (file bands {list(m.source_bands)}); "
                         f"{m.resolution_m} m, {size}; normalise {m.normalisation()}")
            if m.is_series:
                lines.append(f"  {'':<18} dates {m.describe_dates()}")
            if m.note:
                lines.append(f"  {'':<18} note: {m.note}")
        lines.append("tasks:")
        for t in self.tasks:
            lines.append(f"  {t.output:<18} {NOMENCLATURES.get(t.nomenclature, t.nomenclature)}, "
                         f"{t.n_classes} outputs")
        return lines


@dataclass
class CardOverrides:
    """What a user may supply for a model without a (complete) card."""

    roles: tuple[str, ...] | None = None
    classes: str | None = None  # flair19 | flair-inc | flair13 | flair-hub | generic
    mean: tuple[float, ...] | None = None
    std: tuple[float, ...] | None = None
    scale: float | None = None
    resolution_m: float | None = None
    tile: int | None = None
    margin: int | None = None
    output: int | None = None  # which model output (0-based; the CLI's --model-output is 1-based)
    threshold: float | None = None  # binary outputs: the score above which a pixel is the class


def _deepness_card(meta: dict[str, str], output_index: int = 0) -> dict:
    """Translate Deepness/GeoDeep metadata keys into card fields (only those present)."""
    d: dict = {}
    names = deepness.class_names(meta, output_index)
    if names:
        d["class_names"] = names
    if "resolution" in meta:
        d["resolution_m"] = float(json.loads(meta["resolution"])) / 100.0
    elif deepness.is_deepness(meta):
        d["resolution_m"] = None  # as Deepness: the imagery's own grid
    size = meta.get("tile_size") or meta.get("tiles_size")
    if size:
        d["tile"] = int(json.loads(size))
    if "tiles_overlap" in meta and "tile" in d:
        d["margin"] = int(round(d["tile"] * float(json.loads(meta["tiles_overlap"])) / 100.0 / 2))
    if "standardization_mean" in meta and "standardization_std" in meta:
        d["mean"] = tuple(255.0 * float(v) for v in json.loads(meta["standardization_mean"]))
        d["std"] = tuple(255.0 * float(v) for v in json.loads(meta["standardization_std"]))
    return d


def _binary_names(names: tuple[str, ...]) -> tuple[str, str]:
    """A one-channel output's two classes: below and above the threshold."""
    if len(names) >= 2:
        return names[0], names[1]
    return "background", names[0] if names else "object"


def read_card(meta: dict[str, str], check: bool = True) -> ModelCard | None:
    """The card in a model's metadata (schema 1 or 2), or None when it has none. ``check=False``
    leaves it unchecked (resolve_card completes a single-source card with the user's overrides)."""
    if CARD_KEY not in meta:
        return None
    try:
        card = ModelCard.from_dict(json.loads(meta[CARD_KEY]))
    except json.JSONDecodeError as e:
        raise CardError.say("the model's {key} metadata is not valid JSON: {error}", key=CARD_KEY,
                            error=str(e)) from None
    return card.validate() if check else card


def card_of_model(path: str) -> ModelCard | None:
    """The checked card of a multi-source model file, or None (a single-source model, whose card
    resolve_card completes, or not a model: describe_model reports that). Reads no weights."""
    if not os.path.isfile(path):
        return None
    from google.protobuf.message import DecodeError

    from .skim import load_without_weights

    try:
        proto = load_without_weights(path)
    except (OSError, ValueError, IndexError, DecodeError):
        return None
    card = read_card({p.key: p.value for p in proto.metadata_props}, check=False)
    return card.validate() if card is not None and card.is_multisource else None


def resolve_card(
    meta: dict[str, str],
    n_inputs: int | None,
    n_outputs: int | None,
    overrides: CardOverrides | None = None,
    fallback_name: str = "model",
    output_index: int = 0,
    binary: bool = False,
) -> ModelCard:
    """Build the card from a model's metadata plus the user's overrides, or say what is missing.

    ``n_inputs``/``n_outputs`` are the channel counts read from the graph (None if dynamic).
    """
    o = overrides or CardOverrides()
    card = read_card(meta, check=False)
    if card is None:
        card = _card_without_ours(meta, n_inputs, n_outputs, o, fallback_name, output_index, binary)
    card = _apply_overrides(card, o, has_card=CARD_KEY in meta)
    if card.class_codes and all(c == 0 for c in card.class_codes):
        # generic model: code = output index + 1, names from its metadata
        names = card.class_names or tuple(f"class {i}" for i in range(card.n_classes))
        card = replace(card, class_codes=tuple(range(1, card.n_classes + 1)), class_names=names)
    if n_outputs is not None and n_outputs != card.n_classes:
        if binary:  # one score per pixel, thresholded: the user sees no channel to count
            raise CardError.say(
                "the model gives one score per pixel (an (N, H, W) output or a single channel), read as 2 classes "
                "(under or over the threshold), but its card describes {classes} classes", classes=card.n_classes)
        raise CardError.say("the model has {outputs} output channels but its card describes {classes} classes",
                            outputs=n_outputs, classes=card.n_classes)
    if n_inputs is not None and n_inputs != len(card.inputs):
        raise CardError.say("the model takes {inputs} input channels but its card names {count} roles ({roles})",
                            inputs=n_inputs, count=len(card.inputs), roles=", ".join(card.roles))
    return card.validate()


def _card_without_ours(meta: dict[str, str], n_inputs: int | None, n_outputs: int | None,
                       o: CardOverrides, fallback_name: str, output_index: int = 0,
                       binary: bool = False) -> ModelCard:
    """A card from Deepness/GeoDeep keys and the user's overrides, or CardError naming what is missing.

    Models made for Deepness run as Deepness runs them (models/deepness.py): bands in order, the
    bands / 255 without standardisation, the imagery's grid without resolution, a one-channel
    output as two classes."""
    fields = _deepness_card(meta, output_index)
    fields.setdefault("resolution_m", None)  # neither card nor metadata says: the imagery's own grid
    is_deepness = deepness.is_deepness(meta)
    if binary:
        fields["class_names"] = _binary_names(fields.get("class_names", ()))
    if is_deepness and o.mean is None and o.scale is None and "mean" not in fields:
        fields["scale"] = 1.0 / 255.0
    missing = []
    roles = o.roles
    if roles is None:
        if n_inputs in (1, 3) or is_deepness and n_inputs:  # bands in order, as Deepness feeds them
            roles = deepness.default_roles(n_inputs)
        else:
            roles_option = "assign them as ROLE=PATH[:BAND] sources"
            missing.append(say("input roles for its {count} input channels ({roles_option})", count=n_inputs,
                               roles_option=roles_option) if n_inputs else
                           say("input roles for its unknown number of input channels ({roles_option})",
                               roles_option=roles_option))
    classes = o.classes
    if classes is None and "class_names" in fields:
        classes = "generic"
    if classes is None:
        missing.append(say("what its outputs mean ({classes_option})",
                           classes_option="--classes flair19|flair-inc|flair13|flair-hub|generic"))
    if o.mean is None and o.scale is None and "mean" not in fields and "scale" not in fields:
        missing.append(say("its normalisation ({mean_option} and {std_option} in 0..255 units, or {scale_option})",
                           mean_option="--mean", std_option="--std", scale_option="--scale"))
    if missing:
        raise CardError.say("this model has no FLAIR model card, so these must be given: {missing}",
                            missing=together(missing))
    n_out = n_outputs or len(fields.get("class_names", ()))
    if classes == "generic":
        codes = (0,) * n_out
        names = fields.get("class_names") or tuple(f"class {i}" for i in range(n_out))
        fields["class_names"] = tuple(names)
    else:
        codes = index_to_code(classes)
    return ModelCard(
        name=meta.get("name") or fallback_name,
        inputs=tuple(InputSpec(r) for r in roles),
        class_codes=tuple(codes),
        **{"scale": 1.0 if o.scale is None and o.mean is None and "mean" not in fields else None, **fields},
    )


def _apply_overrides(card: ModelCard, o: CardOverrides, has_card: bool) -> ModelCard:
    changes: dict = {}
    if o.roles is not None and has_card:
        changes["inputs"] = tuple(InputSpec(r) for r in o.roles)
    if o.classes is not None and has_card:
        changes["class_codes"] = (0,) * card.n_classes if o.classes == "generic" else index_to_code(o.classes)
    if o.mean is not None or o.std is not None:
        changes.update(mean=o.mean, std=o.std, scale=None)
    elif o.scale is not None:
        changes.update(mean=None, std=None, scale=o.scale)
    for key in ("resolution_m", "tile", "margin"):
        if getattr(o, key) is not None:
            changes[key] = getattr(o, key)
    return replace(card, **changes) if changes else card


__all__ = ["CardError", "CardOverrides", "InputSpec", "ModelCard", "card_of_model", "read_card", "resolve_card",
           "ENCODINGS", "CARD_KEY"]
