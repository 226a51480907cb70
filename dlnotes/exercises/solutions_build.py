"""Learner notebooks and solution notebooks from one source.

The committed notebooks are what a learner opens.  An **exercise cell** is a code cell

* tagged ``exercise`` (cell metadata ``"tags": ["exercise"]``),
* whose source defines one function under the course's name, its body a stub::

      def propagate(w, b, X, Y):
          \"\"\"...\"\"\"
          # YOUR CODE HERE
          raise NotImplementedError

* named by the notebook's week (the file name starts with ``c1w2_``, ``c2w1_``, ...) and the
  function's name, "c1w2.propagate"; a cell may name its exercise explicitly with the metadata
  ``"dlnotes": {"exercise": "c1w4.compute_cost"}``.

The check cell after it calls ``check("propagate", propagate)``, which says "not implemented yet"
for the stub without raising; the cells after it use the package's version
(``reference("propagate")``) so that the notebook runs top to bottom.

The solutions are kept in ``dlnotes/exercises/solutions/<week>.py``, one function per exercise
under the same name, tested by ``tests/exercises`` (each passes its check).  ``build`` writes a
copy of each notebook whose exercise cells hold the solution's source (the function exactly as
written there, its signature checked against the stub's), outputs cleared; ``--execute`` then
runs it with the project's notebook runner so that nbval can check it:

    python -m dlnotes.exercises build-solutions [NOTEBOOK ...] [--out build/solutions] [--execute]

A step several solutions share is a private helper of the solutions module (``_windows`` in c4w1, the
sliding window of the convolution and pooling loops): it is written once there, and the solution notebook
defines it in the first exercise cell whose solution calls it, above that solution.

Why not otter-grader (``otter assign``) or nbgrader: both generate the learner's notebook from a
master notebook holding the solutions between markers, and bring a grading workflow (a database,
autograder packages, a Jupyter server extension) this project does not use.  Here the learner's
notebook is the committed source, and keeping the solutions as plain Python functions lets ruff
and pytest check them like the rest of the package.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import re
from pathlib import Path

import nbformat

TAG = "exercise"
STUB = re.compile(r"raise\s+NotImplementedError")
DEFAULT_OUT = Path("build") / "solutions"


class BuildError(ValueError):
    """A notebook's exercise cells do not follow the convention (the message says which and why)."""


def _function(source: str, where: str) -> ast.FunctionDef:
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise BuildError(f"{where}: the exercise cell is not valid Python ({exc.msg}, line {exc.lineno})") from None
    functions = [node for node in tree.body if isinstance(node, ast.FunctionDef)]
    if len(functions) != 1:
        raise BuildError(f"{where}: an exercise cell defines exactly one function, found {len(functions)}")
    return functions[0]


def exercise_name(cell, notebook: Path) -> str:
    """The qualified name ("c1w2.propagate") of an exercise cell of ``notebook``."""
    explicit = cell.metadata.get("dlnotes", {}).get("exercise")
    if explicit:
        return explicit
    week = re.match(r"(c\dw\d)_", notebook.name)
    if week is None:
        raise BuildError(f"{notebook.name}: name the exercise in the cell metadata "
                         f'("dlnotes": {{"exercise": "c1w2.propagate"}}): the file name has no week prefix')
    return f"{week.group(1)}.{_function(cell.source, notebook.name).name}"


def exercise_cells(nb) -> list:
    """The notebook's exercise cells (code cells tagged ``exercise``)."""
    return [cell for cell in nb.cells if cell.cell_type == "code" and TAG in cell.metadata.get("tags", [])]


def solution_source(name: str) -> str:
    """The source of the solution of exercise ``name`` ("c1w2.propagate")."""
    week, function = name.split(".", 1)
    try:
        module = importlib.import_module(f"dlnotes.exercises.solutions.{week}")
    except ModuleNotFoundError:
        raise BuildError(f"no solutions for week {week!r} (dlnotes/exercises/solutions/{week}.py)") from None
    fn = getattr(module, function, None)
    if fn is None:
        raise BuildError(f"dlnotes/exercises/solutions/{week}.py has no function {function!r}")
    return inspect.getsource(fn).rstrip() + "\n"


def solution_helpers(name: str) -> list[tuple[str, str]]:
    """The private helpers ((name, source)) of the solutions module that exercise ``name``'s solution calls,
    in the order they are written there."""
    week, function = name.split(".", 1)
    module = importlib.import_module(f"dlnotes.exercises.solutions.{week}")
    called = {node.id for node in ast.walk(ast.parse(solution_source(name))) if isinstance(node, ast.Name)}
    helpers = [(n, f) for n, f in vars(module).items() if n.startswith("_") and n in called
               and inspect.isfunction(f) and f.__module__ == module.__name__]
    return [(n, inspect.getsource(f).rstrip() + "\n") for n, f in helpers]


