"""dlnotes.span: gradient descent in the span of the training examples is train's gradient descent."""

import numpy as np
import pytest

import dlnotes as d


@pytest.fixture(scope="module")
def wide():
    rng = np.random.default_rng(0)
    X = rng.random((300, 40))
    Y = (X[:10].mean(axis=0, keepdims=True) > 0.5).astype(float)
    return X, Y


@pytest.mark.parametrize("dims, init, keep_prob, optimizer, options", [
    ([300, 5, 1], "random", 1.0, d.GradientDescent, {}),
    ([300, 6, 4, 1], "xavier", 1.0, d.Momentum, {}),
    ([300, 6, 4, 1], "he", 0.8, d.GradientDescent, {"mini_batch_size": 16}),
])
def test_same_iterates_as_train(wide, dims, init, keep_prob, optimizer, options):
    X, Y = wide
    start = d.network(dims, init=init, seed=3, keep_prob=keep_prob)
    a, ha = d.train(X, Y, start, optimizer(0.05), 40, seed=3, record_every=10, **options)
    b, hb = d.train_in_span(X, Y, start, optimizer(0.05), 40, seed=3, record_every=10, **options)
    assert b.record == a.record == start.record
    assert set(a) == set(b) and all(a[k].shape == b[k].shape for k in a)
    for k in a:
        np.testing.assert_allclose(b[k], a[k], rtol=0, atol=1e-12)
    np.testing.assert_allclose(hb.costs, ha.costs, rtol=1e-12)
    assert hb.iterations == ha.iterations
    assert isinstance(b, d.Network) and b.hidden_activation == a.hidden_activation
    np.testing.assert_array_equal(d.predict(X, b), d.predict(X, a))


def test_span_is_reused_and_checked(wide):
    X, Y = wide
    span = d.data_span(X)
    assert span.R.shape == (40, 40) and np.allclose(np.triu(span.R), span.R)
    np.testing.assert_allclose(span.R.T @ span.R, X.T @ X, rtol=1e-10)
    net, _ = d.train_in_span(X, Y, [300, 3, 1], d.GradientDescent(0.1), 5, span=span)
    again, _ = d.train(X, Y, [300, 3, 1], d.GradientDescent(0.1), 5)  # a list: network(layer_dims) in both
    np.testing.assert_allclose(net["W1"], again["W1"], rtol=0, atol=1e-12)
    assert net["W1"].shape == (3, 300)
    with pytest.raises(ValueError, match="span must be data_span"):
        d.train_in_span(X[:, :30], Y[:, :30], [300, 3, 1], span=span)


@pytest.mark.parametrize("model, kwargs, match", [
    (d.network([300, 3, 1], lambd=0.1), {}, "lambd must be 0 in train_in_span"),
    (d.network([300, 3, 1], l1=0.1), {}, "l1 must be 0 in train_in_span"),
    ([300, 3, 1], {"optimizer": d.Adam(0.1)}, "optimizer must be GradientDescent or Momentum .*, got Adam"),
    ([300, 3, 1], {"callback": lambda *a: None}, "callback must be left out"),
    ([300, 3, 1], {"dev": ([], [])}, "dev must be left out"),
])
def test_refuses_what_the_span_does_not_preserve(wide, model, kwargs, match):
    X, Y = wide
    with pytest.raises(ValueError, match=match):
        d.train_in_span(X, Y, model, num_iterations=5, **kwargs)


def test_data_span_bad_input():
    with pytest.raises(ValueError, match="at least as many rows"):
        d.data_span(np.ones((3, 5)))
    with pytest.raises(ValueError, match="linearly independent"):
        d.data_span(np.ones((5, 3)))
    with pytest.raises(ValueError, match="X must be a 2-D array"):
        d.data_span(np.ones(5))


def test_training_in_the_span_leaves_the_blas_thread_count_as_it_was():
    from threadpoolctl import threadpool_info

    def threads():
        return [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]

    before = threads()
    X = np.random.default_rng(0).standard_normal((30, 8))
    d.train_in_span(X, (X[:1] > 0).astype(float), [30, 3, 1], num_iterations=3)
    assert threads() == before
