"""The engine's user messages in the user's language: English templates, their French versions in
``messages_fr.FRENCH`` (keyed by the English), chosen by the ``lang`` the front end passes (the CLI's
``--lang`` / locale, QGIS's language through the glue). Numbers use the language's decimal sign.

A message is said once, in English (logs, tracebacks, ``str(error)``), and keeps its template and
values so that a front end can say it again in its user's language: ``FlairError.text(lang)``.
Messages without a French version stay English (never a half-translated sentence)."""
from __future__ import annotations

from .messages_fr import FRENCH

LANGUAGES = ("en", "fr")


class Said(str):
    """A message's text, with the template and values it was made from (``template`` is the
    English one: the key that tells which message it is, in whatever language it reads)."""

    template: str = ""
    values: dict = {}


class _Decimal(float):
    """A float formatted with a decimal comma (French)."""

    def __format__(self, spec: str) -> str:
        return format(float(self), spec).replace(",", "\u202f").replace(".", ",")


def say(template: str, lang: str = "en", **values) -> Said:
    """``template`` filled with ``values``, in ``lang`` ("en" or "fr")."""
    words, shown = template, values
    if lang == "fr" and template in FRENCH:
        words = FRENCH[template]
        shown = {k: _Decimal(v) if isinstance(v, float) else v for k, v in values.items()}
    text = Said(words.format(**shown))
    text.template, text.values = template, values
    return text


def again(text: str, lang: str, **values) -> str:
    """``text`` in ``lang`` when it is a ``Said`` (else as it is); ``values`` replace its own, e.g. a front
    end's name for what the command line calls ``--crs`` (``crs_option``, ``res_option``)."""
    return say(text.template, lang, **{**text.values, **values}) if isinstance(text, Said) and text.template else text
