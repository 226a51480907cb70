"""Course 4 week 1 exercises: the loop solutions pass, a learner's wrong loops are named by their mistake,
an older template's variants pass."""

import numpy as np
import pytest

from dlnotes.exercises import check
from dlnotes.exercises.solutions import c4w1 as sol

from . import assert_mistake_named

NAMES = ["zero_pad", "conv_single_step", "conv_forward", "pool_forward", "conv_backward", "create_mask_from_window",
         "distribute_value", "pool_backward"]


@pytest.mark.parametrize("name", NAMES)
def test_solution_passes(name):
    result = check(name, getattr(sol, name))
    assert result, str(result)


@pytest.mark.parametrize("name", NAMES)
def test_a_stub_is_not_implemented_yet(name):
    def stub(*args, **kwargs):
        raise NotImplementedError
    assert "NOT IMPLEMENTED YET" in str(check(name, stub))


# --------------------------------------------------------------------------- a learner's mistakes, written as loops
def _zero_pad(widths):
    def zero_pad(X, pad):
        return np.pad(X, [(pad, pad) if w else (0, 0) for w in widths], mode="constant", constant_values=(0, 0))
    return zero_pad


def _single_step(bias="once"):
    def conv_single_step(a_slice_prev, W, b):
        if bias == "inside":
            return np.sum(a_slice_prev * W + b.item())
        return np.sum(a_slice_prev * W) + (b.item() if bias == "once" else 0.0)
    return conv_single_step


def _conv_forward(start=lambda h, stride: h * stride, bias="channel", size_pad=True):
    """The course's loop with one thing changed."""
    def conv_forward(A_prev, W, b, hparameters):
        m, n_H_prev, n_W_prev, _ = A_prev.shape
        f, _, _, n_C = W.shape
        stride, pad = hparameters["stride"], hparameters["pad"]
        p = pad if size_pad else 0
        n_H, n_W = int((n_H_prev + 2 * p - f) / stride) + 1, int((n_W_prev + 2 * p - f) / stride) + 1
        Z = np.zeros((m, n_H, n_W, n_C))
        A_prev_pad = sol.zero_pad(A_prev, pad)
        for i in range(m):
            for h in range(n_H):
                for w in range(n_W):
                    vs, hs = start(h, stride), start(w, stride)
                    for c in range(n_C):
                        a_slice = A_prev_pad[i, vs:vs + f, hs:hs + f, :]
                        if bias == "position":
                            Z[i, h, w, c] = np.sum(a_slice * W[:, :, :, c] + b[:, :, :, c])
                        elif bias == "first":
                            Z[i, h, w, c] = np.sum(a_slice * W[:, :, :, c]) + b[0, 0, 0, 0]
                        else:
                            Z[i, h, w, c] = np.sum(a_slice * W[:, :, :, c]) + b[0, 0, 0, c]
        return Z, (A_prev, W, b, hparameters)
    return conv_forward


def _pool_forward(start=lambda h, stride: h * stride, average=np.mean, ignore_mode=False):
    def pool_forward(A_prev, hparameters, mode="max"):
        m, n_H_prev, n_W_prev, n_C = A_prev.shape
        f, stride = hparameters["f"], hparameters["stride"]
        n_H, n_W = int(1 + (n_H_prev - f) / stride), int(1 + (n_W_prev - f) / stride)
        A = np.zeros((m, n_H, n_W, n_C))
        for i in range(m):
            for h in range(n_H):
                for w in range(n_W):
                    vs, hs = start(h, stride), start(w, stride)
                    for c in range(n_C):
                        window = A_prev[i, vs:vs + f, hs:hs + f, c]
                        A[i, h, w, c] = np.max(window) if mode == "max" or ignore_mode else average(window)
        return A, (A_prev, hparameters)
    return pool_forward


def _conv_backward(start=lambda h, stride: h * stride, assign=False, over_m=False, keep_pad=False):
    def conv_backward(dZ, cache):
        A_prev, W, b, hparameters = cache
        m, n_H_prev, n_W_prev, n_C_prev = A_prev.shape
        f, _, _, n_C = W.shape
        stride, pad = hparameters["stride"], hparameters["pad"]
        _, n_H, n_W, _ = dZ.shape
        dW, db = np.zeros(W.shape), np.zeros((1, 1, 1, n_C))
        A_prev_pad = sol.zero_pad(A_prev, pad)
        dA_prev_pad = np.zeros(A_prev_pad.shape)
        for i in range(m):
            for h in range(n_H):
                for w in range(n_W):
                    vs, hs = start(h, stride), start(w, stride)
                    for c in range(n_C):
                        contribution = W[:, :, :, c] * dZ[i, h, w, c]
                        if assign:
                            dA_prev_pad[i, vs:vs + f, hs:hs + f, :] = contribution
                        else:
                            dA_prev_pad[i, vs:vs + f, hs:hs + f, :] += contribution
                        dW[:, :, :, c] += A_prev_pad[i, vs:vs + f, hs:hs + f, :] * dZ[i, h, w, c]
                        db[:, :, :, c] += dZ[i, h, w, c]
        if over_m:
            dW, db = dW / m, db / m
        dA_prev = dA_prev_pad if keep_pad else dA_prev_pad[:, pad:pad + n_H_prev, pad:pad + n_W_prev, :]
        return dA_prev, dW, db
    return conv_backward


