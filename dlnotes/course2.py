"""Course 2 week 1: the computations, figures and widget callbacks of the c2w1 notebooks.

* setting up: train/dev/test split sizes, the four bias/variance cases, the basic recipe,
  early stopping;
* normalizing inputs (cost contours and gradient-descent paths), vanishing and exploding
  activations and gradients in a deep network;
* initialization (zeros, large random, Xavier, He) on the circles set;
* regularization (L2, dropout) on the football set;
* gradient checking (1-D, the 4-5-3-1 network, planted bugs, dropout, the choice of epsilon).

Conventions as everywhere in dlnotes: X (n_x, m), Y (1, m), W[l] (n[l], n[l-1]).
All randomness goes through ``numpy.random.default_rng(seed)``.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

import matplotlib.pyplot as plt
import numpy as np

from . import validation as v
from .datasets import Split, load_football, load_generated, make_xor
from .gradcheck import gradient_check
from .model import (
    INIT_METHODS,
    accuracy,
    backward,
    compute_cost,
    forward,
    initialize_parameters,
    predict,
    predict_proba,
)
from .plotting import plot_costs, plot_decision_boundary
from .training import train

__all__ = [
    "BIAS_VARIANCE_CASES", "INIT_CHOICES", "RECIPE", "apply_normalization", "backward_1d", "basic_recipe",
    "bias_variance_cases", "bias_variance_data", "buggy_backward", "circles_split", "constant_parameters",
    "cost_contour_figure", "diagnose", "dropout_costs", "dropout_expectation", "early_stopping_errors",
    "early_stopping_point", "early_stopping_run", "epsilon_figure", "epsilon_sweep", "format_difference",
    "format_size", "forward_1d", "gd_path", "gradcheck_problem", "gradient_check_1d", "init_experiment",
    "init_seed_sweep", "initial_output_stats", "layer_magnitudes", "linear_cost", "linear_cost_grid",
    "magnitude_figure", "make_scaled_features", "Normalization", "normalization_steps_figure", "normalize_inputs",
    "order_of_magnitude", "plot_bias_variance_cases", "plot_early_stopping", "plot_init_comparison",
    "plot_layer_magnitudes", "plot_regularization_comparison", "quadratic_curvatures", "recipe_table",
    "regularization_experiment", "regularization_seed_sweep", "split_sizes", "split_table", "symmetry_report",
    "weight_norms", "xor_bayes_error",
]


# =========================================================================== numbers that hold on every CPU
def order_of_magnitude(x: float) -> str:
    """The power of ten nearest to a positive number x, as text: 1.8e-11 -> "1e-11", 4e-4 -> "1e-3".

    For a quantity whose digits are round-off (they change with the CPU's BLAS and SIMD kernels) but
    whose size is the message."""
    return f"1e{int(np.round(np.log10(v.check_positive(x, 'x'))))}"


def format_difference(difference: float, bound: float = 1e-7) -> str:
    """A gradient check's relative difference at the precision it keeps across machines.

    Below ``bound`` the difference is round-off: its digits change with the CPU's kernels (1.08e-09
    on one machine, 1.12e-09 on another), so the text only says "below 1e-7". Above it the
    difference comes from the gradients themselves (a bug, a kink, other dropout masks) and is the
    same everywhere to three significant digits: "0.333"."""
    difference = v.check_positive(difference, "difference", allow_zero=True)
    if difference < v.check_positive(bound, "bound"):
        mantissa, exponent = f"{bound:.0e}".split("e")
        return f"below {mantissa}e{int(exponent)}"
    return f"{difference:.3g}"


def format_size(x: float) -> str:
    """A size x >= 0 as text: three significant digits, or one below 1e-6 ("5e-20"), where only the
    order of magnitude is the message (a vanished signal, what is left of a converged descent)."""
    x = v.check_positive(x, "x", allow_zero=True)
    return f"{x:.3g}" if x >= 1e-6 or x == 0 else f"{x:.0e}"


# =========================================================================== setting up
def split_sizes(m: int, holdout_fraction: float = 0.2, max_holdout: int = 10_000) -> dict:
    """Train/dev/test sizes for m examples: dev = test = min(holdout_fraction * m, max_holdout).

    With the defaults that is 60/20/20 up to 50,000 examples and a fixed 10,000-example dev
    and test set beyond (98/1/1 for 10^6).  Returns {"train": int, "dev": int, "test": int}.
    """
    m = v.check_int(m, "m", minimum=3)
    if not 0 < holdout_fraction < 0.5:
        raise ValueError(f"holdout_fraction must be in (0, 0.5), got {holdout_fraction!r}")
    max_holdout = v.check_int(max_holdout, "max_holdout")
    hold = max(1, min(int(round(holdout_fraction * m)), max_holdout))
    return {"train": m - 2 * hold, "dev": hold, "test": hold}


def split_table(sizes=(1_000, 10_000, 100_000, 1_000_000, 100_000_000), **kwargs) -> str:
    """A text table of ``split_sizes`` for each m in ``sizes`` (counts and percentages)."""
    sizes = list(sizes)
    if not sizes:
        raise ValueError("sizes must hold at least one data set size, got none")
    lines = [f"{'m':>12} | {'train':>12} | {'dev':>8} | {'test':>8} | split (%)"]
    lines.append("-" * len(lines[0]))
    for m in sizes:
        s = split_sizes(m, **kwargs)
        pct = "/".join(f"{100 * s[k] / m:.4g}" for k in ("train", "dev", "test"))
        lines.append(f"{m:>12,} | {s['train']:>12,} | {s['dev']:>8,} | {s['test']:>8,} | {pct}")
    return "\n".join(lines)


def xor_bayes_error(noise: float = 0.1, n_samples: int = 200_000, seed: int = 12345) -> float:
    """The optimal (Bayes) error of ``make_xor(noise)``, estimated on ``n_samples`` fresh points.

    The noise is independent in x1 and x2 and symmetric, so the best possible rule is the
    noiseless one, label = [x1 * x2 > 0]; its error on a large sample is the Bayes error.
    """
    v.check_positive(noise, "noise", allow_zero=True)
    X, Y = make_xor(v.check_int(n_samples, "n_samples", minimum=2), noise, seed=seed)
    return float(((X[0] * X[1] > 0) != (Y[0] == 1)).mean())


# The four cases: model size decides the bias, the amount of training data the variance.
BIAS_VARIANCE_CASES = {
    "high bias": {"hidden_layers": [], "n_train": 400},
    "high bias and high variance": {"hidden_layers": [], "n_train": 30},
    "high variance": {"hidden_layers": [30, 30], "n_train": 30},
    "neither": {"hidden_layers": [30, 30], "n_train": 400},
}
BV_DATA = {"n_samples": 2400, "noise": 0.1, "seed": 0, "n_pool": 400}  # the first 400 points: train pool
BV_TRAIN = {"learning_rate": 0.3, "hidden_activation": "tanh", "init": "xavier", "seed": 0}
BV_ITERATIONS = {0: 2000}  # logistic regression (no hidden layer) converges fast; networks get 5000


def bias_variance_data() -> tuple[Split, float]:
    """The xor set of the bias/variance cases: a Split with the 400-point training pool
    X_train (2, 400) and the 2000-point dev set (as X_test, Y_test), and its Bayes error."""
    X, Y = make_xor(BV_DATA["n_samples"], BV_DATA["noise"], seed=BV_DATA["seed"])
    k = BV_DATA["n_pool"]
    return Split(X[:, :k], Y[:, :k], X[:, k:], Y[:, k:]), xor_bayes_error(BV_DATA["noise"])


def bias_variance_cases(cases=None) -> list[dict]:
    """Train the four cases of ``BIAS_VARIANCE_CASES`` (or the named subset ``cases``) on the xor set.

    Each result: {"name", "layer_dims", "n_train", "train_error", "dev_error", "parameters",
    "X_train" (2, n_train), "Y_train" (1, n_train)}.  The dev set is the same 2000 points for all.
    """
    names = list(BIAS_VARIANCE_CASES) if cases is None else list(cases)
    for name in names:
        v.check_choice(name, "cases", BIAS_VARIANCE_CASES)
    data, _ = bias_variance_data()
    out = []
    for name in names:
        case = BIAS_VARIANCE_CASES[name]
        n = case["n_train"]
        Xtr, Ytr = data.X_train[:, :n], data.Y_train[:, :n]
        dims = [2, *case["hidden_layers"], 1]
        iterations = BV_ITERATIONS.get(len(case["hidden_layers"]), 5000)
        params, _ = train(Xtr, Ytr, dims, num_iterations=iterations, record_every=iterations, **BV_TRAIN)
        err_tr = 1 - accuracy(predict(Xtr, params, "tanh"), Ytr)
        err_dev = 1 - accuracy(predict(data.X_test, params, "tanh"), data.Y_test)
        out.append({"name": name, "layer_dims": dims, "n_train": n, "train_error": err_tr, "dev_error": err_dev,
                    "parameters": params, "X_train": Xtr, "Y_train": Ytr})
    return out


def diagnose(train_error: float, dev_error: float, bayes_error: float = 0.0, tolerance: float = 0.05) -> str:
    """The course's diagnosis from two numbers: "high bias" when train_error - bayes_error >
    tolerance (avoidable bias), "high variance" when dev_error - train_error > tolerance,
    "high bias and high variance" when both, else "neither".  Errors are fractions in [0, 1]."""
    for name, x in (("train_error", train_error), ("dev_error", dev_error), ("bayes_error", bayes_error)):
        v.check_positive(x, name, allow_zero=True)
        if x > 1:
            raise ValueError(f"{name} must be a fraction in [0, 1], got {x!r}")
    v.check_positive(tolerance, "tolerance")
    bias = train_error - bayes_error > tolerance
    variance = dev_error - train_error > tolerance
    if bias and variance:
        return "high bias and high variance"
    return "high bias" if bias else "high variance" if variance else "neither"


RECIPE = {
    "high bias": ["bigger network (more units, more layers)", "train longer / a better optimizer",
                  "another architecture"],
    "high variance": ["more data", "regularization (L2, dropout, data augmentation)", "another architecture"],
    "neither": ["done: check the test set once, ship"],
}


def basic_recipe(train_error: float, dev_error: float, bayes_error: float = 0.0, tolerance: float = 0.05) -> list:
    """The basic recipe: the remedies (list of str) for ``diagnose``'s verdict, bias first."""
    verdict = diagnose(train_error, dev_error, bayes_error, tolerance)
    if verdict == "high bias and high variance":
        return RECIPE["high bias"] + [r for r in RECIPE["high variance"] if r not in RECIPE["high bias"]]
    return list(RECIPE[verdict])


