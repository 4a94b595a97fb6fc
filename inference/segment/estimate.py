"""How long a run will take, said before most of it is done.

The pipeline measures the rate on the first tiles it runs through the model (tiles over no
imagery cost nothing and are not counted) and, when the projection passes ``LONG_RUN_S``, hands a
``RunEstimate`` to ``SegmentParams.confirm``: the dock shows it and asks, the CLI prints it. A
``confirm`` that returns False cancels the run; nothing has replaced anything at that point.
"""
from __future__ import annotations

from dataclasses import dataclass

LONG_RUN_S = 3600.0  # a run projected to take longer than this is said before it goes on
MEASURE_TILES = 4  # tiles run through the model before the rate is trusted
MEASURE_S = 10.0  # ... or this long, whichever comes first
SAID: set[tuple[str, int]] = set()  # (output, grid) runs whose long-run estimate was already said


@dataclass(frozen=True)
class RunEstimate:
    area_km2: float  # the output grid's area
    tiles: int  # all windows of the grid
    tiles_to_run: int  # windows over imagery (the others are skipped)
    seconds_per_tile: float  # measured on the first tiles
    device: str

    @property
    def seconds(self) -> float:
        return self.tiles_to_run * self.seconds_per_tile

    @property
    def long(self) -> bool:
        return self.seconds > LONG_RUN_S

    def message(self) -> str:
        return (f"this run covers {self.area_km2:.2f} km² in {self.tiles} tiles ({self.tiles_to_run} over "
                f"imagery) and, at {self.seconds_per_tile:.2f} s per tile measured on the first tiles on "
                f"{self.device}, should take about {format_duration(self.seconds)}")


def format_duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


__all__ = ["LONG_RUN_S", "RunEstimate", "format_duration"]
