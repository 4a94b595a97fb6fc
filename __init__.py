"""FLAIR land cover: QGIS plugin entry point (kept light: QGIS imports this when it scans plugins)."""


def classFactory(iface):  # noqa: N802 (the name QGIS calls)
    from .qgis_glue import i18n

    i18n.install()  # before the widgets' modules are imported: QGIS's language, from locale/userLocale
    from .flair_plugin import FlairPlugin

    return FlairPlugin(iface)
