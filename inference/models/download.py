"""Download a file over HTTP(S) with progress, cancel, resume and a checksum (urllib; headless).

Bytes go to ``DEST.part``; an interrupted or cancelled transfer leaves that file so the next
call resumes it with an HTTP ``Range`` request (a server that ignores Range makes us start
over). Only a complete file whose size (and SHA-256, where known) checks out is renamed to
DEST, so the cache never holds a truncated or corrupt model under its real name: a checksum
mismatch deletes the ``.part`` file. The QGIS front end (qgis_glue/model_download.py) moves the
bytes with QGIS's network stack instead, and uses the same helpers for everything else.
"""
from __future__ import annotations

import hashlib
import http.client
import os
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Callable

from ..core.cancel import CancelToken, raise_if_cancelled
from ..core.errors import FlairError

USER_AGENT = "flair-qgis-model-download/1"
CHUNK = 1 << 16


class DownloadError(FlairError, RuntimeError):
    """The download failed; the message says why and whether it can be resumed."""

    http_status: int | None = None  # the server's answer when it refused (404: wrong address)


@dataclass
class DownloadProgress:
    done: int  # bytes on disk so far (including a resumed part)
    total: int | None  # expected bytes, when the server says
    resumed_from: int = 0

    @property
    def fraction(self) -> float | None:
        return self.done / self.total if self.total else None


def part_path(dest: str) -> str:
    return dest + ".part"


def resume_offset(dest: str) -> int:
    """How many bytes of DEST are already in its .part file (0 when none)."""
    try:
        return os.path.getsize(part_path(dest))
    except OSError:
        return 0


def range_header(offset: int) -> dict[str, str]:
    return {"Range": f"bytes={offset}-"} if offset > 0 else {}


# Models and the Hub's answers come over https only: over plain http a file (or the checksum it is
# checked against) can be swapped on the way, and urllib would as readily open file:// or ftp://.
# The tests' local server (tests/local_http.py) speaks plain http on the loopback address: the tests,
# and only they, switch this on (tests/conftest.py); nothing a user sets or writes can.
LOOPBACK_HTTP_FOR_TESTS = False
_LOOPBACK = ("127.0.0.1", "::1", "localhost")


def require_https(url: str) -> None:
    """Raise DownloadError unless ``url`` is an https address."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return
    if LOOPBACK_HTTP_FOR_TESTS and parts.scheme == "http" and parts.hostname in _LOOPBACK:
        return
    raise DownloadError.say("{url}: models are downloaded over https only; correct the address in the catalogue",
                            url=url)


class _HttpsOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect may not leave https (urllib's own handler follows one to http or ftp)."""

    last_url = ""  # where the last redirect led: a failure is reported there, not at the first host

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        self.last_url = urllib.parse.urljoin(req.full_url, newurl)
        require_https(self.last_url)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def open_https(req: urllib.request.Request, timeout: float):
    """``urlopen`` for https addresses only, redirects included (DownloadError otherwise). A
    connection failure after a redirect carries the address it failed at (``failed_url``)."""
    require_https(req.full_url)
    redirects = _HttpsOnlyRedirects()
    opener = urllib.request.build_opener(redirects)  # no file:, ftp: or data: handler is reached
    try:
        return opener.open(req, timeout=timeout)
    except urllib.error.URLError as e:
        e.failed_url = redirects.last_url or req.full_url
        raise


_CONTENT_RANGE = re.compile(r"bytes\s+(\d+)-(\d+)/(\d+|\*)")


def parse_content_range(value: str | None) -> tuple[int, int | None] | None:
    """'bytes 100-199/200' -> (100, 200); None when absent or unreadable."""
    if not value:
        return None
    m = _CONTENT_RANGE.match(value.strip())
    if not m:
        return None
    total = None if m.group(3) == "*" else int(m.group(3))
    return int(m.group(1)), total


