"""dlnotes.conv: the vectorized convolution and pooling equal the course's loops (the exercise solutions) to
1e-12, pass the centred-difference gradient check, refuse bad input by name, and (when PyTorch is installed)
equal PyTorch's conv2d / max_pool2d / avg_pool2d forward and backward to 1e-10 in float64."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dlnotes as d
from dlnotes import conv
from dlnotes.exercises.solutions import c4w1 as loops


@st.composite
def conv_case(draw):
    """A random (A_prev, W, b, hparameters) whose window fits, with stride 1-3 and padding 0-2."""
    f = draw(st.integers(1, 4))
    pad = draw(st.integers(0, 2))
    stride = draw(st.integers(1, 3))
    n_H = draw(st.integers(max(1, f - 2 * pad), 8))
    n_W = draw(st.integers(max(1, f - 2 * pad), 8))
    m, n_C_prev, n_C = draw(st.integers(1, 3)), draw(st.integers(1, 3)), draw(st.integers(1, 4))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    return (rng.standard_normal((m, n_H, n_W, n_C_prev)), rng.standard_normal((f, f, n_C_prev, n_C)),
            rng.standard_normal((1, 1, 1, n_C)), {"stride": stride, "pad": pad})


@st.composite
def pool_case(draw):
    """A random (A_prev, hparameters) whose window fits, windows overlapping or not."""
    f, stride = draw(st.integers(1, 4)), draw(st.integers(1, 3))
    n_H, n_W = draw(st.integers(f, 9)), draw(st.integers(f, 9))
    m, n_C = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    return rng.standard_normal((m, n_H, n_W, n_C)), {"f": f, "stride": stride}


@settings(max_examples=60, deadline=None)
@given(conv_case())
def test_conv_forward_and_backward_equal_the_course_loops(case):
    A_prev, W, b, hp = case
    Z, cache = conv.conv_forward(A_prev, W, b, hp)
    Z_loop, cache_loop = loops.conv_forward(A_prev, W, b, hp)
    assert Z.shape == Z_loop.shape
    np.testing.assert_allclose(Z, Z_loop, rtol=0, atol=1e-12)
    assert len(cache) == 4 and cache[0] is not None
    dZ = np.random.default_rng(1).standard_normal(Z.shape)
    for ours, theirs in zip(conv.conv_backward(dZ, cache), loops.conv_backward(dZ, cache_loop)):
        assert ours.shape == theirs.shape
        np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(pool_case(), st.sampled_from(["max", "average"]))
def test_pool_forward_and_backward_equal_the_course_loops(case, mode):
    A_prev, hp = case
    A, cache = conv.pool_forward(A_prev, hp, mode=mode)
    A_loop, cache_loop = loops.pool_forward(A_prev, hp, mode=mode)
    np.testing.assert_allclose(A, A_loop, rtol=0, atol=1e-12)
    dA = np.random.default_rng(2).standard_normal(A.shape)
    np.testing.assert_allclose(conv.pool_backward(dA, cache, mode=mode),
                               loops.pool_backward(dA, cache_loop, mode=mode), rtol=0, atol=1e-12)


def test_output_size_formula_and_the_course_shapes():
    A_prev = np.zeros((2, 5, 7, 4))
    W, b = np.zeros((3, 3, 4, 8)), np.zeros((1, 1, 1, 8))
    assert conv.conv_forward(A_prev, W, b, {"pad": 3, "stride": 1})[0].shape == (2, 9, 11, 8)
    assert conv.conv_forward(A_prev, W, b, {"pad": 0, "stride": 2})[0].shape == (2, 2, 3, 8)
    W5, b5 = np.zeros((5, 5, 4, 8)), np.zeros((1, 1, 1, 8))
    assert conv.conv_forward(A_prev, W5, b5, {"pad": 6, "stride": 1})[0].shape == (2, 13, 15, 8)
    assert conv.pool_forward(np.zeros((2, 5, 7, 3)), {"stride": 2, "f": 2}, mode="average")[0].shape == (2, 2, 3, 3)
    assert conv.pool_forward(np.zeros((4, 5, 7, 4)), {"stride": 1, "f": 5})[0].shape == (4, 1, 3, 4)
    assert conv.zero_pad(np.ones((4, 3, 3, 2)), 3).shape == (4, 9, 9, 2)
    assert conv.conv_output_size(64, 3, pad=1, stride=1) == 64  # "same"
    assert conv.conv_output_size(6, 3, pad=0, stride=2) == 2  # floor((6 - 3) / 2) + 1


def test_zero_pad_pads_only_height_and_width():
    X = np.arange(2 * 3 * 4 * 5, dtype=float).reshape(2, 3, 4, 5) + 1
    P = conv.zero_pad(X, 2)
    assert P.shape == (2, 7, 8, 5)
    np.testing.assert_array_equal(P[:, 2:5, 2:6, :], X)
    assert P.sum() == X.sum()
    assert conv.zero_pad(X, 0).shape == X.shape


def _scalar_loss(G, forward):
    """L(x) = sum(G * forward(x)): its gradient with respect to forward's output is G."""
    return lambda x: float(np.sum(G * forward(x)))


