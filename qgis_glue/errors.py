"""Which failures the front ends (task, Processing algorithm, dock) expect, and how they are
worded for a user: the errors the engine raises on purpose (bad files, settings, models, disks)
become their message; an errno about the engine's hidden temporary file speaks of the file the
user picked instead."""
from __future__ import annotations

import os
import re

from ..inference.core.errors import FlairError
from .i18n import language, tr

# the engine's errors for a user (FlairError, inference/core/errors.py), and the ValueError /
# OSError (files, disks; rasterio's too) of the glue's own checks and of the libraries it calls
EXPECTED = (FlairError, ValueError, OSError)

_HIDDEN_PART = re.compile(r"(?P<sep>^|[\\/])\.(?P<name>[^\\/]+?)\.(?:\d+-[0-9a-f]+\.flair-part|[^.\\/]+\.part)(?:\.\w+)*")


def user_message(error: BaseException) -> str:
    """The error as a sentence for the message bar or the Processing log."""
    if isinstance(error, OSError) and error.strerror and error.filename:
        return tr("cannot write {file}: {reason}").format(file=_visible(str(error.filename)), reason=error.strerror)
    # the option the engine's advice names, as the dock and Processing show it
    text = (error.text(language(), rescale_option=tr("the Rescale option, under Advanced"))
            if isinstance(error, FlairError) else str(error)) or type(error).__name__
    # a sentence of its own inside ours ("The run failed: {error}. Nothing was written"): no "..".
    return for_screen(_HIDDEN_PART.sub(r"\g<sep>\g<name>", text)).rstrip().rstrip(".")


def _screen_terms():
    """The engine speaks to the command line; in QGIS its advice names the field on the screen."""
    return (
        (re.compile(r"\(--classes [^)]*\)"), tr("(the “Outputs” field below)")),
        (re.compile(r"\(--mean and --std in 0\.\.255 units, or --scale\)"),
         tr("(the “Mean” and “Std” fields below, in 0..255 units, or “Scale”)")),
        (re.compile(r"\(assign them as ROLE=PATH\[:BAND\] sources\)"), tr("(the “Input roles” field below)")),
        (re.compile(r" \((?:Decode|Protobuf|Parse)\w*Error\)|\s*\((?:\w+Error)\)(?=\.)"), ""),
        (re.compile(r"convert a PyTorch checkpoint first with `python -m inference convert`"),
         tr("get a converted model with “Get FLAIR models…”")),
        (re.compile(r"or use --device auto/cpu"), tr("or choose Device: Automatic or CPU (Advanced)")),
        (re.compile(r"assign a CRS to the file or pass --crs"), tr("assign a CRS to the layer (Layer Properties > Source)")),
        (re.compile(r"use --tile (\d+)"), tr("set Tile size to \\1 px (Advanced)")),
        (re.compile(r" \(--extent\)"), tr(" (the Area section)")),
        (re.compile(r"say so: --encoding \S+ --encoding-after \S+; otherwise give the encoding both are in with "
                    r"--encoding\."), tr("choose both encodings; otherwise choose the one both are in.")),
        (re.compile(r"Say which with --encoding(?:-after)?\."), tr("Choose its encoding.")),
        (re.compile(r"check --encoding(?:-after)?"), tr("check the encoding chosen")),
        # coordinates: centimetres at most (an engine tuple prints 9 decimals)
        (re.compile(r"(-?\d+\.\d{2})\d{2,}"), r"\1"),
    )


def for_screen(text: str) -> str:
    """An engine message reworded for the dock and Processing: no command-line flags, no
    exception class names."""
    for pattern, words in _screen_terms():
        text = pattern.sub(words, text)
    return text


def _visible(path: str) -> str:
    """The file the user named for an engine's hidden ``.NAME.<pid>-<hex>.flair-part[.what].ext`` (staged or
    scratch, segment/commit.py) or older ``.NAME.XXXXXXXX.part.tif``."""
    folder, base = os.path.split(path)
    m = _HIDDEN_PART.match(base)
    return os.path.join(folder, m.group("name")) if m else path
