"""The Python interpreter a user must run pip with, for commands the plugin shows (it never
installs anything itself)."""
from __future__ import annotations

import ntpath
import os
import posixpath
import sys


def python_executable(platform: str = sys.platform, exec_prefix: str = sys.exec_prefix,
                      executable: str = sys.executable, version: tuple[int, int] = sys.version_info[:2]) -> str:
    """The Python interpreter that belongs to this QGIS.

    Inside QGIS ``sys.executable`` is unreliable: the QGIS binary itself (qgis-bin.exe on Windows,
    QGIS.app/Contents/MacOS/QGIS on macOS), or whatever ``python3`` comes first on PATH (a pyenv
    shim, another Python) on Linux. The interpreter QGIS embeds lives under ``sys.exec_prefix``.
    """
    v = f"{version[0]}.{version[1]}"
    if platform.startswith("win"):
        candidates = [ntpath.join(exec_prefix, "python.exe"), ntpath.join(exec_prefix, "python3.exe")]
    else:
        candidates = [posixpath.join(exec_prefix, "bin", f"python{v}"), posixpath.join(exec_prefix, "bin", "python3")]
    for c in candidates:
        if os.path.isfile(c):
            return c
    if os.path.basename(executable).lower().startswith("python"):
        return executable
    return candidates[0]
