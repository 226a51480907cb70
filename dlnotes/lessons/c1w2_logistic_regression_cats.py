"""Lesson of notebooks/c1w2_logistic_regression_cats.ipynb: logistic regression on the cat pictures,
the choice of learning rate (table, curves, widget), the mislabeled pictures and the classic
flattening bug.

``data`` is always a ``dlnotes.datasets.CatData`` (``load_catvnoncat``): X (12288, m), Y (1, m).
``check_cat_data`` and ``plot_mislabeled`` serve c1w4_deep_network_cats too.
"""

from __future__ import annotations

import functools

import matplotlib.pyplot as plt
import numpy as np

from .. import validation as v
from ..logistic import logistic_model
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
