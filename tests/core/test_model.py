import itertools

import numpy as np
import pytest

import dlnotes as d
from dlnotes.fastpath import dense_forward
from dlnotes.model import unpack

ACTS = ["relu", "tanh", "sigmoid", "leaky_relu"]


def small_problem(n_layers, seed):
    rng = np.random.default_rng(seed)
    dims = [3] + list(rng.integers(2, 5, n_layers - 1)) + [1]
    X = rng.standard_normal((dims[0], 7))
    Y = (rng.random((1, 7)) > 0.5).astype(float)
    params = d.initialize_parameters(dims, "xavier", seed=seed)
    # non-zero biases so every term of the gradient is exercised
    for k in params:
        if k.startswith("b"):
            params[k] = rng.standard_normal(params[k].shape) * 0.1
    return X, Y, params


@pytest.mark.parametrize("act,lambd,keep_prob,n_layers",
                         list(itertools.product(ACTS, [0.0, 0.7], [1.0, 0.8], [2, 3, 4])))
def test_backward_agrees_with_finite_differences(act, lambd, keep_prob, n_layers):
    X, Y, params = small_problem(n_layers, seed=n_layers)
    diff = d.gradient_check(X, Y, params, hidden_activation=act, lambd=lambd, keep_prob=keep_prob,
                            seed=3, epsilon=1e-6)
    assert diff < 1e-7, diff


def test_public_backward_equals_gradient_check_gradients():
    X, Y, params = small_problem(3, 0)
    AL, caches = d.forward(X, params, "tanh", keep_prob=0.8, rng=5)
    grads = d.backward(AL, Y, caches, lambd=0.3, hidden_activation="tanh")
    assert set(grads) == {"dW1", "db1", "dW2", "db2", "dW3", "db3"}
    assert "dA0" not in grads
    diff = d.gradient_check(X, Y, params, grads, hidden_activation="tanh", lambd=0.3, keep_prob=0.8, seed=5)
    assert diff < 1e-7


def test_gradient_check_catches_a_planted_bug():
    X, Y, params = small_problem(3, 1)
    AL, caches = d.forward(X, params)
    grads = d.backward(AL, Y, caches)
    grads["dW2"] = grads["dW2"] * 2
    assert d.gradient_check(X, Y, params, grads) > 1e-2


def test_dropout_mask_is_uniform_below_keep_prob_and_inverted():
    params = d.initialize_parameters([2, 2000, 1], "he", seed=0)
    X = np.ones((2, 50))
    AL, caches = d.forward(X, params, keep_prob=0.7, rng=0)
    D = caches[0].D
    kept = D > 0
    assert abs(kept.mean() - 0.7) < 0.01
    np.testing.assert_allclose(D[kept], 1 / 0.7)
    assert caches[-1].D is None  # never on the output layer
    # the same Generator draws reproduce the mask: rand < keep_prob
    U = np.random.default_rng(0).random((2000, 50))
    np.testing.assert_array_equal(kept, U < 0.7)


def test_keep_prob_per_layer():
    params = d.initialize_parameters([2, 5, 5, 1], "he", seed=0)
    _, caches = d.forward(np.ones((2, 4)), params, keep_prob=[1.0, 0.5], rng=1)
    assert caches[0].D is None and caches[1].D is not None


def test_initialization_methods_scales():
    dims = [500, 400, 1]
    W = {m: d.initialize_parameters(dims, m, seed=0)["W1"] for m in ["zeros", "random", "xavier", "he"]}
    assert not W["zeros"].any()
    assert abs(W["random"].std() - 0.01) < 1e-3
    assert abs(W["xavier"].std() - np.sqrt(1 / 500)) < 2e-3
    assert abs(W["he"].std() - np.sqrt(2 / 500)) < 2e-3
    assert abs(W["he"].mean()) < 2e-3  # randn, not rand
    big = d.initialize_parameters(dims, "random", seed=0, scale=10)["W1"]
    np.testing.assert_allclose(big, W["random"] * 1000)
    p = d.initialize_parameters([3, 4, 1], "he", seed=0)
    assert p["W1"].shape == (4, 3) and p["b1"].shape == (4, 1) and p["W2"].shape == (1, 4)


