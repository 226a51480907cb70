"""Layers: the unit a network is made of, each owning its parameters, its forward and its backward.

Every layer has ``params`` (a dict name -> array, empty for a layer without weights) and two steps:

- ``forward(A_prev, training)`` returns the layer's output and the cache its backward needs;
- ``backward(dA, cache)`` returns the gradient for its input and a dict of gradients for its params.

``Sequential`` runs layers in turn, forward then backward.  The gradients are those of the cost J,
whose output layer starts the backward pass with dZ[L] = (A[L] - Y) / m: the 1/m of the cost enters
there, once, so the dense layer's dW = dZ A_prev^T is the lecture's (1/m) dZ A_prev^T.

Shapes follow the course: dense layers take A_prev (n[l-1], m), one example per column; the Course 4
layers (``Conv2D``, ``MaxPool2D``, ``Flatten``) take (m, n_H, n_W, n_C).  A new kind of layer is a
class with ``params``, ``forward`` and ``backward``: ``dlnotes.train`` trains it with the
same optimizers, and ``numerical_gradient`` checks it.
"""

from __future__ import annotations

import numpy as np
from scipy.special import log_softmax

from . import batchnorm, conv
from .activations import ACTIVATIONS, LEAKY_SLOPE, OUTPUTS
from .validation import check_setting, count_layers


class Layer:
    """A layer without parameters that passes its input on unchanged (the base of the others)."""

    params: dict = {}

    def forward(self, A_prev, training=True):
        """Output and cache for the input A_prev."""
        return A_prev, None

    def backward(self, dA, cache):
        """Gradient for the input, and the gradients of ``params`` (a dict with the same keys)."""
        return dA, {}


class Dense(Layer):
    """Z = W A_prev + b, with W (n[l], n[l-1]) and b (n[l], 1); A_prev (n[l-1], m), Z (n[l], m)."""

    def __init__(self, W, b):
        self.params = {"W": W, "b": b}

    def forward(self, A_prev, training=True):
        W, b = self.params["W"], self.params["b"]
        Z = W @ A_prev + b
        return Z, A_prev

    def backward(self, dZ, A_prev):
        W = self.params["W"]
        dW = dZ @ A_prev.T
        db = np.sum(dZ, axis=1, keepdims=True)
        dA_prev = W.T @ dZ
        return dA_prev, {"W": dW, "b": db}


class Activation(Layer):
    """A = g(Z), elementwise, for g in ``ACTIVATIONS`` (sigmoid, tanh, relu, leaky_relu, linear)."""

    def __init__(self, name: str, slope: float = LEAKY_SLOPE):
        self.name, self.slope = name, slope
        self.g, self.g_prime = ACTIVATIONS[name]

    def __reduce__(self):  # copied and pickled by its name: g and g' come from the table again
        return type(self), (self.name, self.slope)

    def forward(self, Z, training=True):
        A = self.g(Z, self.slope)
        return A, (Z, A)

    def backward(self, dA, cache):
        Z, A = cache
        dZ = dA * self.g_prime(A, Z, self.slope)
        return dZ, {}


class Dropout(Layer):
    """Inverted dropout: keep each unit with probability keep_prob and divide by keep_prob, so the
    expected A is unchanged; only while training.  Masks are drawn from ``rng`` (a numpy Generator)."""

    def __init__(self, keep_prob: float, rng=None):
        self.keep_prob, self.rng = keep_prob, rng

    def forward(self, A, training=True):
        if not training:
            return A, None
        D = (self.rng.random(A.shape, dtype=A.dtype) < self.keep_prob) * A.dtype.type(1.0 / self.keep_prob)
        return A * D, D

    def backward(self, dA, D):
        return dA * D, {}


