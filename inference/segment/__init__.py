"""Segmentation: band stack, sources, the reader -> ONNX Runtime -> writer pipeline, stitching, the GeoTIFF sink, reports."""
