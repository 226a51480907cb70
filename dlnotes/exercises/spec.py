"""What an exercise is: its cases, its planted mistakes, the course's earlier versions, and which calls fit it.

An ``Exercise`` names a course function and gives its ``reference`` (built on the dlnotes core),
its ``cases`` (the course's public test inputs first, then random ones drawn from the checker's own
seeded Generator) and its ``mistakes``: planted-mistake variants with the same signature.

Exercises whose results are random draws (initializations, dropout masks, shuffles) give a
``summarize(result, case)`` that reduces a result to statistics {name: (value, tolerance)} (a name
ending with "?" is a yes (1) / no (0) question).

Whatever the course ever gave learners is accepted when the maths is right: an exercise lists the
course's earlier signatures as ``Version``s (chosen by the learner's parameters or by the length of
the tuple it returns).  The functions below say which of them a learner's function can be called as.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from .compare import leaves


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


def argument_names(ex: Exercise) -> list[str]:
    """The names of the exercise's positional arguments (its reference's, without ``rng``)."""
    params = inspect.signature(ex.reference).parameters.values()
    return [p.name for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.name != "rng"]


def call_count(ex: Exercise) -> int:
    """How many positional arguments the exercise's calls pass at least (its reference's required ones)."""
    params = inspect.signature(ex.reference).parameters.values()
    return sum(1 for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
               and p.default is p.empty and p.name != "rng")


# --------------------------------------------------------------------------- the learner's signature
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


def signature_text(fn, short: str) -> str:
    """``short(a, b)`` with fn's positional parameter names, for a message (``short`` when unknown)."""
    sig = positional_params(fn)
    return f"{short}({', '.join(sig[0])})" if sig else short


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


def signature_version(ex: Exercise, fn) -> Version | None:
    """The earlier version whose parameters the learner's function takes, when today's does not fit."""
    if _takes(fn, call_count(ex)):
        return None
    for version in ex.versions:
        if version.params and _takes(fn, len(version.params)):
            return version
    return None


def known_args(ex: Exercise, fn) -> dict:
    """Values for required parameters the learner added that the course passes elsewhere."""
    sig = positional_params(fn)
    if sig is None or not ex.known_args:
        return {}
    names, required = sig
    given = call_count(ex)
    return {name: value for name, value in ex.known_args if name in names[given:required]}


def result_version(ex: Exercise, value) -> Version | None:
    """The earlier version whose result length the learner's tuple has, when today's does not."""
    if not isinstance(ex.outputs, tuple) or not isinstance(value, tuple) or len(value) == len(ex.outputs):
        return None
    for version in ex.versions:
        if version.outputs and len(version.outputs) == len(value):
            return version
    return None
