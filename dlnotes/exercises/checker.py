"""The machinery of ``check``: run a learner's function on each case, compare, diagnose, report.

An ``Exercise`` (``spec``) names a course function, its reference, its cases and its planted mistakes.
When the learner's result differs from the reference, every variant is run on the same case and compared
with the learner's result; a variant that matches names the mistake (``mistakes``).

Exercises whose results are random draws compare statistics of the results (``summarize``), never the
draws themselves, so that a learner's own ``np.random.seed`` cannot make a correct answer fail.

Whatever the course ever gave learners is accepted when the maths is right: the course's earlier
signatures (``Version``, named in the feedback); an int equal to the float asked for is a note; the
learner's prints are captured and numpy's global random state is restored after the check (``running``);
numpy 1.x's float() of a one-number array is accepted with a note.  A failing multi-output result is
reported output by output in the order the function computes them (``report``); the course's empty
template (``x = None`` placeholders) is "not implemented yet" (``template``).
"""

from __future__ import annotations

import copy
import warnings
from typing import NamedTuple

import numpy as np

from .compare import leaf_note, leaf_problem, same
from .mistakes import explaining, explaining_error, statistics_problems
from .report import Result, output_names, problem_lines
from .running import Outcome, describe_error, printed_note, run, run_as_numpy1, scalar_conversion_error, warning_note
from .spec import (
    Case,
    Exercise,
    Mistake,
    Version,
    argument_names,
    known_args,
    result_version,
    signature_text,
    signature_version,
)
from .template import Stub, raise_if_stub

# Case, Exercise, Mistake, Version and Result are spec's and report's, named here too for the modules that take
# them from the checker
__all__ = ["Case", "Exercise", "Mistake", "Result", "Version", "check_case", "check_exercise"]


class _Call(NamedTuple):
    """How the learner's function is called: its version (None for today's) and extra arguments."""

    version: Version | None
    extra: dict


def _learner_case(call: _Call, case: Case) -> Case:
    if call.version and call.version.args:
        case = call.version.args(case)
    return case._replace(kwargs={**case.kwargs, **call.extra}) if call.extra else case


def _add(notes: list | None, note: str) -> None:
    """Add a note to the lines a pass still shows, once."""
    if notes is not None and note not in notes:
        notes.append(note)


# --------------------------------------------------------------------------- numpy 1.x's one-number arrays
def _rerun_as_numpy1(ex: Exercise, fn, case: Case, out: Outcome, rng, notes: list) -> Outcome:
    """The outcome under numpy 1.x's float(): when the learner's code failed only on float() of a one-number
    array, which the course's numpy allowed, its maths is judged and the error becomes a note."""
    if not scalar_conversion_error(out.error):
        return out
    again = run_as_numpy1(fn, case)
    if again.error is not None:
        return out
    fixes = [f"{m.name}: {m.advice}" for m in explaining_error(ex, case, out.error, rng)]
    _add(notes, f"{describe_error(out.error)[0]} (numpy {np.__version__}); the course's numpy 1.x took the number "
                f"of a one-number array there, so your function is checked as numpy 1.x runs it; to run it "
                f"here: " + ("; ".join(fixes) or "write x.item() for the number a one-number array x holds"))
    return again


def _passes_as_numpy1(ex: Exercise, fn, case: Case, expected, rng, version, notes: list) -> bool:
    """True when the learner's result, wrong here, is right as the course's numpy 1.x computes it, where
    np.float64(x) and float(x) made a number of a one-number array x (numpy 2 keeps the array); notes say so."""
    again = run_as_numpy1(fn, case)
    if again.error is not None or _judge(ex, case, again, expected, rng, [], version, []) is not None:
        return False
    _add(notes, f"your result is right as the course's numpy 1.x computes it, where np.float64(x) or float(x) of "
                f"a one-number array x gave a number; numpy {np.__version__} here keeps x an array: write x.item() "
                f"(or float(np.squeeze(x))) to get the number")
    return True


