"""Course 1 week 2 exercises: the solutions pass, planted mistakes are named, the core gives the
course's public test values."""

import numpy as np
import pytest

from dlnotes.exercises import check, reference
from dlnotes.exercises.c1w2 import OPTIMIZE_PUBLIC, PROPAGATE_PUBLIC
from dlnotes.exercises.solutions import c1w2 as sol

from . import assert_mistake_named

NAMES = ["sigmoid", "initialize_with_zeros", "propagate", "optimize", "predict"]


@pytest.mark.parametrize("name", NAMES)
def test_solution_passes(name):
    result = check(name, getattr(sol, name))
    assert result, str(result)


def _propagate(scale_grads=1.0, squared=False, db_axis=None):
    def propagate(w, b, X, Y):
        m = X.shape[1]
        A = 1 / (1 + np.exp(-(w.T @ X + b)))
        if squared:
            cost = np.mean((A - Y) ** 2)
        else:
            cost = -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)) * scale_grads
        dw = X @ (A - Y).T / m * scale_grads
        db = np.sum(A - Y) / m * scale_grads if db_axis is None else np.sum(A - Y, axis=db_axis) / m
        return {"dw": dw, "db": float(db) if np.ndim(db) == 0 else db}, cost
    return propagate


def _optimize(sign=-1.0, update_b=True):
    def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
        costs = []
        for i in range(num_iterations):
            grads, cost = sol.propagate(w, b, X, Y)
            w = w + sign * learning_rate * grads["dw"]
            b = b + (sign * learning_rate * grads["db"] if update_b else 0)
            if i % 100 == 0:
                costs.append(cost)
        return {"w": w, "b": b}, grads, costs
    return optimize


MISTAKES = [
    ("sigmoid", lambda z: 1 / (1 + np.exp(z)), "exp(z) instead of exp(-z)"),
    ("sigmoid", lambda z: 1 / 1 + np.exp(-z), "parentheses missing"),
    ("initialize_with_zeros", lambda dim: (np.zeros((dim, 1)), np.zeros((1, 1))), "b as an array"),
    ("initialize_with_zeros", lambda dim: (np.zeros(dim), 0.0), "w of shape (dim,)"),
    ("propagate", _propagate(scale_grads=1.0, squared=True), "squared error instead of cross-entropy"),
    ("propagate", _propagate(scale_grads=-1.0), "Y - A instead of A - Y"),
    ("propagate", _propagate(db_axis=None, scale_grads=4.0), "the 1/m missing"),
    ("optimize", _optimize(sign=1.0), "gradient ascent"),
    ("optimize", _optimize(update_b=False), "b never updated"),
    ("predict", lambda w, b, X: (1 / (1 + np.exp(-(w.T @ X))) > 0.5).astype(float), "b left out of A"),
    ("predict", lambda w, b, X: 1 / (1 + np.exp(-(w.T @ X + b))), "probabilities instead of labels"),
    ("predict", lambda w, b, X: (1 / (1 + np.exp(-(w.T @ X + b))) >= 0.5) * 1.0, "A >= 0.5"),
]


@pytest.mark.parametrize("name, fn, diagnosis", MISTAKES, ids=[f"{m[0]}-{m[2]}" for m in MISTAKES])
def test_planted_mistake_is_named(name, fn, diagnosis):
    assert_mistake_named(name, fn, diagnosis)


def test_core_gives_the_course_public_values():
    """The numbers the course's notebook prints for its public tests (facts), from the references."""
    s = reference("sigmoid")(np.array([0.0, 2.0]))
    np.testing.assert_allclose(s, [0.5, 0.88079708], rtol=1e-7)
    grads, cost = reference("propagate")(*PROPAGATE_PUBLIC)
    np.testing.assert_allclose(grads["dw"], [[-0.03909333], [0.12501464], [-0.99960809]], rtol=1e-6)
    assert grads["db"] == pytest.approx(0.288106326429569, rel=1e-9)
    assert cost == pytest.approx(2.0424567983978403, rel=1e-9)
    params, grads, costs = reference("optimize")(*OPTIMIZE_PUBLIC, num_iterations=101, learning_rate=0.1)
    np.testing.assert_allclose(params["w"], [[-0.70916784], [-0.42390859]], rtol=1e-6)
    assert params["b"] == pytest.approx(2.26891346, rel=1e-7)
    np.testing.assert_allclose(grads["dw"], [[0.06188603], [-0.01407361]], rtol=1e-5)
    np.testing.assert_allclose(costs, [5.80154532, 0.31057104], rtol=1e-7)
    w, b, X = np.array([[0.3], [0.5], [-0.2]]), -0.33333, np.array([[1.0, -0.3, 1.5], [2, 0, 1], [0, -1.5, 2]])
    np.testing.assert_array_equal(reference("predict")(w, b, X), [[1, 0, 1]])


def test_the_notebook_holds_every_exercise_and_builds_its_solutions(tmp_path):
    from pathlib import Path

    import nbformat

    from dlnotes.exercises import solutions_build

    path = Path(__file__).resolve().parents[2] / "notebooks" / "c1w2_logistic_regression_cats.ipynb"
    nb = nbformat.read(path, as_version=4)
    cells = solutions_build.exercise_cells(nb)
    names = NAMES + ["model"]
    assert sorted(solutions_build.exercise_name(c, path) for c in cells) == sorted(f"c1w2.{n}" for n in names)
    for cell in cells:  # each stub is followed by its check cell
        following = nb.cells[nb.cells.index(cell) + 1].source
        name = solutions_build.exercise_name(cell, path).split(".")[1]
        assert following.strip() == f'check("{name}", {name})'
    written = solutions_build.build([path], tmp_path)
    assert written == [(tmp_path / path.name, len(NAMES) + 1)]  # + model
    solved = nbformat.read(tmp_path / path.name, as_version=4)
    assert not any("NotImplementedError" in c.source for c in solutions_build.exercise_cells(solved))


def test_the_public_test_the_notebook_shows_is_the_one_the_checker_reports():
    """The notebook's propagate test cell holds the checker's first case, so that an index in the
    feedback ("grads['dw'] ... at index (2, 0)") points at arrays the learner can see."""
    from pathlib import Path

    import nbformat

    from dlnotes.exercises import EXERCISES

    path = Path(__file__).resolve().parents[2] / "notebooks" / "c1w2_logistic_regression_cats.ipynb"
    cell = next(c for c in nbformat.read(path, as_version=4).cells
                if c.cell_type == "code" and "d.propagate(w, b, X, Y)" in c.source)
    shown = {"np": np}
    exec("\n".join(line for line in cell.source.splitlines()[:3]), shown)
    first = EXERCISES["c1w2.propagate"].cases(np.random.default_rng(0))[0]
    assert "the notebook shows" in first.label
    for name, value in zip("wbXY", first.args):
        np.testing.assert_array_equal(shown[name], value)
