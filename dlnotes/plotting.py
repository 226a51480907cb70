"""Plots for the notes: decision boundaries, cost curves and image grids.

Every function takes an optional matplotlib ``ax`` and returns what it drew,
with labelled axes, so notebooks and widgets compose them freely.
"""

from __future__ import annotations

import io

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import to_rgb

from . import validation as v
from .model import predict_proba

CMAP = "RdBu"  # red = class 0, blue = class 1, as in TensorFlow Playground
POINT_COLORS = np.array(["#d6604d", "#4393c3", "#5aae61", "#9970ab", "#fdb863"])


def boundary_grid(X, resolution: int = 100, margin: float = 0.5):
    """A resolution x resolution grid over X's range (2, m), as points (2, r*r) and its extent."""
    x_min, y_min = X.min(axis=1) - margin
    x_max, y_max = X.max(axis=1) + margin
    xs, ys = np.linspace(x_min, x_max, resolution), np.linspace(y_min, y_max, resolution)
    gx, gy = np.meshgrid(xs, ys)
    return np.vstack([gx.ravel(), gy.ravel()]), (x_min, x_max, y_min, y_max)


def plot_points(X, Y, ax=None, marker="o", edgecolor="white", alpha=1.0, label=None):
    """Scatter X (2, m) colored by the labels Y (1, m); returns the PathCollection."""
    ax = ax or plt.gca()
    labels = np.asarray(Y).ravel().astype(int)
    return ax.scatter(X[0], X[1], c=POINT_COLORS[labels % len(POINT_COLORS)], s=18, marker=marker,
                      edgecolors=edgecolor, linewidths=0.5, alpha=alpha, label=label)


def class_rgb(P) -> np.ndarray:
    """Colours (k, 3) for softmax outputs P (C, k): the most likely class's colour, paler where the
    network is less sure (white at the uniform 1/C)."""
    C = P.shape[0]
    colors = np.array([to_rgb(c) for c in POINT_COLORS[np.arange(C) % len(POINT_COLORS)]])
    confidence = ((P.max(axis=0) - 1 / C) / (1 - 1 / C))[:, None]
    return 1 - 0.75 * confidence * (1 - colors[P.argmax(axis=0)])


def figure_to_png(fig, dpi: int = 80) -> bytes:
    """Render a matplotlib figure to PNG bytes (Agg), without showing it."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()


def plot_decision_boundary(predict_fn, X, Y, ax=None, resolution: int = 100, title: str | None = None,
                           X_dev=None, Y_dev=None, cmap=CMAP):
    """Draw predict_fn's output over the plane as a heatmap, the 0.5 boundary, and the points.

    predict_fn is a trained network (a ``Network`` or parameters dict: its ``predict_proba`` is
    drawn) or a function mapping a grid (2, k) to probabilities (1, k) (or labels), or to softmax
    outputs (C, k), drawn as regions of the most likely class; X (2, m), Y (1, m) labels.
    Dev points (X_dev, Y_dev) are drawn with a dark edge.  Returns (ax, image).
    """
    X = v.check_matrix(X, "X", rows=2)
    if isinstance(predict_fn, dict):
        network = predict_fn
        predict_fn = lambda grid: predict_proba(grid, network)  # noqa: E731
    ax = ax or plt.gca()
    grid, extent = boundary_grid(X if X_dev is None else np.hstack([X, X_dev]), resolution)
    P = np.asarray(predict_fn(grid), dtype=np.float64)
    xs, ys = np.linspace(extent[0], extent[1], resolution), np.linspace(extent[2], extent[3], resolution)
    if P.ndim == 2 and P.shape[0] > 1:  # softmax: regions of the most likely class
        image = ax.imshow(class_rgb(P).reshape(resolution, resolution, 3), origin="lower", extent=extent,
                          aspect="auto", interpolation="nearest")
        cls = P.argmax(axis=0).reshape(resolution, resolution)
        if len(np.unique(cls)) > 1:
            ax.contour(xs, ys, cls, levels=np.arange(P.shape[0] - 1) + 0.5, colors="k", linewidths=0.8)
    else:
        P = P.reshape(resolution, resolution)
        image = ax.imshow(P, origin="lower", extent=extent, cmap=cmap, vmin=0, vmax=1, aspect="auto",
                          interpolation="bilinear", alpha=0.55)
        if P.min() < 0.5 < P.max():
            ax.contour(xs, ys, P, levels=[0.5], colors="k", linewidths=1)
    plot_points(X, Y, ax)
    if X_dev is not None:
        plot_points(X_dev, Y_dev, ax, edgecolor="black")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    if title:
        ax.set_title(title)
    return ax, image


def plot_costs(costs, iterations=None, dev_costs=None, ax=None, title="Cost", label="train",
               log_y: bool = False):
    """Cost curve(s) against iterations; ``costs`` may be a list or a ``History``. Returns ax."""
    ax = ax or plt.gca()
    if hasattr(costs, "costs"):
        history = costs
        costs, iterations = history.costs, history.iterations
        dev_costs = dev_costs if dev_costs is not None else (history.dev_costs or None)
    iterations = list(range(len(costs))) if iterations is None else iterations
    ax.plot(iterations, costs, label=label)
    if dev_costs:
        ax.plot(iterations, dev_costs, label="dev")
    if log_y:
        ax.set_yscale("log")
    ax.set_xlabel("iteration")
    ax.set_ylabel("cost $J$")
    ax.set_title(title)
    if dev_costs or label != "train":
        ax.legend()
    return ax


def plot_image_grid(images, titles=None, ncols: int = 5, size: float = 1.6):
    """Show images (k, h, w, 3) uint8 in a grid with optional titles; returns (fig, axes)."""
    images = np.asarray(images)
    k = len(images)
    if k == 0:
        raise ValueError("images must hold at least one image, got 0")
    ncols = min(ncols, k)
    nrows = -(-k // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, size * nrows + 0.3 * nrows), squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i < k:
            ax.imshow(images[i], interpolation="nearest")
            if titles is not None:
                ax.set_title(titles[i], fontsize=8)
    fig.tight_layout()
    return fig, axes
