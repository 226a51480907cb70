"""The machinery of ``check``: run a learner's function safely, compare, diagnose, report.

An ``Exercise`` names a course function and gives its ``reference`` (built on the dlnotes core),
its ``cases`` (the course's public test inputs first, then random ones drawn from the checker's own
seeded Generator) and its ``mistakes``: planted-mistake variants with the same signature.  When the
learner's result differs from the reference, every variant is run on the same case and compared
with the learner's result; a variant that matches names the mistake.

Exercises whose results are random draws (initializations, dropout masks, shuffles) give a
``summarize(result, case)`` that reduces a result to statistics {name: (value, tolerance)} (a name
ending with "?" is a yes (1) / no (0) question); the
learner's statistics are compared with the reference's (and the variants'), never the draws
themselves, so a learner's own ``np.random.seed`` cannot make a correct answer fail.
"""

from __future__ import annotations

import copy
import html
import inspect
import os
import sys
import traceback
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from .compare import MISSING, at_path, leaf_problem, leaves, same


class Case(NamedTuple):
    """One call of the exercise: a label for messages, positional and keyword arguments."""

    label: str
    args: tuple
    kwargs: dict = {}


class Mistake(NamedTuple):
    """A planted mistake: its name (as a learner would say it), the advice, and the variant."""

    name: str
    advice: str
    fn: Callable


@dataclass(frozen=True)
class Exercise:
    """A course exercise.  ``outputs`` names the result (a str) or the items of a returned tuple.

    ``mutable``: positions of the arguments the function may change in place (update_parameters).
    ``random``: the reference and the variants take ``rng=`` (a numpy Generator) for their draws.
    """

    name: str
    reference: Callable
    cases: Callable
    mistakes: tuple = ()
    outputs: str | tuple = "result"
    rtol: float = 1e-5
    atol: float = 1e-8
    mutable: tuple = ()
    random: bool = False
    summarize: Callable | None = None

    @property
    def short(self) -> str:
        return self.name.split(".", 1)[1]

    def walk(self, expected, got):
        names = self.outputs if isinstance(self.outputs, tuple) else None
        base = "result" if names else self.outputs
        return leaves(expected, got, base, names), base, names


class Result:
    """What ``check`` returns: true when every check passed; its text is the feedback.

    ``str()`` is plain text (a terminal), ``_repr_html_`` a coloured box (JupyterLab).
    """

    def __init__(self, name: str, status: str, lines=()):
        self.name, self.status, self.lines = name, status, list(lines)

    def __bool__(self) -> bool:
        return self.status == "passed"

    @property
    def headline(self) -> str:
        mark = {"passed": "PASSED", "not implemented": "NOT IMPLEMENTED YET"}.get(self.status, "FAILED")
        return f"{self.name}: {mark}"

    def __str__(self) -> str:
        return "\n".join([self.headline] + [f"  {line}" for line in self.lines])

    __repr__ = __str__

    def _repr_html_(self) -> str:
        colour = {"passed": "#1a7f37", "not implemented": "#9a6700"}.get(self.status, "#cf222e")
        body = "".join(f"<li>{html.escape(line)}</li>" for line in self.lines)
        return (f'<div style="border-left: 4px solid {colour}; padding: 2px 10px">'
                f'<b style="color: {colour}">{html.escape(self.headline)}</b>'
                f'<ul style="margin: 2px 0">{body}</ul></div>')


# --------------------------------------------------------------------------- running code safely
_NOT_LEARNER = tuple(os.path.realpath(p) + os.sep for p in
                     {sys.prefix, sys.base_prefix, sys.exec_prefix,
                      os.path.dirname(os.path.dirname(os.path.abspath(__file__)))})


def _learner_frame(tb):
    """The deepest traceback frame in the learner's own code (not numpy's, Python's or dlnotes')."""
    frames = [f for f in traceback.extract_tb(tb)
              if not os.path.realpath(f.filename).startswith(_NOT_LEARNER)]
    return frames[-1] if frames else None


class Outcome(NamedTuple):
    value: object
    error: BaseException | None
    warned: list
    args: tuple
    kwargs: dict


def run(fn, case: Case, **extra) -> Outcome:
    """Call fn on copies of the case's arguments; catch its exception and its warnings."""
    args, kwargs = copy.deepcopy(case.args), copy.deepcopy(case.kwargs)
    with warnings.catch_warnings(record=True) as warned:
        warnings.simplefilter("always")
        try:
            value = fn(*args, **kwargs, **extra)
        except Exception as exc:  # the learner's code may raise anything
            return Outcome(None, exc, list(warned), args, kwargs)
    return Outcome(value, None, list(warned), args, kwargs)


def describe_error(exc: BaseException) -> list[str]:
    lines = [f"your function raised {type(exc).__name__}: {exc}"]
    frame = _learner_frame(exc.__traceback__)
    if frame is not None:
        text = (frame.line or "").strip()
        lines.append(f"the line that failed: line {frame.lineno} in {frame.name}" + (f": {text}" if text else ""))
    return lines


def _warning_note(warned) -> list[str]:
    if not warned:
        return []
    w = warned[0]
    return [f"numpy warned: {w.message} (line {w.lineno})"]


