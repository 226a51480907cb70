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

Whatever the course ever gave learners is accepted when the maths is right: an exercise lists the
course's earlier signatures as ``Version``s (chosen by the learner's parameters or by the length of
the tuple it returns, and named in the feedback); an int equal to the float asked for is a note; the
learner's prints are captured and numpy's global random state is restored after the check.  A
failing multi-output result is reported output by output in the order the function computes them
(``Exercise.order``), so the first wrong one locates the bug; the course's empty template (``x = None``
placeholders) is "not implemented yet".
"""

from __future__ import annotations

import contextlib
import copy
import dis
import html
import inspect
import io
import os
import re
import sys
import traceback
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from .compare import MISSING, at_path, leaf_note, leaf_problem, leaves, same


class Case(NamedTuple):
    """One call of the exercise: a label for messages, positional and keyword arguments."""

    label: str
    args: tuple
    kwargs: dict = {}


class Mistake(NamedTuple):
    """A planted mistake: its name (as a learner would say it), the advice, and the variant.

    ``line``: a regular expression; when the learner's code raises on a line it matches, the mistake
    is named (for mistakes that cannot run on the course's shapes, such as W.T @ A).
    """

    name: str
    advice: str
    fn: Callable
    line: str | None = None


class Version(NamedTuple):
    """An earlier form of the exercise in the course's history, accepted and named in the feedback.

    ``params``: its positional parameter names (chosen when the learner's function takes that many);
    ``args(case)`` then gives the learner's arguments.  ``outputs``: its result names (chosen when the
    learner returns a tuple of that length); ``expected(result)`` turns today's expected result (or a
    mistake's) into that version's.
    """

    label: str
    params: tuple | None = None
    args: Callable | None = None
    outputs: tuple | None = None
    expected: Callable | None = None


@dataclass(frozen=True)
class Exercise:
    """A course exercise.  ``outputs`` names the result (a str) or the items of a returned tuple.

    ``mutable``: positions of the arguments the function may change in place (update_parameters).
    ``random``: the reference and the variants take ``rng=`` (a numpy Generator) for their draws.
    ``versions``: the course's earlier signatures (``Version``).  ``order``: the outputs' names in the
    order the function computes them, when it differs from the order it returns them.
    ``known_args``: values for parameters some learners add ({"learning_rate": 1.2}), passed by name.
    ``custom``: ``custom(learner, rng) -> (lines or None, case labels)`` replaces the case loop for an
    exercise a fixed case cannot check (nn_model); ``learner(case)`` runs the learner's function.
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
    versions: tuple = ()
    order: tuple | None = None
    known_args: tuple = ()
    custom: Callable | None = None

    @property
    def short(self) -> str:
        return self.name.split(".", 1)[1]

    def walk(self, expected, got, outputs=None):
        outputs = self.outputs if outputs is None else outputs
        names = outputs if isinstance(outputs, tuple) else None
        base = "result" if names else outputs
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
    printed: str = ""


def run(fn, case: Case, **extra) -> Outcome:
    """Call fn on copies of the case's arguments; catch its exception, its warnings and its prints."""
    args, kwargs = copy.deepcopy(case.args), copy.deepcopy(case.kwargs)
    printed = io.StringIO()
    with warnings.catch_warnings(record=True) as warned, contextlib.redirect_stdout(printed):
        warnings.simplefilter("always")
        try:
            value = fn(*args, **kwargs, **extra)
        except (Exception, SystemExit) as exc:  # the learner's code may raise anything, even call exit()
            return Outcome(None, exc, list(warned), args, kwargs, printed.getvalue())
    return Outcome(value, None, list(warned), args, kwargs, printed.getvalue())


class _Numpy1Array(np.ndarray):
    """An array that converts to a number with float() / int() whenever it holds one number, as numpy 1.x
    (the course's numpy) did: numpy 2 raises TypeError for float(b) on b of shape (1, 1, 1)."""

    def __float__(self):
        return float(np.asarray(self).item())

    def __int__(self):
        return int(np.asarray(self).item())


def _as(kind, value):
    """value with its arrays (in tuples, lists and dicts too) viewed as ``kind``."""
    if isinstance(value, np.ndarray):
        return value.view(kind)
    if isinstance(value, (tuple, list)):
        return type(value)(_as(kind, v) for v in value)
    if isinstance(value, dict):
        return {k: _as(kind, v) for k, v in value.items()}
    return value


def _scalar_conversion_error(exc) -> bool:
    """numpy 2's refusals of a one-number array where numpy 1.x took its number: float(x), Z[i] = x."""
    return (isinstance(exc, TypeError) and "only 0-dimensional arrays can be converted" in str(exc)
            or isinstance(exc, ValueError) and "setting an array element with a sequence" in str(exc))


def _rerun_as_numpy1(ex: Exercise, fn, case: Case, out: Outcome, rng, notes: list) -> Outcome:
    """The outcome under numpy 1.x's float(): when the learner's code failed only on float() of a one-number
    array, which the course's numpy allowed, its maths is judged and the error becomes a note."""
    if not _scalar_conversion_error(out.error):
        return out
    again = run(fn, case._replace(args=_as(_Numpy1Array, case.args)))
    if again.error is not None:
        return out
    fixes = [f"{m.name}: {m.advice}" for m in _explains_error(ex, case, out.error, rng)]
    note = (f"{describe_error(out.error)[0]} (numpy {np.__version__}); the course's numpy 1.x took the number "
            f"of a one-number array there, so your function is checked as numpy 1.x runs it; to run it "
            f"here: " + ("; ".join(fixes) or "write x.item() for the number a one-number array x holds"))
    if note not in notes:
        notes.append(note)
    return again._replace(value=_as(np.ndarray, again.value), args=_as(np.ndarray, again.args))


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


def _printed_note(printed: str) -> list[str]:
    lines = printed.strip().splitlines()
    if not lines:
        return []
    more = f" (and {len(lines) - 3} more lines)" if len(lines) > 3 else ""
    return ["your function printed: " + " | ".join(line.strip()[:80] for line in lines[:3]) + more]


# --------------------------------------------------------------------------- signatures and stubs
def positional_params(fn) -> tuple[list[str], int] | None:
    """The names of fn's positional parameters and how many of them are required; None if unknown."""
    try:
        params = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        return None
    if any(p.kind is p.VAR_POSITIONAL for p in params):
        return None
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return [p.name for p in positional], sum(p.default is p.empty for p in positional)


def _takes(fn, count: int) -> bool:
    """Whether fn accepts ``count`` positional arguments (unknown signatures do)."""
    sig = positional_params(fn)
    return sig is None or sig[1] <= count <= len(sig[0])


def fits(ex: Exercise, fn) -> bool:
    """Whether fn can be called as the exercise (or one of its earlier versions) is."""
    counts = {call_count(ex)} | {len(v.params) for v in ex.versions if v.params}
    sig = positional_params(fn)
    if sig is None:
        return True
    known = {name for name, _ in ex.known_args}
    required = sig[1] - sum(1 for name in sig[0][:sig[1]] if name in known)
    return any(required <= n <= len(sig[0]) for n in counts)


def _signature_version(ex: Exercise, fn) -> Version | None:
    """The earlier version whose parameters the learner's function takes, when today's does not fit."""
    if _takes(fn, call_count(ex)):
        return None
    for version in ex.versions:
        if version.params and _takes(fn, len(version.params)):
            return version
    return None


def _known_args(ex: Exercise, fn) -> dict:
    """Values for required parameters the learner added that the course passes elsewhere."""
    sig = positional_params(fn)
    if sig is None or not ex.known_args:
        return {}
    names, required = sig
    given = call_count(ex)
    return {name: value for name, value in ex.known_args if name in names[given:required]}


class _Stub(Exception):
    """The learner's function is still the course's template."""


def _placeholders(fn) -> list[str]:
    """The ``x = None`` placeholder assignments of the course's template left in fn (read from its
    bytecode, so that code defined by exec or in a notebook cell is read the same way)."""
    code = getattr(fn, "__code__", None)
    if code is None:
        return []
    found = []
    instructions = list(dis.get_instructions(code))
    for i, first in enumerate(instructions[:-1]):
        if first.opname != "LOAD_CONST" or first.argval is not None:
            continue
        second = instructions[i + 1]
        if second.opname in ("STORE_FAST", "STORE_NAME", "STORE_DEREF", "STORE_GLOBAL"):
            found.append(f"{second.argval} = None")
        elif second.opname == "UNPACK_SEQUENCE":
            found.append("... = None")
        elif second.opname == "BINARY_OP":  # dW3 = 1./m * np.dot(dZ3, A2.T) + None
            found.append(f"... {second.argrepr} None")
        else:  # parameters["W" + str(l)] = None: the key's computation, then STORE_SUBSCR
            for later in instructions[i + 1:i + 12]:
                if later.opname == "STORE_SUBSCR":
                    found.append("...[...] = None")
                if not later.opname.startswith(("LOAD_", "BINARY_", "PRECALL", "CALL", "PUSH_NULL",
                                                "FORMAT_VALUE", "BUILD_STRING", "KW_NAMES")):
                    break
    return found


def _all_none(value) -> bool:
    if isinstance(value, dict):
        return all(_all_none(v) for v in value.values())
    if isinstance(value, (tuple, list)):
        return all(_all_none(v) for v in value)
    if isinstance(value, np.ndarray) and value.dtype == object and value.size == 1:
        return value.item() is None  # np.squeeze(np.array(None)), as the template's cost line makes it
    return value is None


def _stub_message(ex: Exercise, fn, out: Outcome) -> str | None:
    """"not implemented yet" when fn is the course's empty template (placeholders, no raise)."""
    if isinstance(out.error, NotImplementedError):
        return f"{ex.short} is not implemented yet: replace `raise NotImplementedError` with your code"
    if out.error is None and not _all_none(out.value):
        return None
    if out.error is not None and not (isinstance(out.error, (NameError, AssertionError))
                                      or "NoneType" in str(out.error)):
        return None
    left = _placeholders(fn)
    if not left and not (isinstance(out.error, NameError) and _is_template(fn)):
        return None
    where = f" (still a placeholder: `{left[0]}`)" if left else ""
    return f"{ex.short} is not implemented yet{where}: write your code where the template says YOUR CODE HERE"


def _is_template(fn) -> bool:
    """A body that stores nothing (``return s`` with ``s`` never assigned), with the template's
    YOUR CODE HERE / START CODE HERE comment when its source can be read."""
    code = getattr(fn, "__code__", None)
    if code is None or any(i.opname.startswith("STORE_") for i in dis.get_instructions(code)):
        return False
    try:
        source = inspect.getsource(fn)
    except (OSError, TypeError):
        return True
    return re.search(r"(YOUR CODE HERE|START CODE HERE)", source, re.IGNORECASE) is not None


# --------------------------------------------------------------------------- comparing outputs in order
def _group(path: str, names, base: str) -> str:
    """The output a leaf path belongs to: a tuple element's name, or a dict result's first key."""
    if names:
        return path.split("[", 1)[0]
    match = re.match(re.escape(base) + r"\[('[^']*'|\d+)\]", path)
    return match.group(0) if match else base


def _computation_order(ex: Exercise, groups: list[str], names) -> list[str]:
    if names and ex.order:
        ranked = [g for g in ex.order if g in groups]
        return ranked + [g for g in groups if g not in ranked]

    def layer(g):  # a backward pass computes the last layer's gradients first
        match = re.search(r"\['d[A-Za-z]+(\d+)'\]$", g)
        return -int(match.group(1)) if match else 0
    if not names and all(re.search(r"\['d[A-Za-z]+\d+'\]$", g) for g in groups):
        return sorted(groups, key=layer)
    return groups


def _report(ex: Exercise, problems, all_paths, names, base) -> list[str]:
    """The problem lines, output by output in computation order, with which outputs are right."""
    groups = list(dict.fromkeys(_group(p, names, base) for p in all_paths))
    if len(groups) < 2:
        return [p for _, p in problems[:4]]
    ordered = _computation_order(ex, groups, names)
    wrong = {_group(path, names, base) for path, _ in problems}
    marks = [f"{g} {'wrong' if g in wrong else 'right'}" for g in ordered]
    first = next(g for g in ordered if g in wrong)
    lines = [f"your outputs in the order the function computes them: {', '.join(marks)}; "
             f"the first wrong one, {first}, is where to look"]
    ranked = sorted(problems, key=lambda item: ordered.index(_group(item[0], names, base)))
    return lines + [p for _, p in ranked[:4]]


# --------------------------------------------------------------------------- one exercise
def _explains(ex: Exercise, case: Case, got, expected, paths, rng, version=None) -> list[Mistake]:
    """The planted mistakes whose result matches the learner's where the learner's differs."""
    outputs = version.outputs if version and version.outputs else None
    found = []
    for mistake in ex.mistakes:
        out = run(mistake.fn, case, **({"rng": rng} if ex.random else {}))
        if out.error is not None:
            continue
        value = version.expected(out.value) if version and version.expected else out.value
        if same(got, value, ex.rtol, ex.atol, values=ex.summarize is None):
            found.append(mistake)
            continue
        if ex.summarize is not None:
            continue
        _, base, names = ex.walk(expected, got, outputs)
        for path in paths:
            g, m = (at_path(got, expected, path, base, names), at_path(value, expected, path, base, names))
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
    frame = _learner_frame(exc.__traceback__)
    line = (frame.line or "") if frame is not None else ""
    for mistake in ex.mistakes:
        if mistake.line and re.search(mistake.line, line):
            found.append(mistake)
            continue
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


def argument_names(ex: Exercise) -> list[str]:
    """The names of the exercise's positional arguments (its reference's, without ``rng``)."""
    params = inspect.signature(ex.reference).parameters.values()
    return [p.name for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.name != "rng"]


def call_count(ex: Exercise) -> int:
    """How many positional arguments the exercise's calls pass at least (its reference's required ones)."""
    params = inspect.signature(ex.reference).parameters.values()
    return sum(1 for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
               and p.default is p.empty and p.name != "rng")


class _Call(NamedTuple):
    """How the learner's function is called: its version (None for today's) and extra arguments."""

    version: Version | None
    extra: dict


def _learner_case(call: _Call, case: Case) -> Case:
    if call.version and call.version.args:
        case = call.version.args(case)
    return case._replace(kwargs={**case.kwargs, **call.extra}) if call.extra else case


def _result_version(ex: Exercise, value) -> Version | None:
    """The earlier version whose result length the learner's tuple has, when today's does not."""
    if not isinstance(ex.outputs, tuple) or not isinstance(value, tuple) or len(value) == len(ex.outputs):
        return None
    for version in ex.versions:
        if version.outputs and len(version.outputs) == len(value):
            return version
    return None


def check_case(ex: Exercise, fn, case: Case, rng, call: _Call | None = None, notes: list | None = None):
    """Run the learner's fn on one case; None when it passes, else the feedback lines.
    Raises _Stub for the course's empty template; switches ``call`` to an earlier version whose
    result the learner returns (through ``notes``, which gathers the lines a pass still shows)."""
    call = call or _Call(None, {})
    notes = [] if notes is None else notes
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        expected = ex.reference(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs),
                                **({"rng": rng} if ex.random else {}))
    out = run(fn, _learner_case(call, case))
    head = [f"case: {case.label}"]
    stub = _stub_message(ex, fn, out)
    if stub:
        raise _Stub(stub)
    out = _rerun_as_numpy1(ex, fn, _learner_case(call, case), out, rng, notes)
    if out.error is not None:
        lines = head + describe_error(out.error)
        lines += [f"this is the error you get with a known mistake, {m.name}: {m.advice}"
                  for m in _explains_error(ex, case, out.error, rng)]
        return lines + _printed_note(out.printed)
    version = call.version
    if version is None or version.outputs is None:
        later = _result_version(ex, out.value)
        if later is not None:
            version = later
            note = f"your {ex.short} returns {_names(later.outputs)}: {later.label}; checked as such"
            if note not in notes:
                notes.append(note)
    if version and version.expected:
        expected = version.expected(expected)
    try:
        lines = _judge(ex, case, out, expected, rng, head, version, notes)
        if lines is not None and _passes_as_numpy1(ex, fn, _learner_case(call, case), expected, rng, version, notes):
            return None
    except Exception as exc:  # a result so odd that comparing it failed: still feedback, never a crash
        return head + [f"your result could not be compared with the expected one ({type(exc).__name__}: {exc})"]
    return lines if lines is None else lines + _printed_note(out.printed)


