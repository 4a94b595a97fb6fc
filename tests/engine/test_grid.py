import pytest

from inference.core.grid import Grid, axis_windows


@pytest.mark.parametrize(
    "size,tile,margin",
    [(1, 64, 8), (63, 64, 8), (64, 64, 8), (65, 64, 8), (100, 64, 16), (777, 512, 128), (1000, 512, 128),
     (1000, 64, 0), (4096, 1024, 128), (513, 512, 128), (200, 64, 31)],
)
def test_cores_partition_the_axis_and_stay_inside_margins(size, tile, margin):
    wins = axis_windows(size, tile, margin)
    assert wins[0].core_start == 0 and wins[-1].core_end == size
    for a, b in zip(wins, wins[1:]):
        assert a.core_end == b.core_start  # no gap, no overlap
    for i, w in enumerate(wins):
        assert w.start >= 0
        assert w.start + tile <= max(size, tile)  # never past the raster (unless smaller than a tile)
        assert w.core_start < w.core_end
        if size > tile:
            if i > 0:
                assert w.core_start - w.start >= margin  # context above/left of every kept pixel
            if i < len(wins) - 1:
                assert w.start + tile - w.core_end >= margin


def test_raster_smaller_than_a_tile_is_one_window():
    assert [(w.start, w.core_start, w.core_end) for w in axis_windows(30, 64, 8)] == [(0, 0, 30)]


def test_last_window_shifts_inward():
    wins = axis_windows(1000, 512, 128)
    assert [w.start for w in wins] == [0, 256, 488]
    assert [(w.core_start, w.core_end) for w in wins] == [(0, 384), (384, 640), (640, 1000)]


@pytest.mark.parametrize("tile,margin", [(64, 32), (64, 40), (0, 0), (64, -1)])
def test_impossible_tiling_is_refused(tile, margin):
    with pytest.raises(ValueError):
        axis_windows(100, tile, margin)


def test_grid_covering_snaps_to_resolution():
    g = Grid.covering("EPSG:2154", (770549.8, 6277549.8, 770600.2, 6277600.2), 0.2)
    assert (g.x0, g.y0, g.width, g.height) == (770549.8, 6277600.2, 252, 252)
    g = Grid.covering("EPSG:2154", (10.05, 20.05, 10.95, 20.95), 0.5)
    assert (g.x0, g.y0, g.width, g.height) == (10.0, 21.0, 2, 2)
