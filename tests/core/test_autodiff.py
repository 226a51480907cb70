"""dlnotes.autodiff: every operation's gradient against finite differences, and a network's against backward."""

import numpy as np
import pytest

import dlnotes as d
from dlnotes.autodiff import Tensor, topological_order, unbroadcast

RNG = np.random.default_rng(0)
A = RNG.standard_normal((3, 4))
B = RNG.standard_normal((3, 1))
M = RNG.standard_normal((4, 2))
POS = RNG.random((3, 4)) + 0.5

# name -> (the cost built from tensors, the same cost in plain numpy, the input it is differentiated for)
OPS = {
    "add with a broadcast column": (lambda x: ((Tensor(A) + x) * Tensor(A)).sum(), lambda x: ((A + x) * A).sum(), B),
    "add a number": (lambda x: ((2.0 + x) * (x + 1)).sum(), lambda x: ((2.0 + x) * (x + 1)).sum(), A),
    "sub and rsub": (lambda x: ((1 - x) * (x - 3.0)).sum(), lambda x: ((1 - x) * (x - 3.0)).sum(), A),
    "mul broadcast": (lambda x: (x * Tensor(B)).sum(), lambda x: (x * B).sum(), A),
    "matmul left": (lambda x: ((x @ Tensor(M)) * (x @ Tensor(M))).sum(), lambda x: ((x @ M) ** 2).sum(), A),
    "matmul right": (lambda x: (Tensor(A) @ x).tanh().sum(), lambda x: np.tanh(A @ x).sum(), M),
    "relu": (lambda x: (x.relu() * Tensor(A)).sum(), lambda x: (np.maximum(x, 0) * A).sum(), A + 0.05),
    "sigmoid": (lambda x: (x.sigmoid() * Tensor(A)).sum(), lambda x: (d.sigmoid(x) * A).sum(), A),
    "tanh": (lambda x: x.tanh().mean(), lambda x: np.tanh(x).mean(), A),
    "log": (lambda x: (x.log() * Tensor(A)).mean(), lambda x: (np.log(x) * A).mean(), POS),
    "neg and mean": (lambda x: (-(x * x)).mean(), lambda x: -(x * x).mean(), A),
}


@pytest.mark.parametrize("name", OPS)
def test_each_operation_matches_finite_differences(name):
    build, plain, x0 = OPS[name]
    x = Tensor(x0)
    cost = build(x)
    assert cost.shape == () and np.isclose(float(cost.value), plain(x0))
    cost.backward()
    numeric = d.numerical_gradient(plain, x0, epsilon=1e-6)
    assert x.grad.shape == x0.shape
    assert d.relative_difference(x.grad, numeric) < 1e-8


def _two_layer(X, Y, p, hidden):
    W1, b1, W2, b2 = (Tensor(p[k], name=k) for k in ("W1", "b1", "W2", "b2"))
    Z1 = W1 @ X + b1
    A1 = Z1.relu() if hidden == "relu" else Z1.tanh()
    A2 = (W2 @ A1 + b2).sigmoid()
    cost = -(Y * A2.log() + (1 - Y) * (1 - A2).log()).mean()
    return cost, {"dW1": W1, "db1": b1, "dW2": W2, "db2": b2}


@pytest.mark.parametrize("hidden", ["relu", "tanh"])
def test_a_two_layer_network_has_backward_s_gradients(hidden):
    X = RNG.standard_normal((2, 30))
    Y = (RNG.random((1, 30)) > 0.5).astype(float)
    params = d.initialize_parameters([2, 5, 1], "xavier", seed=3)
    cost, tensors = _two_layer(X, Y, params, hidden)
    cost.backward()
    AL, caches = d.forward(X, params, hidden)
    grads = d.backward(AL, Y, caches, hidden_activation=hidden)
    assert np.isclose(float(cost.value), d.compute_cost(AL, Y, caches=caches), rtol=1e-12)
    for key, t in tensors.items():
        assert t.grad.shape == grads[key].shape
        assert d.relative_difference(t.grad, grads[key]) < 1e-12, key


def test_a_tensor_used_twice_gets_both_contributions_and_backward_replaces():
    x = Tensor(A)
    cost = (x * x).sum()
    cost.backward()
    np.testing.assert_allclose(x.grad, 2 * A)
    cost.backward()  # a second pass starts from zero again
    np.testing.assert_allclose(x.grad, 2 * A)


def test_the_lecture_s_quadratic_is_minimized_at_5():
    w = 0.0
    for _ in range(200):
        t = Tensor(w)
        cost = t * t - 10 * t + 25
        cost.backward()
        w -= 0.1 * float(t.grad)
    assert abs(w - 5) < 1e-9


def test_a_long_chain_needs_no_recursion_and_is_ordered():
    x = Tensor(1.0)
    y = x
    for _ in range(5000):
        y = y * 1.0001
    y.backward()
    assert np.isclose(float(x.grad), 1.0001 ** 5000)
    order = topological_order(y)
    assert order[0] is x and order[-1] is y and len(order) == 10001


def test_unbroadcast_sums_back_to_the_operand_s_shape():
    g = np.ones((3, 4))
    assert unbroadcast(g, (3, 1)).tolist() == [[4.0]] * 3
    assert unbroadcast(g, (4,)).tolist() == [3.0] * 4
    assert unbroadcast(g, ()).shape == ()


def test_numpy_arrays_on_the_left_hand_over_to_the_tensor():
    x = Tensor(M)
    cost = (A @ x + 1.0).sum()
    assert isinstance(A @ x, Tensor) and isinstance(A[:, :1] * Tensor(B), Tensor)
    cost.backward()
    np.testing.assert_allclose(x.grad, A.sum(axis=0)[:, None] * np.ones((1, 2)))


@pytest.mark.parametrize("make, message", [
    (lambda: Tensor(A).backward(), "backward starts from a scalar (a cost), got shape (3, 4)"),
    (lambda: Tensor(A) @ Tensor(A), "expected a matrix with 4 rows to multiply (3, 4), got shape (3, 4)"),
    (lambda: Tensor(A) + Tensor(M), "shapes (3, 4) and (4, 2) do not broadcast for +"),
    (lambda: Tensor(A) * Tensor(M), "shapes (3, 4) and (4, 2) do not broadcast for *"),
    (lambda: Tensor(A).log(), "log needs positive values"),
    (lambda: Tensor(["a"]), "value must be a real number or numeric array, got dtype <U1"),
    (lambda: Tensor([1.0, np.nan]), "value must hold finite numbers"),
    (lambda: Tensor(True), "dtype bool"),
    (lambda: Tensor(A) + "x", "expected a Tensor, a number or a numpy array, got str"),
    (lambda: topological_order(A), "root: expected a Tensor, got ndarray"),
])
def test_bad_input_is_refused_with_a_named_message(make, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        make()