def test_cost_is_finite_when_output_saturates():
    params = d.initialize_parameters([2, 10, 1], "random", seed=0, scale=1000)
    X = np.array([[1.0, -1.0], [2.0, -2.0]])
    Y = np.array([[0, 1]])
    AL, caches = d.forward(X, params)
    assert ((AL == 0) | (AL == 1)).any()
    cost = d.compute_cost(AL, Y, caches=caches)
    assert np.isfinite(cost) and cost > 100
    assert np.isfinite(d.compute_cost(AL, Y))  # without caches: clipped, still finite


def test_compute_cost_matches_formula_and_l2():
    AL = np.array([[0.8, 0.9, 0.4]])
    Y = np.array([[1, 1, 0]])
    expected = -np.mean(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))
    assert d.compute_cost(AL, Y) == pytest.approx(expected, rel=1e-12)
    params = {"W1": np.ones((2, 3)), "b1": np.zeros((2, 1)), "W2": np.full((1, 2), 2.0), "b2": np.zeros((1, 1))}
    reg = 0.1 / (2 * 3) * (6 + 8)
    assert d.compute_cost(AL, Y, params, lambd=0.1) == pytest.approx(expected + reg, rel=1e-12)


def test_same_seed_same_training_different_seed_different():
    X, Y = d.make_moons(100, 0.2, seed=0)
    kw = dict(num_iterations=300, record_every=50)
    p1, h1 = d.train(X, Y, d.network([2, 5, 1], keep_prob=0.9, seed=7), d.GradientDescent(0.1), seed=7, **kw)
    p2, h2 = d.train(X, Y, d.network([2, 5, 1], keep_prob=0.9, seed=7), d.GradientDescent(0.1), seed=7, **kw)
    p3, h3 = d.train(X, Y, d.network([2, 5, 1], keep_prob=0.9, seed=7), d.GradientDescent(0.1), seed=8, **kw)
    for k in p1:
        np.testing.assert_array_equal(p1[k], p2[k])
    assert h1.costs == h2.costs
    assert h1.costs != h3.costs


def test_train_records_costs_and_learns():
    X, Y = d.make_flower(400, 0.2, seed=1)
    params, hist = d.train(X, Y, d.network([2, 4, 1], "tanh", init="random", seed=2), d.GradientDescent(1.2), 3000)
    assert hist.iterations[:3] == [0, 100, 200] and hist.iterations[-1] == 2999
    assert hist.costs[-1] < hist.costs[0] * 0.6
    acc = d.accuracy(d.predict(X, params, "tanh"), Y)
    assert acc > 0.85


def test_train_callback_progress_and_stop():
    X, Y = d.make_moons(60, 0.1, seed=0)
    seen = []

    def cb(i, params, history):
        seen.append(i)
        return i >= 20

    _, hist = d.train(X, Y, [2, 3, 1], d.GradientDescent(0.1), 100, callback=cb, callback_every=10, record_every=10)
    assert seen == [0, 10, 20]
    assert hist.iterations == [0, 10, 20]


def test_train_reports_divergence():
    X, Y = d.make_moons(100, 0.2, seed=0)
    X = X * 1e3
    _, hist = d.train(X, Y, d.network([2, 8, 1], init="random", scale=10), d.GradientDescent(1e6), 500, record_every=1)
    assert hist.diverged
    assert not np.isfinite(hist.costs[-1]) or hist.costs[-1] > 0


def test_train_with_dev_costs_and_float32():
    X, Y = d.make_moons(200, 0.2, seed=0)
    tr = d.train_test_split(X, Y, 0.25, seed=0)
    params, hist = d.train(tr.X_train, tr.Y_train, d.network([2, 5, 1], dtype=np.float32), d.GradientDescent(0.5),
                           200, dev=(tr.X_test, tr.Y_test))
    assert len(hist.dev_costs) == len(hist.costs)
    assert all(p.dtype == np.float32 for p in params.values())


