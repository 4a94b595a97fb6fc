"""A PNG to look at a result without a GIS: the imagery beside the land-cover map, with a legend.

Pillow only (no matplotlib), so it runs wherever the engine does, QGIS's Python included.
The imagery is re-read from the files bound to the R, G, B roles (``result.stack``) onto the
label grid, so the two panels line up pixel for pixel whatever the sources' own grids.
"""
from __future__ import annotations

import os

import numpy as np

from ..core.classes import hex_to_rgb
from ..core.raster import canonical_crs
from ..labels.style import classes_for
from .report import class_name

SMALL = 512  # rasters up to this many pixels a side are enlarged x2 (nearest) to be legible
LARGE = 1024  # larger ones are reduced to at most this many pixels a side
MARGIN = 16
CHECKER = ((205, 205, 205), (235, 235, 235))  # nodata: a light checkerboard, unlike any class
CHECKER_PX = 8


def _font(size: int):
    from PIL import ImageFont

    try:
        return ImageFont.truetype("DejaVuSans.ttf", size)
    except OSError:
        pass
    try:
        return ImageFont.load_default(size=size)  # Pillow >= 10.1
    except TypeError:
        return ImageFont.load_default()


def _text(font, s: str) -> str:
    from PIL import ImageFont

    # Pillow's built-in bitmap font has Latin-1 glyphs only
    if isinstance(font, ImageFont.FreeTypeFont):
        return s
    return s.encode("latin-1", "replace").decode("latin-1")


