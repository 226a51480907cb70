"""Lesson of notebooks/c1w2_logistic_regression_cats.ipynb: logistic regression on the cat pictures,
the lectures' derivatives (slope = height / width, a nudge of 0.001), the cost's convex bowl with
gradient descent's steps on it, the choice of learning rate (table, curves, widget), the mislabeled
pictures and the classic flattening bug.

``data`` is always a ``dlnotes.datasets.CatData`` (``load_catvnoncat``): X (12288, m), Y (1, m).
``check_cat_data`` and ``plot_mislabeled`` serve c1w4_deep_network_cats too.
"""

from __future__ import annotations

import functools

import matplotlib.pyplot as plt
import numpy as np

from .. import validation as v
from ..gradcheck import numerical_gradient
from ..logistic import logistic_model, optimize, propagate
from ..model import accuracy
from ..plotting import plot_costs, plot_image_grid


def check_cat_data(data):
    """Check that ``data`` is a CatData (from load_catvnoncat): it has X_train, Y_train, X_test, Y_test."""
    for name in ("X_train", "Y_train", "X_test", "Y_test"):
        if not hasattr(data, name):
            raise ValueError(f"data must be a CatData (from load_catvnoncat) with {name}, got {type(data).__name__}")


def _dtype(dtype):
    dtype = np.dtype(dtype)
    if dtype not in (np.float32, np.float64):
        raise ValueError(f"dtype must be float32 or float64, got {dtype}")
    return dtype


def learning_rate_comparison(data, learning_rates=(0.01, 0.001, 0.0001), num_iterations: int = 1500,
                             dtype=np.float64, progress: bool = False) -> list:
    """Train ``logistic_model`` on ``data`` (a CatData: X (12288, m), Y (1, m)) once per learning rate,
    in ``dtype`` (float32 halves the memory each iteration streams), with a progress bar per run
    when ``progress``.  Returns a list of logistic_model results (dicts with "costs", "train_accuracy", ...).
    """
    check_cat_data(data)
    dtype = _dtype(dtype)
    rates = list(learning_rates)
    if not rates:
        raise ValueError("learning_rates must hold at least one rate, got none")
    for lr in rates:
        v.check_positive(lr, "learning_rates[i]")
    X_train, X_test = data.X_train.astype(dtype, copy=False), data.X_test.astype(dtype, copy=False)
    return [logistic_model(X_train, data.Y_train, X_test, data.Y_test, num_iterations, lr, progress=progress)
            for lr in rates]


def format_rate_table(results, course=None) -> str:
    """Aligned text table of learning rate, final cost, train and test accuracy of logistic_model
    ``results`` and, when given, the course's (``course``: {learning rate: (train %, test %)}).
    Ours and the course's accuracies print in one format: train to 3 decimals (with 209 pictures
    one picture is 0.478 %, so 2 decimals would round 186/209 = 88.995 % to 89.00 % here while the
    course truncates it to 88.99 %), test as a whole percentage (50 pictures: multiples of 2 %)."""
    if not results:
        raise ValueError("results must hold at least one logistic_model result, got none")
    head = f"{'learning rate':>13} {'final cost':>10} {'train':>8} {'test':>5}"
    if course:
        head += f"   {'course train':>12} {'course test':>11}"
    lines = [head]
    for r in results:
        line = (f"{r['learning_rate']:>13g} {r['costs'][-1]:>10.4f} {r['train_accuracy']:>8.3%} "
                f"{r['test_accuracy']:>5.0%}")
        if course:
            tr, te = course[r["learning_rate"]]
            line += f"   {tr:>11.3f}% {te:>10.0f}%"
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


