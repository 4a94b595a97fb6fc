"""QA in QGIS: disagreement and hotspot layers, the review store, the compare task."""
