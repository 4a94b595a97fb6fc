"""Which Python packages the engine needs that this QGIS's Python lacks, and the exact command
that installs them into *this* QGIS's Python. Nothing here installs anything: the user runs
the command (STYLE.md: never pip-install behind the user's back).

No qgis import: this module is plain Python so it can be tested without QGIS.
"""
from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
import os
import re
import sys
import sysconfig
from dataclasses import dataclass

from ..inference.core.interpreter import python_executable

# (import name, pip name, what it is for)
REQUIRED = (
    ("onnxruntime", "onnxruntime", "runs the models"),
    ("onnx", "onnx", "reads the model card"),
    ("rasterio", "rasterio", "reads and writes the GeoTIFFs"),
    ("shapely", "shapely>=2.1", "draws the land-cover polygons"),
)
# read from the installed package's metadata, never imported into QGIS (its GEOS would take
# shapely's calls; polygons run in a child interpreter, inference/vector/child.py): the version needed
BY_METADATA = {"shapely": "2.1"}
# named with the others, but a run does not need them (polygons only)
OPTIONAL = {"shapely"}


@dataclass(frozen=True)
class Missing:
    module: str
    pip_name: str
    purpose: str
    error: str  # why the import failed ("not installed" or the exception)
    optional: bool = False  # segmenting works without it (see OPTIONAL)


def check(required=REQUIRED) -> list[Missing]:
    """Import each required module (read a ``BY_METADATA`` one's installed version); return the
    ones that cannot be used, with the reason."""
    missing = []
    for module, pip_name, purpose in required:
        try:
            why = _version_problem(module) if module in BY_METADATA else ""
            if module not in BY_METADATA:
                importlib.import_module(module)
        except ImportError as e:
            why = f"installed but fails to import: {e}" if _found(module) else "not installed"
        except (RuntimeError, AttributeError, OSError, ValueError) as e:  # an ABI mismatch (numpy 2 vs 1) and friends
            why = f"fails to import: {type(e).__name__}: {e}"
        if why:
            missing.append(Missing(module, pip_name, purpose, why, module in OPTIONAL))
    return missing


def _version_problem(dist: str) -> str:
    try:
        found = importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"
    have, need = (tuple(int(n) for n in re.findall(r"\d+", v)[:3]) for v in (found, BY_METADATA[dist]))
    return f"version {found} is too old ({BY_METADATA[dist]} or later needed)" if have < need else ""


def _found(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ValueError, ImportError):
        return False


def externally_managed(platform: str = sys.platform) -> bool:
    """True for a distribution's Python on Linux that refuses plain pip installs (PEP 668, Debian 12+)."""
    stdlib = sysconfig.get_paths().get("stdlib")
    return platform.startswith("linux") and bool(stdlib) and os.path.isfile(os.path.join(stdlib, "EXTERNALLY-MANAGED"))


_managed = externally_managed  # _pip's parameter has the function's name


def _quote(path: str, platform: str) -> str:
    if " " in path or platform.startswith("win"):
        return f'"{path}"'
    return path


def numpy_pin() -> str | None:
    """Keep the numpy QGIS was built with: pip must not replace it while installing the others."""
    try:
        import numpy
    except ImportError:
        return None
    return f"numpy=={numpy.__version__}"


def install_command(missing: list[Missing], platform: str = sys.platform, python: str | None = None,
                    externally_managed: bool | None = None, pin: str | None = "auto") -> str:
    """One command, ready to copy, that installs what is missing into this QGIS's Python."""
    if not missing:
        return ""
    python = python or python_executable(platform)
    pin = numpy_pin() if pin == "auto" else pin
    names = [m.pip_name for m in missing]
    debian_like = platform.startswith("linux") and (python.startswith("/usr/") or python.startswith("python"))
    if platform.startswith("linux") and "rasterio" in names and debian_like:
        # Debian/Ubuntu's rasterio is built against the system GDAL that QGIS uses.
        names.remove("rasterio")
        apt = "sudo apt install python3-rasterio"
        if not names:
            return apt
        return apt + " && " + _pip(python, names, pin, platform, externally_managed)
    return _pip(python, names, pin, platform, externally_managed)


def _pip(python, names, pin, platform, externally_managed) -> str:
    args = [_quote(python, platform), "-m", "pip", "install", "--user"]
    if externally_managed is None:
        externally_managed = _managed(platform)
    if externally_managed:
        args.append("--break-system-packages")
    args += [f'"{n}"' if any(ch in n for ch in "<>=") else n for n in names]
    if pin:
        args.append(f'"{pin}"')
    return " ".join(args)


def where_to_run(platform: str = sys.platform) -> str:
    """Where a user types a pip command for QGIS's own Python on this platform."""
    if platform.startswith("win"):
        return "Close QGIS, open the OSGeo4W Shell (Start menu) and run:"
    if platform == "darwin":
        return "Close QGIS, open Terminal and run:"
    return "Close QGIS, open a terminal and run:"


def instructions(missing: list[Missing], platform: str = sys.platform) -> str:
    """Plain-text explanation: what is missing, why, and where to run the command."""
    if not missing:
        return ""
    lines = ["FLAIR needs these Python packages in QGIS's Python:"]
    for m in missing:
        lines.append(f"  - {m.pip_name} ({m.purpose}): {m.error}")
    lines += [where_to_run(platform), "  " + install_command(missing, platform), "then start QGIS again."]
    return "\n".join(lines)
