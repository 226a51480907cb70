"""The explorer's config: one plain dict that says what to train, and everything that needs no widget.

``DEFAULT_CONFIG`` lists every key; ``resolve_config`` fills in and checks a config;
``make_data`` / ``feature_map`` / ``train_config`` turn it into data, inputs and a trained
``Network``; ``run_config`` does all of that and ``format_summary`` prints the result, so a
notebook's static cell shows exactly what ``Explorer(config)`` trains.  ``save_parameters`` /
``load_parameters`` keep a trained network in HDF5 with its config.

When a run counts as diverged (``diverged``): the cost became inf or NaN (training stops there),
or, judged on the finished run, its last recorded cost is more than ``DIVERGENCE_FACTOR`` (10) times
the larger of the starting network's cost and log C (the cost of guessing 1/C for each of the C
classes).  A run that learns ends below where it started, so the rule cannot fire on it; a passing
spike (a high learning rate that overshoots and recovers) does not count, only where the run ends;
a cost still that far up means the steps overshoot (at learning rate 1e6 the default network ends
near cost 300,000; at 10 times their own learning rate the presets end below their start).
"""

from __future__ import annotations

import copy
import csv
import io
import json
import math
import numbers
from pathlib import Path

import h5py
import numpy as np

from .. import validation as v
from ..activations import HIDDEN_ACTIVATIONS
from ..datasets import GENERATORS, REGRESSION_GENERATORS, load_football, make_dataset, one_hot, train_test_split
from ..model import INIT_METHODS, Network, accuracy, compute_cost, forward, predict
from ..model import network as build_network
from ..optimizers import OPTIMIZERS, make_optimizer
from ..training import train

REGRESSION_DATASETS = tuple(REGRESSION_GENERATORS)  # real targets: a linear output, the squared error
DATASETS = tuple(GENERATORS) + REGRESSION_DATASETS + ("football", "csv")
FEATURES = {
    "x1": lambda X: X[0], "x2": lambda X: X[1], "x1^2": lambda X: X[0] ** 2, "x2^2": lambda X: X[1] ** 2,
    "x1*x2": lambda X: X[0] * X[1], "sin(x1)": lambda X: np.sin(X[0]), "sin(x2)": lambda X: np.sin(X[1]),
}
MAX_LAYERS, MAX_UNITS = 6, 32  # the sliders go to 16 units unless a config asks for more
DEFAULT_CONFIG = {
    "dataset": "flower", "n_samples": 400, "noise": 0.2, "test_fraction": 0.3, "data_seed": 0, "csv_path": None,
    "hidden_layers": [4], "activation": "tanh", "init": "xavier", "scale": 0.01,
    "learning_rate": 0.5, "iterations": 2000, "lambd": 0.0, "keep_prob": 1.0,
    "optimizer": "gd", "mini_batch_size": None, "features": ["x1", "x2"], "seed": 0, "classes": 2,
    "batch_norm": False, "l1": 0.0, "discretize": False, "edits": [],
}
DATA_KEYS = ("dataset", "classes", "noise", "test_fraction", "data_seed", "csv_path", "n_samples")
MULTICLASS_DATASETS = ("spiral", "blobs")  # the generated sets that can have 3 or 4 classes
DIVERGENCE_FACTOR = 10


# --------------------------------------------------------------------------- the config
def resolve_config(config: dict | None = None, **changes) -> dict:
    """DEFAULT_CONFIG updated with ``config`` and ``changes``, validated; returns a new dict."""
    cfg = copy.deepcopy(DEFAULT_CONFIG)
    for source in (config or {}), changes:
        unknown = set(source) - set(DEFAULT_CONFIG)
        if unknown:
            raise ValueError(f"config has unknown key(s) {sorted(unknown)}; known: {sorted(DEFAULT_CONFIG)}")
        cfg.update(copy.deepcopy(source))
    _check_data_keys(cfg)
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
    v.check_positive(cfg["l1"], "l1", allow_zero=True)
    if not isinstance(cfg["discretize"], bool | np.bool_):
        raise ValueError(f"discretize must be True or False, got {cfg['discretize']!r}")
    cfg["discretize"] = bool(cfg["discretize"])
    cfg["edits"] = [_check_edit(e, cfg) for e in cfg["edits"]]
    return cfg


