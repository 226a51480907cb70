"""dlnotes.lessons.c1w4_deep_network_step_by_step: shape tables and what depth buys."""


import numpy as np
import pytest
from figure_checks import figure_labelled

import dlnotes as d
from dlnotes.lessons import c1w4_deep_network_step_by_step as L


def test_layer_shapes_table():
    rows = L.layer_shapes([12288, 20, 7, 5, 1], m=209)
    assert rows[0] == (0, None, None, None, (12288, 209))
    assert rows[1] == (1, (20, 12288), (20, 1), (20, 209), (20, 209))
    assert rows[-1] == (4, (1, 5), (1, 1), (1, 209), (1, 209))
    table = L.format_shape_table(rows)
    assert "(20, 12288)" in table and "245,973" in table
    widths = {len(line) for line in table.splitlines()}
    assert len(widths) == 1, "the table's lines are aligned"


def test_cache_and_grad_tables():
    params = d.initialize_parameters([3, 4, 1], "xavier", seed=0)
    X, Y = np.ones((3, 5)), np.array([[0, 1, 0, 1, 1]])
    AL, caches = d.forward(X, params)
    table = L.format_cache_table(caches)
    assert "(4,3)" in table and "(1,5)" in table and len(table.splitlines()) == 3
    grads = d.backward(AL, Y, caches)
    gt = L.format_grad_table(grads)
    assert "dW1" in gt and "(4,3)" in gt


@pytest.mark.parametrize("depth", [1, 2, 3, 5])
def test_sawtooth_network_has_2_to_the_depth_pieces(depth):
    x = np.linspace(0, 1, 2049).reshape(1, -1)
    z = L.network_output(x, L.sawtooth_parameters(depth))
    assert L.count_linear_pieces(x, z) == 2 ** depth
    tent = 2 * np.maximum(x, 0) - 4 * np.maximum(x - 0.5, 0)
    if depth == 1:
        np.testing.assert_allclose(z, tent)
    assert z.min() >= -1e-12 and z.max() <= 1 + 1e-12


def test_depth_figures():
    fig, rows = L.plot_depth_sawtooth((1, 2, 3), resolution=513)
    assert rows == [(1, 2, 2), (2, 4, 4), (3, 6, 8)]
    assert figure_labelled(fig)
    out = L.depth_comparison({"wide": [6], "deep": [3, 3]}, n_samples=60, num_iterations=50)
    assert [o[0] for o in out] == ["wide", "deep"] and out[0][5] == 6 * 2 + 6 + 6 + 1


@pytest.mark.parametrize("call,match", [
    (lambda: L.layer_shapes([3], 5), "layer_dims must have at least 2"),
    (lambda: L.layer_shapes([3, 2], 0), "m must be"),
    (lambda: L.format_shape_table([]), "rows"),
    (lambda: L.format_cache_table([]), "caches"),
    (lambda: L.format_grad_table({}), "grads"),
    (lambda: L.sawtooth_parameters(0), "depth"),
    (lambda: L.count_linear_pieces(np.array([[0.0, 2.0, 1.0]]), np.zeros((1, 3))), "strictly increasing"),
    (lambda: L.count_linear_pieces(np.zeros((1, 2)), np.zeros((1, 2))), "at least 3"),
    (lambda: L.plot_depth_sawtooth(()), "depths"),
])
def test_week4_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_init_signal_shrinks_with_the_fixed_scale():
    rows = L.init_signal([500, 20, 7, 5, 1], m=16, seed=0)
    assert [layer for layer, _ in rows] == [1, 2, 3, 4]
    small, scaled = "randn * 0.01", "randn / sqrt(n[l-1])"
    z_small = [by[small][0] for _, by in rows]
    z_scaled = [by[scaled][0] for _, by in rows]
    assert all(a > 10 * b for a, b in zip(z_small, z_small[1:])), "0.01: each narrow layer shrinks Z tenfold"
    assert min(z_scaled) > 0.01 and z_scaled[-1] > 1000 * z_small[-1]
    assert rows[0][1][scaled][1] > 100 * rows[0][1][small][1], "dW1 is far smaller with 0.01"
    table = L.format_init_signal(rows)
    assert len(table.splitlines()) == 5 and "std Z, randn * 0.01" in table
    with pytest.raises(ValueError, match="rows"):
        L.format_init_signal([])
