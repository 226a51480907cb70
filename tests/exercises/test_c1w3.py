"""Course 1 week 3 exercises: the solutions pass, planted mistakes are named, a learner's own
np.random.seed does not fail a correct random initialization."""

import copy
from pathlib import Path

import nbformat
import numpy as np
import pytest

from dlnotes.exercises import check, reference
from dlnotes.exercises.c1w3 import COST_PUBLIC
from dlnotes.exercises.solutions import c1w3 as sol
from dlnotes.exercises.solutions_build import build, exercise_cells, exercise_name, solution_source

from . import assert_mistake_named

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "c1w3_planar_one_hidden_layer.ipynb"
NAMES = ["layer_sizes", "initialize_parameters", "forward_propagation", "compute_cost", "backward_propagation",
         "update_parameters", "nn_model"]


@pytest.mark.parametrize("name", NAMES)
def test_solution_passes(name):
    result = check(f"c1w3.{name}", getattr(sol, name))
    assert result, str(result)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_learner_seed_does_not_fail_a_correct_initialization(seed):
    def initialize_parameters(n_x, n_h, n_y):
        np.random.seed(seed)
        return sol.initialize_parameters(n_x, n_h, n_y)
    assert check("c1w3.initialize_parameters", initialize_parameters)


def _init(draw, scale):
    def initialize_parameters(n_x, n_h, n_y):
        return {"W1": draw(n_h, n_x) * scale, "b1": np.zeros((n_h, 1)),
                "W2": draw(n_y, n_h) * scale, "b2": np.zeros((n_y, 1))}
    return initialize_parameters


def _forward(hidden, transpose=False):
    def forward_propagation(X, parameters):
        W1, b1, W2, b2 = (parameters[k] for k in ("W1", "b1", "W2", "b2"))
        Z1 = (W1.T if transpose else W1) @ X + b1
        A1 = hidden(Z1)
        Z2 = (W2.T if transpose else W2) @ A1 + b2
        A2 = 1 / (1 + np.exp(-Z2))
        return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
    return forward_propagation


def _backward(db_axis=1, keepdims=True, derivative=lambda A1: 1 - A1 ** 2):
    def backward_propagation(parameters, cache, X, Y):
        m = X.shape[1]
        dZ2 = cache["A2"] - Y
        dZ1 = parameters["W2"].T @ dZ2 * derivative(cache["A1"])
        return {"dW1": dZ1 @ X.T / m, "db1": np.sum(dZ1, axis=db_axis, keepdims=keepdims) / m,
                "dW2": dZ2 @ cache["A1"].T / m, "db2": np.sum(dZ2, axis=db_axis, keepdims=keepdims) / m}
    return backward_propagation


def _update(sign, biases=True):
    def update_parameters(parameters, grads, learning_rate=1.2):
        params = copy.deepcopy(parameters)
        for k in params:
            if k.startswith("W") or biases:
                params[k] = params[k] + sign * learning_rate * grads["d" + k]
        return params
    return update_parameters


def _nn_model_without_update(X, Y, n_h, num_iterations=10000, print_cost=False):
    parameters = sol.initialize_parameters(X.shape[0], n_h, Y.shape[0])
    for _ in range(num_iterations):
        A2, cache = sol.forward_propagation(X, parameters)
        grads = sol.backward_propagation(parameters, cache, X, Y)
        sol.update_parameters(parameters, grads)  # the result is thrown away
    return parameters


def _nn_model_zeros(X, Y, n_h, num_iterations=10000, print_cost=False):
    parameters = {"W1": np.zeros((n_h, X.shape[0])), "b1": np.zeros((n_h, 1)),
                  "W2": np.zeros((1, n_h)), "b2": np.zeros((1, 1))}
    for _ in range(num_iterations):
        A2, cache = sol.forward_propagation(X, parameters)
        parameters = sol.update_parameters(parameters, sol.backward_propagation(parameters, cache, X, Y))
    return parameters


