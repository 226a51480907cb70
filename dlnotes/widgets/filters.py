"""Course 4 week 1's widgets: a filter you can draw on a picture, and pooling you can watch.

``FilterExplorer``: pick a picture (a cat picture of the course's set, or your own through the upload
button), pick a preset filter or type the 3 x 3 (or 5 x 5) numbers, pick the padding and the stride;
the feature map, its size and the formula floor((n + 2p - f) / s) + 1 update as you type.
``PoolingExplorer``: a feature map and its max and average pooling for a window f and a stride.

The work is the core's (``dlnotes.conv``: ``filter_image``, ``pool_forward``, ``FILTERS``); the pictures are
drawn straight to PNG (no matplotlib figure), so a change shows in a few milliseconds.  Each widget keeps its
last result (``feature_map``, ``pooled``) and text (``size_text``) for tests and for the cell after it.
"""

from __future__ import annotations

import io

import ipywidgets as W
import matplotlib.image as mpimg
import numpy as np

from .. import conv

# presets beyond the lecture's edge detectors (dlnotes.conv.FILTERS): what a learner may want to try
EXTRA_FILTERS = {
    "identity": np.array([[0.0, 0, 0], [0, 1, 0], [0, 0, 0]]),
    "box blur": np.full((3, 3), 1 / 9),
    "sharpen": np.array([[0.0, -1, 0], [-1, 5, -1], [0, -1, 0]]),
    "Laplacian": np.array([[0.0, 1, 0], [1, -4, 1], [0, 1, 0]]),
}
PRESETS = {**conv.FILTERS, **EXTRA_FILTERS}
CUSTOM = "custom (type the numbers)"
MAX_SIDE = 256  # an uploaded picture larger than this is shrunk (by whole-number steps) before filtering
SCALE = 4  # pixels of the screen per pixel of the map (small maps shown larger)