def recipe_table() -> str:
    """The basic recipe as a decision table (text)."""
    rows = [("train error >> Bayes error?", "yes -> high bias", "; ".join(RECIPE["high bias"]), "repeat"),
            ("dev error >> train error?", "yes -> high variance", "; ".join(RECIPE["high variance"]),
             "back to step 1"),
            ("neither", "low bias, low variance", RECIPE["neither"][0], "")]
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    head = ("question", "answer", "try", "then")
    lines = [" | ".join(h.ljust(w) for h, w in zip(head, widths)) + " | then"]
    lines.append("-" * len(lines[0]))
    lines += [" | ".join(c.ljust(w) for c, w in zip(r, widths)) + f" | {r[3]}" for r in rows]
    return "\n".join(lines)


def plot_bias_variance_cases(results, bayes_error: float | None = None, figsize=(13, 3.6)):
    """Decision boundaries of ``bias_variance_cases``' results side by side, errors in the titles.
    Returns the Figure."""
    results = list(results)
    if not results:
        raise ValueError("results must hold at least one case from bias_variance_cases, got none")
    data, _ = bias_variance_data()
    fig, axes = plt.subplots(1, len(results), figsize=figsize, squeeze=False)
    for ax, r in zip(axes[0], results):
        params = r["parameters"]
        plot_decision_boundary(lambda G, p=params: predict_proba(G, p, "tanh"), r["X_train"], r["Y_train"],
                               ax=ax, resolution=80)
        ax.set_xlim(data.X_train[0].min() - 0.2, data.X_train[0].max() + 0.2)
        ax.set_ylim(data.X_train[1].min() - 0.2, data.X_train[1].max() + 0.2)
        net = " -> ".join(map(str, r["layer_dims"]))
        ax.set_title(f"{r['name']}\n{net}, m = {r['n_train']}\ntrain {r['train_error']:.1%}, "
                     f"dev {r['dev_error']:.1%}", fontsize=9)
    extra = f" (Bayes error {bayes_error:.1%})" if bayes_error is not None else ""
    fig.suptitle("Training points and decision boundary; errors measured on the train set and a 2000-point "
                 "dev set" + extra, fontsize=10)
    fig.tight_layout()
    return fig


