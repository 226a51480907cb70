"""Lesson of notebooks/c1w3_planar_one_hidden_layer.ipynb: logistic regression against a network with
one hidden layer on the planar flower, the network's representation (layers and shapes), backpropagation
derived for one example and checked numerically, the activation functions (and why a linear hidden layer is
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

from .. import validation as v
from ..activations import HIDDEN_ACTIVATIONS, activation, derivative
from ..datasets import make_blobs, make_dataset, make_flower
from ..fastpath import dense_side_by_side
from ..gradcheck import gradient_check, gradients_to_vector, relative_difference
from ..model import (
    Network,
    accuracy,
    backward,
    forward,
    hidden_activations,
    initialize_parameters,
    network,
    predict,
    resolve_activations,
)
from ..optimizers import GradientDescent
from ..plotting import boundary_grid, plot_decision_boundary
from ..training import progress_bar, train

SHOWN_ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu")


# --------------------------------------------------------------------------- the representation
def layer_table(X, n_h: int = 4, n_y: int = 1, seed: int = 0) -> list[tuple]:
    """The one-hidden-layer network's quantities for X (n_x, m): rows (name, shape, what it is) for
    a[0] = x, W[1], b[1], a[1], W[2], b[2] and a[2] = y_hat, the shapes taken from the package's
    ``initialize_parameters([n_x, n_h, n_y])`` and ``forward`` (tanh hidden layer) on X."""
    X = v.check_matrix(X, "X")
    n_h, n_y = v.check_int(n_h, "n_h"), v.check_int(n_y, "n_y")
    params = initialize_parameters([X.shape[0], n_h, n_y], "random", seed, 0.01)
    A2, caches = forward(X, params, hidden_activation="tanh")
    return [
        ("a[0] = x", X.shape, "input layer (layer 0, not counted)"),
        ("W[1]", params["W1"].shape, "hidden layer: one row per hidden unit"),
        ("b[1]", params["b1"].shape, "hidden layer: one bias per hidden unit"),
        ("a[1]", caches[0].A.shape, "hidden activations: not in the training set"),
        ("W[2]", params["W2"].shape, "output layer: one weight per hidden unit"),
        ("b[2]", params["b2"].shape, "output layer's bias"),
        ("a[2] = y_hat", A2.shape, "output layer (layer 2)"),
    ]


def format_layer_table(rows) -> str:
    """Aligned text of ``layer_table`` rows, with the number of parameters (the W's and b's) at the end."""
    if not rows:
        raise ValueError("rows must hold at least one row of layer_table, got none")
    lines = [f"{'':>13} {'shape':>10}   what it is"]
    for name, shape, what in rows:
        lines.append(f"{name:>13} {str(shape):>10}   {what}")
    n_params = sum(int(np.prod(shape)) for name, shape, _ in rows if name[0] in "Wb")
    lines.append(f"parameters: {n_params}")
    return "\n".join(lines)


def plot_network(layer_dims=(2, 4, 1)):
    """The network [n_x, n_h, n_y] drawn as the lecture draws it: one column of units per layer, every
    unit joined to every unit of the next layer, the layers named on the x axis (layer 0 the input,
    not counted).  Returns the Figure."""
    dims = [v.check_int(n, "layer_dims[i]") for n in layer_dims]
    if len(dims) != 3:
        raise ValueError(f"layer_dims must be [n_x, n_h, n_y] (one hidden layer), got {list(layer_dims)}")
    fig, ax = plt.subplots(figsize=(6, 3.8))
    ys = [np.arange(n) - (n - 1) / 2 for n in dims]
    for layer in range(2):
        for y0 in ys[layer]:
            for y1 in ys[layer + 1]:
                ax.plot([layer, layer + 1], [y0, y1], color="0.75", lw=0.8, zorder=1)
    names = [lambda j: f"$x_{j}$", lambda j: f"$a^{{[1]}}_{j}$", lambda j: r"$a^{[2]} = \hat y$"]
    colors = ("tab:gray", "tab:blue", "tab:orange")
    for layer, (y, name, color) in enumerate(zip(ys, names, colors)):
        ax.scatter(np.full(len(y), layer), y, s=600, color=color, zorder=2, edgecolor="black")
        for j, yj in enumerate(y, start=1):
            ax.text(layer + 0.12, yj + 0.18, name(j), fontsize=9)
    ax.set_xticks([0, 1, 2], ["layer 0: input\n(not counted)", "layer 1: hidden", "layer 2: output"])
    ax.set_xlim(-0.4, 2.5)
    ax.set_ylim(min(y.min() for y in ys) - 0.8, max(y.max() for y in ys) + 0.8)
    ax.set_yticks([])
    ax.set_xlabel("layer")
    ax.set_ylabel("units of the layer")
    ax.set_title(f"A {len(dims) - 1}-layer network {list(dims)}", fontsize=10)
    fig.tight_layout()
    return fig


# --------------------------------------------------------------------------- backprop for one example
def one_example_gradients(parameters, x, y) -> dict:
    """Backpropagation for ONE example, as the lecture derives it with the chain rule, for the
    network tanh hidden layer -> sigmoid output.  parameters {"W1" (n_h, n_x), "b1" (n_h, 1),
    "W2" (1, n_h), "b2" (1, 1)}; x (n_x, 1); y (1, 1).  The forward pass is the package's ``forward``.

    Returns {"dz2" (1, 1), "dW2" (1, n_h), "db2" (1, 1), "dz1" (n_h, 1), "dW1" (n_h, n_x), "db1" (n_h, 1)}:
    dz2 = a2 - y, dW2 = dz2 a1^T, db2 = dz2, dz1 = W2^T dz2 * g1'(z1), dW1 = dz1 x^T, db1 = dz1.
    """
    x = v.check_matrix(x, "x", cols=1)
    a2, caches = forward(x, parameters, hidden_activation="tanh", output_activation="sigmoid")
    if len(caches) != 2:
        raise ValueError(f"parameters must have two layers (W1, b1, W2, b2), got {len(caches)}")
    y = v.check_labels(y, 1, "y")
    z1, a1 = caches[0].Z, caches[0].A
    dz2 = a2 - y                                               # dL/da2 * da2/dz2 = a2 - y
    dW2 = dz2 @ a1.T                                           # z2 = W2 a1 + b2
    db2 = dz2
    dz1 = (parameters["W2"].T @ dz2) * derivative("tanh", z1)  # dL/da1 = W2^T dz2, times tanh'(z1)
    dW1 = dz1 @ x.T                                            # z1 = W1 x + b1
    db1 = dz1
    return {"dz2": dz2, "dW2": dW2, "db2": db2, "dz1": dz1, "dW1": dW1, "db1": db1}


def check_one_example(parameters, x, y, epsilon: float = 1e-7) -> float:
    """Relative difference between ``one_example_gradients`` and the centred finite differences of the
    cost of that one example (the package's ``gradient_check``).  x (n_x, 1), y (1, 1)."""
    grads = one_example_gradients(parameters, x, y)
    return gradient_check(x, y, parameters, {k: grads[k] for k in ("dW1", "db1", "dW2", "db2")},
                          hidden_activation="tanh", output_activation="sigmoid", epsilon=epsilon)


def averaged_one_example_gradients(parameters, X, Y) -> dict:
    """The vectorized step: the mean over the m columns of X (n_x, m), Y (1, m) of the one-example
    gradients dW1, db1, dW2, db2 (the 1/m of the cost J = (1/m) sum of the losses).
    Returns {"dW1", "db1", "dW2", "db2"} shaped like W1, b1, W2, b2."""
    X = v.check_matrix(X, "X")
    Y = v.check_labels(Y, X.shape[1])
    each = [one_example_gradients(parameters, X[:, [i]], Y[:, [i]]) for i in range(X.shape[1])]
    return {k: sum(g[k] for g in each) / len(each) for k in ("dW1", "db1", "dW2", "db2")}


def vectorized_difference(parameters, X, Y) -> float:
    """Relative difference between ``averaged_one_example_gradients`` and the package's vectorized
    ``backward`` (dZ[2] = A[2] - Y, dW[2] = (1/m) dZ[2] A[1]^T, ...) on X (n_x, m), Y (1, m)."""
    AL, caches = forward(X, parameters, hidden_activation="tanh", output_activation="sigmoid")
    vectorized = backward(AL, Y, caches)
    averaged = averaged_one_example_gradients(parameters, X, Y)
    return relative_difference(gradients_to_vector(vectorized), gradients_to_vector(averaged))


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
    ax.set_ylim(-1.6, 2.1)


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
        start = network([2, n_h, 1], activation, init="random", scale=0.01, seed=seed)
        net, _ = train(X, Y, start, GradientDescent(learning_rate), num_iterations, seed=seed,
                       record_every=num_iterations)
        if known is not None:
            known[activation] = net
    acc = accuracy(predict(X, net), Y)
    fig, (ax_g, ax_b) = plt.subplots(1, 2, figsize=(9, 3.6), gridspec_kw={"width_ratios": [1, 1.3]})
    _draw_activation(ax_g, activation)
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
def _check_side_by_side(datasets, starts):
    datasets, starts = list(datasets), list(starts)
    if not starts or len(datasets) != len(starts):
        raise ValueError(f"datasets and starts must be two non-empty lists of the same length, got "
                         f"{len(datasets)} and {len(starts)}")
    L = v.count_layers(starts[0])
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
    never mix) and whose K outputs are the K networks' outputs: ``dlnotes.fastpath.dense_side_by_side``,
    one forward, backward and gradient-descent step per iteration for all K.  Returns K ``Network``s (float64).
    """
    datasets, starts = _check_side_by_side(datasets, starts)
    v.check_positive(learning_rate, "learning_rate")
    v.check_int(num_iterations, "num_iterations")
    v.check_choice(hidden_activation, "hidden_activation", HIDDEN_ACTIVATIONS)
    shared = all(X is datasets[0][0] for X, _ in datasets)
    X = np.asarray(datasets[0][0] if shared else np.vstack([X for X, _ in datasets]), dtype=dtype)
    Y = np.vstack([np.asarray(Y, dtype=dtype) for _, Y in datasets])
    iterations = progress_bar(range(num_iterations)) if progress else range(num_iterations)
    nets = dense_side_by_side(X, Y, starts, shared, hidden_activation, learning_rate, iterations, dtype)
    return [Network(net, hidden_activation) for net in nets]


def _tanh_side_by_side(datasets, sizes, seed, learning_rate, num_iterations, dtype, progress):
    """The [n_x, n_h, 1] tanh network (randn * 0.01 with ``seed``) for each (X, Y) of ``datasets`` and n_h of
    ``sizes``, trained side by side.  Returns (networks, their accuracies on their training points)."""
    starts = [initialize_parameters([np.shape(X)[0], n, 1], "random", seed, 0.01) for (X, _), n in zip(datasets, sizes)]
    nets = train_side_by_side(datasets, starts, learning_rate, num_iterations, "tanh", dtype, progress)
    return nets, [accuracy(predict(X, net), Y) for (X, Y), net in zip(datasets, nets)]


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
    nets, accs = _tanh_side_by_side([(X, Y)] * len(sizes), sizes, seed, learning_rate, num_iterations, dtype, progress)
    dev = [None] * len(nets) if X_dev is None else [accuracy(predict(X_dev, n), Y_dev) for n in nets]
    return [SweepRow(*row) for row in zip(sizes, nets, accs, dev)]


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
    accs = _tanh_side_by_side(flowers, [n_h] * len(seeds), init_seed, learning_rate, num_iterations, dtype,
                              progress)[1]
    return [DrawRow(s, accuracy(predict(X, lr), Y), a) for s, (X, Y), lr, a in zip(seeds, flowers, logistic, accs)]


# --------------------------------------------------------------------------- plots
def plot_boundary(X, Y, parameters, title: str = "", ax=None, resolution: int = 100):
    """Decision boundary of a trained network (a ``Network``, or a plain dict of a ReLU network) over
    2-D data X (2, m), Y (1, m).

    Draws into ``ax`` (or a new 5x4 figure) and returns the Figure."""
    X = v.check_matrix(X, "X", rows=2)
    v.check_parameters(parameters, 2)
    ax = ax or plt.subplots(figsize=(5, 4))[1]
    plot_decision_boundary(parameters, X, Y, ax=ax, resolution=resolution, title=title)
    return ax.figure


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
    nets, accs = _tanh_side_by_side(data, [n_h] * len(names), seed, learning_rate, num_iterations, dtype, progress)
    return [(name, net, a, X, Y) for name, net, a, (X, Y) in zip(names, nets, accs, data)]


__all__ = [
    "averaged_one_example_gradients", "check_one_example", "format_layer_table", "layer_table",
    "one_example_gradients", "plot_network", "vectorized_difference",
    "activation_figure", "activation_widget", "COURSE_SETS", "DrawRow", "flower_draws", "hidden_size_sweep",
    "hidden_unit_maps", "other_datasets", "OTHER_SETS", "plot_activations", "plot_boundary", "plot_boundary_grid",
    "plot_hidden_units", "SHOWN_ACTIVATIONS", "SweepRow", "train_side_by_side",
]


def dead_units(parameters, X) -> int:
    """The hidden units of the first layer whose z = W[1] x + b[1] is <= 0 on every example of X (n_x, m):
    with ReLU they output 0 everywhere and get no gradient, so they stop learning ("dead")."""
    L = v.check_parameters(parameters)
    if L < 2:
        raise ValueError(f"parameters must have a hidden layer, got a network of {L} layer")
    X = v.check_matrix(X, "X", rows=parameters["W1"].shape[1])
    return int((parameters["W1"] @ X + parameters["b1"] <= 0).all(axis=1).sum())


# the course's ReLU network on the flower, then one change at a time: (label, n_h, init, learning rate)
RELU_SETUPS = (("the course's: 4 units, randn x 0.01, rate 1.2", 4, "random", 1.2),
               ("rate 0.1", 4, "random", 0.1), ("rate 0.3", 4, "random", 0.3),
               ("He initialization", 4, "he", 1.2), ("20 units", 20, "random", 1.2),
               ("20 units, He, rate 0.1", 20, "he", 0.1))


def relu_setups(X, Y, setups=RELU_SETUPS, seeds=(0, 1, 2), num_iterations: int = 10000) -> list:
    """The [2, n_h, 1] ReLU network on X (2, m), Y (1, m) for each (label, n_h, init, learning rate) of
    ``setups`` (randn x 0.01 for init "random") and each seed.  Returns [(label, seed, accuracy, dead units)]."""
    X, Y = v.check_matrix(X, "X", rows=2), v.check_labels(Y, np.shape(X)[1])
    out = []
    for label, n_h, init, rate in setups:
        for s in seeds:
            start = network([2, n_h, 1], "relu", init=init, scale=0.01, seed=s)
            net, _ = train(X, Y, start, GradientDescent(rate), num_iterations, seed=s, record_every=num_iterations)
            out.append((label, s, accuracy(predict(X, net), Y), dead_units(net, X)))
    return out
