"""Shared foundations: the FLAIR nomenclature, the output grid, raster helpers, cancellation, errors."""
