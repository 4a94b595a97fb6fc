"""Patch sizes across windows: the 8-connected patches of each marked class, measured exactly.

A building cut by a window edge is one patch, so sizes cannot be counted window by window. Two
passes over the same windows, in the same order:

1. ``PatchSizes.add(codes, r0, c0)`` labels each marked class inside the window (scipy's
   ``ndimage.label``, 8-connected) and numbers the labels globally (the window's offset + its own
   label). Labels that touch across the window's top edge (the row above, kept for the grid's
   whole width) or its left edge (the last column of the window before) are joined, only when
   both pixels hold the same class, in a union-find that holds only the joined labels.
   ``finish()`` sums each joined patch's pixels and decides, per label, whether its patch reaches
   its class's threshold.
2. ``PatchSizes.mask(codes, r0, c0)`` takes the window's labels back from the ``LabelStore`` (pass 1
   deflated them into a hidden scratch file: a fraction of a byte per pixel, cheaper than
   labelling again) or, without a store, labels the window again (the same pixels give the same
   labels), and looks the decision up.

Memory: one row of the grid's width, one column of the window's height, and per label its size
and class (a few bytes per patch, not per pixel), so it grows with the number of patches, not with
the area's pixels. Windows must be visited row by row, left to right, in both passes.
"""
from __future__ import annotations

import os
import zlib

import numpy as np

from ..core.errors import InputError

EIGHT = np.ones((3, 3), bool)


def _ndimage():
    try:
        from scipy import ndimage
    except ImportError:
        raise InputError.say("measuring patches needs scipy; install it into this Python "
                             "(pip install scipy, or your distribution's python3-scipy)") from None
    return ndimage


