"""Course 2 week 2 exercises: the solutions pass, planted mistakes are named, a learner's own seed
does not fail a correct shuffle."""

import inspect
from pathlib import Path

import nbformat
import numpy as np
import pytest

from dlnotes.exercises import check, reference, solutions_build
from dlnotes.exercises.solutions import c2w2 as sol

from . import assert_mistake_named

GD = ["update_parameters_with_gd"]  # tested in test_new_exercises
NAMES = ["random_mini_batches", "initialize_velocity", "update_parameters_with_momentum", "initialize_adam",
         "update_parameters_with_adam", "update_lr", "schedule_lr_decay"]


@pytest.mark.parametrize("name", NAMES)
def test_solution_passes(name):
    result = check(name, getattr(sol, name))
    assert result, str(result)


@pytest.mark.parametrize("seed", [0, 1, 10])
def test_learner_seed_does_not_fail_a_correct_shuffle(seed):
    own = seed

    def random_mini_batches(X, Y, mini_batch_size=64, seed=0):
        return sol.random_mini_batches(X, Y, mini_batch_size, own)  # the learner's own seed, not the one given
    assert check("random_mini_batches", random_mini_batches)


def _batches(shuffle=True, together=True, keep_last=True):
    def random_mini_batches(X, Y, mini_batch_size=64, seed=0):
        np.random.seed(seed)
        m = X.shape[1]
        p = np.random.permutation(m) if shuffle else np.arange(m)
        q = np.random.permutation(m) if not together else p
        X, Y = X[:, p], Y[:, q]
        stop = m if keep_last else m - m % mini_batch_size
        return [(X[:, k:k + mini_batch_size], Y[:, k:k + mini_batch_size]) for k in range(0, stop, mini_batch_size)]
    return random_mini_batches


def _zeros(prefix="d", biases=True):
    def initialize(parameters):
        return {prefix + k: np.zeros(p.shape) for k, p in parameters.items() if biases or k[0] == "W"}
    return initialize


def _momentum(damp=True, use_v=True):
    def update_parameters_with_momentum(parameters, grads, v, beta, learning_rate):
        for k in parameters:
            v["d" + k] = beta * v["d" + k] + ((1 - beta) if damp else 1) * grads["d" + k]
            parameters[k] = parameters[k] - learning_rate * (v["d" + k] if use_v else grads["d" + k])
        return parameters, v
    return update_parameters_with_momentum


def _adam(correct=True, t0=False, eps_inside=False):
    def update_parameters_with_adam(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999,
                                    epsilon=1e-8):
        steps = t - 1 if t0 else t
        vc, sc = {}, {}
        for k in parameters:
            g = grads["d" + k]
            v["d" + k] = beta1 * v["d" + k] + (1 - beta1) * g
            s["d" + k] = beta2 * s["d" + k] + (1 - beta2) * g ** 2
            vc["d" + k] = v["d" + k] / (1 - beta1 ** steps) if correct else v["d" + k]
            sc["d" + k] = s["d" + k] / (1 - beta2 ** steps) if correct else s["d" + k]
            denominator = np.sqrt(sc["d" + k] + epsilon) if eps_inside else np.sqrt(sc["d" + k]) + epsilon
            parameters[k] = parameters[k] - learning_rate * vc["d" + k] / denominator
        return parameters, v, s, vc, sc
    return update_parameters_with_adam


MISTAKES = [
    ("initialize_velocity", _zeros(prefix=""), "keys W1, b1, ... instead of dW1, db1"),
    ("initialize_velocity", _zeros(biases=False), "the biases left out"),
    ("initialize_adam", lambda p: (_zeros(prefix="")(p), _zeros(prefix="")(p)), "keys W1, b1, ... instead of"),
    ("initialize_adam", _zeros(), "only v returned"),
    ("update_parameters_with_momentum", _momentum(damp=False), "the (1 - beta) left out"),
    ("update_parameters_with_momentum", _momentum(use_v=False), "W updated with the gradient instead of v"),
    ("update_parameters_with_adam", _adam(correct=False), "Adam's bias correction missing"),
    ("update_parameters_with_adam", _adam(t0=True), "t starting at 0"),
    ("update_parameters_with_adam", _adam(eps_inside=True), "epsilon inside the square root"),
    ("random_mini_batches", _batches(together=False), "X and Y shuffled with different permutations"),
    ("random_mini_batches", _batches(keep_last=False), "the last, smaller mini-batch left out"),
    ("random_mini_batches", _batches(shuffle=False), "the examples not shuffled"),
    ("update_lr", lambda lr0, epoch_num, decay_rate: lr0 / (1 + decay_rate) * epoch_num, "(parentheses)"),
    ("update_lr", lambda lr0, epoch_num, decay_rate: lr0 / (1 + epoch_num), "decay_rate left out"),
    ("schedule_lr_decay", lambda lr0, epoch_num, decay_rate, time_interval=1000:
     lr0 / (1 + decay_rate * epoch_num / time_interval), "without the floor"),
    ("schedule_lr_decay", lambda lr0, epoch_num, decay_rate, time_interval=1000:
     lr0 / (1 + decay_rate * epoch_num), "time_interval left out"),
]


@pytest.mark.parametrize("name, fn, diagnosis", MISTAKES, ids=[f"{m[0]}-{m[2]}" for m in MISTAKES])
def test_planted_mistake_is_named(name, fn, diagnosis):
    assert_mistake_named(name, fn, diagnosis)


def test_core_gives_the_course_public_values():
    assert reference("update_lr")(0.5, 2, 1) == pytest.approx(0.16666666666666666)
    # the course's schedule_lr_decay test: 0.5 after 10 epochs, 0.3846153846153846 after 100
    assert reference("schedule_lr_decay")(0.5, 10, 0.3, 100) == 0.5
    assert reference("schedule_lr_decay")(0.5, 100, 0.3, 100) == pytest.approx(0.3846153846153846)


NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "c2w2_optimization_algorithms.ipynb"


def test_notebook_holds_one_exercise_cell_per_exercise_and_a_check_after_each():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    cells = solutions_build.exercise_cells(nb)
    assert sorted(solutions_build.exercise_name(c, NOTEBOOK) for c in cells) == sorted(f"c2w2.{n}" for n in NAMES + GD)
    for cell in cells:
        name = solutions_build.exercise_name(cell, NOTEBOOK).split(".", 1)[1]
        after = nb.cells[nb.cells.index(cell) + 1]
        assert after.cell_type == "code" and after.source.strip() == f'check("{name}", {name})'
        # the learner's stub is a stub: the committed notebook says so without an error
        assert any("NOT IMPLEMENTED YET" in o.get("data", {}).get("text/plain", "") for o in after.outputs)


def test_build_solutions_fills_every_exercise_cell(tmp_path):
    written = solutions_build.build([NOTEBOOK], tmp_path)
    assert written == [(tmp_path / NOTEBOOK.name, len(NAMES) + 1)]  # + update_parameters_with_gd
    solved = nbformat.read(tmp_path / NOTEBOOK.name, as_version=4)
    for cell in solutions_build.exercise_cells(solved):
        name = cell.source.split("def ", 1)[1].split("(", 1)[0]
        assert cell.source == inspect.getsource(getattr(sol, name)).rstrip()
        assert "NotImplementedError" not in cell.source
