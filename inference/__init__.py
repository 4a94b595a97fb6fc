"""FLAIR land-cover engine: pure Python (numpy, onnxruntime, rasterio); no QGIS, no Qt."""
__version__ = "0.1.0"
