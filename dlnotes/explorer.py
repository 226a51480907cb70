"""The explorer: a TensorFlow-Playground-style widget for 2-D classification.

All the work is plain numpy in dlnotes; this module wires it to ipywidgets.

* ``config`` is one plain dict (see ``DEFAULT_CONFIG``): print it, copy it into a cell,
  pass it back (``Explorer(config)``) and you get exactly what was on screen.
* ``run_config(config)`` trains exactly what the widget shows, without any widget: the
  notebooks' static cells and the tests use it.
* ``Explorer(config, controls=[...])`` shows only the named controls; every notebook's
  decision-boundary widget is this one class.

Training runs in a background thread through ``dlnotes.train``'s callback, so the page
stays responsive: a control change cancels the run in progress and starts again from the
same seed (sliders send their value on release, so a drag starts one run, not one per step).
"""

from __future__ import annotations

import copy
import csv
import io
import json
import threading
import time
from pathlib import Path

import h5py
import numpy as np
from matplotlib.figure import Figure

from . import validation as v
from .activations import HIDDEN_ACTIVATIONS
from .datasets import GENERATORS, load_football, make_dataset, train_test_split
from .model import INIT_METHODS, hidden_activations, initialize_parameters, predict_proba
from .optimizers import OPTIMIZERS
from .plotting import POINT_COLORS, class_rgb
from .training import train

DATASETS = tuple(GENERATORS) + ("football", "csv")
FEATURES = {
    "x1": lambda X: X[0], "x2": lambda X: X[1], "x1^2": lambda X: X[0] ** 2, "x2^2": lambda X: X[1] ** 2,
    "x1*x2": lambda X: X[0] * X[1], "sin(x1)": lambda X: np.sin(X[0]), "sin(x2)": lambda X: np.sin(X[1]),
}
NOISE = {"flower": 0.2, "moons": 0.2, "circles": 0.05, "blobs": 1.0, "gaussian_quantiles": 0.0, "xor": 0.0,
         "spiral": 0.2}
MAX_LAYERS, MAX_UNITS = 6, 32  # the sliders go to 16 units unless a config asks for more
DEFAULT_CONFIG = {
    "dataset": "flower", "n_samples": 400, "noise": 0.2, "test_fraction": 0.3, "data_seed": 0, "csv_path": None,
    "hidden_layers": [4], "activation": "tanh", "init": "xavier", "scale": 0.01,
    "learning_rate": 0.5, "iterations": 2000, "lambd": 0.0, "keep_prob": 1.0,
    "optimizer": "gd", "mini_batch_size": None, "features": ["x1", "x2"], "seed": 0, "classes": 2,
    "batch_norm": False,
}
MULTICLASS_DATASETS = ("spiral", "blobs")  # the generated sets that can have 3 or 4 classes
DEBOUNCE_SECONDS = 0.2  # a change starts training once the controls have been still this long
GRID = 60  # boundary resolution: 60 x 60 predictions, drawn as an interpolated image


# --------------------------------------------------------------------------- pure functions
def resolve_config(config: dict | None = None, **changes) -> dict:
    """DEFAULT_CONFIG updated with ``config`` and ``changes``, validated; returns a new dict."""
    cfg = copy.deepcopy(DEFAULT_CONFIG)
    for source in (config or {}), changes:
        unknown = set(source) - set(DEFAULT_CONFIG)
        if unknown:
            raise ValueError(f"config has unknown key(s) {sorted(unknown)}; known: {sorted(DEFAULT_CONFIG)}")
        cfg.update(copy.deepcopy(source))
    v.check_choice(cfg["dataset"], "dataset", DATASETS)
    if cfg["dataset"] == "csv" and not cfg["csv_path"]:
        raise ValueError("csv_path must name a CSV file (x1, x2, label) when dataset is 'csv', got None")
    v.check_int(cfg["n_samples"], "n_samples", minimum=4)
    v.check_positive(cfg["noise"], "noise", allow_zero=True)
    if not 0 < cfg["test_fraction"] < 1:
        raise ValueError(f"test_fraction must be in (0, 1), got {cfg['test_fraction']!r}")
    layers = list(cfg["hidden_layers"])
    if len(layers) > MAX_LAYERS or any(not isinstance(n, int | np.integer) or not 1 <= n <= MAX_UNITS
                                       for n in layers):
        raise ValueError(f"hidden_layers must be up to {MAX_LAYERS} sizes in 1..{MAX_UNITS}, got {layers!r}")
    cfg["hidden_layers"] = [int(n) for n in layers]
    v.check_choice(cfg["activation"], "activation", HIDDEN_ACTIVATIONS)
    v.check_choice(cfg["init"], "init", INIT_METHODS)
    v.check_choice(cfg["optimizer"], "optimizer", OPTIMIZERS)
    v.check_positive(cfg["scale"], "scale")
    v.check_positive(cfg["learning_rate"], "learning_rate")
    v.check_int(cfg["iterations"], "iterations")
    v.check_positive(cfg["lambd"], "lambd", allow_zero=True)
    v.check_keep_prob(cfg["keep_prob"], 1)
    feats = list(cfg["features"])
    if not feats or any(f not in FEATURES for f in feats):
        raise ValueError(f"features must be a non-empty subset of {list(FEATURES)}, got {feats!r}")
    cfg["features"] = [f for f in FEATURES if f in feats]
    if not isinstance(cfg["batch_norm"], bool | np.bool_):
        raise ValueError(f"batch_norm must be True or False, got {cfg['batch_norm']!r}")
    cfg["batch_norm"] = bool(cfg["batch_norm"])
    v.check_int(cfg["classes"], "classes", minimum=2)
    if cfg["classes"] > 4 or (cfg["classes"] > 2 and cfg["dataset"] not in MULTICLASS_DATASETS):
        raise ValueError(f"classes must be 2, or 3 to 4 for the data sets {list(MULTICLASS_DATASETS)}; "
                         f"got {cfg['classes']} for {cfg['dataset']!r}")
    return cfg


