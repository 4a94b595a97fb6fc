"""One end-to-end pipeline run in a fresh process: ``python -m bench.run_one JSON``.

Prints one JSON line: seconds (wall time of inference.segment.pipeline.segment, from opening the
model to the committed GeoTIFF with overviews), tiles, grid size, and the peak RSS of this
process before and after the run.

Peak RSS is the kernel's high-water mark of this process's memory (VmHWM in /proc/self/status).
``resource.getrusage(RUSAGE_SELF).ru_maxrss`` would be the same number in a process started from
a small parent, but Linux carries ru_maxrss over ``execve`` from the parent's memory image, so
a child of a benchmark that has loaded torch would report torch's peak instead of its own.
"""
from __future__ import annotations

import json
import resource
import sys
import time


def _maxrss_mb() -> float:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux: KiB


def main(argv: list[str]) -> None:
    args = json.loads(argv[0])
    from inference.segment.params import SegmentParams
    from inference.segment.pipeline import segment
    from inference.segment.sources import FileSource

    rss_before = _maxrss_mb()
    params = SegmentParams(
        model=args["model"],
        sources=[(None, FileSource(args["raster"]), None)],
        output=args["output"],
        tile=args["tile"],
        margin=args["margin"],
        batch=args["batch"],
        threads=args.get("threads", 0),
        report=False,
    )
    t0 = time.perf_counter()
    result = segment(params)
    seconds = time.perf_counter() - t0
    g = result.grid
    print(json.dumps({
        "seconds": seconds,
        "tiles": result.tiles,
        "width": g.width,
        "height": g.height,
        "res": g.res,
        "device": result.device,
        "rss_before_mb": rss_before,
        "rss_peak_mb": _maxrss_mb(),
    }))


if __name__ == "__main__":
    main(sys.argv[1:])