def _pool_backward(start=lambda h, stride: h * stride, mask=True, divide=True, ignore_mode=False):
    def pool_backward(dA, cache, mode="max"):
        A_prev, hparameters = cache
        f, stride = hparameters["f"], hparameters["stride"]
        _, n_H, n_W, n_C = dA.shape
        dA_prev = np.zeros(A_prev.shape)
        for i in range(dA.shape[0]):
            for h in range(n_H):
                for w in range(n_W):
                    vs, hs = start(h, stride), start(w, stride)
                    for c in range(n_C):
                        window = A_prev[i, vs:vs + f, hs:hs + f, c]
                        if mode == "max" or ignore_mode:
                            m = sol.create_mask_from_window(window) if mask else np.ones(window.shape)
                            dA_prev[i, vs:vs + f, hs:hs + f, c] += m * dA[i, h, w, c]
                        else:
                            share = dA[i, h, w, c] / (f * f) if divide else dA[i, h, w, c]
                            dA_prev[i, vs:vs + f, hs:hs + f, c] += np.full((f, f), share)
        return dA_prev
    return pool_backward


NO_STRIDE = lambda h, stride: h  # noqa: E731  the window starts at h

MISTAKES = [
    ("zero_pad", _zero_pad((0, 1, 1, 1)), "the channel axis padded too"),
    ("zero_pad", _zero_pad((1, 1, 1, 0)), "the example axis padded too"),
    ("zero_pad", _zero_pad((1, 1, 1, 1)), "every axis padded"),
    ("conv_single_step", _single_step("inside"), "the bias added at every position of the window"),
    ("conv_single_step", _single_step("none"), "the bias b left out"),
    ("conv_forward", _conv_forward(start=NO_STRIDE), "wrong slice bounds with a stride"),
    ("conv_forward", _conv_forward(bias="position"), "the bias added per position instead of per channel"),
    ("conv_forward", _conv_forward(bias="first"), "the same bias (channel 0's) for every channel"),
    ("conv_forward", _conv_forward(size_pad=False), "the padding left out of n_H and n_W"),
    ("pool_forward", _pool_forward(start=NO_STRIDE), "wrong slice bounds with a stride"),
    ("pool_forward", _pool_forward(ignore_mode=True), "the mode ignored: always the maximum"),
    ("pool_forward", _pool_forward(average=np.sum), "the sum instead of the average"),
    ("conv_backward", _conv_backward(start=NO_STRIDE), "wrong slice bounds with a stride"),
    ("conv_backward", _conv_backward(assign=True), "= instead of += where windows overlap"),
    ("conv_backward", _conv_backward(over_m=True), "dW and db divided by m"),
    ("conv_backward", _conv_backward(keep_pad=True), "dA_prev returned with its padding"),
    ("create_mask_from_window", lambda x: x == np.max(x, axis=0), "the maximum of each column"),
    ("create_mask_from_window", lambda x: x * (x == np.max(x)), "the maximum's value kept instead of True"),
    ("distribute_value", lambda dz, shape: np.ones(shape) * dz, "average-pool backward not divided by f·f"),
    ("distribute_value", lambda dz, shape: np.ones(shape) * dz / (shape[0] + shape[1]), "divided by n_H + n_W"),
    ("pool_backward", _pool_backward(mask=False), "the mask forgotten in max-pool backward"),
    ("pool_backward", _pool_backward(divide=False), "average-pool backward not divided by f·f"),
    ("pool_backward", _pool_backward(ignore_mode=True), "the mode ignored: always max-pool backward"),
    ("pool_backward", _pool_backward(start=NO_STRIDE), "wrong slice bounds with a stride"),
]


@pytest.mark.parametrize("name, fn, diagnosis", MISTAKES, ids=[f"{m[0]}-{m[2]}" for m in MISTAKES])
def test_planted_mistake_is_named(name, fn, diagnosis):
    assert_mistake_named(name, fn, diagnosis)


def test_other_template_versions_pass():
    """The course's older conv_backward cut the padding with [pad:-pad] (every case here has pad >= 1); a
    conv_single_step returning np.float64 through Z + b.item() passes like float(b)."""
    def conv_backward(dZ, cache):
        pad = cache[3]["pad"]
        padded = (sol.zero_pad(cache[0], pad), cache[1], cache[2], dict(cache[3], pad=0))
        dA_prev_pad, dW, db = sol.conv_backward(dZ, padded)
        return dA_prev_pad[:, pad:-pad, pad:-pad, :], dW, db
    assert check("conv_backward", conv_backward)
    assert check("conv_single_step", lambda a, W, b: np.sum(np.multiply(a, W)) + b.item())


def test_float_of_the_bias_array_is_explained():
    """numpy 2 raises TypeError for float(b) with b (1, 1, 1); the feedback says what to write instead."""
    text = str(check("conv_single_step", lambda a, W, b: np.sum(a * W) + float(b)))
    assert "TypeError" in text and "float(b) on the (1, 1, 1) array b" in text and "b.item()" in text


def test_a_bias_left_as_an_array_is_told_to_return_a_number():
    text = str(check("conv_single_step", lambda a, W, b: np.sum(a * W) + b))
    assert "should be a number" in text and "float(" in text
