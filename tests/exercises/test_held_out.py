"""Reproductions of what running the checker over public replications' learner code found (the code itself is
third-party and stays out of the repository): each function here is written in the course template's shape."""

import types

import numpy as np

from dlnotes.exercises import check
from dlnotes.exercises.solutions import c4w1 as sol


# --------------------------------------------------------------------------- float(b), as the 2018 template asks
def conv_single_step(a_slice_prev, W, b):
    # Element-wise product between a_slice_prev and W. Do not add the bias yet.
    s = np.multiply(a_slice_prev, W)
    # Sum over all entries of the volume s.
    Z = np.sum(s)
    # Add bias b to Z. Cast b to a float() so that Z results in a scalar value.
    Z = Z + float(b)
    return Z


# the solution's conv_forward calling the conv_single_step above, as a learner's notebook would
conv_forward = types.FunctionType(sol.conv_forward.__code__, {**vars(sol), "conv_single_step": conv_single_step})


def test_float_of_the_one_number_bias_passes_as_numpy_1_ran_it():
    """The course's numpy 1.x turned b (1, 1, 1) into a number with float(); numpy 2 raises TypeError. The maths
    is right, so it passes, and the note says what to write to run it here."""
    for name, fn in (("conv_single_step", conv_single_step), ("conv_forward", conv_forward)):
        result = check(name, fn)
        assert result, str(result)
        assert "TypeError" in str(result) and "b.item()" in str(result)


def conv_single_step_2021(a_slice_prev, W, b):
    s = a_slice_prev * W
    Z = np.sum(s)
    # np.float64 of the (1, 1, 1) array b + Z: a number under numpy 1.x, still a (1, 1, 1) array under numpy 2
    Z = np.float64(b + Z)
    return Z


conv_forward_2021 = types.FunctionType(sol.conv_forward.__code__,
                                       {**vars(sol), "conv_single_step": conv_single_step_2021})


def test_np_float64_of_the_one_number_sum_passes_as_numpy_1_ran_it():
    """numpy 2 keeps np.float64(x) an array for x (1, 1, 1), and conv_forward's Z[i, h, w, c] = ... then raises
    ValueError; under the course's numpy both gave the number. Both pass, with a note naming x.item()."""
    for name, fn in (("conv_single_step", conv_single_step_2021), ("conv_forward", conv_forward_2021)):
        result = check(name, fn)
        assert result, str(result)
        assert "numpy 1.x" in str(result) and ".item()" in str(result)


def test_float_of_the_bias_does_not_hide_a_wrong_sum():
    def conv_single_step(a_slice_prev, W, b):
        s = np.multiply(a_slice_prev, W) + float(b)
        return np.sum(s)
    result = check("conv_single_step", conv_single_step)
    assert not result and "the bias added at every position of the window" in str(result)


# --------------------------------------------------------------------------- c1w2.predict without the sigmoid
def predict(w, b, X):
    m = X.shape[1]
    Y_prediction = np.zeros((1, m))
    w = w.reshape(X.shape[0], 1)
    A = np.dot(w.T, X)
    for i in range(A.shape[1]):
        if A[0, i] > 0.5:
            Y_prediction[0][i] = 1
        else:
            Y_prediction[0][i] = 0
    assert Y_prediction.shape == (1, m)
    return Y_prediction


def test_predict_without_sigmoid_and_b_fails():
    """w.T X > 0.5 agreed with sigmoid(w.T X + b) > 0.5 on the public test and on the random case's draw."""
    result = check("c1w2.predict", predict)
    assert not result and "sigmoid and b left out" in str(result)


def test_predict_without_sigmoid_fails():
    result = check("c1w2.predict", lambda w, b, X: (np.dot(w.T, X) + b > 0.5) * 1.0)
    assert not result and "sigmoid left out" in str(result)
