"""The explorer's pictures, rendered to PNG bytes for image widgets.

Each figure is made once and its artists are updated in place, which keeps a redraw fast:
``BoundaryFigure`` (the network's output over the plane and the points), ``CurvesFigure``
(cost and accuracy against iterations) and ``UnitsFigure`` (what each first-hidden-layer unit
computes, from ``unit_maps`` tiled by ``tile_maps``).  ``Plots`` holds the three as image
widgets, with the status line and the config under them.
"""

from __future__ import annotations

import json

import ipywidgets as W
import numpy as np
from matplotlib.figure import Figure

from ..model import hidden_activations
from ..plotting import POINT_COLORS, boundary_grid, class_rgb, figure_to_png
from .config import feature_map, probabilities

GRID = 60  # boundary resolution: 60 x 60 predictions, drawn as an interpolated image
MARGIN = 0.3  # how far the plane reaches past the points
DPI = 72


def plane(data, resolution: int):
    """A resolution x resolution grid over all the points of ``data`` (a Split): points (2, r*r), extent."""
    return boundary_grid(np.hstack([data.X_train, data.X_test]), resolution, MARGIN)


class BoundaryFigure:
    """The network's output over the plane (a heatmap, the 0.5 line) with the train and dev points."""

    def __init__(self, size=(4.2, 3.8)):
        self.fig = Figure(figsize=size)
        self.ax = self.fig.add_subplot()
        self.fig.subplots_adjust(left=0.14, right=0.97, bottom=0.12, top=0.92)
        self.ax.set_xlabel("$x_1$")
        self.ax.set_ylabel("$x_2$")
        self.image = None
        self.contour = None
        self.train_pts = self.ax.scatter([], [], s=14, edgecolors="white", linewidths=0.4)
        self.dev_pts = self.ax.scatter([], [], s=14, edgecolors="black", linewidths=0.6, marker="s")

    def draw(self, cfg: dict, network, data, show_dev: bool, title: str) -> bytes:
        """Draw ``network``'s predictions for ``data`` (a Split); returns PNG bytes."""
        grid, extent = plane(data, GRID)
        P = probabilities(cfg, network, grid)
        if cfg["classes"] > 2:  # colour of the most likely class, paler where the network is unsure
            P = class_rgb(P).reshape(GRID, GRID, 3)
        else:
            P = P.reshape(GRID, GRID)
        if self.image is None:
            self.image = self.ax.imshow(P, origin="lower", extent=extent, cmap="RdBu", vmin=0, vmax=1,
                                        aspect="auto", interpolation="bilinear", alpha=0.6)
        self.image.set_data(P)
        self.image.set_extent(extent)
        if self.contour is not None:
            self.contour.remove()
            self.contour = None
        if P.ndim == 2 and P.min() < 0.5 < P.max():
            xs, ys = np.linspace(*extent[:2], GRID), np.linspace(*extent[2:], GRID)
            self.contour = self.ax.contour(xs, ys, P, levels=[0.5], colors="k", linewidths=0.8)
        self._points(self.train_pts, data.X_train, data.Y_train)
        if show_dev:
            self._points(self.dev_pts, data.X_test, data.Y_test)
        else:
            self.dev_pts.set_offsets(np.empty((0, 2)))
        self.ax.set_xlim(*extent[:2])
        self.ax.set_ylim(*extent[2:])
        self.ax.set_title(title, fontsize=10)
        return figure_to_png(self.fig, DPI)

    @staticmethod
    def _points(scatter, X, Y):
        scatter.set_offsets(X.T)
        scatter.set_facecolors(POINT_COLORS[Y.ravel().astype(int)])


class CurvesFigure:
    """Cost (train, dev) and accuracy (train, dev) against iterations; lines updated in place."""

    KEYS = ("cost", "dev_cost", "train_acc", "dev_acc")

    def __init__(self, size=(4.2, 3.8)):
        self.fig = Figure(figsize=size)
        self.ax1, self.ax2 = self.fig.subplots(2, 1, sharex=True)
        self.lines = [ax.plot([], [], label=lab)[0] for ax in (self.ax1, self.ax2) for lab in ("train", "dev")]
        self.ax1.set_ylabel("cost $J$")
        self.ax1.set_title("Cost and accuracy", fontsize=10)
        self.ax1.legend(fontsize=8, loc="upper right")
        self.ax2.set_ylim(0, 1.02)
        self.ax2.set_xlabel("iteration")
        self.ax2.set_ylabel("accuracy")
        self.fig.subplots_adjust(left=0.16, right=0.97, bottom=0.12, top=0.92, hspace=0.12)

    def draw(self, track: dict) -> bytes:
        """Draw ``track`` {"iterations", "cost", "dev_cost", "train_acc", "dev_acc"} (lists of equal
        length); returns PNG bytes."""
        it = track["iterations"]
        for line, key in zip(self.lines, self.KEYS):
            line.set_data(it, track[key])
        finite = [c for c in track["cost"] + track["dev_cost"] if np.isfinite(c)]
        self.ax1.set_xlim(0, max(it[-1] if it else 1, 1))
        if finite:
            lo, hi = min(finite), max(finite)
            pad = 0.05 * (hi - lo) + 1e-3
            self.ax1.set_ylim(max(0, lo - pad), hi + pad)
        return figure_to_png(self.fig, DPI)


