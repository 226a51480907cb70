"""Naming the learner's mistake: the planted variants (``Mistake``) that give the learner's wrong result, the
learner's wrong statistics or the learner's exception on the same case."""

from __future__ import annotations

import re

from .compare import MISSING, at_path, leaf_problem, same
from .report import statistic_problem
from .running import learner_frame, run
from .spec import Case, Exercise, Mistake


def _rng_arg(ex: Exercise, rng) -> dict:
    return {"rng": rng} if ex.random else {}


def _explains_at(ex: Exercise, got, value, expected, paths, outputs) -> bool:
    """Whether a variant's result ``value`` agrees with the learner's ``got`` at one of the wrong ``paths``
    where the variant's is wrong too."""
    _, base, names = ex.walk(expected, got, outputs)
    for path in paths:
        g, m = (at_path(got, expected, path, base, names), at_path(value, expected, path, base, names))
        e = at_path(expected, expected, path, base, names)
        if g is MISSING or m is MISSING:
            continue
        if (leaf_problem(path, g, m, ex.rtol, ex.atol) is None
                and leaf_problem(path, m, e, ex.rtol, ex.atol) is not None):
            return True
    return False


def explaining(ex: Exercise, case: Case, got, expected, paths, rng, version=None) -> list[Mistake]:
    """The planted mistakes whose result matches the learner's where the learner's differs."""
    outputs = version.outputs if version and version.outputs else None
    found = []
    for mistake in ex.mistakes:
        out = run(mistake.fn, case, **_rng_arg(ex, rng))
        if out.error is not None:
            continue
        value = version.expected(out.value) if version and version.expected else out.value
        if same(got, value, ex.rtol, ex.atol, values=ex.summarize is None):
            found.append(mistake)
        elif ex.summarize is None and _explains_at(ex, got, value, expected, paths, outputs):
            found.append(mistake)
    return found


def explaining_error(ex: Exercise, case: Case, exc: BaseException, rng) -> list[Mistake]:
    """The planted mistakes that raise the learner's exception (or name the line it raised on)."""
    found = []
    frame = learner_frame(exc.__traceback__)
    line = (frame.line or "") if frame is not None else ""
    for mistake in ex.mistakes:
        if mistake.line and re.search(mistake.line, line):
            found.append(mistake)
            continue
        out = run(mistake.fn, case, **_rng_arg(ex, rng))
        if out.error is not None and type(out.error) is type(exc) and str(out.error) == str(exc):
            found.append(mistake)
    return found


def statistics_problems(ex: Exercise, case: Case, got, expected, rng):
    """Compare summaries: (problems, planted mistakes explaining them)."""
    mine, ref = ex.summarize(got, case), ex.summarize(expected, case)
    bad = [k for k, (value, tol) in ref.items() if not abs(mine[k][0] - value) <= tol]
    if not bad:
        return [], []
    problems = [statistic_problem(k, ref[k][0], mine[k][0]) for k in bad]
    found = []
    for mistake in ex.mistakes:
        out = run(mistake.fn, case, rng=rng)
        if out.error is not None:
            continue
        theirs = ex.summarize(out.value, case)
        if all(abs(mine[k][0] - theirs[k][0]) <= max(ref[k][1], theirs[k][1]) for k in bad):
            found.append(mistake)
    return problems, found
