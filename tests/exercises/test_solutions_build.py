"""The solution notebooks are built from the learner's notebook and the solutions module."""

import contextlib
import inspect
import io
from pathlib import Path

import nbformat
import numpy as np
import pytest

from dlnotes.exercises import solutions_build
from dlnotes.exercises.solutions import c1w2 as sol

STUB = '''def sigmoid(z):
    """The sigmoid of z."""
    # YOUR CODE HERE
    raise NotImplementedError'''


def _notebook(path, stub=STUB, metadata=None):
    cells = [
        nbformat.v4.new_markdown_cell("## Your turn: the sigmoid"),
        nbformat.v4.new_code_cell("import numpy as np\nfrom dlnotes.exercises import check, reference"),
        nbformat.v4.new_code_cell(stub, metadata={"tags": ["exercise"], **(metadata or {})}),
        nbformat.v4.new_code_cell('result = check("sigmoid", sigmoid)\nprint(result)'),
        nbformat.v4.new_code_cell('sigmoid = sigmoid if result else reference("sigmoid")\n'
                                  'print(f"{float(sigmoid(0.0)):.2f}")'),
    ]
    cells[3].outputs = [nbformat.v4.new_output("stream", text="stale output\n")]
    nb = nbformat.v4.new_notebook(cells=cells)
    nbformat.write(nb, path)
    return nb


def _run(nb) -> str:
    """Execute the code cells top to bottom in one namespace (what a kernel does); the printed text."""
    out, namespace = io.StringIO(), {}
    with contextlib.redirect_stdout(out):
        for cell in nb.cells:
            if cell.cell_type == "code":
                exec(compile(cell.source, "<cell>", "exec"), namespace)
    return out.getvalue()


def test_learner_notebook_runs_and_says_not_implemented(tmp_path):
    nb = _notebook(tmp_path / "c1w2_demo.ipynb")
    printed = _run(nb)
    assert "NOT IMPLEMENTED YET" in printed and "0.50" in printed


def test_build_writes_the_solution_notebook(tmp_path):
    learner = _notebook(tmp_path / "c1w2_demo.ipynb")
    written = solutions_build.build([tmp_path / "c1w2_demo.ipynb"], tmp_path / "out")
    assert written == [(tmp_path / "out" / "c1w2_demo.ipynb", 1)]
    solved = nbformat.read(tmp_path / "out" / "c1w2_demo.ipynb", as_version=4)
    assert solved.cells[2].source == inspect.getsource(sol.sigmoid).rstrip()
    assert solved.cells[2].metadata["tags"] == ["exercise"]
    assert [c.source for i, c in enumerate(solved.cells) if i != 2] == \
        [c.source for i, c in enumerate(learner.cells) if i != 2]
    assert all(c.outputs == [] for c in solved.cells if c.cell_type == "code")
    printed = _run(solved)
    assert "c1w2.sigmoid: PASSED" in printed and "0.50" in printed
    assert nbformat.read(tmp_path / "c1w2_demo.ipynb", as_version=4) == learner  # the source is untouched


def test_the_metadata_names_an_exercise(tmp_path):
    stub = "def compute_cost(AL, Y):\n    # YOUR CODE HERE\n    raise NotImplementedError"
    _notebook(tmp_path / "deep.ipynb", stub, {"dlnotes": {"exercise": "c1w4.compute_cost"}})
    solutions_build.build([tmp_path / "deep.ipynb"], tmp_path / "out")
    solved = nbformat.read(tmp_path / "out" / "deep.ipynb", as_version=4)
    assert "np.log(1 - AL)" in solved.cells[2].source


@pytest.mark.parametrize("stub, message", [
    ("def sigmoid(x):\n    raise NotImplementedError", "the stub is sigmoid(x) but the solution is sigmoid(z)"),
    ("def sigmoid(z):\n    return z", "must `raise NotImplementedError`"),
    ("def sigmoid(z):\n    raise NotImplementedError\ndef f():\n    pass", "exactly one function, found 2"),
    ("def sigmoidal(z):\n    raise NotImplementedError", "has no function 'sigmoidal'"),
])
def test_cells_off_the_convention_are_reported(tmp_path, capsys, stub, message):
    _notebook(tmp_path / "c1w2_demo.ipynb", stub)
    status = solutions_build.main([str(tmp_path / "c1w2_demo.ipynb"), "--out", str(tmp_path / "out")])
    assert status == 1
    assert message in capsys.readouterr().out


