"""Lesson of notebooks/c2w1_normalization_vanishing_gradients.ipynb: normalizing the inputs (the
cost's contours and gradient descent's path before and after), and how activations and gradients
vanish or explode through a deep network for each initialization.

X (n_x, m), one example per column; y (1, m).
"""

from __future__ import annotations

from typing import NamedTuple

import matplotlib.pyplot as plt
import numpy as np

from .. import validation as v
from ..activations import HIDDEN_ACTIVATIONS
from ..formatting import format_size
from ..model import backward, forward, initialize_parameters


class Normalization(NamedTuple):
    """X_norm (n_x, m) = (X - mu) / sigma; mu and sigma (n_x, 1) are the training set's."""

    X: np.ndarray
    mu: np.ndarray
    sigma: np.ndarray


def normalize_inputs(X) -> Normalization:
    """Normalize each feature (row) of X (n_x, m) to mean 0 and STANDARD DEVIATION 1.

    mu = mean over examples, sigma = sqrt(mean((x - mu)^2)) (not the variance sigma^2:
    dividing by the variance would leave a feature of standard deviation s with standard
    deviation 1/s).  Use the same mu and sigma for dev and test data (``apply_normalization``).
    """
    X = v.check_matrix(X, "X")
    constant = np.flatnonzero(X.std(axis=1) == 0)
    if constant.size:
        raise ValueError(f"X must not have a constant feature (zero standard deviation), got rows "
                         f"{constant.tolist()}")
    return standardize(X)


def standardize(X) -> Normalization:
    """The unchecked normalization behind ``normalize_inputs``, for X (n_x, m) without a constant row.
    Returns Normalization(X_norm (n_x, m), mu (n_x, 1), sigma (n_x, 1))."""
    mu = X.mean(axis=1, keepdims=True)                            # mu_j = (1/m) sum_i x_j(i)
    sigma = np.sqrt(((X - mu) ** 2).mean(axis=1, keepdims=True))  # sigma_j, the standard deviation
    return Normalization((X - mu) / sigma, mu, sigma)             # x_j := (x_j - mu_j) / sigma_j


def apply_normalization(X, mu, sigma) -> np.ndarray:
    """(X - mu) / sigma for X (n_x, m) with the training set's mu, sigma (n_x, 1)."""
    mu, sigma = np.asarray(mu, dtype=np.float64), np.asarray(sigma, dtype=np.float64)
    X = v.check_matrix(X, "X", rows=mu.shape[0] if mu.ndim == 2 else None)
    if mu.shape != (X.shape[0], 1) or sigma.shape != mu.shape:
        raise ValueError(f"mu and sigma must have shape ({X.shape[0]}, 1), got {mu.shape} and {sigma.shape}")
    if (sigma <= 0).any():
        raise ValueError("sigma must be > 0 in every row")
    return (X - mu) / sigma


def make_scaled_features(m: int = 200, means=(0.0, 0.0), stds=(0.2, 2.0), w=(4.0, 0.4),
                         noise: float = 0.5, seed: int = 0):
    """A regression set with two independent features of very different scale.

    x_i ~ mean_i + std_i * N(0, 1); y = w . (x - mean) + noise * N(0, 1), so the fitted
    model y = w1 x1 + w2 x2 (no intercept) is right once the inputs are centered.
    Returns X (2, m), y (1, m).
    """
    m = v.check_int(m, "m", minimum=2)
    means, stds, w = (np.asarray(a, dtype=np.float64).reshape(2, 1) for a in (means, stds, w))
    if (stds <= 0).any():
        raise ValueError(f"stds must be > 0, got {stds.ravel().tolist()}")
    v.check_positive(noise, "noise", allow_zero=True)
    rng = np.random.default_rng(seed)
    X = means + stds * rng.standard_normal((2, m))
    y = (w * (X - means)).sum(axis=0, keepdims=True) + noise * rng.standard_normal((1, m))
    return X, y


def _check_xy(X, y):
    X = v.check_matrix(X, "X", rows=2)
    y = v.check_matrix(y, "y", rows=1, cols=X.shape[1])
    return X, y


def linear_cost(w, X, y) -> float:
    """Squared-error cost of linear regression J(w) = 1/(2m) sum (w . x - y)^2; w (2,), X (2, m), y (1, m).

    (Squared error is the right loss for a real-valued target; classification uses cross-entropy.)"""
    X, y = _check_xy(X, y)
    w = np.asarray(w, dtype=np.float64).reshape(-1)
    if w.shape != (2,):
        raise ValueError(f"w must have 2 entries, got shape {np.shape(w)}")
    r = w @ X - y[0]
    return float(r @ r / (2 * X.shape[1]))


