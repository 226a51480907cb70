"""Course 1 week 2, "Python Basics with Numpy": basic_sigmoid, sigmoid, sigmoid_derivative, image2vector,
normalize_rows, softmax, L1, L2 (in notebooks/c1w2_numpy_vectorization.ipynb).

Their qualified names start with ``basics.``, not ``c1w2.``: week 2's logistic regression has a ``sigmoid``
of its own (``c1w2.sigmoid``), and this ``softmax`` (one row per example, as the assignment has it) is not
week 3's column-wise ``c2w3.softmax``: ``check("basics.softmax", softmax)``.  The public cases are the
assignment's own test values.
"""

from __future__ import annotations

import math

import numpy as np

import dlnotes as d

from .spec import Case, Exercise, Mistake

WEEK = "basics"
PUBLIC_IMAGE = np.array([[[0.67826139, 0.29380381], [0.90714982, 0.52835647], [0.4215251, 0.45017551]],
                         [[0.92814219, 0.96677647], [0.85304703, 0.52351845], [0.19981397, 0.27417313]],
                         [[0.60659855, 0.00533165], [0.10820313, 0.49978937], [0.34144279, 0.94630077]]])
LOSS_PUBLIC = (np.array([0.9, 0.2, 0.1, 0.4, 0.9]), np.array([1, 0, 0, 1, 1]))


# --------------------------------------------------------------------------- basic_sigmoid, sigmoid
SIGMOID_MISTAKES = (
    Mistake("exp(x) instead of exp(-x)", "sigmoid(x) = 1 / (1 + exp(-x))", lambda x: float(d.sigmoid(-x))),
    Mistake("1 / 1 + exp(-x) (parentheses missing)", "the denominator is (1 + exp(-x))",
            lambda x: 1 + math.exp(-x)),
)

BASIC_SIGMOID = Exercise(
    f"{WEEK}.basic_sigmoid", lambda x: float(d.sigmoid(float(x))), outputs="s", mistakes=SIGMOID_MISTAKES,
    cases=lambda rng: [Case("public test: x = 3", (3,)), Case("x = 0", (0,)),
                       Case("a random negative x", (-float(rng.uniform(0.5, 4)),))])

SIGMOID = Exercise(
    f"{WEEK}.sigmoid", lambda x: d.sigmoid(np.asarray(x, dtype=float)), outputs="s",
    cases=lambda rng: [Case("public test: x = np.array([1, 2, 3])", (np.array([1, 2, 3]),)),
                       Case("random x (3, 4)", (rng.standard_normal((3, 4)) * 3,)),
                       Case("x a number", (0.5,))],
    mistakes=(
        Mistake("exp(x) instead of exp(-x)", "sigmoid(x) = 1 / (1 + np.exp(-x))",
                lambda x: d.sigmoid(-np.asarray(x, dtype=float))),
        Mistake("1 / 1 + np.exp(-x) (parentheses missing)", "the denominator is (1 + np.exp(-x))",
                lambda x: 1 + np.exp(-np.asarray(x, dtype=float))),
        Mistake("math.exp instead of np.exp", "math.exp takes one number; np.exp works on every entry of an array",
                lambda x: float(d.sigmoid(x)) if np.ndim(x) == 0 else math.exp(np.asarray(x))),
    ))


# --------------------------------------------------------------------------- sigmoid_derivative
def _sigmoid_derivative(x):
    s = d.sigmoid(np.asarray(x, dtype=float))
    return s * (1 - s)


SIGMOID_DERIVATIVE = Exercise(
    f"{WEEK}.sigmoid_derivative", _sigmoid_derivative, outputs="ds",
    cases=lambda rng: [Case("public test: x = np.array([1, 2, 3])", (np.array([1, 2, 3]),)),
                       Case("random x (2, 5)", (rng.standard_normal((2, 5)) * 3,))],
    mistakes=(
        Mistake("x * (1 - x) instead of s * (1 - s)", "first s = sigmoid(x), then ds = s * (1 - s)",
                lambda x: np.asarray(x, dtype=float) * (1 - np.asarray(x, dtype=float))),
        Mistake("the sigmoid itself returned", "the derivative is s * (1 - s), with s = sigmoid(x)",
                lambda x: d.sigmoid(np.asarray(x, dtype=float))),
        Mistake("s * (1 + s) instead of s * (1 - s)", "ds = s * (1 - s)",
                lambda x: d.sigmoid(np.asarray(x, dtype=float)) * (1 + d.sigmoid(np.asarray(x, dtype=float)))),
    ))