def early_stopping_run(iterations: int = 6000, record_every: int = 50):
    """The high-variance case (2 -> 30 -> 30 -> 1 on 30 xor points) trained with the dev set watched.

    Returns (parameters, history) of ``train``; ``history.dev_costs`` holds the dev cost."""
    iterations = v.check_int(iterations, "iterations")
    data, _ = bias_variance_data()
    n = BIAS_VARIANCE_CASES["high variance"]["n_train"]
    return train(data.X_train[:, :n], data.Y_train[:, :n], [2, 30, 30, 1], num_iterations=iterations,
                 record_every=v.check_int(record_every, "record_every"), X_dev=data.X_test, Y_dev=data.Y_test,
                 **BV_TRAIN)


def early_stopping_point(history) -> tuple[int, float]:
    """Where early stopping stops: (iteration, dev cost) of the lowest recorded dev cost."""
    if not getattr(history, "dev_costs", None):
        raise ValueError("history must hold dev costs (train with X_dev=, Y_dev=), got none")
    k = int(np.argmin(history.dev_costs))
    return int(history.iterations[k]), float(history.dev_costs[k])


def early_stopping_errors(iterations: int = 6000) -> dict:
    """Dev error of the ``early_stopping_run`` network stopped at its lowest dev cost vs trained to the end.

    Training is deterministic, so stopping = retraining for stop_iteration + 1 iterations.
    Returns {"stop_iteration", "iterations", "dev_error_at_stop", "dev_error_at_end"}."""
    params_end, history = early_stopping_run(iterations)
    stop, _ = early_stopping_point(history)
    params_stop, _ = early_stopping_run(stop + 1, record_every=stop + 1)
    data, _ = bias_variance_data()
    err = lambda p: 1 - accuracy(predict(data.X_test, p, "tanh"), data.Y_test)  # noqa: E731
    return {"stop_iteration": stop, "iterations": iterations, "dev_error_at_stop": err(params_stop),
            "dev_error_at_end": err(params_end)}


