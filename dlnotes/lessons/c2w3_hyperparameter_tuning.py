"""Lesson of notebooks/c2w3_hyperparameter_tuning.ipynb: grid against random search, sampling on a
log scale, a random search of small networks on a train/dev split of the flower, and coarse to fine.
``effective_window`` (re-exported) and ``check_beta`` come from c2w2_optimization_algorithms.

X (2, m), Y (1, m).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .. import validation as v
from ..datasets import Split, make_dataset, train_test_split
from ..model import accuracy, network, predict
from ..optimizers import make_optimizer
from ..training import progress_bar, train
from .c2w2_optimization_algorithms import check_beta, effective_window


def sample_log_uniform(n: int, low_exp: float, high_exp: float, seed: int = 0) -> np.ndarray:
    """n values 10**r with r uniform in [low_exp, high_exp]: uniform on a log scale.  Shape (n,)."""
    n = v.check_int(n, "n")
    for name, x in (("low_exp", low_exp), ("high_exp", high_exp)):
        v.check_real(x, name)
    if low_exp >= high_exp:
        raise ValueError(f"low_exp must be below high_exp, got {low_exp!r} >= {high_exp!r}")
    r = np.random.default_rng(seed).uniform(low_exp, high_exp, n)
    return 10.0 ** r


def sample_learning_rates(n: int, seed: int = 0, r_min: float = -4.0, r_max: float = 0.0) -> np.ndarray:
    """The lecture's alpha = 10^r, r = -4 * rand (r uniform in [r_min, r_max]); shape (n,)."""
    return sample_log_uniform(n, r_min, r_max, seed)


def sample_betas(n: int, seed: int = 0, r_min: float = -3.0, r_max: float = -1.0) -> np.ndarray:
    """The lecture's beta = 1 - 10^r, r uniform in [-3, -1] (beta from 0.9 to 0.999); shape (n,)."""
    return 1.0 - sample_log_uniform(n, r_min, r_max, seed)


def grid_vs_random_points(n_per_axis: int = 5, seed: int = 0):
    """n_per_axis^2 points in the unit square on a grid, and as many uniform random ones.
    Returns (grid (2, n^2), random (2, n^2))."""
    n = v.check_int(n_per_axis, "n_per_axis", minimum=2)
    ticks = (np.arange(n) + 0.5) / n
    g1, g2 = np.meshgrid(ticks, ticks)
    grid = np.vstack([g1.ravel(), g2.ravel()])
    rand = np.random.default_rng(seed).random((2, n * n))
    return grid, rand


def _toy_objective(a, b):
    """A made-up dev accuracy that depends strongly on a (peak near 0.83) and hardly on b."""
    return 0.95 - 0.6 * (a - 0.83) ** 2 - 0.01 * (b - 0.5) ** 2


def plot_grid_vs_random(n_per_axis: int = 5, seed: int = 0, figsize=(12, 5)):
    """Grid vs random search over two hyperparameters of which only the first matters.

    Background: a made-up dev accuracy depending on hyperparameter 1 only (almost); ticks under
    each panel: the distinct values of hyperparameter 1 that were tried.  Returns the figure.
    """
    grid, rand = grid_vs_random_points(n_per_axis, seed)
    a, b = np.meshgrid(np.linspace(0, 1, 200), np.linspace(0, 1, 200))
    f = _toy_objective(a, b)
    fig, axes = plt.subplots(1, 2, figsize=v.check_figsize(figsize), layout="constrained")
    for ax, pts, name in zip(axes, (grid, rand), ("grid search", "random search")):
        im = ax.imshow(f, origin="lower", extent=(0, 1, 0, 1), cmap="viridis", aspect="auto")
        ax.scatter(pts[0], pts[1], c="white", edgecolors="black", s=30)
        ax.plot(pts[0], np.full(pts.shape[1], -0.03), "|", color="#b2182b", ms=10, clip_on=False)
        best = _toy_objective(pts[0], pts[1]).max()
        ax.set_title(f"{name}: {pts.shape[1]} trials,\n{len(np.unique(pts[0]))} distinct values of "
                     f"hyperparameter 1,\nbest accuracy found {best:.4f} (optimum 0.95)", fontsize=10)
        ax.set_xlabel(r"hyperparameter 1 (important, e.g. $\alpha$)")
        ax.set_ylabel(r"hyperparameter 2 (unimportant, e.g. $\varepsilon$)")
        ax.set_ylim(-0.05, 1)
    fig.colorbar(im, ax=axes, label="dev accuracy (made up)")
    return fig


