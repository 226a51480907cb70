"""Course 1 (Neural Networks and Deep Learning), weeks 1-4: the computations, figures and
widget callbacks behind the ``c1w*`` notebooks.

Conventions as everywhere in dlnotes: X is (n_x, m), one example per column; Y is (1, m).
Every figure function returns a matplotlib Figure whose axes carry labels and titles;
every public function checks its arguments and raises ValueError naming the bad one.
"""

from __future__ import annotations

import functools
import time

import matplotlib.pyplot as plt
import numpy as np

from . import validation as v
from .activations import HIDDEN_ACTIVATIONS, activation
from .datasets import make_dataset
from .logistic import logistic_model
from .model import accuracy, predict, predict_proba
from .plotting import plot_costs, plot_decision_boundary, plot_image_grid
from .training import train


# ============================================================================ week 1
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

    dz = (y_hat - y) * 1[z > 0] / m, dw = sum(dz x), db = sum(dz).
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
        dz = err * (z > 0) / m
        w -= learning_rate * float((dz * x).sum())
        b -= learning_rate * float(dz.sum())
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
    s = activation("sigmoid", z)
    t = np.tanh(z)
    return {"sigmoid": (s, s * (1 - s)), "tanh": (t, 1 - t * t),
            "relu": (np.maximum(z, 0), (z > 0).astype(np.float64))}


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


# ============================================================================ week 2: numpy
def image2vector(image) -> np.ndarray:
    """An image (h, w, c) -> a column vector (h*w*c, 1), the assignment's image2vector."""
    image = np.asarray(image)
    if image.ndim != 3:
        raise ValueError(f"image must have shape (height, width, channels), got {image.shape}")
    return image.reshape(-1, 1)


def normalize_rows(x) -> np.ndarray:
    """Each row of x (n, d) divided by its L2 norm (broadcasting (n, d) / (n, 1))."""
    x = v.check_matrix(x, "x")
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    if (norms == 0).any():
        raise ValueError("x must have no all-zero row (its norm is 0), got one")
    return x / norms