def _check_edit(edit, cfg) -> list:
    """One weight edit [iteration, key, row, col, value], checked against the network the config makes."""
    try:
        iteration, key, row, col, value = edit
    except (TypeError, ValueError):
        raise ValueError(f"edits must be lists [iteration, key, row, col, value], got {edit!r}") from None
    dims = layer_dims(cfg)
    shapes = {**{f"W{i}": (dims[i], dims[i - 1]) for i in range(1, len(dims))},
              **{f"b{i}": (dims[i], 1) for i in range(1, len(dims))}}
    if key not in shapes:
        raise ValueError(f"edits key must be one of {sorted(shapes)}, got {key!r}")
    shape = shapes[key]
    if not all(isinstance(i, int | np.integer) and not isinstance(i, bool) for i in (iteration, row, col)) \
            or not 0 <= iteration <= cfg["iterations"] or not (0 <= row < shape[0] and 0 <= col < shape[1]):
        raise ValueError(f"edits of {key} must name an iteration in 0..{cfg['iterations']} and an entry of "
                         f"shape {shape}, got iteration {iteration!r}, row {row!r}, col {col!r}")
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        raise ValueError(f"edits value must be a finite number, got {value!r}")
    return [int(iteration), key, int(row), int(col), float(value)]


def _check_data_keys(cfg):
    v.check_choice(cfg["dataset"], "dataset", DATASETS)
    if cfg["dataset"] == "csv" and not cfg["csv_path"]:
        raise ValueError("csv_path must name a CSV file (x1, x2, label) when dataset is 'csv', got None")
    v.check_int(cfg["n_samples"], "n_samples", minimum=4)
    v.check_positive(cfg["noise"], "noise", allow_zero=True)
    if not 0 < cfg["test_fraction"] < 1:
        raise ValueError(f"test_fraction must be in (0, 1), got {cfg['test_fraction']!r}")
    v.check_int(cfg["classes"], "classes", minimum=2)
    if cfg["classes"] > 4 or (cfg["classes"] > 2 and cfg["dataset"] not in MULTICLASS_DATASETS):
        raise ValueError(f"classes must be 2, or 3 to 4 for the data sets {list(MULTICLASS_DATASETS)}; "
                         f"got {cfg['classes']} for {cfg['dataset']!r}")


# --------------------------------------------------------------------------- data
def _csv_text(source) -> str:
    """The text of a CSV given as text (a str holding a newline), bytes, or a path; UTF-8, BOM or not."""
    if isinstance(source, str) and "\n" in source:
        return source.removeprefix("\ufeff")
    raw = bytes(source) if isinstance(source, bytes | bytearray | memoryview) else Path(source).read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"CSV must be UTF-8 text, got byte {raw[exc.start]:#04x} at offset {exc.start}, "
                         "which is not UTF-8: save the file as 'CSV UTF-8'") from None


def load_points_csv(source) -> tuple[np.ndarray, np.ndarray]:
    """Read a learner's 2-D points from CSV text, bytes or a path: rows ``x1, x2, label`` (label 0 or 1),
    an optional header, UTF-8 (with or without a BOM).  Returns X (2, m), Y (1, m); a ValueError
    says which line is wrong, or that the file is not UTF-8."""
    rows = []
    for lineno, row in enumerate(csv.reader(io.StringIO(_csv_text(source))), start=1):
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
    """The train and dev split a config describes: a ``Split`` of 2-D points X (2, m), labels Y (1, m)."""
    if cfg["dataset"] == "football":
        return load_football()
    if cfg["dataset"] == "csv":
        X, Y = load_points_csv(cfg["csv_path"])
    elif cfg["dataset"] in REGRESSION_DATASETS:
        X, Y = REGRESSION_GENERATORS[cfg["dataset"]](cfg["n_samples"], cfg["noise"], seed=cfg["data_seed"])
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


def targets(cfg: dict, Y) -> np.ndarray:
    """Labels Y (1, m) as the output layer wants them: as they are (two classes, or real targets of a
    regression set), or one-hot (C, m)."""
    return Y if cfg["classes"] == 2 else one_hot(Y, cfg["classes"])


def is_regression(cfg: dict) -> bool:
    """True for the regression sets (real targets, a linear output unit, the squared-error cost)."""
    return cfg["dataset"] in REGRESSION_DATASETS


# --------------------------------------------------------------------------- the network
def layer_dims(cfg: dict) -> list[int]:
    """[number of features, hidden sizes..., 1 output unit (two classes) or C (softmax)]."""
    return [len(cfg["features"]), *cfg["hidden_layers"], 1 if cfg["classes"] == 2 else cfg["classes"]]


def _output(cfg):
    if is_regression(cfg):
        return "linear"
    return "sigmoid" if cfg["classes"] == 2 else "softmax"


