"""Lesson of notebooks/c1w4_deep_network_step_by_step.ipynb: the shapes of an L-layer network's
parameters, caches and gradients as tables, and what depth buys (a deep narrow ReLU network whose
output is a sawtooth with 2**depth pieces; deep against shallow at about the same parameter count).

X (n_x, m); W[l] (n[l], n[l-1]); b[l] (n[l], 1).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .. import validation as v
from ..datasets import make_dataset
from ..model import accuracy, backward, forward, initialize_parameters, network, predict
from ..optimizers import Adam
from ..training import train


def layer_shapes(layer_dims, m: int) -> list:
    """One row per layer l = 1..L: (l, W shape, b shape, Z shape, A shape) for m examples.

    W[l] (n[l], n[l-1]), b[l] (n[l], 1), Z[l] and A[l] (n[l], m); row 0 is the input A[0] = X.
    """
    dims = v.check_layer_dims(layer_dims)
    v.check_int(m, "m")
    rows = [(0, None, None, None, (dims[0], m))]
    for layer in range(1, len(dims)):
        n, n_prev = dims[layer], dims[layer - 1]
        rows.append((layer, (n, n_prev), (n, 1), (n, m), (n, m)))
    return rows


def format_shape_table(rows) -> str:
    """The rows of ``layer_shapes`` as an aligned text table (the parameter count in the last column)."""
    rows = list(rows)
    if not rows:
        raise ValueError("rows must hold at least one layer, got none")

    def s(shape):
        return "-" if shape is None else f"({shape[0]}, {shape[1]})"

    header = ["layer", "W shape", "b shape", "Z shape", "A shape", "parameters"]
    table, total = [], 0
    for layer, W, b, Z, A in rows:
        count = 0 if W is None else W[0] * W[1] + b[0]
        total += count
        table.append([str(layer), s(W), s(b), s(Z), s(A), f"{count:,}"])
    table.append(["total", "", "", "", "", f"{total:,}"])
    widths = [max(len(r[i]) for r in [header, *table]) for i in range(len(header))]
    return "\n".join("  ".join(cell.rjust(w) for cell, w in zip(r, widths)) for r in [header, *table])


def format_cache_table(caches) -> str:
    """Shapes of what each layer's forward step cached (A_prev, W, b, Z, A) as an aligned table."""
    if not caches:
        raise ValueError("caches must be the non-empty list returned by forward, got nothing")
    lines = [f"{'layer':>5}  {'A_prev':>9}  {'W':>9}  {'b':>9}  {'Z':>9}  {'A':>9}"]
    for layer, c in enumerate(caches, start=1):
        shapes = [f"{a.shape}".replace(" ", "") for a in (c.A_prev, c.W, c.b, c.Z, c.A)]
        lines.append(f"{layer:>5}  " + "  ".join(f"{s:>9}" for s in shapes))
    return "\n".join(lines)


def format_grad_table(grads) -> str:
    """Shapes and norms of dW[l], db[l] as an aligned table."""
    if not grads:
        raise ValueError("grads must be the dict returned by backward, got nothing")
    lines = [f"{'gradient':>8}  {'shape':>8}  {'norm':>10}"]
    for k, g in grads.items():
        lines.append(f"{k:>8}  {str(np.shape(g)).replace(' ', ''):>8}  {np.linalg.norm(g):>10.6f}")
    return "\n".join(lines)


def init_signal(layer_dims=(12288, 20, 7, 5, 1), m: int = 64, seed: int = 0, inits=None) -> list:
    """How big Z[l] and dW[l] start under each initialization, on m random "pictures" X (n_x, m) with
    pixels uniform in [0, 1] and random labels.  ``inits``: {label: (method, scale)} for
    ``initialize_parameters`` (default: the step-by-step assignment's randn * 0.01 and the
    application's randn / sqrt(n[l-1])).  Returns [(layer, {label: (std of Z[l], norm of dW[l])}), ...]."""
    dims = v.check_layer_dims(layer_dims)
    v.check_int(m, "m")
    if inits is None:
        inits = {"randn * 0.01": ("random", 0.01), "randn / sqrt(n[l-1])": ("xavier", 0.01)}
    rng = np.random.default_rng(seed)
    X = rng.random((dims[0], m))
    Y = (rng.random((1, m)) < 0.5).astype(float)
    stats = {}
    for label, (method, scale) in inits.items():
        params = initialize_parameters(dims, method, seed=seed, scale=scale)
        AL, caches = forward(X, params, hidden_activation="relu")
        grads = backward(AL, Y, caches)
        stats[label] = [(float(c.Z.std()), float(np.linalg.norm(grads[f"dW{i}"]))) for i, c in enumerate(caches, 1)]
    return [(layer, {label: rows[layer - 1] for label, rows in stats.items()}) for layer in range(1, len(dims))]


def format_init_signal(rows) -> str:
    """The rows of ``init_signal`` as a table, numbers to 2 significant digits."""
    rows = list(rows)
    if not rows:
        raise ValueError("rows must hold at least one layer, got none")
    labels = list(rows[0][1])
    head = f"{'layer':>5}" + "".join(f"  {'std Z, ' + lab:>28}  {'|dW|, ' + lab:>27}" for lab in labels)
    lines = [head]
    for layer, by in rows:
        lines.append(f"{layer:>5}" + "".join(f"  {by[lab][0]:>28.2g}  {by[lab][1]:>27.2g}" for lab in labels))
    return "\n".join(lines)


