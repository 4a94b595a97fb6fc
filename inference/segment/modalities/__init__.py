"""Multi-source models (FLAIR-HUB UPerFuse, FLAIR#2 U-T&T): each modality read on its own grid, time series with their dates, one styled output per task."""
