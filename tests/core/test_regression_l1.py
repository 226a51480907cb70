"""Regression (a linear output with squared error) and L1 regularization in the core."""

import numpy as np
import pytest

import dlnotes as d
from dlnotes.activations import HIDDEN_ACTIVATIONS


def _regression(m=50, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1, 1, (2, m))
    return X, np.sin(2 * X[0:1]) + 0.5 * X[1:2]


@pytest.mark.parametrize("act", HIDDEN_ACTIVATIONS)
def test_squared_error_gradients_are_checked(act):
    X, Y = _regression(12)
    P = d.initialize_parameters([2, 4, 3, 1], "xavier", seed=1)
    AL, caches = d.forward(X, P, act, "linear")
    np.testing.assert_array_equal(AL, caches[-1].Z)  # the output is Z itself
    assert d.compute_cost(AL, Y, caches=caches) == pytest.approx(np.sum((AL - Y) ** 2) / (2 * 12), rel=1e-14)
    grads = d.backward(AL, Y, caches, lambd=0.3)
    assert d.gradient_check(X, Y, P, grads, hidden_activation=act, output_activation="linear", lambd=0.3) < 1e-7


def test_regression_training_fits_and_predicts_values():
    X, Y = _regression(200)
    net, hist = d.train(X, Y, d.network([2, 8, 1], "tanh", "linear", init="xavier"), d.Adam(0.05), 2000,
                        dev=(X[:, :50], Y[:, :50]))
    assert net.output_activation == "linear"
    assert hist.costs[-1] < 0.01 * hist.costs[0] and hist.dev_costs[-1] < 0.01
    pred = d.predict(X, net)
    assert pred.shape == (1, 200) and pred.dtype == np.float64
    np.testing.assert_array_equal(pred, d.predict_proba(X, net))


def test_regression_targets_are_checked():
    X, Y = _regression(10)
    with pytest.raises(ValueError, match=r"Y must have 1 rows, got shape \(2, 10\)"):
        d.train(X, np.vstack([Y, Y]), d.network([2, 3, 1], output_activation="linear"), num_iterations=5)
    with pytest.raises(ValueError, match="Y must be finite"):
        d.train(X, np.full((1, 10), np.nan), d.network([2, 3, 1], output_activation="linear"), num_iterations=5)


@pytest.mark.parametrize("act", ["relu", "tanh"])
def test_l1_subgradient_is_checked_away_from_zero(act):
    rng = np.random.default_rng(2)
    X = rng.standard_normal((3, 15))
    Y = (X[0:1] > 0).astype(int)
    P = d.initialize_parameters([3, 4, 1], "xavier", seed=3)  # no weight within 1e-3 of 0
    assert min(np.abs(P[k]).min() for k in ("W1", "W2")) > 1e-3
    AL, caches = d.forward(X, P, act)
    grads = d.backward(AL, Y, caches, l1=0.7)
    plain = d.backward(AL, Y, caches)
    np.testing.assert_allclose(grads["dW1"] - plain["dW1"], 0.7 / 30 * np.sign(P["W1"]), rtol=1e-12)
    assert d.gradient_check(X, Y, P, grads, hidden_activation=act, l1=0.7) < 1e-7
    cost = d.compute_cost(AL, Y, P, caches=caches, l1=0.7)
    l1_term = 0.7 / 30 * sum(np.abs(P[k]).sum() for k in ("W1", "W2"))
    assert cost == pytest.approx(d.compute_cost(AL, Y, caches=caches) + l1_term, rel=1e-14)


def test_l1_training_drives_useless_weights_to_zero():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((6, 300))
    Y = (X[0:1] + X[1:2] + 0.5 * rng.standard_normal((1, 300)) > 0).astype(int)  # 4 of 6 inputs are noise
    l1_net, hist = d.train(X, Y, d.network([6, 1], l1=30.0), d.GradientDescent(0.1), 3000)
    plain, _ = d.train(X, Y, [6, 1], d.GradientDescent(0.1), 3000)
    assert np.abs(l1_net["W1"][0, 2:]).max() < 0.02 < 0.1 < np.abs(plain["W1"][0, 2:]).max()
    assert np.abs(l1_net["W1"][0, :2]).min() > 1.0
    assert hist.costs[-1] == pytest.approx(d.compute_cost(d.predict_proba(X, l1_net), Y, l1_net, l1=30.0), rel=0.01)


def test_negative_l1_is_refused():
    with pytest.raises(ValueError, match="l1 must be"):
        d.train(np.zeros((2, 3)), np.zeros((1, 3)), d.network([2, 1], l1=-1.0), d.GradientDescent(0.1), 1)


@pytest.mark.parametrize("make", [d.make_plane, d.make_multi_gaussian])
def test_playground_regression_sets(make):
    X, Y = make(400, seed=1)
    assert X.shape == (2, 400) and Y.shape == (1, 400) and Y.dtype == np.float64
    assert np.abs(X).max() <= 1 and 0.3 < np.abs(Y).max() <= 1.5
    np.testing.assert_array_equal(make(400, seed=1)[1], Y)
    assert not np.array_equal(make(400, seed=2)[1], Y)
    noisy = make(400, noise=0.1, seed=1)[1]
    assert 0.05 < np.std(noisy - Y) < 0.15
    net, hist = d.train(X, Y, d.network([2, 8, 8, 1], "tanh", "linear", init="xavier"), d.Adam(0.01), 1500)
    assert hist.costs[-1] < 0.25 * hist.costs[0]
