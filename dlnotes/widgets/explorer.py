"""The explorer: a TensorFlow-Playground-style widget for 2-D classification and regression.

All the work is plain numpy in the core and in ``dlnotes.widgets.config``; this module wires it
to ipywidgets.  ``Explorer(config, controls=[...])`` shows only the named controls; every
notebook's decision-boundary widget is this one class, and ``explorer.config`` is the plain dict
of what is on screen (``run_config(config)`` trains the same without a widget).

The controls are made from one table, ``CONTROL_TABLE``.  Training runs in a background thread
(``Player``), so the page stays responsive: a control change cancels the run in progress and,
once the controls have been still for ``DEBOUNCE_SECONDS`` (``Restarts``), plays again from the same seed
(also where the explorer was made with ``autoplay=False``: that only keeps it from training when it is shown).
A run played is paced by the clock (about ``player.RUN_SECONDS`` of frames, see ``player``).
The network picture (``network_view``) shows every node's map and every weight; clicking a node shows
its map in the main plot, and a weight typed for a link changes the network (``edit_weight``) and is
recorded in ``config["edits"]``, so ``run_config(config)`` reproduces the screen.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import ipywidgets as W

from .. import validation as v
from ..activations import HIDDEN_ACTIVATIONS
from ..model import INIT_METHODS
from ..optimizers import OPTIMIZERS
from .config import (
    DATA_KEYS,
    DATASETS,
    DEFAULT_CONFIG,
    FEATURES,
    MAX_LAYERS,
    MULTICLASS_DATASETS,
    is_regression,
    is_weight_edit,
    load_parameters,
    load_points_csv,
    make_data,
    resolve_config,
    save_parameters,
)
from .controls import log_slider, slider
from .drawing import Plots
from .player import Player

DISPLAY_KEYS = ("discretize",)  # config keys that change the picture only: no new training run
DEBOUNCE_SECONDS = 0.15  # a change starts training once the controls have been still this long
BATCH_SIZES = (("full batch", 0), ("16", 16), ("32", 32), ("64", 64), ("128", 128))

# name, widget kind, range (min, max, step; exponents for "log") or options or a button's icon or a
# checkbox's default, description.  A control named like a config key shows (and sets) that key's
# value; the order is the order on screen.
CONTROL_TABLE = (
    ("dataset", "dropdown", DATASETS, "data set"),
    ("classes", "int", (2, 4, 1), "classes (spiral, blobs)"),
    ("noise", "float", (0, 1.5, 0.05), "noise"),
    ("test_fraction", "float", (0.1, 0.9, 0.05), "dev fraction"),
    ("regenerate", "button", "refresh", "regenerate"),
    ("show_dev", "checkbox", True, "show dev points"),
    ("discretize", "checkbox", False, "discretize output"),
    ("upload", "upload", ".csv,.h5", "CSV / HDF5"),
    ("hidden_layers", "int", (0, MAX_LAYERS, 1), "hidden layers"),
    ("hidden_units", "units", (1, 16, 1), "units in layer"),
    ("activation", "dropdown", HIDDEN_ACTIVATIONS, "activation"),
    ("init", "dropdown", INIT_METHODS, "initialization"),
    ("scale", "log", (-3, 1, 0.1), "random init scale"),
    ("learning_rate", "log", (-4, 1.5, 0.05), "learning rate"),
    ("iterations", "int", (100, 30000, 100), "iterations"),
    ("lambd", "float", (0, 2, 0.05), "L2 lambda"),
    ("l1", "float", (0, 2, 0.05), "L1 lambda"),
    ("keep_prob", "float", (0.5, 1.0, 0.01), "dropout keep_prob"),
    ("optimizer", "dropdown", OPTIMIZERS, "optimizer"),
    ("mini_batch_size", "dropdown", BATCH_SIZES, "mini-batch"),
    ("batch_norm", "checkbox", False, "batch norm (hidden layers)"),
    ("features", "toggles", tuple(FEATURES), "features"),
    ("export", "button", "download", "export HDF5"),
)
ALL_CONTROLS = tuple(row[0] for row in CONTROL_TABLE)


def _shown_value(name, cfg, default=None):
    """What the control ``name`` shows for the config ``cfg``."""
    if name == "hidden_layers":
        return len(cfg["hidden_layers"])
    if name == "hidden_units":
        return cfg["hidden_layers"]
    if name == "mini_batch_size":
        return cfg["mini_batch_size"] or 0
    return cfg.get(name, default)


def make_control(kind: str, spec, description: str, value):
    """One widget of ``CONTROL_TABLE``'s ``kind`` with its range/options ``spec``, showing ``value``."""
    layout = W.Layout(width="300px")
    if kind == "dropdown":
        return W.Dropdown(options=list(spec), value=value, description=description,
                          style={"description_width": "initial"}, layout=layout)
    if kind in ("int", "float"):
        return slider(description, (int if kind == "int" else float)(value), *spec, layout=layout)
    if kind == "log":
        return log_slider(description, value, *spec, readout_format=".3g", layout=layout)
    if kind == "checkbox":
        return W.Checkbox(value=bool(value), description=description, indent=False)
    if kind == "button":
        return W.Button(description=description, icon=spec)
    if kind == "upload":
        return W.FileUpload(accept=spec, multiple=False, description=description)
    if kind == "units":  # one slider per possible hidden layer; value: the sizes
        lo, hi, step = spec
        sizes = list(value) + [4] * MAX_LAYERS
        return W.VBox([slider(f"{description} {i + 1}", sizes[i], lo, max([hi, *value]), step,
                              layout=W.Layout(width="300px")) for i in range(MAX_LAYERS)])
    if kind == "toggles":  # one toggle per option; value: the options that are on
        return W.HBox([W.ToggleButton(value=f in value, description=f, layout=W.Layout(width="70px"))
                       for f in spec], layout=W.Layout(flex_flow="row wrap", width="300px"))
    raise ValueError(f"kind must be one of the CONTROL_TABLE kinds, got {kind!r}")