def sha256_file(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def mb(n: int | None) -> str:
    return "?" if n is None else f"{n / 1e6:.1f} MB"


def finalize(dest: str, sha256: str | None = None, size: int | None = None) -> str:
    """Check DEST.part (size, SHA-256) and rename it to DEST; delete it if it is corrupt."""
    part = part_path(dest)
    got = os.path.getsize(part)
    if size is not None and got != size:
        if got > size:
            os.remove(part)
            raise DownloadError.say("{name}: got {got} bytes, more than the expected {size}; the partial file was "
                                    "deleted, try again", name=os.path.basename(dest), got=got, size=size)
        raise DownloadError.say("{name}: the transfer stopped after {done} of {total}; run the download again to "
                                "resume it", name=os.path.basename(dest), done=mb(got), total=mb(size))
    if sha256:
        digest = sha256_file(part)
        if digest.lower() != sha256.lower():
            os.remove(part)
            raise DownloadError.say("{name}: checksum mismatch (SHA-256 {digest}, expected {expected}); the file is "
                                    "corrupt or not the released one and was deleted", name=os.path.basename(dest),
                                    digest=digest, expected=sha256.lower())
    os.replace(part, dest)
    return dest


def verify_file(path: str, size: int | None = None, sha256: str | None = None) -> None:
    """Raise DownloadError, naming the file, unless it has exactly ``size`` bytes and ``sha256`` (where given)."""
    name = os.path.basename(path)
    got = os.path.getsize(path)
    if size is not None and got != size:
        raise DownloadError.say("{name}: {got} bytes where the released file has {size} (a truncated or different "
                                "file)", name=name, got=got, size=size)
    if sha256:
        digest = sha256_file(path)
        if digest.lower() != sha256.lower():
            raise DownloadError.say("{name}: checksum mismatch (SHA-256 {digest}, expected {expected}): not the "
                                    "released file", name=name, digest=digest, expected=sha256.lower())


def download(
    url: str,
    dest: str,
    sha256: str | None = None,
    size: int | None = None,
    progress: Callable[[DownloadProgress], None] | None = None,
    cancel: CancelToken | None = None,
    timeout: float = 30.0,
) -> str:
    """Fetch ``url`` into ``dest`` (resuming DEST.part), verify it, and return ``dest``.

    ``size`` is the exact expected byte count where known (never an estimate). Raises
    DownloadError with a user-facing reason, or Cancelled (the .part file is kept so that the next try resumes).
    """
    if os.path.isfile(dest):
        try:
            verify_file(dest, size, sha256)
            return dest
        except DownloadError:  # a stale or foreign file under the release's name: fetch the release
            pass
    os.makedirs(os.path.dirname(os.path.abspath(dest)) or ".", exist_ok=True)
    offset = resume_offset(dest)
    for _attempt in range(2):
        try:
            return _transfer(url, dest, offset, sha256, size, progress, cancel, timeout)
        except _Restart:
            offset = 0
            try:
                os.remove(part_path(dest))
            except OSError:
                pass
    raise DownloadError.say("{url}: the server's answers to a resumed download are inconsistent; try again later",
                            url=url)


class _Restart(Exception):
    pass


def _open(url: str, offset: int, timeout: float):
    require_https(url)
    headers = {"User-Agent": USER_AGENT, **range_header(offset)}
    req = urllib.request.Request(url, headers=headers)
    host = urllib.parse.urlsplit(url).netloc or url
    try:
        return open_https(req, timeout)
    except urllib.error.HTTPError as e:
        if e.code == 416 and offset:
            raise _Restart() from None
        err = DownloadError.say("the server {host} answered {code} {reason} for {url}", host=host, code=e.code,
                                reason=str(e.reason), url=url)
        err.http_status = e.code
        raise err from None
    except urllib.error.URLError as e:
        failed = urllib.parse.urlsplit(getattr(e, "failed_url", url)).netloc or host
        if failed != host:
            raise DownloadError.say("cannot reach {host} (redirected there by {origin}): {reason} (check the network "
                                    "or proxy settings)", host=failed, origin=host, reason=str(e.reason)) from None
        raise DownloadError.say("cannot reach {host}: {reason} (check the network or proxy settings)", host=failed,
                                reason=str(e.reason)) from None
    except (socket.timeout, TimeoutError):
        raise DownloadError.say("{host} did not answer within {seconds:.0f} s", host=host, seconds=timeout) from None
    except ValueError as e:
        raise DownloadError.say("bad download address {url!r}: {error}", url=url, error=str(e)) from None


def _transfer(url, dest, offset, sha256, size, progress, cancel, timeout) -> str:
    resp = _open(url, offset, timeout)
    with resp:
        status = getattr(resp, "status", 200)
        total = None
        if offset and status == 206:
            cr = parse_content_range(resp.headers.get("Content-Range"))
            if cr is None or cr[0] != offset:
                raise _Restart()
            total = cr[1]
        elif offset:  # the server ignored Range: start from zero
            offset = 0
        if total is None:
            length = resp.headers.get("Content-Length")
            total = offset + int(length) if length and length.isdigit() else None
        if size is not None and total is not None and total != size:
            raise DownloadError.say("{url}: the server offers {total} bytes but {size} are expected; not downloading",
                                    url=url, total=total, size=size)
        done = offset
        report = DownloadProgress(done, total or size, resumed_from=offset)
        if progress:
            progress(report)
        part = part_path(dest)
        with open(part, "ab" if offset else "wb") as f:
            while True:
                raise_if_cancelled(cancel, f"download cancelled after {mb(done)}; it resumes from there next time")
                try:
                    block = resp.read(CHUNK)
                except (OSError, socket.timeout, http.client.HTTPException) as e:
                    raise DownloadError.say("the transfer was interrupted after {done} of {total} ({error}); run the "
                                            "download again to resume it", done=mb(done), total=mb(total),
                                            error=str(e)) from None
                if not block:
                    break
                f.write(block)
                done += len(block)
                if progress:
                    report.done = done
                    progress(report)
    if total is not None and done < total:
        raise DownloadError.say("the transfer was interrupted after {done} of {total}; run the download again to "
                                "resume it", done=mb(done), total=mb(total))
    return finalize(dest, sha256, size if size is not None else total)


__all__ = [
    "DownloadError", "DownloadProgress", "download", "finalize", "parse_content_range",
    "part_path", "range_header", "resume_offset", "sha256_file", "verify_file",
]
