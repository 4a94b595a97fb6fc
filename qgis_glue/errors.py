"""Which failures the front ends (task, Processing algorithm, dock) expect, and how they are
worded for a user: the errors the engine raises on purpose (bad files, settings, models, disks)
become their message; an errno about the engine's hidden temporary file speaks of the file the
user picked instead. The engine names settings as the command line does (``--tile``); here each
is named as the dock shows it (``dock_words``) or as Processing does (``processing_words``), in
QGIS's language (``said_here``, the one way an engine message is said again in QGIS)."""
from __future__ import annotations

import os
import re

from ..inference.core.classes import ENCODING_TITLES
from ..inference.core.errors import FlairError
from ..inference.core.messages import Option, Said, again
from ..inference.labels.guess import EncodingUnknown
from ..inference.models.modalities import short_name
from .engine_words import CHOICES, DEVICE_LABELS, STITCH_LABELS
from .engine_words import words as engine_words
from .i18n import language, tr

# the engine's errors for a user (FlairError, inference/core/errors.py), and the ValueError /
# OSError (files, disks; rasterio's too) of the glue's own checks and of the libraries it calls
EXPECTED = (FlairError, ValueError, OSError)

_HIDDEN_PART = re.compile(r"(?P<sep>^|[\\/])\.(?P<name>[^\\/]+?)\.(?:\d+-[0-9a-f]+\.flair-part|[^.\\/]+\.part)(?:\.\w+)*")


class Field(Option):
    """A field the user sets by choosing: a value said as the choice's label ("Stitching (Advanced) =
    Crop tile centres (IGN's way)"), in QGIS's language."""

    def __new__(cls, name: str, labels: dict[str, str]):
        field = super().__new__(cls, name)
        field.labels = labels
        return field

    def value(self, value: str) -> str:
        return tr(self.labels[value]) if value in self.labels else value


class PerSeries(str):
    """A word that depends on the time series a message is about (its ``modality`` value: SENTINEL2_TS,
    or a row's label "S2 (SENTINEL2_TS)"), as Processing has one dates file parameter per series (S2,
    S1A, S1D); ``said_here`` picks it."""

    def __new__(cls, word: str, per_series: dict[str, str]):
        said = super().__new__(cls, word)
        said.per_series = per_series
        return said

    def said_for(self, values: dict) -> str:
        series = short_name(str(values.get("modality", "")).split(" ")[0])
        return self.per_series.get(series, str(self))


def dock_words() -> dict[str, str]:
    """The dock's name for each setting an engine message names (``{NAME_option}``, whose command-line
    value is the flag: inference/core/messages.py), as the user sees it; said after a value as
    "Tile size (Advanced) = 512". Used wherever the dock, the QA panel or the Change tab says an
    engine message."""
    return {
        # a multi-source model's rows (ui/modalities_box.py) and aerial acquisition (ui/metadata_box.py)
        "dates_option": tr("the “dates” file of its row"),
        "series_option": tr("its layer, or a folder (its row)"),
        "bands_option": tr("a layer for each (its row)"),
        "inputs_option": tr("a layer on each of their rows"),
        "sources_option": tr("a layer and band for each in the Input roles field"),
        "metadate_option": tr("date (Aerial acquisition)"),
        "metatime_option": tr("time (Aerial acquisition)"),
        "metacamera_option": tr("camera (Aerial acquisition)"),
        "metaaltitude_option": tr("altitude (Aerial acquisition)"),
        "tile_option": tr("Tile size (Advanced)"),
        "margin_option": tr("Margin (Advanced)"),
        "batch_option": tr("Batch (Advanced)"),
        "stitch_option": Field(tr("Stitching (Advanced)"), STITCH_LABELS),
        "device_option": Field(tr("Device (Advanced)"), DEVICE_LABELS),
        "rescale_option": tr("Rescale, under Advanced"),
        "res_option": tr("the Resolution field"),
        "crs_option": tr("the project's CRS"),
        "extent_option": tr("Extent (Area)"),
        "filter_option": Field(tr("clouds (the series' row)"), CHOICES),
        "average_option": Field(tr("average (the series' row)"), CHOICES),
        "classes_option": tr("the Outputs field"),
        "mean_option": tr("Mean"),
        "std_option": tr("Std"),
        "scale_option": tr("Scale"),
        "roles_option": tr("the Input roles field"),
        "encoding_option": tr("its “encoded as” field"),
        "both_option": tr("choose both encodings (each “encoded as”)"),
        # no such field in the dock: what to do in QGIS
        "threads_option": tr("threads (QGIS uses every core)"),
        "workers_option": tr("Dask workers (Processing only)"),
        "scheduler_option": tr("a Dask scheduler (Processing only)"),
        "block_option": tr("blocks (Processing only)"),
        # land take: the Change tab's fields (no minimum polygon there: Processing's)
        "before_option": tr("Before"),
        "after_option": tr("After"),
        "zone_field_option": tr("“named by”, under Zones"),
        "mmu_option": tr("the smallest change polygon (Processing only)"),
        "multisource_option": tr("this dock, which has a row for each of its sources"),
    }


def parameter_named(description: str) -> str:
    """A Processing parameter as a message names it, by the description its dialog shows."""
    return tr("the “{name}” parameter").format(name=description)