# --------------------------------------------------------------------------- one case
def _expected(ex: Exercise, case: Case, rng):
    """The reference's result on the case (its warnings silenced: the case may be an edge on purpose)."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return ex.reference(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs),
                            **({"rng": rng} if ex.random else {}))


def _error_feedback(ex: Exercise, case: Case, out: Outcome, rng, head: list) -> list[str]:
    lines = head + describe_error(out.error)
    lines += [f"this is the error you get with a known mistake, {m.name}: {m.advice}"
              for m in explaining_error(ex, case, out.error, rng)]
    return lines + printed_note(out.printed)


def _returned_version(ex: Exercise, call: _Call, value, notes: list) -> Version | None:
    """The version the learner's result is checked as: the call's, or an earlier one whose outputs it returns."""
    if call.version is None or call.version.outputs is None:
        later = result_version(ex, value)
        if later is not None:
            _add(notes, f"your {ex.short} returns {output_names(later.outputs)}: {later.label}; checked as such")
            return later
    return call.version


def check_case(ex: Exercise, fn, case: Case, rng, call: _Call | None = None, notes: list | None = None):
    """Run the learner's fn on one case; None when it passes, else the feedback lines.
    Raises Stub for the course's empty template; switches ``call`` to an earlier version whose
    result the learner returns (through ``notes``, which gathers the lines a pass still shows)."""
    call = call or _Call(None, {})
    notes = [] if notes is None else notes
    expected = _expected(ex, case, rng)
    out = run(fn, _learner_case(call, case))
    head = [f"case: {case.label}"]
    raise_if_stub(ex, fn, out)
    out = _rerun_as_numpy1(ex, fn, _learner_case(call, case), out, rng, notes)
    if out.error is not None:
        return _error_feedback(ex, case, out, rng, head)
    version = _returned_version(ex, call, out.value, notes)
    if version and version.expected:
        expected = version.expected(expected)
    try:
        lines = _judge(ex, case, out, expected, rng, head, version, notes)
        if lines is not None and _passes_as_numpy1(ex, fn, _learner_case(call, case), expected, rng, version, notes):
            return None
    except Exception as exc:  # a result so odd that comparing it failed: still feedback, never a crash
        return head + [f"your result could not be compared with the expected one ({type(exc).__name__}: {exc})"]
    return lines if lines is None else lines + printed_note(out.printed)


def _judge(ex: Exercise, case: Case, out: Outcome, expected, rng, head, version=None, notes=None):
    """Compare the learner's outcome with the expected result; None when it passes."""
    outputs = version.outputs if version and version.outputs else None
    walked, base, names = ex.walk(expected, out.value, outputs)
    walked = list(walked)
    problems = []
    for path, e, g, structural in walked:
        problem = structural or leaf_problem(path, g, e, ex.rtol, ex.atol, values=ex.summarize is None)
        if problem:
            problems.append((path, problem))
        elif notes is not None:
            note = leaf_note(path, g, e)
            if note:
                _add(notes, note)
    found = []
    if problems:
        found = explaining(ex, case, out.value, expected, [p for p, _ in problems], rng, version)
        lines = head + problem_lines(ex, problems, [w[0] for w in walked], names, base)
    elif ex.summarize is not None:
        stats, found = statistics_problems(ex, case, out.value, expected, rng)
        problems = [(None, s) for s in stats]
        lines = head + stats[:4]
    if problems:
        lines += [f"your result matches a known mistake, {m.name}: {m.advice}" for m in found]
        return lines + warning_note(out.warned)
    _note_changed_arguments(ex, case, out, notes)
    return None


def _note_changed_arguments(ex: Exercise, case: Case, out: Outcome, notes) -> None:
    """A note for each argument the learner's function changed in place (when the exercise does not)."""
    arg_names = argument_names(ex)
    for i, (before, after) in enumerate(zip(case.args, out.args)):
        if i not in ex.mutable and i < len(arg_names) and not same(after, before, 0.0, 0.0):
            _add(notes, f"your function changed its argument {arg_names[i]} in place: its results are right (the "
                        f"course's templates before 2021 let this through), but the caller's {arg_names[i]} changed "
                        f"too; work on a copy (copy.deepcopy, or new arrays: W = W - ..., not W -= ...)")


# --------------------------------------------------------------------------- one exercise
def check_exercise(ex: Exercise, fn, seed: int) -> Result:
    """Check fn against every case of the exercise; stop at the first failing case.  Never raises;
    numpy's global random state (which the learner's np.random.seed changes) is restored."""
    if not callable(fn):
        return Result(ex.name, "failed", [f"pass the function itself, e.g. check({ex.short!r}, {ex.short}); "
                                          f"got {type(fn).__name__}"])
    state = np.random.get_state()
    try:
        return _check(ex, fn, seed)
    except Exception as exc:  # a safety net: check never raises
        return Result(ex.name, "failed", [f"the check could not run your function: {type(exc).__name__}: {exc}"])
    finally:
        np.random.set_state(state)


def _check(ex: Exercise, fn, seed: int) -> Result:
    rng = np.random.default_rng(seed)
    call = _Call(signature_version(ex, fn), known_args(ex, fn))
    notes = []
    if call.version is not None:
        notes.append(f"your {signature_text(fn, ex.short)} has {call.version.label}; checked as such")
    for name, value in call.extra.items():
        notes.append(f"your {ex.short} asks for {name}, which the course's does not: checked with "
                     f"{name}={value!r}, the course's value")
    try:
        if ex.custom is not None:
            lines, labels = ex.custom(lambda case: _learner_outcome(ex, fn, call, case), rng)
        else:
            cases = ex.cases(rng)
            labels, lines = [c.label for c in cases], None
            for case in cases:
                lines = check_case(ex, fn, case, rng, call, notes)
                if lines is not None:
                    break
    except Stub as stub:
        return Result(ex.name, "not implemented", [str(stub)])
    if lines is not None:
        return Result(ex.name, "failed", lines + notes)
    return Result(ex.name, "passed", [f"all {len(labels)} cases agree: {'; '.join(labels)}"] + notes)


def _learner_outcome(ex: Exercise, fn, call: _Call, case: Case) -> Outcome:
    """Run the learner's fn on a case for a custom check; raises Stub for the empty template."""
    out = run(fn, _learner_case(call, case))
    raise_if_stub(ex, fn, out)
    return out
