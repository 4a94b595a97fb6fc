"""A synthetic but faithful multi-source set over the Montpellier sample (data/montpellier).

No real Sentinel-2 or SPOT data exists on these machines, so this builds, from the bundled
ortho and elevation (EPSG:2154, origin 770549.8, 6277600.2, 50.4 m square):

- ``s2_stack.tif``: a Sentinel-2 L2A-like stack at 10.24 m, uint16 reflectance x 10000, ten
  bands per date (B2 B3 B4 B5 B6 B7 B8 B8A B11 B12), date-major (IGN's layout), band
  descriptions ``YYYYMMDD B2`` ...; the spectra come from the ortho's colours (vegetation from
  its NDVI, with a seasonal cycle), the grid covers the footprint plus a margin;
- ``s2_dates.txt``: one ``YYYYMMDD`` per line (23 dates over 2021, every ~16 days);
- ``s2_mask.tif``: IGN's SENTINEL2_MSK-SC layout, (snow, cloud) 0..100 per date; two dates are
  cloudy (their reflectances are brightened too) and one is cloudy on the west half only;
- ``s2_dir/``: the same series as one 10-band raster per date named ``S2_YYYYMMDD.tif``;
- ``spot.tif``: SPOT 6-7-like, 1.6 m, uint16, R G B NIR (8 x 8 block means of the ortho, 32 x 32 px
  covering its footprint);
- ``dem.tif``: DSM, DTM (float32 m) resampled to the ortho's 0.2 m grid;
- ``s1a.tif`` / ``s1d.tif``: Sentinel-1 ascending / descending series at 10.24 m on the S2 grid,
  float32 backscatter sigma0 (linear power by default, ``s1_unit="db"`` for 10 log10), VV, VH per
  date, date-major, band descriptions ``YYYYMMDD VV`` ...; a 12-day cycle from different first
  days per orbit (so the two series have different dates and counts); the values mix, per
  Sentinel pixel, typical sigma0 of water (low), buildings (high: double bounce, found from the
  DSM - DTM height and the ortho's NDVI), vegetation (VH high: volume scattering, with a seasonal
  cycle) and bare or paved ground, with a deterministic speckle; ``s1a_dates.txt`` / ``s1d_dates.txt``.

IGN's SENTINEL1-*_TS files are float32 "sigma0" (MULTISOURCE.md §2); whether they hold linear
power or dB is not settled by any public source (verify on IGN's toy data): the models take them
raw, so a unit mismatch would change their input scale.

Everything is a few hundred KB at most and built in well under a second. Run as a script to
write the set into a folder: ``python tests/engine/multisource_data.py OUT_DIR``.
"""
from __future__ import annotations

import datetime as dt
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
MONTPELLIER = os.path.join(os.path.dirname(os.path.dirname(HERE)), "data", "montpellier")
ORIGIN = (770549.8, 6277600.2)
SIDE = 50.4
S2_RES = 10.24
S2_BANDS = ("B2", "B3", "B4", "B5", "B6", "B7", "B8", "B8A", "B11", "B12")
S2_MARGIN_PX = 3  # Sentinel pixels around the footprint, so tiles with margins stay covered
CLOUDY = (5, 14)  # indices of fully cloudy dates
HALF_CLOUDY = 9
S1_CYCLE = 12  # days between passes of one orbit (Sentinel-1A alone)
S1_FIRST = {"s1a": (2021, 1, 4), "s1d": (2021, 1, 9)}  # ascending, descending: different days
S1_DATES = {"s1a": 30, "s1d": 29}
# typical C-band sigma0 (linear power) per surface: (VV, VH); VH of vegetation follows the season
SIGMA0 = {"water": (0.008, 0.0015), "building": (0.35, 0.05), "vegetation": (0.07, 0.018),
          "ground": (0.05, 0.008)}


