"""The exact size and SHA-256 Hugging Face publishes for a file (its Git LFS pointer), read from
the Hub's API when the catalogue records none (urllib; headless).

``GET https://huggingface.co/api/models/<repo>/tree/main`` lists the repository's files; an LFS
file carries ``{"lfs": {"oid": <sha256>, "size": <bytes>}}``. Asking is best effort: an
unreachable API, an error answer or an unexpected listing leaves the download checked against
the size the file server announces, as before, and the reason is returned to be shown.
"""
from __future__ import annotations

import json
import re
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass

from .catalogue import CatalogueEntry
from .download import USER_AGENT, DownloadError, open_https

_SHA256 = re.compile(r"(?:sha256:)?([0-9a-f]{64})")


@dataclass(frozen=True)
class Published:
    size: int | None  # exact bytes, or None when the API did not say
    sha256: str | None
    note: str  # what was found, or why nothing was, for the user

    @property
    def verification(self) -> str:
        if self.size and self.sha256:
            return "exact size and SHA-256 published by Hugging Face"
        return "size the server announces only (" + self.note + ")"


def api_url(entry: CatalogueEntry, template: str | None) -> str | None:
    return template.format(repo=entry.repo, file=entry.file) if template else None


def lookup(entry: CatalogueEntry, template: str | None, timeout: float = 15.0) -> Published:
    """What the Hub publishes for ``entry.file``; never raises for a network or API problem."""
    url = api_url(entry, template)
    if url is None:
        return Published(None, None, "no Hugging Face API address in the catalogue")
    try:
        req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "application/json"})
        with open_https(req, timeout) as resp:
            return interpret(entry, 200, resp.read(4 << 20))
    except urllib.error.HTTPError as e:
        return interpret(entry, e.code, None)
    except (urllib.error.URLError, socket.timeout, TimeoutError, OSError, ValueError) as e:
        return interpret(entry, None, None, str(getattr(e, "reason", e)))
    except DownloadError as e:  # not an https address
        return interpret(entry, None, None, str(e))


def interpret(entry: CatalogueEntry, status: int | None, body: bytes | None, error: str | None = None) -> Published:
    """The API's answer (HTTP status, body, or the network error) as a :class:`Published`; shared
    with the QGIS front end, which asks through QGIS's own network stack."""
    if error is not None or status is None:
        return Published(None, None, f"the Hub's API could not be reached: {error}")
    if status >= 400:
        hint = "; the repository name may be wrong" if status == 404 else ""
        return Published(None, None, f"the Hub's API answered {status} for {entry.repo}{hint}")
    try:
        listing = json.loads((body or b"").decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return Published(None, None, "the Hub's API answered something that is not a file list")
    return _from_listing(entry, listing)


def _from_listing(entry: CatalogueEntry, listing) -> Published:
    if not isinstance(listing, list):
        return Published(None, None, "the Hub's API answered something that is not a file list")
    names = [f.get("path") for f in listing if isinstance(f, dict)]
    for f in listing:
        if not isinstance(f, dict) or f.get("path") != entry.file:
            continue
        lfs = f.get("lfs") if isinstance(f.get("lfs"), dict) else {}
        m = _SHA256.fullmatch(str(lfs.get("oid") or lfs.get("sha256") or "").lower())
        size = lfs.get("size") if isinstance(lfs.get("size"), int) else None
        if m and size:
            return Published(size, m.group(1), f"{entry.file}: {size} bytes, SHA-256 {m.group(1)[:12]}…")
        return Published(None, None, f"the Hub lists {entry.file} without an LFS checksum")
    shown = ", ".join(str(n) for n in names[:8]) or "none"
    return Published(None, None, f"{entry.repo} holds no file named {entry.file} (it holds: {shown}); "
                                 "the catalogue's file name may be wrong")


__all__ = ["Published", "api_url", "interpret", "lookup"]
