"""Blocks run on dask.distributed: a local cluster of worker processes or an existing one.

dask and distributed are needed by the command line and Processing only when asked for
(``--workers``/``--scheduler``), so they are imported here, lazily, and the plugin loads
without them. Workers must see the inputs, the model and the output folder at the same
paths (a shared filesystem); each opens its ONNX Runtime session once. Every finished block
is a file in the run's blocks folder, so whatever happens to the cluster the next run resumes.
"""
from __future__ import annotations

import collections
import concurrent.futures
import contextlib
import logging
import os
import shutil
import signal
import sys
import threading
import time
import uuid
from collections import Counter

from ..core.cancel import Cancelled
from ..core.errors import FlairError
from ..core.messages import Said, say, together
from ..segment.commit import signals_held
from .job import Plan, ScaleError
from .worker import check_paths, run_block_task

CONNECT_TIMEOUT_S = 10
WORKERS_TIMEOUT_S = 60
LOST_AFTER_S = 15  # the client may reconnect to a scheduler that blinked; past this it is lost


def _import():
    try:
        import distributed
    except ImportError:
        raise ScaleError.say(
            "{workers_option} and {scheduler_option} need dask and distributed, which are not installed: "
            "pip install -r requirements/scale.txt (or pip install 'dask[distributed]')",
            workers_option="--workers", scheduler_option="--scheduler") from None
    return distributed


def check_settings(workers: int | None, scheduler: str | None) -> None:
    """Refuse what cannot start a cluster before anything is written beside the output."""
    if workers is not None and workers < 1:
        raise ScaleError.say("{workers_option:{workers}}: give 1 or more worker processes, or leave {workers_option} "
                             "out to run in this process", workers=workers, workers_option="--workers")
    if scheduler and "://" not in scheduler and not os.path.isfile(scheduler) and (
            os.sep in scheduler or "/" in scheduler or scheduler.endswith(".json")):
        raise ScaleError.say(("{scheduler_option:{scheduler}} is a folder, not" if os.path.isdir(scheduler) else
                              "{scheduler_option:{scheduler}} does not exist; it is neither")
                             + " a scheduler file (written by `dask scheduler --scheduler-file FILE`) nor an address "
                             "like tcp://HOST:8786", scheduler=scheduler, scheduler_option="--scheduler")


def connect(workers: int | None, scheduler: str | None):
    """(client, cluster or None) for ``workers`` local processes or the scheduler at ``scheduler``."""
    distributed = _import()
    if not logging.getLogger().isEnabledFor(logging.INFO):
        # distributed logs its life (and a lost scheduler) to the root logger; our messages say it
        logging.getLogger("distributed").setLevel(logging.CRITICAL)
    if scheduler:
        kw = {"scheduler_file": scheduler} if os.path.isfile(scheduler) else {"address": scheduler}
        try:
            client = distributed.Client(timeout=f"{CONNECT_TIMEOUT_S}s", **kw)
        except (OSError, TimeoutError, ValueError) as e:
            raise ScaleError.say(
                "cannot reach the Dask scheduler at {scheduler} ({error}). Is `dask scheduler` running there, and "
                "is its port open from this machine? Nothing was lost.", scheduler=scheduler,
                error=f"{type(e).__name__}: {e}") from None
        try:
            client.wait_for_workers(1, timeout=WORKERS_TIMEOUT_S)
        except TimeoutError:
            client.close()
            raise ScaleError.say("the Dask scheduler at {scheduler} has no workers after {seconds} s; start some "
                                 "with `dask worker ADDRESS`", scheduler=scheduler,
                                 seconds=WORKERS_TIMEOUT_S) from None
        return client, None
    if workers is None or workers < 1:
        raise ScaleError.say("{workers_option} must be at least 1 (got {workers})", workers=workers,
                             workers_option="--workers")
    # workers stopped mid-task (Ctrl+C, a lost scheduler) log their lost connections with
    # tracebacks; our own message says what happened (-v shows theirs)
    quiet = logging.ERROR if logging.getLogger().isEnabledFor(logging.INFO) else logging.CRITICAL
    with _python_for_workers(), _workers_ignore_ctrl_c():
        cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                           dashboard_address=None, silence_logs=quiet)
    return distributed.Client(cluster), cluster