def linear_cost_grid(X, y, w1, w2) -> np.ndarray:
    """J(w1, w2) on the grid w1 (k,) x w2 (l,): an (l, k) array, as ``contour`` wants."""
    X, y = _check_xy(X, y)
    W1, W2 = np.meshgrid(np.asarray(w1, dtype=np.float64), np.asarray(w2, dtype=np.float64))
    m = X.shape[1]
    # J = 1/(2m) (w^T X X^T w - 2 w^T X y + y^T y), expanded so the grid costs O(k l)
    A, b, c = X @ X.T / m, X @ y[0] / m, float(y[0] @ y[0]) / m
    return 0.5 * (A[0, 0] * W1**2 + 2 * A[0, 1] * W1 * W2 + A[1, 1] * W2**2) - (b[0] * W1 + b[1] * W2) + 0.5 * c


def quadratic_curvatures(X) -> np.ndarray:
    """Eigenvalues (ascending) of the cost's Hessian X X^T / m: the curvatures along the principal
    axes of the elliptic contours; their ratio is the condition number."""
    X = v.check_matrix(X, "X")
    return np.linalg.eigvalsh(X @ X.T / X.shape[1])


def gd_path(X, y, learning_rate: float | None = None, steps: int = 20, w0=(0.0, 0.0)) -> np.ndarray:
    """Gradient descent on ``linear_cost`` from w0; returns the path (steps + 1, 2).

    learning_rate None uses 1.6 / (largest curvature): close to 2 / (largest curvature), where
    gradient descent starts to diverge along the steepest axis, as a tuned learning rate is."""
    X, y = _check_xy(X, y)
    steps = v.check_int(steps, "steps", minimum=0)
    if learning_rate is None:
        learning_rate = 1.6 / quadratic_curvatures(X)[-1]
    v.check_positive(learning_rate, "learning_rate")
    w = np.asarray(w0, dtype=np.float64).reshape(2).copy()
    m = X.shape[1]
    path = [w.copy()]
    for _ in range(steps):
        w -= learning_rate * (X @ (w @ X - y[0])) / m
        path.append(w.copy())
    return np.array(path)


def normalization_steps_figure(X, figsize=(12, 3.6)):
    """The data X (2, m) raw, centered (x - mu) and scaled ((x - mu) / sigma), on equal axes.
    Returns the Figure."""
    X = v.check_matrix(X, "X", rows=2)
    norm = normalize_inputs(X)
    stages = [("raw inputs", X), ("subtract the mean: $x - \\mu$", X - norm.mu),
              ("divide by the standard deviation: $(x - \\mu)/\\sigma$", norm.X)]
    fig, axes = plt.subplots(1, 3, figsize=figsize)
    for ax, (title, Z) in zip(axes, stages):
        ax.scatter(Z[0], Z[1], s=8, alpha=0.6)
        ax.axhline(0, color="gray", lw=0.5)
        ax.axvline(0, color="gray", lw=0.5)
        ax.set_aspect("equal", adjustable="datalim")
        ax.set_xlabel("$x_1$")
        ax.set_ylabel("$x_2$")
        ax.set_title(title, fontsize=10)
    fig.tight_layout()
    return fig


def cost_contour_figure(X, y, steps: int = 20, figsize=(12, 5.2)):
    """Contours of J(w1, w2) for raw inputs X (2, m) and for normalized ones (equal axes), each with
    a gradient-descent path of ``steps`` steps (learning rate 1.6 / largest curvature).
    The target is centered (y - mean y) and the model has no intercept (with zero-mean inputs
    both panels are the same model, so the same minimum cost, in two parametrizations).
    Returns (Figure, info) where info is a dict with the condition numbers and final costs."""
    X, y = _check_xy(X, y)
    norm = normalize_inputs(X)
    yc = y - y.mean()
    fig, axes = plt.subplots(1, 2, figsize=figsize)
    info = {}
    for ax, (name, Z) in zip(axes, (("raw", X), ("normalized", norm.X))):
        curv = quadratic_curvatures(Z)
        w_star = np.linalg.solve(Z @ Z.T, Z @ yc[0])
        path = gd_path(Z, yc, steps=steps)
        span = np.abs(np.vstack([path, w_star[None]])).max() * 1.25 + 1e-3
        w1 = np.linspace(-span, span, 240)
        w2 = np.linspace(-span, span, 240)
        J = linear_cost_grid(Z, yc, w1, w2)
        levels = np.quantile(J, np.linspace(0.002, 0.6, 14))
        ax.contour(w1, w2, J, levels=np.unique(levels), cmap="viridis", linewidths=0.8)
        ax.plot(path[:, 0], path[:, 1], ".-", color="#d6604d", ms=4, lw=1, label=f"gradient descent, {steps} steps")
        ax.plot(*w_star, "*", color="black", ms=12, label="minimum")
        ax.set_aspect("equal")
        ax.set_xlabel("$w_1$")
        ax.set_ylabel("$w_2$")
        ax.set_title(f"{name} inputs: curvatures {curv[0]:.3g} and {curv[1]:.3g}\n"
                     f"(condition number {curv[1] / curv[0]:.3g})", fontsize=10)
        ax.legend(fontsize=8, loc="lower right")
        j0, j_end, j_min = (linear_cost(w, Z, yc) for w in (path[0], path[-1], w_star))
        info[name] = {"condition_number": float(curv[1] / curv[0]), "learning_rate": float(1.6 / curv[1]),
                      "start_cost": j0, "final_cost": j_end, "min_cost": j_min,
                      "remaining": (j_end - j_min) / (j0 - j_min)}
    fig.tight_layout()
    return fig, info


