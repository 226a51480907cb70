"""Course 4 week 1, convolution and pooling step by step: zero_pad, conv_single_step, conv_forward,
pool_forward, conv_backward, create_mask_from_window, distribute_value, pool_backward.

The course's layout: A (m, n_H, n_W, n_C), W (f, f, n_C_prev, n_C), b (1, 1, 1, n_C); its caches:
conv_forward keeps (A_prev, W, b, hparameters), pool_forward (A_prev, hparameters).  The references
are dlnotes.conv's vectorized functions; the planted mistakes are built from them too (a mistake in a
learner's loop is the right function on a shifted geometry, or with a term too many), so each names
what it reproduces exactly.  The public cases use the course's shapes, strides and paddings (its
values depend on its own random draws, which the checker does not reproduce).
"""

from __future__ import annotations

import numpy as np

import dlnotes as d

from .spec import Case, Exercise, Mistake

WEEK = "c4w1"


def _hp(stride, pad):
    return {"stride": stride, "pad": pad}


# --------------------------------------------------------------------------- zero_pad
def _zero_pad_cases(rng):
    return [Case("the course's shapes: x (4, 3, 3, 2), pad = 3", (rng.standard_normal((4, 3, 3, 2)), 3)),
            Case("the course's shapes: x (5, 4, 4, 3), pad = 2", (rng.standard_normal((5, 4, 4, 3)), 2)),
            Case("one picture, one channel, not square: x (1, 2, 3, 1), pad = 1",
                 (rng.standard_normal((1, 2, 3, 1)), 1))]


def _pad_axes(X, pad, axes):
    return np.pad(X, [(pad, pad) if axis in axes else (0, 0) for axis in range(4)])


def zero_pad(X, pad):
    """The reference: dlnotes.zero_pad; X (m, n_H, n_W, n_C) -> (m, n_H + 2 pad, n_W + 2 pad, n_C)."""
    return d.zero_pad(X, pad)


ZERO_PAD = Exercise(
    f"{WEEK}.zero_pad", zero_pad, _zero_pad_cases, outputs="X_pad",
    mistakes=(
        Mistake("the channel axis padded too", "pad only the height and the width: "
                "np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)), mode='constant', constant_values=(0, 0))",
                lambda X, pad: _pad_axes(X, pad, (1, 2, 3))),
        Mistake("the example axis padded too", "the first axis counts the pictures: leave it with (0, 0)",
                lambda X, pad: _pad_axes(X, pad, (0, 1, 2))),
        Mistake("every axis padded", "np.pad(X, pad) pads all four axes: give one (before, after) pair per axis, "
                "((0, 0), (pad, pad), (pad, pad), (0, 0))", lambda X, pad: _pad_axes(X, pad, (0, 1, 2, 3))),
        Mistake("only the height padded", "pad the width too: ((0, 0), (pad, pad), (pad, pad), (0, 0))",
                lambda X, pad: _pad_axes(X, pad, (1,))),
    ))


# --------------------------------------------------------------------------- conv_single_step
# numpy 2 refuses float() of an array that is not 0-dimensional: float(b) with b (1, 1, 1) raises TypeError
FLOAT_OF_ARRAY = Mistake(
    "float(b) on the (1, 1, 1) array b", "numpy 2 converts only 0-dimensional arrays with float(): write b.item() "
    "or float(np.squeeze(b)) (both give the one number b holds)", lambda *args, **kwargs: float(np.ones((1, 1, 1))))
def _single_step_cases(rng):
    return [Case("the course's shapes: a_slice_prev and W (5, 5, 3), b (1, 1, 1)",
                 (rng.standard_normal((5, 5, 3)), rng.standard_normal((5, 5, 3)), rng.standard_normal((1, 1, 1)))),
            Case("a_slice_prev and W (4, 4, 3)",
                 (rng.standard_normal((4, 4, 3)), rng.standard_normal((4, 4, 3)), rng.standard_normal((1, 1, 1)))),
            Case("a 1 x 1 filter on one channel", (np.array([[[2.0]]]), np.array([[[-0.5]]]), np.array([[[3.0]]])))]


def conv_single_step(a_slice_prev, W, b):
    """The reference: sum(a_slice_prev * W) + b, a float; a_slice_prev and W (f, f, n_C_prev), b (1, 1, 1)."""
    Z, _ = d.conv_forward(a_slice_prev[None], W[..., None], np.reshape(b, (1, 1, 1, 1)), _hp(1, 0))
    return float(Z[0, 0, 0, 0])


