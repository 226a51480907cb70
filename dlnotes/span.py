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
from .model import Network, initialize_parameters
from .training import train

PENALTIES = ("lambd", "l1")  # must stay 0
NOT_IN_SPAN = ("parameters", "callback", "X_dev", "Y_dev")  # must stay None


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


def train_in_span(X, Y, layer_dims, learning_rate: float = 0.0075, num_iterations: int = 2500, *,
                  span: DataSpan | None = None, init: str = "he", scale: float = 0.01, seed: int = 0,
                  dtype=np.float64, **options):
    """``train(X, Y, layer_dims, ...)`` run on (R, V) instead of (X, W1), m x m instead of n_x x m;
    returns (network, history).

    X (n_x, m), Y (1, m), layer_dims [n_x, n1, ..., n[L]] as for ``train``; ``span``: ``data_span(X)``
    (computed here when None).  W1 starts as ``initialize_parameters(layer_dims, init, seed, scale)``
    draws it, so a seed gives the same network as ``train``'s.  ``options`` go to ``train``
    (hidden_activation, record_every, progress, mini_batch_size, keep_prob, optimizer "gd" or
    "momentum", ...); the ones under which the two descents differ raise ValueError.  The network
    returned has the full W1 (n1, n_x); the history's costs are those of the network on X.
    """
    dims = v.check_layer_dims(layer_dims)
    X = v.check_matrix(X, "X", rows=dims[0])
    for name in PENALTIES + NOT_IN_SPAN:
        value = options.get(name)
        if (value is not None and name in NOT_IN_SPAN) or (name in PENALTIES and value):
            raise ValueError(f"{name} must be left out of train_in_span (the descent in the span equals "
                             f"the one on X only without it), got {name}={value!r}")
    if options.get("optimizer", "gd") not in ("gd", "momentum"):
        raise ValueError(f"optimizer must be 'gd' or 'momentum' for train_in_span (per-coordinate "
                         f"scaling is not the same in the span), got {options['optimizer']!r}")
    if span is None:
        span = data_span(X)
    elif span.X.shape != X.shape or not np.array_equal(span.X, X):
        raise ValueError(f"span must be data_span(X) of this X {X.shape}, got one of X {span.X.shape}")
    start = initialize_parameters(dims, init, seed, scale)
    W1 = start["W1"]
    V0 = solve_triangular(span.R, (W1 @ span.X).T, trans="T").T  # W1 Q = (W1 X) R^-1
    inner = dict(start, W1=V0)
    # One BLAS thread: for loops of m x m products a second thread gains little, and where another process holds a
    # core it waits spinning (the cat notebook: 86 CPU s with two threads, 16 with one).  The results do not change:
    # OpenBLAS splits a product's output between threads, not its sums.
    with threadpool_limits(limits=1, user_api="blas"):
        net, history = train(span.R, Y, [span.R.shape[0], *dims[1:]], learning_rate, num_iterations,
                             parameters=inner, seed=seed, dtype=dtype, **options)
    full = {k: np.asarray(p) for k, p in net.items()}
    C = solve_triangular(span.R, (full["W1"] - V0).T).T  # (V - V0) R^-T
    full["W1"] = (W1 + C @ span.X.T).astype(dtype, copy=False)
    return Network(full, net.hidden_activation, net.output_activation, net.slope), history


__all__ = ["DataSpan", "data_span", "train_in_span"]
