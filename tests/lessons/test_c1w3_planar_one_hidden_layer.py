"""dlnotes.lessons.c1w3_planar_one_hidden_layer:
activation functions, networks trained side by side (sweep, flower draws, other sets), hidden-unit maps."""

import ipywidgets as W
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


def _close(net, ref, atol):
    for k in ref:
        np.testing.assert_allclose(net[k], ref[k], rtol=0, atol=atol, err_msg=k)


# --------------------------------------------------------------------------- side by side
def test_side_by_side_is_separate_training(flower):
    """In float64, K networks trained side by side end where K runs of d.train end (up to BLAS rounding)."""
    X, Y = flower
    sizes = (1, 3, 7)
    starts = [d.initialize_parameters([2, n, 1], "random", 0, 0.01) for n in sizes]
    nets = L.train_side_by_side([(X, Y)] * 3, starts, 1.2, 300, dtype=np.float64)
    for n, net in zip(sizes, nets):
        ref, _ = d.train(X, Y, d.network([2, n, 1], "tanh", init="random", scale=0.01, seed=0),
                         d.GradientDescent(1.2), 300, seed=0)
        assert net.hidden_activation == "tanh" and net["W1"].shape == (n, 2) and net["W2"].shape == (1, n)
        _close(net, ref, 1e-10)


def test_side_by_side_on_their_own_data_and_without_hidden_layer():
    data = [d.make_dataset(name, n_samples=80, seed=0) for name in ("moons", "circles", "blobs")]
    starts = [d.initialize_parameters([2, 4, 1], "random", k, 0.01) for k in range(3)]
    nets = L.train_side_by_side(data, starts, 1.2, 200, dtype=np.float64)
    logistic = L.train_side_by_side(data, [d.initialize_parameters([2, 1], "zeros")] * 3, 0.1, 200,
                                    dtype=np.float64)
    for k, (X, Y) in enumerate(data):
        ref, _ = d.train(X, Y, d.network([2, 4, 1], "tanh", init="random", scale=0.01, seed=k),
                         d.GradientDescent(1.2), 200, seed=k)
        _close(nets[k], ref, 1e-10)
        ref, _ = d.train(X, Y, d.network([2, 1], init="zeros"), d.GradientDescent(0.1), 200)
        _close(logistic[k], ref, 1e-12)


def test_side_by_side_networks_never_mix(flower):
    """Network 0's result does not depend on what network 1 learns (the blocks stay apart)."""
    X, Y = flower
    starts = [d.initialize_parameters([2, 3, 1], "random", 0, 0.01),
              d.initialize_parameters([2, 5, 1], "random", 1, 0.01)]
    a = L.train_side_by_side([(X, Y), (X, Y)], starts, 1.2, 100, dtype=np.float64)
    b = L.train_side_by_side([(X, Y), (X, 1 - Y)], starts, 1.2, 100, dtype=np.float64)
    for k in a[0]:
        np.testing.assert_array_equal(a[0][k], b[0][k])
    assert not np.allclose(a[1]["W2"], b[1]["W2"])


def test_side_by_side_float32_returns_float64_networks(flower):
    X, Y = flower
    nets = L.train_side_by_side([(X, Y)], [d.initialize_parameters([2, 4, 1], "random", 0, 0.01)], 1.2, 50)
    assert all(v.dtype == np.float64 for v in nets[0].values())
    ref, _ = d.train(X, Y, d.network([2, 4, 1], "tanh", init="random", scale=0.01, seed=0),
                     d.GradientDescent(1.2), 50, seed=0)
    _close(nets[0], ref, 1e-5)


# --------------------------------------------------------------------------- sweep, draws, other sets
def test_sweep_with_a_dev_set_and_its_grid(flower):
    X, Y = flower
    X_dev, Y_dev = d.make_flower(600, 0.2, seed=2)
    sweep = L.hidden_size_sweep(X, Y, sizes=(1, 3), num_iterations=300, X_dev=X_dev, Y_dev=Y_dev)
    assert [r.n_h for r in sweep] == [1, 3]
    for r in sweep:
        assert r.accuracy == d.accuracy(d.predict(X, r.network), Y)
        assert r.dev_accuracy == d.accuracy(d.predict(X_dev, r.network), Y_dev)
    fig = L.plot_boundary_grid(X, Y, sweep, ncols=4)
    assert figure_labelled(fig) and fig.axes[0].get_title().startswith("1 hidden unit: train")
    assert "dev" in fig.axes[1].get_title()
    assert L.hidden_size_sweep(X, Y, sizes=(2,), num_iterations=10)[0].dev_accuracy is None


def test_flower_draws():
    rows = L.flower_draws(seeds=(0, 1), num_iterations=200, logistic_iterations=300)
    assert [r.seed for r in rows] == [0, 1]
    for r in rows:
        X, Y = d.make_flower(400, 0.2, seed=r.seed)
        ref, _ = d.train(X, Y, d.network([2, 1], init="zeros"), d.GradientDescent(0.1), 300)
        assert r.logistic_accuracy == d.accuracy(d.predict(X, ref), Y)
        assert 0.3 < r.accuracy <= 1


