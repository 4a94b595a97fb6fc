"""What runs inside a Dask worker process: one session per worker, opened on its first block."""
from __future__ import annotations

import os
import tempfile
import time
import uuid

from ..core.messages import Said, say
from .block import BlockRunner
from .job import ScaleJob, make_plan

_RUNNER: dict[str, tuple[BlockRunner, str]] = {}  # run digest -> (runner, session id)


def run_block_task(job: ScaleJob, digest: str, index: int, path: str, threads: dict[str, int],
                   topic: str | None = None) -> dict:
    """One block on this worker; its tiles go to the scheduler's event ``topic`` as they are done
    (progress), at most twice a second. An event, not a Queue: a Queue opens a Client in the
    worker, which a worker stopped mid-task (Ctrl+C) leaves to its ``__del__``, printing a
    traceback at exit."""
    from distributed import get_worker

    if digest not in _RUNNER:
        for runner, _ in _RUNNER.values():  # a new run: drop the last one's session and memory
            runner.close()
        _RUNNER.clear()
        plan = make_plan(job)
        _RUNNER[digest] = (BlockRunner(plan, threads.get(get_worker().address, job.threads)), uuid.uuid4().hex)
    runner, session = _RUNNER[digest]
    on_tiles = None
    if topic:
        worker = get_worker()
        waiting = [0, time.monotonic()]

        def on_tiles(n: int) -> None:
            waiting[0] += n
            if time.monotonic() - waiting[1] >= 0.5:
                worker.log_event(topic, [index, waiting[0]])
                waiting[:] = [0, time.monotonic()]

    stats = runner.run(runner.plan.blocks[index], path, on_tiles=on_tiles)
    stats["session"] = session
    stats["pid"] = os.getpid()
    return stats


def check_paths(paths: list[str], folder: str) -> list[Said]:
    """What this worker cannot see or write (empty when all is well); messages, which keep their
    template on the way back (pickled), so the front end says them in its language."""
    problems = [say("cannot read {path}", path=p) for p in paths if not os.access(p, os.R_OK)]
    try:
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=folder)
        os.close(fd)
        os.remove(tmp)
    except OSError as e:
        problems.append(say("cannot write in {folder} ({reason})", folder=folder, reason=e.strerror))
    return problems
