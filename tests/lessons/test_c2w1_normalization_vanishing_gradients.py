"""dlnotes.lessons.c2w1_normalization_vanishing_gradients: normalized inputs and vanishing/exploding layers."""


import numpy as np
import pytest
from figure_checks import assert_labelled

from dlnotes.lessons import c2w1_normalization_vanishing_gradients as L
from dlnotes.widgets import interactive_figure, slider


def test_normalize_inputs_uses_the_standard_deviation():
    X, _ = L.make_scaled_features(m=300, means=(3.0, 10.0), stds=(0.2, 2.0))
    n = L.normalize_inputs(X)
    np.testing.assert_allclose(n.X.mean(axis=1), 0, atol=1e-12)
    np.testing.assert_allclose(n.X.std(axis=1), 1)
    np.testing.assert_allclose(n.sigma.ravel(), X.std(axis=1))
    np.testing.assert_allclose(L.apply_normalization(X, n.mu, n.sigma), n.X)


def test_normalize_inputs_rejects_bad_input():
    with pytest.raises(ValueError, match="X must be a 2-D"):
        L.normalize_inputs(np.arange(5.0))
    with pytest.raises(ValueError, match="constant feature"):
        L.normalize_inputs(np.array([[1.0, 2.0, 3.0], [5.0, 5.0, 5.0]]))
    with pytest.raises(ValueError, match="X must have 3 rows"):
        L.apply_normalization(np.ones((2, 3)), np.zeros((3, 1)), np.ones((3, 1)))
    with pytest.raises(ValueError, match="mu and sigma"):
        L.apply_normalization(np.ones((2, 3)), np.zeros((2, 1)), np.ones((3, 1)))
    with pytest.raises(ValueError, match="sigma"):
        L.apply_normalization(np.ones((2, 3)), np.zeros((2, 1)), np.zeros((2, 1)))
    with pytest.raises(ValueError, match="stds"):
        L.make_scaled_features(stds=(1.0, 0.0))


def test_linear_cost_grid_matches_linear_cost_and_gd_converges_when_normalized():
    X, y = L.make_scaled_features(m=100)
    w1, w2 = np.array([-1.0, 0.5, 2.0]), np.array([0.0, 0.3])
    J = L.linear_cost_grid(X, y, w1, w2)
    assert J.shape == (2, 3)
    assert J[1, 2] == pytest.approx(L.linear_cost([2.0, 0.3], X, y))
    Z = L.normalize_inputs(X).X
    yc = y - y.mean()
    path = L.gd_path(Z, yc, steps=60)
    assert path.shape == (61, 2)
    w_star = np.linalg.solve(Z @ Z.T, Z @ yc[0])
    np.testing.assert_allclose(path[-1], w_star, atol=1e-6)
    curv = L.quadratic_curvatures(Z)
    assert curv[-1] / curv[0] < 2
    with pytest.raises(ValueError, match="w must have 2"):
        L.linear_cost([1.0, 2.0, 3.0], X, y)
    with pytest.raises(ValueError, match="y must have"):
        L.gd_path(X, y[:, :5])


def test_cost_contour_and_steps_figures():
    X, y = L.make_scaled_features()
    fig, info = L.cost_contour_figure(X, y, steps=10)
    assert info["raw"]["condition_number"] > 50 and info["normalized"]["condition_number"] < 2
    assert info["normalized"]["remaining"] < info["raw"]["remaining"]
    assert_labelled(fig)
    assert_labelled(L.normalization_steps_figure(X))


def test_layer_magnitudes_vanish_explode_and_stay_level():
    he = L.layer_magnitudes(15, "he", "relu")
    assert he["activation_rms"].shape == (15,) and he["gradient_rms"].shape == (15,)
    assert 0.3 < he["activation_rms"].min() and he["activation_rms"].max() < 3
    assert L.layer_magnitudes(15, "random 0.01", "relu")["activation_rms"][-1] < 1e-10
    assert L.layer_magnitudes(15, "random 1", "relu")["activation_rms"][-1] > 1e10
    assert L.layer_magnitudes(10, "xavier", "tanh")["activation_rms"][-1] > 0.1


@pytest.mark.parametrize("kwargs", [{"depth": 0}, {"init": "lecun"}, {"activation": "softmax"}, {"width": 0}])
def test_layer_magnitudes_rejects_bad_input(kwargs):
    with pytest.raises(ValueError):
        L.layer_magnitudes(**kwargs)


def test_magnitude_figures():
    assert_labelled(L.plot_layer_magnitudes(6, activation="tanh"))
    fig, info = L.magnitude_figure(depth=6, init="random 1", activation="relu")
    assert_labelled(fig)
    assert "random 1" in info and "layer 6" in info
    _, info = L.magnitude_figure(depth=15, init="random 0.01", activation="relu")
    assert "5e-20 (layer 15)" in info  # a vanished signal: only its order of magnitude
    with pytest.raises(ValueError, match="inits"):
        L.plot_layer_magnitudes(5, inits=[])


def test_magnitude_widget_redraws():
    import ipywidgets as W

    w = interactive_figure(L.magnitude_figure, depth=slider("depth", 5, 2, 20),
                           init=W.Dropdown(options=list(L.INIT_CHOICES), value="he"),
                           activation=W.Dropdown(options=["relu", "tanh"], value="relu"))
    first = w.image.value
    w.controls["init"].value = "random 1"
    assert w.image.value != first and "random 1" in w.message.value


def test_standardize_is_normalize_inputs_without_the_checks():
    X, _ = L.make_scaled_features(m=50, means=(1.0, -2.0), stds=(0.5, 3.0))
    for a, b in zip(L.standardize(X), L.normalize_inputs(X)):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_allclose(L.standardize(X).sigma.ravel(), X.std(axis=1), rtol=1e-15)