def plot_early_stopping(history, ax=None, figsize=(7, 4)):
    """Train and dev cost against iterations with the early-stopping point marked; returns the Axes."""
    it, cost = early_stopping_point(history)
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    plot_costs(history, ax=ax, title="Early stopping: train and dev cost")
    ax.axvline(it, color="gray", ls="--", lw=1)
    ax.plot([it], [cost], "o", color="black", label=f"stop here: iteration {it}")
    ax.legend()
    return ax


# =========================================================================== normalizing inputs
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
    mu = X.mean(axis=1, keepdims=True)
    sigma = X.std(axis=1, keepdims=True)
    if (sigma == 0).any():
        raise ValueError(f"X must not have a constant feature (zero standard deviation), got rows "
                         f"{np.flatnonzero(sigma[:, 0] == 0).tolist()}")
    return Normalization((X - mu) / sigma, mu, sigma)


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


# =========================================================================== vanishing / exploding
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
    v.check_choice(activation, "activation", ("relu", "tanh", "sigmoid", "leaky_relu"))
    width, m = v.check_int(width, "width"), v.check_int(m, "m", minimum=2)
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((width, m))
    Y = (rng.random((1, m)) < 0.5).astype(np.float64)
    method, scale = INIT_CHOICES[init]
    params = initialize_parameters([width] * (depth + 1) + [1], method, seed=seed, scale=scale)
    with np.errstate(over="ignore", under="ignore"):
        AL, caches = forward(X, params, activation)
        grads = backward(AL, Y, caches, hidden_activation=activation)
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


# =========================================================================== initialization
INIT_LAYERS = [2, 10, 5, 1]
INIT_TRAIN = {"learning_rate": 0.01, "num_iterations": 15000}


def circles_split() -> Split:
    """The initialization assignment's circles: X_train (2, 300), X_test (2, 100), noise 0.05."""
    d = load_generated("circles")
    return Split(d["X_train"], d["Y_train"], d["X_test"], d["Y_test"])