INIT_CHOICES = {"random 0.01": ("random", 0.01), "random 1": ("random", 1.0), "xavier": ("xavier", 1.0),
                "he": ("he", 1.0)}


def layer_magnitudes(depth: int = 15, init: str = "he", activation: str = "relu", width: int = 50,
                     m: int = 100, seed: int = 0) -> dict:
    """Root-mean-square size of the activations A[l] and gradients dW[l] of a deep network.

    The network is width -> width (x depth hidden layers, ``activation``) -> 1 (sigmoid),
    initialized by ``init`` (a key of INIT_CHOICES), fed X ~ N(0, 1) (width, m) with random
    labels.  Returns {"layers": 1..depth, "activation_rms": (depth,), "gradient_rms":
    (depth,) the RMS of dW[l] for the hidden layers, "input_rms": float}.
    (The default 50 x 50 x 100 products stay below OpenBLAS's threading threshold, which keeps
    them fast on a busy machine.)
    """
    depth = v.check_int(depth, "depth")
    v.check_choice(init, "init", INIT_CHOICES)
    v.check_choice(activation, "activation", HIDDEN_ACTIVATIONS)
    width, m = v.check_int(width, "width"), v.check_int(m, "m", minimum=2)
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((width, m))
    Y = (rng.random((1, m)) < 0.5).astype(np.float64)
    method, scale = INIT_CHOICES[init]
    params = initialize_parameters([width] * (depth + 1) + [1], method, seed=seed, scale=scale)
    with np.errstate(over="ignore", under="ignore"):
        AL, caches = forward(X, params, activation)
        grads = backward(AL, Y, caches)
    rms = lambda a: float(np.sqrt(np.mean(np.square(a))))  # noqa: E731
    return {"layers": np.arange(1, depth + 1),
            "activation_rms": np.array([rms(c.A) for c in caches[:-1]]),
            "gradient_rms": np.array([rms(grads[f"dW{l}"]) for l in range(1, depth + 1)]),
            "input_rms": rms(X)}


def plot_layer_magnitudes(depth: int = 15, inits=tuple(INIT_CHOICES), activation: str = "relu",
                          axes=None, figsize=(12, 4.2)):
    """Two log-scale panels: activation RMS and dW RMS per layer, one line per init. Returns the Figure."""
    inits = list(inits)
    if not inits:
        raise ValueError("inits must name at least one of INIT_CHOICES, got none")
    if axes is None:
        fig, axes = plt.subplots(1, 2, figsize=figsize)
    else:
        fig = axes[0].figure
    floor = 1e-300  # exact zeros (saturated units) shown at the bottom of the log axis
    axes[0].axhline(1.0, color="gray", lw=0.5)
    for init in inits:
        r = layer_magnitudes(depth, init, activation)
        axes[0].plot(r["layers"], np.maximum(r["activation_rms"], floor), "o-", ms=3, label=init)
        axes[1].plot(r["layers"], np.maximum(r["gradient_rms"], floor), "o-", ms=3, label=init)
    for ax, what in zip(axes, ("activations $A^{[l]}$", "gradients $dW^{[l]}$")):
        ax.set_yscale("log")
        lo, hi = ax.get_ylim()  # at least 1e-4..1e4, so that a level line looks level
        ax.set_ylim(min(lo, 1e-4), max(hi, 1e4))
        ax.set_xlabel("layer $l$")
        ax.set_ylabel("root-mean-square size")
        ax.set_title(f"{what}, {depth} {activation} layers", fontsize=10)
        ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def magnitude_figure(depth: int = 15, init: str = "he", activation: str = "relu"):
    """Widget callback: ``plot_layer_magnitudes`` for one init; returns (Figure, text with the
    first and last layers' sizes)."""
    fig = plot_layer_magnitudes(depth, [init], activation, figsize=(10, 3.6))
    r = layer_magnitudes(depth, init, activation)
    a, g = r["activation_rms"], r["gradient_rms"]
    info = (f"{init}, {activation}, {depth} layers: activation RMS {format_size(a[0])} (layer 1) -> "
            f"{format_size(a[-1])} (layer {depth}); dW RMS {format_size(g[0])} (layer 1), "
            f"{format_size(g[-1])} (layer {depth})")
    return fig, info


__all__ = [
    "apply_normalization", "cost_contour_figure", "gd_path", "INIT_CHOICES", "layer_magnitudes", "linear_cost",
    "linear_cost_grid", "magnitude_figure", "make_scaled_features", "Normalization",
    "normalization_steps_figure", "normalize_inputs", "plot_layer_magnitudes", "quadratic_curvatures", "standardize",
]
