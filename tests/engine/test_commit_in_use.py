"""The swap where a previous file is in use (Windows: a layer in QGIS, a viewer, an antivirus scan):
simulated here by an ``os.replace`` that refuses the paths another program "holds", as Windows
does (PermissionError, WinError 32). Not run on Windows itself: no Windows machine here."""
import ctypes
import errno
import os
import threading

import pytest

from inference.segment import commit
from inference.segment.commit import OutputError, OutputSet


@pytest.fixture
def held(monkeypatch):
    """The set of paths "open in another program": renaming from or onto one fails."""
    paths: set[str] = set()
    real = os.replace

    def replace(src, dst):
        if os.path.abspath(src) in paths or os.path.abspath(dst) in paths:
            raise PermissionError(errno.EACCES, "The process cannot access the file because it is being used "
                                                "by another process", src)
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(commit, "WINDOWS", True)
    monkeypatch.setattr(commit, "IN_USE_WAIT_S", 0.5)
    return paths


def _previous(tmp_path):
    files = {"map.tif": b"old map", "map_confidence.tif": b"old confidence", "map_report.json": b"{}"}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    return files


def _stage(s, tmp_path, names=("map.tif", "map_confidence.tif", "map_report.json", "map.qml")):
    for name in names:
        s.write_text(str(tmp_path / name), f"new {name}")


def test_a_file_in_use_stops_the_swap_before_anything_changed_and_is_named(tmp_path, held):
    before = _previous(tmp_path)
    held.add(str(tmp_path / "map_confidence.tif"))  # the map is free: it would go first
    with pytest.raises(OutputError, match=r"could not replace .*map_confidence\.tif.*open in another program.*"
                                          r"Nothing was replaced"):
        with OutputSet([str(tmp_path / "map.tif")]) as s:
            _stage(s, tmp_path)
            s.commit()
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before  # no new file, nothing hidden left


def test_a_file_let_go_within_the_wait_is_replaced(tmp_path, held):
    _previous(tmp_path)
    held.add(str(tmp_path / "map.tif"))
    threading.Timer(0.2, held.clear).start()  # the layer's renderer finishes
    with OutputSet([str(tmp_path / "map.tif")]) as s:
        _stage(s, tmp_path)
        s.commit()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.qml", "map.tif", "map_confidence.tif",
                                                          "map_report.json"]
    assert all(p.read_text() == f"new {p.name}" for p in tmp_path.iterdir())


def test_a_failure_while_the_new_files_go_in_puts_every_previous_one_back(tmp_path, monkeypatch):
    before = _previous(tmp_path)
    real = os.replace

    def replace(src, dst):  # the third new file cannot go in (after two went in)
        if ".flair-part" in os.path.basename(src) and os.path.basename(dst) == "map_report.json":
            raise OSError(errno.EIO, "Input/output error")
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(OutputError, match="map_report.json: Input/output error.*Nothing was replaced"):
        with OutputSet([str(tmp_path / "map.tif")]) as s:
            _stage(s, tmp_path)  # map.qml had no previous file: it must not stay
            s.commit()
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_a_run_killed_mid_swap_gets_the_users_file_back_and_its_copy_removed(tmp_path):
    dead = 2 ** 22 + 12345  # above Linux's pid_max default: no such process
    (tmp_path / f".map.tif.{dead}-abcd.flair-old.tif").write_bytes(b"previous map")  # and no map.tif
    (tmp_path / "map_confidence.tif").write_bytes(b"new confidence")
    (tmp_path / f".map_confidence.tif.{dead}-abcd.flair-old.tif").write_bytes(b"previous confidence")
    live = tmp_path / f".map_report.json.{os.getpid()}-abcd.flair-old.json"  # a run of this process: left
    live.write_bytes(b"{}")
    commit.remove_leftovers([str(tmp_path / n) for n in ("map.tif", "map_confidence.tif", "map_report.json")])
    assert (tmp_path / "map.tif").read_bytes() == b"previous map"
    assert (tmp_path / "map_confidence.tif").read_bytes() == b"new confidence"  # the swap had got this far
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["map.tif", "map_confidence.tif", live.name])


