"""Small synthetic rasters for engine tests."""
from __future__ import annotations

import numpy as np
import rasterio
from affine import Affine

X0, Y0 = 770000.0, 6280000.0


def write(path, data, res=0.2, x0=X0, y0=Y0, crs="EPSG:2154", nodata=None, dtype=None):
    data = np.asarray(data)
    if data.ndim == 2:
        data = data[None]
    profile = dict(
        driver="GTiff", width=data.shape[2], height=data.shape[1], count=data.shape[0],
        dtype=dtype or data.dtype, transform=Affine(res, 0, x0, 0, -res, y0), nodata=nodata,
    )
    if crs:
        profile["crs"] = crs
    with rasterio.open(path, "w", **profile) as ds:
        ds.write(data.astype(profile["dtype"]))
    return str(path)


def random_bands(shape, n=3, seed=0):
    return np.random.RandomState(seed).randint(0, 256, (n, *shape)).astype(np.uint8)
