"""``vectorize`` in a process of its own, for hosts that already hold another GEOS.

shapely's PyPI wheels bring GEOS 3.13 (``coverage_simplify`` needs 3.12+). QGIS on Linux links the
system GEOS (3.11 on Debian 12) into its own executable, so its symbols come first for every
library loaded later: shapely's calls then land in the wrong GEOS and crash QGIS (a segmentation
fault, or "WKT output dimension must be 2 or 3"). A plain Python process (the command line,
pytest, Dask workers) has no such conflict. So the QGIS front ends run ``python -m inference
vectorize`` with QGIS's own interpreter (``core/interpreter.py``) and read its progress and result.

The child writes through the same staged files; cancelling sends it SIGTERM, which the command
line turns into the same clean exit (staged files removed, the previous output untouched).
"""
from __future__ import annotations

import json
import os
import subprocess
import threading
from collections.abc import Callable

from ..core.cancel import Cancelled, CancelToken
from ..core.errors import FlairError
from ..core.interpreter import python_executable
from ..segment.commit import let_go
from .run import VectorParams, VectorResult

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # holds inference/
PACKAGE = os.path.basename(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # "inference"


class ChildError(FlairError):
    """The vectorising process failed; its message is the command line's, written for a user."""


def command(p: VectorParams, python: str | None = None) -> list[str]:
    args = [python or python_executable(), "-m", PACKAGE, "vectorize", p.labels, "-o", p.output, "--json",
            "--band", str(p.band), "--layer", p.layer, "--lang", p.lang]
    if p.mmu_m2 is not None:
        args += ["--mmu", repr(float(p.mmu_m2))]
    for code, m2 in sorted(p.mmu_class.items()):
        args += ["--mmu-class", f"{code}={float(m2)!r}"]
    if p.simplify_m is not None:
        args += ["--simplify", repr(float(p.simplify_m))]
    if p.encoding:
        args += ["--encoding", p.encoding]
    if p.confidence:
        args += ["--confidence", p.confidence]
    return args


def _result(text: str) -> VectorResult:
    d = json.loads(text)
    d["areas_m2"] = {int(k): v for k, v in d["areas_m2"].items()}
    d["names"] = {int(k): v for k, v in d["names"].items()}
    return VectorResult(**d)


def vectorize_in_child(p: VectorParams, progress: Callable[[int, int], None] | None = None,
                       cancel: CancelToken | None = None, python: str | None = None) -> VectorResult:
    """``run.vectorize(p)`` in a fresh interpreter; the same result, errors and cancel."""
    env = dict(os.environ, PYTHONUNBUFFERED="1", PYTHONIOENCODING="utf-8")  # French names, any console
    with let_go([p.output]):  # the child replaces the GeoPackage: a layer of ours must not hold it (Windows)
        return _run(p, python, env, progress, cancel)


def _run(p: VectorParams, python: str | None, env: dict, progress, cancel: CancelToken | None) -> VectorResult:
    proc = subprocess.Popen(command(p, python), cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, encoding="utf-8",
                            creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0))  # no console on Windows
    err: list[str] = []
    reader = threading.Thread(target=_read_progress, args=(proc.stderr, err, progress), daemon=True)
    reader.start()
    while proc.poll() is None:  # the result and the report are a few lines: no pipe fills up
        if cancel is not None and cancel.cancelled:
            proc.terminate()
        try:
            proc.wait(timeout=0.2)
        except subprocess.TimeoutExpired:
            pass
    out = proc.stdout.read()
    reader.join(timeout=5)
    proc.stdout.close()
    proc.stderr.close()
    if cancel is not None and cancel.cancelled:
        raise Cancelled("cancelled; nothing was written")
    if proc.returncode != 0:
        said = [line[len("error: "):] for line in err if line.startswith("error: ")]
        text = said[-1] if said else "\n".join(err[-5:])
        if text:  # the child's own message, said in the user's language (--lang), or its last lines
            raise ChildError(text)
        raise ChildError.say("vectorising failed (exit code {code})", code=proc.returncode)
    return _result(out.strip().splitlines()[-1])


def _read_progress(stream, lines: list[str], progress) -> None:
    """The child's stderr: ``\\r  k/n windows`` progress, and the lines kept for the message."""
    buf = ""
    while True:
        ch = stream.read(1)
        if not ch:
            break
        if ch in "\r\n":
            text = buf.strip()
            buf = ""
            if text.endswith("windows") and "/" in text and progress is not None:
                done, _, total = text.split()[0].partition("/")
                if done.isdigit() and total.isdigit():
                    progress(int(done), int(total))
            elif text:
                lines.append(text)
        else:
            buf += ch
    if buf.strip():
        lines.append(buf.strip())


__all__ = ["ChildError", "command", "vectorize_in_child"]
