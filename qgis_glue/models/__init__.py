"""Models in QGIS: the model picker's information, recent models, downloads and conversion tasks."""