def flatten_comparison(data, num_iterations: int = 2000, learning_rate: float = 0.005, dtype=np.float64,
                       progress: bool = False) -> dict:
    """Train logistic regression (in ``dtype``) on the wrongly flattened pictures of ``data`` (a CatData)
    (``wrong_flatten``: X (12288, m) whose columns mix pictures).

    Returns {"wrong": logistic_model result, "pictures_in_column0": how many different pictures
    the pixels of column 0 come from, "own_pixels": the fraction of column 0 from picture 0}.
    """
    check_cat_data(data)
    dtype = _dtype(dtype)
    Xw_train = wrong_flatten(data.images_train).astype(dtype, copy=False)
    Xw_test = wrong_flatten(data.images_test).astype(dtype, copy=False)
    wrong = logistic_model(Xw_train, data.Y_train, Xw_test, data.Y_test, num_iterations, learning_rate,
                           progress=progress)
    m, size = data.images_train.shape[0], data.images_train[0].size
    owner = np.arange(m * size).reshape(-1, m)[:, 0] // size  # which picture column 0's entries come from
    return {"wrong": wrong, "pictures_in_column0": int(np.unique(owner).size),
            "own_pixels": float((owner == 0).mean())}


# --------------------------------------------------------------------------- derivatives
# The lectures' examples ("Derivatives", "More derivative examples"): f and the formula of f'.
DERIVATIVE_EXAMPLES = {
    "3a": (lambda a: 3.0 * a, lambda a: 3.0, "3"),
    "a^2": (lambda a: a ** 2, lambda a: 2.0 * a, "2a"),
    "a^3": (lambda a: a ** 3, lambda a: 3.0 * a ** 2, "3a^2"),
    "log a": (lambda a: float(np.log(a)), lambda a: 1.0 / a, "1/a"),
}


def nudge_table(names=tuple(DERIVATIVE_EXAMPLES), a_values=(2.0, 5.0), nudge: float = 0.001) -> list[dict]:
    """The lectures' nudge: for each f in ``names`` (keys of DERIVATIVE_EXAMPLES) and each a > 0,
    f(a), f(a + nudge), the slope height / width = (f(a + nudge) - f(a)) / nudge, the formula's
    f'(a), and the centred difference of ``numerical_gradient`` (the nudge on both sides).

    Returns one dict per (f, a): {"f", "a", "f(a)", "f(a+h)", "slope", "formula", "derivative",
    "centred"}, in the order of ``names`` then ``a_values``.
    """
    v.check_positive(nudge, "nudge")
    rows = []
    for name in names:
        if name not in DERIVATIVE_EXAMPLES:
            raise ValueError(f"names must be among {list(DERIVATIVE_EXAMPLES)}, got {name!r}")
        f, df, formula = DERIVATIVE_EXAMPLES[name]
        for a in a_values:
            v.check_positive(a, "a_values[i]")
            a = float(a)
            height = f(a + nudge) - f(a)
            rows.append({"f": name, "a": a, "f(a)": f(a), "f(a+h)": f(a + nudge), "slope": height / nudge,
                         "formula": formula, "derivative": df(a),
                         "centred": numerical_gradient(f, a, epsilon=nudge)})
    return rows


def format_nudge_table(rows) -> str:
    """Aligned text of ``nudge_table`` rows: f, a, f(a), f(a + 0.001), height / width, the formula's f'(a)."""
    if not rows:
        raise ValueError("rows must hold at least one row of nudge_table, got none")
    lines = [f"{'f(a)':>6} {'a':>4} {'f(a)':>10} {'f(a+0.001)':>11} {'height/width':>13} {'formula':>8} "
             f"{'f_prime(a)':>10}"]
    for r in rows:
        lines.append(f"{r['f']:>6} {r['a']:>4g} {r['f(a)']:>10.6f} {r['f(a+h)']:>11.6f} {r['slope']:>13.4f} "
                     f"{r['formula']:>8} {r['derivative']:>10.4f}")
    return "\n".join(lines)


def _label(ax, title: str, legend: dict | None = None, **axis_labels) -> None:
    """The axis labels (xlabel=, ylabel=, zlabel=), the title (fontsize 10) and, with ``legend`` (its
    keywords), the legend of one panel of this notebook's figures."""
    ax.set(**axis_labels)
    ax.set_title(title, fontsize=10)
    if legend is not None:
        ax.legend(**legend)