def _png(array, signed: bool) -> bytes:
    """A 2-D array as a gray PNG: signed maps put 0 at mid-gray, others span black to white; each pixel
    drawn SCALE x SCALE so small maps stay visible."""
    a = np.asarray(array, dtype=np.float64)
    if signed:
        bound = float(np.abs(a).max()) or 1.0
        vmin, vmax = -bound, bound
    else:
        vmin, vmax = float(a.min()), float(a.max())
        if vmax == vmin:
            vmax = vmin + 1.0
    scale = max(1, SCALE * 64 // max(a.shape)) if max(a.shape) < 64 * SCALE else 1
    big = np.kron(a, np.ones((scale, scale)))
    buf = io.BytesIO()
    mpimg.imsave(buf, big, cmap="gray", vmin=vmin, vmax=vmax, format="png")
    return buf.getvalue()


def read_picture(data: bytes) -> np.ndarray:
    """An uploaded picture file (PNG, JPEG, ...) as gray levels (n_H, n_W) in [0, 1], shrunk to at most
    MAX_SIDE pixels a side.  ValueError naming the problem if it cannot be read."""
    try:
        img = mpimg.imread(io.BytesIO(bytes(data)))
    except Exception as exc:  # Pillow raises many kinds for a file that is not a picture
        raise ValueError(f"the uploaded file is not a picture this can read (PNG or JPEG): {exc}") from None
    gray = conv.grayscale(img)
    step = int(np.ceil(max(gray.shape) / MAX_SIDE))
    return gray[::step, ::step] if step > 1 else gray


def size_formula(n_H: int, n_W: int, f: int, pad: int, stride: int) -> str:
    """The output size formula with the numbers in, for both sides: 'n_H = floor((64 + 2*1 - 3) / 1) + 1 = 64'."""
    out = []
    for name, n in (("n_H", n_H), ("n_W", n_W)):
        out.append(f"{name} = floor(({n} + 2*{pad} - {f}) / {stride}) + 1 = {conv.conv_output_size(n, f, pad, stride)}")
    return ";  ".join(out)


class FilterExplorer(W.VBox):
    """A filter on a picture: ``FilterExplorer(pictures)`` with pictures {name: RGB (n_H, n_W, 3) or gray (n_H, n_W)}.

    Controls: ``picture`` (Dropdown, plus ``upload`` for your own), ``preset`` (Dropdown), ``size`` (3 or 5),
    ``cells`` (the f x f grid of FloatText, typing updates at once), ``pad`` and ``stride`` (IntSliders).
    ``feature_map`` is the last output (n_H, n_W), ``size_text`` its size and formula.
    """

    def __init__(self, pictures: dict, preset: str = "vertical", size: int = 3, pad: int = 1, stride: int = 1):
        if not pictures:
            raise ValueError("pictures must hold at least one picture {name: array}, got none")
        self.pictures = {name: conv.grayscale(p) for name, p in pictures.items()}
        style = {"description_width": "initial"}
        self.picture = W.Dropdown(options=list(self.pictures), description="picture", style=style)
        self.upload = W.FileUpload(accept="image/*", multiple=False, description="your own picture")
        self.preset = W.Dropdown(options=list(PRESETS) + [CUSTOM], value=preset, description="filter", style=style)
        self.size = W.ToggleButtons(options=[("3 x 3", 3), ("5 x 5", 5)], value=size, description="f",
                                    style={"button_width": "56px"})
        self.pad = W.IntSlider(value=pad, min=0, max=4, description="padding p", continuous_update=True, style=style)
        self.stride = W.IntSlider(value=stride, min=1, max=4, description="stride s", continuous_update=True,
                                  style=style)
        self.grid = W.GridBox(layout=W.Layout(grid_template_columns="repeat(3, 64px)", grid_gap="2px"))
        self.size_label = W.HTML()
        self.message = W.HTML()
        self.input_image = W.Image(format="png", layout=W.Layout(width="256px"))
        self.output_image = W.Image(format="png", layout=W.Layout(width="256px"))
        for widget, name in ((self.grid, "dlnotes-filter-grid"), (self.output_image, "dlnotes-feature-map"),
                             (self.size_label, "dlnotes-filter-size")):
            widget.add_class(name)  # stable names for a browser test
        self.feature_map, self.size_text, self.cells = None, "", []
        self._setting = False  # True while a preset writes the grid: one update at the end, not one per cell
        self._make_cells(size)
        self._write_preset(preset)
        self.picture.observe(lambda change: self.update(), names="value")
        self.upload.observe(self._uploaded, names="value")
        self.preset.observe(self._preset_changed, names="value")
        self.size.observe(self._size_changed, names="value")
        for c in (self.pad, self.stride):
            c.observe(lambda change: self.update(), names="value")
        controls = W.VBox([W.HBox([self.picture, self.upload]), W.HBox([self.preset, self.size]),
                           W.HBox([self.grid, W.VBox([self.pad, self.stride])])])
        pictures_box = W.HBox([W.VBox([W.HTML("<b>input</b>"), self.input_image]),
                               W.VBox([W.HTML("<b>feature map</b>"), self.output_image])])
        super().__init__([controls, self.size_label, self.message, pictures_box])
        self.update()

    # ---------------------------------------------------------------- the filter's numbers
    @property
    def kernel(self) -> np.ndarray:
        """The filter in the grid, (f, f)."""
        f = int(round(len(self.cells) ** 0.5))
        return np.array([c.value for c in self.cells], dtype=np.float64).reshape(f, f)

    def _make_cells(self, f: int):
        self.cells = [W.FloatText(value=0.0, continuous_update=True, layout=W.Layout(width="62px"))
                      for _ in range(f * f)]
        for c in self.cells:
            c.observe(self._typed, names="value")
        self.grid.children = self.cells
        self.grid.layout.grid_template_columns = f"repeat({f}, 64px)"

    def _write_grid(self, k):
        """Put k (any square size) in the grid, centred if smaller, its middle if larger; one update after."""
        f, g = int(round(len(self.cells) ** 0.5)), k.shape[0]
        grid = np.zeros((f, f))
        if f >= g:
            o = (f - g) // 2
            grid[o:o + g, o:o + g] = k
        else:
            o = (g - f) // 2
            grid = k[o:o + f, o:o + f]
        self._setting = True
        try:
            for c, value in zip(self.cells, grid.ravel()):
                c.value = float(value)
        finally:
            self._setting = False

    def _write_preset(self, name: str):
        """The preset's numbers in the grid (a 3 x 3 preset sits in the middle of a 5 x 5 grid)."""
        if name != CUSTOM:
            self._write_grid(PRESETS[name])

    def _typed(self, change):
        if self._setting:
            return
        if self.preset.value != CUSTOM:
            self._setting = True
            try:
                self.preset.value = CUSTOM
            finally:
                self._setting = False
        self.update()

    def _preset_changed(self, change):
        if self._setting:
            return
        self._write_preset(change["new"])
        self.update()

    def _size_changed(self, change):
        old = self.kernel
        self._make_cells(change["new"])
        if self.preset.value != CUSTOM:
            self._write_preset(self.preset.value)
        else:  # keep the typed numbers, centred or cropped
            self._write_grid(old)
        self.update()

    def _uploaded(self, change):
        files = change["new"]
        if not files:
            return
        item = files[0] if isinstance(files, (list, tuple)) else next(iter(files.values()))
        try:
            gray = read_picture(item["content"])
        except ValueError as exc:
            self.message.value = f"<b style='color:#b2182b'>{exc}</b>"
            return
        name = f"uploaded: {item.get('name', 'picture')}"
        self.pictures[name] = gray
        self.picture.options = list(self.pictures)
        self.picture.value = name  # runs update()

    # ---------------------------------------------------------------- the computation
    def update(self):
        """Filter the picture with the grid's numbers, padding and stride; redraw the map and the formula."""
        image = self.pictures[self.picture.value]
        f, p, s = self.size.value, self.pad.value, self.stride.value
        try:
            self.feature_map = conv.filter_image(image, self.kernel, pad=p, stride=s)
        except ValueError as exc:
            self.message.value = f"<b style='color:#b2182b'>{exc}</b>"
            return None
        self.message.value = ""
        n_H, n_W = image.shape
        kind = " (&quot;valid&quot;)" if p == 0 else (" (&quot;same&quot;)" if s == 1 and 2 * p == f - 1 else "")
        out_H, out_W = self.feature_map.shape
        low, high = float(self.feature_map.min()), float(self.feature_map.max())
        self.size_text = (f"input {n_H} x {n_W}, filter {f} x {f}, p = {p}, s = {s}: feature map {out_H} x {out_W}, "
                          f"values from {low:.3g} to {high:.3g}\n{size_formula(n_H, n_W, f, p, s)}")
        self.size_label.value = f"<pre style='margin:0'>{self.size_text}{kind}</pre>"
        self.input_image.value = _png(image, signed=False)
        self.output_image.value = _png(self.feature_map, signed=True)
        return self.feature_map


class PoolingExplorer(W.VBox):
    """Max and average pooling of one feature map (n_H, n_W): ``f`` and ``stride`` (IntSliders, updating as they
    move) and the two pooled maps side by side with their size.  ``pooled`` holds {"max": ..., "average": ...}."""

    def __init__(self, feature_map, f: int = 2, stride: int = 2):
        self.feature_map = np.asarray(feature_map, dtype=np.float64)
        if self.feature_map.ndim != 2:
            raise ValueError(f"feature_map must be 2-D (n_H, n_W), got shape {self.feature_map.shape}")
        style = {"description_width": "initial"}
        self.f = W.IntSlider(value=f, min=1, max=8, description="window f", continuous_update=True, style=style)
        self.stride = W.IntSlider(value=stride, min=1, max=8, description="stride s", continuous_update=True,
                                  style=style)
        self.size_label, self.message = W.HTML(), W.HTML()
        self.images = {k: W.Image(format="png", layout=W.Layout(width="220px")) for k in ("input", "max", "average")}
        self.pooled, self.size_text = {}, ""
        for c in (self.f, self.stride):
            c.observe(lambda change: self.update(), names="value")
        boxes = [W.VBox([W.HTML(f"<b>{k}</b>"), img]) for k, img in self.images.items()]
        super().__init__([W.HBox([self.f, self.stride]), self.size_label, self.message, W.HBox(boxes)])
        self.update()

    def update(self):
        """Pool with the current window and stride (no padding, no parameters); redraw."""
        hp = {"f": self.f.value, "stride": self.stride.value}
        A = self.feature_map[None, :, :, None]
        try:
            self.pooled = {mode: conv.pool_forward(A, hp, mode)[0][0, :, :, 0] for mode in ("max", "average")}
        except ValueError as exc:
            self.message.value = f"<b style='color:#b2182b'>{exc}</b>"
            return None
        self.message.value = ""
        n_H, n_W = self.feature_map.shape
        shape = self.pooled["max"].shape
        self.size_text = (f"{n_H} x {n_W} pooled with f = {hp['f']}, s = {hp['stride']}: {shape[0]} x {shape[1]}\n"
                          f"{size_formula(n_H, n_W, hp['f'], 0, hp['stride'])}")
        self.size_label.value = f"<pre style='margin:0'>{self.size_text}</pre>"
        self.images["input"].value = _png(self.feature_map, signed=True)
        for mode, m in self.pooled.items():
            self.images[mode].value = _png(m, signed=True)
        return self.pooled
