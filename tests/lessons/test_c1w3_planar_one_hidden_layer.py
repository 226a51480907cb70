"""dlnotes.lessons.c1w3_planar_one_hidden_layer:
One hidden layer on the flower, hidden-unit maps, size sweep, other sets."""


import numpy as np
import pytest
from figure_checks import figure_labelled

import dlnotes as d
from dlnotes.batchnorm import batchnorm_inference
from dlnotes.lessons import c1w3_planar_one_hidden_layer as L
from dlnotes.plotting import boundary_grid


@pytest.fixture(scope="module")
def flower():
    return d.load_planar()


def test_one_hidden_layer_beats_logistic_regression(flower):
    X, Y = flower
    _, lr_acc = L.train_logistic_2d(X, Y)
    params, hist, acc = L.train_one_hidden(X, Y, n_h=4, num_iterations=3000)
    assert lr_acc < 0.6 < 0.85 < acc
    assert params["W1"].shape == (4, 2) and params["W2"].shape == (1, 4)
    assert hist.costs[-1] < hist.costs[0]
    assert figure_labelled(L.plot_boundary(X, Y, params, title="t"))


def test_hidden_unit_maps(flower):
    X, Y = flower
    params = d.Network(d.initialize_parameters([2, 3, 1], "xavier", seed=0), "tanh")
    maps, extent = L.hidden_unit_maps(params, X, resolution=20)
    assert maps.shape == (3, 20, 20) and np.abs(maps).max() <= 1
    assert extent[0] < X[0].min() and extent[3] > X[1].max()
    fig = L.plot_hidden_units(params, X, Y)
    assert figure_labelled(fig) and "unit 1" in fig.axes[0].get_title() and "tanh" in fig._suptitle.get_text()


def test_the_plots_take_the_networks_own_activation(flower):
    X, Y = flower
    logistic, _ = L.train_logistic_2d(X, Y, num_iterations=50)  # a Network with no hidden layer
    tanh_net, _, _ = L.train_one_hidden(X, Y, n_h=3, num_iterations=50)
    assert tanh_net.hidden_activation == "tanh"
    for net in (logistic, tanh_net):
        fig = L.plot_boundary(X, Y, net, resolution=30)
        grid, _ = boundary_grid(X, 30)
        drawn = fig.axes[0].images[0].get_array()
        np.testing.assert_array_equal(drawn, d.predict_proba(grid, net).reshape(30, 30))


def test_hidden_unit_maps_use_batch_norms_running_averages(flower):
    X, _ = flower
    params = d.initialize_parameters([2, 3, 1], "xavier", seed=1, batch_norm=True)
    params["mean1"] += np.array([[0.5], [-1.0], [2.0]])
    params["var1"] *= np.array([[4.0], [0.25], [1.0]])
    params["gamma1"] *= 1.5
    maps, _ = L.hidden_unit_maps(params, X, resolution=10)
    grid, _ = boundary_grid(X, 10)
    Z = batchnorm_inference(params["W1"] @ grid + params["b1"], params["gamma1"], params["beta1"], params["mean1"],
                            params["var1"])
    np.testing.assert_allclose(maps, np.maximum(Z, 0).reshape(3, 10, 10), rtol=1e-12, atol=1e-15)


def test_sweep_and_other_sets_grids(flower):
    X, Y = flower
    sweep = L.hidden_size_sweep(X, Y, sizes=(1, 3), num_iterations=200)
    assert [n for n, _, _ in sweep] == [1, 3]
    fig = L.plot_boundary_grid(X, Y, sweep, ncols=4)
    assert figure_labelled(fig) and fig.axes[0].get_title().startswith("1 hidden unit")
    others = L.other_datasets(("moons", "blobs"), num_iterations=200, n_samples=60)
    assert [o[0] for o in others] == ["moons", "blobs"] and others[0][3].shape == (2, 60)
    assert figure_labelled(L.plot_boundary_grid(None, None, others))


@pytest.mark.parametrize("call,match", [
    (lambda: L.train_one_hidden(np.zeros((2, 4)), np.zeros((1, 4)), n_h=0), "n_h"),
    (lambda: L.train_one_hidden(np.zeros((2, 4)), np.zeros((1, 4)), hidden_activation="elu"), "hidden_activation"),
    (lambda: L.hidden_size_sweep(np.zeros((2, 4)), np.zeros((1, 4)), sizes=()), "sizes"),
    (lambda: L.plot_boundary_grid(None, None, []), "results"),
    (lambda: L.hidden_unit_maps({"W1": np.zeros((3, 2)), "b1": np.zeros((3, 1))}, np.zeros((3, 5))),
     "X must have 2 rows"),
    (lambda: L.plot_boundary(np.zeros((2, 4)), np.zeros((1, 4)), {"W1": np.zeros((3, 3)), "b1": np.zeros((3, 1))}),
     r"W1 must have shape \(3, 2\)"),
    (lambda: L.other_datasets(("swirl",)), "name must be one of"),
])
def test_week3_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()
