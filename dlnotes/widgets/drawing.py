"""The explorer's pictures: the data of the main plot and the network picture (drawn in the browser by
``network_view``), and the cost and accuracy curves rendered to PNG.

The curves figure (``CurvesFigure``: cost and accuracy against iterations) is made once and its lines
are updated in place.  ``layer_maps`` computes what every node computes over the plane in one forward
pass; ``shown_map`` picks what the main plot shows,
``main_plot`` / ``points`` pack it for the browser and ``network_view.network_frame`` packs what the
network picture shows.  ``Plots`` holds the network view (main plot, loss chart, network), the
curves image, the epoch counter and losses, the status line and the config.
"""

from __future__ import annotations

import base64
import json

import ipywidgets as W
import numpy as np
from matplotlib import colormaps
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from ..activations import OUTPUTS
from ..model import hidden_activations
from ..plotting import POINT_COLORS, boundary_grid, class_rgb, figure_to_png
from .config import feature_map, is_regression
from .network_view import NetworkView, network_frame, node_label, parse_node, scaled

GRID = 60  # boundary resolution: 60 x 60 predictions, drawn as an interpolated image
MARGIN = 0.3  # how far the plane reaches past the points
DPI = 72
CMAP = colormaps["RdBu"]  # one colour scale for the boundary, the neurons' maps and the links


def plane(data, resolution: int):
    """A resolution x resolution grid over all the points of ``data`` (a Split): points (2, r*r), extent."""
    return boundary_grid(np.hstack([data.X_train, data.X_test]), resolution, MARGIN)


def layer_maps(cfg: dict, network, grid) -> list:
    """What every node computes at the points ``grid`` (2, k), in one forward pass (test time: no
    dropout, batch norm with its running averages): [the input features (n[0], k), A[1], ...,
    A[L-1], the output A[L] (n[L], k)]."""
    X = feature_map(grid, cfg["features"])
    hidden = hidden_activations(X, network)
    L = len(hidden) + 1
    Z = network[f"W{L}"] @ (hidden[-1] if hidden else X) + network[f"b{L}"]
    return [X, *hidden, OUTPUTS[network.output_activation](Z)]


def shown_map(cfg: dict, maps: list, selected: str = "") -> tuple:
    """What the main plot shows for ``layer_maps`` on the GRID x GRID plane: (image (GRID, GRID) or RGB
    (GRID, GRID, 3), vmin, vmax, level of the line drawn or None, what it is).  ``selected`` ("l:j", see
    ``network_view.parse_node``) shows that node's map, scaled as in the network picture; else the
    output: probability (0.5 line), softmax class colours, or a regression's value; ``cfg["discretize"]``
    shows the predicted class (or the sign of a regression's value) instead."""
    node = parse_node(selected, [len(m) for m in maps])
    out = maps[-1]
    if node is not None and node[0] < len(maps) - 1:
        layer, j = node
        return scaled(maps[layer][j]).reshape(GRID, GRID), -1, 1, 0.0, node_label(layer, j, len(maps) - 1, cfg)
    if out.shape[0] > 1:
        P = np.eye(out.shape[0])[:, out.argmax(axis=0)] if cfg["discretize"] else out
        return class_rgb(P).reshape(GRID, GRID, 3), 0, 1, None, "most likely class"
    if is_regression(cfg):
        Y = np.sign(out[0]) if cfg["discretize"] else np.clip(out[0], -1, 1)
        return Y.reshape(GRID, GRID), -1, 1, 0.0, "predicted value"
    P = (out[0] > 0.5).astype(float) if cfg["discretize"] else out[0]
    return P.reshape(GRID, GRID), 0, 1, 0.5, "probability of class 1"


def main_plot(cfg: dict, shown: tuple, extent, title: str) -> dict:
    """The main plot's data for the browser: ``shown`` (from ``shown_map``) as base64 bytes, {"kind":
    "scale" (one byte per point, 0 = vmin, 255 = vmax, on the RdBu palette) or "rgb" (3 bytes per point),
    "res", "image" (rows from the bottom), "extent" [x1 min, x1 max, x2 min, x2 max], "level" (the
    byte of the line's level, or None), "title"}."""
    P, vmin, vmax, level, _ = shown
    if P.ndim == 3:
        kind, data = "rgb", np.rint(np.clip(P, 0, 1) * 255)
    else:
        kind, data = "scale", np.rint((np.clip(P, vmin, vmax) - vmin) / (vmax - vmin) * 255)
    return {"kind": kind, "res": int(P.shape[0]), "extent": [round(float(e), 4) for e in extent],
            "image": base64.b64encode(data.astype(np.uint8).tobytes()).decode("ascii"), "title": title,
            "level": None if level is None or P.ndim == 3 else round((level - vmin) / (vmax - vmin) * 255, 2)}