CONV_SINGLE_STEP = Exercise(
    f"{WEEK}.conv_single_step", conv_single_step, _single_step_cases, outputs="Z",
    mistakes=(
        Mistake("the bias added at every position of the window", "sum the products first, then add b once: "
                "Z = np.sum(s) + b.item()", lambda a, W, b: float(np.sum(a * W + np.reshape(b, ())))),
        Mistake("the bias b left out", "Z = np.sum(a_slice_prev * W) + b.item()",
                lambda a, W, b: float(np.sum(a * W))),
        FLOAT_OF_ARRAY,
    ))


# --------------------------------------------------------------------------- conv_forward
def _conv_cases(rng):
    A_prev = rng.standard_normal((2, 5, 7, 4))
    W3, b3 = rng.standard_normal((3, 3, 4, 8)), rng.standard_normal((1, 1, 1, 8))
    W5, b5 = rng.standard_normal((5, 5, 4, 8)), rng.standard_normal((1, 1, 1, 8))
    return [Case("the course's shapes: A_prev (2, 5, 7, 4), W (3, 3, 4, 8), pad = 3, stride = 1",
                 (A_prev, W3, b3, _hp(1, 3))),
            Case("the course's shapes: the same with pad = 0, stride = 2", (A_prev, W3, b3, _hp(2, 0))),
            Case("the course's shapes: W (5, 5, 4, 8), pad = 6, stride = 1", (A_prev, W5, b5, _hp(1, 6))),
            Case("A_prev (10, 5, 7, 4), W (3, 3, 4, 8), pad = 1, stride = 2 (overlapping windows)",
                 (rng.standard_normal((10, 5, 7, 4)), W3, b3, _hp(2, 1))),
            Case("stride 3 over 8 x 9 pictures, pad = 1, two filters",
                 (rng.standard_normal((3, 8, 9, 2)), rng.standard_normal((2, 2, 2, 2)),
                  rng.standard_normal((1, 1, 1, 2)), _hp(3, 1)))]


def conv_forward(A_prev, W, b, hparameters):
    """The reference: dlnotes.conv_forward -> (Z (m, n_H, n_W, n_C), (A_prev, W, b, hparameters))."""
    return d.conv_forward(A_prev, W, b, hparameters)


def _stride_ignored(forward, A_prev, hparameters, *args):
    """What a loop with vert_start = h (not h * stride) computes: the first n_H x n_W windows at stride 1."""
    out, cache = forward(A_prev, *args, hparameters)
    one = dict(hparameters, stride=1)
    full, _ = forward(A_prev, *args, one)
    return full[:, : out.shape[1], : out.shape[2]], cache


