"""Every exercise has its "Your turn" cell in a notebook, and every notebook's exercise cells build."""

from pathlib import Path

import nbformat
import pytest

from dlnotes.exercises import EXERCISES, solutions_build

NOTEBOOKS = sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("*.ipynb"))


def _exercise_cells():
    found = {}
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        for cell in solutions_build.exercise_cells(nb):
            found.setdefault(solutions_build.exercise_name(cell, path), []).append(path.name)
    return found


def test_every_exercise_has_exactly_one_cell_in_the_notebooks():
    found = _exercise_cells()
    assert sorted(set(EXERCISES) - set(found)) == []
    assert sorted(set(found) - set(EXERCISES)) == []
    assert {name: where for name, where in found.items() if len(where) > 1} == {}


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS
                                  if solutions_build.exercise_cells(nbformat.read(p, as_version=4))],
                         ids=lambda p: p.stem)
def test_the_learner_notebook_says_not_implemented_and_its_solutions_build(path, tmp_path):
    nb = nbformat.read(path, as_version=4)
    names = [solutions_build.exercise_name(cell, path) for cell in solutions_build.exercise_cells(nb)]
    assert set(solutions_build.check_verdicts(nb, names).values()) == {"NOT IMPLEMENTED YET"}
    [(target, count)] = solutions_build.build([path], tmp_path)
    assert count == len(names)
