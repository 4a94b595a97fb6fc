"""The engine's user messages in the user's language: English templates, their French versions in
``messages_fr.FRENCH`` (keyed by the English), chosen by the ``lang`` the front end passes (the CLI's
``--lang`` / locale, QGIS's language through the glue). Numbers use the language's decimal sign.

A message is said once, in English (logs, tracebacks, ``str(error)``), and keeps its template and
values so that a front end can say it again in its user's language: ``FlairError.text(lang)``.
Messages without a French version stay English (never a half-translated sentence).

Settings are named through ``{NAME_option}`` values: the command line passes its flag
(``tile_option="--tile"``), QGIS the field or parameter the user sees (``qgis_glue/errors.py``). A
template names a setting with its value as ``{tile_option:{tile}}``: "--tile 512" on the command
line, "Tile size (Advanced) = 512" in QGIS (``Option``)."""
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


class Option(str):
    """A front end's name for a setting (a ``NAME_option`` value). Formatted with a value as its spec
    (``{tile_option:{tile}}``), a command-line flag is followed by the value ("--tile 512"), a field's
    name by " = " and the value ("Tile size (Advanced) = 512")."""

    def __format__(self, spec: str) -> str:
        if not spec:
            return str(self)
        value = "/".join(self.value(v) for v in spec.split("/"))  # "auto/cpu": either
        return f"{self} {value}" if self.startswith("-") else f"{self} = {value}"

    def value(self, value: str) -> str:
        """A value as the front end shows it (a field's choice: its label); the command line's as typed."""
        return value


def say(template: str, lang: str = "en", **values) -> Said:
    """``template`` filled with ``values``, in ``lang`` ("en" or "fr")."""
    words, shown = template, values
    if lang == "fr" and template in FRENCH:
        words = FRENCH[template]
        shown = {k: _Decimal(v) if isinstance(v, float) else v for k, v in values.items()}
    # a message inside this one (a guess's reason, the items of a list) is said in the same language and
    # with the same words for settings; a setting as a setting
    options = {k: v for k, v in values.items() if k.endswith("_option") and not isinstance(v, Said)}
    shown = {k: again(v, lang, **options) if isinstance(v, Said) else Option(v) if k.endswith("_option")
             and isinstance(v, str) and not isinstance(v, Option) else v for k, v in shown.items()}
    text = Said(words.format(**shown))
    text.template, text.values = template, values
    return text


def together(parts: list[Said], sep: str = "; ") -> Said:
    """Several messages said as one (each said again on its own by ``again``)."""
    text = Said(sep.join(parts))
    text.template, text.values, text.parts, text.sep = sep.join(p.template for p in parts), {}, list(parts), sep
    return text


def again(text: str, lang: str, **values) -> str:
    """``text`` in ``lang`` when it is a ``Said`` (else as it is); ``values`` replace its own, e.g. a front
    end's name for what the command line calls ``--crs`` (``crs_option``, ``res_option``)."""
    if isinstance(text, Said) and getattr(text, "parts", None):  # French puts a space before ; and :
        sep = " " + text.sep if lang == "fr" and text.sep[:1] in ";:" else text.sep
        return sep.join(again(p, lang, **values) for p in text.parts)
    return say(text.template, lang, **{**text.values, **values}) if isinstance(text, Said) and text.template else text
