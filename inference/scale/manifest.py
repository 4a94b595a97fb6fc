"""Finished blocks kept beside the output, and the manifest that says which run they belong to.

The folder ``.NAME.flair-blocks`` beside ``NAME.tif`` holds ``manifest.json`` and one GeoTIFF per
finished block (written whole, then renamed). The manifest fingerprints the model (size and
SHA-256 of the file), the inputs (path, size, modification time, and what the blocks read: shape,
types, CRS, transform, nodata and a hash of a sparse, bounded sample of the pixels, so a file
rewritten in place with its date restored, or a VRT whose sources changed, is not resumed onto;
hashing terabytes of imagery whole would cost as much as the run) and every parameter that changes
a pixel. A run whose fingerprint
matches reuses the blocks; any other starts afresh and says what changed. A lock file held while
a run is going stops a second run from writing the same output at the same time.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import tempfile
import time

import numpy as np
import rasterio
from rasterio.errors import RasterioError
from rasterio.windows import Window

from .. import __version__
from ..core.messages import Said, say, together
from ..models.download import sha256_file
from .block import read_block_stats
from .job import Plan, ScaleError

MANIFEST = "manifest.json"
LOCK = "lock"
SAMPLE_PX = 32  # side of each sampled window
SAMPLE_EVERY_PX = 256  # at most one window per this many pixels along an axis...
SAMPLE_PER_AXIS = 32  # ...and at most this many along an axis: at most 1024 windows per file


def blocks_folder(output: str) -> str:
    folder, name = os.path.split(os.path.abspath(output))
    return os.path.join(folder, f".{name}.flair-blocks")


def fingerprint(plan: Plan) -> dict:
    job, g = plan.job, plan.grid
    inputs = []
    for role, path, band in job.files():
        st = os.stat(path)
        inputs.append({"role": role, "path": os.path.abspath(path), "band": band,
                       "size": st.st_size, "mtime_ns": st.st_mtime_ns, "content": content_sample(path)})
    named = plan.named
    if named is not None:  # every file of every named input (series frames, masks, dates files)
        rasters = {p for inp in named.inputs.values() for p in inp.sources}
        for path in (p for p in named.files() if os.path.isfile(p)):
            st = os.stat(path)
            inputs.append({"path": os.path.abspath(path), "size": st.st_size, "mtime_ns": st.st_mtime_ns,
                           **({"content": content_sample(path)} if path in rasters else {})})
    return {
        "model": {"path": os.path.abspath(job.model), "size": os.path.getsize(job.model),
                  "sha256": sha256_file(job.model)},
        "inputs": inputs,
        "params": {
            "engine": __version__,
            "grid": [g.crs, g.x0, g.y0, g.res, g.width, g.height],
            "tile": plan.tile, "margin": plan.margin, "batch": job.batch, "block": job.block,
            "confidence": job.confidence, "device": job.device, "overrides": job.overrides_dict(),
            "polygons": job.polygons,
            **({"named": named.fingerprint(), "ts_filter": job.ts_filter, "ts_average": job.ts_average}
               if named is not None else {}),
        },
    }


def _positions(size: int, win: int) -> list[int]:
    n = min(SAMPLE_PER_AXIS, max(1, -(-size // SAMPLE_EVERY_PX)))
    return sorted({int(round(v)) for v in np.linspace(0, size - win, n)})


def content_sample(path: str) -> dict:
    """What a block reads from ``path``, in a few kilobytes: its shape, types, CRS, transform,
    nodata and the SHA-256 of up to 32 x 32 windows of 32 px spread evenly over the raster, every
    band (the cost is bounded whatever the file's size; measured in docs/scale.md)."""
    try:
        with rasterio.open(path) as ds:
            h = hashlib.sha256()
            wy, wx = min(SAMPLE_PX, ds.height), min(SAMPLE_PX, ds.width)
            for row in _positions(ds.height, wy):
                for col in _positions(ds.width, wx):
                    h.update(ds.read(window=Window(col, row, wx, wy)).tobytes())
            return {"shape": [ds.count, ds.height, ds.width], "dtypes": list(ds.dtypes),
                    "crs": ds.crs.to_wkt() if ds.crs else None, "transform": list(ds.transform)[:6],
                    "nodata": None if ds.nodata is None else repr(ds.nodata), "pixels": h.hexdigest()}
    except RasterioError as e:
        raise ScaleError.say("cannot read {path} to check it against an interrupted run ({error}); is it truncated "
                             "or damaged?", path=path, error=str(e)) from None


def digest(fp: dict) -> str:
    return hashlib.sha256(json.dumps(fp, sort_keys=True).encode()).hexdigest()


def block_name(fp_digest: str, index: int) -> str:
    return f"{fp_digest[:12]}-{index:06d}.tif"


def what_changed(old: dict, new: dict) -> Said:
    changed = [say(k) for k in ("model", "inputs") if old.get(k) != new.get(k)]
    if old.get("params") != new.get("params"):
        keys = [k for k in new["params"] if old.get("params", {}).get(k) != new["params"][k]]
        changed.append(say("parameters ({keys})", keys=", ".join(keys)))
    return together(changed, ", ") if changed else say("the engine's manifest format")


class Workspace:
    """The blocks folder of one output, locked for the duration of a run."""

    def __init__(self, plan: Plan):
        self.plan = plan
        self.folder = blocks_folder(plan.job.output)
        self.fp = fingerprint(plan)
        self.digest = digest(self.fp)
        self.note = ""  # what happened to earlier blocks, for the user
        self._lock_fd: int | None = None

    def open(self) -> None:
        try:
            os.makedirs(self.folder, exist_ok=True)
        except OSError as e:
            raise ScaleError.say("cannot create {folder} beside the output: {error}. Choose an output folder you "
                                 "can write in.", folder=self.folder, error=str(e)) from None
        self._lock()
        path = os.path.join(self.folder, MANIFEST)
        old = None
        if os.path.exists(path):
            try:
                with open(path, encoding="utf-8") as f:
                    old = json.load(f)
            except (OSError, json.JSONDecodeError):
                old = {}
        if old is not None and old.get("digest") != self.digest:
            self.note = say("started afresh: the {what} changed since the interrupted run, so its blocks were "
                            "discarded", what=what_changed(old.get("fingerprint", {}), self.fp))
            self._clear()
        for n in os.listdir(self.folder):  # leftovers of a run killed while writing a block
            if n.startswith(".tmp-"):
                _remove(os.path.join(self.folder, n))
        if old is None or old.get("digest") != self.digest:
            self._write_manifest()

    def _write_manifest(self) -> None:
        data = {"digest": self.digest, "fingerprint": self.fp, "output": os.path.abspath(self.plan.job.output),
                "blocks": len(self.plan.blocks), "created": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=self.folder)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=1)
        os.replace(tmp, os.path.join(self.folder, MANIFEST))

    def _clear(self) -> None:
        for n in os.listdir(self.folder):
            if n not in (LOCK,):
                _remove(os.path.join(self.folder, n))

    def path(self, index: int) -> str:
        return os.path.join(self.folder, block_name(self.digest, index))

    def finished(self) -> dict[int, dict]:
        """Statistics of the blocks already on disk for this fingerprint, by block index."""
        done = {}
        for b in self.plan.blocks:
            p = self.path(b.index)
            if os.path.exists(p):
                stats = read_block_stats(p)
                if stats is not None:
                    done[b.index] = stats
                else:
                    _remove(p)
        return done

    def _lock(self) -> None:
        path = os.path.join(self.folder, LOCK)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            import fcntl

            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                holder = os.read(fd, 500).decode("utf-8", "replace").strip()
                os.close(fd)
                raise _busy(self.plan.job.output, holder or "holder unknown") from None
        except ImportError:  # Windows: the same, through msvcrt
            import msvcrt

            try:
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            except OSError:
                os.close(fd)
                raise _busy(self.plan.job.output) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"pid {os.getpid()} on {socket.gethostname()} since {time.strftime('%H:%M:%S')}".encode())
        self._lock_fd = fd

    def close(self) -> None:
        """Release the lock; finished blocks stay for the next run."""
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    def remove(self) -> None:
        """The run is complete: the blocks are in the output, drop the folder."""
        self.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def _remove(path: str) -> None:
    try:
        os.remove(path)
    except FileNotFoundError:
        pass


def _busy(output: str, holder: str = "") -> ScaleError:
    return ScaleError.say("another run is writing {output}{holder}; wait for it to finish or stop it, or choose "
                          "another output", output=output, holder=f" ({holder})" if holder else "")