def _checker(h: int, w: int, cell: int = CHECKER_PX) -> np.ndarray:
    yy, xx = np.indices((h, w))
    on = ((yy // cell + xx // cell) % 2).astype(bool)
    img = np.empty((h, w, 3), np.uint8)
    img[~on], img[on] = CHECKER
    return img


def _panel_size(grid) -> tuple[int, int, float]:
    """(width, height, scale) of a panel for the label grid."""
    side = max(grid.width, grid.height)
    scale = 2.0 if side <= SMALL else min(1.0, LARGE / side)
    return max(1, round(grid.width * scale)), max(1, round(grid.height * scale)), scale


def _parse_binding(text: str) -> tuple[str, int]:
    path, _, band = text.rpartition(" band ")
    return path, int(band)


def _read_imagery(result, shape: tuple[int, int]) -> tuple[np.ndarray, np.ndarray] | None:
    """(uint8 (h, w, 3), valid (h, w)) of the R, G, B bindings on the label grid at ``shape``,
    or the first bound role as grey; None if no bound file can be read."""
    import rasterio
    from affine import Affine
    from rasterio.enums import Resampling
    from rasterio.vrt import WarpedVRT

    roles = ("R", "G", "B") if all(r in result.stack for r in "RGB") else tuple(result.stack)[:1]
    if not roles:
        return None
    grid = result.grid
    h, w = shape
    reduce = h < grid.height
    transform = grid.transform * Affine.scale(grid.width / w, grid.height / h)
    bands, masks = [], []
    try:
        for role in roles:
            path, band = _parse_binding(result.stack[role])
            with rasterio.open(path) as ds:
                if not grid.crs or not ds.crs:  # the engine only allows this when on the same grid
                    from rasterio.windows import from_bounds

                    win = from_bounds(*grid.bounds, transform=ds.transform)
                    data = ds.read(band, window=win, out_shape=shape, boundless=True, masked=True)
                    bands.append(data.filled(0).astype(np.float32))
                    masks.append(~np.ma.getmaskarray(data))
                    continue
                # a disguised EPSG WKT must not trigger a datum shift: the engine treats it as the code
                src_crs = grid.crs if canonical_crs(ds.crs) == grid.crs else ds.crs
                with WarpedVRT(ds, src_crs=src_crs, crs=grid.crs, transform=transform, width=w, height=h,
                               resampling=Resampling.average if reduce else Resampling.nearest) as vrt:
                    bands.append(vrt.read(band).astype(np.float32))
                    masks.append(vrt.read_masks(band) > 0)
    except (OSError, ValueError, rasterio.errors.RasterioError):
        return None  # e.g. a WMS layer bound from QGIS: not a file we can reopen here
    valid = np.any(masks, axis=0)  # an RGB pixel at the nodata value in one band is still a pixel
    out = []
    for data in bands:
        v = data[valid]
        if v.size and (v.min() < 0 or v.max() > 255 or not np.allclose(v, np.round(v))):
            lo, hi = np.percentile(v, (2, 98))  # not 8-bit imagery: stretch it
            data = (data - lo) * (255.0 / max(hi - lo, 1e-6))
        out.append(np.clip(data, 0, 255).astype(np.uint8))
    rgb = np.stack(out * 3 if len(out) == 1 else out, axis=-1)
    return rgb, valid


def write_preview(result, png_path: str) -> str:
    """Write ``png_path``: imagery | land-cover map | legend with % area, titled with the model."""
    import rasterio
    from PIL import Image, ImageDraw

    grid = result.grid
    pw, ph, scale = _panel_size(grid)
    read_shape = (ph, pw) if scale < 1 else (grid.height, grid.width)
    with rasterio.open(result.output) as ds:
        labels = ds.read(1, out_shape=read_shape, resampling=rasterio.enums.Resampling.nearest)

    classes = classes_for(result.card.class_names)
    palette = np.zeros((256, 3), np.uint8)
    for code, _, colour in classes:
        palette[code] = hex_to_rgb(colour)
    land = palette[labels]
    nodata = labels == 0
    land[nodata] = _checker(*labels.shape)[nodata]

    imagery = _read_imagery(result, read_shape)
    if imagery is None:
        photo = _checker(*read_shape)
        photo_caption = "imagery: sources not readable as files"
    else:
        photo, valid = imagery
        photo[~valid] = _checker(*read_shape)[~valid]
        photo_caption = "imagery (" + ", ".join(r for r in ("R", "G", "B") if r in result.stack) + ")"
        if not all(r in result.stack for r in "RGB"):
            photo_caption = f"imagery ({next(iter(result.stack))}, grey)"

    def panel(a: np.ndarray) -> Image.Image:
        im = Image.fromarray(a)
        return im if im.size == (pw, ph) else im.resize((pw, ph), Image.NEAREST)

    title_font, font, small = _font(18), _font(13), _font(11)
    counts = {c: n for c, n in result.class_pixels.items() if c and n}
    classified = sum(counts.values())
    colours = {code: hex_to_rgb(colour) for code, _, colour in classes}
    rows = [
        (colours.get(c, (0, 0, 0)), f"{c:>2}  {class_name(c, result.card.class_names)}",
         f"{100.0 * n / classified:5.1f} %")
        for c, n in sorted(counts.items(), key=lambda kv: -kv[1])
    ]
    total = classified + result.class_pixels.get(0, 0)
    if result.class_pixels.get(0, 0):
        rows.append((None, " 0  nodata", f"{100.0 * result.class_pixels[0] / total:5.1f} % of all"))

    probe = ImageDraw.Draw(Image.new("RGB", (1, 1)))

    def tw(s, f):
        return probe.textlength(_text(f, s), font=f)

    swatch, line = 16, 22
    name_w = max([tw(r[1], font) for r in rows] + [tw("% of classified area", small)])
    pct_w = max([tw(r[2], font) for r in rows] + [0])
    legend_w = int(swatch + 8 + name_w + 12 + pct_w)
    title = f"Land cover: {result.card.name}"
    sub = (f"{grid.width} x {grid.height} px at {grid.res:g} m"
           f"{', ' + grid.crs if grid.crs and len(grid.crs) < 40 else ''}; {os.path.basename(result.output)}")
    head = MARGIN + 26 + 18 + 10
    width = max(int(3 * MARGIN + 2 * pw + 2 * MARGIN + legend_w),
                int(2 * MARGIN + max(tw(title, title_font), tw(sub, small))))
    height = head + 18 + max(ph, 20 + line * max(len(rows), 1)) + MARGIN

    canvas = Image.new("RGB", (width, height), (255, 255, 255))
    d = ImageDraw.Draw(canvas)
    d.text((MARGIN, MARGIN), _text(title_font, title), fill=(0, 0, 0), font=title_font)
    d.text((MARGIN, MARGIN + 26), _text(small, sub), fill=(90, 90, 90), font=small)
    top = head + 18
    for i, (im, caption) in enumerate(((panel(photo), photo_caption), (panel(land), "land cover (FLAIR codes)"))):
        x = MARGIN + i * (pw + MARGIN)
        d.text((x, head), _text(font, caption), fill=(0, 0, 0), font=font)
        canvas.paste(im, (x, top))
        d.rectangle((x - 1, top - 1, x + pw, top + ph), outline=(120, 120, 120))

    lx = 3 * MARGIN + 2 * pw
    d.text((lx, head), _text(small, "% of classified area"), fill=(90, 90, 90), font=small)
    if not rows:
        d.text((lx, top), _text(font, "no classified pixels"), fill=(0, 0, 0), font=font)
    for i, (colour, name, pct) in enumerate(rows):
        y = top + i * line
        box = (lx, y + 2, lx + swatch, y + 2 + swatch)
        if colour is None:
            canvas.paste(Image.fromarray(_checker(swatch, swatch, swatch // 4)), box[:2])
        else:
            d.rectangle(box, fill=colour)
        d.rectangle(box, outline=(60, 60, 60))
        d.text((lx + swatch + 8, y + 2), _text(font, name), fill=(0, 0, 0), font=font)
        d.text((lx + swatch + 8 + name_w + 12, y + 2), _text(font, pct), fill=(0, 0, 0), font=font)
    canvas.save(png_path)
    return png_path
