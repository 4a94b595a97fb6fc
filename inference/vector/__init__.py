"""Polygons: a label raster as a clean vector coverage (issue #18).

The public API (stable; other capabilities, e.g. land-take change, build on it):

- ``grid.CodeGrid.open(path)``: a single-band integer raster of codes (0 = nodata) as a grid:
  size, pixel-to-CRS transform, CRS, pixel area; ``read(row, col, h, w)`` windows of it.
- ``sieve.sieve_codes(src, dst, mmu_px, per_code_px)``: GDAL's sieve (8-connectivity, small patches
  merged into their largest neighbour) with per-code minimum sizes, nodata kept.
- ``polygonize.polygonize(grid, tolerance_px, window, confidence)``: yields ``Patch`` (code, a
  whole shapely polygon in the grid's CRS, pixel count, mean confidence), window by window, with
  polygons crossing window edges joined and every shared boundary simplified once (a coverage).
- ``gpkg.GpkgWriter``: one GeoPackage layer written under a staged hidden name, with its fields and
  embedded QGIS style, read back and swapped in with the rest of an ``OutputSet``.
- ``style.vector_qml(classes)``: the categorised-by-code QGIS style for such a layer.
- ``run.vectorize(VectorParams)``: the whole chain from a label raster to a styled GeoPackage.
"""
