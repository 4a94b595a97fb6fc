"""Label rasters: styles (.qml, colour tables, class names) and guessing a raster's encoding."""
