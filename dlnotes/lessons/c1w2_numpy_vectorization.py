"""Lesson of notebooks/c1w2_numpy_vectorization.ipynb: the assignment's numpy warm-ups (image2vector,
normalize_rows, the L1 and L2 losses), broadcasting on the lecture's calorie table, a loop against a
vectorized dot product, and the computation graph with its derivatives checked numerically.
"""

from __future__ import annotations

import time

import numpy as np

from .. import validation as v
from ..gradcheck import numerical_gradient


def image2vector(image) -> np.ndarray:
    """An image (h, w, c) -> a column vector (h*w*c, 1), the assignment's image2vector."""
    image = np.asarray(image)
    if image.ndim != 3:
        raise ValueError(f"image must have shape (height, width, channels), got {image.shape}")
    return image.reshape(-1, 1)


def normalize_rows(x) -> np.ndarray:
    """Each row of x (n, d) divided by its L2 norm (broadcasting (n, d) / (n, 1))."""
    x = v.check_matrix(x, "x")
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    if (norms == 0).any():
        raise ValueError("x must have no all-zero row (its norm is 0), got one")
    return x / norms


def l1_loss(yhat, y) -> float:
    """L1 loss sum |y - yhat| over vectors of the same shape."""
    yhat, y = np.asarray(yhat, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if yhat.shape != y.shape:
        raise ValueError(f"yhat and y must have the same shape, got {yhat.shape} and {y.shape}")
    return float(np.abs(y - yhat).sum())


def l2_loss(yhat, y) -> float:
    """L2 loss sum (y - yhat)^2 over vectors of the same shape (a dot product, no loop)."""
    yhat, y = np.asarray(yhat, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if yhat.shape != y.shape:
        raise ValueError(f"yhat and y must have the same shape, got {yhat.shape} and {y.shape}")
    d = (y - yhat).ravel()
    return float(d @ d)


CALORIES = np.array([[56.0, 0.0, 4.4, 68.0],     # carbs   (apples, beef, eggs, potatoes)
                     [1.2, 104.0, 52.0, 8.0],    # protein
                     [1.8, 135.0, 99.0, 0.9]])   # fat


FOODS = ("apples", "beef", "eggs", "potatoes")


NUTRIENTS = ("carbs", "protein", "fat")


def calorie_percentages(A=None) -> np.ndarray:
    """The lecture's broadcasting example: A (3, 4) calories per nutrient (row) and food (column)
    -> the percentage of each food's calories from each nutrient, 100 * A / A.sum(axis=0) (3, 4)."""
    A = v.check_matrix(CALORIES if A is None else A, "A")
    totals = A.sum(axis=0, keepdims=True)  # (1, 4): broadcast down the rows
    if (totals == 0).any():
        raise ValueError("A must have no column summing to 0, got one")
    return 100 * A / totals


def time_dot_product(n: int = 1_000_000, seed: int = 0, repeats: int = 3) -> dict:
    """Time a Python for-loop against np.dot for the dot product of two random vectors of length n.

    Returns {"loop": value, "vectorized": value, "loop_seconds", "vectorized_seconds", "speedup"}
    (the best of ``repeats`` runs for the vectorized version).
    """
    v.check_int(n, "n")
    v.check_int(repeats, "repeats")
    rng = np.random.default_rng(seed)
    a, b = rng.random(n), rng.random(n)
    al, bl = a.tolist(), b.tolist()
    t = time.perf_counter()
    total = 0.0
    for i in range(n):
        total += al[i] * bl[i]
    loop_s = time.perf_counter() - t
    vec_s = float("inf")
    for _ in range(repeats):
        t = time.perf_counter()
        c = float(np.dot(a, b))
        vec_s = min(vec_s, time.perf_counter() - t)
    return {"loop": total, "vectorized": c, "loop_seconds": loop_s, "vectorized_seconds": vec_s,
            "speedup": loop_s / vec_s}


def computation_graph(a: float, b: float, c: float) -> dict:
    """Forward and backward through the lecture's graph u = b c, v = a + u, J = 3 v.

    Returns {"u", "v", "J", "dJ/dv": 3, "dJ/du": 3, "dJ/da": 3, "dJ/db": 3 c, "dJ/dc": 3 b}.
    """
    for name, x in (("a", a), ("b", b), ("c", c)):
        if isinstance(x, bool) or not np.isscalar(x) or not np.isfinite(x):
            raise ValueError(f"{name} must be a finite number, got {x!r}")
    u = b * c
    vv = a + u
    J = 3 * vv
    dv = 3.0
    du = dv * 1.0
    return {"u": float(u), "v": float(vv), "J": float(J), "dJ/dv": dv, "dJ/du": du,
            "dJ/da": dv * 1.0, "dJ/db": du * c, "dJ/dc": du * b}


def numerical_derivatives(a: float, b: float, c: float, epsilon: float = 1e-4) -> dict:
    """Centered differences (J(x + eps) - J(x - eps)) / (2 eps) of J = 3 (a + b c) for a, b, c
    (``dlnotes.gradcheck.numerical_gradient``).  Returns {"dJ/da", "dJ/db", "dJ/dc"} (floats)."""
    computation_graph(a, b, c)  # validates a, b, c
    grad = numerical_gradient(lambda abc: computation_graph(*abc)["J"], [a, b, c], epsilon)
    return {f"dJ/d{name}": float(g) for name, g in zip("abc", grad)}


__all__ = [
    "calorie_percentages", "CALORIES", "computation_graph", "FOODS", "image2vector", "l1_loss", "l2_loss",
    "normalize_rows", "numerical_derivatives", "NUTRIENTS", "time_dot_product",
]
