"""The one base of every error the engine raises for a user to read.

Front ends (the CLI's ``main``, the QGIS task's ``finished()``, each Processing algorithm) catch
``FlairError`` and show its text: it already names the file or setting and says what to do. Any
other exception is a bug or a failure we did not foresee; front ends show it as such, with the
traceback only behind ``-v`` / the QGIS log.

Subclasses also derive from the built-in type that fits (ValueError for bad input, OSError for a
file system failure) so that callers written against those keep working.
"""
from __future__ import annotations


class FlairError(Exception):
    """An error with a message written for the user."""


class InputError(FlairError, ValueError):
    """An input the user gave (a file, a band, a setting such as tile or margin) cannot be used; the
    message names it and says what to do."""
