"""Course 2 week 1 exercises: the solutions pass, planted mistakes are named, a learner's own
np.random.seed does not fail a correct random answer."""

import numpy as np
import pytest

from dlnotes import compute_cost, gradients_to_vector, parameters_to_vector, vector_to_parameters
from dlnotes.exercises import check
from dlnotes.exercises.solutions import c2w1 as sol

from . import assert_mistake_named

NAMES = ["initialize_parameters_zeros", "initialize_parameters_random", "initialize_parameters_he",
         "compute_cost_with_regularization", "backward_propagation_with_regularization",
         "forward_propagation_with_dropout", "backward_propagation_with_dropout", "gradient_check_n"]


@pytest.mark.parametrize("name", NAMES)
def test_solution_passes(name):
    result = check(name, getattr(sol, name))
    assert result, str(result)


@pytest.mark.parametrize("name, seed", [("initialize_parameters_random", 3), ("initialize_parameters_he", 3),
                                        ("forward_propagation_with_dropout", 1)])
def test_learner_seed_does_not_fail_a_correct_answer(name, seed):
    def seeded(*args, **kwargs):
        np.random.seed(seed)  # the course's notebooks seed inside these functions
        return getattr(sol, name)(*args, **kwargs)
    assert check(name, seeded)


def _init(draw, scale_of, transpose=False, rank1_b=False):
    def initialize(layers_dims):
        params = {}
        for l in range(1, len(layers_dims)):
            n, n_prev = layers_dims[l], layers_dims[l - 1]
            W = draw(n, n_prev) * scale_of(n, n_prev)
            params[f"W{l}"] = W.T if transpose else W
            params[f"b{l}"] = np.zeros(n) if rank1_b else np.zeros((n, 1))
        return params
    return initialize


def _zeros(*shape):
    return np.zeros(shape)


def _reg_cost(norm, factor):
    def compute_cost_with_regularization(A3, Y, parameters, lambd):
        m = Y.shape[1]
        return compute_cost(A3, Y) + factor * lambd / m * sum(norm(parameters[f"W{i}"]) for i in (1, 2, 3))
    return compute_cost_with_regularization


def _reg_backward(dW_term, db_term=False):
    def backward_propagation_with_regularization(X, Y, cache, lambd):
        grads = sol.backward_propagation_with_regularization(X, Y, cache, 0.0)
        m = X.shape[1]
        for i, (W, b) in enumerate(((cache[2], cache[3]), (cache[6], cache[7]), (cache[10], cache[11])), 1):
            grads[f"dW{i}"] = grads[f"dW{i}"] + dW_term(lambd, m) * W
            if db_term:
                grads[f"db{i}"] = grads[f"db{i}"] + lambd / m * b
        return grads
    return backward_propagation_with_regularization


def _dropout(draw, keep, divide=True):
    def forward_propagation_with_dropout(X, parameters, keep_prob=0.5):
        W1, b1, W2, b2, W3, b3 = (parameters[k] for k in ("W1", "b1", "W2", "b2", "W3", "b3"))
        Z1 = W1 @ X + b1
        D1 = keep(draw(*Z1.shape), keep_prob).astype(int)
        A1 = np.maximum(Z1, 0) * D1 / (keep_prob if divide else 1)
        Z2 = W2 @ A1 + b2
        D2 = keep(draw(*Z2.shape), keep_prob).astype(int)
        A2 = np.maximum(Z2, 0) * D2 / (keep_prob if divide else 1)
        Z3 = W3 @ A2 + b3
        A3 = 1 / (1 + np.exp(-Z3))
        return A3, (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)
    return forward_propagation_with_dropout


def _below(u, p):
    return u < p


def _above(u, p):
    return u > p


def _dropout_backward(use_mask=True, divide=True, multiply=False):
    def backward_propagation_with_dropout(X, Y, cache, keep_prob):
        m = X.shape[1]
        Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3 = cache
        scale = 1 / keep_prob if multiply else keep_prob if divide else 1.0
        dZ3 = A3 - Y
        dA2 = W3.T @ dZ3 * (D2 if use_mask else 1) / scale
        dZ2 = dA2 * (A2 > 0)
        dA1 = W2.T @ dZ2 * (D1 if use_mask else 1) / scale
        dZ1 = dA1 * (A1 > 0)
        return {"dW3": dZ3 @ A2.T / m, "db3": dZ3.sum(axis=1, keepdims=True) / m,
                "dW2": dZ2 @ A1.T / m, "db2": dZ2.sum(axis=1, keepdims=True) / m,
                "dW1": dZ1 @ X.T / m, "db1": dZ1.sum(axis=1, keepdims=True) / m}
    return backward_propagation_with_dropout


