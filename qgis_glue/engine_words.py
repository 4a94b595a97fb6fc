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
)


def words(text: str) -> str:
    """``text`` in the user's language when it is one of ``WORDS``, else as the engine says it."""
    return tr(text) if text in WORDS else text
