"""Polygons: a label raster as a clean vector coverage (issue #18).

The public API (stable; other capabilities, e.g. land-take change, build on it; extend, don't rename):

- ``grid.CodeGrid.open(path, band=1, lut=None)``: a single-band integer raster of codes (0 = nodata;
  ``lut`` maps stored values to codes) as a grid: size, GDAL transform, CRS, ``pixel_area``,
  ``read(row, col, h, w)`` windows of codes, ``to_crs(pixel geometries)``.
- ``run.write_codes(grid, path, cancel, max_code=255)``: a grid's codes (after its LUT) as a tiled
  GeoTIFF with nodata 0, window by window (what the sieve works on).
- ``sieve.sieve_codes(path, mmu_px, per_code_px, cancel, scratch)``: GDAL's sieve in place
  (8-connectivity, small patches merged into their largest neighbour) with per-code minima, nodata
  kept; ``sieve.mmu_pixels(m2, pixel_area)``.
- ``polygonize.polygonize(grid, tolerance_px, window, confidence, cancel, read, progress)``: yields
  ``Patch`` (code, a whole shapely polygon in the grid's CRS, exact pixel count, confidence sum and
  mean), window by window, polygons crossing window edges joined, every shared boundary simplified
  once (a coverage); ``read`` computes codes on the fly instead of reading the grid's file.
- ``gpkg.GpkgWriter(staged_path, layer, crs, fields, target)``: one GeoPackage layer through the
  system OGR; ``add`` / ``add_many(geoms, rows)`` (shapely), ``add_ogr(geoms, rows)`` (OGR
  geometries, no shapely call: safe inside QGIS; land-take change uses it), ``close(style_qml)``
  (embeds the QGIS style, reopens and counts), ``abort()``; used with an ``OutputSet``
  (``segment/commit.py``) that swaps it in. ``gpkg.Field(name, kind)``.
- ``style.vector_qml(classes)``: the categorised-by-code QGIS style of such a layer;
  ``style.categorized_qml(attr, [Category])``: any categorised fill style (change's transitions).
- ``checks.check_output(path, inputs)``: a GeoPackage output that would replace an input, or in a
  folder that cannot be written, refused.
- ``run.vectorize(VectorParams, progress, cancel) -> VectorResult``: the whole chain from a label
  raster to a styled GeoPackage; ``child.vectorize_in_child``: the same in a fresh interpreter
  (QGIS: its own GEOS would take shapely's calls).
"""