def _passes_as_numpy1(ex: Exercise, fn, case: Case, expected, rng, version, notes: list) -> bool:
    """True when the learner's result, wrong here, is right as the course's numpy 1.x computes it, where
    np.float64(x) and float(x) made a number of a one-number array x (numpy 2 keeps the array); notes say so."""
    again = run(fn, case._replace(args=_as(_Numpy1Array, case.args)))
    if again.error is not None:
        return False
    again = again._replace(value=_as(np.ndarray, again.value), args=_as(np.ndarray, again.args))
    if _judge(ex, case, again, expected, rng, [], version, []) is not None:
        return False
    note = (f"your result is right as the course's numpy 1.x computes it, where np.float64(x) or float(x) of "
            f"a one-number array x gave a number; numpy {np.__version__} here keeps x an array: write x.item() "
            f"(or float(np.squeeze(x))) to get the number")
    if note not in notes:
        notes.append(note)
    return True


def _names(outputs) -> str:
    return f"({', '.join(outputs)})" if isinstance(outputs, tuple) else str(outputs)


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
            if note and note not in notes:
                notes.append(note)
    found = []
    if problems:
        found = _explains(ex, case, out.value, expected, [p for p, _ in problems], rng, version)
        lines = head + _report(ex, problems, [w[0] for w in walked], names, base)
    elif ex.summarize is not None:
        stats, found = _statistics_problems(ex, case, out.value, expected, rng)
        problems = [(None, s) for s in stats]
        lines = head + stats[:4]
    if problems:
        lines += [f"your result matches a known mistake, {m.name}: {m.advice}" for m in found]
        return lines + _warning_note(out.warned)
    arg_names = argument_names(ex)
    for i, (before, after) in enumerate(zip(case.args, out.args)):
        if i not in ex.mutable and i < len(arg_names) and not same(after, before, 0.0, 0.0):
            note = (f"your function changed its argument {arg_names[i]} in place: its results are right (the "
                    f"course's templates before 2021 let this through), but the caller's {arg_names[i]} changed "
                    f"too; work on a copy (copy.deepcopy, or new arrays: W = W - ..., not W -= ...)")
            if notes is not None and note not in notes:
                notes.append(note)
    return None


def _signature_text(ex: Exercise, fn) -> str:
    sig = positional_params(fn)
    return f"{ex.short}({', '.join(sig[0])})" if sig else ex.short


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
    call = _Call(_signature_version(ex, fn), _known_args(ex, fn))
    notes = []
    if call.version is not None:
        notes.append(f"your {_signature_text(ex, fn)} has {call.version.label}; checked as such")
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
    except _Stub as stub:
        return Result(ex.name, "not implemented", [str(stub)])
    if lines is not None:
        return Result(ex.name, "failed", lines + notes)
    return Result(ex.name, "passed", [f"all {len(labels)} cases agree: {'; '.join(labels)}"] + notes)


def _learner_outcome(ex: Exercise, fn, call: _Call, case: Case) -> Outcome:
    """Run the learner's fn on a case for a custom check; raises _Stub for the empty template."""
    out = run(fn, _learner_case(call, case))
    stub = _stub_message(ex, fn, out)
    if stub:
        raise _Stub(stub)
    return out


def error_lines(ex: Exercise, case: Case, out: Outcome) -> list[str]:
    """The feedback for a learner's exception in a custom check."""
    return [f"case: {case.label}"] + describe_error(out.error) + _printed_note(out.printed)