def plot_slopes(names=tuple(DERIVATIVE_EXAMPLES), a_values=(2.0, 5.0), a_range=(0.5, 6.0)):
    """One panel per function: f over ``a_range`` and its tangent at each a in ``a_values``, labelled
    with the slope f'(a) (the nudge's height / width).  Returns the Figure."""
    if not names:
        raise ValueError("names must hold at least one function, got none")
    fig, axes = plt.subplots(1, len(names), figsize=(3.2 * len(names), 3.2), squeeze=False)
    grid = np.linspace(*a_range, 200)
    for ax, name in zip(axes[0], names):
        if name not in DERIVATIVE_EXAMPLES:
            raise ValueError(f"names must be among {list(DERIVATIVE_EXAMPLES)}, got {name!r}")
        f, df, formula = DERIVATIVE_EXAMPLES[name]
        tex, ftex = name.replace("log", r"\log"), formula
        ax.plot(grid, [f(a) for a in grid], color="black", lw=1.5, label=f"$f(a) = {tex}$")
        for a, color in zip(a_values, ("tab:red", "tab:blue", "tab:green")):
            s = df(a)
            near = np.linspace(a - 0.8, a + 0.8, 2)
            ax.plot(near, f(a) + s * (near - a), color=color, lw=1.2, label=f"slope {s:g} at a = {a:g}")
            ax.plot([a], [f(a)], "o", color=color, ms=4)
        _label(ax, f"$f(a) = {tex}$,  $f'(a) = {ftex}$", xlabel="a", ylabel="f(a)",
               legend={"fontsize": 7, "loc": "upper left"})
    fig.tight_layout()
    return fig


# --------------------------------------------------------------------------- the cost's bowl
def bowl_data(m: int = 60, seed: int = 0):
    """A small one-feature data set for drawing J(w, b): x (1, m) standard normal, and labels
    y (1, m) drawn as P(y = 1 | x) = sigmoid(2x - 1), so that the classes overlap and J has its
    minimum at a finite (w, b).  Randomness from ``numpy.random.default_rng(seed)``."""
    m = v.check_int(m, "m")
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((1, m))
    y = (rng.random((1, m)) < 1.0 / (1.0 + np.exp(-(2.0 * x - 1.0)))).astype(np.int64)
    return x, y


def descent_path(X, Y, w0: float, b0: float, learning_rate: float = 1.0, num_steps: int = 40) -> dict:
    """Gradient descent's steps on logistic regression with one feature: X (1, m), Y (1, m), from
    (w0, b0).  Each step is one iteration of the package's ``optimize``.

    Returns {"w": (num_steps + 1,), "b": (num_steps + 1,), "cost": (num_steps + 1,)}: the point and
    its cost J(w, b) before the first step and after each step.
    """
    X = v.check_matrix(X, "X", rows=1)
    num_steps = v.check_int(num_steps, "num_steps")
    w, b = np.full((1, 1), float(w0)), float(b0)
    ws, bs, costs = [], [], []
    for _ in range(num_steps + 1):
        ws.append(float(w[0, 0]))
        bs.append(b)
        costs.append(propagate(w, b, X, Y)[1])
        params, _, _ = optimize(w, b, X, Y, num_iterations=1, learning_rate=learning_rate)
        w, b = params["w"], params["b"]
    return {"w": np.array(ws), "b": np.array(bs), "cost": np.array(costs)}


def cost_surface(X, Y, w_range=(-3.0, 6.0), b_range=(-5.0, 4.0), resolution: int = 60):
    """J(w, b) of logistic regression with one feature (X (1, m), Y (1, m)) on a grid, each value from
    the package's ``propagate``.  Returns (w (resolution,), b (resolution,), J (resolution, resolution))
    with J[i, j] = J(w[j], b[i])."""
    X = v.check_matrix(X, "X", rows=1)
    resolution = v.check_int(resolution, "resolution")
    ws, bs = np.linspace(*w_range, resolution), np.linspace(*b_range, resolution)
    J = np.array([[propagate(np.full((1, 1), w), b, X, Y)[1] for w in ws] for b in bs])
    return ws, bs, J


