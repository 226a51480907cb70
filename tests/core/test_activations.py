import warnings

import numpy as np
import pytest

import dlnotes as d
from dlnotes.activations import activation


def test_sigmoid_is_stable_and_silent_for_huge_inputs():
    z = np.array([[-1e4, -800.0, -700.0, 0.0, 700.0, 800.0, 1e4]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = d.sigmoid(z)
        dz = d.sigmoid_backward(np.ones_like(z), z)
    assert np.isfinite(s).all() and np.isfinite(dz).all()
    assert s[0, 0] == 0.0 and s[0, -1] == 1.0 and s[0, 3] == 0.5


@pytest.mark.parametrize("name,fn,bwd", [
    ("sigmoid", d.sigmoid, d.sigmoid_backward), ("tanh", d.tanh, d.tanh_backward),
    ("relu", d.relu, d.relu_backward), ("leaky_relu", d.leaky_relu, d.leaky_relu_backward)])
def test_backward_matches_numerical_derivative(name, fn, bwd):
    rng = np.random.default_rng(0)
    Z = rng.standard_normal((3, 50))
    Z[np.abs(Z) < 1e-3] = 0.5  # keep away from the kink of relu
    dA = rng.standard_normal(Z.shape)
    eps = 1e-6
    numeric = dA * (fn(Z + eps) - fn(Z - eps)) / (2 * eps)
    np.testing.assert_allclose(bwd(dA, Z), numeric, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(activation(name, Z), fn(Z))


def test_leaky_relu_slope_and_values():
    Z = np.array([[-2.0, 3.0]])
    np.testing.assert_allclose(d.leaky_relu(Z, 0.1), [[-0.2, 3.0]])
    np.testing.assert_allclose(d.leaky_relu_backward(np.ones_like(Z), Z, 0.1), [[0.1, 1.0]])
    np.testing.assert_allclose(d.relu(Z), [[0.0, 3.0]])


def test_softmax_columns_sum_to_one_without_overflow():
    Z = np.array([[1000.0, -1000.0], [0.0, 0.0], [-1000.0, 1000.0]])
    S = d.softmax(Z)
    np.testing.assert_allclose(S.sum(axis=0), 1.0)
    assert np.isfinite(S).all()


def test_unknown_activation_name():
    with pytest.raises(ValueError, match="activation must be one of"):
        activation("swish", np.zeros((1, 1)))
