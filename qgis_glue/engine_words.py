"""The engine's data words that the plugin shows (model cards, the catalogue), in the user's
language: the engine keeps them as data in English, the plugin translates them where shown.
``tests/qgis/test_first_use_round2.py`` checks that they are still the engine's words."""
from __future__ import annotations

from .i18n import QT_TR_NOOP, tr

BASELINE_NAME = QT_TR_NOOP("Spectral-height baseline (not a FLAIR network)")
WORDS = (
    # the built-in model's card (inference/models/baseline.py)
    BASELINE_NAME,
    QT_TR_NOOP("Hand-set rules on NDVI, height above ground and colour; a transparent stand-in, not a "
               "trained FLAIR model."),
    # multi-source outputs (inference/models/modalities.NOMENCLATURES)
    QT_TR_NOOP("FLAIR-HUB land cover (19 classes)"),
    QT_TR_NOOP("FLAIR-HUB LPIS crop types (23 classes)"),
    QT_TR_NOOP("FLAIR land cover, 13 classes (FLAIR#2: codes 1..12 and other)"),
    # the catalogue (inference/models/catalogue.py STATUS_TEXT, Entry.verification, licences)
    QT_TR_NOOP("ready"),
    QT_TR_NOOP("downloaded, not converted"),
    QT_TR_NOOP("partly downloaded (will resume)"),
    QT_TR_NOOP("not downloaded"),
    QT_TR_NOOP("exact size and SHA-256"),
    QT_TR_NOOP("SHA-256"),
    QT_TR_NOOP("exact size"),
    QT_TR_NOOP("size the server announces only (no published checksum recorded)"),
    QT_TR_NOOP("Etalab Open Licence 2.0"),
    # the comparison's headline (inference/qa/report.headline)
    QT_TR_NOOP("mIoU, FLAIR protocol (12 classes, 'other' excluded)"),
    QT_TR_NOOP("mIoU, all FLAIR classes present"),
    QT_TR_NOOP("mIoU, all classes present"),
    QT_TR_NOOP("overall accuracy"),
    QT_TR_NOOP("compared area (m²)"),
    # label encodings (inference/core/classes.ENCODING_TITLES), hotspot reviews (inference/qa/hotspots.REVIEW_CHOICES)
    QT_TR_NOOP("FLAIR codes 1..19 (0 = nodata)"), QT_TR_NOOP("FLAIR-INC, 0-based (19 classes)"),
    QT_TR_NOOP("13-class baseline, 0-based (12 = other)"), QT_TR_NOOP("FLAIR-HUB land cover, 0-based"),
    QT_TR_NOOP("FLAIR-HUB LPIS crop types, 0-based (23 classes)"),
    QT_TR_NOOP("annotation wrong"), QT_TR_NOOP("prediction wrong"), QT_TR_NOOP("ambiguous"), QT_TR_NOOP("fine"),
)


# the catalogue's model descriptions (inference/models/catalogue.json) are made of these phrases;
# longest first, so that a phrase is replaced before a shorter one inside it
PHRASES = (
    QT_TR_NOOP("true colour + infrared + elevation (nDSM)"),
    QT_TR_NOOP("true colour + infrared + elevation"),
    QT_TR_NOOP("true colour + infrared"),
    QT_TR_NOOP("true colour only (works on any BD ORTHO RGB)"),
    QT_TR_NOOP("true colour only"),
    QT_TR_NOOP("aerial infrared colour (NIR, R, G)"),
    QT_TR_NOOP("aerial true colour"),
    QT_TR_NOOP("FLAIR-INC's reference model"),
    QT_TR_NOOP("(SegFormer encoder)"),
    QT_TR_NOOP("slower, larger"),
    QT_TR_NOOP("(19 outputs, like the 15-class files)"),
    QT_TR_NOOP("FLAIR-HUB land cover (LC-A)"),
    QT_TR_NOOP("fixed tile size, at least 384 px"),
    QT_TR_NOOP("fixed tile size"),
    QT_TR_NOOP("large and slow on CPU"),
    QT_TR_NOOP("land cover (19 outputs) from"),
    QT_TR_NOOP("crop types (LPIS, 23 classes) from"),
    QT_TR_NOOP("aerial RGBI"),
    QT_TR_NOOP("elevation (DSM, DTM)"),
    QT_TR_NOOP("Sentinel-2 series"),
    QT_TR_NOOP("Sentinel-1 ascending series"),
    QT_TR_NOOP("Sentinel-1 descending series"),
    # the "About" text the converters write into a card (inference/convert/)
    QT_TR_NOOP("FLAIR-HUB multi-source model converted from"),
    QT_TR_NOOP("FLAIR#2 U-T&T model converted from"),
    QT_TR_NOOP(", converted from"),
    QT_TR_NOOP("19 outputs, index i -> FLAIR code i+1; in 15-class models codes 15, 16, 17 and 19 were trained "
               "with weight 0"),
    QT_TR_NOOP("19 outputs in FLAIR-HUB order (building, greenhouse, swimming pool, ...); indices 15..18 were "
               "trained with weight 0"),
)

# the bands the engine names (card roles, modality bands), in IGN's French words where shown
BANDS = {
    "G": QT_TR_NOOP("G"),
    "NIR": QT_TR_NOOP("NIR"),
    "NDSM": QT_TR_NOOP("NDSM"),
    "DSM": QT_TR_NOOP("DSM"),
    "DTM": QT_TR_NOOP("DTM"),
    "DSM-DTM": QT_TR_NOOP("DSM-DTM"),
}

# the time series options (inference/segment/modalities: named.FILTERS, timeseries.AVERAGES), shown in
# the dock's and Processing's lists; the engine's value is what a run is given and a setting keeps
CHOICES = {"auto": QT_TR_NOOP("auto"), "off": QT_TR_NOOP("off"), "none": QT_TR_NOOP("none"),
           "monthly": QT_TR_NOOP("monthly"), "semi-monthly": QT_TR_NOOP("semi-monthly")}
# the dock's Advanced choices (ui/output_box.py), named by these labels in messages too (errors.dock_words)
STITCH_LABELS = {"crop": QT_TR_NOOP("Crop tile centres (IGN's way)"),
                 "blend": QT_TR_NOOP("Blend overlaps (smoother seams, slower)")}
DEVICE_LABELS = {"auto": QT_TR_NOOP("Automatic (GPU if available)"), "cpu": QT_TR_NOOP("CPU"),
                 "cuda": QT_TR_NOOP("CUDA GPU")}


def description(text: str) -> str:
    """A catalogue description in the user's language, phrase by phrase (as it is where none applies)."""
    for phrase in sorted(PHRASES, key=len, reverse=True):
        if phrase in text:
            text = text.replace(phrase, tr(phrase))
    return text


def band(name: str) -> str:
    """A band's name in the user's language ("NIR" -> "PIR", "DSM-DTM" -> "MNS − MNT" in French)."""
    return tr(BANDS[name]) if name in BANDS else name


def words(text: str) -> str:
    """``text`` in the user's language when it is one of ``WORDS``, else as the engine says it."""
    return tr(text) if text in WORDS else text
