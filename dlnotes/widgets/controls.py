"""Small widget helpers shared by every notebook (the explorer's controls are built with them too).

The pattern: the work is an ordinary function ``fn(**values) -> Figure`` that the
tests call directly; ``interactive_figure`` wires controls to it and shows its
figure as a PNG image widget.  Sliders use ``continuous_update=False`` so that a
drag sends one value when released, never a queue of intermediate ones.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as W
import matplotlib
import matplotlib.pyplot as plt

from .. import validation as v
from ..plotting import figure_to_png


def log_slider(description: str, value: float, min_exp: float, max_exp: float, step: float = 0.1,
               readout_format: str = ".2g", **kwargs) -> W.FloatLogSlider:
    """A base-10 log-scale slider from 10**min_exp to 10**max_exp (e.g. a learning rate) that updates
    on release; ``kwargs`` go to ``FloatLogSlider`` (e.g. ``layout``)."""
    return W.FloatLogSlider(value=value, base=10, min=min_exp, max=max_exp, step=step,
                            description=description, continuous_update=False,
                            readout_format=readout_format, style={"description_width": "initial"}, **kwargs)


def slider(description: str, value, min, max, step=None, **kwargs):
    """An int or float slider (by the type of ``value``) that updates on release; ``kwargs`` go to
    the ipywidgets slider (e.g. ``layout``)."""
    cls = W.IntSlider if isinstance(value, int) and not isinstance(value, bool) else W.FloatSlider
    kw = dict(value=value, min=min, max=max, description=description, continuous_update=False,
              style={"description_width": "initial"})
    if step is not None:
        kw["step"] = step
    kw.update(kwargs)
    return cls(**kw)


class InteractiveFigure(W.VBox):
    """Controls above an image of ``fn(**values)``'s figure, redrawn when a control changes.

    ``values`` holds the current control values, ``result`` what ``fn`` returned
    last (a Figure, or a (Figure, info) tuple whose info is shown as text), ``update()``
    recomputes.  Errors from ``fn`` (ValueError) are shown as a message, not raised.
    """

    def __init__(self, fn: Callable, controls: dict, dpi: int = 80):
        self.fn, self.controls, self.dpi = fn, dict(controls), dpi
        self.image = W.Image(format="png", layout=W.Layout(max_width="100%"))
        self.message = W.HTML()
        self.result = None
        box = W.HBox(list(self.controls.values()), layout=W.Layout(flex_flow="row wrap"))
        super().__init__([box, self.message, self.image])
        for c in self.controls.values():
            c.observe(lambda change: self.update(), names="value")
        self.update()

    @property
    def values(self) -> dict:
        return {name: c.value for name, c in self.controls.items()}

    def update(self):
        with matplotlib.rc_context({"figure.max_open_warning": 0}):
            try:
                out = self.fn(**self.values)
            except ValueError as exc:
                self.message.value = f"<b style='color:#b2182b'>{exc}</b>"
                return None
        fig, info = out if isinstance(out, tuple) else (out, None)
        self.result = out
        self.message.value = "" if info is None else f"<pre style='margin:0'>{info}</pre>"
        self.image.value = figure_to_png(fig, self.dpi)
        plt.close(fig)
        return out


def interactive_figure(fn: Callable, dpi: int = 80, **controls) -> InteractiveFigure:
    """Wire ``controls`` (name -> ipywidget) to ``fn(**values) -> Figure`` and return the widget."""
    if not controls:
        raise ValueError("controls must name at least one widget, got none")
    for name, c in controls.items():
        if not isinstance(c, W.ValueWidget):
            raise ValueError(f"controls[{name!r}] must be an ipywidgets value widget, got {type(c).__name__}")
    v.check_int(dpi, "dpi")
    return InteractiveFigure(fn, controls, dpi)