@pytest.mark.parametrize("stride,pad,f", [(1, 0, 3), (2, 1, 3), (1, 2, 2), (3, 1, 2)])
def test_conv_backward_passes_the_gradient_check(stride, pad, f):
    rng = np.random.default_rng(stride * 10 + pad)
    A_prev = rng.standard_normal((2, 5, 6, 3))
    W, b = rng.standard_normal((f, f, 3, 2)), rng.standard_normal((1, 1, 1, 2))
    hp = {"stride": stride, "pad": pad}
    Z, cache = conv.conv_forward(A_prev, W, b, hp)
    G = rng.standard_normal(Z.shape)
    dA_prev, dW, db = conv.conv_backward(G, cache)
    numeric = {
        "A_prev": d.numerical_gradient(_scalar_loss(G, lambda x: conv.conv_forward(x, W, b, hp)[0]), A_prev),
        "W": d.numerical_gradient(_scalar_loss(G, lambda x: conv.conv_forward(A_prev, x, b, hp)[0]), W),
        "b": d.numerical_gradient(_scalar_loss(G, lambda x: conv.conv_forward(A_prev, W, x, hp)[0]), b),
    }
    for name, analytic in (("A_prev", dA_prev), ("W", dW), ("b", db)):
        assert d.relative_difference(analytic, numeric[name]) < 1e-7, name


@pytest.mark.parametrize("mode", ["max", "average"])
@pytest.mark.parametrize("f,stride", [(2, 2), (3, 1), (3, 2)])
def test_pool_backward_passes_the_gradient_check(mode, f, stride):
    rng = np.random.default_rng(f * 10 + stride)
    A_prev = rng.standard_normal((2, 6, 7, 2))
    hp = {"f": f, "stride": stride}
    A, cache = conv.pool_forward(A_prev, hp, mode=mode)
    G = rng.standard_normal(A.shape)
    numeric = d.numerical_gradient(_scalar_loss(G, lambda x: conv.pool_forward(x, hp, mode=mode)[0]), A_prev)
    assert d.relative_difference(conv.pool_backward(G, cache, mode=mode), numeric) < 1e-7


@pytest.mark.parametrize("f", [2, 4])  # small windows go offset by offset, larger ones by argmax
def test_max_pool_backward_sends_a_tie_to_the_first_maximum_only(f):
    window = np.zeros((f, f))
    window[0, 1] = window[1, 0] = window[f - 1, f - 1] = 3.0
    _, cache = conv.pool_forward(window.reshape(1, f, f, 1), {"f": f, "stride": f})
    dA_prev = conv.pool_backward(np.ones((1, 1, 1, 1)), cache)
    expected = np.zeros((f, f))
    expected[0, 1] = 1.0
    np.testing.assert_array_equal(dA_prev[0, :, :, 0], expected)
    relu_zeros = np.zeros((1, 2 * f, 2 * f, 2))  # after a ReLU whole windows are 0: one gradient per window
    A, cache = conv.pool_forward(relu_zeros, {"f": f, "stride": 1})
    assert conv.pool_backward(np.ones(A.shape), cache).sum() == A.size


def _first_max_backward(dA, A_prev, f, stride):
    """The rule written out window by window: all of dA[i, h, w, c] to its window's first maximum in reading
    order, added up where windows overlap."""
    dA_prev = np.zeros(A_prev.shape)
    for i, h, w, c in np.ndindex(dA.shape):
        window = A_prev[i, h * stride:h * stride + f, w * stride:w * stride + f, c]
        r, q = divmod(int(np.argmax(window)), f)
        dA_prev[i, h * stride + r, w * stride + q, c] += dA[i, h, w, c]
    return dA_prev