def sawtooth_parameters(depth: int) -> dict:
    """Hand-set weights of a deep narrow ReLU network [1, 2, 2, ..., 2, 1] (``depth`` hidden layers of
    2 units) whose output Z[L] is the tent map t(x) = 2 relu(x) - 4 relu(x - 1/2) composed ``depth`` times.

    On [0, 1] that is a sawtooth with 2**depth linear pieces, from only 2 * depth hidden units.
    Returns {"W1", "b1", ..., "W{depth+1}", "b{depth+1}"}.
    """
    v.check_int(depth, "depth")
    half = np.array([[0.0], [-0.5]])
    params = {"W1": np.array([[1.0], [1.0]]), "b1": half.copy()}
    combine = np.array([[2.0, -4.0]])  # t(x) from the two units
    for layer in range(2, depth + 1):
        params[f"W{layer}"] = np.vstack([combine, combine])
        params[f"b{layer}"] = half.copy()
    params[f"W{depth + 1}"] = combine.copy()
    params[f"b{depth + 1}"] = np.zeros((1, 1))
    return params


def network_output(x, parameters) -> np.ndarray:
    """The output layer's linear value Z[L] (1, m) (before the sigmoid) of a network at x (n_x, m)
    (a ``Network`` computes with its own activation; a plain dict is a ReLU network)."""
    _, caches = forward(x, parameters)
    return caches[-1].Z


def count_linear_pieces(x, z, tol: float = 1e-6) -> int:
    """Number of linear pieces of a piecewise-linear function sampled as z (1, m) at sorted x (1, m)."""
    x = v.check_matrix(x, "x", rows=1)
    z = v.check_matrix(z, "z", rows=1, cols=x.shape[1])
    if x.shape[1] < 3:
        raise ValueError(f"x must hold at least 3 points, got {x.shape[1]}")
    if (np.diff(x[0]) <= 0).any():
        raise ValueError("x must be strictly increasing")
    slopes = np.diff(z[0]) / np.diff(x[0])
    changes = np.abs(np.diff(slopes)) > tol * max(1.0, float(np.abs(slopes).max()))
    # a kink between grid points shows up as two consecutive changes: count runs, not points
    starts = changes & ~np.r_[False, changes[:-1]]
    return int(starts.sum()) + 1


def plot_depth_sawtooth(depths=(1, 2, 3, 4, 5), resolution: int = 4097):
    """Left: the outputs of ``sawtooth_parameters(L)`` on [0, 1]; right: linear pieces, measured by
    ``count_linear_pieces``, against hidden units, deep (2**L pieces from 2L units) versus the most a
    one-hidden-layer ReLU network can make (k units: at most k + 1 pieces). Returns (Figure, rows)
    with rows [(depth, hidden units, pieces), ...]."""
    depths = list(depths)
    if not depths:
        raise ValueError("depths must hold at least one depth, got none")
    x = np.linspace(0, 1, v.check_int(resolution, "resolution", minimum=3)).reshape(1, -1)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 3.8))
    rows = []
    for L in depths:
        z = network_output(x, sawtooth_parameters(L))
        rows.append((L, 2 * L, count_linear_pieces(x, z)))
        if L <= 4:
            ax1.plot(x[0], z[0] + 1.2 * (L - 1), lw=1, label=f"{L} hidden layer{'s' if L > 1 else ''}")
    ax1.set_xlabel("$x$")
    ax1.set_ylabel("$z^{[L]}$ (curves shifted up)")
    ax1.set_title("Deep narrow ReLU network [1, 2, ..., 2, 1]")
    ax1.set_ylim(-0.2, 5.6)
    ax1.legend(fontsize=7, loc="upper center", ncol=4, handlelength=1.2, columnspacing=0.8)
    units = np.array([r[1] for r in rows])
    ax2.plot(units, [r[2] for r in rows], "o-", color="#2166ac", label="deep: measured pieces ($2^L$)")
    ax2.plot(units, units + 1, "s--", color="#b2182b", label="one hidden layer, same units: at most $k+1$")
    ax2.set_yscale("log", base=2)
    ax2.set_xlabel("hidden units")
    ax2.set_ylabel("linear pieces on [0, 1]")
    ax2.set_title("What depth buys")
    ax2.legend(fontsize=8)
    fig.tight_layout()
    return fig, rows


def depth_comparison(architectures=None, dataset: str = "spiral", n_samples: int = 400, noise: float = 0.2,
                     learning_rate: float = 0.01, num_iterations: int = 3000, seed: int = 0) -> list:
    """Train networks of (about) the same number of parameters but different depth on a 2-D set.

    ``architectures``: {label: hidden layer sizes}. Adam, He init, ReLU.
    Returns [(label, parameters, train accuracy, X, Y, number of parameters, history), ...].
    """
    if architectures is None:
        architectures = {"shallow [2, 27, 1]": [27], "deep [2, 6, 6, 6, 1]": [6, 6, 6]}
    X, Y = make_dataset(dataset, n_samples=n_samples, noise=noise, seed=seed)
    out = []
    for label, hidden in architectures.items():
        dims = [2, *hidden, 1]
        v.check_layer_dims(dims)
        params, hist = train(X, Y, network(dims, init="he", seed=seed), Adam(learning_rate), num_iterations,
                             seed=seed, record_every=100)
        n_params = sum(p.size for p in params.values())
        out.append((label, params, accuracy(predict(X, params), Y), X, Y, n_params, hist))
    return out


__all__ = [
    "count_linear_pieces", "depth_comparison", "format_init_signal", "init_signal",
    "format_cache_table", "format_grad_table", "format_shape_table",
    "layer_shapes", "network_output", "plot_depth_sawtooth", "sawtooth_parameters",
]
