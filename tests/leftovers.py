"""What a killed run leaves, for the tests of segment/commit.py's rule (a later run removes a dead
process's hidden files and leaves a running one's alone): a child run killed at a chosen point, and
the hidden names a gone process and a running one (pid 1, always running) would have used."""
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def dead_pid() -> int:
    """The process id of a process that has ended."""
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    return gone.pid


def staged(final, pid: int):
    """``final``'s hidden staged name for process ``pid`` (as segment/commit.staged_name names it)."""
    from inference.segment.commit import staged_name

    return type(final)(staged_name(str(final), f"{pid}-0badcafe"))


def kill_at_mark(code: str, args: list[str], mark, env: dict | None = None) -> None:
    """Run ``python -c code args`` from the repository root and SIGKILL it once it has created
    ``mark``: no cleanup runs, as in a power cut or a QGIS crash."""
    proc = subprocess.Popen([sys.executable, "-c", code, *map(str, args)], cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": ROOT, **(env or {})}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    t0 = time.monotonic()
    while not os.path.exists(mark):
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() - t0 < 120
        time.sleep(0.02)
    proc.kill()
    proc.communicate(timeout=60)
