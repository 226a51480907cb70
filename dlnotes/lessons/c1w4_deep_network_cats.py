"""Lesson of notebooks/c1w4_deep_network_cats.ipynb: the deep cat classifier's spread over seeds and
cost curves compared.  The mislabeled pictures are drawn by c1w2_logistic_regression_cats's
``plot_mislabeled`` (re-exported here, so the notebook imports one lesson).

``data`` is a ``dlnotes.datasets.CatData``: X (12288, m), Y (1, m).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ..model import accuracy, predict
from ..plotting import plot_costs
from ..training import train
from .c1w2_logistic_regression_cats import check_cat_data, plot_mislabeled


def seed_spread(data, layer_dims=(12288, 20, 7, 5, 1), seeds=range(5), learning_rate: float = 0.0075,
                num_iterations: int = 2500, init: str = "xavier", dtype=np.float64, known=None) -> list:
    """Train the cat network once per seed; returns [(seed, train accuracy, test accuracy), ...].

    ``known``: {seed: parameters} already trained (reused instead of training again).
    """
    check_cat_data(data)
    seeds = list(seeds)
    if not seeds:
        raise ValueError("seeds must hold at least one seed, got none")
    known = known or {}
    out = []
    for s in seeds:
        params = known.get(s)
        if params is None:
            params, _ = train(data.X_train, data.Y_train, list(layer_dims), learning_rate, num_iterations,
                              init=init, seed=s, record_every=num_iterations, dtype=dtype)
        out.append((s, accuracy(predict(data.X_train, params), data.Y_train),
                    accuracy(predict(data.X_test, params), data.Y_test)))
    return out


def plot_seed_spread(spread, course: float | None = 0.80, m_test: int = 50):
    """Test accuracy per seed (rows of ``seed_spread``) with the mean, a +-1 binomial standard error
    band for m_test pictures, and the course's figure. Returns the Figure."""
    spread = list(spread)
    if not spread:
        raise ValueError("spread must hold at least one (seed, train, test) row, got none")
    seeds = [r[0] for r in spread]
    test = np.array([r[2] for r in spread])
    mean = float(test.mean())
    se = np.sqrt(mean * (1 - mean) / m_test)
    fig, ax = plt.subplots(figsize=(6, 3.6))
    ax.axhspan(mean - se, mean + se, color="0.9", label=f"mean ± 1 standard error ({m_test} pictures)")
    ax.bar([str(s) for s in seeds], test, color="#4393c3", width=0.6)
    ax.axhline(mean, color="k", lw=1, label=f"mean {mean:.0%}")
    if course is not None:
        ax.axhline(course, color="#b2182b", ls="--", lw=1, label=f"course {course:.0%}")
    ax.set_ylim(0.5, 1.05)
    ax.set_xlabel("seed of the initialization")
    ax.set_ylabel("test accuracy")
    ax.set_title("Same network, same data, different seeds")
    ax.legend(loc="upper left", fontsize=8, ncol=3)
    fig.tight_layout()
    return fig


def plot_cost_comparison(histories: dict, title: str = "Cost during training"):
    """Cost curves of several ``History`` objects on one axes: histories {label: History}. Returns the Figure."""
    if not histories:
        raise ValueError("histories must hold at least one {label: History}, got none")
    fig, ax = plt.subplots(figsize=(6.5, 4))
    for label, h in histories.items():
        plot_costs(h.costs, h.iterations, ax=ax, label=label, title=title)
    fig.tight_layout()
    return fig


__all__ = [
    "plot_mislabeled", "plot_cost_comparison", "plot_seed_spread", "seed_spread",
]
