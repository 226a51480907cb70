"""dlnotes.course1: the computations, figures and widget callbacks of the Course 1 notebooks."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

import dlnotes as d
from dlnotes import course1 as c1
from dlnotes.datasets import CatData


def _labelled(fig):
    """Every axes that is drawn (not switched off) has a title or x/y labels."""
    drawn = [ax for ax in fig.axes if ax.axison]
    assert drawn, "the figure has no visible axes"
    for ax in drawn:
        if ax.get_images() and not ax.get_xlabel():  # image grids are titled, not labelled
            assert ax.get_title(), ax
            continue
        assert ax.get_xlabel() and ax.get_ylabel(), ax
    return True


@pytest.fixture(scope="module")
def fake_cat():
    """A small stand-in for the cat set: 8x8x3 pictures whose label is whether the red channel is bright."""
    rng = np.random.default_rng(0)

    def make(m):
        images = rng.integers(0, 256, (m, 8, 8, 3), dtype=np.uint8)
        labels = (images[..., 0].mean(axis=(1, 2)) > 127).astype(np.int64).reshape(1, -1)
        return images, labels

    im_tr, y_tr = make(40)
    im_te, y_te = make(12)
    flat = d.datasets.flatten_images
    return CatData(flat(im_tr), y_tr, flat(im_te), y_te, ["non-cat", "cat"], im_tr, im_te)


# ------------------------------------------------------------------ week 1
def test_housing_fit_recovers_the_relu_rule():
    x, y = c1.make_housing(40, noise=0.0, seed=0)
    assert x.shape == y.shape == (1, 40)
    assert (y >= 0).all()
    fit = c1.fit_relu_neuron(x, y, learning_rate=0.05, num_iterations=3000)
    assert fit["w"] == pytest.approx(2.0, abs=0.05)
    assert fit["b"] == pytest.approx(-1.2, abs=0.1)
    assert fit["cost"] < fit["costs"][0]
    assert _labelled(c1.plot_housing_fit(x, y, fit["w"], fit["b"]))


@pytest.mark.parametrize("call,match", [
    (lambda: c1.make_housing(1), "n_samples"),
    (lambda: c1.make_housing(10, noise=-1), "noise"),
    (lambda: c1.fit_relu_neuron(np.zeros(5), np.zeros((1, 5))), r"x must be a 2-D array.*rank-1"),
    (lambda: c1.fit_relu_neuron(np.zeros((1, 5)), np.zeros((1, 4))), "y must have 5 columns"),
    (lambda: c1.fit_relu_neuron(np.zeros((1, 5)), np.zeros((1, 5)), learning_rate=0), "learning_rate"),
    (lambda: c1.activation_gradients([0.0, np.nan]), "z must be finite"),
    (lambda: c1.plot_activation_gradients(-1), "z_max"),
])
def test_week1_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_activation_gradients_values():
    g = c1.activation_gradients(np.array([-1.0, 0.0, 10.0]))
    assert g["sigmoid"][1][1] == pytest.approx(0.25)
    assert g["sigmoid"][1][2] < 1e-4
    np.testing.assert_array_equal(g["relu"][1], [0.0, 0.0, 1.0])
    np.testing.assert_allclose(g["tanh"][1], 1 - np.tanh([-1.0, 0.0, 10.0]) ** 2)
    assert _labelled(c1.plot_activation_gradients())


# ------------------------------------------------------------------ week 2: numpy
def test_numpy_warmups():
    assert c1.image2vector(np.zeros((4, 5, 3))).shape == (60, 1)
    n = c1.normalize_rows(np.array([[0.0, 3.0, 4.0], [1.0, 6.0, 4.0]]))
    np.testing.assert_allclose(np.linalg.norm(n, axis=1), 1.0)
    np.testing.assert_allclose(n[0], [0, 0.6, 0.8])
    yhat, y = np.array([0.9, 0.2, 0.1, 0.4, 0.9]), np.array([1, 0, 0, 1, 1])
    assert c1.l1_loss(yhat, y) == pytest.approx(1.1)
    assert c1.l2_loss(yhat, y) == pytest.approx(0.43)
    p = c1.calorie_percentages()
    assert p.shape == (3, 4)
    np.testing.assert_allclose(p.sum(axis=0), 100.0)
    assert p[0, 0] == pytest.approx(94.9, abs=0.05)


@pytest.mark.parametrize("call,match", [
    (lambda: c1.image2vector(np.zeros((4, 5))), "image must have shape"),
    (lambda: c1.normalize_rows(np.zeros((2, 3))), "all-zero row"),
    (lambda: c1.l1_loss(np.zeros(3), np.zeros(4)), "same shape"),
    (lambda: c1.l2_loss(np.zeros((1, 3)), np.zeros(3)), "same shape"),
    (lambda: c1.calorie_percentages(np.zeros((3, 2))), "summing to 0"),
    (lambda: c1.time_dot_product(0), "n must be"),
    (lambda: c1.computation_graph(np.nan, 1.0, 2.0), "a must be a finite number"),
    (lambda: c1.numerical_derivatives(1.0, 2.0, 3.0, epsilon=0), "epsilon"),
])
def test_week2_numpy_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_time_dot_product_agrees():
    t = c1.time_dot_product(n=10_000, seed=1, repeats=2)
    assert t["loop"] == pytest.approx(t["vectorized"], rel=1e-12)
    assert t["loop_seconds"] > 0 and t["vectorized_seconds"] > 0 and t["speedup"] > 0


def test_computation_graph_and_numerical_check():
    g = c1.computation_graph(5.0, 3.0, 2.0)
    assert (g["u"], g["v"], g["J"]) == (6.0, 11.0, 33.0)
    assert (g["dJ/da"], g["dJ/db"], g["dJ/dc"]) == (3.0, 6.0, 9.0)
    num = c1.numerical_derivatives(5.0, 3.0, 2.0)
    for k in ("dJ/da", "dJ/db", "dJ/dc"):
        assert num[k] == pytest.approx(g[k], abs=1e-6)


# ------------------------------------------------------------------ week 2: logistic regression
def test_learning_rate_comparison_table_and_plot(fake_cat):
    results = c1.learning_rate_comparison(fake_cat, (0.01, 0.001), num_iterations=200)
    assert [r["learning_rate"] for r in results] == [0.01, 0.001]
    assert len(results[0]["costs"]) == 2
    table = c1.format_rate_table(results, {0.01: (99.52, 68), 0.001: (88.99, 64)})
    lines = table.splitlines()
    assert len(lines) == 3 and "course train" in lines[0] and "99.52%" in lines[1]
    assert _labelled(c1.plot_learning_rates(results))


def test_mislabeled_and_its_grid(fake_cat):
    Y = fake_cat.Y_test
    Y_hat = Y.copy()
    Y_hat[0, [1, 4]] = 1 - Y_hat[0, [1, 4]]
    np.testing.assert_array_equal(c1.mislabeled(Y_hat, Y), [1, 4])
    fig = c1.plot_mislabeled(fake_cat.images_test, Y_hat, Y, fake_cat.classes)
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert len(titles) == 2 and "true:" in titles[0] and "pred:" in titles[0]
    assert "2 of 12" in fig._suptitle.get_text()
    fig = c1.plot_mislabeled(fake_cat.images_test, Y, Y)
    assert fig.axes[0].get_title() == "no mislabeled images"


def test_wrong_flatten_mixes_pictures(fake_cat):
    images = fake_cat.images_train
    right = d.datasets.flatten_images(images)
    wrong = c1.wrong_flatten(images)
    assert wrong.shape == right.shape == (192, 40)
    assert not np.array_equal(wrong[:, 0], right[:, 0])
    np.testing.assert_array_equal(right[:, 0], images[0].ravel() / 255)
    flat = c1.flatten_comparison(fake_cat, num_iterations=50)
    assert flat["pictures_in_column0"] == 40
    assert flat["own_pixels"] == pytest.approx(1 / 40, abs=0.01)
    assert 0 <= flat["wrong"]["test_accuracy"] <= 1


def test_logistic_figure_and_widget(fake_cat):
    fig, info = c1.logistic_figure(0.01, 200, data=fake_cat)
    assert _labelled(fig) and "train accuracy" in info and "test accuracy" in info
    # a known run is reused, not recomputed
    known = [{"learning_rate": 0.5, "num_iterations": 100, "costs": [0.7, 0.1], "train_accuracy": 0.25,
              "test_accuracy": 0.5}]
    _, info = c1.logistic_figure(0.5, 100, data=fake_cat, known=known)
    assert "train accuracy 25.00%" in info
    w = c1.logistic_widget(fake_cat, learning_rate=0.01, num_iterations=100)
    first = w.image.value
    assert first[:4] == b"\x89PNG" and "test accuracy" in w.message.value
    w.controls["num_iterations"].value = 300
    assert w.image.value != first and w.values["num_iterations"] == 300


@pytest.mark.parametrize("call,match", [
    (lambda: c1.learning_rate_comparison(object()), "data must be a CatData"),
    (lambda: c1.logistic_figure(0.01, 6000, data=None), "data must be a CatData"),
    (lambda: c1.format_rate_table([]), "results"),
    (lambda: c1.plot_learning_rates([]), "results"),
    (lambda: c1.mislabeled(np.zeros(3), np.zeros((1, 3))), "Y_hat and Y"),
    (lambda: c1.wrong_flatten(np.zeros(3)), "images must have shape"),
])
def test_week2_logistic_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_logistic_figure_caps_iterations(fake_cat):
    with pytest.raises(ValueError, match="num_iterations must be at most 5000"):
        c1.logistic_figure(0.01, 6000, data=fake_cat)
    with pytest.raises(ValueError, match="learning_rate must be > 0"):
        c1.logistic_figure(0.0, 100, data=fake_cat)


# ------------------------------------------------------------------ week 3
@pytest.fixture(scope="module")
def flower():
    return d.load_planar()


def test_one_hidden_layer_beats_logistic_regression(flower):
    X, Y = flower
    _, lr_acc = c1.train_logistic_2d(X, Y)
    params, hist, acc = c1.train_one_hidden(X, Y, n_h=4, num_iterations=3000)
    assert lr_acc < 0.6 < 0.85 < acc
    assert params["W1"].shape == (4, 2) and params["W2"].shape == (1, 4)
    assert hist.costs[-1] < hist.costs[0]
    assert _labelled(c1.plot_boundary(X, Y, params, "tanh", title="t"))


def test_hidden_unit_maps(flower):
    X, Y = flower
    params = d.initialize_parameters([2, 3, 1], "xavier", seed=0)
    maps, extent = c1.hidden_unit_maps(params, X, "tanh", resolution=20)
    assert maps.shape == (3, 20, 20) and np.abs(maps).max() <= 1
    assert extent[0] < X[0].min() and extent[3] > X[1].max()
    fig = c1.plot_hidden_units(params, X, Y, "tanh")
    assert _labelled(fig) and "unit 1" in fig.axes[0].get_title()


def test_sweep_and_other_sets_grids(flower):
    X, Y = flower
    sweep = c1.hidden_size_sweep(X, Y, sizes=(1, 3), num_iterations=200)
    assert [n for n, _, _ in sweep] == [1, 3]
    fig = c1.plot_boundary_grid(X, Y, sweep, ncols=4)
    assert _labelled(fig) and fig.axes[0].get_title().startswith("1 hidden unit")
    others = c1.other_datasets(("moons", "blobs"), num_iterations=200, n_samples=60)
    assert [o[0] for o in others] == ["moons", "blobs"] and others[0][3].shape == (2, 60)
    assert _labelled(c1.plot_boundary_grid(None, None, others))


@pytest.mark.parametrize("call,match", [
    (lambda: c1.train_one_hidden(np.zeros((2, 4)), np.zeros((1, 4)), n_h=0), "n_h"),
    (lambda: c1.train_one_hidden(np.zeros((2, 4)), np.zeros((1, 4)), hidden_activation="elu"), "hidden_activation"),
    (lambda: c1.hidden_size_sweep(np.zeros((2, 4)), np.zeros((1, 4)), sizes=()), "sizes"),
    (lambda: c1.plot_boundary_grid(None, None, []), "results"),
    (lambda: c1.hidden_unit_maps({"W1": np.zeros((3, 2)), "b1": np.zeros((3, 1))}, np.zeros((3, 5))),
     "X must have 2 rows"),
    (lambda: c1.plot_boundary(np.zeros((2, 4)), np.zeros((1, 4)), {"W1": np.zeros((3, 3)), "b1": np.zeros((3, 1))}),
     r"W1 must have shape \(3, 2\)"),
    (lambda: c1.other_datasets(("swirl",)), "name must be one of"),
])
def test_week3_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()


# ------------------------------------------------------------------ week 4
def test_layer_shapes_table():
    rows = c1.layer_shapes([12288, 20, 7, 5, 1], m=209)
    assert rows[0] == (0, None, None, None, (12288, 209))
    assert rows[1] == (1, (20, 12288), (20, 1), (20, 209), (20, 209))
    assert rows[-1] == (4, (1, 5), (1, 1), (1, 209), (1, 209))
    table = c1.format_shape_table(rows)
    assert "(20, 12288)" in table and "245,973" in table
    widths = {len(line) for line in table.splitlines()}
    assert len(widths) == 1, "the table's lines are aligned"


def test_cache_and_grad_tables():
    params = d.initialize_parameters([3, 4, 1], "xavier", seed=0)
    X, Y = np.ones((3, 5)), np.array([[0, 1, 0, 1, 1]])
    AL, caches = d.forward(X, params)
    table = c1.format_cache_table(caches)
    assert "(4,3)" in table and "(1,5)" in table and len(table.splitlines()) == 3
    grads = d.backward(AL, Y, caches)
    gt = c1.format_grad_table(grads)
    assert "dW1" in gt and "(4,3)" in gt


@pytest.mark.parametrize("depth", [1, 2, 3, 5])
def test_sawtooth_network_has_2_to_the_depth_pieces(depth):
    x = np.linspace(0, 1, 2049).reshape(1, -1)
    z = c1.network_output(x, c1.sawtooth_parameters(depth))
    assert c1.count_linear_pieces(x, z) == 2 ** depth
    tent = 2 * np.maximum(x, 0) - 4 * np.maximum(x - 0.5, 0)
    if depth == 1:
        np.testing.assert_allclose(z, tent)
    assert z.min() >= -1e-12 and z.max() <= 1 + 1e-12


def test_depth_figures():
    fig, rows = c1.plot_depth_sawtooth((1, 2, 3), resolution=513)
    assert rows == [(1, 2, 2), (2, 4, 4), (3, 6, 8)]
    assert _labelled(fig)
    out = c1.depth_comparison({"wide": [6], "deep": [3, 3]}, n_samples=60, num_iterations=50)
    assert [o[0] for o in out] == ["wide", "deep"] and out[0][5] == 6 * 2 + 6 + 6 + 1


def test_seed_spread_reuses_known_parameters(fake_cat):
    dims = [192, 3, 1]
    p0, _ = d.train(fake_cat.X_train, fake_cat.Y_train, dims, 0.01, 20, init="xavier", seed=0)
    spread = c1.seed_spread(fake_cat, dims, seeds=[0, 1], num_iterations=20, known={0: p0})
    assert [s for s, _, _ in spread] == [0, 1]
    assert spread[0][2] == d.accuracy(d.predict(fake_cat.X_test, p0), fake_cat.Y_test)
    fig = c1.plot_seed_spread(spread, course=0.8, m_test=12)
    assert _labelled(fig)
    h = d.History([0, 10], [0.7, 0.6])
    assert _labelled(c1.plot_cost_comparison({"a": h, "b": h}))


@pytest.mark.parametrize("call,match", [
    (lambda: c1.layer_shapes([3], 5), "layer_dims must have at least 2"),
    (lambda: c1.layer_shapes([3, 2], 0), "m must be"),
    (lambda: c1.format_shape_table([]), "rows"),
    (lambda: c1.format_cache_table([]), "caches"),
    (lambda: c1.format_grad_table({}), "grads"),
    (lambda: c1.sawtooth_parameters(0), "depth"),
    (lambda: c1.count_linear_pieces(np.array([[0.0, 2.0, 1.0]]), np.zeros((1, 3))), "strictly increasing"),
    (lambda: c1.count_linear_pieces(np.zeros((1, 2)), np.zeros((1, 2))), "at least 3"),
    (lambda: c1.plot_depth_sawtooth(()), "depths"),
    (lambda: c1.seed_spread(None), "data must be a CatData"),
    (lambda: c1.plot_seed_spread([]), "spread"),
    (lambda: c1.plot_cost_comparison({}), "histories"),
])
def test_week4_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_figures_are_closed_between_tests():
    assert plt.get_fignums() == []
