"""Raw ONNX Runtime speed in a fresh process: ``python -m bench.raw JSON`` prints one JSON line."""
from __future__ import annotations

import json
import statistics
import sys
import time

import numpy as np


def main(argv: list[str]) -> None:
    a = json.loads(argv[0])
    from inference.models.session import Session, read_model_info

    info = read_model_info(a["model"])
    session = Session(info, "auto", threads=a.get("threads", 0))  # the engine's options and head
    rng = np.random.default_rng(0)
    x = rng.standard_normal((a["batch"], len(info.card.inputs), a["tile"], a["tile"]), dtype=np.float32)
    for _ in range(a.get("warmup", 1)):
        session.run(x)
    times = []
    for _ in range(a["runs"]):
        t0 = time.perf_counter()
        session.run(x)
        times.append(time.perf_counter() - t0)
    print(json.dumps({
        "tile": a["tile"], "batch": a["batch"], "runs": a["runs"], "times": times,
        "seconds_per_run": statistics.median(times), "device": session.device_name,
    }))


if __name__ == "__main__":
    main(sys.argv[1:])
