"""The explorer's training run: in a background thread that can be paused, stepped and cancelled.

The page stays responsive while the explorer trains: ``Player.play()`` trains in a daemon thread
through ``train``'s callback, which every ``callback_every(cfg)`` iterations (at most 10) records the
costs and accuracies (every 1% of the run), draws a frame now and then (every FRAME_SECONDS),
applies the weight edits asked for, paces the run, blocks while paused (after drawing where it
stopped), and returns True (stop) once the run is cancelled.  Its ``debounce.later(seconds, fn)`` (a
``Debounce``) debounces a burst of control changes: each call cancels the timer armed before, so only the
last change starts a run.

Pacing (the player's ``Clock``): a run played live is shown by the clock, not by the CPU.  Iteration i
is due RUN_SECONDS * i / iterations after the start, so a run spans about RUN_SECONDS of frames (one
every FRAME_SECONDS, each some iterations further on: iterations * FRAME_SECONDS / RUN_SECONDS of them,
about 67 for the default 2,000) however fast the CPU is.  Ahead of that schedule the run waits; behind it
(a slow CPU, a pause) it never waits, and the schedule follows it (it lags by at most LAG_SECONDS, so a
frame's drawing time is made up later but a slow machine is never hurried into a burst).  Pacing only adds
waits between callbacks: the same iterations run in the same order, so the trained result is ``run_config``'s.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import numpy as np

from ..model import Network
from .config import (
    apply_edits,
    chunk,
    config_accuracy,
    divergence_threshold,
    format_summary,
    starting_network,
    summarize,
    train_config,
)

RUN_SECONDS = 3.0  # a run played live spans about this long on a fast machine (longer where the CPU needs it)
FRAME_SECONDS = 0.1  # while playing, the main plot and network picture are redrawn this often
CURVES_SECONDS = 1.0  # ... and the cost and accuracy figure this often (the network picture's loss chart
# follows every frame: drawn in the browser, it costs nothing here)
LAG_SECONDS = 0.25  # how far behind its schedule a run may fall before the schedule moves (see above)


def record(track: dict, cfg: dict, network, data, history):
    """Append the History's newest point, and the accuracies then, to ``track`` {"iterations", "cost",
    "dev_cost", "train_acc", "dev_acc"} (lists), once per recorded iteration."""
    if not history.iterations or (track["iterations"] and track["iterations"][-1] == history.iterations[-1]):
        return
    track["iterations"].append(history.iterations[-1])
    track["cost"].append(history.costs[-1])
    track["dev_cost"].append(history.dev_costs[-1])
    for key, X, Y in (("train_acc", data.X_train, data.Y_train), ("dev_acc", data.X_test, data.Y_test)):
        track[key].append(np.nan if history.diverged else config_accuracy(cfg, network, X, Y))


class Clock:
    """A live run's pace and its frames (see the module's doc): ``run_seconds`` (the pace), ``frames`` (the
    frames drawn during play, all runs together: a counter for tests and benchmarks), ``live`` (the run
    under way draws frames and is paced)."""

    def __init__(self, run_seconds: float = RUN_SECONDS):
        self.run_seconds, self.frames = run_seconds, 0
        self.live, self.last_draw, self.last_curves, self.t0 = False, 0.0, 0.0, 0.0

    def start(self, live: bool, iteration: int, iterations: int):
        """A run (or a run continued) starts at ``iteration`` of ``iterations``; ``live``: with frames and pace."""
        self.live, self.last_draw, self.last_curves = live, 0.0, 0.0
        self.resync(iteration, iterations)

    def resync(self, iteration: int, iterations: int):
        """Make ``iteration`` due now (after a pause: the time paused does not count)."""
        self.t0 = time.perf_counter() - self.run_seconds * iteration / iterations

    def frame(self, redraw: Callable, edited: bool, diverged: bool):
        """Draw a frame through ``redraw(curves=...)`` when one is due (FRAME_SECONDS after the last one, or
        at once after an edit or a divergence; the curves too every CURVES_SECONDS, or on a divergence) and
        count it (frames start FRAME_SECONDS apart, however long one takes to draw)."""
        now = time.perf_counter()
        if not (edited or now - self.last_draw >= FRAME_SECONDS or diverged):
            return
        curves = diverged or now - self.last_curves >= CURVES_SECONDS
        self.last_draw = time.perf_counter()
        if curves:
            self.last_curves = self.last_draw
        redraw(curves=curves)
        self.frames += 1

    def pace(self, iteration: int, iterations: int, stop: threading.Event):
        """Hold the run to its schedule (iteration i due at ``t0 + run_seconds * i / iterations``): wait (until
        ``stop`` is set, at the most) when ahead of it; when more than LAG_SECONDS behind, move the schedule
        (never a burst to catch up)."""
        now = time.perf_counter()
        due = self.t0 + self.run_seconds * iteration / iterations
        if due > now:
            stop.wait(due - now)
        elif now - due > LAG_SECONDS:
            self.t0 += now - due - LAG_SECONDS


class Debounce:
    """``later(seconds, fn)`` calls ``fn`` after ``seconds`` in a timer thread, cancelling the call armed
    before: of a burst of calls only the last one runs."""

    def __init__(self):
        self.timer = None

    def later(self, seconds: float, fn: Callable[[], None]):
        """Call ``fn`` after ``seconds`` in a timer thread, cancelling the call armed before."""
        self.cancel()
        self.timer = threading.Timer(seconds, fn)
        self.timer.daemon = True
        self.timer.start()

    @property
    def armed(self) -> bool:
        """True while a ``later`` call waits to run."""
        return self.timer is not None and self.timer.is_alive()

    def cancel(self):
        """Cancel the pending ``later`` call, if any."""
        if self.timer is not None:
            self.timer.cancel()

    def join(self, timeout: float | None):
        """Wait until the pending ``later`` call, if any, has run (or ``timeout``)."""
        if self.timer is not None:
            self.timer.join(timeout)


class Player:
    """Runs of one config on one data set (``reset(cfg, data)``), drawn through ``redraw(curves)``
    and reported through ``message(text, error)``.

    State: ``network`` (its weights move while training), ``iteration``, ``track`` (see ``record``),
    ``finished``, ``diverged`` (of the finished run, see ``config.diverged``), ``summary`` (the finished
    run's ``config.summarize`` result, what ``run_config`` returns; None before), ``frames`` and
    ``run_seconds`` (the ``clock``'s: frames drawn during play, and the pace, RUN_SECONDS).
    """

    frames = property(lambda self: self.clock.frames, doc="Frames drawn during play, all runs together.")
    run_seconds = property(lambda self: self.clock.run_seconds,
                           lambda self, seconds: setattr(self.clock, "run_seconds", seconds),
                           doc="A run played live spans about this long (the pace).")

    def __init__(self, redraw: Callable, message: Callable, run_seconds: float = RUN_SECONDS):
        self.redraw, self.message, self.clock = redraw, message, Clock(run_seconds)
        self.lock = threading.RLock()
        self.thread = self.step_until = None
        self.debounce = Debounce()
        self._stop, self._resume, self._paused = threading.Event(), threading.Event(), threading.Event()
        self._resume.set()
        self.pending = []  # weight edits asked for while the run's thread works: applied at its next callback

    def reset(self, cfg: dict, data):
        """Stop any run; the network back to its initial values (the config's seed and its edits at
        iteration 0)."""
        self.stop()
        self.cfg, self.data = cfg, data
        self.pending = []
        self.network = starting_network(cfg)
        self.threshold = divergence_threshold(cfg, data)
        self.iteration, self.diverged, self.finished = 0, False, False
        self.summary = None
        self.track = {"iterations": [], "cost": [], "dev_cost": [], "train_acc": [], "dev_acc": []}

    def snapshot(self):
        """A copy of (network, track) to draw while training goes on."""
        with self.lock:
            net = self.network
            network = Network({k: p.copy() for k, p in net.items()}, **net.record)
            return network, {k: list(x) for k, x in self.track.items()}

    @property
    def playing(self) -> bool:
        """True while a run trains (alive and not paused)."""
        return self.alive and self._resume.is_set() and self.step_until is None

    @property
    def alive(self) -> bool:
        """True while a run's thread is running (playing or paused)."""
        return self.thread is not None and self.thread.is_alive()

    @property
    def paused(self) -> bool:
        """True while a run is paused and shows where it stopped."""
        return self.alive and self._paused.is_set()

    # ---------------------------------------------------------------- weight edits
    def edit(self, key: str, row: int, col: int, value: float) -> bool:
        """Set ``network[key][row, col] = value`` and record it in the config's ``edits`` at the iteration
        it takes effect: now when no run is under way (returns True), else at the run's next callback
        (returns False; a paused run applies it within 0.05 s and redraws)."""
        with self.lock:
            self.pending.append((key, int(row), int(col), float(value)))
            if self.alive:
                return False
            self._apply_pending()
            return True

    def _apply_pending(self) -> bool:
        """Apply the pending edits to the network now (under ``lock``); True if there were any."""
        with self.lock:
            edits = [[self.iteration, *e] for e in self.pending]
            self.pending = []
            apply_edits(self.network, edits, self.iteration)
            self.cfg["edits"].extend(edits)
            return bool(edits)

    # ---------------------------------------------------------------- the run
    def _callback(self, i, network, history):
        if self._stop.is_set():
            return True
        with self.lock:
            self.network, self.iteration = network, i + 1
            edited = self._apply_pending()
            record(self.track, self.cfg, network, self.data, history)
        if self.step_until is not None and self.iteration >= self.step_until:
            self.step_until = None
            self._resume.clear()
        if not self._resume.is_set():  # paused (or a step done): _hold draws where the run stopped
            self._hold()
        elif self.clock.live:
            self.clock.frame(self.redraw, edited, history.diverged)
            if self.step_until is None:
                self.clock.pace(self.iteration, self.cfg["iterations"], self._stop)
        return self._stop.is_set()

    def _hold(self):
        """Paused: draw where the run stopped (main plot, counter, curves and status line all at
        ``iteration``), then block until play, step or stop; an edit while paused is shown at once."""
        self.redraw(curves=True)
        self.message(f"paused at iteration {self.iteration}")
        self._paused.set()
        try:
            while not self._resume.wait(0.05):
                if self._stop.is_set():
                    return
                if self._apply_pending():
                    self.redraw(curves=False)
        finally:
            self._paused.clear()
            self.clock.resync(self.iteration, self.cfg["iterations"])

    def train(self, live: bool = True):
        """Train from the current state to the end (in this thread); then show the summary.  ``live``: draw
        frames and pace the run by the clock (see the module's doc); else train as fast as the CPU can."""
        self.clock.start(live, self.iteration, self.cfg["iterations"])
        cfg, data = self.cfg, self.data
        network, history = train_config(cfg, data, callback=self._callback)
        if self._stop.is_set():
            return
        self._apply_pending()  # an edit asked for after the last callback: on the finished network
        summary = summarize(cfg, data, network, history, self.threshold)
        self.summary = summary
        self.diverged, self.finished = summary["diverged"], True
        self.redraw(curves=True)
        if self.diverged:
            self.message(f"Diverged after {summary['iterations_run']} iterations: {summary['divergence']}. "
                         "Lower the learning rate and play again.", error=True)
        else:
            self.message(format_summary(summary).replace("\n", "<br>"))

    def _start(self, steps=None):
        self._stop.clear()
        self._resume.set()
        self.step_until = None if steps is None else self.iteration + steps * chunk(self.cfg)
        self.thread = threading.Thread(target=lambda: self.train(), daemon=True)
        self.thread.start()

    # ---------------------------------------------------------------- controls
    def play(self):
        """Continue a paused run, or start one (from the initial network if one has already run)."""
        self.message("playing")
        if self.alive:
            self.step_until = None
            self._paused.clear()
            self._resume.set()
            return
        if self.finished or self.iteration:
            self.reset(self.cfg, self.data)
            self.redraw(curves=True)
        self._start()

    def pause(self):
        """Cancel a pending debounced start; pause the run at its next callback (at most 10 iterations on),
        which then draws the plots and writes "paused at iteration N" for that iteration."""
        self.debounce.cancel()
        if self.alive:
            self._resume.clear()

    def step(self):
        """Advance one chunk and pause."""
        if self.alive:
            self.step_until = self.iteration + chunk(self.cfg)
            self._paused.clear()  # now, so that wait() waits for the step's end
            self._resume.set()
        elif not self.finished:
            self._start(steps=1)

    def stop(self):
        """Cancel the run, if any, and wait for its thread to end."""
        if self.alive:
            self._stop.set()
            self._resume.set()
            if threading.current_thread() is not self.thread:
                self.thread.join()
        self.thread = self.step_until = None
        self._stop.clear()
        self._resume.set()  # nothing is paused any more

    def wait(self, timeout: float | None = 60):
        """Wait until a pending ``later`` call has started its run and the run has ended or paused (and
        drawn where it stopped)."""
        end = time.perf_counter() + (timeout or 1e9)
        self.debounce.join(timeout)
        while self.alive and not self._paused.is_set() and time.perf_counter() < end:
            time.sleep(0.01)