def _batch_norm(cfg):
    return cfg["batch_norm"] and bool(cfg["hidden_layers"])


def initial_network(cfg: dict) -> Network:
    """The network before training (what ``train_config`` starts from, the same seed): a ``Network`` that records
    the config's activations, dropout, L2 and L1."""
    return build_network(layer_dims(cfg), cfg["activation"], _output(cfg), init=cfg["init"], scale=cfg["scale"],
                         seed=cfg["seed"], batch_norm=_batch_norm(cfg), keep_prob=cfg["keep_prob"], lambd=cfg["lambd"],
                         l1=cfg["l1"])


def apply_edits(network, edits, iteration: int):
    """Set the weights that ``edits`` ([iteration, key, row, col, value] lists) change at ``iteration``."""
    for when, key, row, col, value in edits:
        if when == iteration:
            network[key][row, col] = value


def is_weight_edit(network, layer, row, col, value) -> bool:
    """True when W[layer][row, col] (0-based) is a weight of ``network`` and ``value`` a finite number."""
    W = network.get(f"W{layer}") if isinstance(layer, int) and not isinstance(layer, bool) else None
    indices = all(isinstance(i, numbers.Integral) and not isinstance(i, bool) for i in (row, col))
    return (W is not None and indices and 0 <= row < W.shape[0] and 0 <= col < W.shape[1]
            and not isinstance(value, bool) and isinstance(value, numbers.Real) and math.isfinite(value))


def starting_network(cfg: dict) -> Network:
    """The network training starts from: ``initial_network`` with the config's edits at iteration 0."""
    network = initial_network(cfg)
    apply_edits(network, cfg["edits"], 0)
    return network