class ControlPanel:
    """The explorer's controls, made from ``CONTROL_TABLE`` for a config: ``widgets`` {name: widget},
    ``unit_sliders`` (one per possible hidden layer), ``feature_buttons`` {feature: toggle}."""

    def __init__(self, cfg: dict):
        self.widgets = {name: make_control(kind, spec, description, _shown_value(name, cfg, spec))
                        for name, kind, spec, description in CONTROL_TABLE}
        self.unit_sliders = list(self.widgets["hidden_units"].children)
        self.feature_buttons = dict(zip(FEATURES, self.widgets["features"].children))
        self.simple = [name for name, kind, _, _ in CONTROL_TABLE if name in DEFAULT_CONFIG
                       and kind not in ("units", "toggles")]
        self.sync(cfg)

    def values(self) -> dict:
        """The config keys the controls set."""
        out = {name: self.widgets[name].value for name in self.simple}
        if out["dataset"] not in MULTICLASS_DATASETS:
            out["classes"] = 2
        out["mini_batch_size"] = out["mini_batch_size"] or None
        out["hidden_layers"] = [s.value for s in self.unit_sliders[:out["hidden_layers"]]]
        out["features"] = [f for f, b in self.feature_buttons.items() if b.value] or ["x1"]
        return out

    def show(self, cfg: dict):
        """Set every control to what ``cfg`` says (the data set first: it enables the others)."""
        for name in self.simple:
            self.widgets[name].value = _shown_value(name, cfg)
        for s, n in zip(self.unit_sliders, cfg["hidden_layers"]):
            s.value = n
        for f, b in self.feature_buttons.items():
            b.value = f in cfg["features"]
        self.sync(cfg)

    def sync(self, cfg: dict):
        """Show as many unit sliders as there are hidden layers; grey out what the data set ignores."""
        n = self.widgets["hidden_layers"].value
        for i, s in enumerate(self.unit_sliders):
            s.layout.display = None if i < n else "none"
        for name in ("noise", "test_fraction"):
            self.widgets[name].disabled = cfg["dataset"] == "football"
        self.widgets["classes"].disabled = cfg["dataset"] not in MULTICLASS_DATASETS
        self.widgets["noise"].description = "noise" + (" (target)" if is_regression(cfg) else "")

    def observe(self, fn):
        """Call ``fn(change)`` when any control that sets a config key changes."""
        for w in [self.widgets[name] for name in self.simple] + self.unit_sliders + list(self.feature_buttons.values()):
            w.observe(fn, names="value")


