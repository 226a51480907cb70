"""Lesson of notebooks/c1w1_neural_network_basics.ipynb: one ReLU neuron fitted to "housing prices",
and the activations sigmoid, tanh and ReLU with their gradients.

x (1, m) and y (1, m), one example per column, as everywhere in dlnotes.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .. import validation as v
from ..activations import activation, derivative
from ..datasets import make_dataset
from ..model import accuracy, network, predict
from ..optimizers import Adam
from ..training import progress_bar, train


def make_housing(n_samples: int = 40, noise: float = 0.15, seed: int = 0):
    """Generated "housing prices": size x (1, m) in 1000 sq ft, price y (1, m) in $100k.

    The price is a ReLU of the size, y = max(0, 2 (x - 0.6)) + noise * randn, clipped at 0:
    no house costs less than nothing, and below some size the price is (about) zero.
    """
    v.check_int(n_samples, "n_samples", minimum=2)
    v.check_positive(noise, "noise", allow_zero=True)
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(0.3, 3.0, n_samples))
    y = np.maximum(0.0, 2.0 * (x - 0.6)) + noise * rng.standard_normal(n_samples)
    return x.reshape(1, -1), np.maximum(y, 0.0).reshape(1, -1)


def fit_relu_neuron(x, y, learning_rate: float = 0.05, num_iterations: int = 2000, w0: float = 0.5,
                    b0: float = 0.0) -> dict:
    """Fit one ReLU neuron y_hat = max(0, w x + b) to x (1, m), y (1, m) by gradient descent on
    the squared error J = 1/(2m) sum (y_hat - y)^2 (a regression, so squared error is right here).

    dz = (y_hat - y) * 1[z > 0] per example (the loss's derivative, no 1/m: dlnotes' and the course's
    convention), dw = (1/m) sum(dz x), db = (1/m) sum(dz).
    Returns {"w": float, "b": float, "costs": list (one per 100 iterations), "cost": final cost}.
    """
    x = v.check_matrix(x, "x", rows=1)
    y = v.check_matrix(y, "y", rows=1, cols=x.shape[1])
    v.check_positive(learning_rate, "learning_rate")
    v.check_int(num_iterations, "num_iterations")
    m = x.shape[1]
    w, b, costs = float(w0), float(b0), []
    for i in range(num_iterations):
        z = w * x + b
        err = np.maximum(z, 0) - y
        if i % 100 == 0:
            costs.append(float((err ** 2).sum() / (2 * m)))
        dz = err * (z > 0)                  # dL/dz of each example: no 1/m here
        w -= learning_rate * float((dz * x).sum() / m)   # dw = (1/m) sum dz x
        b -= learning_rate * float(dz.sum() / m)         # db = (1/m) sum dz
    cost = float(((np.maximum(w * x + b, 0) - y) ** 2).sum() / (2 * m))
    return {"w": w, "b": b, "costs": costs, "cost": cost}


def plot_housing_fit(x, y, w: float, b: float):
    """The data x (1, m), y (1, m) and the fitted neuron max(0, w x + b). Returns the Figure."""
    x = v.check_matrix(x, "x", rows=1)
    y = v.check_matrix(y, "y", rows=1, cols=x.shape[1])
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.scatter(x[0], y[0], s=18, color="#4393c3", label="houses")
    grid = np.linspace(0, x.max() * 1.05, 200)
    ax.plot(grid, np.maximum(w * grid + b, 0), color="#b2182b", lw=2,
            label=f"ReLU neuron: max(0, {w:.2f} x {'+' if b >= 0 else '-'} {abs(b):.2f})")
    ax.set_xlabel("size $x$ (1000 sq ft)")
    ax.set_ylabel(r"price $y$ (\$100k)")
    ax.set_title("The simplest neural network: one ReLU neuron")
    ax.legend()
    fig.tight_layout()
    return fig


def activation_gradients(z) -> dict:
    """Values and derivatives at z (any shape) of sigmoid, tanh and ReLU.

    Returns {"sigmoid": (g, g'), "tanh": (g, g'), "relu": (g, g')}, arrays shaped like z.
    """
    z = np.asarray(z, dtype=np.float64)
    if not np.isfinite(z).all():
        raise ValueError("z must be finite, got NaN or inf")
    return {name: (activation(name, z), derivative(name, z)) for name in ("sigmoid", "tanh", "relu")}


def plot_activation_gradients(z_max: float = 8.0):
    """Left: sigmoid, tanh, ReLU on [-z_max, z_max]; right: their derivatives. Returns the Figure."""
    v.check_positive(z_max, "z_max")
    z = np.linspace(-z_max, z_max, 401)
    vals = activation_gradients(z)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 3.8))
    colors = {"sigmoid": "#b2182b", "tanh": "#5aae61", "relu": "#2166ac"}
    for name, (g, dg) in vals.items():
        ax1.plot(z, g, label=name, color=colors[name])
        ax2.plot(z, dg, label=f"{name}'", color=colors[name])
    ax1.set_ylim(-1.2, 3)
    ax2.axvspan(-z_max, -4, color="0.9")
    ax2.axvspan(4, z_max, color="0.9")
    ax2.text(-z_max + 0.3, 0.55, "sigmoid' < 0.02:\nlearning stalls", fontsize=8)
    for ax, title, ylabel in ((ax1, "Activations $g(z)$", "$g(z)$"),
                              (ax2, "Their gradients $g'(z)$", "$g'(z)$")):
        ax.set_xlabel("$z$")
        ax.set_ylabel(ylabel)
        ax.set_title(title)
        ax.axhline(0, color="0.6", lw=0.5)
        ax.legend(loc="upper left" if ax is ax1 else "center right")
    fig.tight_layout()
    return fig


SCALE_MODELS = {"logistic regression": [2, 1], "small network [2, 3, 1]": [2, 3, 1],
                "larger network [2, 16, 16, 1]": [2, 16, 16, 1]}


def data_scale_experiment(sizes=(25, 100, 400, 1600), models=None, dataset: str = "spiral", noise: float = 0.5,
                          n_test: int = 2000, num_iterations: int = 300, seed: int = 0, progress: bool = False) -> dict:
    """Test accuracy against the amount of training data: each model of ``models`` ({name: layer_dims},
    default ``SCALE_MODELS``) is trained (``dlnotes.train``, full-batch Adam, float32, tanh hidden units)
    on the first m examples of one generated set (``dlnotes.make_dataset(dataset)``, X (2, m), Y (1, m))
    for every m in ``sizes``, and scored on the same ``n_test`` held-out examples.

    Returns {"sizes": [m, ...], "accuracy": {name: [test accuracy per m]}, "dataset": dataset}.
    """
    sizes = [v.check_int(m, "sizes[i]", minimum=2) for m in sizes]
    if not sizes:
        raise ValueError("sizes must hold at least one training-set size, got none")
    v.check_int(n_test, "n_test", minimum=1)
    models = dict(SCALE_MODELS if models is None else models)
    X, Y = make_dataset(dataset, n_samples=n_test + max(sizes), noise=noise, seed=seed)
    X = X.astype(np.float32)
    X_test, Y_test, X_train, Y_train = X[:, :n_test], Y[:, :n_test], X[:, n_test:], Y[:, n_test:]
    runs = [(name, m) for name in models for m in sizes]
    if progress:
        runs = progress_bar(runs, "trainings")
    acc = {name: [] for name in models}
    for name, m in runs:
        start = network(models[name], "tanh", init="xavier", seed=seed, dtype=np.float32)
        net, _ = train(X_train[:, :m], Y_train[:, :m], start, Adam(0.02), num_iterations, seed=seed)
        acc[name].append(accuracy(predict(X_test, net), Y_test))
    return {"sizes": sizes, "accuracy": acc, "dataset": dataset}


def plot_data_scale(result):
    """Left: the measured test accuracy against m (``data_scale_experiment``'s result), one curve per
    model; right: the lecture's schematic of performance against the amount of data (drawn, not
    measured, and labelled so).  Returns the Figure."""
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4))
    for (name, accs), color in zip(result["accuracy"].items(), ("#b2182b", "#5aae61", "#2166ac")):
        ax1.plot(result["sizes"], accs, "o-", color=color, label=name)
    ax1.set_xscale("log")
    ax1.set_xlabel("training examples $m$ (log scale)")
    ax1.set_ylabel("test accuracy")
    ax1.set_title(f"Measured on the generated {result['dataset']} set")
    ax1.legend(loc="center right", fontsize=8)
    m = np.linspace(0, 10, 200)
    for label, top, rate, color in (("traditional learning algorithm", 0.45, 1.2, "#b2182b"),
                                    ("small neural network", 0.62, 0.6, "#5aae61"),
                                    ("medium neural network", 0.78, 0.4, "#9970ab"),
                                    ("large neural network", 0.95, 0.28, "#2166ac")):
        ax2.plot(m, top * (1 - np.exp(-rate * m)), color=color, label=label)
    ax2.set_xticks([])
    ax2.set_yticks([])
    ax2.set_xlabel("amount of labelled data")
    ax2.set_ylabel("performance")
    ax2.set_title("Schematic (the lecture's picture, not measured)")
    ax2.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    return fig


__all__ = [
    "activation_gradients", "data_scale_experiment", "fit_relu_neuron", "make_housing", "plot_activation_gradients",
    "plot_data_scale", "plot_housing_fit", "SCALE_MODELS",
]