def init_experiment(init: str = "he", scale: float = 0.01, seed: int = 1, parameters: dict | None = None,
                    data: Split | None = None, learning_rate: float = 0.01, iterations: int = 15000,
                    record_every: int = 500) -> dict:
    """Train the course's 2 -> 10 -> 5 -> 1 relu network on circles with one initialization.

    ``init`` one of zeros/random/xavier/he (``scale`` for random); or start from ``parameters``.
    Returns {"init", "scale", "parameters", "history", "first_cost", "train_accuracy",
    "test_accuracy"}.
    """
    v.check_choice(init, "init", INIT_METHODS)
    data = circles_split() if data is None else data
    params, history = train(data.X_train, data.Y_train, INIT_LAYERS, learning_rate, iterations, init=init,
                            scale=scale, seed=seed, record_every=record_every, parameters=parameters)
    return {"init": init, "scale": scale, "parameters": params, "history": history,
            "first_cost": history.costs[0],
            "train_accuracy": accuracy(predict(data.X_train, params), data.Y_train),
            "test_accuracy": accuracy(predict(data.X_test, params), data.Y_test)}


def constant_parameters(layer_dims, value: float = 0.5) -> dict:
    """Every W[l] filled with ``value``, every b[l] zero: the symmetric start the course warns about."""
    dims = v.check_layer_dims(layer_dims)
    if not np.isfinite(value):
        raise ValueError(f"value must be finite, got {value!r}")
    return {k: np.full(s, float(value) if k[0] == "W" else 0.0)
            for l in range(1, len(dims))
            for k, s in ((f"W{l}", (dims[l], dims[l - 1])), (f"b{l}", (dims[l], 1)))}


def symmetry_report(parameters: dict) -> dict:
    """For each hidden layer l, the largest difference between any two rows of W[l] (and of b[l]):
    0 means every unit of the layer computes the same function.  Returns {"W1": float, ...}."""
    L = v.check_parameters(parameters)
    out = {}
    for l in range(1, L):
        Wb = np.hstack([parameters[f"W{l}"], parameters[f"b{l}"]])
        out[f"W{l}"] = float(np.abs(Wb - Wb[:1]).max())
    return out


def initial_output_stats(X, Y, parameters) -> dict:
    """How the output layer looks before training, for a relu network.

    Returns {"mean_abs_z": mean |z[L]|, "max_abs_z", "saturated": fraction of examples whose
    sigmoid(z) is exactly 0.0 or 1.0 in float64, "wrong_and_saturated": fraction of examples
    predicted with probability exactly 0 for their true class, "cost": the cross-entropy from the
    logits, "cost_from_probabilities": the course's -mean(y log a + (1-y) log(1-a)) (inf when a
    wrong prediction rounds to 0 or 1)}.
    """
    v.check_parameters(parameters)
    X = v.check_matrix(X, "X", rows=parameters["W1"].shape[1])
    Y = v.check_labels(Y, X.shape[1])
    AL, caches = forward(X, parameters, "relu")
    Z = caches[-1].Z
    with np.errstate(divide="ignore", invalid="ignore"):
        logprobs = -(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))
        naive = float(np.nansum(logprobs) / X.shape[1])
    return {"mean_abs_z": float(np.abs(Z).mean()), "max_abs_z": float(np.abs(Z).max()),
            "saturated": float(((AL == 0) | (AL == 1)).mean()),
            "wrong_and_saturated": float((((AL == 0) & (Y == 1)) | ((AL == 1) & (Y == 0))).mean()),
            "cost": compute_cost(AL, Y, caches=caches), "cost_from_probabilities": naive}


def init_seed_sweep(configs=(("random", 10.0), ("he", 0.01)), seeds=range(6), **kwargs) -> list[dict]:
    """``init_experiment`` for each (init, scale) in ``configs`` and each seed.

    Returns rows {"init", "scale", "seed", "train_accuracy", "test_accuracy", "final_cost"}."""
    seeds = list(seeds)
    if not seeds or not list(configs):
        raise ValueError("configs and seeds must both be non-empty")
    data = circles_split()
    rows = []
    for init, scale in configs:
        for seed in seeds:
            r = init_experiment(init, scale, seed=seed, data=data, record_every=5000, **kwargs)
            rows.append({"init": init, "scale": scale, "seed": seed, "train_accuracy": r["train_accuracy"],
                         "test_accuracy": r["test_accuracy"], "final_cost": r["history"].costs[-1]})
    return rows