def test_max_pool_cache_is_the_course_pair_carrying_the_positions_of_the_maxima():
    A_prev = np.random.default_rng(7).standard_normal((2, 6, 6, 3))
    hp = {"f": 3, "stride": 3}
    A, cache = conv.pool_forward(A_prev, hp)
    assert isinstance(cache, conv.MaxPoolCache) and isinstance(cache, tuple) and len(cache) == 2
    cached_A_prev, cached_hp = cache  # the course's unpacking
    assert cached_A_prev is A_prev and cached_hp == hp and cache.window == (3, 3)
    assert cache.positions.shape == A.shape
    rows, cols = np.divmod(cache.positions, 3)
    i, h, w, c = np.indices(A.shape)
    np.testing.assert_array_equal(A_prev[i, 3 * h + rows, 3 * w + cols, c], A)  # the positions hold the maxima
    np.testing.assert_array_equal(A_prev.reshape(-1)[cache.index], A)  # so do the flat indices
    assert not isinstance(conv.pool_forward(A_prev, hp, mode="average")[1], conv.MaxPoolCache)


def test_max_pool_backward_uses_the_recorded_positions_and_finds_them_for_a_plain_tuple():
    rng = np.random.default_rng(8)
    A_prev, hp = rng.standard_normal((2, 6, 6, 2)), {"f": 2, "stride": 2}
    A, cache = conv.pool_forward(A_prev, hp)
    dA = rng.standard_normal(A.shape)
    expected = _first_max_backward(dA, A_prev, 2, 2)
    np.testing.assert_array_equal(conv.pool_backward(dA, cache), expected)
    np.testing.assert_array_equal(conv.pool_backward(dA, (A_prev, hp)), expected)  # the course's plain tuple
    np.testing.assert_array_equal(conv.pool_backward(dA, tuple(cache)), expected)
    # planted positions (every window's top-left) are followed: proof that the recorded ones are used
    planted = conv.MaxPoolCache((A_prev, hp), np.zeros(A.shape, dtype=np.intp), (2, 2))
    top_left = np.zeros(A_prev.shape)
    top_left[:, ::2, ::2, :] = dA
    np.testing.assert_array_equal(conv.pool_backward(dA, planted), top_left)
    # a planted flat index is followed too (the positions then are not looked at)
    top_left_index = np.arange(A_prev.size).reshape(A_prev.shape)[:, ::2, ::2, :]
    planted = conv.MaxPoolCache((A_prev, hp), cache.positions, (2, 2), top_left_index)
    np.testing.assert_array_equal(conv.pool_backward(dA, planted), top_left)
    # positions recorded for another window, or of another shape, are not trusted: found again
    for stale in (conv.MaxPoolCache((A_prev, hp), np.zeros(A.shape, dtype=np.intp), (3, 2)),
                  conv.MaxPoolCache((A_prev, hp), np.zeros((1, 1, 1, 1), dtype=np.intp), (2, 2)),
                  conv.MaxPoolCache((A_prev, hp))):
        np.testing.assert_array_equal(conv.pool_backward(dA, stale), expected)


@pytest.mark.parametrize("f,stride", [(2, 1), (3, 1), (3, 2), (4, 1), (4, 3), (5, 2), (4, 4)])
@pytest.mark.parametrize("plain", [False, True])
def test_max_pool_backward_adds_up_overlapping_windows_with_ties_to_the_first_maximum(f, stride, plain):
    rng = np.random.default_rng(f * 10 + stride)
    A_prev = rng.integers(0, 3, size=(2, 9, 10, 2)).astype(float)  # three values: many ties, many overlaps
    hp = {"f": f, "stride": stride}
    A, cache = conv.pool_forward(A_prev, hp)
    dA = rng.standard_normal(A.shape)
    got = conv.pool_backward(dA, (A_prev, hp) if plain else cache)
    np.testing.assert_allclose(got, _first_max_backward(dA, A_prev, f, stride), rtol=0, atol=1e-12)


def test_max_pool_cache_survives_copy_and_pickle():
    import copy
    import pickle

    A_prev = np.random.default_rng(9).standard_normal((1, 4, 4, 1))
    _, cache = conv.pool_forward(A_prev, {"f": 2, "stride": 2})
    for clone in (copy.deepcopy(cache), pickle.loads(pickle.dumps(cache))):
        assert isinstance(clone, conv.MaxPoolCache) and clone.window == (2, 2)
        np.testing.assert_array_equal(clone.positions, cache.positions)
        np.testing.assert_array_equal(clone.index, cache.index)
        np.testing.assert_array_equal(clone[0], A_prev)


