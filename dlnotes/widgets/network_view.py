"""The network picture (TensorFlow Playground's signature view), drawn in the browser.

``NetworkView`` is an anywidget (plain JavaScript in ``network_view.js``, no build step) that draws
SVG: each node (the input features, every hidden unit, the output) as a small map of what it computes
over the plane, each link with a width for |w| and a colour for the sign of w, on the same RdBu scale
as the main plot.  Python sends it one ``frame`` per redraw (``network_frame``: the weights and every
node's map, downsampled to MINI x MINI and packed as base64 bytes); the browser sends back a clicked
node (the ``selected`` trait, "l:j") and a typed weight (a message {"type": "edit", "layer", "row",
"col", "value"}, handed to ``on_edit``).

Why in the browser: one frame is a few kilobytes of numbers, and the browser redraws the SVG in well
under a millisecond, where rendering one matplotlib figure per neuron would cost tens of milliseconds
each (far from 5 frames per second for 24 neurons); SVG also makes every node and link clickable.
"""

from __future__ import annotations

import base64
from pathlib import Path

import anywidget
import numpy as np
import traitlets
from matplotlib import colormaps
from matplotlib.colors import to_hex

MINI = 20  # each node's map is MINI x MINI points in the network picture


def scaled(values: np.ndarray) -> np.ndarray:
    """A node's map on the [-1, 1] colour scale: divided by max(1, its largest |value|) (tanh, a
    probability drawn as 2p - 1 by the caller, stay as they are; relu or linear values are shrunk)."""
    span = float(np.abs(values).max(initial=0.0))
    return values / span if span > 1 else values


def parse_node(node: str, sizes) -> tuple[int, int] | None:
    """("l", "j") of a node id "l:j" (l = 0 for the inputs, then the hidden layers, the output last) for
    layers of ``sizes``; None for "" or an id that is not in the network (after the network changed)."""
    try:
        layer, j = (int(p) for p in node.split(":"))
    except ValueError:
        return None
    return (layer, j) if 0 <= layer < len(sizes) and 0 <= j < sizes[layer] else None


def node_label(layer: int, j: int, L: int, cfg: dict) -> str:
    """How the main plot names node (layer, j) of a network of L layers."""
    if layer == 0:
        return f"input {cfg['features'][j]}"
    if layer == L:
        return f"output unit {j + 1}"
    return f"layer {layer}, unit {j + 1}: a[{layer}]_{j + 1} ({cfg['activation']})"


def network_frame(cfg: dict, network, maps: list, grid: int) -> dict:
    """The network picture's data for ``layer_maps`` computed on a grid x grid plane: {"layers": node
    labels per layer, "mini": MINI, "maps": base64 of uint8 (one MINI x MINI map per node, in order,
    0 = -1 and 255 = +1 on the colour scale), "weights": W[1..L] as nested lists, "biases": b[1..L]}."""
    step = max(1, grid // MINI)
    L = len(maps) - 1
    rows = []
    for layer, M in enumerate(maps):
        small = M.reshape(-1, grid, grid)[:, ::step, ::step][:, :MINI, :MINI]
        if layer == L and network.output_activation != "linear":
            small = 2 * small - 1  # a probability on the same scale: 0 -> -1 (red), 1 -> +1 (blue)
        rows.extend(scaled(m) for m in small)
    packed = np.rint((np.clip(np.stack(rows), -1, 1) + 1) * 127.5).astype(np.uint8)
    labels = [list(cfg["features"])] + [[""] * len(M) for M in maps[1:-1]] + [["output"] * len(maps[-1])]
    return {
        "layers": labels, "mini": MINI, "maps": base64.b64encode(packed.tobytes()).decode("ascii"),
        "weights": [np.round(network[f"W{i}"], 4).tolist() for i in range(1, L + 1)],
        "biases": [np.round(network[f"b{i}"].ravel(), 4).tolist() for i in range(1, L + 1)],
    }


class NetworkView(anywidget.AnyWidget):
    """The network picture.  Traits: ``frame`` (from ``network_frame``), ``palette`` (256 colours of the
    RdBu scale), ``selected`` (the clicked node "l:j", or "").  ``on_edit(layer, row, col, value)`` is
    called when the learner types a new value for the link W[layer][row, col]."""

    _esm = Path(__file__).with_name("network_view.js")
    frame = traitlets.Dict().tag(sync=True)
    palette = traitlets.List().tag(sync=True)
    selected = traitlets.Unicode("").tag(sync=True)

    def __init__(self, on_edit, **kwargs):
        cmap = colormaps["RdBu"]
        super().__init__(palette=[to_hex(cmap(i / 255)) for i in range(256)], **kwargs)
        self.on_edit = on_edit
        self.on_msg(self._on_message)

    def _on_message(self, _widget, content, _buffers):
        if isinstance(content, dict) and content.get("type") == "edit":
            self.on_edit(content.get("layer"), content.get("row"), content.get("col"), content.get("value"))
