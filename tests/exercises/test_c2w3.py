"""Course 2 week 3 exercises: the solutions pass, planted mistakes are named."""

from pathlib import Path

import nbformat
import numpy as np
import pytest

from dlnotes.exercises import EXERCISES, c2w3, check, solutions_build
from dlnotes.exercises.solutions import c2w3 as sol

from . import assert_mistake_named


@pytest.mark.parametrize("name", ["batchnorm_forward", "softmax"])
def test_solution_passes(name):
    result = check(name, getattr(sol, name))
    assert result, str(result)


def _bn(axis=1, eps=True, root=True, swap=False):
    def batchnorm_forward(Z, gamma, beta, epsilon=1e-8):
        mu = Z.mean(axis=axis, keepdims=True)
        var = Z.var(axis=axis, keepdims=True) + (epsilon if eps else 0)
        Z_norm = (Z - mu) / (np.sqrt(var) if root else var)
        return beta * Z_norm + gamma if swap else gamma * Z_norm + beta
    return batchnorm_forward


def _softmax(shift_axis=0, axis=0, shift=True):
    def softmax(Z):
        E = np.exp(Z - np.max(Z, axis=shift_axis, keepdims=True) if shift else Z)
        return E / E.sum(axis=axis, keepdims=True)
    return softmax


MISTAKES = [
    ("batchnorm_forward", _bn(eps=False), "the variance without epsilon"),
    ("batchnorm_forward", _bn(axis=0), "over axis 0 (the units)"),
    ("batchnorm_forward", _bn(root=False), "divided by the variance instead of the standard deviation"),
    ("batchnorm_forward", _bn(swap=True), "gamma and beta swapped"),
    ("softmax", _softmax(shift=False), "softmax without subtracting the max"),
    ("softmax", _softmax(shift_axis=None), "the max taken over the whole array"),
    ("softmax", _softmax(shift_axis=1, axis=1), "normalized over axis 1"),
]


@pytest.mark.parametrize("name, fn, diagnosis", MISTAKES, ids=[f"{m[0]}-{m[2]}" for m in MISTAKES])
def test_planted_mistake_is_named(name, fn, diagnosis):
    assert_mistake_named(name, fn, diagnosis)


def test_overflow_is_reported_with_numpy_s_warning():
    text = str(check("softmax", _softmax(shift=False)))
    assert "holds NaN" in text and "numpy warned: overflow" in text


NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
# each exercise of the week, in the notebook where its topic is taught
HOMES = {"c2w3.batchnorm_forward": "c2w3_batch_norm.ipynb", "c2w3.softmax": "c2w3_softmax_multiclass.ipynb"}


def test_every_exercise_of_the_week_has_a_home():
    assert set(HOMES) == {ex.name for ex in c2w3.EXERCISES} == {n for n in EXERCISES if n.startswith("c2w3.")}


@pytest.mark.parametrize("name", sorted(HOMES))
def test_the_notebook_holds_the_exercise_and_its_check_and_builds(name, tmp_path):
    path = NOTEBOOKS / HOMES[name]
    nb = nbformat.read(path, as_version=4)
    cells = solutions_build.exercise_cells(nb)
    assert [solutions_build.exercise_name(c, path) for c in cells] == [name]
    function = name.split(".")[1]
    after = nb.cells[nb.cells.index(cells[0]) + 1]
    assert after.cell_type == "code" and after.source.strip() == f'check("{function}", {function})'
    shown = "".join(o.get("text", "") + o.get("data", {}).get("text/plain", "") for o in after.outputs)
    assert "NOT IMPLEMENTED YET" in shown
    written = solutions_build.build([path], tmp_path)
    assert written == [(tmp_path / path.name, 1)]
    solved = solutions_build.exercise_cells(nbformat.read(tmp_path / path.name, as_version=4))[0]
    assert "raise NotImplementedError" not in solved.source and solved.source.startswith(f"def {function}(")