def plot_sampling_scales(n: int = 2000, seed: int = 0, figsize=(12, 3.8)):
    """Where samples land: alpha uniform on [0.0001, 1] vs alpha = 10^r; beta uniform on [0.9, 0.999]
    vs beta = 1 - 10^r; histograms on log axes (per decade).  Returns the figure."""
    n = v.check_int(n, "n")
    rng = np.random.default_rng(seed)
    lin_alpha = rng.uniform(1e-4, 1.0, n)
    log_alpha = sample_learning_rates(n, seed + 1)
    lin_beta = rng.uniform(0.9, 0.999, n)
    log_beta = sample_betas(n, seed + 2)
    fig, axes = plt.subplots(1, 2, figsize=v.check_figsize(figsize))
    bins = np.logspace(-4, 0, 17)
    axes[0].hist([lin_alpha, log_alpha], bins=bins, label=["uniform on [0.0001, 1]", r"$10^r$, $r \in [-4, 0]$"])
    axes[0].set_xscale("log")
    axes[0].set_xlabel(r"learning rate $\alpha$ (log scale)")
    axes[0].set_ylabel(f"count of {n} samples")
    axes[0].set_title(r"Sampling $\alpha$")
    bins = np.logspace(-3, -1, 17)
    axes[1].hist([1 - lin_beta, 1 - log_beta], bins=bins,
                 label=["beta uniform on [0.9, 0.999]", r"$\beta = 1 - 10^r$, $r \in [-3, -1]$"])
    axes[1].set_xscale("log")
    axes[1].set_xlabel(r"$1 - \beta$ (log scale)")
    axes[1].set_ylabel(f"count of {n} samples")
    axes[1].set_title(r"Sampling $\beta$ (shown as $1 - \beta$)")
    for ax in axes:
        ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


TUNING_SETUP = {"dataset": "flower", "n_samples": 400, "data_seed": 0, "dev_fraction": 0.3,
                "hidden_activation": "tanh", "init": "xavier", "iterations": 1000, "optimizer": "momentum"}


def tuning_data(seed: int = 0) -> Split:
    """The search's data: the flower set (400 points) split 70/30 into train (X_train) and dev (X_test)."""
    X, Y = make_dataset(TUNING_SETUP["dataset"], TUNING_SETUP["n_samples"], seed=TUNING_SETUP["data_seed"])
    return train_test_split(X, Y, TUNING_SETUP["dev_fraction"], seed=seed)


def evaluate_hyperparameters(learning_rate: float, beta: float, hidden_units: int, data: Split | None = None,
                             iterations: int | None = None, seed: int = 0) -> dict:
    """Train [2, hidden_units, 1] (tanh, Xavier init, full-batch gradient descent with momentum beta)
    on data.X_train and measure it on the dev set data.X_test.  Returns {"learning_rate", "beta",
    "hidden_units", "train_accuracy", "dev_accuracy", "diverged"}."""
    data = tuning_data() if data is None else data
    hidden_units = v.check_int(hidden_units, "hidden_units")
    iterations = TUNING_SETUP["iterations"] if iterations is None else iterations
    start = network([2, hidden_units, 1], TUNING_SETUP["hidden_activation"], init=TUNING_SETUP["init"], seed=seed)
    optimizer = make_optimizer(TUNING_SETUP["optimizer"], learning_rate=learning_rate, beta=check_beta(beta))
    parameters, history = train(data.X_train, data.Y_train, start, optimizer, iterations, seed=seed,
                                record_every=iterations)
    row = {"learning_rate": float(learning_rate), "beta": float(beta), "hidden_units": hidden_units,
           "diverged": history.diverged, "train_accuracy": float("nan"), "dev_accuracy": float("nan")}
    if not history.diverged:
        row["train_accuracy"] = accuracy(predict(data.X_train, parameters), data.Y_train)
        row["dev_accuracy"] = accuracy(predict(data.X_test, parameters), data.Y_test)
    return row


def _check_range(r, name):
    try:
        lo, hi = r
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a pair (low, high), got {r!r}") from None
    if not (np.isfinite(lo) and np.isfinite(hi)) or lo > hi:
        raise ValueError(f"{name} must be a pair (low, high) with low <= high, got {r!r}")
    return float(lo), float(hi)


