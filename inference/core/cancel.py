"""Cancellation, one way for every long operation (segmentation, conversion, downloads, QA).

The caller keeps a ``CancelToken`` and calls ``cancel()`` from any thread (Ctrl+C, a QGIS task's
cancel button); the worker calls ``token.check()`` between steps, which raises ``Cancelled``.
A token can also follow someone else's flag (``CancelToken(poll=task.isCanceled)``) so a QGIS
task or a Processing feedback needs no subclass.
"""
from __future__ import annotations

import threading
from typing import Callable


class Cancelled(Exception):
    """The operation was cancelled; what it would have written was not (its message says what stays)."""


class CancelToken:
    def __init__(self, poll: Callable[[], bool] | None = None):
        self._event = threading.Event()
        self._poll = poll

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set() or (self._poll is not None and bool(self._poll()))

    def check(self, message: str = "cancelled; nothing was written") -> None:
        if self.cancelled:
            raise Cancelled(message)


def raise_if_cancelled(token: CancelToken | None, message: str = "cancelled; nothing was written") -> None:
    """``token.check()`` for the optional tokens the engine's functions take."""
    if token is not None:
        token.check(message)
