"""The one bridge from Python ``logging`` (engine and glue) to the QGIS message log (tab "FLAIR").

``QgsMessageLog.logMessage`` is thread-safe, so records from the engine's worker threads go
straight through.
"""
from __future__ import annotations

import logging

from qgis.core import Qgis, QgsMessageLog

TAG = "FLAIR"


class QgisLogHandler(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        try:
            msg = self.format(record)
        except (TypeError, ValueError):  # a bad %-format in a log call: logging's own report
            self.handleError(record)
            return
        if record.levelno >= logging.ERROR:
            level = Qgis.MessageLevel.Critical
        elif record.levelno >= logging.WARNING:
            level = Qgis.MessageLevel.Warning
        else:
            level = Qgis.MessageLevel.Info
        QgsMessageLog.logMessage(msg, TAG, level)


def install(logger_name: str, level: int = logging.INFO) -> QgisLogHandler:
    """Forward records of ``logger_name`` (the plugin package: engine and glue) to QGIS."""
    logger = logging.getLogger(logger_name)
    handler = QgisLogHandler()
    handler.setFormatter(logging.Formatter("%(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(level)
    return handler


def uninstall(logger_name: str, handler: QgisLogHandler) -> None:
    logging.getLogger(logger_name).removeHandler(handler)
