"""Quality assessment: comparing label rasters, metrics, hotspots, QA reports, FLAIR patch datasets."""
