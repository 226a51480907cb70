"""dlnotes.widgets.filters without a browser: setting a control or typing a number updates the feature map,
its size and the formula at once; presets, 5 x 5 filters, uploads and pooling."""

import datetime
import io

import matplotlib.image as mpimg
import numpy as np
import pytest

import dlnotes as d
from dlnotes.widgets import FilterExplorer, PoolingExplorer
from dlnotes.widgets.filters import CUSTOM, PRESETS, read_picture, size_formula


@pytest.fixture
def pictures():
    rng = np.random.default_rng(0)
    step = np.zeros((20, 24, 3), np.uint8)
    step[:, :12] = 255  # bright left half: a vertical edge
    return {"edge": step, "noise": rng.integers(0, 256, (16, 16, 3), dtype=np.uint8)}


def test_opens_with_the_preset_applied(pictures):
    fx = FilterExplorer(pictures, preset="vertical", pad=1, stride=1)
    np.testing.assert_array_equal(fx.kernel, d.FILTERS["vertical"])
    expected = d.filter_image(d.grayscale(pictures["edge"]), d.FILTERS["vertical"], pad=1)
    np.testing.assert_allclose(fx.feature_map, expected)
    assert "feature map 20 x 24" in fx.size_text and "n_H = floor((20 + 2*1 - 3) / 1) + 1 = 20" in fx.size_text
    assert fx.input_image.value[:4] == b"\x89PNG" and fx.output_image.value[:4] == b"\x89PNG"


def test_typing_a_number_updates_the_map_and_switches_to_custom(pictures):
    fx = FilterExplorer(pictures, preset="identity", pad=1)
    before_png, before = fx.output_image.value, fx.feature_map.copy()
    fx.cells[4].value = 2.0  # the middle number of the identity: the picture doubled (same picture, new scale)
    assert fx.preset.value == CUSTOM
    np.testing.assert_allclose(fx.feature_map, 2 * before)
    assert "values from 0 to 2" in fx.size_text
    fx.cells[0].value = -1.0  # now it detects something: the picture changes
    assert fx.output_image.value != before_png
    np.testing.assert_allclose(fx.feature_map, d.filter_image(d.grayscale(pictures["edge"]), fx.kernel, pad=1))


def test_padding_stride_and_size_change_the_output_size(pictures):
    fx = FilterExplorer(pictures)
    fx.pad.value, fx.stride.value = 0, 2
    assert fx.feature_map.shape == (9, 11) and "n_H = floor((20 + 2*0 - 3) / 2) + 1 = 9" in fx.size_text
    fx.size.value = 5
    assert fx.kernel.shape == (5, 5) and fx.feature_map.shape == (8, 10)
    np.testing.assert_array_equal(fx.kernel[1:4, 1:4], d.FILTERS["vertical"])  # the 3 x 3 preset centred
    fx.preset.value = "Sobel horizontal"
    np.testing.assert_array_equal(fx.kernel[1:4, 1:4], PRESETS["Sobel horizontal"])
    fx.picture.value = "noise"
    assert fx.feature_map.shape == (6, 6)


def test_a_window_that_does_not_fit_is_a_message_not_an_error(pictures):
    fx = FilterExplorer({"tiny": np.zeros((2, 2))}, pad=0)
    assert fx.feature_map is None and "window must fit" in fx.message.value
    fx.pad.value = 1
    assert fx.feature_map.shape == (2, 2) and fx.message.value == ""


def test_an_uploaded_picture_is_added_and_shown(pictures):
    fx = FilterExplorer(pictures)
    buf = io.BytesIO()
    mpimg.imsave(buf, np.linspace(0, 1, 30 * 40).reshape(30, 40), cmap="gray", format="png")
    now = datetime.datetime.now(datetime.timezone.utc)
    fx.upload.value = ({"name": "mine.png", "type": "image/png", "size": buf.tell(), "content": buf.getvalue(),
                        "last_modified": now},)
    assert fx.picture.value == "uploaded: mine.png" and fx.feature_map.shape == (30, 40)
    fx.upload.value = ({"name": "bad.png", "type": "image/png", "size": 3, "content": b"abc", "last_modified": now},)
    assert "not a picture" in fx.message.value


def test_read_picture_shrinks_large_pictures():
    buf = io.BytesIO()
    mpimg.imsave(buf, np.zeros((600, 300)), cmap="gray", format="png")
    assert read_picture(buf.getvalue()).shape == (200, 100)


def test_size_formula():
    assert size_formula(64, 48, 3, 1, 2) == ("n_H = floor((64 + 2*1 - 3) / 2) + 1 = 32;  "
                                             "n_W = floor((48 + 2*1 - 3) / 2) + 1 = 24")


def test_pooling_widget_updates_with_window_and_stride():
    fmap = np.arange(36, dtype=float).reshape(6, 6)
    px = PoolingExplorer(fmap, f=2, stride=2)
    np.testing.assert_array_equal(px.pooled["max"], [[7, 9, 11], [19, 21, 23], [31, 33, 35]])
    np.testing.assert_array_equal(px.pooled["average"], [[3.5, 5.5, 7.5], [15.5, 17.5, 19.5], [27.5, 29.5, 31.5]])
    px.f.value, px.stride.value = 3, 1
    assert px.pooled["max"].shape == (4, 4) and "6 x 6 pooled with f = 3, s = 1: 4 x 4" in px.size_text
    px.f.value = 8
    assert "window must fit" in px.message.value
    with pytest.raises(ValueError, match="feature_map must be 2-D"):
        PoolingExplorer(np.zeros((2, 2, 2)))