def point_colours(cfg: dict, Y) -> list:
    """Each point's colour (hex): its class's, or its target's on the RdBu scale (regression)."""
    if is_regression(cfg):
        return [to_hex(c) for c in CMAP((np.clip(Y.ravel(), -1, 1) + 1) / 2)]
    return list(POINT_COLORS[Y.ravel().astype(int) % len(POINT_COLORS)])


def points(cfg: dict, data, show_dev: bool) -> dict:
    """The train (and, with ``show_dev``, dev) points for the browser: {"train": [[x1, x2, colour], ...],
    "dev": [...]}."""
    def rows(X, Y):
        return [[round(float(a), 3), round(float(b), 3), c] for a, b, c in zip(X[0], X[1], point_colours(cfg, Y))]
    return {"train": rows(data.X_train, data.Y_train), "dev": rows(data.X_test, data.Y_test) if show_dev else []}


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


class Plots:
    """The explorer's pictures: ``network`` (a ``NetworkView``: the main plot, the loss chart and the
    network picture, drawn in the browser), ``curves_image`` (cost and accuracy, a PNG), ``counter``
    (epoch and losses), ``status`` and ``config_text``, laid out in ``box``.  ``on_edit(layer, row, col,
    value)`` is called when the learner types a weight."""

    def __init__(self, on_edit):
        self.curves = CurvesFigure()
        self.curves_image = W.Image(format="png")
        self.network = NetworkView(on_edit)
        self.counter, self.status, self.config_text = W.HTML(), W.HTML(), W.HTML()
        self.box = W.VBox([self.counter, self.network, self.curves_image])
        self._points = (None, None, None)  # (data, show_dev, points): the points change with the data only

    def message(self, text: str, error: bool = False):
        """Show ``text`` (HTML) in the status line, in red for an error."""
        self.status.value = f"<span style='color:{'#b2182b' if error else '#333'}'>{text}</span>"

    def draw(self, cfg: dict, network, data, track: dict, iteration: int, show_dev: bool, curves: bool):
        """Draw ``network`` (the main plot and the network picture, unless its weights are not finite), the
        epoch counter and losses, the curves of ``track`` when ``curves``, and the config."""
        if not all(np.isfinite(p).all() for p in network.values()):
            self.message(f"Diverged: the weights became inf or NaN at learning rate {cfg['learning_rate']:.3g} "
                         f"after {iteration} iterations. Lower the learning rate and play again.", error=True)
        else:
            grid, extent = plane(data, GRID)
            maps = layer_maps(cfg, network, grid)
            shown = shown_map(cfg, maps, self.network.selected)
            title = f"iteration {iteration}: {shown[4]}"
            if track["train_acc"] and not is_regression(cfg) and not self.network.selected:
                title = f"iteration {iteration}: train {track['train_acc'][-1]:.1%}, dev {track['dev_acc'][-1]:.1%}"
            if self._points[0] is not data or self._points[1] != show_dev:
                self._points = (data, show_dev, points(cfg, data, show_dev))
            self.network.frame = {**network_frame(cfg, network, maps, GRID), "loss": loss_chart(track),
                                  "plot": main_plot(cfg, shown, extent, title), "points": self._points[2],
                                  "iteration": iteration}
        self.counter.value = counter_html(track, iteration)
        if curves:
            self.curves_image.value = self.curves.draw(track)
        self.config_text.value = ("<details><summary>config (copy into a cell: Explorer(config))</summary>"
                                  f"<pre>{json.dumps(cfg)}</pre></details>")


def loss_chart(track: dict) -> dict:
    """The recorded train and dev losses for the network picture's small chart (finite values only,
    4 significant digits): {"iterations", "train", "dev"}."""
    keep = [k for k, (c, d) in enumerate(zip(track["cost"], track["dev_cost"])) if np.isfinite(c) and np.isfinite(d)]
    return {"iterations": [int(track["iterations"][k]) for k in keep],
            "train": [float(f"{track['cost'][k]:.4g}") for k in keep],
            "dev": [float(f"{track['dev_cost'][k]:.4g}") for k in keep]}


def counter_html(track: dict, iteration: int) -> str:
    """Playground's epoch counter and losses: the iterations run (one iteration is one epoch: with
    mini-batches, ``train`` makes each iteration a pass over all of them) and the last recorded train
    and dev (Playground's "test") loss."""
    loss = "loss: train -, dev (test) -"
    if track["cost"]:
        loss = f"loss: train {track['cost'][-1]:.3f}, dev (test) {track['dev_cost'][-1]:.3f}"
    return (f"<span class='dlnotes-counter' style='font-family:monospace;font-size:13px'>"
            f"epoch <b>{iteration:07,d}</b> &nbsp; {loss}</span>")