@pytest.mark.parametrize("optimizer", ["gd", "momentum", "rmsprop", "adam"])
def test_optimizers_reduce_cost_with_mini_batches(optimizer):
    X, Y = d.make_moons(300, 0.2, seed=3)
    lr = {"gd": 0.3, "momentum": 0.3, "rmsprop": 0.01, "adam": 0.01}[optimizer]
    _, hist = d.train(X, Y, [2, 5, 2, 1], d.make_optimizer(optimizer, learning_rate=lr), 100, mini_batch_size=64,
                      record_every=10)
    assert hist.costs[-1] < hist.costs[0]


def test_random_mini_batches_handles_last_batch():
    X = np.arange(2 * 150).reshape(2, 150).astype(float)
    Y = (np.arange(150) % 2).reshape(1, -1)
    batches = d.random_mini_batches(X, Y, 64, rng=0)
    assert [b[0].shape[1] for b in batches] == [64, 64, 22]
    allX = np.hstack([b[0] for b in batches])
    allY = np.hstack([b[1] for b in batches])
    assert sorted(allX[0]) == sorted(X[0])
    np.testing.assert_array_equal(allY, (allX[0] % 2).reshape(1, -1))  # columns stay paired


def test_learning_rate_decay_forms():
    assert d.learning_rate_at(0.5, 10, decay_rate=1.0) == pytest.approx(0.5 / 11)
    assert d.learning_rate_at(0.5, 2500, decay_rate=1.0, time_interval=1000) == pytest.approx(0.5 / 3)


def test_update_parameters_and_predict():
    params = {"W1": np.ones((1, 2)), "b1": np.zeros((1, 1))}
    grads = {"dW1": np.ones((1, 2)), "db1": np.ones((1, 1))}
    d.update_parameters(params, grads, 0.5)
    np.testing.assert_allclose(params["W1"], 0.5)
    np.testing.assert_allclose(params["b1"], -0.5)
    pred = d.predict(np.array([[1.0, -1.0], [1.0, -1.0]]), params)
    np.testing.assert_array_equal(pred, [[1, 0]])
    assert d.accuracy(pred, np.array([[1, 1]])) == 0.5


def test_forward_shapes_follow_course_convention():
    params = d.initialize_parameters([4, 3, 2, 1], "he", seed=0)
    X = np.zeros((4, 6))
    AL, caches = d.forward(X, params)
    assert AL.shape == (1, 6)
    assert [c.Z.shape for c in caches] == [(3, 6), (2, 6), (1, 6)]
    Ws, _ = unpack(params)
    AL2, _ = dense_forward(X, Ws, unpack(params)[1], "relu", "sigmoid", [1.0, 1.0], None)
    np.testing.assert_array_equal(AL, AL2)


def test_softmax_output_gradients():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((2, 9))
    labels = rng.integers(0, 3, 9)
    Y = np.eye(3)[:, labels]
    params = d.initialize_parameters([2, 4, 3], "xavier", seed=0)
    assert d.gradient_check(X, Y, params, output_activation="softmax", hidden_activation="tanh") < 1e-7


def test_two_class_softmax_with_one_hot_labels():
    X, y = d.make_moons(100, 0.2, seed=0)
    Y = np.eye(2)[:, y[0]]
    params, hist = d.train(X, Y, d.network([2, 4, 2], output_activation="softmax"), d.GradientDescent(0.5), 300)
    assert hist.costs[-1] < hist.costs[0]
    AL, caches = d.forward(X, params, output_activation="softmax")
    assert d.compute_cost(AL, Y, caches=caches) == pytest.approx(hist.costs[-1], rel=0.05)
    small = d.initialize_parameters([2, 3, 2], "xavier", seed=1)
    assert d.gradient_check(X[:, :10], Y[:, :10], small, output_activation="softmax") < 1e-7
    with pytest.raises(ValueError, match="one-hot"):
        d.compute_cost(np.full((2, 2), 0.5), np.array([[1, 1], [1, 0]]))
    with pytest.raises(ValueError, match=r"Y must have shape \(1, 10\) to match the output layer"):
        d.gradient_check(X[:, :10], Y[:, :10], d.initialize_parameters([2, 3, 1], "he", seed=0))


