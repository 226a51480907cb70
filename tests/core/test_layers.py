"""The layers: the same numbers as the course's functions, and a new kind of layer (convolution,
max pooling) trained by the same loop and optimizers and checked by the same centred differences."""

import numpy as np
import pytest

import dlnotes as d
from dlnotes.layers import Activation, Conv2D, Dense, Dropout, Flatten, MaxPool2D, Output, Sequential


def _data(n_x=5, m=40, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n_x, m))
    Y = (X[:1] + X[1:2] ** 2 > 0.5).astype(float)
    return X, Y


@pytest.mark.parametrize("hidden", ["relu", "tanh", "leaky_relu", "sigmoid"])
@pytest.mark.parametrize("keep_prob", [1.0, 0.7])
def test_layers_give_the_course_functions_numbers_bit_for_bit(hidden, keep_prob):
    X, Y = _data()
    params = d.initialize_parameters([5, 4, 3, 1], seed=1)
    AL, caches = d.forward(X, params, hidden, keep_prob=keep_prob, rng=3)
    grads = d.backward(AL, Y, caches)
    model = d.dense_layers(params, hidden, keep_prob=keep_prob, rng=np.random.default_rng(3))
    AL2, caches2 = model.forward(X)
    layer_grads = model.backward(AL2, Y, caches2)
    assert np.array_equal(AL, AL2)
    dense = [g for layer, g in zip(model.layers, layer_grads) if isinstance(layer, Dense)]
    for i, g in enumerate(dense, start=1):
        assert np.array_equal(g["W"], grads[f"dW{i}"]) and np.array_equal(g["b"], grads[f"db{i}"])
    assert model.cost(AL2, Y, caches2) == d.compute_cost(AL, Y, caches=caches)


def test_batch_norm_layers_match_backward():
    X, Y = _data()
    params = d.initialize_parameters([5, 4, 3, 1], seed=2, batch_norm=True)
    AL, caches = d.forward(X, params)
    grads = d.backward(AL, Y, caches)
    model = d.dense_layers({k: p.copy() for k, p in params.items()}, "relu")
    AL2, caches2 = model.forward(X)
    layer_grads = model.backward(AL2, Y, caches2)
    assert np.array_equal(AL, AL2)
    bn = [g for layer, g in zip(model.layers, layer_grads) if "gamma" in g]
    for i, g in enumerate(bn, start=1):
        assert np.allclose(g["gamma"], grads[f"dgamma{i}"], rtol=0, atol=1e-14)
        assert np.allclose(g["beta"], grads[f"dbeta{i}"], rtol=0, atol=1e-14)


def test_train_takes_a_sequential_and_matches_the_dense_fast_path():
    X, Y = _data()
    dims = [5, 6, 1]
    fast, h1 = d.train(X, Y, dims, d.GradientDescent(0.3), 200, record_every=50)
    model = d.dense_layers(d.initialize_parameters(dims, seed=0), "relu")
    _, h2 = d.train(X, Y, model, d.GradientDescent(0.3), 200, record_every=50)
    assert h1.iterations == h2.iterations
    assert np.allclose(h1.costs, h2.costs, rtol=1e-12, atol=0)
    assert np.allclose(model.layers[0].params["W"], fast["W1"], rtol=1e-10, atol=1e-13)


def test_a_sequential_owns_its_l2_strength_and_is_trained_in_place_with_a_dev_set():
    X, Y = _data()
    model = Sequential(d.dense_layers(d.initialize_parameters([5, 3, 1], seed=0)).layers, lambd=0.4)
    assert model.lambd == 0.4 and d.dense_layers(d.initialize_parameters([5, 1], seed=0)).lambd == 0.0
    W1 = model.layers[0].params["W"].copy()
    Ws = [layer.params["W"] for layer in model.layers if "W" in layer.params]
    assert model.penalty(10) == pytest.approx(0.4 / 20 * sum(float((W * W).sum()) for W in Ws), rel=1e-14)
    trained, history = d.train(X, Y, model, d.GradientDescent(0.1), 5, dev=(X[:, :10], Y[:, :10]), record_every=2)
    assert trained is model and not np.array_equal(model.layers[0].params["W"], W1)
    assert len(history.dev_costs) == len(history.costs) == 3
    with pytest.raises(ValueError, match="lambd must be >= 0, got -1"):
        Sequential(model.layers, lambd=-1)
    with pytest.raises(ValueError, match=r"Y_dev must have shape \(1, 10\)"):
        d.train(X, Y, model, dev=(X[:, :10], Y[:, :9]))
    with pytest.raises(ValueError, match="layers must end with an Output layer"):
        Sequential([Dense(np.ones((1, 5)), np.zeros((1, 1)))])


