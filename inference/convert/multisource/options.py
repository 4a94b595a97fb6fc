"""``--bands`` / ``--norm``: card facts of a multi-source conversion that the user sets.

IGN's public sources leave some facts open (SPOT's band selection and normalisation, the FLAIR#2
Sentinel-2 scaling: docs/multisource.md); a wrong one gives a plausible wrong map, so the user who
knows how the weights were trained gives them at conversion, and the card records that they did
(``Modality.set_at_conversion``; ``info`` then says "set at conversion" instead of "verify").

    --bands SPOT=1,2,3                                      file bands fed, 1-based, in order
    --norm SPOT=433.26,508.75,467.77:312.76,284.61,226.02   (x - mean) / std per fed band
    --norm S2=scale:65535                                    x / 65535 (mean 0)
    --norm S2=none                                           raw values (time series only)
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from ...core.errors import FlairError
from ...core.messages import say
from ...models.modalities import SHORT_NAMES, UNVERIFIED, Modality, compose_note, short_name

# What a modality's file holds, band by band, for the modalities whose bands can be chosen
# (DEM's are DSM and DSM-DTM computed from the file; a series is read as stored, C bands per date)
FILE_BANDS = {"AERIAL_RGBI": ("R", "G", "B", "NIR"), "SPOT_RGBI": ("R", "G", "B", "NIR")}


class ConvertOptionError(FlairError, ValueError):
    """A --bands / --norm value that cannot apply; the message names the option and what to give."""


@dataclass(frozen=True)
class Norm:
    kind: str  # "values" | "scale" | "none"
    mean: tuple[float, ...] = ()
    std: tuple[float, ...] = ()
    scale: float = 0.0

    def for_bands(self, n: int) -> tuple[tuple[float, ...] | None, tuple[float, ...] | None]:
        if self.kind == "none":
            return None, None
        if self.kind == "scale":
            return (0.0,) * n, (self.scale,) * n
        return self.mean, self.std


@dataclass(frozen=True)
class ConvertOptions:
    bands: dict[str, tuple[int, ...]] = field(default_factory=dict)  # IGN modality name -> file bands
    norms: dict[str, Norm] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.bands or self.norms)

    def names(self) -> set[str]:
        return set(self.bands) | set(self.norms)

    def check_model_reads(self, modalities: list[str]) -> None:
        extra = sorted(self.names() - set(modalities))
        if extra:
            raise ConvertOptionError.say(
                "--bands/--norm name {names}, which this model does not read; it reads {reads}",
                names=", ".join(_label(m) for m in extra), reads=", ".join(short_name(m) for m in modalities))


def _label(name: str) -> str:
    return f"{short_name(name)} ({name})"


def _modality(key: str, option: str) -> str:
    name = SHORT_NAMES.get(key.strip().upper(), key.strip())
    if name not in SHORT_NAMES.values():
        raise ConvertOptionError.say("{option} {key}: unknown modality; use one of {known}", option=option, key=key,
                                     known=", ".join(SHORT_NAMES))
    return name


def _numbers(text: str, what: str, option: str) -> tuple[float, ...]:
    try:
        return tuple(float(v) for v in text.split(","))
    except ValueError:
        raise ConvertOptionError.say("{option}: {what} {text!r} is not a comma-separated list of numbers",
                                     option=option, what=_WHAT[what], text=text) from None


# what _numbers reads, in the user's language
_WHAT = {"scale": say("the scale"), "means": say("the means"), "stds": say("the stds")}


def parse_norm(key: str, value: str) -> Norm:
    option = f"--norm {key}={value}"
    v = value.strip().lower()
    if v == "none":
        return Norm("none")
    if v.startswith("scale:"):
        k = _numbers(v[6:], "scale", option)
        if len(k) != 1 or not k[0] > 0 or not math.isfinite(k[0]):
            raise ConvertOptionError.say("{option}: the scale must be one positive number (scale:65535)", option=option)
        return Norm("scale", scale=k[0])
    mean, sep, std = value.partition(":")
    if not sep:
        raise ConvertOptionError.say("{option}: give MEAN1,MEAN2,..:STD1,STD2,.., scale:K or none", option=option)
    m, s = _numbers(mean, "means", option), _numbers(std, "stds", option)
    if len(m) != len(s):
        raise ConvertOptionError.say("{option}: {means} means but {stds} stds; give one of each per band",
                                     option=option, means=len(m), stds=len(s))
    if not all(math.isfinite(x) for x in m + s):
        raise ConvertOptionError.say("{option}: every mean and std must be a finite number (not nan or inf)",
                                     option=option)
    if any(x <= 0 for x in s):
        raise ConvertOptionError.say("{option}: every std must be positive (a zero std divides by zero)",
                                     option=option)
    return Norm("values", m, s)


def parse_bands(key: str, value: str) -> tuple[int, ...]:
    option = f"--bands {key}={value}"
    try:
        bands = tuple(int(b) for b in value.split(","))
    except ValueError:
        raise ConvertOptionError.say("{option}: give the file's bands as 1-based numbers, e.g. 1,2,3",
                                     option=option) from None
    if any(b < 1 for b in bands):
        raise ConvertOptionError.say("{option}: bands are numbered from 1", option=option)
    return bands


def parse_options(bands: list[str] | None = None, norms: list[str] | None = None) -> ConvertOptions:
    """``MOD=VALUE`` strings (MOD: AERIAL, DEM, SPOT, S2, S1A, S1D or IGN's names) -> options."""
    out = ConvertOptions()
    for option, items, parse, target in (("--bands", bands, parse_bands, out.bands),
                                         ("--norm", norms, parse_norm, out.norms)):
        for item in items or ():
            key, sep, value = item.partition("=")
            if not sep or not value.strip():
                raise ConvertOptionError.say("{option} {item}: write MODALITY=VALUE, e.g. {option} SPOT=...",
                                             option=option, item=item)
            name = _modality(key, option)
            if name in target:
                raise ConvertOptionError.say("{option}: {modality} is given twice", option=option,
                                             modality=short_name(name))
            target[name] = parse(key, value)
    return out


def apply_options(mod: Modality, options: ConvertOptions | None, file_bands: tuple[str, ...] | None = None,
                  unverified: dict[str, str] | None = None, base_note: str | None = None,
                  channels: int | None = None) -> Modality:
    """``mod`` with the user's bands and normalisation; its note says what they set and what stays
    to verify (``unverified``: fact -> text, default IGN's for the modality). ``channels``: what
    the weights take, which --bands must give."""
    if not options or mod.name not in options.names():
        return mod
    label, done = _label(mod.name), []
    file_bands = FILE_BANDS.get(mod.name) if file_bands is None else file_bands
    if mod.name in options.bands:
        sel = options.bands[mod.name]
        if mod.is_series:
            raise ConvertOptionError.say("--bands {modality}: a time series is read as stored, {count} bands per "
                                         "date; reorder the file's bands instead", modality=label,
                                         count=len(mod.bands))
        if mod.derive or not file_bands:
            raise ConvertOptionError.say("--bands {modality}: its bands are fixed ({bands}); --bands does not apply",
                                         modality=label, bands=", ".join(mod.bands))
        missing = [b for b in sel if b > len(file_bands)]
        if missing:
            raise ConvertOptionError.say("--bands {modality}: its file holds {count} bands ({bands}); there is no "
                                         "band {band}", modality=label, count=len(file_bands),
                                         bands=", ".join(file_bands), band=missing[0])
        names = tuple(file_bands[b - 1] for b in sel)
        if channels is not None and len(sel) != channels:
            raise ConvertOptionError.say("--bands {modality}: the weights take {channels} bands, --bands gives "
                                         "{count} ({bands})", modality=label, channels=channels, count=len(sel),
                                         bands=", ".join(names))
        mod = replace(mod, bands=names, source_bands=sel)
        done.append("bands")
    n = len(mod.bands)
    if mod.name in options.norms:
        norm = options.norms[mod.name]
        if norm.kind == "none" and not mod.is_series:
            raise ConvertOptionError.say("--norm {modality}=none: an image modality is always normalised; give "
                                         "scale:1 to feed raw values", modality=label)
        mean, std = norm.for_bands(n)
        if mean is not None and len(mean) != n:
            raise ConvertOptionError.say("--norm {modality}: {count} means/stds for the {n} bands fed ({bands}); "
                                         "give one per band", modality=label, count=len(mean), n=n,
                                         bands=", ".join(mod.bands))
        mod = replace(mod, mean=mean, std=std)
        done.append("normalisation")
    elif mod.mean is not None and len(mod.mean) != n:
        raise ConvertOptionError.say("--bands {modality}: {n} bands fed ({bands}) but the normalisation has {count} "
                                     "values; give --norm {short}=MEAN1,..:STD1,..", modality=label, n=n,
                                     bands=", ".join(mod.bands), count=len(mod.mean), short=short_name(mod.name))
    facts = UNVERIFIED.get(mod.name, {}) if unverified is None else unverified
    base = base_note if base_note is not None else ("" if facts else mod.note)
    return replace(mod, set_at_conversion=tuple(done), note=compose_note(base, facts, tuple(done)))


__all__ = ["ConvertOptionError", "ConvertOptions", "FILE_BANDS", "Norm", "apply_options", "parse_options"]
