"""The band stack: which (source, band) fills each input role of the model, and how it is read.

Roles are filled in order from plain sources (every band of a raster fills the next free
role), or explicitly with ``ROLE=PATH[:BAND]``. A model that wants NDSM can be fed a height
raster or a DSM and a DTM (NDSM = DSM - DTM).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..core.errors import FlairError
from ..core.messages import say
from ..core.raster import gdal_errors
from ..models.card import ModelCard
from .checks import parse_source_arg
from .sources import RasterSource, SourceError


class StackError(FlairError, ValueError):
    """The sources do not fill the model's inputs; says which role and why."""


@dataclass(frozen=True)
class Binding:
    source: int  # index into BandStack.sources
    band: int  # 1-based


@dataclass
class BandStack:
    sources: list[RasterSource]
    roles: dict[str, Binding] = field(default_factory=dict)
    factors: dict[str, float] = field(default_factory=dict)  # --rescale: role -> value multiplier

    def describe(self) -> dict[str, str]:
        return {r: f"{self.sources[b.source].info.name} band {b.band}" for r, b in self.roles.items()}


def parse_source_args(args: list[str]) -> list[tuple[str | None, str, int | None]]:
    """CLI SOURCE strings -> (role or None, path, band or None)."""

    return [parse_source_arg(a) for a in args]


def build_stack(
    card: ModelCard,
    entries: list[tuple[str | None, RasterSource, int | None]],
) -> BandStack:
    """Fill the card's roles from (role|None, source, band|None) entries, or say what is wrong."""
    stack = BandStack(sources=[])
    index: dict[int, int] = {}
    needed = list(card.roles)

    def add(src: RasterSource) -> int:
        if id(src) not in index:
            index[id(src)] = len(stack.sources)
            stack.sources.append(src)
        return index[id(src)]

    pending = list(needed)
    for role, src, band in entries:
        i = add(src)
        count = src.info.count
        if role is not None:
            b = 1 if band is None else band
            if not 1 <= b <= count:
                raise StackError.say("{role}: {name} has {count} band(s), there is no band {band}", role=role,
                                     name=src.info.name, count=count, band=b)
            if role not in needed and role not in ("DSM", "DTM"):
                raise StackError.say("the model has no {role} input (it takes {roles}); remove {role}=...", role=role,
                                     roles=", ".join(needed))
            stack.roles[role] = Binding(i, b)
            if role in pending:
                pending.remove(role)
            continue
        free = [r for r in pending if r not in stack.roles]
        bands = [b for b in range(1, count + 1) if b != src.info.alpha]  # alpha: a mask, not an input
        count = len(bands)
        if count > len(free):
            raise StackError.say(
                "{name} has {count} bands but only {left} input role(s) are left to fill ({free}); the model takes "
                "{inputs} inputs ({roles}). Pick bands explicitly with {roles_option}.", name=src.info.name,
                count=count, left=len(free), free=", ".join(free) or say("none"), inputs=len(needed),
                roles=", ".join(needed), roles_option="ROLE=PATH:BAND")
        for b, r in zip(bands, free):
            stack.roles[r] = Binding(i, b)
            pending.remove(r)
    missing = [r for r in needed if r not in stack.roles]
    if "NDSM" in missing and {"DSM", "DTM"} <= set(stack.roles):
        missing.remove("NDSM")  # computed as DSM - DTM
    if missing:
        hint = say(" (or DSM=... and DTM=...)") if "NDSM" in missing else ""
        raise StackError.say("no source for input role(s) {missing}{hint}; the model takes {roles}. Add "
                             "{sources_option}.", missing=", ".join(missing), hint=hint,
                             roles=", ".join(needed), sources_option="ROLE=PATH[:BAND] sources")
    return stack


def encode(values: np.ndarray, encoding: str) -> np.ndarray:
    """Physical values of one role -> the numbers the model was trained on."""
    if encoding == "height_0.2m_uint8":
        return np.clip(np.rint(values / 0.2), 0, 255)
    return values


class StackReader:
    """Reads the model's input stack for grid windows (one per reading thread)."""

    def __init__(self, stack: BandStack, card: ModelCard, grid, resampling: str = "bilinear"):
        self.card = card
        self.stack = stack
        self.readers = []
        try:
            for src in stack.sources:
                self.readers.append(src.reader(grid, resampling))
        except Exception:
            self.close()
            raise
        self.plan: dict[int, list[int]] = {}
        for b in stack.roles.values():
            self.plan.setdefault(b.source, [])
            if b.band not in self.plan[b.source]:
                self.plan[b.source].append(b.band)
        if card.mean is not None:
            self.mean = np.asarray(card.mean, np.float32)[:, None, None]
            self.std = np.asarray(card.std, np.float32)[:, None, None]
        else:
            self.mean = np.float32(0)
            self.std = np.float32(1.0 / card.scale)

    def read(self, rows, cols) -> tuple[np.ndarray, np.ndarray]:
        """(normalised float32 (C, h, w) with 0 where invalid, valid mask (h, w))."""
        h, w = rows[1] - rows[0], cols[1] - cols[0]
        got: dict[tuple[int, int], np.ndarray] = {}
        valid = np.ones((h, w), dtype=bool)
        for s, bands in self.plan.items():
            data, ok = self.readers[s].read(rows, cols, bands)
            valid &= ok
            for k, b in enumerate(bands):
                got[(s, b)] = data[k]
        x = np.empty((len(self.card.inputs), h, w), dtype=np.float32)
        roles = self.stack.roles
        for c, spec in enumerate(self.card.inputs):
            if spec.role in roles:
                b = roles[spec.role]
                v = got[(b.source, b.band)]
            elif spec.role == "NDSM":
                v = got[(roles["DSM"].source, roles["DSM"].band)] - got[(roles["DTM"].source, roles["DTM"].band)]
            else:  # build_stack guarantees every role is bound
                raise StackError(f"no source for {spec.role}")
            if spec.role in self.stack.factors:
                v = v * np.float32(self.stack.factors[spec.role])
            x[c] = encode(v, spec.encoding)
        # NaN and infinities in any band are holes, never a class (NaN would pass every nodata test)
        valid &= np.isfinite(x).all(axis=0)
        x -= self.mean
        x /= self.std
        x[:, ~valid] = 0.0
        return x, valid

    def close(self):
        for r in self.readers:
            try:
                r.close()
            except (OSError, *gdal_errors()):  # closing after reading: nothing left to lose
                pass


__all__ = ["BandStack", "Binding", "StackError", "StackReader", "build_stack", "parse_source_args", "SourceError"]