@pytest.mark.parametrize("act", ACTS)
def test_batch_norm_network_gradients(act):
    rng = np.random.default_rng(4)
    X = rng.standard_normal((3, 8))
    Y = (rng.random((1, 8)) > 0.5).astype(float)
    params = d.initialize_parameters([3, 4, 3, 1], "xavier", seed=2, batch_norm=True)
    for k in ("gamma1", "beta1", "gamma2", "beta2"):
        params[k] = params[k] + rng.standard_normal(params[k].shape) * 0.3
    AL, caches = d.forward(X, params, act)
    grads = d.backward(AL, Y, caches, hidden_activation=act)
    assert {"dgamma1", "dbeta1", "dgamma2", "dbeta2"} <= set(grads) and "dgamma3" not in grads
    np.testing.assert_allclose(grads["db1"], 0, atol=1e-15)  # the mean subtraction cancels b
    assert d.gradient_check(X, Y, params, grads, hidden_activation=act) < 1e-7
    assert d.gradient_check(X, Y, params, hidden_activation=act, lambd=0.7, keep_prob=0.8, seed=1) < 1e-7


def test_batch_norm_training_and_running_averages():
    X, Y = d.make_moons(300, 0.2, seed=3)
    X = X * 50 + 20  # badly scaled inputs: what batch norm is for
    dims = [2, 8, 8, 8, 1]
    p_bn, h_bn = d.train(X, Y, d.network(dims, batch_norm=True, seed=1), d.GradientDescent(0.1), 600, seed=1,
                         mini_batch_size=64)
    again, h2 = d.train(X, Y, d.network(dims, batch_norm=True, seed=1), d.GradientDescent(0.1), 600, seed=1,
                        mini_batch_size=64)
    assert h_bn.costs == h2.costs
    assert d.accuracy(d.predict(X, p_bn), Y) > 0.85
    # the running averages track the first layer's pre-activation statistics
    Z1 = p_bn["W1"] @ X + p_bn["b1"]
    np.testing.assert_allclose(p_bn["mean1"].ravel(), Z1.mean(axis=1), rtol=0.1, atol=0.5)
    # one example at a time gives the same predictions (test-time batch norm uses no batch)
    one = np.hstack([d.predict_proba(X[:, i:i + 1], p_bn) for i in range(5)])
    np.testing.assert_allclose(one, d.predict_proba(X[:, :5], p_bn))
    full, _ = d.train(X, Y, d.network(dims, batch_norm=True, seed=1), d.GradientDescent(0.1), 100, seed=1)
    assert set(full) >= {"gamma3", "beta3", "mean3", "var3"}
    with pytest.raises(ValueError, match=r"gamma2 must have shape \(8, 1\)"):
        bad = dict(full)
        bad["gamma2"] = np.ones((3, 1))
        d.predict(X, bad)


def test_train_takes_at_most_twelve_parameters_and_objects_for_the_rest():
    import inspect

    params = inspect.signature(d.train).parameters
    assert len(params) <= 12
    assert list(params)[:5] == ["X", "Y", "model", "optimizer", "num_iterations"]
    assert not {"learning_rate", "lambd", "keep_prob", "beta", "hidden_activation", "parameters"} & set(params)
    assert list(inspect.signature(d.train_in_span).parameters)[:5] == list(params)[:5]


def test_the_settings_table_checks_every_setting_by_name():
    from dlnotes import validation as v

    assert {"learning_rate", "num_iterations", "lambd", "l1", "keep_prob", "beta", "beta1", "beta2", "epsilon",
            "decay_rate", "time_interval", "mini_batch_size", "record_every", "callback_every", "bn_momentum",
            "scale"} == set(v.SETTINGS)
    assert v.check_settings(learning_rate=0.1, time_interval=None, keep_prob=[0.5, 1.0]) == \
        {"learning_rate": 0.1, "time_interval": None, "keep_prob": [0.5, 1.0]}
    for name, bad, match in [("learning_rate", 0, "> 0"), ("lambd", -1, ">= 0"), ("beta1", 1, r"in \[0, 1\)"),
                             ("mini_batch_size", 0, "integer >= 1"), ("keep_prob", [0.5, 0], r"in \(0, 1\]"),
                             ("epsilon", float("inf"), "finite number"), ("record_every", True, "integer")]:
        with pytest.raises(ValueError, match=f"{name} must be.*{match}"):
            v.check_setting(name, bad)
