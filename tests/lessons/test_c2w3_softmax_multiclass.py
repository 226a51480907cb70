"""dlnotes.lessons.c2w3_softmax_multiclass:
Naive against stable softmax, one-hot labels, softmax networks and their regions."""


import matplotlib
import numpy as np
import pytest
from figure_checks import axes_labelled

import dlnotes as d
from dlnotes.lessons import c2w3_softmax_multiclass as L


def test_the_lesson_keeps_only_the_naive_versions():
    """The stable softmax and log-softmax are the core's; the lesson's own are the naive ones (its point)."""
    assert not hasattr(L, "softmax_stable") and not hasattr(L, "log_softmax") and "one_hot" not in L.__all__
    z = np.array([[3.0, -1.0], [1.0, 2.0], [0.5, 0.0]])
    np.testing.assert_allclose(L.softmax_naive(z), d.softmax(z), rtol=1e-15)


def test_softmax_by_hand():
    z = np.array([1.0, 2.0, 3.0])
    e = np.exp(z)
    np.testing.assert_allclose(d.softmax(z), e / e.sum())
    np.testing.assert_allclose(L.softmax_naive(z), e / e.sum())
    np.testing.assert_allclose(d.activations.log_softmax(z), np.log(e / e.sum()))
    Z = np.array([[0.0, 5.0], [0.0, -5.0]])  # columns are examples
    np.testing.assert_allclose(d.softmax(Z)[:, 0], [0.5, 0.5])
    np.testing.assert_allclose(d.softmax(Z).sum(axis=0), 1.0)
    np.testing.assert_allclose(d.softmax(Z), d.softmax(Z))


def test_naive_softmax_overflows_stable_does_not():
    z = np.array([1000.0, 1001.0, 1002.0])
    assert np.isnan(L.softmax_naive(z)).all()
    np.testing.assert_allclose(d.softmax(z), d.softmax(z - 1000))  # shift invariance
    y = np.array([0.0, 0.0, 1.0])
    assert not np.isfinite(L.cross_entropy_naive(z, y))
    expected = np.log(1 + np.exp(-1) + np.exp(-2))  # -log softmax(z)_3 = log(sum_j e^(z_j - z_3))
    assert L.cross_entropy_stable(z, y) == pytest.approx(expected)
    # very negative logits: the naive probability underflows to 0 and log gives inf
    z = np.array([0.0, -800.0])
    assert L.cross_entropy_naive(z, np.array([0.0, 1.0])) == np.inf
    assert L.cross_entropy_stable(z, np.array([0.0, 1.0])) == pytest.approx(800.0)


def test_cross_entropy_matches_model_cost():
    rng = np.random.default_rng(0)
    Z = rng.standard_normal((3, 6))
    Y = d.one_hot(rng.integers(0, 3, (1, 6)), 3)
    assert L.cross_entropy_stable(Z, Y) == pytest.approx(d.compute_cost(d.softmax(Z), Y))


def test_softmax_cross_entropy_gradient_is_a_minus_y():
    rng = np.random.default_rng(1)
    z, y = rng.standard_normal(4), np.eye(4)[2]
    numeric = d.numerical_gradient(lambda t: L.cross_entropy_stable(t, y), z, epsilon=1e-6)
    np.testing.assert_allclose(numeric, d.softmax(z) - y, atol=1e-8)


@pytest.mark.parametrize("z", [np.array([]), np.zeros((2, 2, 2)), np.array([1.0, np.nan]), np.array(["a"])])
def test_softmax_bad_input(z):
    with pytest.raises(ValueError, match="z"):
        L.softmax_naive(z)


def test_cross_entropy_bad_labels():
    with pytest.raises(ValueError, match="one-hot"):
        L.cross_entropy_stable(np.zeros(3), np.array([0.5, 0.5, 0.0]))
    with pytest.raises(ValueError, match="shape"):
        L.cross_entropy_stable(np.zeros(3), np.array([0.0, 1.0]))


def test_one_hot_by_hand():
    Y = d.one_hot(np.array([[0, 2, 1, 2]]), 3)
    np.testing.assert_array_equal(Y, [[1, 0, 0, 0], [0, 0, 1, 0], [0, 1, 0, 1]])
    np.testing.assert_array_equal(d.labels_from_one_hot(Y), [[0, 2, 1, 2]])
    np.testing.assert_array_equal(d.one_hot([1.0, 0.0], 2), [[0, 1], [1, 0]])


