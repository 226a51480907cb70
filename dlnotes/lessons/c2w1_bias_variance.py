"""Lesson of notebooks/c2w1_bias_variance.ipynb: train/dev/test split sizes, the four bias/variance
cases on a noisy xor set (with its Bayes error), the course's diagnosis and basic recipe, and early
stopping.

X (2, m), Y (1, m); the trained networks are ``dlnotes.Network``s (tanh hidden layers).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .. import validation as v
from ..datasets import Split, make_xor
from ..model import accuracy, network, predict
from ..optimizers import GradientDescent
from ..plotting import plot_costs, plot_decision_boundary
from ..training import train


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
    """The optimal (Bayes) error of ``make_xor(noise)``: a Monte-Carlo estimate on ``n_samples`` fresh
    points (its standard error: ``bayes_standard_error``).

    The noise is independent in x1 and x2 and symmetric, so the best possible rule is the noiseless
    one, label = [x1 * x2 > 0]; its error rate on the sample estimates the Bayes error.
    """
    v.check_positive(noise, "noise", allow_zero=True)
    X, Y = make_xor(v.check_int(n_samples, "n_samples", minimum=2), noise, seed=seed)
    return float(((X[0] * X[1] > 0) != (Y[0] == 1)).mean())


def bayes_standard_error(error: float, n_samples: int = 200_000) -> float:
    """The standard error sqrt(p (1 - p) / n) of an error rate p measured on n independent points."""
    v.check_positive(error, "error", allow_zero=True)
    if error > 1:
        raise ValueError(f"error must be a fraction in [0, 1], got {error!r}")
    return float(np.sqrt(error * (1 - error) / v.check_int(n_samples, "n_samples")))


BIAS_VARIANCE_CASES = {
    "high bias": {"hidden_layers": [], "n_train": 400},
    "high bias and high variance": {"hidden_layers": [], "n_train": 30},
    "high variance": {"hidden_layers": [30, 30], "n_train": 30},
    "neither": {"hidden_layers": [30, 30], "n_train": 400},
}


BV_DATA = {"n_samples": 2400, "noise": 0.1, "seed": 0, "n_pool": 400}  # the first 400 points: train pool


BV_TRAIN = {"learning_rate": 0.3, "hidden_activation": "tanh", "init": "xavier", "seed": 0}


def _train(X, Y, dims, iterations, **options):
    """``train`` with the settings of ``BV_TRAIN`` (tanh, Xavier init, plain gradient descent)."""
    start = network(dims, BV_TRAIN["hidden_activation"], init=BV_TRAIN["init"], seed=BV_TRAIN["seed"])
    return train(X, Y, start, GradientDescent(BV_TRAIN["learning_rate"]), iterations, seed=BV_TRAIN["seed"],
                 **options)


BV_ITERATIONS = {0: 2000}  # logistic regression (no hidden layer) converges fast; networks get 5000


def bias_variance_data() -> tuple[Split, float]:
    """The xor set of the bias/variance cases: a Split with the 400-point training pool
    X_train (2, 400) and the 2000-point dev set (as X_test, Y_test), and its Bayes error."""
    X, Y = make_xor(BV_DATA["n_samples"], BV_DATA["noise"], seed=BV_DATA["seed"])
    k = BV_DATA["n_pool"]
    return Split(X[:, :k], Y[:, :k], X[:, k:], Y[:, k:]), xor_bayes_error(BV_DATA["noise"])


def bias_variance_cases(cases=None, progress: bool = False) -> list[dict]:
    """Train the four cases of ``BIAS_VARIANCE_CASES`` (or the named subset ``cases``) on the xor set;
    ``progress`` shows train's progress bar for each.

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
        params, _ = _train(Xtr, Ytr, dims, iterations, record_every=iterations, progress=progress)
        err_tr = 1 - accuracy(predict(Xtr, params), Ytr)
        err_dev = 1 - accuracy(predict(data.X_test, params), data.Y_test)
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
        plot_decision_boundary(params, r["X_train"], r["Y_train"], ax=ax, resolution=80)
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
    return _train(data.X_train[:, :n], data.Y_train[:, :n], [2, 30, 30, 1], iterations,
                  record_every=v.check_int(record_every, "record_every"), dev=(data.X_test, data.Y_test))


def early_stopping_point(history) -> tuple[int, float]:
    """Where early stopping stops: (iteration, dev cost) of the lowest recorded dev cost."""
    if not getattr(history, "dev_costs", None):
        raise ValueError("history must hold dev costs (train with X_dev=, Y_dev=), got none")
    k = int(np.argmin(history.dev_costs))
    return int(history.iterations[k]), float(history.dev_costs[k])


def early_stopping_errors(iterations: int = 6000, run=None) -> dict:
    """Dev error of the ``early_stopping_run`` network stopped at its lowest dev cost vs trained to the end.

    Training is deterministic, so stopping = retraining for stop_iteration + 1 iterations.  ``run``:
    the (parameters, history) of ``early_stopping_run(iterations)`` when already trained (not repeated).
    Returns {"stop_iteration", "iterations", "dev_error_at_stop", "dev_error_at_end"}."""
    params_end, history = early_stopping_run(iterations) if run is None else run
    if history.iterations[-1] != iterations - 1:
        raise ValueError(f"run must be the result of early_stopping_run({iterations}), got a run of "
                         f"{history.iterations[-1] + 1} iterations")
    stop, _ = early_stopping_point(history)
    params_stop, _ = early_stopping_run(stop + 1, record_every=stop + 1)
    data, _ = bias_variance_data()
    err = lambda p: 1 - accuracy(predict(data.X_test, p), data.Y_test)  # noqa: E731
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


__all__ = [
    "basic_recipe", "bayes_standard_error", "BIAS_VARIANCE_CASES", "bias_variance_cases", "bias_variance_data",
    "BV_DATA", "BV_ITERATIONS", "BV_TRAIN", "diagnose", "early_stopping_errors", "early_stopping_point",
    "early_stopping_run", "plot_bias_variance_cases", "plot_early_stopping", "RECIPE", "recipe_table",
    "split_sizes", "split_table", "xor_bayes_error",
]