class BatchNorm(Layer):
    """Z~ = gamma Z_norm + beta with Z_norm = (Z - mu) / sqrt(var + eps) over the batch; gamma, beta
    (n, 1) learned.  At test time the running averages ``mean``, ``var`` (n, 1) replace mu, var."""

    def __init__(self, gamma, beta, mean, var, momentum: float = 0.9):
        self.params = {"gamma": gamma, "beta": beta}
        self.mean, self.var, self.momentum = mean, var, momentum

    def forward(self, Z, training=True):
        gamma, beta = self.params["gamma"], self.params["beta"]
        if not training:
            return batchnorm.normalize_inference(Z, gamma, beta, self.mean, self.var), None
        Z_tilde, cache, mu, var = batchnorm.normalize(Z, gamma, beta)
        batchnorm.update_running(self.mean, mu, self.momentum)
        batchnorm.update_running(self.var, var, self.momentum)
        return Z_tilde, cache

    def backward(self, dZ_tilde, cache):
        dZ, dgamma, dbeta = batchnorm.normalize_backward(dZ_tilde, cache)
        return dZ, {"gamma": dgamma, "beta": dbeta}


def cost_from_logits(ZL, Y, output) -> float:
    """The cost of the output layer's Z (n[L], m), finite for any finite Z; unchecked.

    "sigmoid" and "softmax": mean cross-entropy with labels Y (one-hot for softmax), computed from
    Z; "linear" (regression): squared error (1/(2m)) sum (Z - Y)^2 with real targets Y (n[L], m).
    """
    m = Y.shape[1]
    if output == "sigmoid":
        # -[y log s(z) + (1-y) log(1 - s(z))] = log(1 + e^z) - y z
        return float((np.logaddexp(0, ZL) - Y * ZL).sum() / m)
    if output == "linear":
        E = ZL - Y
        return float(np.vdot(E, E) / (2 * m))
    return float(-(Y * log_softmax(ZL, axis=0)).sum() / m)


def regularization_cost(Ws, m, lambd=0.0, l1=0.0) -> float:
    """The penalty added to the cost for the list Ws: lambd/(2m) sum_l ||W[l]||_F^2 (L2) plus
    l1/(2m) sum_l sum |W[l]| (L1, as the lecture writes it); 0.0 when both are 0."""
    total = 0.0
    if lambd:
        total += float(lambd / (2 * m) * sum(np.vdot(W, W) for W in Ws))
    if l1:
        total += float(l1 / (2 * m) * sum(np.abs(W).sum() for W in Ws))
    return total


class Output(Layer):
    """The output layer A[L] = g(Z[L]) with its cost: sigmoid with cross-entropy (labels (1, m)),
    softmax with cross-entropy (one-hot (C, m)), linear with the squared error (real targets)."""

    def __init__(self, name: str = "sigmoid"):
        self.name, self.g = name, OUTPUTS[name]

    def forward(self, Z, training=True):
        A = self.g(Z)
        return A, Z

    def cost(self, Z, Y) -> float:
        """The cost J of this output's Z (n[L], m) for the targets Y (n[L], m), from the logits."""
        return cost_from_logits(Z, Y, self.name)

    def backward(self, A, Y):
        """dZ[L] = dJ/dZ[L] = (A - Y) / m: the same for each of the three pairs of g and cost."""
        m = Y.shape[1]
        dZ = (A - Y) * (1 / m)
        return dZ, {}


class Sequential:
    """Layers run in turn; the last one is an ``Output``.  ``forward(X)`` returns (A[L], caches);
    ``backward(AL, Y, caches)`` returns one gradient dict per layer (the same keys as its params).
    ``lambd``: the L2 strength on every layer's W, which ``penalty`` and ``dlnotes.train`` use."""

    def __init__(self, layers, lambd: float = 0.0):
        self.layers = list(layers)
        if not self.layers or not isinstance(self.layers[-1], Output):
            raise ValueError(f"layers must end with an Output layer, got {self.layers[-1:]!r}")
        self.lambd = check_setting("lambd", lambd)

    def forward(self, X, training=True):
        A, caches = X, []
        for layer in self.layers:
            A, cache = layer.forward(A, training)
            caches.append(cache)
        return A, caches

    def cost(self, AL, Y, caches) -> float:
        """The output layer's cost from its Z (kept in its cache)."""
        return self.layers[-1].cost(caches[-1], Y)

    def backward(self, AL, Y, caches):
        dA, _ = self.layers[-1].backward(AL, Y)
        grads = [{}] * len(self.layers)
        for i in range(len(self.layers) - 2, -1, -1):
            dA, grads[i] = self.layers[i].backward(dA, caches[i])
        return grads

    def penalty(self, m: int) -> float:
        """The L2 term of the cost over m examples, (lambd / 2m) times the sum of every W squared."""
        return regularization_cost([layer.params["W"] for layer in self.layers if "W" in layer.params], m, self.lambd)

    def predict_proba(self, X):
        """A[L] at test time (no dropout; batch norm with its running averages)."""
        return self.forward(X, training=False)[0]

    def parameters(self):
        """(layer, name, array) for every parameter, in order."""
        return [(layer, k, p) for layer in self.layers for k, p in layer.params.items()]