def test_the_front_end_lets_go_of_the_previous_files_around_the_swap(tmp_path):
    _previous(tmp_path)
    seen = []

    class LetGo:
        def __init__(self, paths):
            self.paths = paths

        def __enter__(self):
            seen.append(("enter", sorted(os.path.basename(p) for p in self.paths),
                         (tmp_path / "map.tif").read_bytes()))

        def __exit__(self, *exc):
            seen.append(("exit", (tmp_path / "map.tif").read_bytes()))

    commit.set_let_go(LetGo)
    try:
        with OutputSet([str(tmp_path / "map.tif")]) as s:
            _stage(s, tmp_path, ("map.tif", "map_confidence.tif"))
            s.commit()
    finally:
        commit.set_let_go(None)
    assert seen == [("enter", ["map.tif", "map_confidence.tif"], b"old map"), ("exit", b"new map.tif")]


def test_files_are_flushed_through_a_handle_windows_accepts(tmp_path, monkeypatch):
    """Windows' fsync (_commit: FlushFileBuffers) refuses a read-only handle with EBADF; Linux's
    accepts one, so the refusal is simulated: every run failed there at the swap."""
    import fcntl

    real = os.fsync

    def fsync(fd):
        if fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE == os.O_RDONLY:
            raise OSError(errno.EBADF, "Bad file descriptor")
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    with OutputSet([str(tmp_path / "map.tif")]) as s:
        _stage(s, tmp_path, ("map.tif",))
        s.commit()
    assert (tmp_path / "map.tif").read_text() == "new map.tif"


class FakeKernel32:
    """The three Win32 calls alive() makes, over a table of processes (pid -> exit code or 'denied')."""

    def __init__(self, processes):
        self.processes, self.error, self.open_handles = processes, 0, set()

    def OpenProcess(self, access, inherit, pid):  # noqa: N802
        state = self.processes.get(pid)
        if state is None or state == "denied":
            self.error = 87 if state is None else 5  # ERROR_INVALID_PARAMETER: no such process
            return 0
        self.open_handles.add(pid)
        return pid

    def GetExitCodeProcess(self, handle, ref):  # noqa: N802
        ref._obj.value = self.processes[handle]
        return 1

    def CloseHandle(self, handle):  # noqa: N802
        self.open_handles.discard(handle)
        return 1


def test_alive_on_windows_asks_the_process_table_and_never_signals():
    k = FakeKernel32({10: 259, 11: 0, 12: "denied"})  # running, exited (code 0), another user's
    verdicts = {pid: commit.alive_windows(pid, k, lambda: k.error) for pid in (10, 11, 12, 13)}
    assert verdicts == {10: True, 11: False, 12: True, 13: False}
    assert not k.open_handles


def test_alive_on_windows_is_what_the_engine_calls_there(monkeypatch):
    kernel32 = FakeKernel32({})
    monkeypatch.setattr(commit, "WINDOWS", True)
    monkeypatch.setattr(ctypes, "WinDLL", lambda name, use_last_error: kernel32, raising=False)
    monkeypatch.setattr(ctypes, "get_last_error", lambda: kernel32.error, raising=False)
    monkeypatch.setattr(os, "kill", lambda *a: pytest.fail("os.kill(pid, 0) sends Ctrl+C on Windows"))
    assert commit.alive(13) is False


def test_an_earlier_runs_file_this_run_made_none_of_goes_with_the_swap_or_stops_it(tmp_path, held):
    """A previous run's confidence (this one wrote none) describes another map: removed with the swap,
    and when it is in use the swap stops before anything changed (it was removed after the swap, so a
    refusal there failed a run whose map was already replaced)."""
    before = _previous(tmp_path)
    stale = str(tmp_path / "map_confidence.tif")
    held.add(stale)
    with pytest.raises(OutputError, match=r"could not replace .*map_confidence\.tif.*Nothing was replaced"):
        with OutputSet([str(tmp_path / "map.tif")], remove_on_commit=(stale,)) as s:
            _stage(s, tmp_path, ("map.tif", "map_report.json"))
            s.commit()
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
    held.clear()
    with OutputSet([str(tmp_path / "map.tif")], remove_on_commit=(stale,)) as s:
        _stage(s, tmp_path, ("map.tif", "map_report.json"))
        s.commit()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.tif", "map_report.json"]