def _run_trials(settings, data, iterations, progress) -> list[dict]:
    """``evaluate_hyperparameters`` for each (learning_rate, beta, hidden_units) of ``settings``, in order;
    ``progress`` shows a tqdm bar over the trials (removed when done)."""
    data = tuning_data() if data is None else data
    bar = progress_bar(len(settings), "trials") if progress else None
    rows = []
    for lr, beta, n_h in settings:
        rows.append(evaluate_hyperparameters(lr, beta, n_h, data, iterations))
        if bar is not None:
            bar.update(1)
    if bar is not None:
        bar.close()
    return rows


def random_search(n_trials: int = 25, seed: int = 0, lr_exp=(-4.0, 0.0), one_minus_beta_exp=(-3.0, -1.0),
                  hidden_units=(2, 16), data: Split | None = None, iterations: int | None = None,
                  progress: bool = False) -> list[dict]:
    """Random search: each trial draws alpha = 10^r (r uniform in lr_exp), beta = 1 - 10^s (s uniform
    in one_minus_beta_exp) and the hidden units uniformly from the integers in hidden_units, then runs
    ``evaluate_hyperparameters`` (``progress``: a bar over the trials).  Returns the list of result rows,
    in trial order."""
    n_trials = v.check_int(n_trials, "n_trials")
    lr_lo, lr_hi = _check_range(lr_exp, "lr_exp")
    b_lo, b_hi = _check_range(one_minus_beta_exp, "one_minus_beta_exp")
    h_lo, h_hi = (int(x) for x in _check_range(hidden_units, "hidden_units"))
    if h_lo < 1:
        raise ValueError(f"hidden_units must be a pair of integers >= 1, got {hidden_units!r}")
    rng = np.random.default_rng(seed)
    settings = []
    for _ in range(n_trials):
        lr = 10.0 ** rng.uniform(lr_lo, lr_hi)
        beta = 1.0 - 10.0 ** rng.uniform(b_lo, b_hi)
        settings.append((lr, beta, int(rng.integers(h_lo, h_hi + 1))))
    return _run_trials(settings, data, iterations, progress)


def grid_search(n_per_axis: int = 5, lr_exp=(-4.0, 0.0), one_minus_beta_exp=(-3.0, -1.0), hidden_units: int = 8,
                data: Split | None = None, iterations: int | None = None, progress: bool = False) -> list[dict]:
    """Grid search: n_per_axis learning rates x n_per_axis betas, evenly spaced on the same log scales
    as ``random_search`` (endpoints included), hidden units fixed (``progress``: a bar over the trials).
    Returns the result rows."""
    n = v.check_int(n_per_axis, "n_per_axis", minimum=2)
    lr_lo, lr_hi = _check_range(lr_exp, "lr_exp")
    b_lo, b_hi = _check_range(one_minus_beta_exp, "one_minus_beta_exp")
    settings = [(10.0 ** r, 1.0 - 10.0 ** s, hidden_units)
                for r in np.linspace(lr_lo, lr_hi, n) for s in np.linspace(b_lo, b_hi, n)]
    return _run_trials(settings, data, iterations, progress)


def format_results_table(rows, top: int | None = None) -> str:
    """A text table of search results sorted by dev accuracy (best first); ``top`` keeps the best rows."""
    rows = list(rows)
    if not rows:
        raise ValueError("rows must hold at least one search result, got none")
    if top is not None:
        v.check_int(top, "top")
    ranked = sorted(rows, key=lambda r: -np.nan_to_num(r["dev_accuracy"], nan=-1.0))[:top]
    lines = [f"{'rank':>4} | {'learning rate':>13} | {'beta':>7} | {'1 - beta':>8} | {'hidden':>6} | "
             f"{'train acc':>9} | {'dev acc':>7}"]
    lines.append("-" * len(lines[0]))
    for i, r in enumerate(ranked, 1):
        acc = ("diverged".rjust(9) + " | " + "".rjust(7)) if r["diverged"] else \
            f"{r['train_accuracy']:>9.1%} | {r['dev_accuracy']:>7.1%}"
        lines.append(f"{i:>4} | {r['learning_rate']:>13.5f} | {r['beta']:>7.4f} | {1 - r['beta']:>8.4f} | "
                     f"{r['hidden_units']:>6d} | {acc}")
    return "\n".join(lines)