def chunk(cfg: dict) -> int:
    """Iterations between two recorded points (and between two steps of the step button): 1% of the run."""
    return max(1, cfg["iterations"] // 100)


CALLBACK_EVERY = 10  # at most this many iterations between two callbacks: the live frames and the weight edits


def callback_every(cfg: dict) -> int:
    """Iterations between two callbacks of ``train_config`` (where the explorer draws a live frame and a
    weight edit takes effect): CALLBACK_EVERY, or the chunk when it is smaller."""
    return min(chunk(cfg), CALLBACK_EVERY)


def train_config(cfg: dict, data, callback=None, progress: bool = False):
    """Train what ``cfg`` describes on ``data`` (a Split), recording 100 points and calling
    ``callback(i, network, history)`` every ``callback_every(cfg)`` iterations; the config's weight edits
    are applied where they were made (an edit at iteration k after the callback of iteration k - 1).
    ``progress=True`` shows train's progress bar.  Returns (Network, History)."""
    every, edits = chunk(cfg), [list(e) for e in cfg["edits"]]
    every_call = callback_every(cfg)

    def with_edits(i, network, history):
        apply_edits(network, edits, i + 1)
        return callback(i, network, history) if callback is not None else False

    dev = (feature_map(data.X_test, cfg["features"]), targets(cfg, data.Y_test))
    return train(
        feature_map(data.X_train, cfg["features"]), targets(cfg, data.Y_train), starting_network(cfg),
        make_optimizer(cfg["optimizer"], learning_rate=cfg["learning_rate"]), cfg["iterations"],
        mini_batch_size=cfg["mini_batch_size"], dev=dev, record_every=every, callback=with_edits,
        callback_every=every_call, progress=progress, seed=cfg["seed"])


def config_accuracy(cfg: dict, network: Network, X, Y) -> float:
    """``model.accuracy`` of ``model.predict`` (softmax's most likely class, or sigmoid's output above 0.5)
    for the 2-D points X (2, m) and their labels Y (1, m); NaN for a regression set (no classes)."""
    if is_regression(cfg):
        return float("nan")
    return accuracy(predict(feature_map(X, cfg["features"]), network), Y)


# --------------------------------------------------------------------------- divergence
def divergence_threshold(cfg: dict, data) -> float:
    """The cost above which a run counts as diverged: DIVERGENCE_FACTOR x max(the starting network's
    cost on the training set (with its L2 term), log C)."""
    network = initial_network(cfg)
    AL, caches = forward(feature_map(data.X_train, cfg["features"]), network)
    start = compute_cost(AL, targets(cfg, data.Y_train), network, cfg["lambd"], caches, l1=cfg["l1"])
    return DIVERGENCE_FACTOR * max(start, math.log(cfg["classes"]))


def diverged(history, threshold: float) -> bool:
    """For a finished run's History: True when the cost became inf or NaN, or its last recorded cost
    is above ``threshold`` (from ``divergence_threshold``)."""
    return history.diverged or (bool(history.costs) and history.costs[-1] > threshold)


def divergence_note(cfg: dict, history, threshold: float) -> str:
    """Why the run counts as diverged, in a few words (for the messages)."""
    if history.diverged:
        return f"the cost became inf or NaN at learning rate {cfg['learning_rate']:.3g}"
    return (f"the cost ended at {history.costs[-1]:,.1f}, more than {DIVERGENCE_FACTOR} times where it started "
            f"({threshold / DIVERGENCE_FACTOR:.3g}) at learning rate {cfg['learning_rate']:.3g}")


# --------------------------------------------------------------------------- a run, summed up
def run_config(config: dict | None = None, progress: bool = False) -> dict:
    """Train what ``Explorer(config)`` shows, without widgets (``progress=True``: with a progress bar).

    Returns {"config", "train_accuracy", "dev_accuracy", "cost", "dev_cost", "iterations_run",
    "diverged", "divergence", "parameters" (the Network), "history"}.
    """
    cfg = resolve_config(config)
    data = make_data(cfg)
    network, history = train_config(cfg, data, progress=progress)
    return summarize(cfg, data, network, history, divergence_threshold(cfg, data))


def summarize(cfg: dict, data, network: Network, history, threshold: float) -> dict:
    """The ``run_config`` result for a trained network and its History (see ``run_config``)."""
    finite = not history.diverged
    gone = diverged(history, threshold)
    return {
        "config": cfg, "parameters": network, "history": history, "diverged": gone,
        "divergence": divergence_note(cfg, history, threshold) if gone else None,
        "iterations_run": history.iterations[-1] + 1 if history.iterations else 0,
        "cost": history.costs[-1] if history.costs else float("nan"),
        "dev_cost": history.dev_costs[-1] if history.dev_costs else float("nan"),
        "train_accuracy": config_accuracy(cfg, network, data.X_train, data.Y_train) if finite else float("nan"),
        "dev_accuracy": config_accuracy(cfg, network, data.X_test, data.Y_test) if finite else float("nan"),
    }


def format_summary(summary: dict) -> str:
    """One or two lines of text for a ``run_config`` result (formatted numbers only)."""
    cfg = summary["config"]
    net = " -> ".join(str(n) for n in layer_dims(cfg))
    head = (f"{cfg['dataset']}: network {net} ({cfg['activation']}, init {cfg['init']}), "
            f"learning rate {cfg['learning_rate']:g}, lambda {cfg['lambd']:g}, keep_prob {cfg['keep_prob']:g}"
            + (f", L1 {cfg['l1']:g}" if cfg["l1"] else "") + (", batch norm" if cfg["batch_norm"] else "")
            + (f", {len(cfg['edits'])} weight edit(s)" if cfg["edits"] else ""))
    if summary["diverged"]:
        return head + f"\nDIVERGED after {summary['iterations_run']} iterations: {summary['divergence']}; lower it."
    if is_regression(cfg):
        return (head + f" (regression, linear output)\niteration {summary['iterations_run']}: "
                f"squared-error loss train {summary['cost']:.4f}, dev {summary['dev_cost']:.4f}")
    return (head + f"\niteration {summary['iterations_run']}: cost {summary['cost']:.4f} "
            f"(dev {summary['dev_cost']:.4f}), accuracy train {summary['train_accuracy']:.1%}, "
            f"dev {summary['dev_accuracy']:.1%}")


# --------------------------------------------------------------------------- files
def save_parameters(path, parameters: dict, config: dict) -> Path:
    """Write parameters {"W1", "b1", ...} and the config (as JSON) to an HDF5 file; returns the path."""
    v.check_parameters(parameters)
    path = Path(path)
    with h5py.File(path, "w") as f:
        for k, p in parameters.items():
            f.create_dataset(k, data=p)
        f.attrs["config"] = json.dumps(resolve_config(config))
    return path


def load_parameters(path) -> tuple[Network, dict]:
    """Read what ``save_parameters`` wrote: (the Network, computing as its config says; the config)."""
    try:
        with h5py.File(path, "r") as f:
            parameters = {k: f[k][()] for k in f}
            config = json.loads(f.attrs["config"])
    except (OSError, KeyError) as exc:
        raise ValueError(f"path must be an HDF5 file written by save_parameters, got {path} ({exc})") from None
    cfg = resolve_config(config)
    v.check_parameters(parameters, len(cfg["features"]))
    return Network(parameters, cfg["activation"], _output(cfg)), cfg
