"""The C1W4 step-by-step notebook holds one exercise cell per week-4 exercise, each followed by its check,
and build-solutions turns it into the solution notebook (not executed here)."""

from pathlib import Path

import nbformat

from dlnotes.exercises import c1w4, solutions_build

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "c1w4_deep_network_step_by_step.ipynb"
APPLICATION = ("c1w4.two_layer_model", "c1w4.L_layer_model")  # in c1w4_deep_network_cats, where they are taught


def _exercise_names(nb):
    return [solutions_build.exercise_name(cell, NOTEBOOK) for cell in solutions_build.exercise_cells(nb)]


def test_every_week4_exercise_has_one_cell_and_a_check_after_it():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    names = _exercise_names(nb)
    assert sorted(names) == sorted(ex.name for ex in c1w4.EXERCISES if ex.name not in APPLICATION)
    for cell in solutions_build.exercise_cells(nb):
        following = nb.cells[nb.cells.index(cell) + 1]
        short = solutions_build.exercise_name(cell, NOTEBOOK).split(".", 1)[1]
        assert following.cell_type == "code" and following.source.startswith("check(")
        assert f", {short})" in following.source
        assert "NOT IMPLEMENTED YET" in str(following.outputs), "the committed notebook shows the stub's check"


def test_build_solutions_fills_every_exercise(tmp_path):
    written = solutions_build.build([NOTEBOOK], tmp_path)
    assert written == [(tmp_path / NOTEBOOK.name, len(c1w4.EXERCISES) - len(APPLICATION))]
    solved = nbformat.read(written[0][0], as_version=4)
    for cell, name in zip(solutions_build.exercise_cells(solved), _exercise_names(nbformat.read(NOTEBOOK, 4))):
        assert "NotImplementedError" not in cell.source
        assert cell.source.strip() == solutions_build.solution_source(name).strip()
    assert all(not c.get("outputs") for c in solved.cells if c.cell_type == "code")