class Restarts:
    """The explorer's debounced restarts: ``arm()`` after a change plays the new setting from the same seed
    (through ``start()``) once the controls have been still for DEBOUNCE_SECONDS (a burst of changes re-arms
    the timer, so only the last value is trained, never a queue); ``cancel()`` forgets a restart that has not
    started yet (``run``, ``pause``).  Hold ``lock`` to keep a restart from starting meanwhile."""

    def __init__(self, debounce, start):
        self.debounce, self.start = debounce, start
        self.lock, self.pending = threading.RLock(), None

    def arm(self):
        """Start after DEBOUNCE_SECONDS, unless another ``arm`` or a ``cancel`` comes first."""
        self.pending = token = object()
        self.debounce.later(DEBOUNCE_SECONDS, lambda: self._fire(token))

    def _fire(self, token):
        with self.lock:
            if token is not self.pending:
                return
            self.pending = None
            self.start()

    def cancel(self):
        """Forget the restart armed, if it has not started yet."""
        with self.lock:
            self.pending = None
            self.debounce.cancel()


class Explorer:
    """The explorer widget. ``Explorer(config, controls)``; display it as a cell's last expression.

    ``config``: overrides of DEFAULT_CONFIG.  ``controls``: names from ALL_CONTROLS to show
    (default all).  Buttons play / pause / step / reset are always shown.  ``autoplay``: play as
    soon as it is made (default True); False keeps a notebook's Run all fast.  Either way a control
    changed plays the new setting from the start.
    Methods: ``run()`` trains synchronously to the end, ``play()``/``pause()``/``step()``/``reset()``,
    ``wait()`` waits for the background run.  ``config`` is the plain dict of what is on screen;
    ``parameters`` (the Network drawn), ``iteration``, ``track``, ``finished``, ``diverged`` and
    ``summary`` are the training run's (``player``) state.  ``edit_weight(layer, row, col, value)`` does
    what typing a weight in the network picture does; ``select(node)`` what clicking a node does.
    """

    parameters = property(lambda self: self.player.network, doc="The Network drawn (it moves while training).")
    iteration = property(lambda self: self.player.iteration, doc="Iterations run so far.")
    track = property(lambda self: self.player.track, doc="The recorded costs and accuracies (see player.record).")
    finished = property(lambda self: self.player.finished, doc="True once the run reached its last iteration.")
    diverged = property(lambda self: self.player.diverged, doc="True when the finished run diverged.")
    summary = property(lambda self: self.player.summary,
                       doc="The finished run's summary, as run_config returns it (None before the run ends).")

    def __init__(self, config: dict | None = None, controls=None, autoplay: bool = True):
        self.config = resolve_config(config)
        shown = ALL_CONTROLS if controls is None else tuple(controls)
        for name in shown:
            v.check_choice(name, "controls", ALL_CONTROLS)
        self.autoplay, self._updating, self._draw_lock = autoplay, False, threading.Lock()
        self.plots, self.panel = Plots(self.edit_weight), ControlPanel(self.config)
        self.player = Player(self.redraw, self.plots.message)
        self.restarts = Restarts(self.player.debounce, lambda: (self.reset(), self.play()))
        self.controls, self.status, self.network_view = self.panel.widgets, self.plots.status, self.plots.network
        self.curves_image = self.plots.curves_image
        self.last_draw_seconds = 0.0
        self.widget = layout(self, shown)
        self._load_data()
        self.reset()
        if autoplay:
            self.play()

    def select(self, node: str = ""):
        """Show node ``node`` ("l:j": l = 0 for the inputs, then the hidden layers; "" for the output) in
        the main plot, as clicking it in the network picture does."""
        self.network_view.selected = node

    def edit_weight(self, layer, row, col, value):
        """Set the weight W[layer][row, col] (0-based row and col) to ``value``, as typing it in the
        network picture does: at once when no run is under way, else at the run's next chunk; recorded
        in ``config["edits"]``.  A bad request is shown in the status line (and returned as False)."""
        if not is_weight_edit(self.parameters, layer, row, col, value):
            self.plots.message(f"edit: W[{layer}][{row}, {col}] = {value!r} is not a weight of this network "
                               "(or not a finite number)", error=True)
            return False
        now = self.player.edit(f"W{layer}", row, col, value)
        if now:
            self.redraw()
        self.plots.message(f"W[{layer}][{row + 1}, {col + 1}] set to {value:g} at iteration "
                           f"{self.iteration if now else 'the next chunk'}; recorded in config['edits']")
        return True

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)

    # ---------------------------------------------------------------- a change of config or data
    def _on_change(self, change=None):
        if self._updating:
            return
        try:
            cfg = resolve_config({**self.config, "edits": []}, **self.panel.values())
        except ValueError as exc:
            self.plots.message(str(exc), error=True)
            return
        self.panel.sync(cfg)
        if all(cfg[k] == self.config[k] for k in cfg if k not in DISPLAY_KEYS + ("edits",)):
            for k in DISPLAY_KEYS:  # in place: the player shares this dict
                self.config[k] = cfg[k]
            self.redraw()
            return
        self.stop()
        reload = any(cfg[k] != self.config[k] for k in DATA_KEYS)
        self.config = cfg
        if reload:
            self._load_data()
        self._restart()

    def _regenerate(self):
        self.stop()
        self.config["data_seed"] += 1
        self._load_data()
        self._restart()

    def _restart(self):
        """After a change: play the new setting from the same seed once the changes pause (``Restarts``)."""
        self.plots.message("changed: training again from the same seed ...")
        self.restarts.arm()

    def _load_data(self):
        try:
            self.data = make_data(self.config)
        except (ValueError, OSError) as exc:
            self.plots.message(str(exc), error=True)
            raise

    def set_config(self, config: dict):
        """Show ``config`` (a dict as printed from ``explorer.config``): controls, data and training."""
        cfg = resolve_config(config)
        self.stop()
        self._updating = True
        try:
            self.panel.show(cfg)
        finally:
            self._updating = False
        self.config = cfg
        self._load_data()
        self.reset()
        if self.autoplay:
            self.play()

    # ---------------------------------------------------------------- training (see Player)
    def forget_edits(self):
        """The reset button: drop the weight edits (``config["edits"]``) and reset."""
        self.config["edits"].clear()
        self.reset()

    def reset(self):
        """Stop any run; parameters back to their initial values (same seed); redraw."""
        self.player.reset(self.config, self.data)
        self.redraw(curves=True)
        self.plots.message("ready: press play or step, or move a control")

    def run(self):
        """Train synchronously from the initial parameters to ``iterations`` (as fast as the CPU can, no
        frames); cancels a pending restart; returns self."""
        with self.restarts.lock:
            self.restarts.cancel()
            self.reset()
            self.player.train(live=False)
        return self

    def play(self):
        """Train in the background (continue a paused run, or start one) while the plots update."""
        self.player.play()

    def pause(self):
        """Pause the background run (within 10 iterations), or a restart that has not begun; the plots,
        the counter and the status line then show the iteration where it stopped."""
        self.restarts.cancel()
        self.player.pause()

    def step(self):
        """Advance one chunk (1% of the iterations) and pause."""
        self.player.step()

    def stop(self):
        """Cancel the background run, if any, and wait for it to end."""
        self.player.stop()

    def wait(self, timeout: float | None = 60):
        """Wait for the background run to finish or pause (for tests and scripts); returns self."""
        self.player.wait(timeout)
        return self

    def redraw(self, curves: bool = False):
        """Redraw the main plot and the network picture (and the cost and accuracy figure when ``curves``);
        records ``last_draw_seconds``."""
        with self._draw_lock:
            start = time.perf_counter()
            network, track = self.player.snapshot()
            self.plots.draw(self.config, network, self.data, track, self.player.iteration,
                            self.controls["show_dev"].value, curves)
            self.last_draw_seconds = time.perf_counter() - start

    # ---------------------------------------------------------------- files
    def export(self, path="explorer_parameters.h5") -> Path:
        """Write the current parameters and config to an HDF5 file; returns its path."""
        out = save_parameters(path, self.parameters, self.config)
        self.plots.message(f"saved {out}")
        return out

    def import_parameters(self, path):
        """Load a Network and config written by ``export`` and show them (not trained further)."""
        network, cfg = load_parameters(path)
        self.autoplay, autoplay = False, self.autoplay
        try:
            self.set_config(cfg)
        finally:
            self.autoplay = autoplay
        self.player.network = network
        self.redraw()
        self.plots.message(f"loaded {path}")


