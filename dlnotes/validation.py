"""Input validation used at the public edge of dlnotes.

Every check raises ``ValueError`` naming the argument, what was expected and
what it got.  Nothing here runs inside a training loop: public functions
validate once, then call private helpers that trust their inputs.
"""

from __future__ import annotations

import numbers

import numpy as np


def _shape(a) -> str:
    return str(tuple(np.shape(a)))


def check_matrix(a, name: str, rows: int | None = None, cols: int | None = None,
                 dtype=None) -> np.ndarray:
    """Return ``a`` as a finite 2-D float array, checking its shape."""
    arr = np.asarray(a)
    if arr.ndim != 2:
        hint = ""
        if arr.ndim == 1:
            hint = f" (a rank-1 array; use {name}.reshape(1, -1) for one row or .reshape(-1, 1) for one column)"
        raise ValueError(f"{name} must be a 2-D array, got shape {_shape(arr)}{hint}")
    if rows is not None and arr.shape[0] != rows:
        raise ValueError(f"{name} must have {rows} rows, got shape {_shape(arr)}")
    if cols is not None and arr.shape[1] != cols:
        raise ValueError(f"{name} must have {cols} columns, got shape {_shape(arr)}")
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {_shape(arr)}")
    if not (np.issubdtype(arr.dtype, np.floating) or np.issubdtype(arr.dtype, np.integer)
            or arr.dtype == bool):
        raise ValueError(f"{name} must be numeric, got dtype {arr.dtype}")
    if dtype is None:
        dtype = arr.dtype if np.issubdtype(arr.dtype, np.floating) else np.float64
    return check_finite(np.asarray(arr, dtype=dtype), name)


def check_finite(arr: np.ndarray, name: str) -> np.ndarray:
    """``arr`` itself when every value is finite; else ValueError counting the NaN and inf values."""
    if not np.isfinite(arr).all():
        bad = int(np.size(arr) - np.count_nonzero(np.isfinite(arr)))
        raise ValueError(f"{name} must be finite, got {bad} NaN or inf value(s)")
    return arr


def check_labels(Y, m: int | None = None, name: str = "Y", classes: int = 2) -> np.ndarray:
    """Return labels as a float array: (1, m) with values in {0, ..., classes-1}, or one-hot
    (classes, m) (each column a single 1), as softmax outputs use.  Callers compare the
    returned shape with the output layer's."""
    arr = np.asarray(Y)
    one_hot = arr.ndim == 2 and classes >= 2 and arr.shape[0] == classes
    if arr.ndim != 2 or (arr.shape[0] != 1 and not one_hot):
        expected = "(1, m)" if m is None else f"(1, {m})"
        hint = " (a rank-1 array; use Y.reshape(1, -1))" if arr.ndim == 1 else ""
        raise ValueError(f"{name} must have shape {expected}, got {_shape(arr)}{hint}")
    if m is not None and arr.shape[1] != m:
        raise ValueError(f"{name} must have shape ({arr.shape[0]}, {m}) to match X's {m} examples, "
                         f"got {_shape(arr)}")
    if arr.shape[1] == 0:
        raise ValueError(f"{name} must hold at least one example, got shape {_shape(arr)}")
    arr = np.asarray(arr, dtype=np.float64)
    if not np.isfinite(arr).all():
        raise ValueError(f"{name} must be finite, got NaN or inf")
    valid = {0, 1} if one_hot else set(range(classes))
    values = set(np.unique(arr).tolist())
    if not values <= valid:
        bad = sorted(values - valid)[:5]
        raise ValueError(f"{name} must hold labels in {sorted(valid)}, got value(s) {bad}")
    if one_hot and not (arr.sum(axis=0) == 1).all():
        raise ValueError(f"{name} must be one-hot ({classes}, m): each column a single 1")
    return arr


def check_targets(Y, m: int, output: str, n_out: int, name: str = "Y") -> np.ndarray:
    """Targets for an output layer of ``n_out`` units over m examples, as a float array (n_out, m):
    labels (1, m) in {0, 1} for sigmoid, one-hot (C, m) for softmax, any finite values for a
    linear (regression) output."""
    if output == "linear":
        return np.asarray(check_matrix(Y, name, rows=n_out, cols=m), dtype=np.float64)
    Y = check_labels(Y, m, name, classes=max(2, n_out))
    if Y.shape[0] != n_out:
        hint = " (one-hot for softmax)" if n_out > 1 else ""
        raise ValueError(f"{name} must have shape ({n_out}, {m}) to match the output layer{hint}, got {_shape(Y)}")
    return Y


def check_positive(x, name: str, allow_zero: bool = False) -> float:
    check_real(x, name)
    if x < 0 or (x == 0 and not allow_zero):
        expected = ">= 0" if allow_zero else "> 0"
        raise ValueError(f"{name} must be {expected}, got {x!r}")
    return float(x)


def check_real(x, name: str) -> float:
    """A finite real number (not a bool), as a float."""
    if isinstance(x, bool) or not isinstance(x, numbers.Real) or not np.isfinite(x):
        raise ValueError(f"{name} must be a finite number, got {x!r}")
    return float(x)


def check_fraction(x, name: str) -> float:
    """A number in [0, 1) (a momentum or moving-average coefficient), as a float."""
    if isinstance(x, bool) or not isinstance(x, numbers.Real) or not 0 <= x < 1:
        raise ValueError(f"{name} must be in [0, 1), got {x!r}")
    return float(x)


def count_layers(parameters) -> int:
    """L, the number of layers with weights (W1 .. WL) in a parameters dict."""
    L = 0
    while f"W{L + 1}" in parameters:
        L += 1
    return L


