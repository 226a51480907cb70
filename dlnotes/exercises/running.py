"""Running a learner's function safely: on copies of the arguments, with its exception (even ``exit()``),
its warnings and its prints caught, and the words that report them.

The course's numpy was 1.x, where ``float(x)`` of a one-number array x gave its number; numpy 2 raises.
``Numpy1Array`` and ``as_kind`` run a learner's function as numpy 1.x would, so that such code is judged on its
maths (the checker then says how to write it for today's numpy).
"""

from __future__ import annotations

import contextlib
import copy
import io
import os
import sys
import traceback
import warnings
from typing import NamedTuple

import numpy as np

from .spec import Case

_NOT_LEARNER = tuple(os.path.realpath(p) + os.sep for p in
                     {sys.prefix, sys.base_prefix, sys.exec_prefix,
                      os.path.dirname(os.path.dirname(os.path.abspath(__file__)))})


def learner_frame(tb):
    """The deepest traceback frame in the learner's own code (not numpy's, Python's or dlnotes')."""
    frames = [f for f in traceback.extract_tb(tb)
              if not os.path.realpath(f.filename).startswith(_NOT_LEARNER)]
    return frames[-1] if frames else None


class Outcome(NamedTuple):
    """What one call of a function gave: its value or its exception, its warnings, its arguments
    after the call (to see in-place changes) and what it printed."""

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


def describe_error(exc: BaseException) -> list[str]:
    """The exception and the learner's line that raised it, as feedback lines."""
    lines = [f"your function raised {type(exc).__name__}: {exc}"]
    frame = learner_frame(exc.__traceback__)
    if frame is not None:
        text = (frame.line or "").strip()
        lines.append(f"the line that failed: line {frame.lineno} in {frame.name}" + (f": {text}" if text else ""))
    return lines


def warning_note(warned) -> list[str]:
    """The first warning the learner's code raised, as a feedback line (none without one)."""
    if not warned:
        return []
    w = warned[0]
    return [f"numpy warned: {w.message} (line {w.lineno})"]


def printed_note(printed: str) -> list[str]:
    """The first lines the learner's code printed, as a feedback line (none when it printed nothing)."""
    lines = printed.strip().splitlines()
    if not lines:
        return []
    more = f" (and {len(lines) - 3} more lines)" if len(lines) > 3 else ""
    return ["your function printed: " + " | ".join(line.strip()[:80] for line in lines[:3]) + more]


# --------------------------------------------------------------------------- numpy 1.x's one-number arrays
class Numpy1Array(np.ndarray):
    """An array that converts to a number with float() / int() whenever it holds one number, as numpy 1.x
    (the course's numpy) did: numpy 2 raises TypeError for float(b) on b of shape (1, 1, 1)."""

    def __float__(self):
        return float(np.asarray(self).item())

    def __int__(self):
        return int(np.asarray(self).item())


def as_kind(kind, value):
    """value with its arrays (in tuples, lists and dicts too) viewed as ``kind``."""
    if isinstance(value, np.ndarray):
        return value.view(kind)
    if isinstance(value, (tuple, list)):
        return type(value)(as_kind(kind, v) for v in value)
    if isinstance(value, dict):
        return {k: as_kind(kind, v) for k, v in value.items()}
    return value


def run_as_numpy1(fn, case: Case) -> Outcome:
    """``run`` with the case's arrays as ``Numpy1Array``s; the outcome's arrays are plain again."""
    out = run(fn, case._replace(args=as_kind(Numpy1Array, case.args)))
    return out._replace(value=as_kind(np.ndarray, out.value), args=as_kind(np.ndarray, out.args))


def scalar_conversion_error(exc) -> bool:
    """numpy 2's refusals of a one-number array where numpy 1.x took its number: float(x), Z[i] = x."""
    return (isinstance(exc, TypeError) and "only 0-dimensional arrays can be converted" in str(exc)
            or isinstance(exc, ValueError) and "setting an array element with a sequence" in str(exc))


def error_lines(case: Case, out: Outcome) -> list[str]:
    """The feedback for a learner's exception in a custom check (``Exercise.custom``)."""
    return [f"case: {case.label}"] + describe_error(out.error) + printed_note(out.printed)