@pytest.mark.parametrize("labels, C", [([[0, 3]], 3), ([[-1, 0]], 3), ([[0.5, 1]], 3), ([[0, 1]], 1),
                                       ([], 3), (np.zeros((2, 2), int), 3)])
def test_one_hot_bad_input(labels, C):
    with pytest.raises(ValueError):
        d.one_hot(labels, C)


@pytest.mark.parametrize("hidden", ["relu", "tanh"])
def test_gradient_check_softmax_network(hidden):
    data = L.multiclass_data(3, n_samples=30)
    X, Y = data.X_train[:, :8], d.one_hot(data.Y_train[:, :8], 3)
    parameters = d.initialize_parameters([2, 5, 3], "xavier", seed=1)
    assert d.gradient_check(X, Y, parameters, hidden_activation=hidden, output_activation="softmax") < 1e-7
    parameters = d.initialize_parameters([2, 3], "xavier", seed=2)  # softmax regression
    assert d.gradient_check(X, Y, parameters, output_activation="softmax") < 1e-7


def test_train_multiclass_regions():
    data = L.multiclass_data(3)
    lin = L.train_multiclass(data, hidden_units=0, iterations=200)
    assert lin["layer_dims"] == [2, 3]
    net = L.train_multiclass(data, hidden_units=16, iterations=400)
    assert net["layer_dims"] == [2, 16, 3]
    assert net["train_accuracy"] > lin["train_accuracy"]
    ax = L.plot_multiclass_regions(net["parameters"], data.X_train, data.Y_train, resolution=20,
                                   X_dev=data.X_test, Y_dev=data.Y_test, title="t")
    assert axes_labelled(ax) and ax.get_title() == "t"
    with pytest.raises(ValueError, match="X"):
        L.plot_multiclass_regions(net["parameters"], data.X_train[0], data.Y_train)
    with pytest.raises(ValueError, match="Y"):
        L.plot_multiclass_regions(net["parameters"], data.X_train, data.Y_train[0])
    with pytest.raises(ValueError, match="hidden_units"):
        L.train_multiclass(data, hidden_units=-1)


def test_four_class_regions_colour_the_argmax():
    data = L.multiclass_data(4, n_samples=200)
    r = L.train_multiclass(data, hidden_units=8, iterations=100)
    ax = L.plot_multiclass_regions(r["parameters"], data.X_train, data.Y_train, resolution=10)
    image = ax.images[0].get_array()
    grid, _ = d.plotting.boundary_grid(data.X_train, 10)
    P = d.predict_proba(grid, r["parameters"], output_activation="softmax")
    np.testing.assert_allclose(image, d.plotting.class_rgb(P).reshape(10, 10, 3))
    # each pixel is a pale version of its argmax class's colour: the least-white channel matches
    colors = np.array([matplotlib.colors.to_rgb(c) for c in d.plotting.POINT_COLORS[:4]])
    pale = 1 - image.reshape(-1, 3)
    for pixel, cls in zip(pale, P.argmax(axis=0)):
        target = 1 - colors[cls]
        if pixel.max() > 1e-6:
            np.testing.assert_allclose(pixel / pixel.max(), target / target.max(), atol=1e-9)


def test_multiclass_widget_drives_without_browser():
    w = L.multiclass_widget(iterations=50)
    assert set(w.values) == {"hidden_units", "learning_rate"}
    assert "16 hidden relu units" in w.result[1]
    w.controls["hidden_units"].value = 0
    assert "softmax regression" in w.result[1]
    fig, _ = w.result
    assert all(axes_labelled(ax) for ax in fig.axes)


def test_train_multiclass_progress_changes_only_the_display(capsys):
    data = L.multiclass_data(3)
    shown = L.train_multiclass(data, hidden_units=4, iterations=30, progress=True)
    plain = L.train_multiclass(data, hidden_units=4, iterations=30)
    assert shown["history"].costs == plain["history"].costs and shown["dev_accuracy"] == plain["dev_accuracy"]
    assert "training" in capsys.readouterr().err
