"""Styling label layers in QGIS from the engine's style (FLAIR codes or any encoding)."""
