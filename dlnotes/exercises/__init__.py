"""Checked "Your turn" exercises under the course's own names and signatures.

    from dlnotes.exercises import check
    check("propagate", propagate)          # -> a Result: true when every check passed

``check`` runs the learner's function on the course's public test inputs and on random cases
drawn from its own seeded Generator, compares with the dlnotes core's results and, on a
mismatch, names the usual mistake it matches.  It never raises because of the learner's code:
an exception (with the line that failed), None, a wrong type or shape are all reported in the
result, and a stub that raises NotImplementedError gives "not implemented yet".

A course name used in two weeks is selected with its week: ``check("c1w4.compute_cost", f)``;
``EXERCISES`` maps every qualified name ("c1w2.propagate", ...) to its ``Exercise``, and
``reference(name)`` returns the package's own version of an exercise (what a notebook uses
after a stub).  Learner and solution notebooks: see ``dlnotes.exercises.solutions_build``.
"""

from __future__ import annotations

import difflib
import zlib

from . import basics, c1w2, c1w3, c1w4, c2w1, c2w2, c2w3, c4w1
from .checker import check_exercise
from .report import Result
from .spec import Exercise, argument_names, fits, positional_params, signature_text

EXERCISES: dict[str, Exercise] = {ex.name: ex for week in (basics, c1w2, c1w3, c1w4, c2w1, c2w2, c2w3, c4w1)
                                  for ex in week.EXERCISES}
# exercises found only by their qualified name: "c1w3.predict", "c2w1.forward_propagation", "basics.sigmoid"...
QUALIFIED_ONLY = frozenset(name for week in (basics, c1w3, c2w1) for name in week.QUALIFIED_ONLY)


def find(name: str) -> Exercise | list[str]:
    """The exercise called ``name`` ("propagate" or "c1w4.compute_cost"), or the list of
    qualified names to choose from when ``name`` is ambiguous or unknown."""
    if not isinstance(name, str):
        return []
    key = name.strip().lower()
    for full in EXERCISES:
        if full.lower() == key:
            return EXERCISES[full]
    matches = [full for full in EXERCISES if full.split(".", 1)[1].lower() == key]
    if len(matches) > 1:  # a course name a later assignment reuses keeps its first meaning unqualified
        matches = [full for full in matches if full not in QUALIFIED_ONLY] or matches
    if len(matches) == 1:
        return EXERCISES[matches[0]]
    return matches


def check(name: str, fn) -> Result:
    """Check the learner's function ``fn`` for the exercise ``name``; returns a ``Result``
    (truthy when every case passed; its text is the feedback).  Never raises for the learner's code.

    A name several weeks use ("predict") takes the week whose signature ``fn`` has; a function whose
    parameters fit another week's exercise of that name, not this one, is told "did you mean ...?"."""
    found = find(name)
    same_name = [full for full in EXERCISES if isinstance(name, str)
                 and full.split(".", 1)[1].lower() == name.strip().lower()]
    if len(same_name) > 1 and callable(fn):  # the signature chooses before the default week does
        fitting = _by_names([full for full in same_name if fits(EXERCISES[full], fn)], fn)
        if len(fitting) == 1:
            found = EXERCISES[fitting[0]]
    if isinstance(found, Exercise):
        if callable(fn) and not fits(found, fn):
            others = [ex for full, ex in EXERCISES.items()
                      if ex.short.lower() == found.short.lower() and ex is not found and fits(ex, fn)]
            if others:
                return Result(found.name, "failed", [
                    f"your {signature_text(fn, found.short)} does not take {found.name}'s arguments "
                    f"({', '.join(argument_names(found))}); did you mean {others[0].name}? "
                    f"check({others[0].name!r}, {found.short})"])
        return check_exercise(found, fn, seed=zlib.crc32(found.name.encode()))
    if found:
        return Result(str(name), "ambiguous",
                      [f"{name!r} is an exercise in more than one week: name it with its week, one of "
                       + ", ".join(repr(f) for f in found)])
    close = difflib.get_close_matches(str(name).lower(), [f.split(".", 1)[1] for f in EXERCISES], n=3)
    hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    return Result(str(name), "unknown", [f"there is no exercise called {name!r}{hint}"])


def _by_names(candidates: list[str], fn) -> list[str]:
    """Of several exercises fn fits, those sharing the most parameter names with fn ((X, parameters)
    against (x, theta)); all of them when the names do not decide."""
    sig = positional_params(fn)
    if len(candidates) < 2 or sig is None:
        return candidates
    shared = {full: len(set(sig[0]) & set(argument_names(EXERCISES[full]))) for full in candidates}
    best = max(shared.values())
    return [full for full in candidates if shared[full] == best]


def reference(name: str):
    """The package's own implementation of exercise ``name`` (course signature); ValueError if unknown."""
    found = find(name)
    if not isinstance(found, Exercise):
        choices = ", ".join(found) if found else "see dlnotes.exercises.EXERCISES"
        raise ValueError(f"name must be one exercise's name, got {name!r} ({choices})")
    return found.reference


__all__ = ["EXERCISES", "Exercise", "Result", "check", "find", "reference"]
