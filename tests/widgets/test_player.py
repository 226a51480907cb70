"""The player's pacing: a run played live is shown by the clock, with the arithmetic of ``run_config``.

Every test here holds on a faster and on a slower machine: what is measured is driven by the clock (the
pace) and counted by events (the frames the player draws), never by how long the CPU takes.
"""

import time

import numpy as np

from dlnotes.widgets import make_data, resolve_config, run_config
from dlnotes.widgets.player import FRAME_SECONDS, Player


def _player(cfg, run_seconds):
    frames = []  # (time, iteration) of every redraw asked for
    player = Player(lambda curves: frames.append((time.perf_counter(), player.iteration)), lambda *a, **k: None,
                    run_seconds=run_seconds)
    player.reset(cfg, make_data(cfg))
    return player, frames


def test_a_played_run_spans_its_seconds_with_frames_all_along():
    """However fast the CPU: the run lasts at least run_seconds, a frame is drawn every FRAME_SECONDS or so
    (each further on than the one before), and the result is run_config's, bit for bit."""
    cfg = resolve_config({"dataset": "moons", "hidden_layers": [3], "iterations": 2000, "learning_rate": 0.5})
    player, frames = _player(cfg, run_seconds=1.0)
    start = time.perf_counter()
    player.play()
    player.thread.join(120)
    elapsed = time.perf_counter() - start
    assert player.finished and player.iteration == 2000
    assert elapsed >= 0.95
    during = [f for f in frames if f[1] < 2000]
    assert player.frames == len(during) >= 0.5 * elapsed / FRAME_SECONDS
    iterations = [i for _, i in during]
    assert iterations == sorted(set(iterations))  # distinct frames, in order
    summary = run_config(cfg)
    for k, p in summary["parameters"].items():
        np.testing.assert_array_equal(player.network[k], p)


def test_a_paused_run_keeps_its_pace_after_resuming():
    """The pause does not count: after play the run goes on at its pace, not in a burst to catch up."""
    cfg = resolve_config({"dataset": "moons", "hidden_layers": [3], "iterations": 3000, "learning_rate": 0.5})
    player, frames = _player(cfg, run_seconds=30.0)  # 100 iterations a second at most
    player.play()
    end = time.perf_counter() + 60
    while player.iteration < 100 and time.perf_counter() < end:
        time.sleep(0.01)
    player.pause()
    player.wait(30)
    assert player.paused
    time.sleep(1.0)  # paused for a second: a schedule that counted it would let ~100 iterations through at once
    at = player.iteration
    player.play()
    time.sleep(0.5)
    done = player.iteration - at
    player.stop()
    assert done <= 0.5 * 3000 / 30.0 + 60, f"{done} iterations in 0.5 s after resuming"


def test_a_run_without_frames_is_not_paced():
    """``train(live=False)`` (Explorer.run, the notebooks' static runs) draws nothing and never waits."""
    cfg = resolve_config({"dataset": "moons", "hidden_layers": [3], "iterations": 300, "learning_rate": 0.5})
    player, frames = _player(cfg, run_seconds=3600.0)
    player.train(live=False)
    assert player.finished and player.frames == 0 and len(frames) == 1  # the finished picture only
