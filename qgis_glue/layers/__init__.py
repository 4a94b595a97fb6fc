"""QGIS layers as engine sources: files, WMS/WMTS (BD ORTHO), and pre-filling roles from layer names."""
