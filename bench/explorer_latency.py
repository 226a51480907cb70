"""Explorer responsiveness: ``python -m bench.explorer_latency``.

Prints (1) the boundary redraw of an already trained model (grid prediction + drawing to
PNG) and the full redraw (boundary, curves, unit maps), p50 / p95 over repeats; (2) a control
change that retrains the planar [2, 4, 1] network for 5000 iterations and redraws; (3) a burst
of slider changes, showing that they start one training run, for the last value.
"""

from __future__ import annotations

import time

import matplotlib
import numpy as np

matplotlib.use("Agg")

from dlnotes.widgets import Explorer  # noqa: E402


def _pct(ts):
    return f"p50 {np.percentile(ts, 50) * 1e3:6.1f} ms   p95 {np.percentile(ts, 95) * 1e3:6.1f} ms"


def main(repeats: int = 30) -> None:
    planar = {"dataset": "flower", "hidden_layers": [4], "activation": "tanh", "init": "random",
              "scale": 0.01, "learning_rate": 1.2, "iterations": 5000}
    ex = Explorer(planar, autoplay=False).run()
    cfg, data = ex.config, ex.data
    boundary, full = [], []
    for _ in range(repeats):
        t = time.perf_counter()
        ex.plots.boundary.draw(cfg, ex.parameters, data, True, "t")
        boundary.append(time.perf_counter() - t)
        t = time.perf_counter()
        ex.redraw(curves=True)
        full.append(time.perf_counter() - t)
    print(f"boundary redraw (60x60 grid prediction + draw + PNG)   {_pct(boundary)}")
    print(f"full redraw (boundary + curves + unit maps)            {_pct(full)}")

    retrain = []
    for i in range(max(3, repeats // 6)):
        t = time.perf_counter()
        ex.controls["learning_rate"].value = 1.2 + 0.01 * (i % 2)  # a control change: reset, train, redraw
        ex.run()
        retrain.append(time.perf_counter() - t)
    print(f"control change -> retrain [2, 4, 1] 5000 it + redraw   {_pct(retrain)}")

    live = Explorer(planar, autoplay=True)
    live.wait(30)
    starts = []
    original = live.player.train

    def counting_run(*args, **kwargs):
        starts.append(time.perf_counter())
        original(*args, **kwargs)

    live.player.train = counting_run
    t = time.perf_counter()
    for k in range(10):  # a burst of changes faster than training
        live.controls["lambd"].value = 0.05 * (k + 1)
    live.wait(30)
    live.player.thread.join(30)
    print(f"burst of 10 changes: {len(starts)} training run(s) started (debounced); it finished "
          f"{time.perf_counter() - t:.2f} s after the first change (lambd={live.config['lambd']:.2f}, "
          f"iteration {live.iteration})")


if __name__ == "__main__":
    main()
