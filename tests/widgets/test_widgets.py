import ipywidgets as W
import matplotlib.pyplot as plt
import pytest

from dlnotes import widgets


def _fig(a, b):
    if a < 0:
        raise ValueError("a must be >= 0")
    fig, ax = plt.subplots(figsize=(2, 2))
    ax.plot([0, 1], [a, b])
    return fig, f"a={a:.2f}"


def test_interactive_figure_redraws_on_change():
    w = widgets.interactive_figure(_fig, a=widgets.slider("a", 1.0, -1.0, 2.0), b=widgets.log_slider("b", 0.1, -3, 0))
    first = w.image.value
    assert first[:4] == b"\x89PNG" and "a=1.00" in w.message.value
    w.controls["a"].value = 2.0
    assert w.image.value != first and "a=2.00" in w.message.value
    assert w.values == {"a": 2.0, "b": pytest.approx(0.1)}


def test_interactive_figure_shows_value_errors():
    w = widgets.interactive_figure(_fig, a=widgets.slider("a", 1.0, -1.0, 2.0), b=widgets.slider("b", 1, 0, 3))
    before = w.image.value
    w.controls["a"].value = -0.5
    assert "a must be &gt;= 0" in w.message.value or "a must be >= 0" in w.message.value
    assert w.image.value == before


def test_sliders_do_not_update_while_dragging():
    assert widgets.log_slider("lr", 0.01, -4, 0).continuous_update is False
    assert widgets.slider("n", 3, 1, 10).continuous_update is False
    assert isinstance(widgets.slider("n", 3, 1, 10), W.IntSlider)


def test_interactive_figure_rejects_bad_controls():
    with pytest.raises(ValueError, match="controls"):
        widgets.interactive_figure(_fig)
    with pytest.raises(ValueError, match=r"controls\['a'\]"):
        widgets.interactive_figure(_fig, a=3)
