"""Compare a learner's result with the expected one, leaf by leaf, in words a learner can act on.

A result is a nest of tuples, lists and dicts whose leaves are numpy arrays, numbers or strings.
``leaves(expected, got)`` walks the expected structure and pairs each expected leaf with what the
learner returned at the same place (or a sentence saying why there is nothing there);
``leaf_problem(path, got, expected)`` says what is wrong with one leaf, or returns None.
"""

from __future__ import annotations

import numbers

import numpy as np

MISSING = object()


def type_name(x) -> str:
    """'None', 'dict', 'ndarray of shape (3, 1)', ... for a message."""
    if x is None:
        return "None"
    if isinstance(x, np.ndarray):
        return f"an ndarray of shape {x.shape}"
    return f"a {type(x).__name__}"


def child_path(path: str, key) -> str:
    """``grads`` + "dw" -> ``grads["dw"]``; ``caches`` + 0 -> ``caches[0]``."""
    return f"{path}[{key!r}]" if isinstance(key, str) else f"{path}[{key}]"


def leaves(expected, got, path: str, names=None):
    """Yield (path, expected_leaf, got_leaf, structural_problem) for every leaf of ``expected``.

    ``names`` names the elements of a top-level tuple (("grads", "cost") for propagate).
    A learner's dict may hold extra keys (the course's grads hold dZ1, dA1, ... too).
    """
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            yield path, expected, got, f"{path} should be a dict with keys {list(expected)}, got {type_name(got)}"
            return
        for key, value in expected.items():
            sub = child_path(path, key)
            if key not in got:
                yield sub, value, MISSING, f"{path} has no key {key!r} (its keys: {list(got)})"
            else:
                yield from leaves(value, got[key], sub)
        return
    if isinstance(expected, (tuple, list)):
        kind = "tuple" if isinstance(expected, tuple) else "list"
        if not isinstance(got, (tuple, list)) or len(got) != len(expected):
            what = f" ({', '.join(names)})" if names else ""
            length = f" of length {len(got)}" if isinstance(got, (tuple, list)) else ""
            hint = ": does the function end with a return?" if got is None else ""
            yield path, expected, got, (f"{path} should be a {kind} of {len(expected)}{what}, "
                                        f"got {type_name(got)}{length}{hint}")
            return
        for i, (e, g) in enumerate(zip(expected, got)):
            sub = names[i] if names else child_path(path, i)
            yield from leaves(e, g, sub)
        return
    yield path, expected, got, None


def as_number(x):
    """x as a Python float if it is a real number (0-d arrays included), else None."""
    if isinstance(x, (bool, np.bool_)):
        return None
    if isinstance(x, numbers.Real):
        return float(x)
    if isinstance(x, np.ndarray) and x.ndim == 0 and np.issubdtype(x.dtype, np.number):
        return float(x)
    return None


def _array_problem(path, got, expected, rtol, atol, values):
    if not isinstance(got, np.ndarray):
        if isinstance(got, (list, tuple)):
            return f"{path} should be a numpy array {expected.shape}, got a {type(got).__name__}"
        return f"{path} should be a numpy array of shape {expected.shape}, got {type_name(got)}"
    if got.shape != expected.shape:
        hint = ""
        if got.ndim == 1:
            hint = " (a rank-1 array: keep the 2-D shape, e.g. keepdims=True or .reshape)"
        elif got.shape == expected.shape[::-1]:
            hint = " (transposed)"
        return f"{path} should have shape {expected.shape}, got {got.shape}{hint}"
    if not (np.issubdtype(got.dtype, np.number) or got.dtype == bool):
        return f"{path} should hold numbers, got dtype {got.dtype}"
    if not values:
        return None
    g = got.astype(np.float64)
    e = expected.astype(np.float64)
    if np.isnan(g).any() and not np.isnan(e).any():
        return f"{path} holds NaN (at {int(np.isnan(g).sum())} of {g.size} entries)"
    if np.allclose(g, e, rtol=rtol, atol=atol, equal_nan=True):
        return None
    with np.errstate(invalid="ignore"):
        diff = np.where(np.isnan(g) & np.isnan(e), 0.0, np.abs(g - e))
    diff = np.where(np.isnan(diff), np.inf, diff)
    at = np.unravel_index(int(np.argmax(diff)), diff.shape)
    where = f" at index {tuple(int(i) for i in at)}" if g.ndim else ""
    return f"{path} has wrong values: expected {e[at]:.8g}{where}, got {g[at]:.8g}"


def leaf_problem(path: str, got, expected, rtol: float = 1e-5, atol: float = 1e-8, values: bool = True):
    """What is wrong with the learner's leaf ``got`` where ``expected`` was due, or None.

    ``values=False`` checks only types and shapes (for results drawn at random).
    """
    if got is MISSING:
        return f"{path} is missing"
    if expected is None:
        return None if got is None else f"{path} should be None, got {type_name(got)}"
    if got is None:
        return f"{path} is None: does the function return it?"
    if isinstance(expected, np.ndarray):
        return _array_problem(path, got, expected, rtol, atol, values)
    if isinstance(expected, (bool, str)):
        return None if got == expected else f"{path} should be {expected!r}, got {got!r}"
    if isinstance(expected, numbers.Integral):
        if isinstance(got, numbers.Integral) and not isinstance(got, bool):
            return None if got == expected or not values else f"{path} should be {expected}, got {got}"
        return f"{path} should be an integer, got {type_name(got)}"
    if isinstance(expected, numbers.Real):
        number = as_number(got)
        if number is None:
            hint = ""
            if isinstance(got, np.ndarray) and got.size == 1:
                hint = ": return a number (float(...) or np.squeeze(...))"
            return f"{path} should be a number, got {type_name(got)}{hint}"
        if not values or np.isclose(number, float(expected), rtol=rtol, atol=atol, equal_nan=True):
            return None
        return f"{path} has the wrong value: expected {float(expected):.8g}, got {number:.8g}"
    raise TypeError(f"cannot compare a {type(expected).__name__} at {path}")


def leaf_note(path: str, got, expected) -> str | None:
    """A remark on a leaf that passes but is not quite what today's course asks for, or None."""
    if isinstance(expected, float) and isinstance(got, numbers.Integral) and not isinstance(got, bool):
        return (f"{path} is the int {got} where the course now asks for a float: fine (earlier versions of the "
                f"course accepted it), though {float(got)!r} is what it prints")
    return None


def same(got, other, rtol: float = 1e-5, atol: float = 1e-8, values: bool = True) -> bool:
    """True when ``got`` matches ``other`` (type, shape and, with ``values``, values) everywhere
    ``other`` has a leaf."""
    for path, e, g, problem in leaves(other, got, "x"):
        if problem is not None or leaf_problem(path, g, e, rtol, atol, values) is not None:
            return False
    return True


def at_path(result, expected, path: str, base: str, names=None):
    """The leaf of ``result`` at ``path`` (a path ``leaves(expected, ..., base, names)`` produced), or MISSING."""
    for p, _, g, problem in leaves(expected, result, base, names):
        if p == path:
            return MISSING if problem is not None else g
    return MISSING