def plot_bowl(X, Y, paths, w_range=(-3.0, 6.0), b_range=(-5.0, 4.0), resolution: int = 60):
    """The convex bowl J(w, b) of logistic regression with one feature (X (1, m), Y (1, m)): the surface
    (left) and its contours (right), with gradient descent's steps (``paths``: a list of
    ``descent_path`` results) drawn on both.  Returns the Figure."""
    if not paths:
        raise ValueError("paths must hold at least one descent_path result, got none")
    ws, bs, J = cost_surface(X, Y, w_range, b_range, resolution)
    WW, BB = np.meshgrid(ws, bs)
    fig = plt.figure(figsize=(11, 4.6))
    ax3 = fig.add_subplot(1, 2, 1, projection="3d")
    ax3.plot_surface(WW, BB, J, cmap="viridis", alpha=0.55, linewidth=0, rstride=2, cstride=2)
    ax2 = fig.add_subplot(1, 2, 2)
    levels = np.quantile(J, np.linspace(0, 1, 25) ** 2)
    cs = ax2.contour(WW, BB, J, levels=levels, cmap="viridis", linewidths=0.8)
    fig.colorbar(cs, ax=ax2, label="J(w, b)")
    colors = ("tab:red", "tab:orange", "tab:purple", "tab:brown")
    for path, color in zip(paths, colors):
        start = f"start ({path['w'][0]:g}, {path['b'][0]:g})"
        ax3.plot(path["w"], path["b"], path["cost"], "o-", color=color, ms=2.5, lw=1, zorder=10)
        ax2.plot(path["w"], path["b"], "o-", color=color, ms=2.5, lw=1, label=start)
    _label(ax3, "The cost J(w, b): a convex bowl", xlabel="w", ylabel="b", zlabel="J(w, b)")
    _label(ax2, f"Contours of J and {len(paths)} runs of gradient descent", xlabel="w", ylabel="b",
           legend={"fontsize": 8, "loc": "lower left"})
    fig.tight_layout()
    return fig


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
    check_cat_data(data)
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
    from ..widgets import interactive_figure, log_slider, slider

    check_cat_data(data)
    memory = list(known or [])
    return interactive_figure(functools.partial(logistic_figure, data=data, known=memory),
                              learning_rate=log_slider("learning rate", learning_rate, -4, -1),
                              num_iterations=slider("iterations", num_iterations, 100, 2000, step=100))


__all__ = [
    "DERIVATIVE_EXAMPLES", "bowl_data", "cost_surface", "descent_path", "format_nudge_table", "nudge_table",
    "plot_bowl", "plot_slopes",
    "flatten_comparison", "format_rate_table", "learning_rate_comparison", "logistic_figure", "logistic_widget",
    "mislabeled", "plot_learning_rates", "plot_mislabeled", "wrong_flatten",
]


# the course's run of model(...) with num_iterations=2000, learning_rate=0.005: its printed costs and accuracies
COURSE_COSTS = {0: 0.693147, 500: 0.303273, 1000: 0.214820, 1500: 0.166521, 1900: 0.140872}
COURSE_ACCURACY = {"train": 99.04, "test": 70.0}


def model_run_summary(d: dict, data) -> str:
    """The figures of a run of the course's ``model`` (its dict ``d``: "costs" every 100 iterations,
    "Y_prediction_train" (1, m_train), "Y_prediction_test" (1, m_test)) next to the course's run."""
    check_cat_data(data)
    lines = [f"cost after iteration {i:>4}: {float(d['costs'][i // 100]):.6f}   (course: {c:.6f})"
             for i, c in COURSE_COSTS.items()]
    for part in ("train", "test"):
        Y = getattr(data, f"Y_{part}")
        acc = 100 - np.mean(np.abs(np.asarray(d[f"Y_prediction_{part}"], dtype=float) - Y)) * 100
        lines.append(f"{part} accuracy: {acc:.2f}%   (course: {COURSE_ACCURACY[part]:.2f}%)")
    return "\n".join(lines)