def _label(r):
    if r.get("label"):
        return r["label"]
    return f"{r['init']} x{r['scale']:g}" if r["init"] == "random" else r["init"]


def plot_init_comparison(results, data: Split | None = None, figsize=None, hidden_activation="relu"):
    """Decision boundaries (top row) and cost curves (bottom) of ``init_experiment`` results.

    Accuracies in the titles; the cost axis is logarithmic so that a first cost in the
    thousands and a final one near 0.01 both show.  Returns the Figure."""
    results = list(results)
    if not results:
        raise ValueError("results must hold at least one init_experiment result, got none")
    data = circles_split() if data is None else data
    k = len(results)
    fig = plt.figure(figsize=figsize or (3.2 * k, 6.4))
    gs = fig.add_gridspec(2, k, height_ratios=[1.1, 1])
    for i, r in enumerate(results):
        ax = fig.add_subplot(gs[0, i])
        params = r["parameters"]
        plot_decision_boundary(lambda G, p=params: predict_proba(G, p, hidden_activation), data.X_train,
                               data.Y_train, ax=ax, resolution=80)
        ax.set_title(f"{_label(r)}\ntrain {r['train_accuracy']:.1%}, test {r['test_accuracy']:.1%}", fontsize=9)
    ax = fig.add_subplot(gs[1, :])
    for r in results:
        plot_costs(r["history"], ax=ax, label=_label(r), log_y=True, title="Training cost (log scale)")
    fig.tight_layout()
    return fig


# =========================================================================== regularization
REG_LAYERS = [2, 20, 3, 1]
REG_TRAIN = {"learning_rate": 0.3, "num_iterations": 30000, "init": "xavier"}


def regularization_experiment(lambd: float = 0.0, keep_prob: float = 1.0, seed: int = 3,
                              data: Split | None = None, iterations: int = 30000,
                              record_every: int = 1000) -> dict:
    """Train the course's 2 -> 20 -> 3 -> 1 relu network on the football set (lr 0.3, xavier init).

    Returns {"lambd", "keep_prob", "seed", "parameters", "history", "train_accuracy",
    "test_accuracy", "weight_norms"}; predictions never use dropout.
    """
    data = load_football() if data is None else data
    params, history = train(data.X_train, data.Y_train, REG_LAYERS, REG_TRAIN["learning_rate"], iterations,
                            init=REG_TRAIN["init"], lambd=lambd, keep_prob=keep_prob, seed=seed,
                            record_every=record_every)
    return {"lambd": lambd, "keep_prob": keep_prob, "seed": seed, "parameters": params, "history": history,
            "train_accuracy": accuracy(predict(data.X_train, params), data.Y_train),
            "test_accuracy": accuracy(predict(data.X_test, params), data.Y_test),
            "weight_norms": weight_norms(params)}


def regularization_seed_sweep(seeds=range(8), configs=((0.0, 1.0), (0.7, 1.0), (0.0, 0.86)), **kwargs) -> list:
    """``regularization_experiment`` for each (lambd, keep_prob) in ``configs`` and each seed (the
    seed draws the initialization and the dropout masks).  Returns rows {"lambd", "keep_prob",
    "seed", "train_accuracy", "test_accuracy"}.  The full default sweep takes about 40 s."""
    seeds, configs = list(seeds), list(configs)
    if not seeds or not configs:
        raise ValueError("seeds and configs must both be non-empty")
    data = load_football()
    rows = []
    for lambd, keep_prob in configs:
        for seed in seeds:
            r = regularization_experiment(lambd, keep_prob, seed, data=data, **kwargs)
            rows.append({k: r[k] for k in ("lambd", "keep_prob", "seed", "train_accuracy", "test_accuracy")})
    return rows


def weight_norms(parameters: dict) -> list[float]:
    """Frobenius norm ||W[l]||_F = sqrt(sum_ij W[l]_ij^2) of each layer's weights, l = 1..L."""
    L = v.check_parameters(parameters)
    return [float(np.sqrt(np.sum(np.square(parameters[f"W{l}"])))) for l in range(1, L + 1)]