def check_int(x, name: str, minimum: int = 1) -> int:
    if isinstance(x, bool) or not isinstance(x, numbers.Integral):
        raise ValueError(f"{name} must be an integer >= {minimum}, got {x!r}")
    if x < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {x!r}")
    return int(x)


def check_choice(x, name: str, choices) -> str:
    if x not in choices:
        raise ValueError(f"{name} must be one of {sorted(choices)}, got {x!r}")
    return x


def check_keep_probs(keep_prob, name: str = "keep_prob"):
    """A keep probability in (0, 1], or a sequence of them (one per hidden layer); returned as given."""
    for p in (keep_prob,) if np.ndim(keep_prob) == 0 else list(keep_prob):
        if isinstance(p, bool) or not isinstance(p, numbers.Real) or not (0 < p <= 1):
            raise ValueError(f"{name} must be in (0, 1], got {p!r}")
    return keep_prob


def _at_least_zero(x, name: str) -> float:
    return check_positive(x, name, allow_zero=True)


def _optional_int(x, name: str):
    return None if x is None else check_int(x, name)


# The settings of training, its optimizers and its networks: name -> check(value, name), which raises
# ValueError naming the setting, what was expected and what it got.
SETTINGS = {
    "learning_rate": check_positive,
    "num_iterations": check_int,
    "lambd": _at_least_zero,
    "l1": _at_least_zero,
    "keep_prob": check_keep_probs,
    "beta": check_fraction,
    "beta1": check_fraction,
    "beta2": check_fraction,
    "epsilon": check_positive,
    "decay_rate": _at_least_zero,
    "time_interval": _optional_int,
    "mini_batch_size": _optional_int,
    "record_every": check_int,
    "callback_every": _optional_int,
    "bn_momentum": check_fraction,
    "scale": check_positive,
}


def check_setting(name: str, value):
    """Check one setting of ``SETTINGS`` (ValueError when it is out of range); returns the value checked."""
    return SETTINGS[name](value, name)


def check_settings(**settings) -> dict:
    """Check each name=value of ``SETTINGS``; returns them as a dict (the values as given)."""
    for name, value in settings.items():
        check_setting(name, value)
    return settings


def check_dtype(dtype, name: str = "dtype"):
    """float32 or float64, as a numpy dtype."""
    dtype = np.dtype(dtype)
    if dtype not in (np.float32, np.float64):
        raise ValueError(f"{name} must be float32 or float64, got {dtype}")
    return dtype


def check_layer_dims(layer_dims) -> list[int]:
    try:
        dims = list(layer_dims)
    except TypeError:
        raise ValueError(f"layer_dims must be a list of layer sizes, got {layer_dims!r}") from None
    if len(dims) < 2:
        raise ValueError(f"layer_dims must have at least 2 entries (input and output size), got {dims!r}")
    for i, n in enumerate(dims):
        if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n <= 0:
            raise ValueError(f"layer_dims[{i}] must be a positive integer, got {n!r} in {dims!r}")
    return [int(n) for n in dims]


def check_keep_prob(keep_prob, n_hidden: int) -> list[float]:
    """Return one keep probability per hidden layer, each in (0, 1]."""
    if np.ndim(keep_prob) == 0:
        probs = [keep_prob] * n_hidden
    else:
        probs = list(keep_prob)
        if len(probs) != n_hidden:
            raise ValueError(f"keep_prob must be a float or one value per hidden layer ({n_hidden}), "
                             f"got {len(probs)} values")
    check_keep_probs(probs)
    return [float(p) for p in probs]


def check_parameters(parameters, n_x: int | None = None) -> int:
    """Check a {"W1", "b1", ...} dict; return the number of layers L."""
    if not isinstance(parameters, dict):
        raise ValueError(f"parameters must be a dict {{'W1', 'b1', ...}}, got {type(parameters).__name__}")
    L = count_layers(parameters)
    if L == 0:
        raise ValueError(f"parameters must hold W1, b1, ...; got keys {sorted(parameters)}")
    prev = n_x
    for layer in range(1, L + 1):
        W = parameters[f"W{layer}"]
        b = parameters.get(f"b{layer}")
        if b is None:
            raise ValueError(f"parameters is missing b{layer}")
        if np.ndim(W) != 2:
            raise ValueError(f"W{layer} must be 2-D (n[{layer}], n[{layer - 1}]), got shape {_shape(W)}")
        if prev is not None and W.shape[1] != prev:
            what = "X's n_x" if layer == 1 else f"n[{layer - 1}]"
            raise ValueError(f"W{layer} must have shape ({W.shape[0]}, {prev}) to match {what} = {prev}, "
                             f"got {_shape(W)}")
        if np.shape(b) != (W.shape[0], 1):
            raise ValueError(f"b{layer} must have shape ({W.shape[0]}, 1), got {_shape(b)}")
        if not (np.isfinite(W).all() and np.isfinite(b).all()):
            raise ValueError(f"W{layer} and b{layer} must be finite, got NaN or inf")
        if layer < L and "gamma1" in parameters:  # batch norm on every hidden layer
            for k in ("gamma", "beta", "mean", "var"):
                if np.shape(parameters.get(f"{k}{layer}")) != (W.shape[0], 1):
                    raise ValueError(f"{k}{layer} must have shape ({W.shape[0]}, 1) with batch norm, "
                                     f"got {_shape(parameters.get(f'{k}{layer}'))}")
        prev = W.shape[0]
    return L


def check_figsize(figsize):
    """None, or (width, height) in inches as a tuple of two positive floats."""
    if figsize is None:
        return None
    if len(figsize) != 2 or not all(isinstance(x, numbers.Real) and x > 0 for x in figsize):
        raise ValueError(f"figsize must be (width, height) in inches, got {figsize!r}")
    return tuple(float(x) for x in figsize)