def add_l2_gradient(model, grads, lambd: float, m: int):
    """L2 regularization's part of the gradient, dW += (lambd / m) W, for every layer with weights W
    (nothing for b); ``grads`` as ``Sequential.backward`` returns them, updated in place."""
    for layer, g in zip(model.layers, grads):
        if "W" in g:
            g["W"] += (lambd / m) * layer.params["W"]


def add_l1_gradient(model, grads, l1: float, m: int):
    """L1 regularization's part of the gradient, dW += (l1 / (2m)) sign(W) (the subgradient of |w|, 0 at
    w = 0), for every layer with weights W; ``grads`` as ``Sequential.backward`` returns them, in place."""
    for layer, g in zip(model.layers, grads):
        if "W" in g:
            g["W"] += (l1 / (2 * m)) * np.sign(layer.params["W"])


def dense_layers(parameters, hidden: str = "relu", output: str = "sigmoid", slope: float = LEAKY_SLOPE,
                 keep_prob=1.0, rng=None, bn_momentum: float = 0.9) -> Sequential:
    """The course's L-layer network as layers: [Dense -> (BatchNorm) -> Activation -> (Dropout)] * (L-1)
    -> Dense -> Output.  ``parameters`` {"W1": (n[1], n_x), "b1": (n[1], 1), ...} (with gamma, beta,
    mean, var for batch norm): the layers hold these same arrays, not copies.  ``keep_prob``: a float
    or one per hidden layer; dropout masks come from ``rng`` (a numpy Generator)."""
    L = count_layers(parameters)
    keep = [keep_prob] * (L - 1) if np.ndim(keep_prob) == 0 else list(keep_prob)
    layers = []
    for i in range(1, L + 1):
        layers.append(Dense(parameters[f"W{i}"], parameters[f"b{i}"]))
        if i == L:
            break
        if f"gamma{i}" in parameters:
            layers.append(BatchNorm(*(parameters[f"{k}{i}"] for k in ("gamma", "beta", "mean", "var")),
                                    momentum=bn_momentum))
        layers.append(Activation(hidden, slope))
        if keep[i - 1] < 1.0:
            layers.append(Dropout(keep[i - 1], rng))
    return Sequential([*layers, Output(output)])


# --------------------------------------------------------------------------- Course 4's layers
class Conv2D(Layer):
    """Z = conv(A_prev, W) + b: A_prev (m, n_H_prev, n_W_prev, n_C_prev), W (f, f, n_C_prev, n_C),
    b (1, 1, 1, n_C), Z (m, n_H, n_W, n_C); ``stride`` and ``pad`` as in the course."""

    def __init__(self, W, b, stride: int = 1, pad: int = 0):
        self.params = {"W": W, "b": b}
        self.hparameters = {"stride": stride, "pad": pad}

    def forward(self, A_prev, training=True):
        return conv.conv_forward(A_prev, self.params["W"], self.params["b"], self.hparameters)

    def backward(self, dZ, cache):
        dA_prev, dW, db = conv.conv_backward(dZ, cache)
        return dA_prev, {"W": dW, "b": db}


class MaxPool2D(Layer):
    """The largest value of every f x f window of every channel at the stride (no parameters)."""

    def __init__(self, f: int = 2, stride: int = 2):
        self.hparameters = {"f": f, "stride": stride}

    def forward(self, A_prev, training=True):
        return conv.pool_forward(A_prev, self.hparameters, "max")

    def backward(self, dA, cache):
        return conv.pool_backward(dA, cache, "max"), {}


class Flatten(Layer):
    """(m, n_H, n_W, n_C) -> (n_H * n_W * n_C, m): one example per column again, for the dense layers."""

    def forward(self, A_prev, training=True):
        return A_prev.reshape(A_prev.shape[0], -1).T, A_prev.shape

    def backward(self, dA, shape):
        return dA.T.reshape(shape), {}
