"""The command line's language: from ``--lang`` where a sub-command has it, else the environment."""
from __future__ import annotations

import os


def env_lang(environ=None) -> str:
    """The class names' language from the environment, as gettext reads it (LC_ALL, LC_MESSAGES,
    LANG): "fr" for a French locale, else "en"."""
    environ = os.environ if environ is None else environ
    for key in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(key)
        if value:
            return "fr" if value.lower().startswith("fr") else "en"
    return "en"


def said(error: Exception, a=None) -> str:
    """``error`` for the user, in the run's language (an engine error's own French where it has one)."""
    text = getattr(error, "text", None)
    return text(getattr(a, "lang", None) or env_lang()) if callable(text) else str(error)
