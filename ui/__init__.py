"""Qt widgets of the plugin (thin: they collect choices and hand a RunRequest to qgis_glue)."""
