"""Translation of the plugin's words (Qt Linguist: i18n/flair_<lang>.ts -> .qm, built by make).

``tr("text")`` is what pylupdate5 collects (context "@default"); ``install()`` loads the .qm of
QGIS's user interface language (setting ``locale/userLocale``) when the plugin starts, and
``language()`` tells the engine which class names to write ("fr" or "en").
"""
from __future__ import annotations

import os

from qgis.PyQt.QtCore import QCoreApplication, QTranslator

CONTEXT = "@default"
FOLDER = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "i18n")
LANGUAGES = ("en", "fr")


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def qgis_locale() -> str:
    """QGIS's user interface locale, e.g. "fr_FR" or "en_US" (QGIS's own setting)."""
    from qgis.core import QgsSettings
    from qgis.PyQt.QtCore import QLocale

    return str(QgsSettings().value("locale/userLocale", "") or QLocale.system().name())


def language(locale: str | None = None) -> str:
    """The plugin's language for ``locale`` (default: QGIS's): "fr" or "en"."""
    code = (locale or qgis_locale())[:2].lower()
    return code if code in LANGUAGES else "en"


def number(value: float, decimals: int | None = 1) -> str:
    """``value`` as the user's language writes it ("0,8" in French), for the plugin's own sentences;
    ``decimals=None``: as few as it takes (like ``:g``)."""
    from qgis.PyQt.QtCore import QLocale

    if decimals is None:
        return QLocale(qgis_locale()).toString(float(value), "g", 6)
    return QLocale(qgis_locale()).toString(float(value), "f", decimals)


_installed: list[QTranslator] = []


def install(locale: str | None = None) -> str | None:
    """Load the plugin's translation for ``locale`` (default: QGIS's); returns the .qm used."""
    uninstall()
    lang = language(locale)
    path = os.path.join(FOLDER, f"flair_{lang}.qm")
    if lang == "en" or not os.path.isfile(path):
        return None
    translator = QTranslator()
    if not translator.load(path):
        return None
    QCoreApplication.installTranslator(translator)
    _installed.append(translator)
    return path


def uninstall() -> None:
    while _installed:
        QCoreApplication.removeTranslator(_installed.pop())


def QT_TR_NOOP(text: str) -> str:  # noqa: N802 - the name pylupdate5 looks for
    """Marks a constant for translation where it is defined; ``tr()`` translates it where shown."""
    return text