def _conv_model(rng, n_C_prev=2, n_C=3):
    W = rng.standard_normal((3, 3, n_C_prev, n_C)) * 0.3
    b = rng.standard_normal((1, 1, 1, n_C)) * 0.1
    # 6 x 6 -> conv 3x3, pad 1 -> 6 x 6 -> pool 2 -> 3 x 3 x n_C
    W2 = rng.standard_normal((1, 9 * n_C)) * 0.3
    return Sequential([Conv2D(W, b, stride=1, pad=1), Activation("relu"), MaxPool2D(2, 2), Flatten(),
                       Dense(W2, np.zeros((1, 1))), Output("sigmoid")])


def _images(rng, m=16):
    X = rng.standard_normal((m, 6, 6, 2))
    Y = (X[:, :3, :3, 0].mean(axis=(1, 2)) > X[:, 3:, 3:, 1].mean(axis=(1, 2))).astype(float)[None, :]
    return X, Y


def test_conv_and_pool_layers_pass_the_gradient_check():
    rng = np.random.default_rng(0)
    model, (X, Y) = _conv_model(rng), _images(rng, m=6)
    AL, caches = model.forward(X)
    grads = model.backward(AL, Y, caches)
    for layer, g in zip(model.layers, grads):
        for key, p in layer.params.items():
            def cost(theta, layer=layer, key=key):
                saved = layer.params[key]
                layer.params[key] = theta
                A, c = model.forward(X)
                layer.params[key] = saved
                return model.cost(A, Y, c)

            approx = d.numerical_gradient(cost, p)
            assert d.relative_difference(g[key], approx) < 1e-7, (type(layer).__name__, key)


@pytest.mark.parametrize("optimizer", ["gd", "adam"])
def test_conv_model_trains_through_train_and_the_optimizers(optimizer):
    rng = np.random.default_rng(1)
    model, (X, Y) = _conv_model(rng), _images(rng, m=32)
    lr = 0.5 if optimizer == "gd" else 0.02
    _, history = d.train(X, Y, model, d.make_optimizer(optimizer, learning_rate=lr), 60, record_every=20,
                         mini_batch_size=16)
    assert history.costs[-1] < 0.8 * history.costs[0]
    assert not history.diverged
    # the trained layers hold views of the loop's flat buffer, and predictions run without it
    assert model.predict_proba(X).shape == (1, 32)


def test_dropout_is_inverted_and_off_at_test_time():
    A = np.ones((200, 50))
    layer = Dropout(0.8, np.random.default_rng(0))
    out, D = layer.forward(A)
    assert set(np.unique(out)) <= {0.0, 1 / 0.8} and abs(out.mean() - 1) < 0.05
    assert np.array_equal(layer.backward(A, D)[0], out)
    assert layer.forward(A, training=False)[0] is A


def test_output_layer_starts_backward_with_the_averaged_dz():
    Z = np.array([[0.5, -1.0, 2.0]])
    Y = np.array([[1.0, 0.0, 1.0]])
    out = Output("sigmoid")
    A, cache = out.forward(Z)
    dZ, _ = out.backward(A, Y)
    assert np.allclose(dZ, (d.sigmoid(Z) - Y) / 3)
    assert Activation("tanh").forward(Z)[0] == pytest.approx(np.tanh(Z))


def test_l2_in_the_layer_loop_matches_the_dense_fast_path():
    X, Y = _data()
    dims = [5, 6, 1]
    fast, h1 = d.train(X, Y, d.network(dims, lambd=0.7), d.GradientDescent(0.3), 100, record_every=50)
    model = Sequential(d.dense_layers(d.initialize_parameters(dims, seed=0), "relu").layers, lambd=0.7)
    _, h2 = d.train(X, Y, model, d.GradientDescent(0.3), 100, record_every=50)
    assert np.allclose(h1.costs, h2.costs, rtol=1e-12, atol=0)
    assert np.allclose(model.layers[-2].params["W"], fast["W2"], rtol=1e-10, atol=1e-13)


def test_propagate_gives_the_dense_and_output_layers_numbers_bit_for_bit():
    # a Fortran-ordered X, as load_catvnoncat returns it and as the course's flatten makes it
    rng = np.random.default_rng(4)
    X = np.asfortranarray(rng.random((300, 40)))
    Y = (rng.random((1, 40)) > 0.5).astype(float)
    w, b = rng.standard_normal((300, 1)) * 0.01, 0.3
    grads, cost = d.propagate(w, b, X, Y)
    dense, out = Dense(w.T, np.full((1, 1), b)), Output("sigmoid")
    Z, A_prev = dense.forward(X)
    A, _ = out.forward(Z)
    dZ, _ = out.backward(A, Y)
    _, g = dense.backward(dZ, A_prev)
    assert np.array_equal(g["W"].T, grads["dw"]) and g["b"][0, 0] == grads["db"]
    assert out.cost(Z, Y) == cost