def test_the_course_other_sets():
    for name, make in L.COURSE_SETS.items():
        X, Y = make(200, 0)
        assert X.shape == (2, 200) and set(np.unique(Y)) == {0, 1}, name
    X, Y = L.COURSE_SETS["blobs"](600, 1)
    centers = [X[:, (Y[0] == k)].mean(axis=1) for k in (0, 1)]
    assert np.abs(X).max() > 5 and np.linalg.norm(centers[0] - centers[1]) < 10  # three blobs per label
    X, Y = L.COURSE_SETS["noisy_circles"](2000, 0)
    r = np.linalg.norm(X, axis=0)
    assert 0.4 < np.median(r[Y[0] == 1]) < 0.7 < np.median(r[Y[0] == 0]) < 1.2


def test_other_sets_grid(flower):
    others = L.other_datasets(("noisy_moons", "blobs"), num_iterations=200, n_samples=60)
    assert [o[0] for o in others] == ["noisy_moons", "blobs"] and others[0][3].shape == (2, 60)
    assert others[1][2] == d.accuracy(d.predict(others[1][3], others[1][1]), others[1][4])
    assert figure_labelled(L.plot_boundary_grid(None, None, others))


# --------------------------------------------------------------------------- activations
def test_plot_activations_draws_each_function_and_its_derivative():
    fig = L.plot_activations(slope=0.1)
    assert figure_labelled(fig) and [ax.get_title() for ax in fig.axes][:2] == ["sigmoid", "tanh"]
    z, g = fig.axes[1].lines[2].get_data()  # after the two axis lines: tanh, then its derivative
    _, dg = fig.axes[1].lines[3].get_data()
    np.testing.assert_allclose(g, np.tanh(z))
    np.testing.assert_allclose(dg, 1 - np.tanh(z) ** 2)
    _, dleaky = fig.axes[3].lines[3].get_data()
    assert set(np.unique(dleaky)) == {0.1, 1.0}


def test_activation_figure_reuses_known_networks(flower):
    X, Y = flower
    net = d.Network(d.initialize_parameters([2, 4, 1], "random", 0, 0.01), "tanh")
    known = {"tanh": net}
    fig, info = L.activation_figure("tanh", X=X, Y=Y, known=known)
    assert known == {"tanh": net} and figure_labelled(fig)
    assert info == f"hidden activation tanh: accuracy {d.accuracy(d.predict(X, net), Y):.2%} on the training points"
    _, info = L.activation_figure("relu", X=X, Y=Y, known=known, num_iterations=20)
    assert known["relu"].hidden_activation == "relu" and info.startswith("hidden activation relu")
    with pytest.raises(ValueError, match=r"known\['tanh'\] must be a \[2, 3, 1\] network"):
        L.activation_figure("tanh", X=X, Y=Y, known=known, n_h=3)


def test_activation_widget_switches_activation(flower):
    X, Y = flower
    known = {a: d.Network(d.initialize_parameters([2, 4, 1], "random", 0, 0.01), a) for a in ("tanh", "linear")}
    w = L.activation_widget(X, Y, known=known)
    assert w.result[1].startswith("hidden activation tanh")
    menu = next(c for c in w.controls.values() if isinstance(c, W.Dropdown))
    menu.value = "linear"
    assert w.result[1].startswith("hidden activation linear") and w.image.value


# --------------------------------------------------------------------------- hidden units, plots
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
    # a Network with no hidden layer
    logistic, _ = d.train(X, Y, d.network([2, 1], init="zeros"), d.GradientDescent(0.1), 50)
    tanh_net, _ = d.train(X, Y, d.network([2, 3, 1], "tanh", init="random", scale=0.01), d.GradientDescent(1.2), 50)
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


_NET = {"W1": np.zeros((3, 2)), "b1": np.zeros((3, 1)), "W2": np.zeros((1, 3)), "b2": np.zeros((1, 1))}


