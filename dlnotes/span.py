"""Gradient descent for a wide input, run in the span of the training examples.

For X (n_x, m) with n_x much larger than m (the cats: 12288 pixels, 209 pictures), the first layer's
gradient dW1 = dZ1 X^T / m is a combination of the m training examples: every step moves W1 inside
the span of X's columns, and the rest of W1 keeps its initial value.  Factor X = Q R with Q (n_x, m)
orthonormal columns and R (m, m) upper triangular (R^T R = X^T X, so R is the Cholesky factor of the
m x m Gram matrix and Q = X R^-1 is never formed), and let V = W1 Q (n[1], m).  Then Z1 = W1 X = V R,
and the step W1 -= alpha dZ1 X^T / m is exactly V -= alpha dZ1 R^T / m: the network with input R and
first weights V follows the same gradient descent, with m numbers per unit instead of n_x.
Afterwards W1 = W1_init + C X^T with C = (V - V_init) R^-T: the learned part of each unit's weights
is a weighted sum of the training pictures.

This holds for plain and momentum gradient descent (linear in the gradient), full-batch or
mini-batch, with dropout on the hidden layers; not for RMSprop or Adam (per-coordinate scaling),
nor for L1/L2 penalties (which also shrink the part of W1 outside the span).  The arithmetic rounds
differently from training on X itself: results agree to rounding, as on another CPU.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from scipy.linalg import solve_triangular
from threadpoolctl import threadpool_limits

from . import validation as v
from .model import Network, network
from .optimizers import GradientDescent, Momentum
from .training import train

PENALTIES = ("lambd", "l1")  # the network's, must stay 0
NOT_IN_SPAN = ("callback", "dev")  # must stay None


class DataSpan(NamedTuple):
    """X (n_x, m) and R (m, m) upper triangular with R^T R = X^T X (X = Q R, Q orthonormal)."""

    X: np.ndarray
    R: np.ndarray


def data_span(X) -> DataSpan:
    """X (n_x, m), n_x >= m, with linearly independent columns, and the Cholesky factor R (m, m) of
    its Gram matrix X^T X (float64).  Compute it once and pass it to every ``train_in_span`` on X."""
    X = v.check_matrix(X, "X", dtype=np.float64)
    if X.shape[0] < X.shape[1]:
        raise ValueError(f"X must have at least as many rows (features) as columns (examples), got shape {X.shape}")
    try:
        R = np.linalg.cholesky(X.T @ X).T
    except np.linalg.LinAlgError:
        raise ValueError(f"X's {X.shape[1]} columns must be linearly independent, got a singular X^T X") from None
    return DataSpan(X, R)


def train_in_span(X, Y, model, optimizer=None, num_iterations: int = 2500, *, span: DataSpan | None = None,
                  **options):
    """``train(X, Y, model, optimizer, num_iterations, ...)`` run on (R, V) instead of (X, W1), m x m
    instead of n_x x m; returns (network, history).

    X (n_x, m), Y (1, m) as for ``train``; ``model``: a ``Network`` (the starting parameters, with its
    record) or a list layer_dims (``network(layer_dims, seed=seed)``, so a seed gives the same network as
    ``train``'s); ``optimizer``: ``GradientDescent`` or ``Momentum`` (default ``GradientDescent()``);
    ``span``: ``data_span(X)`` (computed here when None).  ``options`` go to ``train`` (record_every,
    progress, mini_batch_size, seed, ...); the settings under which the two descents differ (L2 or L1, a
    dev set, a callback, a per-coordinate optimizer) raise ValueError.  The network returned has the full
    W1 (n1, n_x); the history's costs are those of the network on X.
    """
    start = model if isinstance(model, Network) else network(model, seed=options.get("seed", 0))
    X = v.check_matrix(X, "X", rows=start["W1"].shape[1])
    for name in PENALTIES:
        if getattr(start, name):
            raise ValueError(f"{name} must be 0 in train_in_span (the descent in the span equals the one on X "
                             f"only without it), got {name}={getattr(start, name)!r}")
    for name in NOT_IN_SPAN:
        if options.get(name) is not None:
            raise ValueError(f"{name} must be left out of train_in_span (the descent in the span equals "
                             f"the one on X only without it), got {name}={options[name]!r}")
    if optimizer is not None and type(optimizer) not in (GradientDescent, Momentum):
        raise ValueError(f"optimizer must be GradientDescent or Momentum for train_in_span (per-coordinate "
                         f"scaling is not the same in the span), got {type(optimizer).__name__}")
    if span is None:
        span = data_span(X)
    elif span.X.shape != X.shape or not np.array_equal(span.X, X):
        raise ValueError(f"span must be data_span(X) of this X {X.shape}, got one of X {span.X.shape}")
    W1, dtype = start["W1"], start["W1"].dtype
    V0 = solve_triangular(span.R, (W1 @ span.X).T, trans="T").T  # W1 Q = (W1 X) R^-1
    inner = Network(dict(start, W1=V0.astype(dtype, copy=False)), **start.record)
    # One BLAS thread: for loops of m x m products a second thread gains little, and where another process holds a
    # core it waits spinning (the cat notebook: 86 CPU s with two threads, 16 with one).  The results do not change:
    # OpenBLAS splits a product's output between threads, not its sums.
    with threadpool_limits(limits=1, user_api="blas"):
        net, history = train(span.R, Y, inner, optimizer, num_iterations, **options)
    full = {k: np.asarray(p) for k, p in net.items()}
    C = solve_triangular(span.R, (full["W1"] - V0).T).T  # (V - V0) R^-T
    full["W1"] = (W1 + C @ span.X.T).astype(dtype, copy=False)
    return Network(full, **net.record), history


__all__ = ["DataSpan", "data_span", "train_in_span"]
