"""Lesson of notebooks/c1w3_planar_one_hidden_layer.ipynb: logistic regression against a network with
one hidden layer on the planar flower, the activation functions (and why a linear hidden layer is
no better than logistic regression), what each hidden unit computes, the hidden layer's size with a
dev set, how much the flower's random draw moves the figures, and other 2-D data sets.

X (2, m), Y (1, m).  The trained networks are ``dlnotes.Network``s, which carry their activation:
the plots take them as they are.  The experiments that train many small networks train them side
by side (``train_side_by_side``): one block-diagonal network whose blocks never interact.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

import matplotlib.pyplot as plt
import numpy as np
from scipy.linalg import block_diag

from .. import validation as v
from ..activations import HIDDEN_ACTIVATIONS, activation, derivative
from ..datasets import make_blobs, make_dataset, make_flower
from ..model import (
    Network,
    accuracy,
    backward_layers,
    forward_layers,
    hidden_activations,
    initialize_parameters,
    n_layers,
    predict,
    resolve_activations,
)
from ..optimizers import GradientDescent
from ..plotting import boundary_grid, plot_decision_boundary
from ..training import progress_bar, train

SHOWN_ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu")


# --------------------------------------------------------------------------- activation functions
def _draw_activation(ax, name, z_max=4.0, slope=0.01):
    z = np.linspace(-z_max, z_max, 401)
    ax.axhline(0, color="0.8", lw=0.8)
    ax.axvline(0, color="0.8", lw=0.8)
    ax.plot(z, activation(name, z, slope), color="#2166ac", lw=2, label="$g(z)$")
    ax.plot(z, derivative(name, z, slope), color="#b2182b", lw=1.5, ls="--", label="$g'(z)$")
    ax.set_xlabel("$z$")
    ax.set_ylabel("$g(z)$, $g'(z)$")
    ax.set_title(name if name != "leaky_relu" else f"leaky_relu (slope {slope:g})")


def plot_activations(names=SHOWN_ACTIVATIONS, z_max: float = 4.0, slope: float = 0.1):
    """One panel per activation: g(z) and its derivative g'(z) for z in [-z_max, z_max] (``slope``: leaky
    ReLU's slope for z < 0, larger than the course's 0.01 so that it shows).  Returns the Figure."""
    names = list(names)
    for name in names:
        v.check_choice(name, "names", HIDDEN_ACTIVATIONS)
    if not names:
        raise ValueError("names must hold at least one activation, got none")
    v.check_positive(z_max, "z_max")
    fig, axes = plt.subplots(1, len(names), figsize=(3.1 * len(names), 2.9), sharey=True, squeeze=False)
    for ax, name in zip(axes.flat, names):
        _draw_activation(ax, name, z_max, slope)
    axes.flat[0].set_ylim(-1.6, 2.1)
    axes.flat[0].legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    return fig


def activation_figure(activation: str = "tanh", *, X, Y, known=None, n_h: int = 4, learning_rate: float = 1.2,
                      num_iterations: int = 10000, seed: int = 0):
    """Widget callback: the hidden activation g with g' (left) and the decision boundary of the
    [2, n_h, 1] network trained with it on X (2, m), Y (1, m) (right).

    ``known``: a dict {activation: Network} of networks already trained with these settings; one for
    ``activation`` is reused instead of training again (and a new one is added to it).
    Returns (Figure, info), info the text "hidden activation ...: accuracy ... on the training points".
    """
    v.check_choice(activation, "activation", HIDDEN_ACTIVATIONS)
    X = v.check_matrix(X, "X", rows=2)
    net = None if known is None else known.get(activation)
    if net is not None and (resolve_activations(net)[0] != activation or net["W1"].shape != (n_h, 2)):
        raise ValueError(f"known[{activation!r}] must be a [2, {n_h}, 1] network with hidden activation "
                         f"{activation!r}, got W1 {net['W1'].shape} with {resolve_activations(net)[0]!r}")
    if net is None:
        net, _ = train(X, Y, [2, n_h, 1], learning_rate, num_iterations, hidden_activation=activation,
                       init="random", scale=0.01, seed=seed, record_every=num_iterations)
        if known is not None:
            known[activation] = net
    acc = accuracy(predict(X, net), Y)
    fig, (ax_g, ax_b) = plt.subplots(1, 2, figsize=(9, 3.6), gridspec_kw={"width_ratios": [1, 1.3]})
    _draw_activation(ax_g, activation)
    ax_g.set_ylim(-1.6, 2.1)
    ax_g.legend(loc="upper left", fontsize=8)
    plot_decision_boundary(net, X, Y, ax=ax_b, resolution=80, title=f"{n_h} {activation} units: {acc:.1%}")
    fig.tight_layout()
    return fig, f"hidden activation {activation}: accuracy {acc:.2%} on the training points"


def activation_widget(X, Y, known=None, activation: str = "tanh"):
    """A menu of hidden activations redrawing ``activation_figure`` on X, Y; the networks trained
    are remembered (``known`` is the starting memory), so going back to one is instant."""
    import ipywidgets as W

    from ..widgets import interactive_figure

    memory = dict(known or {})
    menu = W.Dropdown(options=list(HIDDEN_ACTIVATIONS), value=activation, description="hidden activation",
                      style={"description_width": "initial"})
    return interactive_figure(functools.partial(activation_figure, X=X, Y=Y, known=memory), activation=menu)


# --------------------------------------------------------------------------- many small networks at once
def _stack(starts, shared):
    """Block-diagonal weights, stacked biases and the masks that keep the blocks apart."""
    L = n_layers(starts[0])
    Ws, bs, masks = [], [], []
    for layer in range(1, L + 1):
        blocks = [np.asarray(p[f"W{layer}"], dtype=np.float64) for p in starts]
        if layer == 1 and shared:  # every network reads the same X: W1's blocks are stacked rows
            Ws.append(np.vstack(blocks))
            masks.append(None)
        else:
            Ws.append(block_diag(*blocks))
            masks.append(block_diag(*[np.ones_like(b) for b in blocks]))
        bs.append(np.vstack([np.asarray(p[f"b{layer}"], dtype=np.float64) for p in starts]))
    return Ws, bs, masks


def _unstack(Ws, bs, starts, shared, hidden):
    """The K networks (float64) out of the trained block-diagonal one."""
    L = len(Ws)
    first = [0] * (L + 1)  # first[l]: the current network's first unit of layer l (l = 0: its first row of X)
    nets = []
    for p in starts:
        net = {}
        for layer in range(1, L + 1):
            n, n_prev = p[f"W{layer}"].shape
            r, c = first[layer], (0 if layer == 1 and shared else first[layer - 1])
            net[f"W{layer}"] = Ws[layer - 1][r:r + n, c:c + n_prev].astype(np.float64)
            net[f"b{layer}"] = bs[layer - 1][r:r + n].astype(np.float64)
        first = [first[0] + p["W1"].shape[1]] + [first[lay] + p[f"W{lay}"].shape[0] for lay in range(1, L + 1)]
        nets.append(Network(net, hidden))
    return nets


def _check_side_by_side(datasets, starts):
    datasets, starts = list(datasets), list(starts)
    if not starts or len(datasets) != len(starts):
        raise ValueError(f"datasets and starts must be two non-empty lists of the same length, got "
                         f"{len(datasets)} and {len(starts)}")
    L = n_layers(starts[0])
    m = np.shape(datasets[0][0])[1] if np.ndim(datasets[0][0]) == 2 else None
    for k, ((X, Y), p) in enumerate(zip(datasets, starts)):
        if v.check_parameters(p, np.shape(X)[0]) != L or p[f"W{L}"].shape[0] != 1:
            raise ValueError(f"starts[{k}] must have {L} layers and one output unit, like starts[0]")
        v.check_matrix(X, f"datasets[{k}] X", cols=m)
        v.check_labels(Y, m, f"datasets[{k}] Y")
    return datasets, starts


def train_side_by_side(datasets, starts, learning_rate: float = 1.2, num_iterations: int = 5000,
                       hidden_activation: str = "tanh", dtype=np.float32, progress: bool = False) -> list:
    """Train K independent networks with one sigmoid output by gradient descent, all at once.

    ``datasets``: [(X_k (n_x_k, m), Y_k (1, m)), ...] (the same m; pass the same X object to every
    network to share it); ``starts``: their starting parameters (the same number of layers).  The K
    networks become one whose W[l] are block diagonal (masked after every gradient so the blocks
    never mix) and whose K outputs are the K networks' outputs: the core's ``forward_layers``,
    ``backward_layers`` and gradient-descent step, one call for all K.  Returns K ``Network``s (float64).
    """
    datasets, starts = _check_side_by_side(datasets, starts)
    v.check_positive(learning_rate, "learning_rate")
    v.check_int(num_iterations, "num_iterations")
    v.check_choice(hidden_activation, "hidden_activation", HIDDEN_ACTIVATIONS)
    shared = all(X is datasets[0][0] for X, _ in datasets)
    Ws, bs, masks = _stack(starts, shared)
    Ws, bs = [W.astype(dtype) for W in Ws], [b.astype(dtype) for b in bs]
    masks = [None if M is None else M.astype(dtype) for M in masks]
    X = np.asarray(datasets[0][0] if shared else np.vstack([X for X, _ in datasets]), dtype=dtype)
    Y = np.vstack([np.asarray(Y, dtype=dtype) for _, Y in datasets])
    XT = np.ascontiguousarray(X.T)  # dW1 = dZ1 X^T as d.train computes it
    keep = (1.0,) * (len(Ws) - 1)
    step = GradientDescent(Ws + bs).step
    bar = progress_bar(num_iterations) if progress else None
    for _ in range(num_iterations):
        AL, caches = forward_layers(X, Ws, bs, hidden_activation, "sigmoid", keep, None)
        dWs, dbs = backward_layers(AL, Y, caches, 0.0, XT)
        for dW, M in zip(dWs, masks):
            if M is not None:
                dW *= M
        step(Ws + bs, dWs + dbs, learning_rate)
        if bar is not None:
            bar.update(1)
    if bar is not None:
        bar.close()
    return _unstack(Ws, bs, starts, shared, hidden_activation)


# --------------------------------------------------------------------------- hidden layer size, draws
class SweepRow(NamedTuple):
    """One hidden layer size: its trained network, accuracy on the training points and on the dev set."""

    n_h: int
    network: Network
    accuracy: float
    dev_accuracy: float | None


def hidden_size_sweep(X, Y, sizes=(1, 2, 3, 4, 5, 20, 50), num_iterations: int = 5000, learning_rate: float = 1.2,
                      seed: int = 0, X_dev=None, Y_dev=None, dtype=np.float32, progress: bool = False) -> list:
    """The [n_x, n_h, 1] tanh network for each hidden size, random init randn * 0.01 (``seed``), trained
    side by side on X (n_x, m), Y (1, m).  Returns [SweepRow(n_h, network, accuracy, dev_accuracy)],
    dev_accuracy on X_dev, Y_dev (None without them)."""
    sizes = [v.check_int(n, "sizes") for n in sizes]
    if not sizes:
        raise ValueError("sizes must hold at least one hidden size, got none")
    X = v.check_matrix(X, "X")
    starts = [initialize_parameters([X.shape[0], n, 1], "random", seed, 0.01) for n in sizes]
    nets = train_side_by_side([(X, Y)] * len(sizes), starts, learning_rate, num_iterations, "tanh", dtype, progress)
    dev = [None] * len(nets) if X_dev is None else [accuracy(predict(X_dev, n), Y_dev) for n in nets]
    return [SweepRow(n_h, net, accuracy(predict(X, net), Y), a) for n_h, net, a in zip(sizes, nets, dev)]


class DrawRow(NamedTuple):
    """One flower draw (``make_flower`` with ``seed``): logistic regression's and the hidden layer's accuracy."""

    seed: int
    logistic_accuracy: float
    accuracy: float


def flower_draws(seeds=range(8), n_h: int = 4, num_iterations: int = 10000, learning_rate: float = 1.2,
                 logistic_iterations: int = 2000, logistic_rate: float = 0.1, init_seed: int = 0,
                 dtype=np.float32, progress: bool = False) -> list:
    """The notebook's two models on several draws of the flower (400 points each): logistic regression
    (zeros, ``logistic_iterations`` at ``logistic_rate``, float64) and the [2, n_h, 1] tanh network
    (randn * 0.01 with ``init_seed``, ``num_iterations`` at ``learning_rate``).  Returns [DrawRow]."""
    seeds = [int(s) for s in seeds]
    if not seeds:
        raise ValueError("seeds must hold at least one seed, got none")
    flowers = [make_flower(400, 0.2, seed=s) for s in seeds]
    logistic = train_side_by_side(flowers, [initialize_parameters([2, 1], "zeros") for _ in seeds], logistic_rate,
                                  logistic_iterations, dtype=np.float64)
    starts = [initialize_parameters([2, n_h, 1], "random", init_seed, 0.01) for _ in seeds]
    nets = train_side_by_side(flowers, starts, learning_rate, num_iterations, "tanh", dtype, progress)
    return [DrawRow(s, accuracy(predict(X, lr), Y), accuracy(predict(X, net), Y))
            for s, (X, Y), lr, net in zip(seeds, flowers, logistic, nets)]


# --------------------------------------------------------------------------- plots
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


def _panel_title(r):
    label, acc = r[0], r[2]
    name = f"{label} hidden unit{'' if label == 1 else 's'}" if isinstance(label, int) else f"{label}"
    if isinstance(r, SweepRow) and r.dev_accuracy is not None:
        return f"{name}: train {acc:.1%}, dev {r.dev_accuracy:.1%}"
    return f"{name}: {acc:.1%}"


def plot_boundary_grid(X, Y, results, ncols: int = 4, suptitle: str = ""):
    """Small multiples of decision boundaries: results is [(label, network, accuracy), ...] (a
    ``SweepRow`` also shows its dev accuracy), or [(label, parameters, accuracy, X, Y), ...] to give
    each panel its own data. Returns the Figure."""
    results = list(results)
    if not results:
        raise ValueError("results must hold at least one (label, parameters, accuracy), got none")
    v.check_int(ncols, "ncols")
    ncols = min(ncols, len(results))
    nrows = -(-len(results) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.2 * ncols, 2.9 * nrows), squeeze=False)
    for ax, r in zip(axes.flat, results):
        Xi, Yi = (r[3], r[4]) if len(r) == 5 else (X, Y)
        plot_boundary(Xi, Yi, r[1], title=_panel_title(r), ax=ax, resolution=80)
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


def _six_blobs(n_samples, seed):
    """Six Gaussian blobs (std 1) around centers drawn uniformly in [-10, 10]^2, labelled blob index mod 2."""
    centers = np.random.default_rng([seed, 6]).uniform(-10, 10, (6, 2))
    X, Y = make_blobs(n_samples, 1.0, seed, centers)
    return X, Y % 2


# the course's load_extra_datasets (N = 200 each, scikit-learn's recipes), redrawn with numpy Generators
COURSE_SETS = {
    "noisy_circles": lambda n, seed: make_dataset("circles", n, 0.3, seed, factor=0.5),
    "noisy_moons": lambda n, seed: make_dataset("moons", n, 0.2, seed),
    "blobs": _six_blobs,
    "gaussian_quantiles": lambda n, seed: make_dataset("gaussian_quantiles", n, 0.0, seed),
}
OTHER_SETS = tuple(COURSE_SETS)


def other_datasets(names=OTHER_SETS, n_h: int = 4, num_iterations: int = 10000, learning_rate: float = 1.2,
                   n_samples: int = 200, seed: int = 0, dtype=np.float32, progress: bool = False) -> list:
    """The [2, n_h, 1] tanh network (randn * 0.01 with ``seed``) on each of the course's other sets
    (``COURSE_SETS``, drawn with ``seed``), trained side by side; returns [(name, network, accuracy, X, Y)]."""
    names = [v.check_choice(name, "names", COURSE_SETS) for name in names]
    data = [COURSE_SETS[name](n_samples, seed) for name in names]
    starts = [initialize_parameters([2, n_h, 1], "random", seed, 0.01) for _ in names]
    nets = train_side_by_side(data, starts, learning_rate, num_iterations, "tanh", dtype, progress)
    return [(name, net, accuracy(predict(X, net), Y), X, Y) for name, net, (X, Y) in zip(names, nets, data)]


__all__ = [
    "activation_figure", "activation_widget", "COURSE_SETS", "DrawRow", "flower_draws", "hidden_size_sweep",
    "hidden_unit_maps", "other_datasets", "OTHER_SETS", "plot_activations", "plot_boundary", "plot_boundary_grid",
    "plot_hidden_units", "SHOWN_ACTIVATIONS", "SweepRow", "train_side_by_side",
]
