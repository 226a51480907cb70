"""The fast path (``dlnotes.fastpath``) computes what the layers compute, bit for bit: forward caches and
gradients on random networks, float32 and float64, with dropout, batch norm, L2 and L1."""

import copy
import pickle

import numpy as np
import pytest

import dlnotes as d
from dlnotes.activations import HIDDEN_ACTIVATIONS
from dlnotes.fastpath import DenseCache, dense_backward, dense_forward
from dlnotes.model import Caches, batch_norm_state, unpack


def _random_case(seed):
    rng = np.random.default_rng(seed)
    L = int(rng.integers(1, 5))
    dims = [int(n) for n in rng.integers(1, 7, L + 1)]
    output = ("sigmoid", "softmax", "linear")[seed % 3]
    if output == "sigmoid":
        dims[-1] = 1
    elif output == "softmax":
        dims[-1] = max(dims[-1], 2)
    dtype = (np.float64, np.float32)[seed // 3 % 2]
    bn = L > 1 and seed % 4 == 1
    params = d.initialize_parameters(dims, "he", seed, dtype=dtype, batch_norm=bn)
    for k in params:  # nonzero biases and batch-norm state, so every term is exercised
        if k[0] in "bgm":
            params[k] += rng.standard_normal(params[k].shape).astype(dtype) * 0.1
    m = int(rng.integers(2, 9))
    X = rng.standard_normal((dims[0], m)).astype(dtype)
    if output == "sigmoid":
        Y = rng.integers(0, 2, (1, m))
    elif output == "softmax":
        Y = np.eye(dims[-1])[:, rng.integers(0, dims[-1], m)]
    else:
        Y = rng.standard_normal((dims[-1], m))
    hidden = HIDDEN_ACTIVATIONS[seed % len(HIDDEN_ACTIVATIONS)]
    keep = [float(rng.choice([1.0, 0.6, 0.85])) for _ in range(L - 1)]
    lambd, l1 = float(rng.choice([0.0, 0.7])), float(rng.choice([0.0, 0.3]))
    return X, Y.astype(dtype), params, hidden, output, keep, lambd, l1


@pytest.mark.parametrize("seed", range(24))
def test_the_fast_path_equals_the_layers_bit_for_bit(seed):
    X, Y, params, hidden, output, keep, lambd, l1 = _random_case(seed)
    before = {k: p.copy() for k, p in params.items()}
    AL, caches = d.forward(X, params, hidden, output, keep_prob=keep, rng=seed)
    grads = d.backward(AL, Y, caches, lambd=lambd, l1=l1)
    assert all(np.array_equal(before[k], params[k]) for k in params)  # running averages untouched
    Ws, bs = unpack(params)
    bn = batch_norm_state(params)
    AL2, fast = dense_forward(X, Ws, bs, hidden, output, keep, np.random.default_rng(seed), bn=bn)
    assert AL2.dtype == X.dtype and np.array_equal(AL, AL2)
    assert len(fast) == len(caches)
    for c, f in zip(caches, fast):
        for field in ("A_prev", "W", "b", "Z", "A", "D"):
            a, b = getattr(c, field), getattr(f, field)
            assert (a is None and b is None) or np.array_equal(a, b), field
        assert (c.activation, c.slope) == (f.activation, f.slope)
    bn_out = None
    if bn is not None:
        bn_out = tuple([np.empty_like(g) for g in bn.gammas] for _ in range(2))
    dWs, dbs = dense_backward(AL2, Y, fast, lambd, bn_out=bn_out, l1=l1)
    for i, (dW, db) in enumerate(zip(dWs, dbs), start=1):
        assert dW.dtype == X.dtype
        assert np.array_equal(dW, grads[f"dW{i}"]) and np.array_equal(db, grads[f"db{i}"])
    if bn is not None:
        for i, (dgamma, dbeta) in enumerate(zip(*bn_out), start=1):
            assert np.array_equal(dgamma, grads[f"dgamma{i}"]) and np.array_equal(dbeta, grads[f"dbeta{i}"])


def test_the_first_layers_row_major_layout_gives_the_same_gradients():
    X = np.asfortranarray(np.random.default_rng(0).standard_normal((2000, 7)))
    params = d.initialize_parameters([2000, 4, 1], seed=0)
    Y = (X[:1] > 0).astype(float)
    Ws, bs = unpack(params)
    AL, caches = dense_forward(X, Ws, bs, "relu", "sigmoid", [1.0], None)
    XT = np.ascontiguousarray(X.T)
    AL2, caches2 = dense_forward(X, Ws, bs, "relu", "sigmoid", [1.0], None, XT=XT)
    assert np.allclose(AL, AL2, rtol=1e-13, atol=0)
    for g, g2 in zip(dense_backward(AL, Y, caches, 0.0)[0], dense_backward(AL2, Y, caches2, 0.0, XT=XT)[0]):
        assert np.allclose(g, g2, rtol=1e-12, atol=1e-15)


def test_forward_returns_caches_that_hold_the_layers():
    X, Y, params, *_ = _random_case(1)
    AL, caches = d.forward(X, params, "relu", "softmax")
    assert isinstance(caches, Caches) and all(isinstance(c, DenseCache) for c in caches)
    assert isinstance(caches.model, d.layers.Sequential)
    assert len(caches.layer_caches) == len(caches.model.layers)
    with pytest.raises(ValueError, match="caches must be the non-empty Caches returned by forward, got list"):
        d.backward(AL, Y, list(caches))
    grads = d.backward(AL, Y, caches)
    for other in (copy.deepcopy(caches), pickle.loads(pickle.dumps(caches))):  # what backward needs travels along
        assert all(np.array_equal(g, d.backward(AL, Y, other)[k]) for k, g in grads.items())