def test_float32_stays_float32():
    rng = np.random.default_rng(3)
    A_prev = rng.standard_normal((2, 6, 6, 3)).astype(np.float32)
    W, b = rng.standard_normal((3, 3, 3, 4)).astype(np.float32), np.zeros((1, 1, 1, 4), np.float32)
    Z, cache = conv.conv_forward(A_prev, W, b, {"stride": 1, "pad": 1})
    assert Z.dtype == np.float32
    assert all(g.dtype == np.float32 for g in conv.conv_backward(np.ones_like(Z), cache))
    A, pcache = conv.pool_forward(Z, {"f": 2, "stride": 2})
    assert A.dtype == np.float32 and conv.pool_backward(np.ones_like(A), pcache).dtype == np.float32


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_splitting_the_examples_over_threads_changes_no_bit(dtype, monkeypatch):
    """Above PARALLEL_BYTES (set to 0 here) the memory-bound work runs over chunks of the examples, one per BLAS
    thread (3 here: uneven chunks of 7 examples); every result equals the unsplit run's bit for bit, ties in max
    pooling included (BLAS keeps its 3 threads in both runs: only the split differs)."""
    from threadpoolctl import threadpool_limits

    rng = np.random.default_rng(5)
    A_prev = rng.integers(-3, 4, (7, 20, 20, 18)).astype(dtype)  # small integers: many tied maxima
    W, b = rng.standard_normal((3, 3, 18, 5)).astype(dtype), rng.standard_normal((1, 1, 1, 5)).astype(dtype)
    dZ = rng.standard_normal((7, 20, 20, 5)).astype(dtype)

    def everything():
        Z, cache = conv.conv_forward(A_prev, W, b, {"stride": 1, "pad": 1})
        out = [Z, *conv.conv_backward(dZ, cache)]
        for f, stride in ((2, 2), (3, 1), (5, 5)):
            A, pcache = conv.pool_forward(A_prev, {"f": f, "stride": stride})
            dA = np.linspace(-1, 1, A.size, dtype=dtype).reshape(A.shape)
            out += [A, pcache.positions, pcache.index, conv.pool_backward(dA, pcache),
                    conv.pool_backward(dA, tuple(pcache))]
        return out

    with threadpool_limits(limits=3, user_api="blas"):
        assert conv._blas_threads() == 3
        monkeypatch.setattr(conv, "PARALLEL_BYTES", 0)
        several = everything()
        monkeypatch.setattr(conv, "PARALLEL_BYTES", 1 << 62)
        one = everything()
    for a, b_ in zip(one, several, strict=True):
        np.testing.assert_array_equal(a, b_)


def test_exported_by_the_package():
    for name in ("zero_pad", "conv_forward", "conv_backward", "pool_forward", "pool_backward", "conv_output_size"):
        assert getattr(d, name) is getattr(conv, name)


GOOD = (np.zeros((2, 5, 5, 3)), np.zeros((3, 3, 3, 4)), np.zeros((1, 1, 1, 4)), {"stride": 1, "pad": 0})


@pytest.mark.parametrize("args,words", [
    ((np.zeros((5, 5, 3)),) + GOOD[1:], ["A_prev", "4-D", "(5, 5, 3)"]),
    ((GOOD[0], np.zeros((3, 3, 2, 4))) + GOOD[2:], ["W", "n_C_prev = 3", "(3, 3, 2, 4)"]),
    ((GOOD[0], np.zeros((3, 2, 3, 4))) + GOOD[2:], ["W", "square", "(3, 2, 3, 4)"]),
    (GOOD[:2] + (np.zeros((1, 4)), GOOD[3]), ["b", "4-D", "(1, 4)"]),
    (GOOD[:2] + (np.zeros((1, 1, 1, 3)), GOOD[3]), ["b", "(1, 1, 1, 4)", "(1, 1, 1, 3)"]),
    (GOOD[:3] + ({"stride": 0, "pad": 0},), ["hparameters['stride']", ">= 1", "0"]),
    (GOOD[:3] + ({"stride": 1, "pad": -1},), ["hparameters['pad']", ">= 0", "-1"]),
    (GOOD[:3] + ({"stride": 1.5, "pad": 0},), ["hparameters['stride']", "1.5"]),
    (GOOD[:3] + ({"stride": 1},), ["hparameters", "pad", "missing"]),
    ((np.zeros((2, 2, 2, 3)),) + GOOD[1:], ["window must fit", "f = 3"]),
    ((np.full((2, 5, 5, 3), np.nan),) + GOOD[1:], ["A_prev", "finite", "150"]),
])
def test_conv_forward_refuses_bad_input_by_name(args, words):
    with pytest.raises(ValueError) as err:
        conv.conv_forward(*args)
    for w in words:
        assert w in str(err.value), (w, str(err.value))