def dropout_expectation(a: float = 1.0, keep_prob: float = 0.8, n_draws: int = 100_000, seed: int = 0) -> dict:
    """Average of a unit's output a under dropout over ``n_draws`` masks d = [rand < keep_prob].

    Returns {"inverted": mean of a * d / keep_prob (close to a), "plain": mean of a * d (close to
    keep_prob * a), "kept_fraction": mean of d}."""
    v.check_keep_prob(keep_prob, 1)
    n_draws = v.check_int(n_draws, "n_draws")
    if not np.isfinite(a):
        raise ValueError(f"a must be finite, got {a!r}")
    d = np.random.default_rng(seed).random(n_draws) < keep_prob
    return {"inverted": float((a * d / keep_prob).mean()), "plain": float((a * d).mean()),
            "kept_fraction": float(d.mean())}


def _reg_label(r):
    if r["lambd"] == 0 and r["keep_prob"] == 1:
        return "no regularization"
    parts = ([f"L2, lambda {r['lambd']:g}"] if r["lambd"] else []) + \
            ([f"dropout, keep_prob {r['keep_prob']:g}"] if r["keep_prob"] < 1 else [])
    return ", ".join(parts)


def plot_regularization_comparison(results, data: Split | None = None, figsize=None):
    """Decision boundaries of ``regularization_experiment`` results (train points; test points with a
    dark edge) side by side, accuracies in the titles; returns the Figure."""
    results = list(results)
    if not results:
        raise ValueError("results must hold at least one regularization_experiment result, got none")
    data = load_football() if data is None else data
    fig, axes = plt.subplots(1, len(results), figsize=figsize or (4.2 * len(results), 4), squeeze=False)
    for ax, r in zip(axes[0], results):
        params = r["parameters"]
        plot_decision_boundary(lambda G, p=params: predict_proba(G, p), data.X_train, data.Y_train, ax=ax,
                               X_dev=data.X_test, Y_dev=data.Y_test, resolution=120)
        ax.set_title(f"{_reg_label(r)}\ntrain {r['train_accuracy']:.1%}, test {r['test_accuracy']:.1%}",
                     fontsize=10)
    fig.tight_layout()
    return fig


# =========================================================================== gradient checking
def forward_1d(x: float, theta: float) -> float:
    """The course's one-dimensional 'network': J(theta) = theta * x."""
    for name, val in (("x", x), ("theta", theta)):
        if isinstance(val, bool) or not np.isfinite(val):
            raise ValueError(f"{name} must be a finite number, got {val!r}")
    return float(theta * x)


def backward_1d(x: float, theta: float) -> float:
    """dJ/dtheta of J = theta * x, i.e. x."""
    forward_1d(x, theta)  # validates
    return float(x)


def gradient_check_1d(x: float, theta: float, epsilon: float = 1e-7) -> dict:
    """Centered difference (J(theta + eps) - J(theta - eps)) / (2 eps) against backward_1d.

    Returns {"grad", "gradapprox", "difference": |grad - approx| / (|grad| + |approx|)}."""
    v.check_positive(epsilon, "epsilon")
    approx = (forward_1d(x, theta + epsilon) - forward_1d(x, theta - epsilon)) / (2 * epsilon)
    grad = backward_1d(x, theta)
    denom = abs(grad) + abs(approx)
    return {"grad": grad, "gradapprox": float(approx), "difference": abs(grad - approx) / denom if denom else 0.0}


