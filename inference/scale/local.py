"""Blocks run one after the other in this process, with one ONNX Runtime session."""
from __future__ import annotations

from .block import BlockRunner
from .job import Plan


def run_local(plan: Plan, ws, todo, meter, cancel) -> dict[int, dict]:
    """Run ``todo`` blocks into the workspace; returns their statistics by block index."""
    done: dict[int, dict] = {}
    if not todo:
        return done
    runner = BlockRunner(plan)
    meter.device = runner.session.device_name
    try:
        for b in todo:
            done[b.index] = runner.run(b, ws.path(b.index), cancel, meter.tiles)
            meter.block()
    finally:
        runner.close()
    return done
