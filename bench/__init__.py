"""Benchmark of the engine on a FLAIR-INC-sized model (``python -m bench``; see docs/benchmark.md).

No QGIS, no internet: the model is smp's U-Net/ResNet34 (the FLAIR-INC architecture) with random
weights, exported to ONNX with our model card, and the imagery is a synthetic 5-band GeoTIFF.
Everything is written under ``bench_output/`` (git-ignored) and reused by later runs.
"""
