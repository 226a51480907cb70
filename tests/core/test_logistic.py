import numpy as np
import pytest

import dlnotes as d


def test_propagate_reproduces_the_course_public_test():
    w, b = np.array([[1.0], [2.0]]), 1.5
    X = np.array([[1.0, -2.0, -1.0], [3.0, 0.5, -3.2]])
    Y = np.array([[1, 1, 0]])
    grads, cost = d.propagate(w, b, X, Y)
    np.testing.assert_allclose(grads["dw"], [[0.25071532], [-0.06604096]], rtol=1e-7)
    assert grads["db"] == pytest.approx(-0.1250040450043965, rel=1e-12)
    assert cost == pytest.approx(0.15900537707692405, rel=1e-12)


def test_optimize_matches_course_values():
    # course's optimize_test: 100 iterations, lr 0.009
    w, b = np.array([[1.0], [2.0]]), 1.5
    X = np.array([[1.0, -2.0, -1.0], [3.0, 0.5, -3.2]])
    Y = np.array([[1, 1, 0]])
    params, grads, costs = d.optimize(w, b, X, Y, 100, 0.009)
    np.testing.assert_allclose(params["w"], [[0.80956046], [2.0508202]], rtol=1e-7)
    assert params["b"] == pytest.approx(1.5948713189708588, rel=1e-10)
    np.testing.assert_allclose(grads["dw"], [[0.17860505], [-0.04840656]], rtol=1e-6)
    assert costs[0] == pytest.approx(0.15900537707692405)
    assert w[0, 0] == 1.0  # the caller's w is not modified


def test_logistic_regression_is_the_one_layer_network():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((4, 20))
    Y = (rng.random((1, 20)) > 0.5).astype(int)
    w, b = rng.standard_normal((4, 1)), 0.3
    grads, cost = d.propagate(w, b, X, Y)
    params = {"W1": w.T, "b1": np.array([[b]])}
    AL, caches = d.forward(X, params)
    net = d.backward(AL, Y, caches)
    np.testing.assert_allclose(grads["dw"], net["dW1"].T)
    assert cost == pytest.approx(d.compute_cost(AL, Y, caches=caches))
    np.testing.assert_array_equal(d.predict_logistic(w, b, X), d.predict(X, params))


def test_float32_input_trains_in_float32_with_the_float64_result():
    rng = np.random.default_rng(1)
    X = rng.standard_normal((6, 40))
    Y = (X[:1] + 0.5 * X[1:2] > 0).astype(int)
    r64 = d.logistic_model(X, Y, X, Y, num_iterations=300, learning_rate=0.1)
    r32 = d.logistic_model(X.astype(np.float32), Y, X.astype(np.float32), Y, num_iterations=300,
                           learning_rate=0.1)
    assert r32["w"].dtype == np.float32 and r64["w"].dtype == np.float64
    np.testing.assert_allclose(r32["w"], r64["w"], rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(r32["costs"], r64["costs"], rtol=1e-5)
    np.testing.assert_array_equal(r32["Y_prediction_train"], r64["Y_prediction_train"])
    grads, _ = d.propagate(np.zeros((6, 1), np.float32), 0.0, X.astype(np.float32), Y)
    assert grads["dw"].dtype == np.float32


def test_progress_bar_changes_nothing_but_the_display():
    rng = np.random.default_rng(2)
    X = rng.standard_normal((3, 20))
    Y = (X[:1] > 0).astype(int)
    w, b = np.zeros((3, 1)), 0.0
    quiet = d.optimize(w, b, X, Y, 150, 0.1)
    shown = d.optimize(w, b, X, Y, 150, 0.1, progress=True)
    np.testing.assert_array_equal(quiet[0]["w"], shown[0]["w"])
    assert quiet[2] == shown[2]
