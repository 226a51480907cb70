"""``layers_gradient_check``: the same centred differences (``numerical_gradient``) check any model made of
layers: convolution and max pooling, dense layers with dropout and batch norm, and catch a wrong backward."""

import numpy as np
import pytest

import dlnotes as d
from dlnotes.gradcheck import layers_gradient_check
from dlnotes.layers import Activation, Conv2D, Dense, Flatten, MaxPool2D, Output, Sequential


def _conv_pool_model(rng):
    W = rng.standard_normal((3, 3, 2, 3)) * 0.3
    b = rng.standard_normal((1, 1, 1, 3)) * 0.1
    # 6 x 6 x 2 -> conv 3x3, pad 1, stride 1 -> 6 x 6 x 3 -> max pool 2x2, stride 2 -> 3 x 3 x 3 -> 27 -> 1
    return Sequential([Conv2D(W, b, stride=1, pad=1), Activation("relu"), MaxPool2D(2, 2), Flatten(),
                       Dense(rng.standard_normal((1, 27)) * 0.3, rng.standard_normal((1, 1))), Output("sigmoid")])


def test_convolution_and_max_pooling_pass():
    rng = np.random.default_rng(0)
    model = _conv_pool_model(rng)
    X = rng.standard_normal((5, 6, 6, 2))
    Y = rng.integers(0, 2, (1, 5)).astype(float)
    diff, g, approx = layers_gradient_check(model, X, Y, return_vectors=True)
    assert diff < 1e-7
    assert g.shape == approx.shape == (3 * 3 * 2 * 3 + 3 + 27 + 1, 1)


def test_a_strided_convolution_passes():
    rng = np.random.default_rng(1)
    W, b = rng.standard_normal((2, 2, 1, 2)), rng.standard_normal((1, 1, 1, 2))
    model = Sequential([Conv2D(W, b, stride=2, pad=0), Activation("tanh"), Flatten(),
                        Dense(rng.standard_normal((3, 18)), np.zeros((3, 1))), Output("softmax")])
    X = rng.standard_normal((4, 7, 7, 1))
    Y = np.eye(3)[:, [0, 1, 2, 1]]
    assert layers_gradient_check(model, X, Y) < 1e-7


def test_dense_layers_with_dropout_and_batch_norm_pass_and_stay_as_they_were():
    rng = np.random.default_rng(2)
    params = d.initialize_parameters([4, 5, 3, 1], seed=2, batch_norm=True)
    model = d.dense_layers(params, "tanh", keep_prob=0.8, rng=np.random.default_rng(7))
    X, Y = rng.standard_normal((4, 9)), rng.integers(0, 2, (1, 9)).astype(float)
    state = {k: p.copy() for k, p in params.items()}
    rng_state = model.layers[3].rng.bit_generator.state
    assert layers_gradient_check(model, X, Y) < 1e-7
    assert all(np.array_equal(state[k], params[k]) for k in params)  # running averages untouched
    assert model.layers[3].rng.bit_generator.state == rng_state  # the model's own masks are not used up


class _WrongDense(Dense):
    """A dense layer whose backward forgets nothing but doubles dW: the check must see it."""

    def backward(self, dZ, A_prev):
        dA_prev, grads = super().backward(dZ, A_prev)
        return dA_prev, {"W": 2 * grads["W"], "b": grads["b"]}


def test_a_wrong_backward_fails():
    rng = np.random.default_rng(3)
    model = Sequential([_WrongDense(rng.standard_normal((3, 4)), np.zeros((3, 1))), Activation("relu"),
                        Dense(rng.standard_normal((1, 3)), np.zeros((1, 1))), Output("sigmoid")])
    X, Y = rng.standard_normal((4, 6)), rng.integers(0, 2, (1, 6)).astype(float)
    assert layers_gradient_check(model, X, Y) > 1e-2


def test_only_a_sequential():
    with pytest.raises(ValueError, match="model must be a dlnotes.layers.Sequential, got dict"):
        layers_gradient_check({"W1": np.ones((1, 2))}, np.ones((2, 3)), np.ones((1, 3)))
