"""A segmentation run in QGIS: the request the dock fills, the background task, the result layers."""