def _cost(expr):
    def compute_cost(A2, Y):
        return float(expr(A2, Y))
    return compute_cost


MISTAKES = [
    ("layer_sizes", lambda X, Y: (X.shape[1], 4, Y.shape[0]), "n_x taken from X.shape[1]"),
    ("layer_sizes", lambda X, Y: (X.shape[0], 4, Y.shape[1]), "n_y taken from Y.shape[1]"),
    ("initialize_parameters", _init(np.random.rand, 0.01), "np.random.rand instead of np.random.randn"),
    ("initialize_parameters", _init(np.random.randn, 1.0), "the 0.01 scale missing"),
    ("initialize_parameters", _init(lambda *shape: np.zeros(shape), 1.0), "W initialized to zeros"),
    ("forward_propagation", _forward(lambda Z: np.maximum(Z, 0)), "relu instead of tanh"),
    ("forward_propagation", _forward(lambda Z: 1 / (1 + np.exp(-Z))), "sigmoid instead of tanh"),
    ("forward_propagation", _forward(np.tanh, transpose=True), "W.T @ A instead of W @ A"),
    ("compute_cost", _cost(lambda A, Y: -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A))), "the 1/m missing"),
    ("compute_cost", _cost(lambda A, Y: np.mean((A - Y) ** 2)), "squared error instead of cross-entropy"),
    ("compute_cost", _cost(lambda A, Y: -np.mean(Y * np.log(A))), "the (1 - Y) log(1 - AL) term missing"),
    ("backward_propagation", _backward(db_axis=0), "db summed over axis 0"),
    ("backward_propagation", _backward(keepdims=False), "db summed without keepdims"),
    ("backward_propagation", _backward(derivative=lambda A1: A1 * (1 - A1)), "the sigmoid's derivative"),
    ("update_parameters", _update(+1.0), "gradient ascent"),
    ("update_parameters", _update(-1.0, biases=False), "the biases never updated"),
    ("nn_model", _nn_model_without_update, "the parameters never updated"),
    ("nn_model", _nn_model_zeros, "W initialized to zeros"),
]


@pytest.mark.parametrize("name, fn, diagnosis", MISTAKES, ids=[f"{m[0]}-{m[2]}" for m in MISTAKES])
def test_planted_mistake_is_named(name, fn, diagnosis):
    assert_mistake_named(f"c1w3.{name}", fn, diagnosis)


def test_core_gives_the_course_public_cost():
    assert reference("c1w3.compute_cost")(*COST_PUBLIC) == pytest.approx(0.6930587610394646, rel=1e-6)


NAMES_IN_NOTEBOOK = NAMES + ["predict"]  # c1w3.predict: see test_new_exercises
# the names that the notebook's check cells give (week-qualified where another week has the same name)
CHECK_NAMES = {"initialize_parameters": "c1w3.initialize_parameters", "compute_cost": "c1w3.compute_cost",
               "update_parameters": "c1w3.update_parameters", "predict": "c1w3.predict"}


def test_notebook_holds_each_exercise_with_its_check_and_builds_its_solutions(tmp_path):
    nb = nbformat.read(NOTEBOOK, as_version=4)
    cells = exercise_cells(nb)
    assert [exercise_name(c, NOTEBOOK) for c in cells] == [f"c1w3.{n}" for n in NAMES_IN_NOTEBOOK]
    for cell, name in zip(cells, NAMES_IN_NOTEBOOK):
        following = nb.cells[nb.cells.index(cell) + 1]
        assert following.source.strip() == f'check("{CHECK_NAMES.get(name, name)}", {name})'
    assert build([NOTEBOOK], tmp_path) == [(tmp_path / NOTEBOOK.name, len(NAMES_IN_NOTEBOOK))]
    solved = exercise_cells(nbformat.read(tmp_path / NOTEBOOK.name, as_version=4))
    assert [c.source + "\n" for c in solved] == [solution_source(f"c1w3.{n}") for n in NAMES_IN_NOTEBOOK]