def gradcheck_problem(seed: int = 1, layer_dims=(4, 5, 3, 1), m: int = 3):
    """The course's gradient_check_n setting: X (4, 3) ~ N(0, 1), Y (1, 3) = [1, 1, 0] and a
    4 -> 5 -> 3 -> 1 network whose weights AND biases are N(0, 1) draws (every term of the
    gradient is exercised).  Returns (X, Y, parameters)."""
    dims = v.check_layer_dims(layer_dims)
    m = v.check_int(m, "m")
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((dims[0], m))
    Y = np.array([[1, 1, 0] * (m // 3) + [1, 1, 0][: m % 3]])
    params = {}
    for l in range(1, len(dims)):
        params[f"W{l}"] = rng.standard_normal((dims[l], dims[l - 1]))
        params[f"b{l}"] = rng.standard_normal((dims[l], 1))
    return X, Y, params


def buggy_backward(AL, Y, caches, lambd: float = 0.0, hidden_activation: str = "relu") -> dict:
    """``dlnotes.backward`` with the course's two planted bugs: dW2 doubled and db1 four times
    too large (backward_propagation_n's ``* 2`` and ``4./m``).  Same arguments and result."""
    grads = backward(AL, Y, caches, lambd=lambd, hidden_activation=hidden_activation)
    if "dW2" not in grads:
        raise ValueError("caches must come from a network with at least 2 layers, got 1")
    grads["dW2"] = grads["dW2"] * 2
    grads["db1"] = grads["db1"] * 4
    return grads


def dropout_costs(X, Y, parameters, keep_prob: float = 0.8, seeds=range(5)) -> list[float]:
    """The cost J(theta) at the same parameters with dropout masks drawn from each seed (relu net).

    Shows that with dropout J is a random function of theta: it moves far more between masks
    than between theta +- epsilon."""
    L = v.check_parameters(parameters)
    v.check_keep_prob(keep_prob, L - 1)
    out = []
    for s in seeds:
        AL, caches = forward(X, parameters, "relu", keep_prob=keep_prob, rng=np.random.default_rng(s))
        out.append(compute_cost(AL, Y, caches=caches))
    if not out:
        raise ValueError("seeds must hold at least one seed, got none")
    return out


DEFAULT_EPSILONS = np.logspace(-12, -1, 45)


@functools.lru_cache(maxsize=4)
def _default_sweep(seed: int):
    X, Y, params = gradcheck_problem(seed)
    return np.array([gradient_check(X, Y, params, epsilon=float(e)) for e in DEFAULT_EPSILONS])


def epsilon_sweep(epsilons=None, problem=None) -> tuple[np.ndarray, np.ndarray]:
    """``gradient_check``'s relative difference for each epsilon (default 45 values in 1e-12..1e-1,
    log-spaced) on ``problem`` = (X, Y, parameters) (default ``gradcheck_problem()``).
    Returns (epsilons (k,), differences (k,))."""
    if epsilons is None and problem is None:
        return DEFAULT_EPSILONS.copy(), _default_sweep(1).copy()
    eps = DEFAULT_EPSILONS if epsilons is None else np.asarray(epsilons, dtype=np.float64).ravel()
    if eps.size == 0 or not np.isfinite(eps).all() or (eps <= 0).any():
        raise ValueError(f"epsilons must be positive finite numbers, got {eps!r}")
    X, Y, params = gradcheck_problem() if problem is None else problem
    return eps, np.array([gradient_check(X, Y, params, epsilon=float(e)) for e in eps])


def epsilon_figure(epsilon: float = 1e-7):
    """Widget callback: the relative difference against epsilon (log-log) on the 4-5-3-1 problem,
    with the guides eps^2 (truncation) and 1e-16/eps (round-off) and the current epsilon marked.
    Returns (Figure, text with the current difference)."""
    v.check_positive(epsilon, "epsilon")
    if not 1e-15 <= epsilon <= 1:
        raise ValueError(f"epsilon must be in [1e-15, 1], got {epsilon!r}")
    eps, diffs = epsilon_sweep()
    X, Y, params = gradcheck_problem()
    current = gradient_check(X, Y, params, epsilon=epsilon)
    fig, ax = plt.subplots(figsize=(7, 4.2))
    ax.loglog(eps, np.maximum(diffs, 1e-20), ".-", label="relative difference")
    k = int(np.argmin(diffs))
    ax.loglog(eps, diffs[k] * (eps / eps[k]) ** 2, ":", color="gray", label=r"$\propto \varepsilon^2$ (truncation)")
    ax.loglog(eps, diffs[k] * eps[k] / eps, "--", color="gray", label=r"$\propto 1/\varepsilon$ (round-off)")
    ax.loglog([epsilon], [max(current, 1e-20)], "o", color="#b2182b", ms=9, label=f"epsilon = {epsilon:.1e}")
    ax.axhline(2e-7, color="#5aae61", lw=1, label="course's pass line 2e-7")
    ax.set_ylim(max(np.min(diffs) / 10, 1e-20), 1)
    ax.set_xlabel(r"$\varepsilon$")
    ax.set_ylabel("relative difference")
    ax.set_title("Gradient check on the 4-5-3-1 network: the choice of epsilon", fontsize=10)
    ax.legend(fontsize=8, loc="upper center")
    fig.tight_layout()
    verdict = "passes" if current < 2e-7 else "fails"
    return fig, f"epsilon = {epsilon:.3g}: difference {format_difference(current)} ({verdict} the 2e-7 check)"
