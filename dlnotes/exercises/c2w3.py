"""Course 2 week 3: batch normalization of one layer's Z (forward) and a stable softmax.

The course has no programming assignment for these two ideas; the exercises use the notation of
its lectures: ``batchnorm_forward(Z, gamma, beta, epsilon=1e-8)`` returns Z_tilde (n, m), and
``softmax(Z)`` normalizes each column of Z (C, m).  The references are dlnotes' own.
"""

from __future__ import annotations

import numpy as np

import dlnotes as d
from dlnotes.batchnorm import batchnorm_forward

from .spec import Case, Exercise, Mistake

WEEK = "c2w3"


# --------------------------------------------------------------------------- batch norm
def _bn_cases(rng):
    n, m = 4, 10
    constant = rng.standard_normal((3, 6)) * 2 + 5
    constant[1] = 7.0  # a unit whose Z is the same for every example: its variance is 0
    return [
        Case(f"random Z ({n}, {m}), gamma, beta", (rng.standard_normal((n, m)) * 3 + 1,
                                                  rng.standard_normal((n, 1)), rng.standard_normal((n, 1)))),
        Case("epsilon = 0.5", (rng.standard_normal((2, 5)), np.ones((2, 1)), np.zeros((2, 1))), {"epsilon": 0.5}),
        Case("a unit with the same Z for every example (variance 0)",
             (constant, rng.standard_normal((3, 1)), rng.standard_normal((3, 1)))),
    ]


def _bn(Z, gamma, beta, epsilon=1e-8):
    return batchnorm_forward(Z, gamma, beta, epsilon)[0]


def _bn_variant(Z, gamma, beta, epsilon=1e-8, *, axis=1, eps_used=True, root=True):
    mu = Z.mean(axis=axis, keepdims=True)
    var = ((Z - mu) ** 2).mean(axis=axis, keepdims=True) + (epsilon if eps_used else 0.0)
    return gamma * (Z - mu) / (np.sqrt(var) if root else var) + beta


BATCHNORM_FORWARD = Exercise(
    f"{WEEK}.batchnorm_forward", _bn, _bn_cases, outputs="Z_tilde",
    mistakes=(
        Mistake("the variance without epsilon", "divide by np.sqrt(var + epsilon): epsilon keeps a unit of "
                "variance 0 finite", lambda *a, **k: _bn_variant(*a, **k, eps_used=False)),
        Mistake("the mean and variance over axis 0 (the units)", "normalize each unit over the m examples: "
                "np.mean(Z, axis=1, keepdims=True)", lambda *a, **k: _bn_variant(*a, **k, axis=0)),
        Mistake("divided by the variance instead of the standard deviation", "Z_norm = (Z - mu) / np.sqrt(var + "
                "epsilon)", lambda *a, **k: _bn_variant(*a, **k, root=False)),
        Mistake("gamma and beta swapped", "Z_tilde = gamma * Z_norm + beta",
                lambda Z, gamma, beta, epsilon=1e-8: _bn(Z, beta, gamma, epsilon)),
    ))


# --------------------------------------------------------------------------- softmax
def _softmax_cases(rng):
    return [
        Case("random Z (3, 5)", (rng.standard_normal((3, 5)) * 2,)),
        Case("one example, 4 classes", (rng.standard_normal((4, 1)),)),
        Case("large |z|: columns around +1000 and -1000", (np.array([[1000.0, -1000.0], [1001.0, -1001.0],
                                                                       [999.0, -999.0]]),)),
    ]


def _softmax_variant(Z, *, shift=True, shift_axis=0, axis=0):
    Z = np.asarray(Z, dtype=float)
    E = np.exp(Z - Z.max(axis=shift_axis, keepdims=True) if shift else Z)
    return E / E.sum(axis=axis, keepdims=True)


SOFTMAX = Exercise(
    f"{WEEK}.softmax", lambda Z: d.softmax(Z), _softmax_cases, outputs="A",
    mistakes=(
        Mistake("softmax without subtracting the max", "np.exp overflows for z > 709: compute "
                "np.exp(Z - np.max(Z, axis=0, keepdims=True)), which gives the same softmax",
                lambda Z: _softmax_variant(Z, shift=False)),
        Mistake("the max taken over the whole array", "subtract each column's own max "
                "(axis=0, keepdims=True), or a column far below the others underflows to 0 / 0",
                lambda Z: _softmax_variant(Z, shift_axis=None)),
        Mistake("normalized over axis 1 (the examples)", "each column (one example) sums to 1: "
                "divide by np.sum(E, axis=0, keepdims=True)", lambda Z: _softmax_variant(Z, shift_axis=1, axis=1)),
    ))

EXERCISES = (BATCHNORM_FORWARD, SOFTMAX)
