"""Gradient checking: compare backward's gradients with centred finite differences.

``numerical_gradient`` is the one centred-difference routine of the project: the notebooks'
one-dimensional examples, the network check below (``gradient_check``, for the course's parameters dict),
the check of any model made of layers (``layers_gradient_check``) and the tests all use it.
"""

from __future__ import annotations

import copy

import numpy as np

from . import validation as v
from .layers import Sequential
from .model import backward, compute_cost, forward, resolve_activations, trainable_keys


def numerical_gradient(f, theta, epsilon: float = 1e-7) -> np.ndarray:
    """Centred differences (f(theta + eps e_i) - f(theta - eps e_i)) / (2 eps) for every entry i.

    ``f`` maps an array shaped like ``theta`` (any shape, or a float) to a float; theta is not
    modified.  Returns an array of theta's shape (a float for a scalar theta), in float64.
    """
    v.check_positive(epsilon, "epsilon")
    scalar = np.ndim(theta) == 0
    x = np.array(theta, dtype=np.float64, ndmin=1)
    grad = np.empty_like(x)
    flat, out = x.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + epsilon
        plus = f(x[0] if scalar else x)
        flat[i] = old - epsilon
        minus = f(x[0] if scalar else x)
        flat[i] = old
        out[i] = (plus - minus) / (2 * epsilon)
    return float(grad[0]) if scalar else grad


def relative_difference(a, b) -> float:
    """||a - b|| / (||a|| + ||b||), the gradient check's measure (0.0 when both are zero)."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    denom = np.linalg.norm(a) + np.linalg.norm(b)
    return float(np.linalg.norm(a - b) / denom) if denom else 0.0


def parameters_to_vector(parameters: dict) -> np.ndarray:
    """Stack W1, b1, (gamma1, beta1,) W2, b2, ... (each flattened row by row) into one column (n, 1)."""
    v.check_parameters(parameters)
    return np.concatenate([np.ravel(parameters[k]) for k in trainable_keys(parameters)])[:, None]


def gradients_to_vector(grads: dict) -> np.ndarray:
    """Stack dW1, db1, (dgamma1, dbeta1,) dW2, ... in the order of ``parameters_to_vector``; (n, 1)."""
    keys = trainable_keys({k[1:]: g for k, g in grads.items()})
    return np.concatenate([np.ravel(grads["d" + k]) for k in keys])[:, None]


def vector_to_parameters(theta, like: dict) -> dict:
    """Inverse of ``parameters_to_vector``: cut theta (n, 1) into arrays shaped as in ``like``
    (whose batch-norm running averages, if any, are copied as they are)."""
    v.check_parameters(like)
    keys = trainable_keys(like)
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


def _check_inputs(X, Y, parameters, output, lambd, l1, epsilon, keep_prob):
    L = v.check_parameters(parameters)
    X = v.check_matrix(X, "X", rows=parameters["W1"].shape[1])
    Y = v.check_targets(Y, X.shape[1], output, parameters[f"W{L}"].shape[0])
    v.check_settings(lambd=lambd, l1=l1)
    v.check_positive(epsilon, "epsilon")
    v.check_keep_prob(keep_prob, L - 1)
    return X, Y


def gradient_check(X, Y, parameters, grads=None, *, hidden_activation=None, output_activation=None,
                   lambd=0.0, keep_prob=1.0, seed=0, epsilon=1e-7, slope=None, return_vectors=False, l1=0.0):
    """Relative difference ||g - g_approx|| / (||g|| + ||g_approx||) for any network of dlnotes.

    X (n_x, m), Y (1, m) (or whatever targets the output takes); parameters {"W1", "b1", ...} (a
    ``Network`` brings its activations).  ``lambd`` and ``l1`` add the L2 and L1 terms.
    ``grads`` are the gradients to check (default: those of ``backward``); g_approx comes from
    ``numerical_gradient`` of the cost over every parameter.  With keep_prob < 1 every evaluation
    reuses the same dropout masks (drawn again from ``seed``), the only way the check makes sense
    with dropout.  Returns the difference (a float), or (difference, g (n, 1), g_approx (n, 1))
    with return_vectors.
    """
    hidden, output, slope = resolve_activations(parameters, hidden_activation, output_activation, slope)
    X, Y = _check_inputs(X, Y, parameters, output, lambd, l1, epsilon, keep_prob)

    def forward_with_masks(params):
        return forward(X, params, hidden, output, keep_prob, np.random.default_rng(seed), slope)

    def cost(theta):
        params = vector_to_parameters(theta, parameters)
        AL, caches = forward_with_masks(params)
        return compute_cost(AL, Y, params, lambd, caches, l1)

    if grads is None:
        AL, caches = forward_with_masks(parameters)
        grads = backward(AL, Y, caches, lambd, l1=l1)
    g = gradients_to_vector(grads)
    approx = numerical_gradient(cost, parameters_to_vector(parameters), epsilon)
    diff = relative_difference(g, approx)
    return (diff, g, approx) if return_vectors else diff


def layers_gradient_check(model, X, Y, epsilon: float = 1e-7, return_vectors: bool = False):
    """The gradient check of any ``dlnotes.layers.Sequential`` (dense, convolution, max pooling, or a new kind
    of layer): ``model.backward``'s gradients of every layer's ``params`` against ``numerical_gradient`` of
    ``model.cost``.  X and Y as the model takes them (X (n_x, m), or (m, n_H, n_W, n_C) for Course 4 layers).

    Every evaluation runs a copy of the model as it is now: dropout draws the same masks each time, and batch
    norm's running averages (of the model itself) are left alone.  Returns the relative difference (a float),
    or (difference, g (n, 1), g_approx (n, 1)) with return_vectors.
    """
    if not isinstance(model, Sequential):
        raise ValueError(f"model must be a dlnotes.layers.Sequential, got {type(model).__name__}")
    v.check_positive(epsilon, "epsilon")

    def run(theta=None):
        net = copy.deepcopy(model)
        if theta is not None:  # theta's entries back into the copy's parameters, in model.parameters() order
            start = 0
            for layer, key, p in net.parameters():
                layer.params[key] = theta[start:start + p.size].reshape(p.shape)
                start += p.size
        AL, caches = net.forward(X)
        return net, AL, caches

    def cost(theta):
        net, AL, caches = run(theta)
        return net.cost(AL, Y, caches)

    net, AL, caches = run()
    grads = dict(zip(map(id, net.layers), net.backward(AL, Y, caches)))
    g = np.concatenate([np.ravel(grads[id(layer)][key]) for layer, key, _ in net.parameters()])
    theta = np.concatenate([np.ravel(p) for _, _, p in model.parameters()])
    approx = numerical_gradient(cost, theta, epsilon)
    diff = relative_difference(g, approx)
    return (diff, g[:, None], approx[:, None]) if return_vectors else diff