def _gradient_check(denominator=True, two=2.0):
    def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
        theta, grad = parameters_to_vector(parameters), gradients_to_vector(gradients)
        approx = np.zeros_like(theta)
        for i in range(theta.shape[0]):
            plus, minus = theta.copy(), theta.copy()
            plus[i] += epsilon
            minus[i] -= epsilon
            J_plus, _ = sol.forward_propagation_n(X, Y, vector_to_parameters(plus, parameters))
            J_minus, _ = sol.forward_propagation_n(X, Y, vector_to_parameters(minus, parameters))
            approx[i] = (J_plus - J_minus) / (two * epsilon)
        numerator = np.linalg.norm(grad - approx)
        return numerator / (np.linalg.norm(grad) + np.linalg.norm(approx)) if denominator else numerator
    return gradient_check_n


MISTAKES = [
    ("initialize_parameters_zeros", _init(_zeros, lambda n, p: 1.0, transpose=True), "W of shape (n[l-1], n[l])"),
    ("initialize_parameters_zeros", _init(_zeros, lambda n, p: 1.0, rank1_b=True), "b of shape (n[l],)"),
    ("initialize_parameters_random", _init(np.random.rand, lambda n, p: 10.0), "np.random.rand instead of"),
    ("initialize_parameters_random", _init(np.random.randn, lambda n, p: 0.01), "randn * 0.01 instead of randn * 10"),
    ("initialize_parameters_he", _init(np.random.randn, lambda n, p: np.sqrt(1 / p)), "sqrt(1/n[l-1]) instead of He"),
    ("initialize_parameters_he", _init(np.random.randn, lambda n, p: np.sqrt(2 / n)), "the layer's own size"),
    ("initialize_parameters_he", _init(np.random.rand, lambda n, p: np.sqrt(2 / p)), "np.random.rand instead of"),
    ("compute_cost_with_regularization", _reg_cost(lambda W: np.sum(np.abs(W)), 0.5), "the L1 norm (sum |W|)"),
    ("compute_cost_with_regularization", _reg_cost(lambda W: np.sum(W * W), 1.0), "lambd/m instead of lambd/(2m)"),
    ("compute_cost_with_regularization", _reg_cost(np.linalg.norm, 0.5), "the Frobenius norm not squared"),
    ("backward_propagation_with_regularization", _reg_backward(lambda lambd, m: lambd / (2 * m)),
     "lambd/(2m) * W instead of lambd/m * W"),
    ("backward_propagation_with_regularization", _reg_backward(lambda lambd, m: lambd), "lambd * W without the 1/m"),
    ("backward_propagation_with_regularization", _reg_backward(lambda lambd, m: lambd / m, db_term=True),
     "the L2 term added to db too"),
    ("forward_propagation_with_dropout", _dropout(np.random.randn, _below), "the mask drawn with np.random.randn"),
    ("forward_propagation_with_dropout", _dropout(np.random.rand, _above), "kept where the draw is above keep_prob"),
    ("forward_propagation_with_dropout", _dropout(np.random.rand, _below, divide=False), "no division by keep_prob"),
    ("backward_propagation_with_dropout", _dropout_backward(divide=False), "no division by keep_prob"),
    # without the mask (and without the division) the result is the same as without the division alone:
    # the relu derivative (A > 0) of the dropped-out A already zeroes the dropped units
    ("backward_propagation_with_dropout", _dropout_backward(use_mask=False, divide=False), "no division by keep_prob"),
    ("backward_propagation_with_dropout", _dropout_backward(multiply=True), "multiplied by keep_prob instead of"),
    ("gradient_check_n", _gradient_check(denominator=False), "the denominator left out"),
    ("gradient_check_n", _gradient_check(two=1.0), "divided by epsilon instead of 2 epsilon"),
]


@pytest.mark.parametrize("name, fn, diagnosis", MISTAKES, ids=[f"{m[0]}-{m[2]}" for m in MISTAKES])
def test_planted_mistake_is_named(name, fn, diagnosis):
    assert_mistake_named(name, fn, diagnosis)
