"""Activation functions and their backward passes.

Each ``*_backward(dA, Z)`` returns ``dZ = dA * g'(Z)``, the course's
``relu_backward(dA, cache)`` with the cache being ``Z``.  All arrays have the
shape (n[l], m).  Sigmoid and softmax come from ``scipy.special``, whose
implementations are numerically stable (no overflow for any finite z).
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit
from scipy.special import log_softmax as _log_softmax
from scipy.special import softmax as _softmax

from .validation import check_choice

LEAKY_SLOPE = 0.01


def sigmoid(Z):
    """Logistic sigmoid 1 / (1 + exp(-Z)), stable for any finite Z; same shape as Z."""
    return expit(Z)


def tanh(Z):
    """Hyperbolic tangent; same shape as Z."""
    return np.tanh(Z)


def relu(Z):
    """max(0, Z); same shape as Z."""
    return np.maximum(Z, 0)


def leaky_relu(Z, slope: float = LEAKY_SLOPE):
    """max(slope * Z, Z) for 0 < slope < 1; same shape as Z."""
    return np.where(Z > 0, Z, slope * Z)


def softmax(Z):
    """Column-wise softmax of Z (n_classes, m); each column sums to 1 (stable: no overflow for any finite Z)."""
    return _softmax(Z, axis=0)


def log_softmax(Z):
    """Column-wise log softmax of Z (n_classes, m), computed without forming softmax (finite for finite Z)."""
    return _log_softmax(Z, axis=0)


# Derivatives g'(Z), written with the already computed A = g(Z) where that is cheaper.
def _d_sigmoid(A, Z, slope):
    return A * (1 - A)


def _d_tanh(A, Z, slope):
    return 1 - A * A


def _d_relu(A, Z, slope):
    return Z > 0


def _d_leaky_relu(A, Z, slope):
    one = Z.dtype.type(1) if Z.dtype.kind == "f" else 1.0  # float32 stays float32
    return np.where(Z > 0, one, one * slope)


def _d_linear(A, Z, slope):
    return np.ones_like(Z)


def linear(Z):
    """Z itself: a network of linear layers is one linear map."""
    return Z


# name -> (g(Z, slope), g'(A, Z, slope)); the one table the layers, forward, backward, logistic
# regression, the lessons and the explorer all use (each g is the function above, written once).
ACTIVATIONS = {
    "sigmoid": (lambda Z, s: sigmoid(Z), _d_sigmoid),
    "tanh": (lambda Z, s: tanh(Z), _d_tanh),
    "relu": (lambda Z, s: relu(Z), _d_relu),
    "leaky_relu": (leaky_relu, _d_leaky_relu),
    "linear": (lambda Z, s: linear(Z), _d_linear),
}
HIDDEN_ACTIVATIONS = tuple(ACTIVATIONS)
# The output layer's A[L] = g(Z[L]): sigmoid with cross-entropy (two classes), softmax with
# cross-entropy (C classes), linear with squared error (regression); each pair gives dZ[L] = (A[L] - Y) / m
OUTPUTS = {"sigmoid": sigmoid, "softmax": softmax, "linear": linear}
OUTPUT_ACTIVATIONS = tuple(OUTPUTS)


def derivative(name: str, Z, slope: float = LEAKY_SLOPE):
    """g'(Z) of the hidden activation called ``name``, as float64 (or Z's float dtype); same shape as Z."""
    check_choice(name, "activation", HIDDEN_ACTIVATIONS)
    Z = np.asarray(Z)
    g, dg = ACTIVATIONS[name]
    dtype = Z.dtype if Z.dtype.kind == "f" else np.float64
    return np.asarray(dg(g(Z, slope), Z, slope), dtype=dtype)


def _backward(name, dA, Z, slope=LEAKY_SLOPE):
    g, dg = ACTIVATIONS[name]
    A = g(Z, slope) if name in ("sigmoid", "tanh") else None
    return dA * dg(A, Z, slope)


def sigmoid_backward(dA, Z):
    """dZ = dA * s(Z)(1 - s(Z)); dA and Z of shape (n, m)."""
    return _backward("sigmoid", dA, Z)


def tanh_backward(dA, Z):
    """dZ = dA * (1 - tanh(Z)^2); dA and Z of shape (n, m)."""
    return _backward("tanh", dA, Z)


def relu_backward(dA, Z):
    """dZ = dA where Z > 0, else 0; dA and Z of shape (n, m)."""
    return _backward("relu", dA, Z)


def leaky_relu_backward(dA, Z, slope: float = LEAKY_SLOPE):
    """dZ = dA where Z > 0, else slope * dA; dA and Z of shape (n, m)."""
    return _backward("leaky_relu", dA, Z, slope)


def activation(name: str, Z, slope: float = LEAKY_SLOPE):
    """Apply the activation called ``name`` (sigmoid, tanh, relu, leaky_relu, linear, softmax) to Z."""
    check_choice(name, "activation", HIDDEN_ACTIVATIONS + ("softmax",))
    if name == "softmax":
        return softmax(Z)
    return ACTIVATIONS[name][0](np.asarray(Z), slope)
