"""Lesson of notebooks/c2w3_softmax_multiclass.ipynb: softmax and its cross-entropy written naively
(they overflow: the lesson's point) next to the stable ones, which are the core's
(``dlnotes.activations.softmax``/``log_softmax``, ``dlnotes.model.cost_from_logits``); softmax
regression and a softmax network on a spiral, and their decision regions.

X (2, m); labels Y (1, m) in 0..C-1, or one-hot (C, m) (``dlnotes.datasets.one_hot``).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .. import validation as v
from ..datasets import Split, make_spiral, one_hot, train_test_split
from ..model import accuracy, cost_from_logits, network, predict
from ..optimizers import make_optimizer
from ..plotting import plot_decision_boundary
from ..training import train


def _check_logits(z, name="z"):
    z = np.asarray(z)
    if z.ndim not in (1, 2) or z.size == 0:
        raise ValueError(f"{name} must be a non-empty vector (C,) or matrix (C, m), got shape {z.shape}")
    if not (np.issubdtype(z.dtype, np.floating) or np.issubdtype(z.dtype, np.integer)):
        raise ValueError(f"{name} must be numeric, got dtype {z.dtype}")
    z = z.astype(np.float64)
    if np.isnan(z).any():
        raise ValueError(f"{name} must not hold NaN")
    return z


def softmax_naive(z) -> np.ndarray:
    """exp(z) / sum(exp(z)) down each column of z (C,) or (C, m), as written: exp overflows to inf
    for z above about 709, and the result is then NaN (inf / inf).  Same shape as z."""
    z = _check_logits(z)
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(z)
        return e / e.sum(axis=0, keepdims=True)


def _check_one_hot(Y, z):
    Y = np.asarray(Y, dtype=np.float64)
    if Y.shape != z.shape:
        raise ValueError(f"Y must be one-hot with the shape of z {z.shape}, got {Y.shape}")
    if not (np.isin(Y, (0, 1)).all() and (Y.sum(axis=0) == 1).all()):
        raise ValueError("Y must be one-hot: zeros with a single 1 per column")
    return Y


def cross_entropy_naive(z, Y) -> float:
    """-(1/m) sum Y * log(softmax_naive(z)): inf or NaN once the naive softmax overflows or a
    probability rounds to 0.  z and one-hot Y both (C,) or (C, m).  Returns a float."""
    z = _check_logits(z)
    Y = _check_one_hot(Y, z)
    m = 1 if z.ndim == 1 else z.shape[1]
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(-(Y * np.log(softmax_naive(z))).sum() / m)


def cross_entropy_stable(z, Y) -> float:
    """-(1/m) sum Y * log_softmax(z), from the logits (the core's ``cost_from_logits``): finite for any
    finite z.  z and one-hot Y both (C,) or (C, m).  Returns a float."""
    z = _check_logits(z)
    Y = _check_one_hot(Y, z)
    if z.ndim == 1:
        z, Y = z[:, None], Y[:, None]
    return cost_from_logits(z, Y, "softmax")


MULTICLASS_SETUP = {"n_samples": 300, "noise": 0.2, "data_seed": 0, "classes": 3, "dev_fraction": 0.3,
                    "hidden_activation": "relu", "optimizer": "adam", "learning_rate": 0.01, "iterations": 2000}


def multiclass_data(classes: int = 3, n_samples: int = 300, noise: float = 0.2, seed: int = 0) -> Split:
    """The spiral with ``classes`` arms, split 70/30 into train (X_train) and dev (X_test); labels (1, m)."""
    X, Y = make_spiral(n_samples, noise, seed=seed, classes=classes)
    return train_test_split(X, Y, MULTICLASS_SETUP["dev_fraction"], seed=seed)


def train_multiclass(data: Split | None = None, hidden_units: int = 16, learning_rate: float = 0.01,
                     iterations: int = 2000, hidden_activation: str = "relu", optimizer: str = "adam",
                     seed: int = 0, progress: bool = False) -> dict:
    """Softmax regression (hidden_units=0: layer_dims [2, C]) or a [2, hidden_units, C] network with a
    softmax output, trained by ``dlnotes.train`` on one-hot labels (full batch, ``optimizer``; ``progress``:
    its bar).
    Returns {"parameters" (a ``Network``), "history", "layer_dims", "train_accuracy", "dev_accuracy"}."""
    data = multiclass_data() if data is None else data
    hidden_units = v.check_int(hidden_units, "hidden_units", minimum=0)
    C = int(max(data.Y_train.max(), data.Y_test.max())) + 1
    dims = [data.X_train.shape[0]] + ([hidden_units] if hidden_units else []) + [C]
    start = network(dims, hidden_activation, "softmax", init="he", seed=seed)
    parameters, history = train(data.X_train, one_hot(data.Y_train, C), start,
                                make_optimizer(optimizer, learning_rate=learning_rate), iterations, seed=seed,
                                record_every=max(1, iterations // 100), dev=(data.X_test, one_hot(data.Y_test, C)),
                                progress=progress)
    out = {"parameters": parameters, "history": history, "layer_dims": dims, "train_accuracy": float("nan"),
           "dev_accuracy": float("nan")}
    if not history.diverged:
        for key, X, Y in (("train_accuracy", data.X_train, data.Y_train), ("dev_accuracy", data.X_test, data.Y_test)):
            out[key] = accuracy(predict(X, parameters), Y)
    return out


def plot_multiclass_regions(parameters: dict, X, Y, ax=None, resolution: int = 150, title: str | None = None,
                            X_dev=None, Y_dev=None, figsize=(5, 4.5)):
    """Colour each point of the plane by the class the softmax network ``parameters`` (a ``Network``, or
    a plain dict of a ReLU network) predicts there (the argmax of
    its C probabilities), shaded by that probability; draw the points X (2, m) coloured by their
    labels Y (1, m) (dev points with a black edge).  Returns the axis."""
    X = v.check_matrix(X, "X", rows=2)
    Y = np.asarray(Y)
    if Y.ndim != 2 or Y.shape != (1, X.shape[1]):
        raise ValueError(f"Y must hold labels of shape (1, {X.shape[1]}), got {Y.shape}")
    resolution = v.check_int(resolution, "resolution", minimum=2)
    if ax is None:
        _, ax = plt.subplots(figsize=v.check_figsize(figsize))
    plot_decision_boundary(parameters, X, Y, ax=ax, resolution=resolution, title=title, X_dev=X_dev, Y_dev=Y_dev)
    return ax


def multiclass_figure(hidden_units: int = 16, learning_rate: float = 0.01, iterations: int = 2000,
                      classes: int = 3, figsize=(10, 4.2)):
    """The widget's callback: train ``train_multiclass`` on the ``classes``-arm spiral, draw its regions
    and its cost curves.  Returns (figure, info text with the accuracies)."""
    data = multiclass_data(classes)
    r = train_multiclass(data, hidden_units, learning_rate, iterations)
    fig, axes = plt.subplots(1, 2, figsize=v.check_figsize(figsize), gridspec_kw={"width_ratios": [1.1, 1]})
    name = "softmax regression" if not hidden_units else f"{hidden_units} hidden relu units"
    if r["history"].diverged:
        axes[0].set_title(f"{name}: diverged")
        axes[0].set_xlabel("$x_1$")
        axes[0].set_ylabel("$x_2$")
        info = "diverged: lower the learning rate"
    else:
        plot_multiclass_regions(r["parameters"], data.X_train, data.Y_train, ax=axes[0], X_dev=data.X_test,
                                Y_dev=data.Y_test, title=f"{name}: dev accuracy {r['dev_accuracy']:.1%}")
        info = (f"{name}, learning rate {learning_rate:g}, {iterations} iterations: train accuracy "
                f"{r['train_accuracy']:.1%}, dev accuracy {r['dev_accuracy']:.1%}, "
                f"final cost {r['history'].costs[-1]:.4f}")
    h = r["history"]
    axes[1].plot(h.iterations, h.costs, label="train")
    axes[1].plot(h.iterations, h.dev_costs, label="dev")
    axes[1].set_xlabel("iteration")
    axes[1].set_ylabel("softmax cross-entropy $J$")
    axes[1].set_title("cost")
    axes[1].legend()
    fig.tight_layout()
    return fig, info


def multiclass_widget(hidden_units: int = 16, learning_rate: float = 0.01, iterations: int = 2000):
    """Hidden units (0 = softmax regression) and learning rate sliders above ``multiclass_figure``."""
    from ..widgets import interactive_figure, log_slider, slider

    return interactive_figure(lambda **kw: multiclass_figure(iterations=iterations, **kw),
                              hidden_units=slider("hidden units (0: softmax regression)", hidden_units, 0, 64),
                              learning_rate=log_slider("learning rate", learning_rate, -4, 0, readout_format=".1e"))


__all__ = [
    "cross_entropy_naive", "cross_entropy_stable", "multiclass_data", "multiclass_figure", "MULTICLASS_SETUP",
    "multiclass_widget", "plot_multiclass_regions", "softmax_naive", "train_multiclass",
]
