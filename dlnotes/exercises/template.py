"""Recognizing the course's empty template: a function still holding its ``x = None`` placeholders, or one that
raises ``NotImplementedError``, is "not implemented yet" rather than wrong."""

from __future__ import annotations

import dis
import inspect
import re

import numpy as np

from .running import Outcome
from .spec import Exercise


class Stub(Exception):
    """The learner's function is still the course's template (its message says so)."""


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


def stub_message(ex: Exercise, fn, out: Outcome) -> str | None:
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


def raise_if_stub(ex: Exercise, fn, out: Outcome) -> None:
    """Raise ``Stub`` when ``out`` (fn's outcome) shows the course's empty template."""
    stub = stub_message(ex, fn, out)
    if stub:
        raise Stub(stub)
