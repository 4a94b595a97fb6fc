"""make package: the plugin zip as plugins.qgis.org takes it, built to qgis-plugin-ci's rules.

qgis-plugin-ci itself cannot package this repository, whose root is the plugin: with
``plugin_path: .`` (qgis-plugin-ci 2.10, tried) it writes ``..0.1.0.zip`` with no top folder, which
plugins.qgis.org refuses, adds a ``resources_rc.py`` that imports PyQt5 (not ``qgis.PyQt``, so not
Qt6) and that the plugin does not import, and, without a Transifex token, no translations. So this
does what it does, for this layout:

- ``git archive`` of the tracked files as they are in the working tree (``git stash create``, which
  touches nothing), so ``.gitattributes``' export-ignore keeps the workshop (tests, bench, data,
  scripts, CI) out, and nothing untracked slips in;
- one top folder, ``flair_qgis/``, the package name QGIS imports the plugin under;
- the built files git does not track: ``resources.py`` (pyrcc5, made Qt6-safe by the Makefile) and
  every translation compiled with lrelease (``i18n/*.qm``, one per ``.ts``);
- then the checks plugins.qgis.org's upload validator makes: metadata.txt's mandatory fields, a
  LICENSE, ``classFactory`` in ``__init__.py``, no compiled Python, hidden files or folders, and
  less than 25 MB.

Usage: package.py ZIP  (run in the repository root).  Exit 1, with the reasons, when a check fails.
"""
from __future__ import annotations

import configparser
import glob
import io
import os
import re
import subprocess
import sys
import tarfile
import zipfile

PACKAGE = "flair_qgis"
MANDATORY = ("name", "qgisMinimumVersion", "description", "about", "version", "author", "email", "repository")
MAX_BYTES = 25 * 1024 * 1024


def archived_files() -> dict[str, bytes]:
    """Tracked files as they are in the working tree, export-ignore applied: path -> bytes."""
    tree = subprocess.run(["git", "stash", "create"], capture_output=True, text=True, check=True).stdout.strip()
    tar = subprocess.run(["git", "archive", "--format=tar", tree or "HEAD"], capture_output=True, check=True).stdout
    files = {}
    with tarfile.open(fileobj=io.BytesIO(tar)) as t:
        for m in t.getmembers():
            if m.isfile():
                files[m.name] = t.extractfile(m).read()
    return files


def built_files() -> dict[str, bytes]:
    """The Makefile's outputs: compiled resources and one .qm per translation source."""
    wanted = ["resources.py"] + [ts[:-3] + ".qm" for ts in sorted(glob.glob("i18n/*.ts"))]
    missing = [f for f in wanted if not os.path.isfile(f)]
    if missing:
        sys.exit(f"package: {', '.join(missing)} not built; run `make package`, which builds them")
    return {f: open(f, "rb").read() for f in wanted}


def problems(files: dict[str, bytes], size: int) -> list[str]:
    found = []
    meta = configparser.ConfigParser(interpolation=None)
    try:
        meta.read_string(files["metadata.txt"].decode("utf-8"))
        general = meta["general"]
        found += [f"metadata.txt has no {k}" for k in MANDATORY if not general.get(k, "").strip()]
    except (KeyError, configparser.Error, UnicodeDecodeError) as e:
        found.append(f"metadata.txt is missing or unreadable ({e})")
    if not any(name in files for name in ("LICENSE", "LICENSE.txt", "LICENSE.md")):
        found.append("no LICENSE file")
    if not re.search(rb"^def classFactory\(", files.get("__init__.py", b""), re.M):
        found.append("__init__.py defines no classFactory(iface)")
    for name in files:
        parts = name.split("/")
        if name.endswith((".pyc", ".pyo")) or "__pycache__" in parts:
            found.append(f"{name}: compiled Python")
        if any(p.startswith(".") for p in parts):
            found.append(f"{name}: a hidden file or folder")
    if size > MAX_BYTES:
        found.append(f"the zip is {size / 1e6:.1f} MB, over the repository's 25 MB")
    return found


def main(argv: list[str]) -> int:
    (zip_path,) = argv
    files = {**archived_files(), **built_files()}
    os.makedirs(os.path.dirname(os.path.abspath(zip_path)), exist_ok=True)
    tmp = zip_path + ".part"
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name in sorted(files):
            info = zipfile.ZipInfo(f"{PACKAGE}/{name}", date_time=(2026, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, files[name])
    found = problems(files, os.path.getsize(tmp))
    if found:
        os.remove(tmp)
        print("package: plugins.qgis.org would refuse the zip:\n  " + "\n  ".join(found), file=sys.stderr)
        return 1
    os.replace(tmp, zip_path)
    print(f"package: {zip_path}: {len(files)} files, {os.path.getsize(zip_path) / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