def _signature(fn: ast.FunctionDef) -> str:
    return ast.unparse(fn.args)


def solution_notebook(nb, notebook: Path):
    """A copy of ``nb`` whose exercise cells hold the solutions, outputs cleared."""
    nb = nbformat.from_dict(nb)
    cells = exercise_cells(nb)
    defined = set()
    for cell in cells:
        where = f"{notebook.name}, exercise cell {nb.cells.index(cell)}"
        stub = _function(cell.source, where)
        if not STUB.search(cell.source):
            raise BuildError(f"{where}: the stub of {stub.name} must `raise NotImplementedError`")
        name = exercise_name(cell, notebook)
        source = solution_source(name)
        solved = _function(source, f"the solution of {name}")
        if solved.name != stub.name or _signature(solved) != _signature(stub):
            raise BuildError(f"{where}: the stub is {stub.name}({_signature(stub)}) but the solution is "
                             f"{solved.name}({_signature(solved)})")
        helpers = [(n, text) for n, text in solution_helpers(name) if n not in defined]
        defined.update(n for n, _ in helpers)
        cell.source = "\n\n".join([text for _, text in helpers] + [source]).rstrip("\n")
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return nb, len(cells)


def check_verdicts(nb, names) -> dict[str, str]:
    """The verdict ("PASSED", "FAILED", ...) each exercise of ``names`` got in the executed notebook ``nb``,
    read from its check cells' outputs (a ``Result``'s first line, "c1w2.propagate: PASSED");
    an exercise whose check printed nothing is "no check output"."""
    verdicts = dict.fromkeys(names, "no check output")
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            text = output.get("text") or output.get("data", {}).get("text/plain", "")
            for line in (text if isinstance(text, str) else "".join(text)).splitlines():
                name, _, verdict = line.partition(": ")
                if name in verdicts and verdict in ("PASSED", "FAILED", "NOT IMPLEMENTED YET"):
                    verdicts[name] = verdict
    return verdicts


def _execute_and_verify(target: Path, names) -> None:
    from dlnotes.run_notebooks import run

    run(target)
    failed = {name: verdict for name, verdict in check_verdicts(nbformat.read(target, as_version=4), names).items()
              if verdict != "PASSED"}
    if failed:
        raise BuildError(f"{target}: the solutions do not pass their checks: "
                         + ", ".join(f"{name} ({verdict})" for name, verdict in failed.items()))


def build(notebooks, out: Path = DEFAULT_OUT, execute: bool = False) -> list[tuple[Path, int]]:
    """Write the solution notebook of each notebook holding exercise cells into ``out``;
    returns [(written path, number of exercises)].  ``execute`` runs each one afterwards and raises
    ``BuildError`` unless every exercise's check cell printed PASSED."""
    out = Path(out)
    written = []
    for path in map(Path, notebooks):
        nb = nbformat.read(path, as_version=4)
        if not exercise_cells(nb):
            continue
        solved, count = solution_notebook(nb, path)
        out.mkdir(parents=True, exist_ok=True)
        target = out / path.name
        nbformat.write(solved, target)
        if execute:
            _execute_and_verify(target, [exercise_name(cell, path) for cell in exercise_cells(nb)])
        written.append((target, count))
    return written


def main(argv) -> int:
    """``build-solutions [NOTEBOOK ...] [--out DIR] [--execute]`` (default: every notebook in notebooks/)."""
    args, out, execute = list(argv), DEFAULT_OUT, False
    if "--execute" in args:
        args.remove("--execute")
        execute = True
    if "--out" in args:
        i = args.index("--out")
        if i + 1 >= len(args):
            print("build-solutions: --out needs a folder")
            return 2
        out = Path(args[i + 1])
        del args[i:i + 2]
    paths = []
    for arg in args or ["notebooks"]:
        p = Path(arg)
        paths += sorted(p.glob("*.ipynb")) if p.is_dir() else [p]
    try:
        written = build(paths, out, execute)
    except (BuildError, FileNotFoundError) as exc:
        print(f"build-solutions: {exc}")
        return 1
    for target, count in written:
        print(f"wrote {target} ({count} exercise{'s' if count != 1 else ''})")
    if not written:
        print("build-solutions: no notebook with exercise cells (code cells tagged 'exercise')")
    return 0
