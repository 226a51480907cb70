"""Lesson of notebooks/c1w3_planar_one_hidden_layer.ipynb: logistic regression against a network with
one hidden layer on the planar flower, what each hidden unit computes, the hidden layer's size, and
other 2-D data sets.

X (2, m), Y (1, m).  The trained networks are ``dlnotes.Network``s, which carry their activation:
the plots take them as they are.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .. import validation as v
from ..activations import HIDDEN_ACTIVATIONS
from ..datasets import make_dataset
from ..model import accuracy, hidden_activations, predict, resolve_activations
from ..plotting import boundary_grid, plot_decision_boundary
from ..training import train


def train_one_hidden(X, Y, n_h: int = 4, hidden_activation: str = "tanh", learning_rate: float = 1.2,
                     num_iterations: int = 10000, seed: int = 0, scale: float = 0.01):
    """The week-3 network [n_x, n_h, 1] with random init randn * scale, trained by gradient descent.

    X (n_x, m), Y (1, m). Returns (network, history, accuracy on X); the ``Network`` records its activation.
    """
    v.check_int(n_h, "n_h")
    v.check_choice(hidden_activation, "hidden_activation", HIDDEN_ACTIVATIONS)
    X = v.check_matrix(X, "X")
    params, hist = train(X, Y, [X.shape[0], n_h, 1], learning_rate, num_iterations,
                         hidden_activation=hidden_activation, init="random", scale=scale, seed=seed,
                         record_every=1000)
    return params, hist, accuracy(predict(X, params), Y)


def train_logistic_2d(X, Y, learning_rate: float = 0.1, num_iterations: int = 2000):
    """Logistic regression (the network [n_x, 1]) on X (n_x, m), Y (1, m): (parameters, accuracy)."""
    X = v.check_matrix(X, "X")
    params, _ = train(X, Y, [X.shape[0], 1], learning_rate, num_iterations, init="zeros", record_every=1000)
    return params, accuracy(predict(X, params), Y)


def plot_boundary(X, Y, parameters, title: str = "", ax=None, resolution: int = 100):
    """Decision boundary of a trained network (a ``Network``, or a plain dict of a ReLU network) over
    2-D data X (2, m), Y (1, m).

    Draws into ``ax`` (or a new 5x4 figure) and returns the Figure."""
    X = v.check_matrix(X, "X", rows=2)
    v.check_parameters(parameters, 2)
    if ax is None:
        fig, ax = plt.subplots(figsize=(5, 4))
    else:
        fig = ax.figure
    plot_decision_boundary(parameters, X, Y, ax=ax, resolution=resolution, title=title)
    return fig


def hidden_size_sweep(X, Y, sizes=(1, 2, 3, 4, 5, 20, 50), num_iterations: int = 5000,
                      learning_rate: float = 1.2, hidden_activation: str = "tanh", seed: int = 0) -> list:
    """Train ``train_one_hidden`` for each hidden size; returns [(n_h, parameters, accuracy), ...]."""
    sizes = list(sizes)
    if not sizes:
        raise ValueError("sizes must hold at least one hidden size, got none")
    out = []
    for n_h in sizes:
        params, _, acc = train_one_hidden(X, Y, n_h, hidden_activation, learning_rate, num_iterations, seed)
        out.append((n_h, params, acc))
    return out


def plot_boundary_grid(X, Y, results, ncols: int = 4, suptitle: str = ""):
    """Small multiples of decision boundaries: results is [(label, network, accuracy), ...]
    (or [(label, parameters, accuracy, X, Y), ...] to give each panel its own data). Returns the Figure."""
    results = list(results)
    if not results:
        raise ValueError("results must hold at least one (label, parameters, accuracy), got none")
    v.check_int(ncols, "ncols")
    ncols = min(ncols, len(results))
    nrows = -(-len(results) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.2 * ncols, 2.9 * nrows), squeeze=False)
    for ax, r in zip(axes.flat, results):
        label, params, acc = r[:3]
        Xi, Yi = (r[3], r[4]) if len(r) == 5 else (X, Y)
        title = (f"{label} hidden unit{'' if label == 1 else 's'}: {acc:.1%}" if isinstance(label, int)
                 else f"{label}: {acc:.1%}")
        plot_boundary(Xi, Yi, params, title=title, ax=ax, resolution=80)
        ax.title.set_fontsize(9)
    for ax in axes.flat[len(results):]:
        ax.axis("off")
    if suptitle:
        fig.suptitle(suptitle)
    fig.tight_layout()
    return fig


def hidden_unit_maps(parameters, X, resolution: int = 60):
    """Each first-layer unit's activation a_j = g(W1[j] x + b1[j]) over a grid around X (2, m), with
    the network's own g (``dlnotes.model.hidden_activations``; a plain dict is a ReLU network).

    Returns (maps (n_h, resolution, resolution), extent (x_min, x_max, y_min, y_max)).
    """
    X = v.check_matrix(X, "X", rows=2)
    v.check_parameters(parameters, 2)
    v.check_int(resolution, "resolution", minimum=2)
    grid, extent = boundary_grid(X, resolution)
    A1 = hidden_activations(grid, parameters)[0]
    return A1.reshape(-1, resolution, resolution), extent


def plot_hidden_units(parameters, X, Y, ncols: int = 5):
    """Small multiples of each hidden unit's activation map (``hidden_unit_maps``) over X (2, m), with
    the data Y (1, m) on top and the unit's weight to the output in the title. Returns the Figure."""
    maps, extent = hidden_unit_maps(parameters, X)
    hidden_activation = resolve_activations(parameters)[0]
    n = maps.shape[0]
    ncols = min(ncols, n)
    nrows = -(-n // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(2.6 * ncols, 2.5 * nrows), squeeze=False)
    lo, hi = (-1, 1) if hidden_activation == "tanh" else (float(maps.min()), float(maps.max()))
    W2 = parameters["W2"].ravel()
    labels = np.asarray(Y).ravel().astype(bool)
    for j, ax in enumerate(axes.flat):
        if j >= n:
            ax.axis("off")
            continue
        ax.imshow(maps[j], origin="lower", extent=extent, cmap="PuOr", vmin=lo, vmax=hi, aspect="auto")
        ax.scatter(X[0, labels], X[1, labels], s=3, c="#2166ac")
        ax.scatter(X[0, ~labels], X[1, ~labels], s=3, c="#b2182b")
        ax.set_title(f"unit {j + 1} (weight to output {W2[j]:+.2f})", fontsize=8)
        ax.set_xlabel("$x_1$", fontsize=8)
        ax.set_ylabel("$x_2$", fontsize=8)
        ax.tick_params(labelsize=6)
    fig.suptitle(f"What each hidden unit computes: $a_j = {hidden_activation}(w_j^T x + b_j)$", fontsize=10)
    fig.tight_layout()
    return fig


OTHER_SETS = ("moons", "circles", "blobs", "gaussian_quantiles")


def other_datasets(names=OTHER_SETS, n_h: int = 4, num_iterations: int = 10000, learning_rate: float = 1.2,
                   n_samples: int = 300, seed: int = 0) -> list:
    """Train the 4-unit tanh network on each generated set; returns [(name, parameters, accuracy, X, Y), ...]."""
    out = []
    for name in names:
        X, Y = make_dataset(name, n_samples=n_samples, seed=seed)
        params, _, acc = train_one_hidden(X, Y, n_h, "tanh", learning_rate, num_iterations, seed)
        out.append((name, params, acc, X, Y))
    return out


__all__ = [
    "hidden_size_sweep", "hidden_unit_maps", "other_datasets", "OTHER_SETS", "plot_boundary",
    "plot_boundary_grid", "plot_hidden_units", "train_logistic_2d", "train_one_hidden",
]
