"""Pieces the weeks' exercises share: random inputs, statistics of random draws, shared mistakes."""

from __future__ import annotations

import copy

import numpy as np

import dlnotes as d
from dlnotes.activations import activation
from dlnotes.layers import Activation, Dense, Dropout, Output, Sequential
from dlnotes.model import Caches

from .checker import Case, Mistake


def random_parameters(rng, dims, scale: float = 1.0) -> dict:
    """{"W1", "b1", ...} with standard normal entries times ``scale`` (biases too), dims [n_x, n1, ...]."""
    params = {}
    for layer in range(1, len(dims)):
        params[f"W{layer}"] = rng.standard_normal((dims[layer], dims[layer - 1])) * scale
        params[f"b{layer}"] = rng.standard_normal((dims[layer], 1)) * scale
    return params


def labels(rng, m: int) -> np.ndarray:
    """Random 0/1 labels (1, m) holding both classes when m > 1."""
    Y = rng.integers(0, 2, (1, m))
    if m > 1:
        Y[0, 0], Y[0, 1] = 0, 1
    return Y


def seed_from(rng) -> int:
    return int(rng.integers(2**31))


MIN_DRAWS = 1000  # the statistics of a weight matrix are checked from this many entries on


def init_summary(params, case=None) -> dict:
    """Statistics of a random initialization: for each W[l] its standard deviation, mean and
    fraction of negative entries, each with the tolerance its sample size allows (six standard
    errors: a correct draw fails about once in 10^8); the largest |b[l]| (exactly 0)."""
    out = {}
    layer = 1
    while f"W{layer}" in params:
        W = np.asarray(params[f"W{layer}"], dtype=float)
        n, s = W.size, float(W.std())
        if n >= MIN_DRAWS:  # fewer draws say nothing reliable about their distribution
            out[f"standard deviation of W{layer}"] = (s, 6 * s / np.sqrt(2 * n) + 1e-12)
            out[f"mean of W{layer}"] = (float(W.mean()), 6 * s / np.sqrt(n) + 1e-12)
            out[f"fraction of negative entries in W{layer}"] = (float((W < 0).mean()), 3 / np.sqrt(n) if s else 0.0)
        out[f"largest |b{layer}|"] = (float(np.abs(np.asarray(params[f"b{layer}"], dtype=float)).max()), 0.0)
        layer += 1
    return out


def gaussian_init(dims, scale_of, rng, draw="randn") -> dict:
    """W[l] = draw((n[l], n[l-1])) * scale_of(n[l], n[l-1]) and b[l] = 0: the initializations and
    their planted mistakes ("rand": uniform on [0, 1), "zeros")."""
    params = {}
    for layer in range(1, len(dims)):
        shape = (dims[layer], dims[layer - 1])
        W = {"randn": rng.standard_normal, "rand": rng.random, "zeros": np.zeros}[draw](shape)
        params[f"W{layer}"] = W * scale_of(*shape)
        params[f"b{layer}"] = np.zeros((dims[layer], 1))
    return params


def cost_cases(rng, public=None) -> list:
    """Cases for compute_cost(AL, Y): the public one, random, one example, outputs near 0 and 1."""
    cases = [Case("public test", public)] if public else []
    m = 7
    AL = d.sigmoid(rng.standard_normal((1, m)) * 2)
    cases += [Case(f"random AL (1, {m})", (AL, labels(rng, m))),
              Case("one example (m = 1)", (np.array([[0.8]]), np.array([[1]]))),
              Case("AL close to 0 and 1", (np.array([[1e-7, 0.9999999, 0.3]]), np.array([[0, 1, 1]])))]
    return cases


def _cross_entropy_terms(AL, Y):
    AL = np.asarray(AL, dtype=float)
    return Y * np.log(AL), (1 - Y) * np.log(1 - AL)


COST_MISTAKES = (
    Mistake("the 1/m missing", "average over the examples: multiply the sum by 1/m",
            lambda AL, Y: d.compute_cost(AL, Y) * Y.shape[1]),
    Mistake("squared error instead of cross-entropy", "the cost is -(1/m) sum(Y log AL + (1 - Y) log(1 - AL))",
            lambda AL, Y: float(np.mean((AL - Y) ** 2))),
    Mistake("the (1 - Y) log(1 - AL) term missing", "the cross-entropy has a term for each label: "
            "Y log AL + (1 - Y) log(1 - AL)",
            lambda AL, Y: float(-np.sum(_cross_entropy_terms(AL, Y)[0]) / Y.shape[1])),
    Mistake("the minus sign missing", "cost = -(1/m) sum(...): the logs are negative",
            lambda AL, Y: -d.compute_cost(AL, Y)),
)


def update_reference(parameters, grads, learning_rate):
    """The course's update_parameters: d.update_parameters on a copy (the learner's may work in place)."""
    return d.update_parameters(copy.deepcopy(parameters), grads, learning_rate)


def _update_variant(parameters, grads, learning_rate, sign=-1.0, update_b=True):
    params = copy.deepcopy(parameters)
    for key in params:
        if key.startswith("W") or update_b:
            params[key] = params[key] + sign * learning_rate * grads["d" + key]
    return params


UPDATE_MISTAKES = (
    Mistake("W += learning_rate * dW (gradient ascent)", "step against the gradient: W = W - learning_rate * dW",
            lambda p, g, lr=1.2: _update_variant(p, g, lr, sign=1.0)),
    Mistake("the biases never updated", "update b too: b = b - learning_rate * db",
            lambda p, g, lr=1.2: _update_variant(p, g, lr, update_b=False)),
)


def update_cases(rng, dims_list, learning_rate) -> list:
    cases = []
    for dims in dims_list:
        params = random_parameters(rng, dims)
        grads = {"d" + k: rng.standard_normal(v.shape) for k, v in params.items()}
        cases.append(Case(f"layers {dims}, learning rate {learning_rate}", (params, grads, learning_rate)))
    return cases


def layer_caches(course_caches, hidden: str, output: str = "sigmoid", masks=None, keep_prob=1.0):
    """The core's ``Caches`` (what ``dlnotes.backward`` takes) for the course's caches: [(A_prev, W, b, Z), ...]
    per dense layer, with the hidden layers' dropout masks (0/1, the core keeps them divided by keep_prob):
    the layers built from each W and b, each given the cache its own forward keeps."""
    layers, caches = [], []
    L = len(course_caches)
    for l, (A_prev, W, b, Z) in enumerate(course_caches, start=1):
        layers.append(Dense(W, b))
        caches.append(A_prev)
        if l == L:
            layers.append(Output(output))
            caches.append(Z)
            break
        layers.append(Activation(hidden))
        caches.append((Z, activation(hidden, Z)))
        if masks is not None:
            layers.append(Dropout(keep_prob))
            caches.append(np.asarray(masks[l - 1], dtype=float) / keep_prob)
    return Caches(Sequential(layers), caches, activation(output, Z))