# --------------------------------------------------------------------------- image2vector
IMAGE2VECTOR = Exercise(
    f"{WEEK}.image2vector", lambda image: np.asarray(image).reshape(-1, 1), outputs="v",
    cases=lambda rng: [Case("public test: an image (3, 3, 2)", (PUBLIC_IMAGE,)),
                       Case("random image (4, 5, 3)", (rng.random((4, 5, 3)),))],
    mistakes=(
        Mistake("a row (1, n) instead of a column (n, 1)",
                "v = image.reshape(image.shape[0] * image.shape[1] * image.shape[2], 1)",
                lambda image: np.asarray(image).reshape(1, -1)),
        Mistake("the entries read in column order (order='F' or a transpose)",
                "reshape the image as it is: image.reshape(length * height * depth, 1)",
                lambda image: np.asarray(image).reshape(-1, 1, order="F")),
    ))


# --------------------------------------------------------------------------- normalize_rows
def _normalize(x, axis=1, power=1):
    x = np.asarray(x, dtype=float)
    return x / np.linalg.norm(x, axis=axis, keepdims=True) ** power


NORMALIZE_ROWS = Exercise(
    f"{WEEK}.normalize_rows", _normalize, outputs="x",
    cases=lambda rng: [Case("public test: x = [[0, 3, 4], [1, 6, 4]]", (np.array([[0, 3, 4], [1, 6, 4]]),)),
                       Case("random x (4, 3)", (rng.standard_normal((4, 3)),))],
    mistakes=(
        Mistake("the columns normalized (axis=0)", "each row gets unit length: np.linalg.norm(x, axis=1, "
                "keepdims=True)", lambda x: _normalize(x, axis=0)),
        Mistake("divided by the squared norm", "divide by the norm ||x_i|| itself, not its square",
                lambda x: _normalize(x, power=2)),
    ))


# --------------------------------------------------------------------------- softmax (one row per example)
def _softmax_rows(x, axis=1):
    x = np.asarray(x, dtype=float)
    return d.softmax(x.T).T if axis == 1 else d.softmax(x)


SOFTMAX = Exercise(
    f"{WEEK}.softmax", _softmax_rows, outputs="s",
    cases=lambda rng: [Case("public test: x = [[9, 2, 5, 0, 0], [7, 5, 0, 0, 0]]",
                            (np.array([[9, 2, 5, 0, 0], [7, 5, 0, 0, 0]]),)),
                       Case("random x (3, 4)", (rng.standard_normal((3, 4)) * 2,)),
                       Case("one row (1, 5)", (rng.standard_normal((1, 5)),))],
    mistakes=(
        Mistake("the sum over the columns (axis=0)", "each row is one example: x_sum = np.sum(x_exp, axis=1, "
                "keepdims=True)", lambda x: _softmax_rows(x, axis=0)),
        Mistake("divided by the sum of all entries", "sum each row on its own: np.sum(x_exp, axis=1, keepdims=True)",
                lambda x: np.exp(np.asarray(x, dtype=float)) / np.exp(np.asarray(x, dtype=float)).sum()),
    ))


# --------------------------------------------------------------------------- L1, L2
def _loss_cases(rng):
    m = 7
    return [Case("public test: yhat = [.9, .2, .1, .4, .9], y = [1, 0, 0, 1, 1]", LOSS_PUBLIC),
            Case(f"random yhat and y ({m},)", (rng.random(m), rng.integers(0, 2, m)))]


def _l1(yhat, y):
    return float(np.sum(np.abs(np.asarray(yhat, dtype=float) - y)))


def _l2(yhat, y):
    return float(np.sum((np.asarray(yhat, dtype=float) - y) ** 2))


L1 = Exercise(
    f"{WEEK}.L1", _l1, _loss_cases, outputs="loss",
    mistakes=(
        Mistake("the squares summed (that is L2)", "L1 sums the absolute values: np.sum(np.abs(y - yhat))", _l2),
        Mistake("the mean instead of the sum", "L1 is the sum over the examples, not the mean",
                lambda yhat, y: _l1(yhat, y) / len(y)),
        Mistake("np.abs missing", "take the absolute value of each difference before summing",
                lambda yhat, y: float(np.sum(np.asarray(yhat, dtype=float) - y))),
    ))

L2 = Exercise(
    f"{WEEK}.L2", _l2, _loss_cases, outputs="loss",
    mistakes=(
        Mistake("the absolute values summed (that is L1)", "L2 sums the squares: np.dot(y - yhat, y - yhat)", _l1),
        Mistake("the square root taken (the norm, not its square)", "L2 is the sum of squares, without a root",
                lambda yhat, y: _l2(yhat, y) ** 0.5),
        Mistake("the mean instead of the sum", "L2 is the sum over the examples, not the mean",
                lambda yhat, y: _l2(yhat, y) / len(y)),
    ))

EXERCISES = (BASIC_SIGMOID, SIGMOID, SIGMOID_DERIVATIVE, IMAGE2VECTOR, NORMALIZE_ROWS, SOFTMAX, L1, L2)
# found only by their qualified names: "sigmoid" stays week 2's logistic-regression one, "softmax" week 3's
QUALIFIED_ONLY = ("basics.sigmoid", "basics.softmax")
