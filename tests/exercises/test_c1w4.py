"""Course 1 week 4 exercises: the solutions pass, planted mistakes are named."""

import copy

import numpy as np
import pytest

from dlnotes import relu_backward, sigmoid_backward
from dlnotes.exercises import check, reference
from dlnotes.exercises.c1w4 import LINEAR_PUBLIC
from dlnotes.exercises.solutions import c1w4 as sol

from . import assert_mistake_named

NAMES = ["initialize_parameters", "initialize_parameters_deep", "linear_forward", "linear_activation_forward",
         "L_model_forward", "compute_cost", "linear_backward", "linear_activation_backward", "L_model_backward",
         "update_parameters"]


@pytest.mark.parametrize("name", NAMES)
def test_solution_passes(name):
    result = check(f"c1w4.{name}", getattr(sol, name))
    assert result, str(result)


def test_learner_seed_does_not_fail_a_correct_initialization():
    def initialize_parameters_deep(layer_dims):
        np.random.seed(3)  # the course's notebook seeds inside the function
        return sol.initialize_parameters_deep(layer_dims)
    assert check("initialize_parameters_deep", initialize_parameters_deep)


def _deep_init(draw, scale, drop_last=False):
    def initialize_parameters_deep(layer_dims):
        params = {}
        for l in range(1, len(layer_dims) - (1 if drop_last else 0)):
            params[f"W{l}"] = draw(layer_dims[l], layer_dims[l - 1]) * scale
            params[f"b{l}"] = np.zeros((layer_dims[l], 1))
        return params
    return initialize_parameters_deep


def _linear_forward(transpose=False, bias=True):
    def linear_forward(A, W, b):
        Z = (W.T if transpose else W) @ A + (b if bias else 0)
        return Z, (A, W, b)
    return linear_forward


def _L_forward(hidden, output):
    def L_model_forward(X, parameters):
        caches, A, L = [], X, len(parameters) // 2
        for l in range(1, L + 1):
            A, cache = sol.linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"],
                                                     hidden if l < L else output)
            caches.append(cache)
        return A, caches
    return L_model_forward


def _linear_backward(db_axis=1, keepdims=True, per_m=True):
    def linear_backward(dZ, cache):
        A_prev, W, b = cache
        m = A_prev.shape[1] if per_m else 1
        return W.T @ dZ, dZ @ A_prev.T / m, np.sum(dZ, axis=db_axis, keepdims=keepdims) / m
    return linear_backward


def _activation_backward(swap=False, skip=False):
    def linear_activation_backward(dA, cache, activation):
        linear_cache, Z = cache
        if swap:
            activation = {"relu": "sigmoid", "sigmoid": "relu"}[activation]
        dZ = dA if skip else (relu_backward if activation == "relu" else sigmoid_backward)(dA, Z)
        return sol.linear_backward(dZ, linear_cache)
    return linear_activation_backward


def _L_backward(sign=1.0, extra_m=False):
    def L_model_backward(AL, Y, caches):
        grads = sol.L_model_backward(sign * (AL - Y) + Y if sign < 0 else AL, Y, caches)
        if extra_m:
            grads = {k: g / Y.shape[1] for k, g in grads.items()}
        return grads
    return L_model_backward


def _flipped_dAL(AL, Y, caches):
    """dAL = Y / AL - (1 - Y) / (1 - AL): the minus sign forgotten."""
    L, grads = len(caches), {}
    dA, dW, db = sol.linear_activation_backward(Y / AL - (1 - Y) / (1 - AL), caches[L - 1], "sigmoid")
    grads[f"dW{L}"], grads[f"db{L}"] = dW, db
    for l in reversed(range(L - 1)):
        dA, grads[f"dW{l + 1}"], grads[f"db{l + 1}"] = sol.linear_activation_backward(dA, caches[l], "relu")
    return grads


def _update(sign, biases=True):
    def update_parameters(params, grads, learning_rate):
        params = copy.deepcopy(params)
        for k in params:
            if k.startswith("W") or biases:
                params[k] += sign * learning_rate * grads["d" + k]
        return params
    return update_parameters


MISTAKES = [
    ("initialize_parameters", lambda a, b, c: _deep_init(np.random.rand, 0.01)([a, b, c]), "np.random.rand"),
    ("initialize_parameters", lambda a, b, c: _deep_init(np.random.randn, 1.0)([a, b, c]), "the 0.01 scale missing"),
    ("initialize_parameters_deep", _deep_init(np.random.rand, 0.01), "np.random.rand instead of np.random.randn"),
    ("initialize_parameters_deep", _deep_init(np.random.randn, 0.01, drop_last=True), "the last layer missing"),
    ("linear_forward", _linear_forward(transpose=True), "W.T @ A instead of W @ A"),
    ("linear_forward", _linear_forward(bias=False), "b left out"),
    ("linear_activation_forward", lambda A, W, b, act: sol.linear_activation_forward(
        A, W, b, {"relu": "sigmoid", "sigmoid": "relu"}[act]), "the other activation"),
    ("linear_activation_forward", lambda A, W, b, act: (lambda Z, c: (Z, (c, Z)))(*sol.linear_forward(A, W, b)),
     "Z returned instead of A"),
    ("L_model_forward", _L_forward("relu", "relu"), "relu on the output layer"),
    ("L_model_forward", _L_forward("sigmoid", "sigmoid"), "the sigmoid on every layer"),
    ("compute_cost", lambda AL, Y: float(np.mean((AL - Y) ** 2)), "squared error instead of cross-entropy"),
    ("compute_cost", lambda AL, Y: float(np.mean(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))),
     "the minus sign missing"),
    ("linear_backward", _linear_backward(db_axis=0), "db summed over axis 0"),
    ("linear_backward", _linear_backward(keepdims=False), "db summed without keepdims"),
    ("linear_backward", _linear_backward(per_m=False), "the 1/m missing"),
    ("linear_activation_backward", _activation_backward(swap=True), "the other activation's derivative"),
    ("linear_activation_backward", _activation_backward(skip=True), "the activation's derivative skipped"),
    ("L_model_backward", _flipped_dAL, "dAL with the wrong sign"),
    ("L_model_backward", _L_backward(extra_m=True), "the 1/m applied twice"),
    ("update_parameters", _update(+1.0), "gradient ascent"),
    ("update_parameters", _update(-1.0, biases=False), "the biases never updated"),
]


@pytest.mark.parametrize("name, fn, diagnosis", MISTAKES, ids=[f"{m[0]}-{m[2]}" for m in MISTAKES])
def test_planted_mistake_is_named(name, fn, diagnosis):
    assert_mistake_named(f"c1w4.{name}", fn, diagnosis)


def test_core_gives_the_course_public_values():
    Z, _ = reference("linear_forward")(*LINEAR_PUBLIC)
    np.testing.assert_allclose(Z, [[3.26295337, -1.23429987]], rtol=1e-7)