def _conv_no_pad_in_size(A_prev, W, b, hparameters):
    """n_H, n_W computed without the padding while the slices still run over the padded picture."""
    f, stride = W.shape[0], hparameters["stride"]
    Z, cache = d.conv_forward(A_prev, W, b, hparameters)
    n_H, n_W = ((n - f) // stride + 1 for n in A_prev.shape[1:3])
    return Z[:, :n_H, :n_W], cache


CONV_FORWARD = Exercise(
    f"{WEEK}.conv_forward", conv_forward, _conv_cases, outputs=("Z", "cache"),
    mistakes=(
        Mistake("wrong slice bounds with a stride: the window starts at h, not h * stride",
                "vert_start = h * stride, vert_end = vert_start + f (and the same for horiz_ with w)",
                lambda A_prev, W, b, hp: _stride_ignored(lambda A, hp_: d.conv_forward(A, W, b, hp_), A_prev, hp)),
        Mistake("the bias added per position instead of per channel (at every entry of the window)",
                "each output Z[i, h, w, c] gets its channel's bias b[0, 0, 0, c] once: "
                "np.sum(a_slice_prev * weights) + biases.item()",
                lambda A_prev, W, b, hp: (d.conv_forward(A_prev, W, b * (W.shape[0] * W.shape[1] * W.shape[2]), hp)[0],
                                          (A_prev, W, b, hp))),
        Mistake("the same bias (channel 0's) for every channel", "use channel c's bias: biases = b[:, :, :, c]",
                lambda A_prev, W, b, hp: (d.conv_forward(A_prev, W, np.broadcast_to(b[..., :1], b.shape), hp)[0],
                                          (A_prev, W, b, hp))),
        Mistake("the bias b left out", "Z[i, h, w, c] = conv_single_step(a_slice_prev, weights, biases)",
                lambda A_prev, W, b, hp: (d.conv_forward(A_prev, W, np.zeros_like(b), hp)[0], (A_prev, W, b, hp))),
        Mistake("the padding left out of n_H and n_W", "n_H = int((n_H_prev - f + 2 * pad) / stride) + 1",
                _conv_no_pad_in_size),
        FLOAT_OF_ARRAY,
    ))


# --------------------------------------------------------------------------- pool_forward
def _pool_cases(rng):
    A_prev = rng.standard_normal((2, 5, 5, 3))
    return [Case("the course's shapes: A_prev (2, 5, 7, 3), f = 2, stride = 2, average",
                 (rng.standard_normal((2, 5, 7, 3)), {"stride": 2, "f": 2}), {"mode": "average"}),
            Case("the course's shapes: A_prev (4, 5, 7, 4), f = 5, stride = 1, max",
                 (rng.standard_normal((4, 5, 7, 4)), {"stride": 1, "f": 5}), {"mode": "max"}),
            Case("the course's shapes: A_prev (2, 5, 5, 3), f = 2, stride = 1, max", (A_prev, {"stride": 1, "f": 2}),
                 {"mode": "max"}),
            Case("the course's shapes: A_prev (2, 5, 5, 3), f = 2, stride = 1, average",
                 (A_prev, {"stride": 1, "f": 2}), {"mode": "average"}),
            Case("f = 3, stride = 2, max, the default mode",
                 (rng.standard_normal((3, 7, 8, 2)), {"stride": 2, "f": 3})),
            Case("f = 3, stride = 2, average", (rng.standard_normal((3, 7, 8, 2)), {"stride": 2, "f": 3}),
                 {"mode": "average"})]


def pool_forward(A_prev, hparameters, mode="max"):
    """The reference: dlnotes.pool_forward -> (A (m, n_H, n_W, n_C), (A_prev, hparameters))."""
    return d.pool_forward(A_prev, hparameters, mode)


def _pool_sum(A_prev, hparameters, mode="max"):
    A, cache = d.pool_forward(A_prev, hparameters, mode)
    return (A * hparameters["f"] ** 2 if mode == "average" else A), cache


POOL_FORWARD = Exercise(
    f"{WEEK}.pool_forward", pool_forward, _pool_cases, outputs=("A", "cache"),
    mistakes=(
        Mistake("wrong slice bounds with a stride: the window starts at h, not h * stride",
                "vert_start = h * stride, vert_end = vert_start + f (and the same for horiz_ with w)",
                lambda A_prev, hp, mode="max": _stride_ignored(lambda A, hp_: d.pool_forward(A, hp_, mode),
                                                               A_prev, hp)),
        Mistake("the mode ignored: always the maximum", 'average pooling takes np.mean(a_prev_slice) when '
                'mode == "average"', lambda A_prev, hp, mode="max": d.pool_forward(A_prev, hp, "max")),
        Mistake("the sum instead of the average", "np.mean(a_prev_slice): the sum divided by f * f", _pool_sum),
    ))


# --------------------------------------------------------------------------- conv_backward
def _conv_backward_cases(rng):
    out = []
    for label, shape, W_shape, hp in (
            ("the course's shapes: A_prev (10, 4, 4, 3), W (2, 2, 3, 8), pad = 2, stride = 2", (10, 4, 4, 3),
             (2, 2, 3, 8), _hp(2, 2)),
            ("overlapping windows: A_prev (2, 5, 7, 4), W (3, 3, 4, 8), pad = 1, stride = 1", (2, 5, 7, 4),
             (3, 3, 4, 8), _hp(1, 1)),
            ("stride 2 with overlap: A_prev (3, 6, 5, 2), W (3, 3, 2, 3), pad = 1, stride = 2", (3, 6, 5, 2),
             (3, 3, 2, 3), _hp(2, 1))):
        A_prev, W = rng.standard_normal(shape), rng.standard_normal(W_shape)
        Z, cache = d.conv_forward(A_prev, W, rng.standard_normal((1, 1, 1, W_shape[3])), hp)
        out.append(Case(f"{label}; dZ of Z's shape", (rng.standard_normal(Z.shape), cache)))
    return out


def conv_backward(dZ, cache):
    """The reference: dlnotes.conv_backward -> (dA_prev, dW, db)."""
    return d.conv_backward(dZ, cache)


def _conv_backward_over_m(dZ, cache):
    dA_prev, dW, db = d.conv_backward(dZ, cache)
    m = dZ.shape[0]
    return dA_prev, dW / m, db / m


def _conv_backward_padded(dZ, cache):
    """dA_prev returned with its padding: the gradient with respect to the padded picture."""
    A_prev, W, b, hp = cache
    padded = (d.zero_pad(A_prev, hp["pad"]), W, b, dict(hp, pad=0))
    return d.conv_backward(dZ, padded)


def _conv_backward_stride_ignored(dZ, cache):
    """A loop with vert_start = h: dZ placed on the first n_H x n_W positions of a stride-1 output."""
    A_prev, W, b, hp = cache
    one = dict(hp, stride=1)
    Z1, _ = d.conv_forward(A_prev, W, b, one)
    dZ1 = np.zeros(Z1.shape)
    dZ1[:, : dZ.shape[1], : dZ.shape[2]] = dZ
    return d.conv_backward(dZ1, (A_prev, W, b, one))


def _conv_backward_assigned(dZ, cache):
    """da_prev_pad[window] = ... instead of +=: each input keeps only the last window and channel that touched it."""
    A_prev, W, b, hp = cache
    _, dW, db = d.conv_backward(dZ, cache)
    f, stride, pad = W.shape[0], hp["stride"], hp["pad"]
    dA_pad = np.zeros(d.zero_pad(A_prev, pad).shape)
    for h in range(dZ.shape[1]):
        for w in range(dZ.shape[2]):
            window = (slice(None), slice(h * stride, h * stride + f), slice(w * stride, w * stride + f))
            dA_pad[window] = W[None, :, :, :, -1] * dZ[:, h, w, -1][:, None, None, None]
    return dA_pad[:, pad: pad + A_prev.shape[1], pad: pad + A_prev.shape[2]], dW, db


CONV_BACKWARD = Exercise(
    f"{WEEK}.conv_backward", conv_backward, _conv_backward_cases, outputs=("dA_prev", "dW", "db"),
    mistakes=(
        Mistake("wrong slice bounds with a stride: the window starts at h, not h * stride",
                "vert_start = h * stride, vert_end = vert_start + f (and the same for horiz_ with w)",
                _conv_backward_stride_ignored),
        Mistake("= instead of += where windows overlap", "an input inside several windows gets the sum of "
                "their contributions: da_prev_pad[vert_start:vert_end, horiz_start:horiz_end, :] += "
                "W[:, :, :, c] * dZ[i, h, w, c]", _conv_backward_assigned),
        Mistake("dW and db divided by m (Course 1's habit)", "dZ already holds the cost's gradient for each "
                "example: dW[:, :, :, c] += a_slice * dZ[i, h, w, c], db[:, :, :, c] += dZ[i, h, w, c], no 1/m",
                _conv_backward_over_m),
        Mistake("dA_prev returned with its padding", "cut the padding off each example: "
                "dA_prev[i, :, :, :] = da_prev_pad[pad:-pad, pad:-pad, :]", _conv_backward_padded),
    ))


# --------------------------------------------------------------------------- create_mask_from_window
def _mask_cases(rng):
    return [Case("the course's shape: x (2, 3)", (rng.standard_normal((2, 3)),)),
            Case("x [[1, 3], [4, 2]]", (np.array([[1.0, 3.0], [4.0, 2.0]]),)),
            Case("every value negative", (np.array([[-3.0, -1.5, -2.0], [-4.0, -2.5, -7.0]]),)),
            Case("the maximum in the first column", (np.array([[0.5, 0.1, 0.2], [9.0, 0.3, 0.4], [0.6, 0.7, 0.8]]),))]


def create_mask_from_window(x):
    """The reference: True where x (f, f) holds its maximum."""
    return x == np.max(x)


CREATE_MASK_FROM_WINDOW = Exercise(
    f"{WEEK}.create_mask_from_window", create_mask_from_window, _mask_cases, outputs="mask",
    mistakes=(
        Mistake("the maximum of each column instead of the window's", "compare with the maximum of the whole "
                "window: mask = x == np.max(x), no axis", lambda x: x == np.max(x, axis=0)),
        Mistake("the maximum's value kept instead of True", "the mask holds True (1) at the maximum and False (0) "
                "elsewhere: mask = x == np.max(x)", lambda x: np.where(x == np.max(x), x, 0.0)),
        Mistake("the positive entries instead of the maximum", "mask = x == np.max(x)", lambda x: x > 0),
    ))


# --------------------------------------------------------------------------- distribute_value
def _distribute_cases(rng):
    return [Case("public test: dz = 2, shape = (2, 2)", (2, (2, 2))),
            Case("dz = 3.0, shape = (3, 3)", (3.0, (3, 3))),
            Case("dz = -1.5, a window (2, 3)", (-1.5, (2, 3))),
            Case("a random dz, shape = (4, 4)", (float(rng.standard_normal()), (4, 4)))]


def distribute_value(dz, shape):
    """The reference: a matrix of the given shape (n_H, n_W) holding dz / (n_H * n_W) everywhere."""
    return np.full(shape, dz / (shape[0] * shape[1]))


DISTRIBUTE_VALUE = Exercise(
    f"{WEEK}.distribute_value", distribute_value, _distribute_cases, outputs="a",
    mistakes=(
        Mistake("average-pool backward not divided by f·f (dz copied to every entry)", "each entry of the window "
                "got 1 / (n_H * n_W) of the average: average = dz / (n_H * n_W)",
                lambda dz, shape: np.full(shape, float(dz))),
        Mistake("divided by n_H + n_W", "the window has n_H * n_W entries: average = dz / (n_H * n_W)",
                lambda dz, shape: np.full(shape, dz / (shape[0] + shape[1]))),
        Mistake("divided by n_H only", "average = dz / (n_H * n_W)", lambda dz, shape: np.full(shape, dz / shape[0])),
    ))


# --------------------------------------------------------------------------- pool_backward
def _pool_backward_cases(rng):
    out = []
    for label, shape, hp in (("the course's shapes: A_prev (5, 5, 3, 2), f = 2, stride = 1", (5, 5, 3, 2),
                              {"stride": 1, "f": 2}),
                             ("no overlap: A_prev (2, 6, 6, 3), f = 2, stride = 2", (2, 6, 6, 3),
                              {"stride": 2, "f": 2}),
                             ("overlapping windows: A_prev (2, 5, 7, 2), f = 3, stride = 2", (2, 5, 7, 2),
                              {"stride": 2, "f": 3})):
        A_prev = rng.standard_normal(shape)
        for mode in ("max", "average"):
            A, cache = d.pool_forward(A_prev, hp, mode)
            out.append(Case(f"{label}, {mode}", (rng.standard_normal(A.shape), cache), {"mode": mode}))
    return out


def pool_backward(dA, cache, mode="max"):
    """The reference: dlnotes.pool_backward -> dA_prev (m, n_H_prev, n_W_prev, n_C)."""
    return d.pool_backward(dA, cache, mode)


def _spread_everywhere(dA, cache, mode):
    """Every entry of each window gets the whole dA (no mask, no division)."""
    f = cache[1]["f"]
    return d.pool_backward(dA * (f * f), cache, "average")


POOL_BACKWARD = Exercise(
    f"{WEEK}.pool_backward", pool_backward, _pool_backward_cases, outputs="dA_prev",
    mistakes=(
        Mistake("the mask forgotten in max-pool backward", "only the window's maximum gets dA: "
                "dA_prev[i, vert_start:vert_end, horiz_start:horiz_end, c] += mask * dA[i, h, w, c], "
                "with mask = create_mask_from_window(a_prev_slice)",
                lambda dA, cache, mode="max": (_spread_everywhere(dA, cache, mode) if mode == "max"
                                               else d.pool_backward(dA, cache, mode))),
        Mistake("average-pool backward not divided by f·f", "each of the f * f entries of a window got 1 / (f * f) "
                "of the average: distribute_value(da, (f, f))",
                lambda dA, cache, mode="max": (_spread_everywhere(dA, cache, mode) if mode == "average"
                                               else d.pool_backward(dA, cache, mode))),
        Mistake("the mode ignored: always max-pool backward", 'when mode == "average" spread dA evenly with '
                'distribute_value(da, (f, f))', lambda dA, cache, mode="max": d.pool_backward(dA, cache, "max")),
        Mistake("wrong slice bounds with a stride: the window starts at h, not h * stride",
                "vert_start = h * stride, vert_end = vert_start + f (and the same for horiz_ with w)",
                lambda dA, cache, mode="max": _pool_backward_stride_ignored(dA, cache, mode)),
    ))


def _pool_backward_stride_ignored(dA, cache, mode):
    A_prev, hp = cache
    one = dict(hp, stride=1)
    A1, _ = d.pool_forward(A_prev, one, mode)
    dA1 = np.zeros(A1.shape)
    dA1[:, : dA.shape[1], : dA.shape[2]] = dA
    return d.pool_backward(dA1, (A_prev, one), mode)


EXERCISES = (ZERO_PAD, CONV_SINGLE_STEP, CONV_FORWARD, POOL_FORWARD, CONV_BACKWARD, CREATE_MASK_FROM_WINDOW,
             DISTRIBUTE_VALUE, POOL_BACKWARD)