def load_points_csv(source) -> tuple[np.ndarray, np.ndarray]:
    """Read a learner's 2-D points from CSV text or a path: rows ``x1, x2, label`` (label 0 or 1),
    an optional header.  Returns X (2, m), Y (1, m); ValueError says which line is wrong."""
    text = Path(source).read_text() if isinstance(source, str | Path) and "\n" not in str(source) else source
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    rows = []
    for lineno, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not row or all(not c.strip() for c in row):
            continue
        if len(row) != 3:
            raise ValueError(f"CSV line {lineno}: expected 3 columns x1, x2, label, got {len(row)}: {row!r}")
        try:
            x1, x2, label = float(row[0]), float(row[1]), float(row[2])
        except ValueError:
            if lineno == 1 and not rows:
                continue  # a header
            raise ValueError(f"CSV line {lineno}: expected numbers, got {row!r}") from None
        if not (np.isfinite(x1) and np.isfinite(x2)):
            raise ValueError(f"CSV line {lineno}: x1 and x2 must be finite, got {row!r}")
        if label not in (0.0, 1.0):
            raise ValueError(f"CSV line {lineno}: label must be 0 or 1, got {row[2].strip()!r}")
        rows.append((x1, x2, label))
    if len(rows) < 4:
        raise ValueError(f"CSV must hold at least 4 points, got {len(rows)}")
    arr = np.array(rows)
    if len(set(arr[:, 2])) < 2:
        raise ValueError("CSV must hold points of both labels 0 and 1, got only one label")
    return arr[:, :2].T.copy(), arr[:, 2:].T.astype(np.int64)


def make_data(cfg: dict):
    """The train and dev split a config describes: a ``Split`` of 2-D points."""
    if cfg["dataset"] == "football":
        return load_football()
    if cfg["dataset"] == "csv":
        X, Y = load_points_csv(cfg["csv_path"])
    elif cfg["dataset"] == "spiral":
        X, Y = make_dataset("spiral", cfg["n_samples"], cfg["noise"], seed=cfg["data_seed"], classes=cfg["classes"])
    elif cfg["dataset"] == "blobs":
        angles = 2 * np.pi * np.arange(cfg["classes"]) / cfg["classes"] + np.pi / 4
        centers = 2.5 * np.c_[np.cos(angles), np.sin(angles)]
        X, Y = make_dataset("blobs", cfg["n_samples"], cfg["noise"], seed=cfg["data_seed"], centers=centers)
    else:
        X, Y = make_dataset(cfg["dataset"], cfg["n_samples"], cfg["noise"], seed=cfg["data_seed"])
    return train_test_split(X, Y, cfg["test_fraction"], seed=cfg["data_seed"])


def feature_map(X, features) -> np.ndarray:
    """Input features (k, m) from 2-D points X (2, m), e.g. ["x1", "x2", "x1*x2"]."""
    return np.vstack([FEATURES[f](X) for f in features])


def _layer_dims(cfg):
    return [len(cfg["features"]), *cfg["hidden_layers"], 1 if cfg["classes"] == 2 else cfg["classes"]]


def _output(cfg):
    return "sigmoid" if cfg["classes"] == 2 else "softmax"


def _targets(cfg, Y):
    """Labels (1, m) as the output layer wants them: as they are, or one-hot (C, m) for softmax."""
    return Y if cfg["classes"] == 2 else np.eye(cfg["classes"])[:, Y[0]]