def test_backward_refuses_a_wrong_gradient_or_cache():
    Z, cache = conv.conv_forward(*GOOD)
    with pytest.raises(ValueError, match=r"dZ must have the forward output's shape \(2, 3, 3, 4\)"):
        conv.conv_backward(np.zeros((2, 3, 3, 5)), cache)
    with pytest.raises(ValueError, match="cache must be the 4-tuple"):
        conv.conv_backward(Z, cache[:2])
    A, pcache = conv.pool_forward(GOOD[0], {"f": 2, "stride": 2})
    with pytest.raises(ValueError, match=r"dA must have the forward output's shape \(2, 2, 2, 3\)"):
        conv.pool_backward(np.zeros((2, 2, 2, 4)), pcache)
    with pytest.raises(ValueError, match="mode must be one of"):
        conv.pool_backward(A, pcache, mode="min")
    # a plain tuple makes pool_backward read A_prev's values to find the maxima: they are checked then
    with pytest.raises(ValueError, match="A_prev must be finite, got 150 NaN"):
        conv.pool_backward(A, (np.full((2, 5, 5, 3), np.nan), {"f": 2, "stride": 2}))
    with pytest.raises(ValueError, match=r"hparameters must hold \['f', 'stride'\]"):
        conv.pool_forward(GOOD[0], {"stride": 2})
    with pytest.raises(ValueError, match="pad must be an integer >= 0"):
        conv.zero_pad(GOOD[0], -1)


# ---------------------------------------------------------------- PyTorch as a second oracle (optional)
# Not installed by `make test`: PyPI's torch 2.13.0 for Linux is the CUDA build (gigabytes of nvidia wheels);
# these tests run wherever torch is installed (`pip install torch==2.13.0`), and `python -m bench` compares speed.

def _torch(torch, a, grad=True):
    """A contiguous float64 tensor of a (PyTorch's slow_conv2d wants contiguous gradients)."""
    return torch.tensor(np.ascontiguousarray(a), requires_grad=grad)


@settings(max_examples=40, deadline=None)
@given(conv_case())
def test_conv_equals_pytorch_conv2d_forward_and_backward(case):
    torch = pytest.importorskip("torch", reason="PyTorch is optional: pip install torch==2.13.0 to compare")
    A_prev, W, b, hp = case
    Z, cache = conv.conv_forward(A_prev, W, b, hp)
    G = np.random.default_rng(4).standard_normal(Z.shape)
    dA_prev, dW, db = conv.conv_backward(G, cache)
    # PyTorch's layout: input (m, C, H, W), weight (n_C, n_C_prev, f, f)
    x = _torch(torch, A_prev.transpose(0, 3, 1, 2))
    w = _torch(torch, W.transpose(3, 2, 0, 1))
    bias = _torch(torch, b.reshape(-1))
    z = torch.nn.functional.conv2d(x, w, bias, stride=hp["stride"], padding=hp["pad"])
    z.backward(_torch(torch, G.transpose(0, 3, 1, 2), grad=False))
    np.testing.assert_allclose(Z, z.detach().numpy().transpose(0, 2, 3, 1), rtol=0, atol=1e-10)
    np.testing.assert_allclose(dA_prev, x.grad.numpy().transpose(0, 2, 3, 1), rtol=0, atol=1e-10)
    np.testing.assert_allclose(dW, w.grad.numpy().transpose(2, 3, 1, 0), rtol=0, atol=1e-10)
    np.testing.assert_allclose(db.reshape(-1), bias.grad.numpy(), rtol=0, atol=1e-10)


@settings(max_examples=40, deadline=None)
@given(pool_case(), st.sampled_from(["max", "average"]))
def test_pool_equals_pytorch_max_and_avg_pool2d_forward_and_backward(case, mode):
    torch = pytest.importorskip("torch", reason="PyTorch is optional: pip install torch==2.13.0 to compare")
    A_prev, hp = case
    A, cache = conv.pool_forward(A_prev, hp, mode=mode)
    G = np.random.default_rng(5).standard_normal(A.shape)
    x = _torch(torch, A_prev.transpose(0, 3, 1, 2))
    pool = torch.nn.functional.max_pool2d if mode == "max" else torch.nn.functional.avg_pool2d
    a = pool(x, hp["f"], stride=hp["stride"])
    a.backward(_torch(torch, G.transpose(0, 3, 1, 2), grad=False))
    np.testing.assert_allclose(A, a.detach().numpy().transpose(0, 2, 3, 1), rtol=0, atol=1e-10)
    np.testing.assert_allclose(conv.pool_backward(G, cache, mode=mode), x.grad.numpy().transpose(0, 2, 3, 1),
                               rtol=0, atol=1e-10)
