"""FLAIR land cover: QGIS plugin entry point (kept light: QGIS imports this when it scans plugins)."""


def classFactory(iface):  # noqa: N802 (the name QGIS calls)
    from .flair_plugin import FlairPlugin

    return FlairPlugin(iface)
