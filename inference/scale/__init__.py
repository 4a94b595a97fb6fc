"""Country-scale runs: the output grid in blocks, resumable, in one process or on Dask."""
