"""Every public function rejects bad input with a ValueError that names the argument."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import dlnotes as d

PARAMS = d.initialize_parameters([2, 3, 1], "he", seed=0)
X = np.zeros((2, 5))
Y = np.array([[0, 1, 0, 1, 1]])
SEQUENTIAL = d.layers.dense_layers(d.network([2, 3, 1]))  # a model made of layers: train's other path


@pytest.mark.parametrize("call,match", [
    (lambda: d.forward(np.zeros(5), PARAMS), r"X must be a 2-D array, got shape \(5,\).*rank-1"),
    (lambda: d.forward(np.zeros((3, 5)), PARAMS), r"X must have 2 rows, got shape \(3, 5\)"),
    (lambda: d.forward(np.zeros((2, 0)), PARAMS), r"X must not be empty"),
    (lambda: d.forward(np.full((2, 2), np.nan), PARAMS), r"X must be finite"),
    (lambda: d.forward(X, PARAMS, keep_prob=0.0, rng=0), r"keep_prob must be in \(0, 1\], got 0.0"),
    (lambda: d.forward(X, PARAMS, keep_prob=1.5, rng=0), r"keep_prob must be in \(0, 1\], got 1.5"),
    (lambda: d.forward(X, PARAMS, keep_prob=0.5), r"rng must be"),
    (lambda: d.forward(X, PARAMS, hidden_activation="swish"), r"hidden_activation must be one of"),
    (lambda: d.forward(X, {"W1": np.zeros((3, 2))}), r"missing b1"),
    (lambda: d.forward(X, {"W1": np.zeros((3, 2)), "b1": np.zeros(3)}), r"b1 must have shape \(3, 1\)"),
    (lambda: d.compute_cost(np.full((1, 5), 0.5), np.array([0, 1, 0, 1, 1])), r"Y must have shape"),
    (lambda: d.compute_cost(np.full((1, 5), 0.5), np.array([[0, 1, 2, 1, 1]])),
     r"Y must hold labels in \[0, 1\], got value\(s\) \[2.0\]"),
    (lambda: d.compute_cost(np.full((1, 5), 0.5), Y, PARAMS, lambd=-1), r"lambd must be >= 0, got -1"),
    (lambda: d.compute_cost(np.full((1, 4), 0.5), Y), r"Y must have shape \(1, 4\)"),
    (lambda: d.initialize_parameters([2], "he"), r"layer_dims must have at least 2"),
    (lambda: d.initialize_parameters([2, 0, 1], "he"), r"layer_dims\[1\] must be a positive integer, got 0"),
    (lambda: d.initialize_parameters([2, 3, 1], "glorot"), r"method must be one of"),
    (lambda: d.update_parameters(dict(PARAMS), {}, 0.1), r"grads\['dW1'\] must have shape"),
    (lambda: d.update_parameters(dict(PARAMS), {}, 0.0), r"learning_rate must be > 0, got 0.0"),
    (lambda: d.train(X, Y, [2, 3, 1], d.GradientDescent(-0.1), 10), r"learning_rate must be > 0"),
    (lambda: d.train(X, Y, [2, 3, 1], None, 0), r"num_iterations must be an integer >= 1"),
    (lambda: d.train(X, Y, d.network([2, 3, 1], lambd=-0.5)), r"lambd must be >= 0"),
    (lambda: d.train(X, Y, d.network([2, 3, 1], init="ones")), r"method must be one of"),
    (lambda: d.train(X, Y[:, :4], [2, 3, 1]), r"Y must have shape \(1, 5\)"),
    (lambda: d.train(X, Y, [3, 3, 1]), r"X must have 3 rows"),
    (lambda: d.train(X, Y, [2, 3, 1], "sgd"), r"optimizer must be an optimizer such as"),
    (lambda: d.train(X, Y, [2, 3, 1], 0.1), r"optimizer must be an optimizer such as .*, got 0.1"),
    (lambda: d.train(X, Y, d.network([2, 3, 1], keep_prob=[0.5, 0.5])), r"keep_prob must be a float or one value"),
    (lambda: d.train(X, Y, "[2, 3, 1]"), r"model must be a Network, a dlnotes.layers.Sequential or a list"),
    (lambda: d.train(X, Y, [2, 3, 1], dev=X), r"dev must be None or a pair \(X_dev, Y_dev\), got ndarray"),
    (lambda: d.train(X, Y, [2, 3, 1], dev=(X, Y, Y)), r"dev must be None or a pair .*, got tuple of 3 items"),
    (lambda: d.train(X, Y, [2, 3, 1], dev=(X, Y[:, :4])), r"Y_dev must have shape \(1, 5\)"),
    (lambda: d.train(X, Y, [2, 3, 1], dev=(X[:1], Y)), r"X_dev must have 2 rows"),
    (lambda: d.train(X, Y, [2, 3, 1], mini_batch_size=0), r"mini_batch_size must be an integer >= 1, got 0"),
    (lambda: d.train(np.full((2, 5), np.nan), Y, SEQUENTIAL), r"X must be finite, got 10 NaN or inf value\(s\)"),
    (lambda: d.train(X, Y, SEQUENTIAL, dev=(np.full((2, 5), np.inf), Y)), r"X_dev must be finite, got 10 NaN"),
    (lambda: d.train(X, Y, [2, 3, 1], record_every=1.5), r"record_every must be an integer >= 1, got 1.5"),
    (lambda: d.train(X, Y, d.network([2, 3, 1], dtype=np.float16)), r"dtype must be float32 or float64"),
    (lambda: d.network([2, 3, 2], output_activation="sigmoid"), r"layer_dims\[-1\] must be 1 for a sigmoid"),
    (lambda: d.network([2, 3, 1], bn_momentum=1.0), r"bn_momentum must be in \[0, 1\), got 1.0"),
    (lambda: d.network([2, 3, 1], scale=0), r"scale must be > 0, got 0"),
    (lambda: d.network([2, 3, 1], l1=-1), r"l1 must be >= 0, got -1"),
    (lambda: d.Network(PARAMS, keep_prob=0), r"keep_prob must be in \(0, 1\], got 0"),
    (lambda: d.propagate(np.zeros((3, 1)), 0.0, X, Y), r"w must have 2 rows"),
    (lambda: d.propagate(np.zeros((2, 1)), np.nan, X, Y), r"b must be a finite scalar"),
    (lambda: d.accuracy(np.zeros(5), Y), r"Y_hat and Y must both have shape \(1, m\)"),
    (lambda: d.random_mini_batches(X, Y, 0), r"mini_batch_size must be an integer >= 1"),
    (lambda: d.gradient_check(X, Y, PARAMS, epsilon=0), r"epsilon must be > 0"),
    (lambda: d.make_moons(300, noise=-1), r"noise must be >= 0"),
    (lambda: d.make_dataset("swirl"), r"name must be one of"),
    (lambda: d.plot_decision_boundary(lambda g: g[:1], np.zeros((3, 4)), Y[:, :4]), r"X must have 2 rows"),
])
def test_bad_input_raises_value_error_naming_the_argument(call, match):
    with pytest.raises(ValueError, match=match):
        call()


# ---------------------------------------------------------------- generated inputs (hypothesis)
COUNTS = {"valid": 0, "rejected": 0}


def _classify(fn):
    try:
        fn()
    except ValueError as exc:
        assert str(exc), "ValueError without a message"
        COUNTS["rejected"] += 1
        return False
    COUNTS["valid"] += 1
    return True


finite_or_not = st.floats(allow_nan=True, allow_infinity=True, width=64)
shapes = hnp.array_shapes(min_dims=1, max_dims=3, min_side=0, max_side=6)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(X=hnp.arrays(np.float64, shapes, elements=finite_or_not),
       Y=hnp.arrays(np.float64, shapes, elements=st.sampled_from([0.0, 1.0, 2.0, -1.0, 0.5, np.nan])),
       keep_prob=st.floats(-1, 2), lambd=st.floats(-1, 2), lr=st.floats(-1, 1))
def test_train_either_works_or_raises_value_error(X, Y, keep_prob, lambd, lr):
    def call():
        start = d.network([X.shape[0] if X.ndim else 1, 2, 1], keep_prob=keep_prob, lambd=lambd)
        params, hist = d.train(X, Y, start, d.GradientDescent(lr), 3, record_every=1)
        assert all(np.isfinite(p).all() for p in params.values()) or hist.diverged
    if _classify(call):
        # it only accepts what the rules allow
        assert X.ndim == 2 and X.size > 0 and np.isfinite(X).all()
        assert Y.shape == (1, X.shape[1]) and set(np.unique(Y)) <= {0.0, 1.0}
        assert 0 < keep_prob <= 1 and lambd >= 0 and lr > 0


@settings(max_examples=200, deadline=None)
@given(A=hnp.arrays(np.float64, shapes, elements=st.one_of(st.floats(-0.5, 1.5), st.just(np.nan))),
       Y=hnp.arrays(np.int64, shapes, elements=st.integers(-1, 2)))
def test_compute_cost_either_finite_or_value_error(A, Y):
    out = []
    if _classify(lambda: out.append(d.compute_cost(A, Y))):
        assert np.isfinite(out[0]) and out[0] >= 0


@settings(max_examples=200, deadline=None)
@given(dims=st.lists(st.integers(-2, 6), min_size=0, max_size=5),
       method=st.sampled_from(["zeros", "random", "xavier", "he", "glorot", ""]))
def test_initialize_parameters_either_shapes_or_value_error(dims, method):
    out = []
    if _classify(lambda: out.append(d.initialize_parameters(dims, method, seed=1))):
        p = out[0]
        for l in range(1, len(dims)):
            assert p[f"W{l}"].shape == (dims[l], dims[l - 1]) and p[f"b{l}"].shape == (dims[l], 1)


def test_zz_hypothesis_case_counts():
    """Report how many generated cases were accepted and rejected (both kinds must occur)."""
    print(f"hypothesis cases: {COUNTS['valid']} valid, {COUNTS['rejected']} rejected with ValueError")
    assert COUNTS["valid"] > 0 and COUNTS["rejected"] > 0