def unit_maps(cfg: dict, network, data, resolution: int = 32) -> np.ndarray:
    """What each first-hidden-layer unit computes over the plane of ``data`` (a Split), batch norm with
    its running averages: (n[1], resolution, resolution)."""
    grid, _ = plane(data, resolution)
    A1 = hidden_activations(feature_map(grid, cfg["features"]), network)[0]
    return A1.reshape(-1, resolution, resolution)


def tile_maps(maps: np.ndarray, gap: int = 4) -> np.ndarray:
    """Tile (n, r, r) maps side by side, each scaled to [-1, 1] by its own largest |value|, NaN gaps:
    (r, n * (r + gap) - gap)."""
    n, r, _ = maps.shape
    out = np.full((r, n * (r + gap) - gap), np.nan)
    for i, m in enumerate(maps):
        span = np.abs(m).max()
        out[:, i * (r + gap):i * (r + gap) + r] = m / span if span > 0 else m
    return out


class UnitsFigure:
    """Small multiples of the first hidden layer's units, drawn as one tiled image."""

    def __init__(self):
        self.fig = Figure(figsize=(8.4, 1.3))
        self.ax = self.fig.add_subplot()
        self.fig.subplots_adjust(left=0.01, right=0.99, bottom=0.2, top=0.8)
        self.image = None
        self.n = None

    def draw(self, maps: np.ndarray, activation: str) -> bytes:
        """Draw ``maps`` (n, r, r) from ``unit_maps``; returns PNG bytes."""
        tiles = tile_maps(maps)
        n, r = maps.shape[0], maps.shape[1]
        if self.image is None or self.n != n:
            self.ax.clear()
            self.image = self.ax.imshow(tiles, origin="lower", cmap="RdBu", vmin=-1, vmax=1, aspect="equal")
            self.ax.set_xticks([i * (r + 4) + r / 2 for i in range(n)], [f"unit {i + 1}" for i in range(n)],
                               fontsize=7)
            self.ax.set_yticks([])
            self.ax.tick_params(length=0)
            self.n = n
        self.image.set_data(tiles)
        self.ax.set_title(f"First hidden layer: what each unit computes over the plane ({activation}; "
                          "blue > 0, red < 0)", fontsize=8)
        return figure_to_png(self.fig, DPI)


class Plots:
    """The explorer's pictures as image widgets (``boundary_image``, ``curves_image``, ``units_image``
    in ``box``), its ``status`` line and ``config_text``."""

    def __init__(self):
        self.boundary, self.curves, self.units = BoundaryFigure(), CurvesFigure(), UnitsFigure()
        self.boundary_image, self.curves_image, self.units_image = (W.Image(format="png") for _ in range(3))
        self.status, self.config_text = W.HTML(), W.HTML()
        self.box = W.VBox([W.HBox([self.boundary_image, self.curves_image]), self.units_image])

    def message(self, text: str, error: bool = False):
        """Show ``text`` (HTML) in the status line, in red for an error."""
        self.status.value = f"<span style='color:{'#b2182b' if error else '#333'}'>{text}</span>"

    def draw(self, cfg: dict, network, data, track: dict, iteration: int, show_dev: bool, curves: bool):
        """Draw ``network`` (its boundary and unit maps, unless its weights are not finite), the curves
        of ``track`` when ``curves``, and the config."""
        if not all(np.isfinite(p).all() for p in network.values()):
            self.message(f"Diverged: the weights became inf or NaN at learning rate {cfg['learning_rate']:.3g} "
                         f"after {iteration} iterations. Lower the learning rate and play again.", error=True)
        else:
            title = f"iteration {iteration}"
            if track["train_acc"]:
                title += f": train {track['train_acc'][-1]:.1%}, dev {track['dev_acc'][-1]:.1%}"
            self.boundary_image.value = self.boundary.draw(cfg, network, data, show_dev, title)
            if cfg["hidden_layers"]:
                self.units_image.value = self.units.draw(unit_maps(cfg, network, data), cfg["activation"])
        if curves:
            self.curves_image.value = self.curves.draw(track)
        self.config_text.value = ("<details><summary>config (copy into a cell: Explorer(config))</summary>"
                                  f"<pre>{json.dumps(cfg)}</pre></details>")