def label_window(codes: np.ndarray, classes: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Local labels of the marked classes (0 = none, 1..n), each label's pixel count and class."""
    ndimage = _ndimage()
    labels = np.zeros(codes.shape, np.int32)
    sizes, owners = [np.zeros(1, np.int64)], [np.zeros(1, np.uint8)]
    n = 0
    present = np.bincount(codes.ravel(), minlength=256) > 0  # np.unique would sort the window
    for c in classes:
        if not present[c]:
            continue
        mask = codes == c
        lab, k = ndimage.label(mask, structure=EIGHT)
        if not k:
            continue
        sizes.append(np.bincount(lab.ravel(), minlength=k + 1)[1:].astype(np.int64))
        owners.append(np.full(k, c, np.uint8))
        # the classes' masks are disjoint: each one's labels, shifted past the previous ones and
        # added in place, number every patch of the window once
        if n:
            np.add(lab, n, out=lab, where=mask)
        np.add(labels, lab, out=labels)
        n += k
    return labels, np.concatenate(sizes), np.concatenate(owners)


class LabelStore:
    """Each window's local labels from pass 1, deflated into the hidden scratch file ``path``, for pass 2."""

    def __init__(self, path: str):
        self.file = open(path, "x+b")
        self.index: dict[tuple[int, int], tuple[int, int, type, tuple[int, int]]] = {}

    def put(self, key: tuple[int, int], labels: np.ndarray, count: int) -> None:
        dtype = np.uint16 if count < 65536 else np.int32
        data = zlib.compress(labels.astype(dtype).tobytes(), 1)
        self.file.seek(0, os.SEEK_END)
        self.index[key] = (self.file.tell(), len(data), dtype, labels.shape)
        self.file.write(data)

    def get(self, key: tuple[int, int]) -> np.ndarray:
        pos, size, dtype, shape = self.index[key]
        self.file.seek(pos)
        return np.frombuffer(zlib.decompress(self.file.read(size)), dtype).reshape(shape)

    def close(self) -> None:  # the caller removes the file (an OutputSet's scratch)
        self.file.close()


class PatchSizes:
    """See the module docstring."""

    def __init__(self, width: int, needed: dict[int, int], store: LabelStore | None = None):
        self.store = store
        self.classes = tuple(sorted(needed))
        self.needed = np.zeros(256, np.int64)
        for c, n in needed.items():
            self.needed[c] = n
        self.width = width
        self.prev_row = np.zeros(width, np.int64)  # global labels of the row above the current strip
        self.next_row = np.zeros(width, np.int64)
        self.left_col: np.ndarray | None = None
        self.strip = -1
        self.offsets: dict[tuple[int, int], int] = {}
        self.counts: dict[tuple[int, int], int] = {}  # labels of each window, 0 included
        self.sizes: list[np.ndarray] = [np.zeros(1, np.int64)]  # label 0: nothing
        self.owner = np.zeros(1 << 16, np.uint8)  # each label's class, grown by doubling
        self.parent: dict[int, int] = {}
        self.count = 1
        self.reaches: np.ndarray | None = None

    # -- pass 1 -------------------------------------------------------------------------------
    def add(self, codes: np.ndarray, r0: int, c0: int) -> None:
        if r0 != self.strip:  # a new strip of windows: its top edge is the last strip's bottom row
            if self.strip >= 0:
                self.prev_row, self.next_row = self.next_row, self.prev_row
            self.strip, self.left_col = r0, None
        local, sizes, owners = label_window(codes, self.classes)
        offset = self.count - 1
        self.offsets[(r0, c0)] = offset
        self.counts[(r0, c0)] = len(sizes)
        if self.store is not None:
            self.store.put((r0, c0), local, len(sizes))

        def glob(edge: np.ndarray) -> np.ndarray:
            return np.where(edge > 0, edge.astype(np.int64) + offset, 0)
        self.sizes.append(sizes[1:])
        end = self.count + len(sizes) - 1
        if end > len(self.owner):
            self.owner = np.concatenate([self.owner, np.zeros(max(end, 2 * len(self.owner)) - len(self.owner), np.uint8)])
        self.owner[self.count:end] = owners[1:]
        self.count = end
        w = local.shape[1]
        if r0 > 0:
            self._join_top(glob(local[0]), c0, w)
        if c0 > 0 and self.left_col is not None:
            self._join_left(glob(local[:, 0]))
        self.next_row[c0:c0 + w] = glob(local[-1])
        self.left_col = glob(local[:, -1])

    def _join_top(self, row: np.ndarray, c0: int, w: int) -> None:
        for dc in (-1, 0, 1):
            lo, hi = max(0, c0 + dc), min(self.width, c0 + w + dc)
            a = row[lo - c0 - dc:hi - c0 - dc]
            b = self.prev_row[lo:hi]
            self._join(a, b)

    def _join_left(self, col: np.ndarray) -> None:
        left = self.left_col
        n = len(col)
        for dr in (-1, 0, 1):
            lo, hi = max(0, dr), min(n, n + dr)
            self._join(col[lo - dr:hi - dr], left[lo:hi])

    def _join(self, a: np.ndarray, b: np.ndarray) -> None:
        both = (a > 0) & (b > 0)
        if not both.any():
            return
        a, b = a[both], b[both]
        same = self.owner[a] == self.owner[b]
        if not same.any():
            return
        pairs = np.unique(np.stack([a[same], b[same]], axis=1), axis=0)
        for x, y in pairs.tolist():
            rx, ry = self._find(x), self._find(y)
            if rx != ry:
                self.parent[max(rx, ry)] = min(rx, ry)

    def _find(self, x: int) -> int:
        parent = self.parent
        root = x
        while root in parent:
            root = parent[root]
        while x != root:  # path compression
            nxt = parent[x]
            parent[x] = root
            x = nxt
        return root

    def finish(self) -> None:
        """Sum the joined patches and decide, for every label, whether its patch reaches its threshold."""
        sizes = np.concatenate(self.sizes)
        owners = self.owner[:len(sizes)]
        root = np.arange(len(sizes), dtype=np.int64)
        if self.parent:
            keys = np.fromiter(self.parent.keys(), np.int64, len(self.parent))
            root[keys] = np.fromiter((self._find(k) for k in keys.tolist()), np.int64, len(keys))
        total = np.bincount(root, weights=sizes, minlength=len(sizes)).astype(np.int64)
        self.reaches = total[root] >= self.needed[owners]
        self.reaches[0] = False
        self.total = total[root]
        self.sizes, self.parent = [], {}

    # -- pass 2 -------------------------------------------------------------------------------
    def mask(self, codes: np.ndarray, r0: int, c0: int) -> np.ndarray:
        """True where a pixel of the window belongs to a patch that reaches its class's threshold."""
        local = self.store.get((r0, c0)) if self.store is not None else label_window(codes, self.classes)[0]
        offset = self.offsets[(r0, c0)]
        lut = self.reaches[offset:offset + self.counts[(r0, c0)]].copy()  # local label i is global offset + i
        lut[0] = False
        return lut[local]

    def patch_pixels(self, codes: np.ndarray, r0: int, c0: int) -> np.ndarray:
        """Each pixel's whole patch size in pixels (0 outside the marked classes): for tests and checks."""
        local, _, _ = label_window(codes, self.classes)
        glob = np.where(local > 0, local.astype(np.int64) + self.offsets[(r0, c0)], 0)
        return np.where(glob > 0, self.total[glob], 0)