@pytest.mark.parametrize("call,match", [
    (lambda: L.hidden_size_sweep(np.zeros((2, 4)), np.zeros((1, 4)), sizes=()), "sizes"),
    (lambda: L.hidden_size_sweep(np.zeros((2, 4)), np.zeros((1, 4)), sizes=(0,)), "sizes"),
    (lambda: L.train_side_by_side([], [], 1.2, 10), "datasets and starts"),
    (lambda: L.train_side_by_side([(np.zeros((2, 4)), np.zeros((1, 4)))], [_NET, _NET]), "same length"),
    (lambda: L.train_side_by_side([(np.zeros((2, 4)), np.zeros((1, 4)))] * 2,
                                  [_NET, d.initialize_parameters([2, 1], "zeros")]), r"starts\[1\] must have 2 layers"),
    (lambda: L.train_side_by_side([(np.zeros((2, 4)), np.zeros((1, 4))), (np.zeros((2, 5)), np.zeros((1, 5)))],
                                  [_NET, _NET]), "must have 4 columns"),
    (lambda: L.train_side_by_side([(np.zeros((2, 4)), np.full((1, 4), 2))], [_NET]), "labels"),
    (lambda: L.train_side_by_side([(np.zeros((2, 4)), np.zeros((1, 4)))], [_NET], hidden_activation="elu"),
     "hidden_activation"),
    (lambda: L.flower_draws(seeds=()), "seeds"),
    (lambda: L.plot_activations(names=("swish",)), "names"),
    (lambda: L.activation_figure("elu", X=np.zeros((2, 4)), Y=np.zeros((1, 4))), "activation"),
    (lambda: L.plot_boundary_grid(None, None, []), "results"),
    (lambda: L.hidden_unit_maps({"W1": np.zeros((3, 2)), "b1": np.zeros((3, 1))}, np.zeros((3, 5))),
     "X must have 2 rows"),
    (lambda: L.plot_boundary(np.zeros((2, 4)), np.zeros((1, 4)), {"W1": np.zeros((3, 3)), "b1": np.zeros((3, 1))}),
     r"W1 must have shape \(3, 2\)"),
    (lambda: L.other_datasets(("swirl",)), "names must be one of"),
])
def test_week3_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()


# --------------------------------------------------------------------------- representation and backprop
def test_layer_table_shapes_of_the_flower_network(flower):
    X, _ = flower
    rows = {name: shape for name, shape, _ in L.layer_table(X)}
    assert rows["a[0] = x"] == (2, 400) and rows["W[1]"] == (4, 2) and rows["b[1]"] == (4, 1)
    assert rows["a[1]"] == (4, 400) and rows["W[2]"] == (1, 4) and rows["b[2]"] == (1, 1)
    assert rows["a[2] = y_hat"] == (1, 400)
    text = L.format_layer_table(L.layer_table(X, n_h=3))
    assert "parameters: 13" in text  # 3*2 + 3 + 1*3 + 1
    with pytest.raises(ValueError, match="X"):
        L.layer_table(np.zeros(5))
    fig = L.plot_network((2, 4, 1))
    assert figure_labelled(fig) and "2-layer" in fig.axes[0].get_title()
    with pytest.raises(ValueError, match="layer_dims"):
        L.plot_network((2, 3, 3, 1))


def test_one_example_gradients_pass_the_gradient_check_and_average_to_backward(flower):
    X, Y = flower
    p = d.initialize_parameters([2, 4, 1], "random", seed=1, scale=1.0)
    g = L.one_example_gradients(p, X[:, [0]], Y[:, [0]])
    assert g["dW1"].shape == (4, 2) and g["db1"].shape == (4, 1) and g["dW2"].shape == (1, 4)
    np.testing.assert_array_equal(g["db2"], g["dz2"])
    assert L.check_one_example(p, X[:, [3]], Y[:, [3]]) < 1e-7
    assert L.vectorized_difference(p, X[:, :50], Y[:, :50]) < 1e-12
    # a wrong derivation fails the check: drop tanh' from dz1
    wrong = dict(g)
    wrong["dW1"] = (p["W2"].T @ g["dz2"]) @ X[:, [0]].T
    diff = d.gradient_check(X[:, [0]], Y[:, [0]], p, {k: wrong[k] for k in ("dW1", "db1", "dW2", "db2")},
                            hidden_activation="tanh")
    assert diff > 1e-4
    with pytest.raises(ValueError, match="x"):
        L.one_example_gradients(p, X[:, :2], Y[:, :2])


def test_dead_units_and_relu_setups(flower):
    X, Y = flower
    p = d.initialize_parameters([2, 3, 1], "he", seed=0)
    p["W1"][1], p["b1"][1] = 0.0, -1.0  # z = -1 on every point: dead
    p["W1"][2], p["b1"][2] = 0.0, 1.0  # z = 1 everywhere: alive
    assert L.dead_units(p, X) == 1 + int((p["W1"][0] @ X + p["b1"][0] <= 0).all())
    with pytest.raises(ValueError, match="hidden layer"):
        L.dead_units(d.initialize_parameters([2, 1], "he"), X)
    rows = L.relu_setups(X, Y, setups=L.RELU_SETUPS[:2], seeds=(0, 1), num_iterations=50)
    assert [(label, s) for label, s, _, _ in rows] == [(L.RELU_SETUPS[0][0], 0), (L.RELU_SETUPS[0][0], 1),
                                                      ("rate 0.1", 0), ("rate 0.1", 1)]
    assert all(0 <= acc <= 1 and 0 <= dead <= 4 for _, _, acc, dead in rows)
    net, _ = d.train(X, Y, d.network([2, 4, 1], "relu", init="random", scale=0.01, seed=1),
                     d.GradientDescent(1.2), 50, seed=1)
    assert rows[1][2] == d.accuracy(d.predict(X, net), Y)
