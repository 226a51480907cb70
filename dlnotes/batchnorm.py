"""Batch normalization of a layer's Z (Course 2, week 3).

For a mini-batch Z (n, m):  mu = mean(Z, axis=1), var = mean((Z - mu)^2, axis=1),
Z_norm = (Z - mu) / sqrt(var + eps),  Z_tilde = gamma * Z_norm + beta, with gamma and beta (n, 1)
learned.  At test time mu and var are replaced by exponentially weighted averages collected
during training.  The bias b of the layer is redundant (the mean subtraction cancels it).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from . import validation as v

BN_EPSILON = 1e-8


class BatchNormCache(NamedTuple):
    """What the forward step keeps: Z_norm (n, m), gamma (n, 1), 1/sqrt(var + eps) (n, 1)."""

    Z_norm: np.ndarray
    gamma: np.ndarray
    inv_std: np.ndarray


# The three steps, unchecked: the model's forward/backward loop calls them on every layer; the
# batchnorm_* functions below are their checked public faces.
def normalize(Z, gamma, beta, eps=BN_EPSILON):
    """Training-mode batch norm of Z (n, m): (Z_tilde (n, m), cache, mu (n, 1), var (n, 1))."""
    mu = Z.mean(axis=1, keepdims=True)
    Zc = Z - mu
    var = np.mean(Zc * Zc, axis=1, keepdims=True)
    inv_std = 1.0 / np.sqrt(var + eps)
    Z_norm = Zc * inv_std
    return gamma * Z_norm + beta, BatchNormCache(Z_norm, gamma, inv_std), mu, var


def normalize_backward(dZ_tilde, cache):
    """dZ (n, m), dgamma, dbeta (n, 1) from dZ_tilde (n, m): the compact form of the chain rule through mu and var."""
    Z_norm, gamma, inv_std = cache
    m = dZ_tilde.shape[1]
    dgamma = np.sum(dZ_tilde * Z_norm, axis=1, keepdims=True)
    dbeta = np.sum(dZ_tilde, axis=1, keepdims=True)
    dZ_norm = dZ_tilde * gamma
    dZ = inv_std / m * (m * dZ_norm - dZ_norm.sum(axis=1, keepdims=True)
                        - Z_norm * np.sum(dZ_norm * Z_norm, axis=1, keepdims=True))
    return dZ, dgamma, dbeta


def normalize_inference(Z, gamma, beta, mean, var, eps=BN_EPSILON):
    """Test-time batch norm of Z (n, m) with the running mean and var (n, 1)."""
    return gamma * (Z - mean) / np.sqrt(var + eps) + beta


def _check(Z, gamma, beta):
    Z = v.check_matrix(Z, "Z")
    gamma = v.check_matrix(gamma, "gamma", rows=Z.shape[0], cols=1)
    beta = v.check_matrix(beta, "beta", rows=Z.shape[0], cols=1)
    return Z, gamma, beta


def batchnorm_forward(Z, gamma, beta, eps: float = BN_EPSILON):
    """Normalize Z (n, m) over its m examples, then scale and shift: gamma, beta (n, 1).

    Returns (Z_tilde (n, m), cache, mu (n, 1), var (n, 1)); mu and var feed the running averages.
    """
    Z, gamma, beta = _check(Z, gamma, beta)
    v.check_positive(eps, "eps")
    return normalize(Z, gamma, beta, eps)


def batchnorm_backward(dZ_tilde, cache: BatchNormCache):
    """Gradients (dZ (n, m), dgamma (n, 1), dbeta (n, 1)) from dZ_tilde (n, m) and the forward cache."""
    dZ_tilde = v.check_matrix(dZ_tilde, "dZ_tilde", rows=cache.Z_norm.shape[0], cols=cache.Z_norm.shape[1])
    return normalize_backward(dZ_tilde, cache)


def batchnorm_inference(Z, gamma, beta, running_mean, running_var, eps: float = BN_EPSILON):
    """Test-time batch norm with the running averages (n, 1): one example at a time gives the same result."""
    Z, gamma, beta = _check(Z, gamma, beta)
    running_mean = v.check_matrix(running_mean, "running_mean", rows=Z.shape[0], cols=1)
    running_var = v.check_matrix(running_var, "running_var", rows=Z.shape[0], cols=1)
    return normalize_inference(Z, gamma, beta, running_mean, running_var, eps)


def update_running(running, batch, momentum: float = 0.9):
    """Exponentially weighted average: momentum * running + (1 - momentum) * batch (in place; returned)."""
    running *= momentum
    running += (1 - momentum) * batch
    return running