def l1_loss(yhat, y) -> float:
    """L1 loss sum |y - yhat| over vectors of the same shape."""
    yhat, y = np.asarray(yhat, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if yhat.shape != y.shape:
        raise ValueError(f"yhat and y must have the same shape, got {yhat.shape} and {y.shape}")
    return float(np.abs(y - yhat).sum())


def l2_loss(yhat, y) -> float:
    """L2 loss sum (y - yhat)^2 over vectors of the same shape (a dot product, no loop)."""
    yhat, y = np.asarray(yhat, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if yhat.shape != y.shape:
        raise ValueError(f"yhat and y must have the same shape, got {yhat.shape} and {y.shape}")
    d = (y - yhat).ravel()
    return float(d @ d)


CALORIES = np.array([[56.0, 0.0, 4.4, 68.0],     # carbs   (apples, beef, eggs, potatoes)
                     [1.2, 104.0, 52.0, 8.0],    # protein
                     [1.8, 135.0, 99.0, 0.9]])   # fat
FOODS = ("apples", "beef", "eggs", "potatoes")
NUTRIENTS = ("carbs", "protein", "fat")


def calorie_percentages(A=None) -> np.ndarray:
    """The lecture's broadcasting example: A (3, 4) calories per nutrient (row) and food (column)
    -> the percentage of each food's calories from each nutrient, 100 * A / A.sum(axis=0) (3, 4)."""
    A = v.check_matrix(CALORIES if A is None else A, "A")
    totals = A.sum(axis=0, keepdims=True)  # (1, 4): broadcast down the rows
    if (totals == 0).any():
        raise ValueError("A must have no column summing to 0, got one")
    return 100 * A / totals


def time_dot_product(n: int = 1_000_000, seed: int = 0, repeats: int = 3) -> dict:
    """Time a Python for-loop against np.dot for the dot product of two random vectors of length n.

    Returns {"loop": value, "vectorized": value, "loop_seconds", "vectorized_seconds", "speedup"}
    (the best of ``repeats`` runs for the vectorized version).
    """
    v.check_int(n, "n")
    v.check_int(repeats, "repeats")
    rng = np.random.default_rng(seed)
    a, b = rng.random(n), rng.random(n)
    al, bl = a.tolist(), b.tolist()
    t = time.perf_counter()
    total = 0.0
    for i in range(n):
        total += al[i] * bl[i]
    loop_s = time.perf_counter() - t
    vec_s = float("inf")
    for _ in range(repeats):
        t = time.perf_counter()
        c = float(np.dot(a, b))
        vec_s = min(vec_s, time.perf_counter() - t)
    return {"loop": total, "vectorized": c, "loop_seconds": loop_s, "vectorized_seconds": vec_s,
            "speedup": loop_s / vec_s}


def computation_graph(a: float, b: float, c: float) -> dict:
    """Forward and backward through the lecture's graph u = b c, v = a + u, J = 3 v.

    Returns {"u", "v", "J", "dJ/dv": 3, "dJ/du": 3, "dJ/da": 3, "dJ/db": 3 c, "dJ/dc": 3 b}.
    """
    for name, x in (("a", a), ("b", b), ("c", c)):
        if isinstance(x, bool) or not np.isscalar(x) or not np.isfinite(x):
            raise ValueError(f"{name} must be a finite number, got {x!r}")
    u = b * c
    vv = a + u
    J = 3 * vv
    dv = 3.0
    du = dv * 1.0
    return {"u": float(u), "v": float(vv), "J": float(J), "dJ/dv": dv, "dJ/du": du,
            "dJ/da": dv * 1.0, "dJ/db": du * c, "dJ/dc": du * b}


def numerical_derivatives(a: float, b: float, c: float, epsilon: float = 1e-4) -> dict:
    """Centered differences (J(x + eps) - J(x - eps)) / (2 eps) of J = 3 (a + b c) for a, b, c."""
    v.check_positive(epsilon, "epsilon")
    base = {"a": a, "b": b, "c": c}
    out = {}
    for name in base:
        plus, minus = dict(base), dict(base)
        plus[name] += epsilon
        minus[name] -= epsilon
        out[f"dJ/d{name}"] = (computation_graph(**plus)["J"] - computation_graph(**minus)["J"]) / (2 * epsilon)
    return out


# ============================================================================ week 2: logistic regression
def _check_cat(data):
    for name in ("X_train", "Y_train", "X_test", "Y_test"):
        if not hasattr(data, name):
            raise ValueError(f"data must be a CatData (from load_catvnoncat) with {name}, got {type(data).__name__}")


def learning_rate_comparison(data, learning_rates=(0.01, 0.001, 0.0001), num_iterations: int = 1500) -> list:
    """Train ``logistic_model`` on ``data`` (a CatData) once per learning rate.

    Returns a list of logistic_model results (dicts with "costs", "train_accuracy", ...).
    """
    _check_cat(data)
    rates = list(learning_rates)
    if not rates:
        raise ValueError("learning_rates must hold at least one rate, got none")
    for lr in rates:
        v.check_positive(lr, "learning_rates[i]")
    return [logistic_model(data.X_train, data.Y_train, data.X_test, data.Y_test, num_iterations, lr)
            for lr in rates]


def format_rate_table(results, course=None) -> str:
    """Aligned text table of learning rate, final cost, train and test accuracy (and the course's)."""
    if not results:
        raise ValueError("results must hold at least one logistic_model result, got none")
    head = f"{'learning rate':>13} {'final cost':>10} {'train':>8} {'test':>8}"
    if course:
        head += f"   {'course train':>12} {'course test':>11}"
    lines = [head]
    for r in results:
        line = (f"{r['learning_rate']:>13g} {r['costs'][-1]:>10.4f} {r['train_accuracy']:>8.2%} "
                f"{r['test_accuracy']:>8.2%}")
        if course:
            tr, te = course[r["learning_rate"]]
            line += f"   {tr:>11.2f}% {te:>10.0f}%"
        lines.append(line)
    return "\n".join(lines)


def plot_learning_rates(results):
    """One cost curve per logistic_model result (costs recorded every 100 iterations). Returns the Figure."""
    if not results:
        raise ValueError("results must hold at least one logistic_model result, got none")
    fig, ax = plt.subplots(figsize=(6.5, 4))
    for r in results:
        its = [100 * k for k in range(len(r["costs"]))]
        plot_costs(r["costs"], its, ax=ax, label=f"learning rate {r['learning_rate']:g}",
                   title="Logistic regression on cats: the learning rate")
    ax.set_xlabel("iteration")
    fig.tight_layout()
    return fig


def mislabeled(Y_hat, Y) -> np.ndarray:
    """Indices of the columns where the predictions Y_hat (1, m) differ from the labels Y (1, m)."""
    accuracy(Y_hat, Y)  # validates the shapes
    return np.flatnonzero(np.asarray(Y_hat).ravel() != np.asarray(Y).ravel())


def plot_mislabeled(images, Y_hat, Y, classes=("non-cat", "cat"), max_images: int = 10, ncols: int = 5):
    """Grid of the mislabeled images (m, h, w, 3), titled with the true and predicted class.

    Returns the Figure (with a title giving how many were wrong).
    """
    images = np.asarray(images)
    idx = mislabeled(Y_hat, Y)
    if images.ndim != 4 or images.shape[0] != np.shape(Y)[1]:
        raise ValueError(f"images must have shape ({np.shape(Y)[1]}, h, w, 3), got {images.shape}")
    v.check_int(max_images, "max_images")
    if idx.size == 0:
        fig, ax = plt.subplots(figsize=(4, 1))
        ax.axis("off")
        ax.set_title("no mislabeled images")
        return fig
    shown = idx[:max_images]
    Y, Y_hat = np.asarray(Y).ravel(), np.asarray(Y_hat).ravel()
    titles = [f"#{i} true: {classes[int(Y[i])]}\npred: {classes[int(Y_hat[i])]}" for i in shown]
    fig, _ = plot_image_grid(images[shown], titles, ncols=ncols)
    fig.suptitle(f"{idx.size} of {Y.size} test pictures mislabeled (showing {shown.size})", fontsize=10)
    fig.tight_layout()
    return fig


def wrong_flatten(images) -> np.ndarray:
    """The classic bug: images (m, h, w, c) flattened with ``reshape(-1, m)`` and no transpose.

    The result has the right shape (h*w*c, m) but each column mixes pixels of several
    pictures (reshape reads the array in memory order, picture after picture).  Scaled to [0, 1].
    """
    images = np.asarray(images)
    if images.ndim < 2:
        raise ValueError(f"images must have shape (m, ...), got {images.shape}")
    return images.reshape(-1, images.shape[0]) / 255.0


def flatten_comparison(data, num_iterations: int = 2000, learning_rate: float = 0.005) -> dict:
    """Train logistic regression on the wrongly flattened pictures (``wrong_flatten``).

    Returns {"wrong": logistic_model result, "pictures_in_column0": how many different pictures
    the pixels of column 0 come from, "own_pixels": the fraction of column 0 from picture 0}.
    """
    _check_cat(data)
    Xw_train, Xw_test = wrong_flatten(data.images_train), wrong_flatten(data.images_test)
    wrong = logistic_model(Xw_train, data.Y_train, Xw_test, data.Y_test, num_iterations, learning_rate)
    m, size = data.images_train.shape[0], data.images_train[0].size
    owner = np.arange(m * size).reshape(-1, m)[:, 0] // size  # which picture column 0's entries come from
    return {"wrong": wrong, "pictures_in_column0": int(np.unique(owner).size),
            "own_pixels": float((owner == 0).mean())}


def _find_run(known, learning_rate, num_iterations):
    for r in known or ():
        if r["learning_rate"] == learning_rate and r["num_iterations"] == num_iterations:
            return r
    return None


def logistic_figure(learning_rate: float = 0.005, num_iterations: int = 2000, *, data, known=None):
    """Widget callback: train logistic regression on ``data`` (CatData) and draw its cost curve.

    ``known``: logistic_model results already computed; one with the same learning rate and
    iterations is reused instead of training again.
    Returns (Figure, info) where info is the text "final cost ... train accuracy ... test accuracy ...".
    """
    _check_cat(data)
    v.check_positive(learning_rate, "learning_rate")
    v.check_int(num_iterations, "num_iterations")
    if num_iterations > 5000:
        raise ValueError(f"num_iterations must be at most 5000 to keep the widget responsive, got {num_iterations}")
    r = _find_run(known, learning_rate, num_iterations)
    if r is None:
        r = logistic_model(data.X_train, data.Y_train, data.X_test, data.Y_test, num_iterations, learning_rate)
        if isinstance(known, list):
            known.append(r)
    fig, ax = plt.subplots(figsize=(6, 3.6))
    plot_costs(r["costs"], [100 * k for k in range(len(r["costs"]))], ax=ax,
               title=f"learning rate {learning_rate:.2g}, {num_iterations} iterations")
    ax.text(0.98, 0.95, f"train {r['train_accuracy']:.2%}\ntest {r['test_accuracy']:.2%}",
            transform=ax.transAxes, ha="right", va="top", fontsize=9,
            bbox={"facecolor": "white", "edgecolor": "0.7"})
    fig.tight_layout()
    info = (f"final cost {r['costs'][-1]:.4f}   train accuracy {r['train_accuracy']:.2%}   "
            f"test accuracy {r['test_accuracy']:.2%}")
    return fig, info


def logistic_widget(data, learning_rate: float = 0.005, num_iterations: int = 2000, known=None):
    """The week-2 widget: a log slider for the learning rate (1e-4 to 1e-1) and a slider for the
    iterations (100 to 2000) redraw ``logistic_figure`` on the cat data.  Runs are remembered
    (``known``, a list of logistic_model results, is the starting memory), so going back to a
    setting is instant.  Returns the InteractiveFigure."""
    from .widgets import interactive_figure, log_slider, slider

    _check_cat(data)
    memory = list(known or [])
    return interactive_figure(functools.partial(logistic_figure, data=data, known=memory),
                              learning_rate=log_slider("learning rate", learning_rate, -4, -1),
                              num_iterations=slider("iterations", num_iterations, 100, 2000, step=100))


# ============================================================================ week 3: one hidden layer
def train_one_hidden(X, Y, n_h: int = 4, hidden_activation: str = "tanh", learning_rate: float = 1.2,
                     num_iterations: int = 10000, seed: int = 0, scale: float = 0.01):
    """The week-3 network [n_x, n_h, 1] with random init randn * scale, trained by gradient descent.

    X (n_x, m), Y (1, m). Returns (parameters, history, accuracy on X).
    """
    v.check_int(n_h, "n_h")
    v.check_choice(hidden_activation, "hidden_activation", HIDDEN_ACTIVATIONS)
    X = v.check_matrix(X, "X")
    params, hist = train(X, Y, [X.shape[0], n_h, 1], learning_rate, num_iterations,
                         hidden_activation=hidden_activation, init="random", scale=scale, seed=seed,
                         record_every=1000)
    return params, hist, accuracy(predict(X, params, hidden_activation), Y)


def train_logistic_2d(X, Y, learning_rate: float = 0.1, num_iterations: int = 2000):
    """Logistic regression (the network [n_x, 1]) on X (n_x, m), Y (1, m): (parameters, accuracy)."""
    X = v.check_matrix(X, "X")
    params, _ = train(X, Y, [X.shape[0], 1], learning_rate, num_iterations, init="zeros", record_every=1000)
    return params, accuracy(predict(X, params), Y)


def plot_boundary(X, Y, parameters, hidden_activation: str = "tanh", title: str = "", ax=None,
                  resolution: int = 100):
    """Decision boundary of a trained dlnotes network over 2-D data X (2, m), Y (1, m).

    Draws into ``ax`` (or a new 5x4 figure) and returns the Figure."""
    X = v.check_matrix(X, "X", rows=2)
    v.check_parameters(parameters, 2)
    if ax is None:
        fig, ax = plt.subplots(figsize=(5, 4))
    else:
        fig = ax.figure
    plot_decision_boundary(lambda G: predict_proba(G, parameters, hidden_activation), X, Y, ax=ax,
                           resolution=resolution, title=title)
    return fig


def hidden_size_sweep(X, Y, sizes=(1, 2, 3, 4, 5, 20, 50), num_iterations: int = 5000,
                      learning_rate: float = 1.2, hidden_activation: str = "tanh", seed: int = 0) -> list:
    """Train ``train_one_hidden`` for each hidden size; returns [(n_h, parameters, accuracy), ...]."""
    sizes = list(sizes)
    if not sizes:
        raise ValueError("sizes must hold at least one hidden size, got none")
    out = []
    for n_h in sizes:
        params, _, acc = train_one_hidden(X, Y, n_h, hidden_activation, learning_rate, num_iterations, seed)
        out.append((n_h, params, acc))
    return out


def plot_boundary_grid(X, Y, results, hidden_activation: str = "tanh", ncols: int = 4, suptitle: str = ""):
    """Small multiples of decision boundaries: results is [(label, parameters, accuracy), ...]
    (or [(label, parameters, accuracy, X, Y), ...] to give each panel its own data). Returns the Figure."""
    results = list(results)
    if not results:
        raise ValueError("results must hold at least one (label, parameters, accuracy), got none")
    v.check_int(ncols, "ncols")
    ncols = min(ncols, len(results))
    nrows = -(-len(results) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.2 * ncols, 2.9 * nrows), squeeze=False)
    for ax, r in zip(axes.flat, results):
        label, params, acc = r[:3]
        Xi, Yi = (r[3], r[4]) if len(r) == 5 else (X, Y)
        title = (f"{label} hidden unit{'' if label == 1 else 's'}: {acc:.1%}" if isinstance(label, int)
                 else f"{label}: {acc:.1%}")
        plot_boundary(Xi, Yi, params, hidden_activation, title=title, ax=ax, resolution=80)
        ax.title.set_fontsize(9)
    for ax in axes.flat[len(results):]:
        ax.axis("off")
    if suptitle:
        fig.suptitle(suptitle)
    fig.tight_layout()
    return fig


def hidden_unit_maps(parameters, X, hidden_activation: str = "tanh", resolution: int = 60):
    """Each first-layer unit's activation a_j = g(W1[j] x + b1[j]) over a grid around X (2, m).

    Returns (maps (n_h, resolution, resolution), extent (x_min, x_max, y_min, y_max)).
    """
    from .plotting import boundary_grid

    X = v.check_matrix(X, "X", rows=2)
    v.check_parameters(parameters, 2)
    v.check_choice(hidden_activation, "hidden_activation", HIDDEN_ACTIVATIONS)
    v.check_int(resolution, "resolution", minimum=2)
    grid, extent = boundary_grid(X, resolution)
    A1 = activation(hidden_activation, parameters["W1"] @ grid + parameters["b1"])
    return A1.reshape(-1, resolution, resolution), extent


def plot_hidden_units(parameters, X, Y, hidden_activation: str = "tanh", ncols: int = 5):
    """Small multiples of each hidden unit's activation map, with the data on top and the unit's
    weight to the output in the title. Returns the Figure."""
    maps, extent = hidden_unit_maps(parameters, X, hidden_activation)
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


OTHER_SETS = ("moons", "circles", "blobs", "gaussian_quantiles")


def other_datasets(names=OTHER_SETS, n_h: int = 4, num_iterations: int = 10000, learning_rate: float = 1.2,
                   n_samples: int = 300, seed: int = 0) -> list:
    """Train the 4-unit tanh network on each generated set; returns [(name, parameters, accuracy, X, Y), ...]."""
    out = []
    for name in names:
        X, Y = make_dataset(name, n_samples=n_samples, seed=seed)
        params, _, acc = train_one_hidden(X, Y, n_h, "tanh", learning_rate, num_iterations, seed)
        out.append((name, params, acc, X, Y))
    return out


# ============================================================================ week 4: deep networks
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
        params, hist = train(X, Y, dims, learning_rate, num_iterations, init="he", seed=seed,
                             optimizer="adam", record_every=100)
        n_params = sum(p.size for p in params.values())
        out.append((label, params, accuracy(predict(X, params), Y), X, Y, n_params, hist))
    return out


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


def network_output(x, parameters, hidden_activation: str = "relu") -> np.ndarray:
    """The output layer's linear value Z[L] (before the sigmoid) of a dlnotes network at X (n_x, m)."""
    from .model import forward

    _, caches = forward(x, parameters, hidden_activation)
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


def seed_spread(data, layer_dims=(12288, 20, 7, 5, 1), seeds=range(5), learning_rate: float = 0.0075,
                num_iterations: int = 2500, init: str = "xavier", dtype=np.float64, known=None) -> list:
    """Train the cat network once per seed; returns [(seed, train accuracy, test accuracy), ...].

    ``known``: {seed: parameters} already trained (reused instead of training again).
    """
    _check_cat(data)
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
    "activation_gradients", "calorie_percentages", "computation_graph", "depth_comparison", "fit_relu_neuron",
    "flatten_comparison", "format_cache_table", "format_grad_table", "format_rate_table", "format_shape_table",
    "hidden_size_sweep", "hidden_unit_maps", "image2vector", "l1_loss", "l2_loss",
    "layer_shapes", "learning_rate_comparison", "logistic_figure", "logistic_widget", "make_housing",
    "mislabeled", "normalize_rows", "numerical_derivatives", "other_datasets", "plot_activation_gradients",
    "count_linear_pieces", "network_output", "plot_depth_sawtooth", "sawtooth_parameters",
    "plot_boundary", "plot_boundary_grid", "plot_cost_comparison", "plot_hidden_units", "plot_housing_fit",
    "plot_learning_rates", "plot_mislabeled", "plot_seed_spread", "seed_spread", "time_dot_product",
    "train_logistic_2d", "train_one_hidden", "wrong_flatten",
]