def on_upload(explorer: Explorer, change):
    """The upload button: a CSV of points (checked, then trained on) or parameters exported as HDF5."""
    if not change["new"]:
        return
    name, content = change["new"][0]["name"], bytes(change["new"][0]["content"])
    try:
        dest = Path(name).name
        Path(dest).write_bytes(content)
        if dest.endswith(".h5"):
            explorer.import_parameters(dest)
        else:
            load_points_csv(dest)  # validates, with a message naming the bad line or the encoding
            explorer.set_config({**explorer.config, "dataset": "csv", "csv_path": dest})
            if not explorer.autoplay:  # a control like the others: the new data trains at once
                explorer.play()
    except ValueError as exc:
        explorer.plots.message(f"{name}: {exc}", error=True)


def layout(explorer: Explorer, shown) -> W.VBox:
    """The explorer's widget: the buttons and the ``shown`` controls left of the pictures, wired to ``explorer``."""
    c = explorer.controls
    # buttons as wide as their labels (ipywidgets' default width cut "pause" to "pa…"); the left column
    # never shrinks (squeezed by the pictures, it hid the sliders' readouts): the pictures take the rest
    buttons = [W.Button(description=name, icon=icon, button_style="success" if name == "play" else "",
                        layout=W.Layout(width="auto", flex="0 0 auto"))
               for name, icon in (("play", "play"), ("pause", "pause"), ("step", "step-forward"),
                                  ("reset", "undo"))]
    for button, action in zip(buttons, (explorer.play, explorer.pause, explorer.step, explorer.forget_edits)):
        button.on_click(lambda _, action=action: action())
    explorer.network_view.observe(lambda _: explorer.redraw(), names="selected")
    explorer.panel.observe(explorer._on_change)
    c["show_dev"].observe(lambda _: explorer.redraw(), names="value")
    c["regenerate"].on_click(lambda _: explorer._regenerate())
    c["upload"].observe(lambda change: on_upload(explorer, change), names="value")
    c["export"].on_click(lambda _: explorer.export())
    left = W.VBox([W.HBox(buttons, layout=W.Layout(flex_flow="row wrap")),
                   *(c[name] for name in ALL_CONTROLS if name in shown)],
                  layout=W.Layout(width="320px", flex="0 0 320px"))
    explorer.plots.box.layout = W.Layout(flex="1 1 auto", min_width="0", overflow="auto")
    return W.VBox([W.HBox([left, explorer.plots.box]),
                   explorer.plots.status, explorer.plots.config_text])