# --------------------------------------------------------------------------- one exercise
def _explains(ex: Exercise, case: Case, got, expected, paths, rng) -> list[Mistake]:
    """The planted mistakes whose result matches the learner's where the learner's differs."""
    found = []
    for mistake in ex.mistakes:
        out = run(mistake.fn, case, **({"rng": rng} if ex.random else {}))
        if out.error is not None:
            continue
        if same(got, out.value, ex.rtol, ex.atol, values=ex.summarize is None):
            found.append(mistake)
            continue
        if ex.summarize is not None:
            continue
        _, base, names = ex.walk(expected, got)
        for path in paths:
            g, m = at_path(got, expected, path, base, names), at_path(out.value, expected, path, base, names)
            e = at_path(expected, expected, path, base, names)
            if g is MISSING or m is MISSING:
                continue
            if (leaf_problem(path, g, m, ex.rtol, ex.atol) is None
                    and leaf_problem(path, m, e, ex.rtol, ex.atol) is not None):
                found.append(mistake)
                break
    return found


def _explains_error(ex: Exercise, case: Case, exc: BaseException, rng) -> list[Mistake]:
    found = []
    for mistake in ex.mistakes:
        out = run(mistake.fn, case, **({"rng": rng} if ex.random else {}))
        if out.error is not None and type(out.error) is type(exc) and str(out.error) == str(exc):
            found.append(mistake)
    return found


def _statistic_problem(key: str, expected: float, got: float) -> str:
    if key.endswith("?"):  # a yes (1) / no (0) question
        return f"{key} expected {'yes' if expected else 'no'}, got {'yes' if got else 'no'}"
    return f"{key}: expected about {expected:.4g}, got {got:.4g}"


def _statistics_problems(ex, case, got, expected, rng):
    """Compare summaries: (problems, planted mistakes explaining them)."""
    mine, ref = ex.summarize(got, case), ex.summarize(expected, case)
    bad = [k for k, (value, tol) in ref.items() if not abs(mine[k][0] - value) <= tol]
    if not bad:
        return [], []
    problems = [_statistic_problem(k, ref[k][0], mine[k][0]) for k in bad]
    found = []
    for mistake in ex.mistakes:
        out = run(mistake.fn, case, rng=rng)
        if out.error is not None:
            continue
        theirs = ex.summarize(out.value, case)
        if all(abs(mine[k][0] - theirs[k][0]) <= max(ref[k][1], theirs[k][1]) for k in bad):
            found.append(mistake)
    return problems, found


def _argument_names(ex: Exercise) -> list[str]:
    return list(inspect.signature(ex.reference).parameters)


def check_case(ex: Exercise, fn, case: Case, rng) -> list[str] | None:
    """Run the learner's fn on one case; None when it passes, else the feedback lines.
    Raises NotImplementedError for a stub."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        expected = ex.reference(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs),
                                **({"rng": rng} if ex.random else {}))
    out = run(fn, case)
    head = [f"case: {case.label}"]
    if isinstance(out.error, NotImplementedError):
        raise out.error
    if out.error is not None:
        lines = head + describe_error(out.error)
        lines += [f"this is the error you get with a known mistake, {m.name}: {m.advice}"
                  for m in _explains_error(ex, case, out.error, rng)]
        return lines
    try:
        return _judge(ex, case, out, expected, rng, head)
    except Exception as exc:  # a result so odd that comparing it failed: still feedback, never a crash
        return head + [f"your result could not be compared with the expected one ({type(exc).__name__}: {exc})"]


def _judge(ex: Exercise, case: Case, out: Outcome, expected, rng, head) -> list[str] | None:
    """Compare the learner's outcome with the expected result; None when it passes."""
    walked, _, _ = ex.walk(expected, out.value)
    problems = []
    for path, e, g, structural in walked:
        problem = structural or leaf_problem(path, g, e, ex.rtol, ex.atol, values=ex.summarize is None)
        if problem:
            problems.append((path, problem))
    found = []
    if problems:
        found = _explains(ex, case, out.value, expected, [p for p, _ in problems], rng)
    elif ex.summarize is not None:
        stats, found = _statistics_problems(ex, case, out.value, expected, rng)
        problems = [(None, s) for s in stats]
    if problems:
        lines = head + [p for _, p in problems[:4]]
        lines += [f"your result matches a known mistake, {m.name}: {m.advice}" for m in found]
        return lines + _warning_note(out.warned)
    names = _argument_names(ex)
    for i, (before, after) in enumerate(zip(case.args, out.args)):
        if i not in ex.mutable and not same(after, before, 0.0, 0.0):
            return head + [f"your function changed its argument {names[i]} in place: work on a copy "
                           f"(copy.deepcopy, or new arrays: W = W - ..., not W -= ...)"]
    return None


def check_exercise(ex: Exercise, fn, seed: int) -> Result:
    """Check fn against every case of the exercise; stop at the first failing case."""
    if not callable(fn):
        return Result(ex.name, "failed", [f"pass the function itself, e.g. check({ex.short!r}, {ex.short}); "
                                          f"got {type(fn).__name__}"])
    rng = np.random.default_rng(seed)
    cases = ex.cases(rng)
    for case in cases:
        try:
            lines = check_case(ex, fn, case, rng)
        except NotImplementedError:
            return Result(ex.name, "not implemented",
                          [f"{ex.short} is not implemented yet: replace `raise NotImplementedError` with your code"])
        if lines is not None:
            return Result(ex.name, "failed", lines)
    return Result(ex.name, "passed", [f"all {len(cases)} cases agree: {'; '.join(c.label for c in cases)}"])
