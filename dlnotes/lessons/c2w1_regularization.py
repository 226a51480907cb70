"""Lesson of notebooks/c2w1_regularization.ipynb: the course's 2 -> 20 -> 3 -> 1 ReLU network on the
football set without regularization, with L2 and with dropout; weight norms, inverted dropout's
expectation, and the spread over seeds.

X (2, m), Y (1, m); W[l] (n[l], n[l-1]).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .. import validation as v
from ..datasets import Split, load_football
from ..model import accuracy, predict
from ..plotting import plot_decision_boundary
from ..training import train

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
        plot_decision_boundary(params, data.X_train, data.Y_train, ax=ax, X_dev=data.X_test, Y_dev=data.Y_test,
                               resolution=120)
        ax.set_title(f"{_reg_label(r)}\ntrain {r['train_accuracy']:.1%}, test {r['test_accuracy']:.1%}",
                     fontsize=10)
    fig.tight_layout()
    return fig


__all__ = [
    "dropout_expectation", "plot_regularization_comparison", "REG_LAYERS", "REG_TRAIN",
    "regularization_experiment", "regularization_seed_sweep", "weight_norms",
]
