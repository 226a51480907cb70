"""An activation is named once: caches and trained networks record how they compute."""

import copy
import pickle

import numpy as np
import pytest

import dlnotes as d
from dlnotes.activations import HIDDEN_ACTIVATIONS


def _data(m=40, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((3, m))
    Y = (X[0:1] * X[1:2] > 0).astype(int)
    return X, Y


@pytest.mark.parametrize("act", HIDDEN_ACTIVATIONS)
def test_backward_reads_the_activation_from_the_caches(act):
    X, Y = _data()
    P = d.initialize_parameters([3, 5, 4, 1], "xavier", seed=1)
    AL, caches = d.forward(X, P, hidden_activation=act, slope=0.05)
    assert {c.activation for c in caches[:-1]} == {act} and caches[-1].activation == "sigmoid"
    grads = d.backward(AL, Y, caches)  # no name repeated
    named = d.backward(AL, Y, caches, hidden_activation=act, slope=0.05)
    for k in grads:
        np.testing.assert_array_equal(grads[k], named[k])
    # and they are the true gradients of the network that ran (not ReLU's)
    assert d.gradient_check(X, Y, P, grads, hidden_activation=act, slope=0.05) < 1e-7
    if act != "relu":
        relu_grads = d.backward(*d.forward(X, P)[:1], Y, d.forward(X, P)[1])
        assert not np.allclose(relu_grads["dW1"], grads["dW1"])


@pytest.mark.parametrize("act", [a for a in HIDDEN_ACTIVATIONS if a != "relu"])
def test_backward_refuses_a_name_that_contradicts_the_caches(act):
    X, Y = _data()
    P = d.initialize_parameters([3, 4, 1], seed=0)
    AL, caches = d.forward(X, P, hidden_activation=act)
    with pytest.raises(ValueError, match=rf"hidden_activation='relu' contradicts the caches.*'{act}'"):
        d.backward(AL, Y, caches, hidden_activation="relu")


def test_backward_refuses_a_slope_that_contradicts_the_caches():
    X, Y = _data()
    P = d.initialize_parameters([3, 4, 1], seed=0)
    AL, caches = d.forward(X, P, hidden_activation="leaky_relu", slope=0.2)
    with pytest.raises(ValueError, match=r"slope=0.01 contradicts the caches.*0.2"):
        d.backward(AL, Y, caches, slope=0.01)


@pytest.mark.parametrize("act", HIDDEN_ACTIVATIONS)
def test_train_returns_a_network_that_predicts_with_its_own_activation(act):
    X, Y = _data(m=60)
    net, _ = d.train(X, Y, d.network([3, 6, 1], act, init="xavier", seed=2), d.GradientDescent(0.5), 300)
    assert isinstance(net, d.Network) and isinstance(net, dict)
    assert (net.hidden_activation, net.output_activation, net.batch_norm) == (act, "sigmoid", False)
    P_named = d.predict_proba(X, dict(net), hidden_activation=act)  # course-style call on a plain dict
    np.testing.assert_array_equal(d.predict_proba(X, net), P_named)
    np.testing.assert_array_equal(d.predict(X, net), (P_named > 0.5).astype(int))
    if act != "relu":
        assert not np.allclose(d.predict_proba(X, dict(net)), P_named)  # a plain dict defaults to ReLU
        with pytest.raises(ValueError, match=rf"hidden_activation='relu' contradicts the network.*'{act}'"):
            d.predict(X, net, hidden_activation="relu")


def test_tanh_network_predicts_with_tanh_everywhere():
    X, Y = _data(m=60)
    net, _ = d.train(X, Y, d.network([3, 5, 1], "tanh", init="xavier"), d.GradientDescent(0.3), 200)
    expected = d.sigmoid(net["W2"] @ np.tanh(net["W1"] @ X + net["b1"]) + net["b2"])
    np.testing.assert_allclose(d.predict_proba(X, net), expected, rtol=1e-12)
    np.testing.assert_allclose(d.hidden_activations(X, net)[0], np.tanh(net["W1"] @ X + net["b1"]), rtol=1e-12)
    assert d.gradient_check(X, Y, net) < 1e-7
    with pytest.raises(ValueError, match="hidden_activation='sigmoid' contradicts"):
        d.gradient_check(X, Y, net, hidden_activation="sigmoid")


def test_decision_boundary_of_a_network_draws_its_own_activation():
    import matplotlib.pyplot as plt
    rng = np.random.default_rng(3)
    X = rng.standard_normal((2, 80))
    Y = (X[0:1] ** 2 + X[1:2] ** 2 < 1).astype(int)
    net, _ = d.train(X, Y, d.network([2, 6, 1], "tanh", init="xavier"), d.GradientDescent(0.5), 200)
    _, image = d.plot_decision_boundary(net, X, Y, ax=plt.figure().gca(), resolution=20)
    _, by_fn = d.plot_decision_boundary(lambda G: d.predict_proba(G, dict(net), "tanh"), X, Y,
                                        ax=plt.figure().gca(), resolution=20)
    np.testing.assert_array_equal(image.get_array(), by_fn.get_array())


def test_the_record_survives_copy_pickle_and_further_training():
    X, Y = _data(m=50)
    start = d.network([3, 4, 1], "leaky_relu", slope=0.1, keep_prob=0.8, lambd=0.3, l1=0.1)
    net, _ = d.train(X, Y, start, d.GradientDescent(0.1), 50)
    record = dict(hidden_activation="leaky_relu", output_activation="sigmoid", slope=0.1, keep_prob=0.8, lambd=0.3,
                  l1=0.1, bn_momentum=0.9)
    assert start.record == net.record == record
    for other in (net.copy(), copy.deepcopy(net), pickle.loads(pickle.dumps(net))):
        assert isinstance(other, d.Network) and other.record == record
        np.testing.assert_array_equal(d.predict_proba(X, other), d.predict_proba(X, net))
    more, _ = d.train(X, Y, net, d.GradientDescent(0.1), 50)
    assert more.record == record


def test_train_reads_the_regularization_from_the_network_and_copies_it():
    X, Y = _data(m=50)
    start = d.network([3, 4, 1], keep_prob=0.7, lambd=0.5, seed=1)
    before = {k: p.copy() for k, p in start.items()}
    net, hist = d.train(X, Y, start, d.GradientDescent(0.1), 20, record_every=19)
    for k in before:  # the starting network is copied, never modified
        np.testing.assert_array_equal(start[k], before[k])
    plain, plain_hist = d.train(X, Y, d.network([3, 4, 1], seed=1), d.GradientDescent(0.1), 20, record_every=19)
    assert hist.costs != plain_hist.costs  # dropout and L2 took part
    AL, caches = d.forward(X, start)
    assert hist.costs[0] > d.compute_cost(AL, Y, start, lambd=0.5) - 0.5  # the L2 term is in the recorded cost
    assert d.train(X, Y, [3, 4, 1], seed=1)[0].record == d.network([3, 4, 1]).record  # a list: network(dims)


def test_softmax_network_records_its_output_and_batch_norm():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((2, 90))
    labels = (X[0] > 0).astype(int) + (X[1] > 0).astype(int)
    net, _ = d.train(X, d.one_hot(labels, 3), d.network([2, 5, 3], batch_norm=True, bn_momentum=0.8),
                     d.GradientDescent(0.1), 50)
    assert net.bn_momentum == 0.8
    assert (net.output_activation, net.batch_norm) == ("softmax", True)
    assert d.predict_proba(X, net).shape == (3, 90)
    np.testing.assert_allclose(d.predict_proba(X, net).sum(axis=0), 1.0)
    with pytest.raises(ValueError, match="output_activation='sigmoid' contradicts"):
        d.predict(X, net, output_activation="sigmoid")


def test_network_validates_its_record():
    with pytest.raises(ValueError, match="hidden_activation must be one of"):
        d.Network({}, hidden_activation="swish")


def test_linear_hidden_layers_make_one_linear_map():
    X, _ = _data()
    P = d.initialize_parameters([3, 5, 4, 1], "xavier", seed=0)
    W = P["W3"] @ P["W2"] @ P["W1"]
    b = P["W3"] @ (P["W2"] @ P["b1"] + P["b2"]) + P["b3"]
    np.testing.assert_allclose(d.predict_proba(X, P, "linear"), d.sigmoid(W @ X + b), rtol=1e-12)
