"""What a change run counts, window after window: the transition matrix, the per-zone balance,
the nodata left out, and the change raster the polygons are drawn from.

A pixel counts when both vintages hold a class there. It is *changed* when its class changed or
its artificialised status did (a building patch that grew past 50 m² is artificialised land that
kept its class): the change raster holds, for each changed pixel, the id of its (transition, both
statuses, zone) combination (1, 2, ... in the order met; ``keys[id - 1]`` is the ``pack``ed
combination), and 0 elsewhere.
"""
from __future__ import annotations

import numpy as np

from ..core.errors import InputError

N_CODES = 20  # FLAIR codes 0..19 (0 = nodata)
MAX_IDS = (1 << 31) - 1  # the change raster is Int32
BALANCE = ("area", "artificialised_before", "artificialised_after", "artificialisation", "renaturation")


def pack(before, after, artif_before, artif_after, zone, n_zones: int):
    """One positive integer per changed pixel: ((before * 32 + after) * 4 + status) * (n_zones + 1) + zone."""
    status = artif_before.astype(np.int64) * 2 + artif_after.astype(np.int64)
    return ((before.astype(np.int64) * 32 + after) * 4 + status) * (n_zones + 1) + zone


def unpack(value: int, n_zones: int) -> tuple[int, int, int, int, int]:
    """(code before, code after, artificialised before, artificialised after, zone index)."""
    rest, zone = divmod(int(value), n_zones + 1)
    rest, status = divmod(rest, 4)
    before, after = divmod(rest, 32)
    return before, after, status >> 1, status & 1, zone


class Tally:
    def __init__(self, n_zones: int):
        self.n_zones = n_zones
        self.matrix = np.zeros((N_CODES, N_CODES), np.int64)
        self.balance = np.zeros((len(BALANCE), n_zones + 1), np.int64)  # column 0: outside every zone
        self.nodata = {"before": 0, "after": 0, "both": 0}
        self.transitions: set[tuple[int, int]] = set()  # (code before, code after) of changed pixels
        self.ids: dict[int, int] = {}  # packed combination -> id in the change raster
        self.keys: list[int] = []  # id - 1 -> packed combination

    def add(self, cb, ca, ab, aa, zone) -> np.ndarray:
        """Count one window (codes, artificialised masks, zone indices); returns its change raster."""
        vb, va = cb > 0, ca > 0
        both = vb & va
        self.nodata["before"] += int((~vb & va).sum())
        self.nodata["after"] += int((vb & ~va).sum())
        self.nodata["both"] += int((~vb & ~va).sum())
        self.matrix += np.bincount((cb[both].astype(np.int64) * N_CODES + ca[both]),
                                   minlength=N_CODES * N_CODES).reshape(N_CODES, N_CODES)
        z = zone[both]
        b, a = ab[both], aa[both]
        n = self.n_zones + 1
        for i, sel in enumerate((None, b, a, a & ~b, b & ~a)):
            self.balance[i] += np.bincount(z if sel is None else z[sel], minlength=n)
        changed = both & ((cb != ca) | (ab != aa))
        if changed.any():
            pairs = np.unique(cb[changed].astype(np.int64) * N_CODES + ca[changed])
            self.transitions.update((int(v) // N_CODES, int(v) % N_CODES) for v in pairs)
        out = np.zeros(cb.shape, np.int32)
        if changed.any():
            packed = pack(cb[changed], ca[changed], ab[changed], aa[changed], zone[changed], self.n_zones)
            values, inverse = np.unique(packed, return_inverse=True)
            out[changed] = np.array([self._id(int(v)) for v in values], np.int32)[inverse]
        return out

    def _id(self, key: int) -> int:
        i = self.ids.get(key)
        if i is None:
            if len(self.keys) >= MAX_IDS:
                raise InputError.say("more than {most} different (transition, zone) combinations: balance fewer "
                                     "zones at once", most=MAX_IDS)
            self.keys.append(key)
            i = self.ids[key] = len(self.keys)
        return i