def test_command_line(tmp_path, capsys):
    _notebook(tmp_path / "c1w2_demo.ipynb")
    nbformat.write(nbformat.v4.new_notebook(), tmp_path / "c1w2_plain.ipynb")  # no exercise: skipped
    assert solutions_build.main([str(tmp_path), "--out", str(tmp_path / "out")]) == 0
    assert capsys.readouterr().out.strip() == f"wrote {tmp_path / 'out' / 'c1w2_demo.ipynb'} (1 exercise)"
    assert not (tmp_path / "out" / "c1w2_plain.ipynb").exists()


def _with_output(nb, index, text, stream=True):
    nb.cells[index].outputs = [nbformat.v4.new_output("stream", text=text) if stream else
                               nbformat.v4.new_output("execute_result", data={"text/plain": text})]
    return nb


@pytest.mark.parametrize("text, stream, verdict", [
    ("c1w2.sigmoid: PASSED\n  all 4 cases agree\n", True, "PASSED"),
    ("c1w2.sigmoid: FAILED\n  exp(z) instead of exp(-z)", False, "FAILED"),
    ("c1w2.sigmoid: NOT IMPLEMENTED YET\n  ...", False, "NOT IMPLEMENTED YET"),
    ("something else: PASSED", True, "no check output"),
])
def test_the_verdicts_are_read_from_the_check_cells(tmp_path, text, stream, verdict):
    nb = _with_output(_notebook(tmp_path / "c1w2_demo.ipynb"), 3, text, stream)
    assert solutions_build.check_verdicts(nb, ["c1w2.sigmoid"]) == {"c1w2.sigmoid": verdict}


def test_execute_fails_when_a_solution_does_not_pass(tmp_path, monkeypatch):
    """--execute runs the built notebook and refuses one whose check cell does not say PASSED."""
    _notebook(tmp_path / "c1w2_demo.ipynb")

    def fake_run(path, failing):
        nb = _with_output(nbformat.read(path, as_version=4), 3, f"c1w2.sigmoid: {failing}\n")
        nbformat.write(nb, path)

    from dlnotes import run_notebooks
    monkeypatch.setattr(run_notebooks, "run", lambda path: fake_run(path, "PASSED"))
    assert solutions_build.build([tmp_path / "c1w2_demo.ipynb"], tmp_path / "out", execute=True)
    monkeypatch.setattr(run_notebooks, "run", lambda path: fake_run(path, "FAILED"))
    with pytest.raises(solutions_build.BuildError, match=r"do not pass their checks: c1w2.sigmoid \(FAILED\)"):
        solutions_build.build([tmp_path / "c1w2_demo.ipynb"], tmp_path / "out", execute=True)


def test_a_shared_helper_is_defined_once_above_its_first_use(tmp_path):
    """c4w1's convolution and pooling loops share the solutions module's sliding window: the solution notebook
    defines it in the first exercise cell that calls it (conv_forward's), above that solution, and nowhere else;
    the cells run as they stand, in order."""
    from dlnotes.exercises.solutions import c4w1

    notebook = Path(__file__).resolve().parents[2] / "notebooks" / "c4w1_convolution_step_by_step.ipynb"
    [(target, _)] = solutions_build.build([notebook], tmp_path)
    names = [solutions_build.exercise_name(cell, notebook)
             for cell in solutions_build.exercise_cells(nbformat.read(notebook, as_version=4))]
    cells = solutions_build.exercise_cells(nbformat.read(target, as_version=4))
    [(helper, text)] = solutions_build.solution_helpers("c4w1.pool_backward")
    assert [name for name in names if solutions_build.solution_helpers(name)] == \
        ["c4w1.conv_forward", "c4w1.pool_forward", "c4w1.conv_backward", "c4w1.pool_backward"]
    for name, cell in zip(names, cells):
        above = text + "\n\n" if name == "c4w1.conv_forward" else ""  # two blank lines between the two
        assert cell.source == (above + solutions_build.solution_source(name)).rstrip("\n"), name
    namespace = {"np": np}
    for cell in cells:
        exec(compile(cell.source, "<cell>", "exec"), namespace)
    A_prev = np.random.default_rng(0).standard_normal((2, 5, 5, 3))
    hparameters = {"f": 2, "stride": 1}
    A, cache = namespace["pool_forward"](A_prev, hparameters, mode="average")
    assert np.array_equal(namespace["pool_backward"](A, cache, mode="average"),
                          c4w1.pool_backward(A, (A_prev, hparameters), mode="average"))
    assert helper in namespace
