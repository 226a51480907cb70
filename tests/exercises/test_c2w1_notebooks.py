"""Course 2 week 1 notebooks: each exercise of the week has its exercise cell (followed by its check
cell) in the notebook that teaches it, and build-solutions turns each notebook into its solution."""

import ast
import inspect
from pathlib import Path

import nbformat
import pytest

from dlnotes.exercises import c2w1, solutions_build
from dlnotes.exercises.solutions import c2w1 as sol

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
WHERE = {
    "c2w1_initialization.ipynb": ["initialize_parameters_zeros", "initialize_parameters_random",
                                  "initialize_parameters_he"],
    "c2w1_regularization.ipynb": ["compute_cost_with_regularization", "backward_propagation_with_regularization",
                                  "forward_propagation_with_dropout", "backward_propagation_with_dropout"],
    "c2w1_gradient_checking.ipynb": ["forward_propagation", "backward_propagation", "gradient_check",
                                     "gradient_check_n"],
}


def test_every_exercise_of_the_week_has_a_notebook():
    assert sorted(f"c2w1.{n}" for names in WHERE.values() for n in names) == sorted(ex.name for ex in c2w1.EXERCISES)


@pytest.mark.parametrize("notebook", sorted(WHERE))
def test_exercise_cells_and_their_check_cells(notebook):
    path = NOTEBOOKS / notebook
    nb = nbformat.read(path, as_version=4)
    cells = solutions_build.exercise_cells(nb)
    assert [solutions_build.exercise_name(c, path) for c in cells] == [f"c2w1.{n}" for n in WHERE[notebook]]
    for cell in cells:
        fn = next(node for node in ast.parse(cell.source).body if isinstance(node, ast.FunctionDef))
        assert ast.get_docstring(fn), f"{fn.name}: the stub needs a docstring"
        assert "# YOUR CODE HERE" in cell.source and "raise NotImplementedError" in cell.source
        after = nb.cells[nb.cells.index(cell) + 1]
        assert after.cell_type == "code" and after.source.strip() in (f'check("{fn.name}", {fn.name})',
                                                                      f'check("c2w1.{fn.name}", {fn.name})')
        assert "NOT IMPLEMENTED YET" in after.outputs[0]["data"]["text/plain"]  # the committed learner's run
    assert any("from dlnotes.exercises import check" in c.source for c in nb.cells if c.cell_type == "code")


@pytest.mark.parametrize("notebook", sorted(WHERE))
def test_build_solutions(notebook, tmp_path):
    [(target, count)] = solutions_build.build([NOTEBOOKS / notebook], tmp_path)
    assert target == tmp_path / notebook and count == len(WHERE[notebook])
    solved = nbformat.read(target, as_version=4)
    sources = [c.source for c in solutions_build.exercise_cells(solved)]
    assert sources == [inspect.getsource(getattr(sol, n)).rstrip() for n in WHERE[notebook]]
    assert all(c.outputs == [] for c in solved.cells if c.cell_type == "code")