def s2_dates(n: int = 23, year: int = 2021) -> list[dt.date]:
    start = dt.date(year, 1, 3)
    return [start + dt.timedelta(days=int(round(i * 361 / (n - 1)))) for i in range(n)]


def s1_dates(orbit: str) -> list[dt.date]:
    start = dt.date(*S1_FIRST[orbit])
    return [start + dt.timedelta(days=S1_CYCLE * i) for i in range(S1_DATES[orbit])]


def _read_ortho():
    import rasterio

    with rasterio.open(os.path.join(MONTPELLIER, "ortho_rgb_20cm.tif")) as f:
        rgb = f.read().astype(np.float32)
    with rasterio.open(os.path.join(MONTPELLIER, "ortho_irc_20cm.tif")) as f:
        nir = f.read(1).astype(np.float32)
    return rgb, nir


def _block_mean(a: np.ndarray, k: int) -> np.ndarray:
    h, w = (a.shape[-2] // k) * k, (a.shape[-1] // k) * k
    a = a[..., :h, :w]
    return a.reshape(*a.shape[:-2], h // k, k, w // k, k).mean(axis=(-1, -3))


def _s2_grid():
    """Transform and size of the 10.24 m grid: aligned on the ortho's origin, with a margin."""
    from rasterio.transform import from_origin

    n = int(np.ceil(SIDE / S2_RES)) + 2 * S2_MARGIN_PX
    x0 = ORIGIN[0] - S2_MARGIN_PX * S2_RES
    y0 = ORIGIN[1] + S2_MARGIN_PX * S2_RES
    return from_origin(x0, y0, S2_RES, S2_RES), n


def _spectra(rgb: np.ndarray, nir: np.ndarray, n: int) -> np.ndarray:
    """Per-pixel L2A-like reflectance (10, n, n) for a spring date, from the ortho's colours."""
    k = int(round(S2_RES / 0.2))  # 51 ortho px per Sentinel pixel (51.2 really)
    r, g, b, ir = (_block_mean(c, k) / 255.0 for c in (rgb[0], rgb[1], rgb[2], nir))
    inner = r.shape[0]
    canvas = np.empty((4, n, n), np.float32)
    for i, c in enumerate((b, g, r, ir)):
        canvas[i] = c.mean()  # outside the ortho: its mean colour
        canvas[i, S2_MARGIN_PX:S2_MARGIN_PX + inner, S2_MARGIN_PX:S2_MARGIN_PX + inner] = c
    b, g, r, ir = canvas * np.array([0.12, 0.14, 0.16, 0.45], np.float32)[:, None, None] + 0.02
    ndvi = (ir - r) / (ir + r + 1e-6)
    red_edge = [r + (ir - r) * f for f in (0.35, 0.75, 0.9)]
    swir1 = 0.28 - 0.12 * ndvi
    swir2 = 0.20 - 0.10 * ndvi
    return np.stack([b, g, r, *red_edge, ir, ir * 1.02, swir1, swir2]).clip(0.001, 0.9)


def _surfaces(rgb: np.ndarray, nir: np.ndarray, dem: np.ndarray, n: int) -> dict[str, np.ndarray]:
    """Share of each surface of SIGMA0 in every 10.24 m pixel (n x n, the S2 grid)."""
    r = rgb[0]
    ndvi = (nir - r) / (nir + r + 1e-6)
    valid = (dem[0] > -9000) & (dem[1] > -9000)
    height = np.where(valid, dem[0] - dem[1], 0)
    building = (height > 2.5) & (ndvi < 0.2)
    water = ~building & (ndvi < 0) & (nir < 60)
    vegetation = ~building & ~water & (ndvi > 0.2)
    ground = ~(building | water | vegetation)
    k = int(round(S2_RES / 0.2))
    out = {}
    for name, m in (("water", water), ("building", building), ("vegetation", vegetation), ("ground", ground)):
        f = _block_mean(m.astype(np.float32), k)
        canvas = np.full((n, n), f.mean(), np.float32)  # outside the ortho: its mean mix
        canvas[S2_MARGIN_PX:S2_MARGIN_PX + f.shape[0], S2_MARGIN_PX:S2_MARGIN_PX + f.shape[1]] = f
        out[name] = canvas
    return out


def s1_series(surfaces: dict[str, np.ndarray], orbit: str, unit: str = "linear") -> np.ndarray:
    """(T * 2, n, n) float32 VV, VH per date for ``orbit`` ("s1a" or "s1d")."""
    rng = np.random.default_rng(1 if orbit == "s1a" else 2)
    # the same buildings look brighter from one side: a fixed per-orbit factor
    facing = {"s1a": 1.0, "s1d": 0.75}[orbit]
    frames = []
    for d in s1_dates(orbit):
        season = np.cos(2 * np.pi * (d.timetuple().tm_yday - 135) / 365.0)
        for pol in (0, 1):
            sigma = np.zeros_like(surfaces["water"])
            for name, share in surfaces.items():
                value = SIGMA0[name][pol]
                if name == "vegetation":
                    value *= 1 + (0.35 if pol else 0.1) * season  # more volume scattering in spring
                elif name == "building":
                    value *= facing
                sigma += share * value
            sigma *= rng.gamma(4.4, 1 / 4.4, sigma.shape)  # speckle of a ~4.4-look GRD pixel
            frames.append(10 * np.log10(sigma) if unit == "db" else sigma)
    return np.stack(frames).astype(np.float32)


def make_sample(out_dir: str, n_dates: int = 23, year: int = 2021, s1_unit: str = "linear") -> dict[str, str]:
    """Write the set into ``out_dir``; returns {name: path}."""
    import rasterio
    from rasterio.crs import CRS
    from rasterio.transform import from_origin
    from rasterio.warp import Resampling, reproject

    os.makedirs(out_dir, exist_ok=True)
    crs = CRS.from_epsg(2154)
    rgb, nir = _read_ortho()
    transform, n = _s2_grid()
    base = _spectra(rgb, nir, n)
    dates = s2_dates(n_dates, year)
    ndvi = (base[6] - base[2]) / (base[6] + base[2])
    veg = (ndvi > 0.2).astype(np.float32)
    stack, masks = [], []
    for i, d in enumerate(dates):
        season = np.cos(2 * np.pi * (d.timetuple().tm_yday - 135) / 365.0)  # greenest mid-May
        refl = base.copy()
        refl[6:8] *= 1 + 0.25 * season * veg  # NIR follows the vegetation cycle
        refl[2] *= 1 - 0.2 * season * veg
        cloud = np.zeros((n, n), np.float32)
        if i in CLOUDY:
            cloud[:] = 90
        elif i == HALF_CLOUDY:
            cloud[:, : n // 2] = 80
        refl = np.where(cloud[None] > 50, 0.35 + 0.1 * refl, refl)
        stack.append(np.round(refl * 10000).astype(np.uint16))
        masks.append(np.stack([np.zeros((n, n), np.float32), cloud]).astype(np.uint16))
    paths = {}
    profile = dict(driver="GTiff", width=n, height=n, crs=crs, transform=transform, compress="deflate")

    paths["s2"] = os.path.join(out_dir, "s2_stack.tif")
    with rasterio.open(paths["s2"], "w", count=10 * len(dates), dtype="uint16", **profile) as f:
        f.write(np.concatenate(stack))
        for i, d in enumerate(dates):
            for j, band in enumerate(S2_BANDS):
                f.set_band_description(10 * i + j + 1, f"{d:%Y%m%d} {band}")
    paths["s2_dates"] = os.path.join(out_dir, "s2_dates.txt")
    with open(paths["s2_dates"], "w") as f:
        f.write("".join(f"{d:%Y%m%d}\n" for d in dates))
    paths["s2_mask"] = os.path.join(out_dir, "s2_mask.tif")
    with rasterio.open(paths["s2_mask"], "w", count=2 * len(dates), dtype="uint16", **profile) as f:
        f.write(np.concatenate(masks))
    paths["s2_dir"] = os.path.join(out_dir, "s2_dir")
    os.makedirs(paths["s2_dir"], exist_ok=True)
    for d, a in zip(dates, stack):
        with rasterio.open(os.path.join(paths["s2_dir"], f"S2_{d:%Y%m%d}.tif"), "w", count=10, dtype="uint16",
                           **profile) as f:
            f.write(a)

    # SPOT 6-7-like: 1.6 m = 8 ortho px, reflectance-like uint16 (R G B NIR)
    # padded with the edge pixels to whole 1.6 m pixels past the ortho, so that SPOT covers its footprint
    pad = -rgb.shape[1] % 8
    spot = np.stack([_block_mean(np.pad(c, ((0, pad), (0, pad)), mode="edge"), 8) for c in (rgb[0], rgb[1], rgb[2], nir)])
    spot = np.round(spot * np.array([4.0, 4.0, 4.0, 9.0])[:, None, None] + 150).astype(np.uint16)
    paths["spot"] = os.path.join(out_dir, "spot.tif")
    with rasterio.open(paths["spot"], "w", driver="GTiff", width=spot.shape[2], height=spot.shape[1], count=4,
                       dtype="uint16", crs=crs, transform=from_origin(*ORIGIN, 1.6, 1.6)) as f:
        f.write(spot)

    # DEM_ELEV: DSM, DTM on the ortho grid (bilinear from 0.5 m)
    dem = np.zeros((2, rgb.shape[1], rgb.shape[2]), np.float32)
    ortho_t = from_origin(*ORIGIN, 0.2, 0.2)
    for i, name in enumerate(("dsm_50cm.tif", "dtm_50cm.tif")):
        with rasterio.open(os.path.join(MONTPELLIER, name)) as f:
            reproject(f.read(1), dem[i], src_transform=f.transform, src_crs=crs, src_nodata=f.nodata,
                      dst_transform=ortho_t, dst_crs=crs, dst_nodata=-9999, resampling=Resampling.bilinear)
    paths["dem"] = os.path.join(out_dir, "dem.tif")
    with rasterio.open(paths["dem"], "w", driver="GTiff", width=dem.shape[2], height=dem.shape[1], count=2,
                       dtype="float32", crs=crs, transform=ortho_t, nodata=-9999) as f:
        f.write(dem)
        f.set_band_description(1, "DSM")
        f.set_band_description(2, "DTM")

    surfaces = _surfaces(rgb, nir, dem, n)
    for orbit in ("s1a", "s1d"):
        paths[orbit] = os.path.join(out_dir, f"{orbit}.tif")
        data = s1_series(surfaces, orbit, s1_unit)
        with rasterio.open(paths[orbit], "w", count=data.shape[0], dtype="float32", **profile) as f:
            f.write(data)
            for i, d in enumerate(s1_dates(orbit)):
                f.set_band_description(2 * i + 1, f"{d:%Y%m%d} VV")
                f.set_band_description(2 * i + 2, f"{d:%Y%m%d} VH")
        paths[f"{orbit}_dates"] = os.path.join(out_dir, f"{orbit}_dates.txt")
        with open(paths[f"{orbit}_dates"], "w") as f:
            f.write("".join(f"{d:%Y%m%d}\n" for d in s1_dates(orbit)))
    paths["aerial_rgb"] = os.path.join(MONTPELLIER, "ortho_rgb_20cm.tif")
    paths["aerial_irc"] = os.path.join(MONTPELLIER, "ortho_irc_20cm.tif")
    return paths


if __name__ == "__main__":
    for k, v in make_sample(sys.argv[1] if len(sys.argv) > 1 else "multisource_sample").items():
        print(f"{k:<11} {v}")
