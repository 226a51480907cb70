"""dlnotes.lessons.c2w1_gradient_checking: the 1-D check, the planted bugs, dropout and the choice of epsilon."""


import matplotlib.pyplot as plt
import numpy as np
import pytest
from figure_checks import assert_labelled

import dlnotes as d
from dlnotes.lessons import c2w1_gradient_checking as L
from dlnotes.widgets import interactive_figure, log_slider


def test_gradient_check_1d():
    r = L.gradient_check_1d(3.0, 4.0)
    assert r["grad"] == 3.0 and r["difference"] < 1e-7
    assert L.forward_1d(3.0, 4.0) == 12.0 and L.backward_1d(3.0, 4.0) == 3.0
    with pytest.raises(ValueError, match="epsilon"):
        L.gradient_check_1d(3.0, 4.0, epsilon=0)
    with pytest.raises(ValueError, match="x must"):
        L.forward_1d(float("nan"), 1.0)


def test_buggy_backward_is_caught_and_the_fix_passes():
    X, Y, params = L.gradcheck_problem()
    assert X.shape == (4, 3) and Y.tolist() == [[1, 1, 0]] and params["b1"].shape == (5, 1)
    AL, caches = d.forward(X, params)
    good = d.backward(AL, Y, caches)
    bad = L.buggy_backward(AL, Y, caches)
    np.testing.assert_allclose(bad["dW2"], 2 * good["dW2"])
    np.testing.assert_allclose(bad["db1"], 4 * good["db1"])
    np.testing.assert_array_equal(bad["dW1"], good["dW1"])
    assert d.gradient_check(X, Y, params, bad) > 0.1
    assert d.gradient_check(X, Y, params, good) < 2e-7


def test_buggy_backward_needs_two_layers():
    p = d.initialize_parameters([3, 1], "he")
    X = np.ones((3, 2))
    AL, caches = d.forward(X, p)
    with pytest.raises(ValueError, match="2 layers"):
        L.buggy_backward(AL, np.array([[1, 0]]), caches)


def test_dropout_costs_vary_with_the_mask():
    X, Y, params = L.gradcheck_problem()
    costs = L.dropout_costs(X, Y, params, 0.8, seeds=[0, 1, 0])
    assert costs[0] == costs[2] and costs[0] != costs[1]
    with pytest.raises(ValueError, match="keep_prob"):
        L.dropout_costs(X, Y, params, keep_prob=0)


def test_epsilon_sweep_has_a_sweet_spot():
    eps, diffs = L.epsilon_sweep([1e-12, 1e-5, 1e-1])
    assert diffs[1] < diffs[0] and diffs[1] < diffs[2] and diffs[1] < 1e-9
    eps, diffs = L.epsilon_sweep()
    assert eps.shape == diffs.shape == (45,)
    with pytest.raises(ValueError, match="epsilons"):
        L.epsilon_sweep([1e-3, -1e-3])


def test_epsilon_figure_and_widget():
    fig, info = L.epsilon_figure(1e-7)
    assert_labelled(fig)
    assert "difference below 1e-7 (passes" in info
    assert "fails" in L.epsilon_figure(1e-12)[1]
    with pytest.raises(ValueError, match="epsilon"):
        L.epsilon_figure(10.0)
    w = interactive_figure(L.epsilon_figure, epsilon=log_slider("epsilon", 1e-7, -12, -1))
    first = w.image.value
    w.controls["epsilon"].value = 1e-3
    assert w.image.value != first and "epsilon = 0.001:" in w.message.value
    plt.close("all")


def test_forward_propagation_n_returns_the_cost_and_a_cache_as_in_the_course():
    X, Y, params = L.gradcheck_problem(seed=1)
    AL, caches = d.forward(X, params)
    cost, cache = L.forward_propagation_n(X, Y, params)
    assert cost == pytest.approx(d.compute_cost(AL, Y), rel=1e-12)
    grads, expected = d.backward(AL, Y, cache), d.backward(AL, Y, caches)  # the cache is what backward takes
    assert all(np.array_equal(grads[k], expected[k]) for k in ("dW1", "db1", "dW3", "db3"))


def test_the_course_vector_helpers():
    X, Y, params = L.gradcheck_problem(seed=1)
    theta, keys = L.dictionary_to_vector(params)
    assert theta.shape == (47, 1) and len(keys) == 47
    assert keys[:20] == ["W1"] * 20 and keys[20:25] == ["b1"] * 5 and keys[-4:] == ["W3"] * 3 + ["b3"]
    assert theta[1, 0] == params["W1"][0, 1] and theta[20, 0] == params["b1"][0, 0]  # row by row, W1 first
    back = L.vector_to_dictionary(theta)
    assert list(back) == ["W1", "b1", "W2", "b2", "W3", "b3"]
    assert all(np.array_equal(back[k], params[k]) for k in params)
    assert L.vector_to_dictionary(theta.ravel())["W2"].shape == (3, 5)
    assert np.array_equal(theta, d.parameters_to_vector(params))  # the core's layout, under the course's name
    theta[0, 0] = 99.0
    assert back["W1"][0, 0] != 99.0  # a copy, not a view of theta
    with pytest.raises(ValueError, match="theta must have 47 entries.*got 46"):
        L.vector_to_dictionary(theta[:46])
    with pytest.raises(ValueError):
        L.dictionary_to_vector({"W1": np.ones((5, 4))})
    assert L.gradients_to_vector is d.gradients_to_vector
    r = L.gradient_check_1d(2.0, 4.0)
    assert r["grad"] == 2.0 and 1e-10 < r["difference"] < 1e-9  # the course's 2.9e-10