@contextlib.contextmanager
def _workers_ignore_ctrl_c():
    """Ctrl+C in a terminal reaches the whole process group: worker processes started with SIGINT
    ignored (inherited) do not print their own KeyboardInterrupt tracebacks; this process stops
    them when it handles the interrupt."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@contextlib.contextmanager
def _python_for_workers():
    """Inside QGIS ``sys.executable`` is QGIS itself: worker processes must start a Python."""
    import multiprocessing

    name = os.path.basename(sys.executable).lower()
    if name.startswith("python"):
        yield
        return
    python = shutil.which("python3") or shutil.which("python")
    if python is None:
        raise ScaleError.say("cannot find a Python to start Dask workers from {executable}: run without "
                             "{workers_option} (in this process), or from a shell", executable=sys.executable,
                             workers_option="--workers")
    multiprocessing.set_executable(python)
    try:
        yield
    finally:
        multiprocessing.set_executable(sys.executable)


def _threads(client, asked: int) -> dict[str, int]:
    """ONNX Runtime threads per worker: the host's cores shared by the workers on that host."""
    info = client.scheduler_info()["workers"]
    per_host = Counter(w["host"] for w in info.values())
    cpu = client.run(os.cpu_count)
    return {a: asked or max(1, (cpu.get(a) or 1) // per_host[w["host"]]) for a, w in info.items()}


def run_dask(plan: Plan, ws, todo, meter, cancel, workers: int | None = None,
             scheduler: str | None = None) -> dict[int, dict]:
    """Run ``todo`` blocks on the cluster; returns their statistics by block index."""
    distributed = _import()
    client, cluster = connect(workers, scheduler)
    where = scheduler or f"a local cluster of {workers} worker process(es)"
    done: dict[int, dict] = {}
    try:
        job = plan.job
        _check_workers_see_the_files(client, job, ws)
        if not todo:
            return done
        threads = _threads(client, job.threads)
        run_id = uuid.uuid4().hex[:8]
        topic = f"flair-progress-{run_id}"
        progress_queue: collections.deque = collections.deque()  # filled on the client's event loop
        client.subscribe_topic(topic, lambda event: progress_queue.append(event[1]))
        futures = {
            client.submit(run_block_task, job, ws.digest, b.index, ws.path(b.index), threads, topic,
                          key=f"flair-block-{run_id}-{b.index}", pure=False): b
            for b in todo
        }
        pending = dict(futures)
        tiles_of = {b.index: b.tiles for b in todo}
        counted: dict[int, int] = {}  # tiles of unfinished blocks already shown
        away_since = None
        while pending:
            _drain(progress_queue, tiles_of, counted, meter)
            if cancel.cancelled:
                client.cancel(list(pending))
                raise Cancelled("cancelled")
            if client.status != "running":
                away_since = away_since or time.monotonic()
                if time.monotonic() - away_since > LOST_AFTER_S:
                    raise _lost(where, ws)
            else:
                away_since = None
            for f in list(pending):
                _collect(f, pending, done, counted, meter, distributed, where, ws)
            time.sleep(0.1)
        return done
    except concurrent.futures.CancelledError:
        # a future seen finished was cancelled before its result came: the connection dropped
        # between the two (distributed's FutureCancelledError, "scheduler-connection-lost")
        raise _lost(where, ws) from None
    except OSError as e:  # the comm layer: the scheduler went away while we were talking to it
        if isinstance(e, FlairError):  # an engine error about a file (e.g. the output), not the network
            raise
        raise _lost(where, ws, str(e)) from None
    finally:
        # a Ctrl+C in the middle of closing would leave the client half closed, and its __del__
        # would print a traceback (IOLoop is closed): the signal waits until both are closed
        with signals_held():
            try:
                client.close(timeout=5)
            except (OSError, TimeoutError):
                # on a busy machine closing can take longer; the cluster's close below ends the
                # connection anyway, and a client left "closing" would try again from its
                # __del__ at exit, on a loop by then closed: a traceback (IOLoop is closed)
                client.status = "closed"
            if cluster is not None:
                cluster.close(timeout=10)


def _check_workers_see_the_files(client, job, ws) -> None:
    named = ws.plan.named
    paths = [os.path.abspath(job.model)] + sorted({os.path.abspath(p) for _, p, _ in job.files()}
                                                  | set(named.files() if named is not None else ()))
    problems = {w: p for w, p in client.run(check_paths, paths, ws.folder).items() if p}
    if problems:
        w, p = next(iter(problems.items()))
        raise ScaleError.say(
            "{count} Dask worker(s) cannot use the run's files, e.g. {worker}: {problems}. Workers must see the "
            "model, the inputs and the output folder at the same paths (a shared filesystem).",
            count=len(problems), worker=w, problems=together(p))


def _collect(f, pending: dict, done: dict, counted: dict, meter, distributed, where: str, ws) -> None:
    """Take one future's outcome: a finished block's statistics, or the reason the run stops."""
    if f.status == "finished":
        b = pending.pop(f)
        done[b.index] = f.result()
        meter.device = meter.device or done[b.index].get("device", "")
        meter.block(b.tiles - counted.get(b.index, 0))
        counted[b.index] = b.tiles  # late messages of a finished block add nothing
    elif f.status == "error":
        exc = f.exception()
        if isinstance(exc, distributed.KilledWorker):
            raise ScaleError.say(
                "block {index} made Dask workers die {times} times over (out of memory?). Finished blocks are "
                "kept: use a smaller {block_option} or {tile_option}, or workers with more memory, and run the "
                "same command again.", index=pending[f].index, times=exc.args[-1] if exc.args else "",
                block_option="--block", tile_option="--tile") from None
        if isinstance(exc, FlairError):
            raise exc
        # an engine error that did not survive the trip back (Dask sends its repr)
        raise ScaleError.say("block {index} failed on a Dask worker: {error}; {kept}", index=pending[f].index,
                             error=str(exc), kept=_kept(ws)) from None
    elif f.status == "cancelled":  # not by us (a cancel is checked before): the scheduler dropped it
        raise _lost(where, ws)
    # "lost": the worker holding a finished block's result died before we took it; the scheduler
    # runs the block again since we still hold its future (it was taken for a lost scheduler)


def _drain(progress_queue, tiles_of: dict[int, int], counted: dict[int, int], meter) -> None:
    """Tiles the workers reported since the last look; a block rerun after its worker died
    counts no further than its tiles."""
    while progress_queue:
        index, n = progress_queue.popleft()
        add = min(n, tiles_of.get(index, 0) - counted.get(index, 0))
        if add > 0:
            counted[index] = counted.get(index, 0) + add
            meter.tiles(add)


def _kept(ws) -> Said:
    # counted on disk: workers may have finished blocks whose results never reached us
    return say("{finished} of the {blocks} blocks are finished and kept in {folder}; run the same command again to "
               "resume", finished=len(ws.finished()), blocks=len(ws.plan.blocks), folder=ws.folder)


def _lost(where, ws, detail: str = "") -> ScaleError:
    return ScaleError.say("lost the Dask scheduler ({where}) mid-run{detail}; {kept}", where=where,
                          detail=f" ({detail})" if detail else "", kept=_kept(ws))
