"""dlnotes.lessons.c4w1_convolution_step_by_step: the lecture's examples, edge maps, output sizes, parameter
counts, why convolutions (measured), a CNN's shapes (measured) and the convolution's gradient check."""

import numpy as np
import pytest
from figure_checks import figure_labelled

import dlnotes as d
from dlnotes.lessons import c4w1_convolution_step_by_step as L


def test_the_lecture_edge_example():
    image, kernel, out = L.lecture_edge_example()
    assert image.shape == (6, 6) and out.shape == (4, 4)
    np.testing.assert_array_equal(out, np.tile([0.0, 30.0, 30.0, 0.0], (4, 1)))
    # dark on the left instead: the sign flips
    flipped = d.filter_image(image[:, ::-1], kernel)
    np.testing.assert_array_equal(flipped, -out)


def test_edge_maps_keep_the_size_and_answer_to_their_direction():
    picture = np.zeros((10, 12))
    picture[:, :6] = 1.0  # a vertical edge
    maps = L.edge_maps(picture)
    assert set(maps) == set(L.EDGE_NAMES)
    assert all(m.shape == (10, 12) for m in maps.values())
    inner = (slice(1, -1), slice(1, -1))  # away from the zero padding
    assert np.abs(maps["vertical"][inner]).max() == 3.0
    assert np.abs(maps["horizontal"][inner]).max() == 0.0
    assert np.abs(maps["Scharr vertical"][inner]).max() == 16.0


def test_output_sizes_follow_the_formula():
    rows = {(r["pad"], r["stride"]): r["size"] for r in L.output_sizes(6, 3)}
    assert rows[(0, 1)] == 4 and rows[(1, 1)] == 6 and rows[(0, 2)] == 2 and rows[(2, 3)] == 3
    text = L.format_output_sizes(6, 3)
    assert "0 (valid)" in text and "1 (same)" in text
    with pytest.raises(ValueError, match="window must fit"):
        L.output_sizes(2, 5, pads=(0,))


def test_parameter_count_is_the_lecture_s():
    assert L.conv_parameter_count(3, 3, 10) == 280
    assert L.conv_parameter_count(5, 3, 6) == 456


def test_pooling_examples_of_the_lecture():
    fig, mx, av = L.plot_pooling(L.LECTURE_MAX_POOL)
    np.testing.assert_array_equal(mx, [[9, 2], [6, 3]])
    assert figure_labelled(fig)
    _, _, av2 = L.plot_pooling(L.LECTURE_AVERAGE_POOL)
    np.testing.assert_allclose(av2, [[3.75, 1.25], [4, 2]])


def test_why_convolutions_is_measured():
    why = L.why_convolutions((12, 10, 2), f=3, n_C=4)
    assert why["output"] == (12, 10, 4)
    assert why["conv parameters"] == (9 * 2 + 1) * 4
    assert why["dense parameters"] == 240 * 480 + 480
    assert why["inputs per output (conv)"] == 18 and why["inputs per output (dense)"] == 240
    assert why["shift error"] < 1e-12


def test_cnn_shapes_are_the_lecture_s():
    rows = L.cnn_shapes((32, 32, 3))
    shapes = [r["shape"] for r in rows]
    assert shapes == [(32, 32, 3), (28, 28, 6), (14, 14, 6), (10, 10, 16), (5, 5, 16), (120,), (84,), (10,)]
    assert [r["parameters"] for r in rows] == [0, 456, 0, 2416, 0, 400 * 120 + 120, 120 * 84 + 84, 84 * 10 + 10]
    assert "total" in L.format_cnn_shapes(rows)


def test_conv_gradient_check_passes_and_catches_a_wrong_gradient(monkeypatch):
    assert all(diff < 1e-7 for diff in L.conv_gradient_check().values())
    real = d.conv.conv_backward

    def wrong(dZ, cache):
        dA_prev, dW, db = real(dZ, cache)
        return dA_prev, dW * 1.01, db
    monkeypatch.setattr(L.conv, "conv_backward", wrong)
    diffs = L.conv_gradient_check()
    assert diffs["dW"] > 1e-3 and diffs["dA_prev"] < 1e-7


def test_figures_are_labelled():
    picture = np.random.default_rng(0).random((16, 16, 3))
    fig = L.plot_edge_maps(picture, L.edge_maps(d.grayscale(picture)))
    assert figure_labelled(fig)
    assert figure_labelled(L.plot_padding(d.grayscale(picture), 2))


def test_cat_cnn_shapes_and_parameters():
    model = L.cat_cnn(seed=0)
    assert L.count_parameters(model) == (4 * 4 * 3 * 8 + 8) + (8 * 8 * 8 + 1)
    A = model.predict_proba(np.zeros((2, 64, 64, 3)))
    assert A.shape == (1, 2)
    assert not np.array_equal(L.cat_cnn(seed=1).layers[0].params["W"], model.layers[0].params["W"])


def test_train_cat_cnns_trains_through_train_and_reports_accuracies(fake_cat):
    rows = L.train_cat_cnns(fake_cat, seeds=[0, 1], epochs=3, mini_batch_size=16)
    assert [r["seed"] for r in rows] == [0, 1]
    for r in rows:
        assert 0.0 <= r["train"] <= 1.0 and 0.0 <= r["test"] <= 1.0
        assert r["history"].costs[-1] < r["history"].costs[0]
    text = L.format_cnn_results(rows)
    assert "mean over seeds 0-1" in text and "logistic regression" in text and "245,973" in text
    fig = L.plot_learned_filters(rows[0]["model"], fake_cat.images_test[0] / 255.0)
    assert len(fig.axes) == 2 * 9 and fig.axes[0].get_xlabel()
