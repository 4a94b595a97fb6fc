"""The one base of every error the engine raises for a user to read.

Front ends (the CLI's ``main``, the QGIS task's ``finished()``, each Processing algorithm) catch
``FlairError`` and show its text: it already names the file or setting and says what to do. Any
other exception is a bug or a failure we did not foresee; front ends show it as such, with the
traceback only behind ``-v`` / the QGIS log.

Subclasses also derive from the built-in type that fits (ValueError for bad input, OSError for a
file system failure) so that callers written against those keep working.
"""
from __future__ import annotations

from .messages import Said, again, say


class FlairError(Exception):
    """An error with a message written for the user. Raised as ``SomeError.say(template, **values)``
    it can be shown in the user's language too: ``error.text("fr")`` (core/messages.py)."""

    said: Said | None = None

    @classmethod
    def say(cls, template: str, **values) -> FlairError:
        return cls.of(say(template, **values))

    @classmethod
    def of(cls, said: Said) -> FlairError:
        """The error saying ``said`` (e.g. several problems said ``together``, core/messages.py)."""
        error = cls(str(said))
        error.said = said
        return error

    def text(self, lang: str = "en", **values) -> str:
        """The message in ``lang`` where it has a version in that language, else as raised; ``values``
        replace its own (a front end's name for a command-line option, as ``again``)."""
        return again(self.said, lang, **values) if self.said is not None else str(self)


class InputError(FlairError, ValueError):
    """An input the user gave (a file, a band, a setting such as tile or margin) cannot be used; the
    message names it and says what to do."""