def plot_search_results(rows, figsize=(13, 3.8), title="Random search: dev accuracy of each trial"):
    """Scatter of dev accuracy against the learning rate (log), 1 - beta (log) and the hidden units."""
    rows = [r for r in rows if not r["diverged"]]
    if not rows:
        raise ValueError("rows must hold at least one search result that did not diverge, got none")
    acc = np.array([r["dev_accuracy"] for r in rows])
    fig, axes = plt.subplots(1, 3, figsize=v.check_figsize(figsize), sharey=True)
    for ax, key, label, log in zip(
            axes, ("learning_rate", "one_minus_beta", "hidden_units"),
            (r"learning rate $\alpha$ (log scale)", r"$1 - \beta$ (log scale)", "hidden units $n^{[1]}$"),
            (True, True, False)):
        x = np.array([1 - r["beta"] if key == "one_minus_beta" else r[key] for r in rows])
        ax.scatter(x, acc, c=acc, cmap="viridis", edgecolors="black", s=30)
        if log:
            ax.set_xscale("log")
        ax.set_xlabel(label)
    axes[0].set_ylabel("dev accuracy")
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def zoom_ranges(rows, top_k: int = 5, pad: float = 0.25) -> dict:
    """Coarse to fine: the log10 ranges that hold the ``top_k`` best trials (by dev accuracy),
    widened by ``pad`` decades on each side.  Returns {"lr_exp": (lo, hi), "one_minus_beta_exp": (lo, hi),
    "hidden_units": (lo, hi)}."""
    rows = [r for r in rows if not r["diverged"]]
    top_k = v.check_int(top_k, "top_k")
    v.check_positive(pad, "pad", allow_zero=True)
    if len(rows) < top_k:
        raise ValueError(f"rows must hold at least top_k = {top_k} results that did not diverge, got {len(rows)}")
    best = sorted(rows, key=lambda r: -r["dev_accuracy"])[:top_k]
    lr = np.log10([r["learning_rate"] for r in best])
    ob = np.log10([1 - r["beta"] for r in best])
    hu = [r["hidden_units"] for r in best]
    return {"lr_exp": (float(lr.min() - pad), float(lr.max() + pad)),
            "one_minus_beta_exp": (float(ob.min() - pad), float(ob.max() + pad)),
            "hidden_units": (int(min(hu)), int(max(hu)))}


def plot_search_plane(searches: dict, box: dict | None = None, figsize=(7, 5),
                      title="Coarse to fine: the trials in the (learning rate, 1 - beta) plane"):
    """Each search's trials (label -> rows) in the plane (alpha, 1 - beta), log axes, colored by dev
    accuracy (marker per search); ``box``: a ``zoom_ranges`` result drawn as a rectangle.  Returns the figure."""
    if not searches:
        raise ValueError("searches must map a label to result rows, got none")
    fig, ax = plt.subplots(figsize=v.check_figsize(figsize))
    all_acc = [r["dev_accuracy"] for rows in searches.values() for r in rows if not r["diverged"]]
    vmin, vmax = (min(all_acc), max(all_acc)) if all_acc else (0, 1)
    sc = None
    for (label, rows), marker in zip(searches.items(), "os^Dv"):
        ok = [r for r in rows if not r["diverged"]]
        sc = ax.scatter([r["learning_rate"] for r in ok], [1 - r["beta"] for r in ok],
                        c=[r["dev_accuracy"] for r in ok], cmap="viridis", vmin=vmin, vmax=vmax,
                        marker=marker, edgecolors="black", s=45, label=label)
    if box is not None:
        (a0, a1), (b0, b1) = box["lr_exp"], box["one_minus_beta_exp"]
        ax.add_patch(plt.Rectangle((10 ** a0, 10 ** b0), 10 ** a1 - 10 ** a0, 10 ** b1 - 10 ** b0, fill=False,
                                   ec="#b2182b", lw=2, ls="--", label="fine search region"))
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(r"learning rate $\alpha$ (log scale)")
    ax.set_ylabel(r"$1 - \beta$ (log scale)")
    ax.set_title(title)
    ax.legend(fontsize=8)
    if sc is not None:
        fig.colorbar(sc, ax=ax, label="dev accuracy")
    return fig


__all__ = [
    "effective_window", "evaluate_hyperparameters", "format_results_table", "grid_search", "grid_vs_random_points",
    "plot_grid_vs_random", "plot_sampling_scales", "plot_search_plane", "plot_search_results", "random_search",
    "sample_betas", "sample_learning_rates", "sample_log_uniform", "tuning_data", "TUNING_SETUP", "zoom_ranges",
]