def _train(cfg, data, callback=None, callback_every=None):
    every = max(1, cfg["iterations"] // 100)
    return train(
        feature_map(data.X_train, cfg["features"]), _targets(cfg, data.Y_train), _layer_dims(cfg),
        cfg["learning_rate"], cfg["iterations"], hidden_activation=cfg["activation"], init=cfg["init"],
        scale=cfg["scale"], lambd=cfg["lambd"], keep_prob=cfg["keep_prob"], seed=cfg["seed"],
        optimizer=cfg["optimizer"], mini_batch_size=cfg["mini_batch_size"], record_every=every,
        output_activation=_output(cfg), batch_norm=cfg["batch_norm"] and bool(cfg["hidden_layers"]),
        X_dev=feature_map(data.X_test, cfg["features"]),
        Y_dev=_targets(cfg, data.Y_test), callback=callback, callback_every=callback_every or every)


def _probabilities(cfg, parameters, X):
    """The network's output for 2-D points X (2, k): (1, k) for two classes, (C, k) for softmax."""
    return predict_proba(feature_map(X, cfg["features"]), parameters, cfg["activation"], _output(cfg))


def _accuracy(cfg, parameters, X, Y):
    P = _probabilities(cfg, parameters, X)
    labels = (P > 0.5).astype(np.int64) if cfg["classes"] == 2 else P.argmax(axis=0)[None, :]
    return float((labels == Y).mean())


def run_config(config: dict | None = None) -> dict:
    """Train what ``Explorer(config)`` shows, without widgets.

    Returns {"config", "train_accuracy", "dev_accuracy", "cost", "dev_cost", "iterations_run",
    "diverged", "parameters", "history"}.
    """
    cfg = resolve_config(config)
    data = make_data(cfg)
    parameters, history = _train(cfg, data)
    return _summary(cfg, data, parameters, history)


def _summary(cfg, data, parameters, history):
    finite = not history.diverged
    return {
        "config": cfg, "parameters": parameters, "history": history, "diverged": history.diverged,
        "iterations_run": history.iterations[-1] + 1 if history.iterations else 0,
        "cost": history.costs[-1] if history.costs else float("nan"),
        "dev_cost": history.dev_costs[-1] if history.dev_costs else float("nan"),
        "train_accuracy": _accuracy(cfg, parameters, data.X_train, data.Y_train) if finite else float("nan"),
        "dev_accuracy": _accuracy(cfg, parameters, data.X_test, data.Y_test) if finite else float("nan"),
    }


def format_summary(summary: dict) -> str:
    """One or two lines of text for a ``run_config`` result (formatted numbers only)."""
    cfg = summary["config"]
    net = " -> ".join(str(n) for n in _layer_dims(cfg))
    head = (f"{cfg['dataset']}: network {net} ({cfg['activation']}, init {cfg['init']}), "
            f"learning rate {cfg['learning_rate']:g}, lambda {cfg['lambd']:g}, keep_prob {cfg['keep_prob']:g}"
            + (", batch norm" if cfg["batch_norm"] else ""))
    if summary["diverged"]:
        return (head + f"\nDIVERGED after {summary['iterations_run']} iterations: the cost became inf or NaN "
                "at this learning rate; lower it.")
    return (head + f"\niteration {summary['iterations_run']}: cost {summary['cost']:.4f} "
            f"(dev {summary['dev_cost']:.4f}), accuracy train {summary['train_accuracy']:.1%}, "
            f"dev {summary['dev_accuracy']:.1%}")


def save_parameters(path, parameters: dict, config: dict) -> Path:
    """Write parameters {"W1", "b1", ...} and the config (as JSON) to an HDF5 file; returns the path."""
    v.check_parameters(parameters)
    path = Path(path)
    with h5py.File(path, "w") as f:
        for k, p in parameters.items():
            f.create_dataset(k, data=p)
        f.attrs["config"] = json.dumps(resolve_config(config))
    return path


def load_parameters(path) -> tuple[dict, dict]:
    """Read what ``save_parameters`` wrote: (parameters, config)."""
    try:
        with h5py.File(path, "r") as f:
            parameters = {k: f[k][()] for k in f}
            config = json.loads(f.attrs["config"])
    except (OSError, KeyError) as exc:
        raise ValueError(f"path must be an HDF5 file written by save_parameters, got {path} ({exc})") from None
    v.check_parameters(parameters)
    return parameters, resolve_config(config)


# --------------------------------------------------------------------------- drawing
def _png(fig, dpi=72) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()


class _Boundary:
    """A persistent boundary figure whose artists are updated in place (fast redraws)."""

    def __init__(self, size=(4.2, 3.8)):
        self.fig = Figure(figsize=size)
        self.ax = self.fig.add_subplot()
        self.fig.subplots_adjust(left=0.14, right=0.97, bottom=0.12, top=0.92)
        self.image = None
        self.contour = None

    def draw(self, cfg, parameters, data, show_dev, title):
        allX = np.hstack([data.X_train, data.X_test])
        lo, hi = allX.min(axis=1) - 0.3, allX.max(axis=1) + 0.3
        xs, ys = np.linspace(lo[0], hi[0], GRID), np.linspace(lo[1], hi[1], GRID)
        gx, gy = np.meshgrid(xs, ys)
        grid = np.vstack([gx.ravel(), gy.ravel()])
        P = _probabilities(cfg, parameters, grid)
        if cfg["classes"] > 2:  # colour of the most likely class, paler where the network is unsure
            P = class_rgb(P).reshape(GRID, GRID, 3)
        else:
            P = P.reshape(GRID, GRID)
        ax = self.ax
        extent = (lo[0], hi[0], lo[1], hi[1])
        if self.image is None:
            self.image = ax.imshow(P, origin="lower", extent=extent, cmap="RdBu", vmin=0, vmax=1,
                                   aspect="auto", interpolation="bilinear", alpha=0.6)
            self.train_pts = ax.scatter([], [], s=14, edgecolors="white", linewidths=0.4)
            self.dev_pts = ax.scatter([], [], s=14, edgecolors="black", linewidths=0.6, marker="s")
            ax.set_xlabel("$x_1$")
            ax.set_ylabel("$x_2$")
        self.image.set_data(P)
        self.image.set_extent(extent)
        if self.contour is not None:
            self.contour.remove()
            self.contour = None
        if P.ndim == 2 and P.min() < 0.5 < P.max():
            self.contour = ax.contour(xs, ys, P, levels=[0.5], colors="k", linewidths=0.8)
        self.train_pts.set_offsets(data.X_train.T)
        self.train_pts.set_facecolors(POINT_COLORS[data.Y_train.ravel().astype(int)])
        if show_dev:
            self.dev_pts.set_offsets(data.X_test.T)
            self.dev_pts.set_facecolors(POINT_COLORS[data.Y_test.ravel().astype(int)])
        else:
            self.dev_pts.set_offsets(np.empty((0, 2)))
        ax.set_xlim(lo[0], hi[0])
        ax.set_ylim(lo[1], hi[1])
        ax.set_title(title, fontsize=10)
        return _png(self.fig)


class _Curves:
    """Cost (train, dev) and accuracy (train, dev) against iterations; lines updated in place."""

    def __init__(self, size=(4.2, 3.8)):
        self.fig = Figure(figsize=size)
        self.ax1, self.ax2 = self.fig.subplots(2, 1, sharex=True)
        self.lines = [self.ax1.plot([], [], label=lab)[0] for lab in ("train", "dev")]
        self.lines += [self.ax2.plot([], [], label=lab)[0] for lab in ("train", "dev")]
        self.ax1.set_ylabel("cost $J$")
        self.ax1.set_title("Cost and accuracy", fontsize=10)
        self.ax1.legend(fontsize=8, loc="upper right")
        self.ax2.set_ylim(0, 1.02)
        self.ax2.set_xlabel("iteration")
        self.ax2.set_ylabel("accuracy")
        self.fig.subplots_adjust(left=0.16, right=0.97, bottom=0.12, top=0.92, hspace=0.12)

    def draw(self, track: dict) -> bytes:
        it = track["iterations"]
        for line, key in zip(self.lines, ("cost", "dev_cost", "train_acc", "dev_acc")):
            line.set_data(it, track[key])
        finite = [c for c in track["cost"] + track["dev_cost"] if np.isfinite(c)]
        self.ax1.set_xlim(0, max(it[-1] if it else 1, 1))
        if finite:
            lo, hi = min(finite), max(finite)
            pad = 0.05 * (hi - lo) + 1e-3
            self.ax1.set_ylim(max(0, lo - pad), hi + pad)
        return _png(self.fig)


def unit_maps(cfg, parameters, data, resolution: int = 32) -> np.ndarray:
    """Activations of each first-hidden-layer unit over the plane: (n1, resolution, resolution)."""
    allX = np.hstack([data.X_train, data.X_test])
    lo, hi = allX.min(axis=1) - 0.3, allX.max(axis=1) + 0.3
    gx, gy = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    F = feature_map(np.vstack([gx.ravel(), gy.ravel()]), cfg["features"])
    A1 = hidden_activations(F, parameters, cfg["activation"])[0]  # batch norm with its running averages
    return A1.reshape(-1, resolution, resolution)


def tile_maps(maps: np.ndarray, gap: int = 4) -> np.ndarray:
    """Tile (n, r, r) maps side by side, each scaled to [-1, 1] by its own largest |value|, NaN gaps."""
    n, r, _ = maps.shape
    out = np.full((r, n * (r + gap) - gap), np.nan)
    for i, m in enumerate(maps):
        span = np.abs(m).max()
        out[:, i * (r + gap):i * (r + gap) + r] = m / span if span > 0 else m
    return out


class _Units:
    """Small multiples of the first hidden layer's units, drawn as one tiled image."""

    def __init__(self):
        self.fig = Figure(figsize=(8.4, 1.3))
        self.ax = self.fig.add_subplot()
        self.fig.subplots_adjust(left=0.01, right=0.99, bottom=0.2, top=0.8)
        self.image = None
        self.n = None

    def draw(self, maps: np.ndarray, activation: str) -> bytes:
        tiles = tile_maps(maps)
        n, r = maps.shape[0], maps.shape[1]
        if self.image is None or self.n != n:
            self.ax.clear()
            self.image = self.ax.imshow(tiles, origin="lower", cmap="RdBu", vmin=-1, vmax=1, aspect="equal")
            self.ax.set_xticks([i * (r + 4) + r / 2 for i in range(n)], [f"unit {i + 1}" for i in range(n)],
                               fontsize=7)
            self.ax.set_yticks([])
            self.ax.tick_params(length=0)
            self.n = n
        self.image.set_data(tiles)
        self.ax.set_title(f"First hidden layer: what each unit computes over the plane ({activation}; "
                          "blue > 0, red < 0)", fontsize=8)
        return _png(self.fig)


# --------------------------------------------------------------------------- the widget
ALL_CONTROLS = ("dataset", "classes", "noise", "test_fraction", "regenerate", "show_dev", "upload", "hidden_layers",
                "hidden_units", "activation", "init", "scale", "learning_rate", "iterations", "lambd",
                "keep_prob", "optimizer", "mini_batch_size", "batch_norm", "features", "export")


class Explorer:
    """The explorer widget. ``Explorer(config, controls)``; display it as a cell's last expression.

    ``config``: overrides of DEFAULT_CONFIG.  ``controls``: names from ALL_CONTROLS to show
    (default all).  Buttons play / pause / step / reset are always shown.  ``autoplay``: train
    as soon as it is shown and after each change (default True).
    Methods: ``run()`` trains synchronously to the end, ``play()``/``pause()``/``step()``/``reset()``,
    ``wait()`` joins the background run.  ``config`` is the plain dict of what is on screen.
    """

    def __init__(self, config: dict | None = None, controls=None, autoplay: bool = True):
        import ipywidgets as W

        self.config = resolve_config(config)
        controls = ALL_CONTROLS if controls is None else tuple(controls)
        for c in controls:
            v.check_choice(c, "controls", ALL_CONTROLS)
        self.autoplay = autoplay
        self._lock = threading.RLock()
        self._draw_lock = threading.Lock()
        self._control_lock = threading.RLock()
        self._timer = None
        self._updating = False
        self._thread = None
        self._stop = threading.Event()
        self._resume = threading.Event()
        self._resume.set()
        self._steps_left = None
        self._boundary, self._curves, self._units = _Boundary(), _Curves(), _Units()
        self.last_draw_seconds = 0.0
        self._build(W, controls)
        self._load_data()
        self.reset()
        if autoplay:
            self.play()

    # ---------------------------------------------------------------- layout
    def _build(self, W, shown):
        cfg = self.config
        style = {"description_width": "initial"}
        c = {}
        c["dataset"] = W.Dropdown(options=list(DATASETS), value=cfg["dataset"], description="data set",
                                  style=style, layout=W.Layout(width="300px"))
        c["noise"] = W.FloatSlider(value=cfg["noise"], min=0, max=1.5, step=0.05, description="noise",
                                   continuous_update=False, style=style, layout=W.Layout(width="300px"))
        c["test_fraction"] = W.FloatSlider(value=cfg["test_fraction"], min=0.1, max=0.9, step=0.05,
                                           description="dev fraction", continuous_update=False, style=style,
                                           layout=W.Layout(width="300px"))
        c["regenerate"] = W.Button(description="regenerate", icon="refresh", tooltip="new data seed")
        c["classes"] = W.IntSlider(value=cfg["classes"], min=2, max=4, description="classes (spiral, blobs)",
                                   continuous_update=False, style=style, layout=W.Layout(width="300px"))
        c["show_dev"] = W.Checkbox(value=True, description="show dev points", indent=False)
        c["upload"] = W.FileUpload(accept=".csv,.h5", multiple=False, description="CSV / HDF5")
        c["hidden_layers"] = W.IntSlider(value=len(cfg["hidden_layers"]), min=0, max=MAX_LAYERS,
                                         description="hidden layers", continuous_update=False, style=style,
                                         layout=W.Layout(width="300px"))
        self._unit_sliders = [W.IntSlider(value=(cfg["hidden_layers"] + [4] * MAX_LAYERS)[i], min=1,
                                          max=max(16, *cfg["hidden_layers"], 1),
                                          description=f"units in layer {i + 1}",
                                          continuous_update=False, style=style, layout=W.Layout(width="300px"))
                              for i in range(MAX_LAYERS)]
        c["hidden_units"] = W.VBox(self._unit_sliders)
        c["activation"] = W.Dropdown(options=list(HIDDEN_ACTIVATIONS), value=cfg["activation"],
                                     description="activation", style=style, layout=W.Layout(width="300px"))
        c["init"] = W.Dropdown(options=list(INIT_METHODS), value=cfg["init"], description="initialization",
                               style=style, layout=W.Layout(width="300px"))
        c["scale"] = W.FloatLogSlider(value=cfg["scale"], base=10, min=-3, max=1, step=0.1,
                                      description="random init scale", continuous_update=False, style=style,
                                      layout=W.Layout(width="300px"), readout_format=".3g")
        c["learning_rate"] = W.FloatLogSlider(value=cfg["learning_rate"], base=10, min=-4, max=1.5, step=0.05,
                                              description="learning rate", continuous_update=False, style=style,
                                              layout=W.Layout(width="300px"), readout_format=".3g")
        c["iterations"] = W.IntSlider(value=cfg["iterations"], min=100, max=30000, step=100,
                                      description="iterations", continuous_update=False, style=style,
                                      layout=W.Layout(width="300px"))
        c["lambd"] = W.FloatSlider(value=cfg["lambd"], min=0, max=2, step=0.05, description="L2 lambda",
                                   continuous_update=False, style=style, layout=W.Layout(width="300px"))
        c["keep_prob"] = W.FloatSlider(value=cfg["keep_prob"], min=0.5, max=1.0, step=0.01,
                                       description="dropout keep_prob", continuous_update=False, style=style,
                                       layout=W.Layout(width="300px"))
        c["optimizer"] = W.Dropdown(options=list(OPTIMIZERS), value=cfg["optimizer"], description="optimizer",
                                    style=style, layout=W.Layout(width="300px"))
        c["mini_batch_size"] = W.Dropdown(options=[("full batch", 0), ("16", 16), ("32", 32), ("64", 64),
                                                   ("128", 128)], value=cfg["mini_batch_size"] or 0,
                                          description="mini-batch", style=style, layout=W.Layout(width="300px"))
        c["batch_norm"] = W.Checkbox(value=cfg["batch_norm"], description="batch norm (hidden layers)",
                                     indent=False)
        self._feature_buttons = {f: W.ToggleButton(value=f in cfg["features"], description=f,
                                                   layout=W.Layout(width="70px")) for f in FEATURES}
        c["features"] = W.HBox(list(self._feature_buttons.values()), layout=W.Layout(flex_flow="row wrap",
                                                                                    width="300px"))
        c["export"] = W.Button(description="export HDF5", icon="download")
        self.controls = c

        self.play_button = W.Button(description="play", icon="play", button_style="success")
        self.pause_button = W.Button(description="pause", icon="pause")
        self.step_button = W.Button(description="step", icon="step-forward")
        self.reset_button = W.Button(description="reset", icon="undo")
        self.play_button.on_click(lambda _: self.play())
        self.pause_button.on_click(lambda _: self.pause())
        self.step_button.on_click(lambda _: self.step())
        self.reset_button.on_click(lambda _: self.reset())
        self.status = W.HTML()
        self.boundary_image = W.Image(format="png")
        self.curves_image = W.Image(format="png")
        self.units_image = W.Image(format="png")
        self.config_text = W.HTML()

        for name in ("dataset", "classes", "noise", "test_fraction", "hidden_layers", "activation", "init", "scale",
                     "learning_rate", "iterations", "lambd", "keep_prob", "optimizer", "mini_batch_size", "batch_norm"):
            c[name].observe(self._on_change, names="value")
        for s in self._unit_sliders:
            s.observe(self._on_change, names="value")
        for b in self._feature_buttons.values():
            b.observe(self._on_change, names="value")
        c["show_dev"].observe(lambda ch: self.redraw(), names="value")
        c["regenerate"].on_click(lambda _: self._regenerate())
        c["upload"].observe(self._on_upload, names="value")
        c["export"].on_click(lambda _: self.export())

        visible = [c[name] for name in ALL_CONTROLS if name in shown]
        self._shown = shown
        buttons = W.HBox([self.play_button, self.pause_button, self.step_button, self.reset_button])
        left = W.VBox([buttons, *visible], layout=W.Layout(width="320px"))
        plots = W.VBox([W.HBox([self.boundary_image, self.curves_image]), self.units_image])
        self.widget = W.VBox([W.HBox([left, plots]), self.status, self.config_text])
        self._sync_unit_sliders()

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)

    # ---------------------------------------------------------------- state
    def _read_controls(self) -> dict:
        c = self.controls
        n = c["hidden_layers"].value
        return {
            "dataset": c["dataset"].value,
            "classes": c["classes"].value if c["dataset"].value in MULTICLASS_DATASETS else 2,
            "noise": c["noise"].value, "test_fraction": c["test_fraction"].value,
            "hidden_layers": [s.value for s in self._unit_sliders[:n]],
            "activation": c["activation"].value, "init": c["init"].value, "scale": c["scale"].value,
            "learning_rate": c["learning_rate"].value, "iterations": c["iterations"].value,
            "lambd": c["lambd"].value, "keep_prob": c["keep_prob"].value, "optimizer": c["optimizer"].value,
            "mini_batch_size": c["mini_batch_size"].value or None, "batch_norm": c["batch_norm"].value,
            "features": [f for f, b in self._feature_buttons.items() if b.value] or ["x1"],
        }

    def _sync_unit_sliders(self):
        n = self.controls["hidden_layers"].value
        for i, s in enumerate(self._unit_sliders):
            s.layout.display = None if i < n else "none"

    def _on_change(self, change=None):
        if self._updating:
            return
        self._sync_unit_sliders()
        try:
            cfg = resolve_config(self.config, **self._read_controls())
        except ValueError as exc:
            self._message(str(exc), error=True)
            return
        data_keys = ("dataset", "classes", "noise", "test_fraction", "data_seed", "csv_path", "n_samples")
        reload = any(cfg[k] != self.config[k] for k in data_keys)
        self.stop()
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
        """After a change: reset at once, or with autoplay train again once the changes pause.

        A burst of changes (arrow keys held on a slider, clicks) cancels the run in progress and
        re-arms a short timer, so only the last value is trained, never a queue of them.
        """
        if self._timer is not None:
            self._timer.cancel()
        if not self.autoplay:
            self.reset()
            return
        self._message("changed: training again from the same seed ...")
        self._timer = threading.Timer(DEBOUNCE_SECONDS, self._reset_and_play)
        self._timer.daemon = True
        self._timer.start()

    def _reset_and_play(self):
        with self._control_lock:
            self.reset()
            self.play()

    def _load_data(self):
        try:
            self.data = make_data(self.config)
        except (ValueError, OSError) as exc:
            self._message(str(exc), error=True)
            raise
        fb = self.config["dataset"] == "football"
        self.controls["noise"].disabled = fb
        self.controls["test_fraction"].disabled = fb
        self.controls["classes"].disabled = self.config["dataset"] not in MULTICLASS_DATASETS

    def set_config(self, config: dict):
        """Show ``config`` (a dict as printed from ``explorer.config``): controls, data and training."""
        cfg = resolve_config(config)
        self.stop()
        self._updating = True
        try:
            c = self.controls
            c["dataset"].value = cfg["dataset"]
            for name in ("classes", "noise", "test_fraction", "activation", "init", "scale", "learning_rate",
                         "iterations", "lambd", "keep_prob", "optimizer", "batch_norm"):
                c[name].value = cfg[name]
            c["mini_batch_size"].value = cfg["mini_batch_size"] or 0
            c["hidden_layers"].value = len(cfg["hidden_layers"])
            for s, n in zip(self._unit_sliders, cfg["hidden_layers"]):
                s.value = n
            for f, b in self._feature_buttons.items():
                b.value = f in cfg["features"]
        finally:
            self._updating = False
        self._sync_unit_sliders()
        self.config = cfg
        self._load_data()
        self.reset()
        if self.autoplay:
            self.play()

    # ---------------------------------------------------------------- training
    def reset(self):
        """Stop any run; parameters back to their initial values (same seed); redraw."""
        self.stop()
        cfg = self.config
        self.parameters = initialize_parameters(_layer_dims(cfg), cfg["init"], cfg["seed"], cfg["scale"],
                                                batch_norm=cfg["batch_norm"] and bool(cfg["hidden_layers"]))
        self.iteration = 0
        self.diverged = False
        self.finished = False
        self.track = {"iterations": [], "cost": [], "dev_cost": [], "train_acc": [], "dev_acc": []}
        self.redraw(curves=True)
        self._message("ready: press play, or step")

    def _callback(self, i, parameters, history):
        if self._stop.is_set():
            return True
        with self._lock:
            self.parameters = parameters
            self.iteration = i + 1
            self.diverged = history.diverged
            t = self.track
            if history.iterations and (not t["iterations"] or t["iterations"][-1] != history.iterations[-1]):
                t["iterations"].append(history.iterations[-1])
                t["cost"].append(history.costs[-1])
                t["dev_cost"].append(history.dev_costs[-1])
                if not history.diverged:
                    t["train_acc"].append(_accuracy(self.config, parameters, self.data.X_train, self.data.Y_train))
                    t["dev_acc"].append(_accuracy(self.config, parameters, self.data.X_test, self.data.Y_test))
                else:
                    t["train_acc"].append(np.nan)
                    t["dev_acc"].append(np.nan)
        now = time.perf_counter()
        if self._live and (self._steps_left is not None or now - self._last_draw > 0.25 or history.diverged):
            self.redraw(curves=True)
            self._last_draw = time.perf_counter()
        if self._steps_left is not None:
            self._steps_left -= 1
            if self._steps_left <= 0:
                self._steps_left = None
                self._resume.clear()
                self._message(f"paused at iteration {self.iteration}")
        while not self._resume.wait(0.05):
            if self._stop.is_set():
                return True
        return self._stop.is_set()

    def _run(self, live=True):
        self._last_draw, self._live = 0.0, live
        cfg = self.config
        _, history = _train(cfg, self.data, callback=self._callback)
        if self._stop.is_set():
            return
        self.diverged = history.diverged
        self.finished = True
        self.redraw(curves=True)  # shows the "Diverged" message when it did
        if not history.diverged:
            self._message(format_summary(_summary(cfg, self.data, self.parameters, history)).replace("\n", "<br>"))

    def run(self):
        """Train synchronously from the current reset state to ``iterations``; returns self."""
        self.reset()
        self._stop.clear()
        self._resume.set()
        self._run(live=False)
        return self

    def play(self):
        """Train in the background (continue a paused run, or start one) while the plots update."""
        if self._thread is not None and self._thread.is_alive():
            self._steps_left = None
            self._resume.set()
            self._message("playing")
            return
        if self.finished or self.iteration:
            self.reset()
        self._stop.clear()
        self._resume.set()
        self._message("playing")
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def pause(self):
        """Pause the background run after its current chunk of iterations."""
        if self._timer is not None:
            self._timer.cancel()
        if self._thread is not None and self._thread.is_alive():
            self._resume.clear()
            self._message(f"paused at iteration {self.iteration}")

    def step(self):
        """Advance one chunk (1% of the iterations) and pause."""
        self._steps_left = 1
        if self._thread is not None and self._thread.is_alive():
            self._resume.set()
            return
        if self.finished:
            return
        self._stop.clear()
        self._resume.set()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def stop(self):
        """Cancel the background run, if any, and wait for it to end."""
        if self._thread is not None and self._thread.is_alive():
            self._stop.set()
            self._resume.set()
            if threading.current_thread() is not self._thread:
                self._thread.join()
        self._thread = None
        self._steps_left = None
        self._stop.clear()

    def wait(self, timeout: float | None = 60):
        """Wait for the background run to finish or pause (for tests and scripts)."""
        end = time.perf_counter() + (timeout or 1e9)
        if self._timer is not None:
            self._timer.join(timeout)
        while self._thread is not None and self._thread.is_alive() and time.perf_counter() < end:
            if not self._resume.is_set():
                return self
            time.sleep(0.01)
        return self

    # ---------------------------------------------------------------- drawing
    def redraw(self, curves: bool = False):
        """Redraw the boundary (and the curves and unit maps); records ``last_draw_seconds``."""
        with self._draw_lock:
            self._redraw(curves)

    def _redraw(self, curves):
        start = time.perf_counter()
        with self._lock:
            params = {k: p.copy() for k, p in self.parameters.items()}
            track = {k: list(x) for k, x in self.track.items()}
        cfg = self.config
        if self.diverged or not all(np.isfinite(p).all() for p in params.values()):
            self._message(f"Diverged: the cost became inf or NaN at learning rate {cfg['learning_rate']:.3g} "
                          f"after {self.iteration} iterations. Lower the learning rate and play again.",
                          error=True)
        else:
            title = f"iteration {self.iteration}"
            if track["train_acc"]:
                title += f": train {track['train_acc'][-1]:.1%}, dev {track['dev_acc'][-1]:.1%}"
            self.boundary_image.value = self._boundary.draw(cfg, params, self.data,
                                                            self.controls["show_dev"].value, title)
            if cfg["hidden_layers"]:
                self.units_image.value = self._units.draw(unit_maps(cfg, params, self.data), cfg["activation"])
        if curves:
            self.curves_image.value = self._curves.draw(track)
        self.config_text.value = ("<details><summary>config (copy into a cell: Explorer(config))</summary>"
                                  f"<pre>{json.dumps(self.config)}</pre></details>")
        self.last_draw_seconds = time.perf_counter() - start

    def _message(self, text, error=False):
        color = "#b2182b" if error else "#333"
        self.status.value = f"<span style='color:{color}'>{text}</span>"

    # ---------------------------------------------------------------- files
    def export(self, path="explorer_parameters.h5") -> Path:
        """Write the current parameters and config to an HDF5 file; returns its path."""
        out = save_parameters(path, self.parameters, self.config)
        self._message(f"saved {out}")
        return out

    def import_parameters(self, path):
        """Load parameters and config written by ``export`` and show them (not trained further)."""
        parameters, cfg = load_parameters(path)
        self.autoplay, autoplay = False, self.autoplay
        try:
            self.set_config(cfg)
        finally:
            self.autoplay = autoplay
        self.parameters = parameters
        self.redraw()
        self._message(f"loaded {path}")

    def _on_upload(self, change):
        files = change["new"]
        if not files:
            return
        f = files[0]
        name, content = f["name"], bytes(f["content"])
        try:
            dest = Path(name).name
            Path(dest).write_bytes(content)
            if dest.endswith(".h5"):
                self.import_parameters(dest)
            else:
                load_points_csv(dest)  # validates, with a message naming the bad line
                self.set_config({**self.config, "dataset": "csv", "csv_path": dest})
        except ValueError as exc:
            self._message(f"{name}: {exc}", error=True)
