"""Gradient checking: compare backward's gradients with centered finite differences."""

from __future__ import annotations

import numpy as np

from . import _validation as v
from .activations import HIDDEN_ACTIVATIONS, LEAKY_SLOPE, OUTPUT_ACTIVATIONS
from .model import _cross_entropy_from_logits, _forward, _gradients, _l2_term, _trainable_keys, _unpack, _unpack_bn


def parameters_to_vector(parameters: dict) -> np.ndarray:
    """Stack W1, b1, (gamma1, beta1,) W2, b2, ... (each flattened row by row) into one column (n, 1)."""
    v.check_parameters(parameters)
    return np.concatenate([np.ravel(parameters[k]) for k in _trainable_keys(parameters)])[:, None]


def gradients_to_vector(grads: dict) -> np.ndarray:
    """Stack dW1, db1, (dgamma1, dbeta1,) dW2, ... in the order of ``parameters_to_vector``; (n, 1)."""
    keys = _trainable_keys({k[1:]: g for k, g in grads.items()})
    return np.concatenate([np.ravel(grads["d" + k]) for k in keys])[:, None]


def vector_to_parameters(theta, like: dict) -> dict:
    """Inverse of ``parameters_to_vector``: cut theta (n, 1) into arrays shaped as in ``like``
    (whose batch-norm running averages, if any, are copied as they are)."""
    v.check_parameters(like)
    keys = _trainable_keys(like)
    theta = np.ravel(theta)
    total = sum(np.size(like[k]) for k in keys)
    if theta.size != total:
        raise ValueError(f"theta must have {total} entries to match the parameters, got {theta.size}")
    out = {k: np.copy(p) for k, p in like.items() if k not in keys}
    start = 0
    for k in keys:
        n = np.size(like[k])
        out[k] = theta[start:start + n].reshape(np.shape(like[k])).copy()
        start += n
    return out


def gradient_check(X, Y, parameters, grads=None, *, hidden_activation="relu",
                   output_activation="sigmoid", lambd=0.0, keep_prob=1.0, seed=0,
                   epsilon=1e-7, slope=LEAKY_SLOPE, return_vectors=False):
    """Relative difference ||g - g_approx|| / (||g|| + ||g_approx||) for any network of dlnotes.

    X (n_x, m), Y (1, m); parameters {"W1", "b1", ...}.  ``grads`` are the gradients to
    check (default: those of ``backward``); g_approx[i] = (J(theta + eps e_i) -
    J(theta - eps e_i)) / (2 eps).  With keep_prob < 1 every evaluation reuses the same
    dropout masks (drawn again from ``seed``), the only way the check makes sense with dropout.
    Returns the difference (a float), or (difference, g, g_approx) with return_vectors.
    """
    L = v.check_parameters(parameters)
    X = v.check_matrix(X, "X", rows=parameters["W1"].shape[1])
    n_out = parameters[f"W{L}"].shape[0]
    Y = v.check_labels(Y, X.shape[1], classes=max(2, n_out))
    if Y.shape[0] != n_out:
        raise ValueError(f"Y must have shape ({n_out}, {X.shape[1]}) to match the output layer, got {Y.shape}")
    v.check_choice(hidden_activation, "hidden_activation", HIDDEN_ACTIVATIONS)
    v.check_choice(output_activation, "output_activation", OUTPUT_ACTIVATIONS)
    v.check_positive(lambd, "lambd", allow_zero=True)
    v.check_positive(epsilon, "epsilon")
    keep_probs = v.check_keep_prob(keep_prob, L - 1)
    m = X.shape[1]

    def cost_and_forward(params):
        Ws, bs = _unpack(params)
        AL, caches = _forward(X, Ws, bs, hidden_activation, output_activation, keep_probs,
                              np.random.default_rng(seed), slope, bn=_unpack_bn(params))
        return _cross_entropy_from_logits(caches[-1].Z, Y, output_activation) + _l2_term(Ws, lambd, m), AL, caches

    if grads is None:
        _, AL, caches = cost_and_forward(parameters)
        grads = _gradients(AL, Y, caches, hidden_activation, lambd, slope)
    g = gradients_to_vector(grads)
    theta = parameters_to_vector(parameters).astype(np.float64)
    approx = np.empty_like(theta)
    for i in range(theta.shape[0]):
        old = theta[i, 0]
        theta[i, 0] = old + epsilon
        plus = cost_and_forward(vector_to_parameters(theta, parameters))[0]
        theta[i, 0] = old - epsilon
        minus = cost_and_forward(vector_to_parameters(theta, parameters))[0]
        theta[i, 0] = old
        approx[i, 0] = (plus - minus) / (2 * epsilon)
    denom = np.linalg.norm(g) + np.linalg.norm(approx)
    diff = float(np.linalg.norm(g - approx) / denom) if denom else 0.0
    return (diff, g, approx) if return_vectors else diff