def processing_words() -> dict[str, str]:
    """Processing's name for each setting an engine message names (``{NAME_option}``): its
    parameters, as its dialog shows them. Used wherever a Processing algorithm says an engine message."""
    return {
        # flair:segment_multisource's parameters (processing/multisource.py)
        "dates_option": PerSeries(tr("its dates file parameter"), {
            series: parameter_named(tr("{name} dates file").format(name=name))
            for series, name in (("S2", tr("Sentinel-2")), ("S1A", tr("Sentinel-1 asc.")),
                                 ("S1D", tr("Sentinel-1 desc.")))}),
        "series_option": tr("its series layer or folder parameter"),
        "bands_option": tr("a layer for each (the Elevation: DSM and DTM layer parameters)"),
        "inputs_option": tr("a layer for each (its parameter)"),
        "sources_option": tr("a layer for each (the input layer parameters)"),
        "metadate_option": tr("Aerial date (YYYY-MM-DD)"),
        "metatime_option": tr("Aerial time (HH:MM)"),
        "metacamera_option": tr("Aerial camera"),
        "metaaltitude_option": tr("Ground altitude (m)"),
        "tile_option": tr("Tile size in pixels"),
        "margin_option": tr("Tile margin in pixels"),
        "batch_option": tr("Tiles per batch"),
        "stitch_option": Field(tr("Stitching"), STITCH_LABELS),
        "device_option": Field(tr("Device"), DEVICE_LABELS),
        "rescale_option": tr("the Rescale parameter"),
        "res_option": tr("the Resolution parameter"),
        "crs_option": tr("the Output CRS parameter"),
        "extent_option": tr("the Extent parameter"),
        "filter_option": Field(tr("Drop cloudy dates"), CHOICES),
        "average_option": Field(tr("Average each series"), CHOICES),
        # a model's card is given in the dock only
        "classes_option": tr("the Outputs field of the “Segment with FLAIR” dock"),
        "mean_option": tr("Mean in the “Segment with FLAIR” dock"),
        "std_option": tr("Std"),
        "scale_option": tr("Scale"),
        "roles_option": tr("the input layer parameters"),
        "encoding_option": tr("its encoding parameter"),
        "both_option": tr("choose both encodings (each “Its values are”)"),
        "threads_option": tr("threads (Processing uses every core)"),
        "workers_option": tr("the “Dask: local worker processes” parameter"),
        "scheduler_option": tr("the “Dask: scheduler address or file” parameter"),
        "block_option": tr("blocks (set only from the command line)"),
        # land take (flair:change)
        "before_option": tr("Land cover before (earlier vintage)"),
        "after_option": tr("Land cover after (later vintage)"),
        "zone_field_option": tr("Field naming each zone"),
        "mmu_option": tr("Smallest change polygon drawn (m², 0 = every patch)"),
        "multisource_option": tr("the algorithm “Segment with a multi-source model (FLAIR-HUB, FLAIR#2 U-T&T)” "
                                 "(flair:segment_multisource)"),
    }


def user_message(error: BaseException, words: dict[str, str] | None = None, **values) -> str:
    """The error as a sentence for the message bar (``words``: the dock's, ``dock_words()``) or the
    Processing log (``processing_words()``); ``values`` name a setting more closely (e.g. which
    encoding parameter)."""
    if isinstance(error, OSError) and error.strerror and error.filename:
        return tr("cannot write {file}: {reason}").format(file=_visible(str(error.filename)), reason=error.strerror)
    if isinstance(error, EncodingUnknown) and error.guess is not None:  # the encodings as the lists show them
        values = {"candidates": ", ".join(engine_words(ENCODING_TITLES[c]) for c in error.guess.candidates)
                  or error.said.values.get("candidates", ""), **values}
    text = (said_here(error.said, words, **values) if isinstance(error, FlairError) and error.said is not None
            else str(error)) or type(error).__name__
    # a sentence of its own inside ours ("The run failed: {error}. Nothing was written"): no "..".
    return for_screen(_HIDDEN_PART.sub(r"\g<sep>\g<name>", text)).rstrip().rstrip(".")


def said_here(text: str, words: dict[str, str] | None = None, **values) -> str:
    """An engine message (a ``Said``: an error's, a run's note, a warning) said again in QGIS's
    language, each setting it names in ``words`` (the dock's by default, or ``processing_words()``),
    the encodings it names as QGIS's lists show them; ``values`` name a setting more closely."""
    if not isinstance(text, Said):
        return text
    titles = set(ENCODING_TITLES.values())
    shown = {k: engine_words(v) for k, v in text.values.items() if isinstance(v, str) and v in titles}
    words = {k: w.said_for(text.values) if isinstance(w, PerSeries) else w
             for k, w in (dock_words() if words is None else words).items()}
    return again(text, language(), **{**shown, **words, **values})


def _screen_terms():
    """The engine speaks to the command line; in QGIS its advice names the field on the screen."""
    return (
        (re.compile(r" \((?:Decode|Protobuf|Parse)\w*Error\)|\s*\((?:\w+Error)\)(?=\.)"), ""),
        # the engine's advice as said in English or in French (inference/core/messages_fr.py)
        (re.compile(r"(?:convert a PyTorch checkpoint first with|convertissez d’abord un checkpoint PyTorch avec) "
                    r"`python -m inference convert`"),
         tr("get a converted model with “Get FLAIR models…”")),
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
