"""Explorer responsiveness: ``python -m bench.explorer_latency``.

Prints (1) a frame of an already trained model (every node over the 60 x 60 grid in one forward
pass, the main plot's and the network picture's data, sent to the browser) and the full redraw (the
frame and the cost and accuracy figure rendered to PNG), p50 / p95 over repeats; (2) a
control change that retrains the planar [2, 4, 1] network for 5000 iterations and redraws; (3) a
burst of slider changes, showing that they start one training run, for the last value; (4) live
training of a [8, 8, 8] network on 500 points: frames per second while playing (each frame: the
layer maps in one forward pass, the main plot's, loss chart's and network picture's data; the cost
and accuracy PNG once a second) and the time from a control moved during play to the first frame that shows it
(the reset picture of the new setting) and to the first trained frame of the new run; (5) the pace of
play: how long the default run (2,000 iterations) and a 30,000-iteration one take played live (about
``RUN_SECONDS`` when the CPU is fast enough) against ``run_config`` (no frames, as fast as the CPU), and
their frames per second.  It prints the load average at the start and the end: the machine is shared.
"""

from __future__ import annotations

import os
import time

import matplotlib
import numpy as np

matplotlib.use("Agg")

from dlnotes.widgets import Explorer, run_config  # noqa: E402
from dlnotes.widgets.player import RUN_SECONDS  # noqa: E402


def _pct(ts):
    return f"p50 {np.percentile(ts, 50) * 1e3:6.1f} ms   p95 {np.percentile(ts, 95) * 1e3:6.1f} ms"


def main(repeats: int = 30) -> None:
    planar = {"dataset": "flower", "hidden_layers": [4], "activation": "tanh", "init": "random",
              "scale": 0.01, "learning_rate": 1.2, "iterations": 5000}
    ex = Explorer(planar, autoplay=False).run()
    boundary, full = [], []
    for _ in range(repeats):
        t = time.perf_counter()
        ex.redraw(curves=False)
        boundary.append(time.perf_counter() - t)
        t = time.perf_counter()
        ex.redraw(curves=True)
        full.append(time.perf_counter() - t)
    print(f"frame: layer maps on the 60x60 grid, main plot + network picture data   {_pct(boundary)}")
    print(f"full redraw (frame + cost and accuracy figure to PNG)                    {_pct(full)}")

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


LIVE = {"dataset": "flower", "n_samples": 500, "hidden_layers": [8, 8, 8], "activation": "tanh",
        "learning_rate": 0.3, "iterations": 30000}


def live(seconds: float = 3.0, changes: int = 5) -> dict:
    """Play LIVE for ``seconds`` and count the frames sent to the browser; then move a control ``changes``
    times during play and time it until a frame shows it (the new setting's reset picture, iteration 0)
    and until the new run's first trained frame.  Returns {"fps", "frame_ms" (the redraws' durations),
    "shown_s", "trained_s"}."""
    frames, durations = [], []  # (time sent, iteration) of each frame; each redraw's duration
    ex = Explorer(LIVE, autoplay=False)
    ex.network_view.observe(lambda change: frames.append((time.perf_counter(), change["new"].get("iteration"))),
                            names="frame")
    draw = ex.plots.draw

    def timed_draw(*args):
        t = time.perf_counter()
        draw(*args)
        durations.append(time.perf_counter() - t)

    ex.plots.draw = timed_draw
    ex.play()
    time.sleep(0.5)  # past the first frames
    start, n0, d0 = time.perf_counter(), len(frames), len(durations)
    time.sleep(seconds)
    fps = (len(frames) - n0) / (time.perf_counter() - start)
    frame_ms = [d * 1e3 for d in durations[d0:]]
    shown, trained = [], []
    for k in range(changes):
        t = time.perf_counter()
        ex.controls["learning_rate"].value = 0.3 + 0.01 * (k + 1)
        end, seen, trained_at = t + 10, None, None
        while time.perf_counter() < end and trained_at is None:
            for when, iteration in list(frames):
                if when > t and iteration == 0:
                    seen = seen or when
                if seen and when > seen and iteration:
                    trained_at = when
                    break
            time.sleep(0.01)
        shown.append((seen or end) - t)
        trained.append((trained_at or end) - t)
        time.sleep(0.5)
    ex.stop()
    return {"fps": fps, "frame_ms": frame_ms, "shown_s": shown, "trained_s": trained}


def paced(configs=({}, {"iterations": 30000})) -> list:
    """Play each config to its end: [(iterations, seconds played, frames drawn, seconds of run_config)]."""
    out = []
    for cfg in configs:
        ex = Explorer(cfg, autoplay=False)
        t = time.perf_counter()
        ex.play()
        ex.player.thread.join(600)
        played = time.perf_counter() - t
        t = time.perf_counter()
        run_config(ex.config)
        out.append((ex.iteration, played, ex.player.frames, time.perf_counter() - t))
    return out


def main_live():
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    r = live()
    print(f"live [8, 8, 8] on 500 points: {r['fps']:.1f} frames/s while playing; one frame's drawing "
          f"p50 {np.percentile(r['frame_ms'], 50):.1f} ms, p95 {np.percentile(r['frame_ms'], 95):.1f} ms")
    print(f"control moved during play -> shown: {_pct(r['shown_s'])}; -> first trained frame of the new "
          f"run: {_pct(r['trained_s'])}")
    for iterations, played, frames, cpu in paced():
        print(f"play {iterations:,} iterations (default: flower, [4] tanh): {played:.2f} s played "
              f"(pace {RUN_SECONDS} s), {frames} frames = {frames / played:.1f} frames/s; "
              f"run_config alone {cpu:.2f} s")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main_live()
    main()
