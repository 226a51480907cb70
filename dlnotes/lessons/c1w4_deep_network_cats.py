"""Lesson of notebooks/c1w4_deep_network_cats.ipynb: the cat networks trained over seeds (in the span of
the training pictures, ``dlnotes.span``), their spread and cost curves compared, and a learning-rate
sweep for the parameters-versus-hyperparameters section.  The mislabeled pictures are drawn by
c1w2_logistic_regression_cats's ``plot_mislabeled`` (re-exported here, so the notebook imports one lesson).

``data`` is a ``dlnotes.datasets.CatData``: X (12288, m), Y (1, m).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ..model import accuracy, network, predict
from ..model import initialize_parameters as init_parameters
from ..optimizers import GradientDescent
from ..plotting import plot_costs
from ..span import data_span, train_in_span
from ..training import progress_bar
from .c1w2_logistic_regression_cats import check_cat_data, plot_mislabeled


def seed_spread(data, layer_dims=(12288, 20, 7, 5, 1), seeds=range(5), learning_rate: float = 0.0075,
                num_iterations: int = 2500, init: str = "xavier", scale: float = 0.01, span=None, known=None,
                progress: bool = False) -> list:
    """Train the cat network once per seed (``train_in_span``: the same gradient descent as ``train``,
    in the span of the training pictures); returns [(seed, train accuracy, test accuracy), ...].

    ``span``: ``data_span(data.X_train)`` (computed when None); ``known``: {seed: parameters} already
    trained (reused instead of training again); ``progress``: a bar over the seeds.
    """
    check_cat_data(data)
    seeds = list(seeds)
    if not seeds:
        raise ValueError("seeds must hold at least one seed, got none")
    known = known or {}
    span = data_span(data.X_train) if span is None else span
    out = []
    for s in progress_bar(seeds, f"{len(layer_dims) - 1}-layer seeds") if progress else seeds:
        params = known.get(s)
        if params is None:
            params, _ = train_in_span(data.X_train, data.Y_train, network(list(layer_dims), init=init, scale=scale,
                                                                          seed=s),
                                      GradientDescent(learning_rate), num_iterations, span=span, seed=s,
                                      record_every=num_iterations)
        out.append((s, accuracy(predict(data.X_train, params), data.Y_train),
                    accuracy(predict(data.X_test, params), data.Y_test)))
    return out


def learning_rate_sweep(data, layer_dims, learning_rates, num_iterations: int = 2500, init: str = "random",
                        scale: float = 0.01, seed: int = 0, span=None, progress: bool = False) -> dict:
    """The same network and seed trained with each learning rate: {rate: (history, train acc, test acc)}."""
    check_cat_data(data)
    rates = list(learning_rates)
    if not rates:
        raise ValueError("learning_rates must hold at least one rate, got none")
    span = data_span(data.X_train) if span is None else span
    out = {}
    for lr in progress_bar(rates, "learning rates") if progress else rates:
        params, history = train_in_span(data.X_train, data.Y_train,
                                        network(list(layer_dims), init=init, scale=scale, seed=seed),
                                        GradientDescent(lr), num_iterations, span=span, seed=seed, record_every=100)
        out[lr] = (history, accuracy(predict(data.X_train, params), data.Y_train),
                   accuracy(predict(data.X_test, params), data.Y_test))
    return out


def plot_seed_spread(spreads: dict, course: dict | None = None, m_test: int = 50):
    """Test accuracy per seed for each network, spreads {label: rows of ``seed_spread``}, each with its
    mean (the legend prints it as the notebook does, to 0.1 %), a +-1 binomial standard error band for
    m_test pictures, and the course's figure ({label: accuracy}). Returns the Figure."""
    if not spreads or not all(list(rows) for rows in spreads.values()):
        raise ValueError("spreads must map each label to at least one (seed, train, test) row, got none")
    course = course or {}
    fig, ax = plt.subplots(figsize=(7, 3.8))
    colors = ("#92c5de", "#2166ac", "#f4a582", "#b2182b")
    width = 0.8 / len(spreads)
    for k, (label, rows) in enumerate(spreads.items()):
        rows = list(rows)
        x = np.arange(len(rows)) + (k - (len(spreads) - 1) / 2) * width
        test = np.array([r[2] for r in rows])
        mean = float(test.mean())
        se = np.sqrt(mean * (1 - mean) / m_test)
        color = colors[(2 * k + 1) % len(colors)]
        ax.bar(x, test, width=width * 0.9, color=color, alpha=0.8, label=f"{label}: mean {mean:.1%}")
        ax.fill_between([-0.5, len(rows) - 0.5], mean - se, mean + se, color=color, alpha=0.12, lw=0)
        ax.axhline(mean, color=color, lw=1.2)
        if label in course:
            ax.axhline(course[label], color=color, ls="--", lw=1, label=f"{label}: course {course[label]:.0%}")
    seeds = [r[0] for r in next(iter(spreads.values()))]
    ax.set_xticks(range(len(seeds)), [str(s) for s in seeds])
    ax.set_xlim(-0.5, len(seeds) - 0.5)
    ax.set_ylim(0.5, 1.0)
    ax.set_xlabel("seed of the initialization")
    ax.set_ylabel("test accuracy")
    ax.set_title(f"Same networks, same data, different seeds (bands: mean ± 1 standard error, {m_test} pictures)",
                 fontsize=9)
    ax.legend(loc="upper left", fontsize=7, ncol=2)
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
    "learning_rate_sweep", "plot_mislabeled", "plot_cost_comparison", "plot_seed_spread", "seed_spread",
]


# --------------------------------------------------------------------------- run yours
def initialize_parameters(n_x: int, n_h: int, n_y: int) -> dict:
    """The application's helper for two_layer_model: W1 (n_h, n_x), W2 (n_y, n_h) randn * 0.01 from a
    Generator seeded 1 (the course seeds its helper with np.random.seed(1)), b1, b2 zeros."""
    return init_parameters([n_x, n_h, n_y], "random", seed=1, scale=0.01)


def initialize_parameters_deep(layers_dims) -> dict:
    """The application's helper for L_layer_model: W[l] (n[l], n[l-1]) randn / sqrt(n[l-1]) from a
    Generator seeded 1, b[l] zeros."""
    return init_parameters(list(layers_dims), "xavier", seed=1)


# the course's L_layer_model on the cats (layers [12288, 20, 7, 5, 1], learning rate 0.0075): its first costs
COURSE_L_LAYER_COSTS = {0: 0.771749, 100: 0.673350}


def deep_run_summary(parameters: dict, costs, data) -> str:
    """The costs every 100 iterations of an L_layer_model run and the accuracies of its ``parameters``,
    next to the course's first costs."""
    check_cat_data(data)
    lines = [f"cost after iteration {100 * k:>3}: {float(np.squeeze(c)):.4f}"
             + (f"   (course: {COURSE_L_LAYER_COSTS[100 * k]:.4f})" if 100 * k in COURSE_L_LAYER_COSTS else "")
             for k, c in enumerate(costs)]
    params = {k: np.asarray(p, dtype=float) for k, p in parameters.items()}
    train = accuracy(predict(data.X_train, params), data.Y_train)
    test = accuracy(predict(data.X_test, params), data.Y_test)
    lines.append(f"after {100 * (len(costs) - 1) + 1} iterations: train accuracy {train:.0%}, test {test:.0%}")
    return "\n".join(lines)
