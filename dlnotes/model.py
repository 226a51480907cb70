"""The L-layer network of Course 1 week 4 and Course 2, vectorized in numpy.

Conventions (the course's): X is (n_x, m), one example per column; W[l] is
(n[l], n[l-1]); b[l] is (n[l], 1); Z[l] = W[l] A[l-1] + b[l]; A[l] = g(Z[l]).
Caches flow forward, grads flow backward.

``forward`` and ``backward`` are the course's faces of the layers in ``dlnotes.layers``: ``forward``
builds the network's layers (``dense_layers``) and runs them; its ``Caches`` hold those layers and their
caches, so ``backward`` needs nothing else (no activation named twice).  ``train`` returns a ``Network``
(the parameters dict plus its activations), so ``predict`` needs no name either.  The fused loops that
compute the same numbers faster live in ``dlnotes.fastpath``.

Public functions validate their arguments once; ``predict_logits`` trusts them, so the training loop
(``dlnotes.training``) pays for no checks.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from . import batchnorm
from . import validation as v
from .activations import ACTIVATIONS, HIDDEN_ACTIVATIONS, LEAKY_SLOPE, OUTPUT_ACTIVATIONS, OUTPUTS
from .fastpath import DenseCache
from .layers import (
    Activation,
    BatchNorm,
    Dense,
    Dropout,
    Output,
    add_l1_gradient,
    add_l2_gradient,
    cost_from_logits,
    dense_layers,
    regularization_cost,
)

INIT_METHODS = ("zeros", "random", "xavier", "he")


# --------------------------------------------------------------------------- initialization
def initialize_parameters(layer_dims, method: str = "he", seed: int = 0, scale: float = 0.01,
                          dtype=np.float64, batch_norm: bool = False) -> dict:
    """Initialize W[l] (n[l], n[l-1]) and b[l] (n[l], 1) for l = 1..L.

    ``method``: "zeros"; "random" (randn * scale, scale 0.01 by default, the
    course's "large" initialization is scale=10); "xavier" (randn * sqrt(1/n[l-1]));
    "he" (randn * sqrt(2/n[l-1])).  Biases start at zero.  Draws come from
    ``numpy.random.default_rng(seed)``, layer by layer.
    Returns {"W1": ..., "b1": ..., ..., "WL": ..., "bL": ...}.  With ``batch_norm`` each hidden
    layer l also gets gamma[l] = 1 and beta[l] = 0 (n[l], 1), learned, and the running averages
    mean[l] = 0 and var[l] = 1 (n[l], 1) that predictions use.
    """
    dims = v.check_layer_dims(layer_dims)
    v.check_choice(method, "method", INIT_METHODS)
    v.check_positive(scale, "scale")
    rng = np.random.default_rng(seed)
    parameters = {}
    for layer in range(1, len(dims)):
        n, n_prev = dims[layer], dims[layer - 1]
        if method == "zeros":
            W = np.zeros((n, n_prev))
        else:
            factor = {"random": scale, "xavier": np.sqrt(1 / n_prev), "he": np.sqrt(2 / n_prev)}[method]
            W = rng.standard_normal((n, n_prev)) * factor
        parameters[f"W{layer}"] = W.astype(dtype, copy=False)
        parameters[f"b{layer}"] = np.zeros((n, 1), dtype=dtype)
        if batch_norm and layer < len(dims) - 1:
            parameters[f"gamma{layer}"] = np.ones((n, 1), dtype=dtype)
            parameters[f"beta{layer}"] = np.zeros((n, 1), dtype=dtype)
            parameters[f"mean{layer}"] = np.zeros((n, 1), dtype=dtype)
            parameters[f"var{layer}"] = np.ones((n, 1), dtype=dtype)
    return parameters


def n_layers(parameters) -> int:
    """L, the number of layers with weights (W1 .. WL) in a parameters dict."""
    return v.count_layers(parameters)


def trainable_keys(parameters) -> list:
    """W1, b1, (gamma1, beta1,) W2, ...: the keys gradient descent updates, in vector order."""
    keys = []
    for i in range(1, n_layers(parameters) + 1):
        keys += [f"W{i}", f"b{i}"] + ([f"gamma{i}", f"beta{i}"] if f"gamma{i}" in parameters else [])
    return keys


def unpack(parameters) -> tuple[list, list]:
    """The lists [W1, ..., WL] and [b1, ..., bL] of a parameters dict (the same arrays, not copies)."""
    L = n_layers(parameters)
    return [parameters[f"W{i}"] for i in range(1, L + 1)], [parameters[f"b{i}"] for i in range(1, L + 1)]


class BatchNormState(NamedTuple):
    """Batch-norm state of the hidden layers: lists of gamma, beta, running mean and var (n[l], 1)."""

    gammas: list
    betas: list
    means: list
    variances: list


def batch_norm_state(parameters) -> BatchNormState | None:
    """The hidden layers' batch-norm state, or None for a network without batch norm."""
    if "gamma1" not in parameters:
        return None
    hidden = range(1, n_layers(parameters))
    return BatchNormState(*([parameters[f"{k}{i}"] for i in hidden] for k in ("gamma", "beta", "mean", "var")))


# --------------------------------------------------------------------------- what a network computes with
class Network(dict):
    """Parameters {"W1": (n[1], n_x), "b1": (n[1], 1), ...}, a plain dict as in the course, that also
    record what the network is: how it computes (``hidden_activation``, ``output_activation``, the leaky
    ``slope``; batch norm by its gamma/beta keys) and how it is regularized while training
    (``keep_prob``, a float or one per hidden layer; ``lambd``, the L2 strength; ``l1``; batch norm's
    ``bn_momentum``).  ``network`` builds one and ``train`` returns one, so ``train``, ``predict``,
    ``predict_proba``, ``forward`` and the plots need nothing repeated, and naming a different
    activation than the one it was built with raises ``ValueError``.
    """

    def __init__(self, parameters=(), hidden_activation: str = "relu", output_activation: str = "sigmoid",
                 slope: float = LEAKY_SLOPE, *, keep_prob=1.0, lambd: float = 0.0, l1: float = 0.0,
                 bn_momentum: float = 0.9):
        super().__init__(parameters)
        self.hidden_activation = v.check_choice(hidden_activation, "hidden_activation", HIDDEN_ACTIVATIONS)
        self.output_activation = v.check_choice(output_activation, "output_activation", OUTPUT_ACTIVATIONS)
        self.slope = float(slope)
        v.check_settings(keep_prob=keep_prob, lambd=lambd, l1=l1, bn_momentum=bn_momentum)
        self.keep_prob = keep_prob if np.ndim(keep_prob) == 0 else tuple(keep_prob)
        self.lambd, self.l1, self.bn_momentum = lambd, l1, bn_momentum

    @property
    def batch_norm(self) -> bool:
        """True when the hidden layers normalize Z (the parameters hold gamma1, beta1, ...)."""
        return "gamma1" in self

    @property
    def record(self) -> dict:
        """What the network was built with, as keyword arguments: ``Network(arrays, **net.record)``."""
        return dict(hidden_activation=self.hidden_activation, output_activation=self.output_activation,
                    slope=self.slope, keep_prob=self.keep_prob, lambd=self.lambd, l1=self.l1,
                    bn_momentum=self.bn_momentum)

    def copy(self) -> Network:
        """A shallow copy that keeps the record (dict.copy would drop it)."""
        return Network(self, **self.record)


def network(layer_dims, hidden_activation: str = "relu", output_activation: str | None = None, *,
            init: str = "he", scale: float = 0.01, seed: int = 0, dtype=np.float64, batch_norm: bool = False,
            keep_prob=1.0, lambd: float = 0.0, l1: float = 0.0, slope: float | None = None,
            bn_momentum: float = 0.9) -> Network:
    """A new L-layer ``Network`` for layer_dims [n_x, n1, ..., n[L]]: its parameters from
    ``initialize_parameters(layer_dims, init, seed, scale, dtype, batch_norm)`` (float32 or float64, the
    dtype ``train`` then computes in) and its record.  ``output_activation`` defaults to sigmoid for one
    output unit and softmax for several; ``keep_prob`` (a float or one per hidden layer) is inverted
    dropout's keep probability, ``lambd`` the L2 strength, ``l1`` the L1 strength (cost l1/(2m) sum |W|),
    ``bn_momentum`` the weight of batch norm's running averages; ``slope`` leaky ReLU's."""
    dims = v.check_layer_dims(layer_dims)
    if output_activation is None:
        output_activation = "softmax" if dims[-1] > 1 else "sigmoid"
    if output_activation == "sigmoid" and dims[-1] != 1:
        raise ValueError(f"layer_dims[-1] must be 1 for a sigmoid output, got {dims[-1]}")
    v.check_settings(scale=scale, lambd=lambd, l1=l1, bn_momentum=bn_momentum)
    v.check_keep_prob(keep_prob, len(dims) - 2)
    parameters = initialize_parameters(dims, init, seed, scale, v.check_dtype(dtype), batch_norm=batch_norm)
    return Network(parameters, hidden_activation, output_activation, LEAKY_SLOPE if slope is None else slope,
                   keep_prob=keep_prob, lambd=lambd, l1=l1, bn_momentum=bn_momentum)


def resolve_activations(parameters, hidden_activation=None, output_activation=None, slope=None):
    """(hidden_activation, output_activation, slope) that ``parameters`` compute with.

    A ``Network`` answers with its record, and an explicit argument that contradicts it raises
    ``ValueError``.  A plain dict takes the explicit arguments, else the course's defaults:
    ReLU hidden layers, a sigmoid output for one output unit and softmax for several.
    """
    if isinstance(parameters, Network):
        recorded = (parameters.hidden_activation, parameters.output_activation, parameters.slope)
        names = ("hidden_activation", "output_activation", "slope")
        for name, given, have in zip(names, (hidden_activation, output_activation, slope), recorded):
            if given is not None and given != have:
                raise ValueError(f"{name}={given!r} contradicts the network, which was built with "
                                 f"{name}={have!r}: leave the argument out")
        return recorded
    hidden = "relu" if hidden_activation is None else hidden_activation
    if output_activation is None:
        L = n_layers(parameters)
        output_activation = "softmax" if L and np.shape(parameters[f"W{L}"])[0] > 1 else "sigmoid"
    v.check_choice(hidden, "hidden_activation", HIDDEN_ACTIVATIONS)
    v.check_choice(output_activation, "output_activation", OUTPUT_ACTIVATIONS)
    return hidden, output_activation, LEAKY_SLOPE if slope is None else float(slope)


# --------------------------------------------------------------------------- forward
class Caches(list):
    """What ``forward`` keeps for ``backward``: the course's list of L caches, one ``DenseCache`` per dense
    layer l (A_prev, W, b, Z, A = g(Z), the dropout mask D or None, the activation's name and slope, and
    with batch norm its cache ``bn``), plus ``model``, the ``Sequential`` that ran, and ``layer_caches``,
    each of its layers' own cache: all ``backward`` reads.  AL (n[L], m) is the output's A."""

    def __init__(self, model, layer_caches, AL):
        self.model, self.layer_caches = model, list(layer_caches)
        records, fields, slope = [], None, LEAKY_SLOPE
        for layer, cache in zip(model.layers, self.layer_caches):
            if isinstance(layer, Dense):
                if fields is not None:
                    records.append(DenseCache(**fields))
                fields = {"A_prev": cache, "W": layer.params["W"], "b": layer.params["b"], "D": None}
            elif isinstance(layer, BatchNorm):
                fields["bn"] = cache
            elif isinstance(layer, Activation):
                slope = layer.slope
                fields.update(Z=cache[0], A=cache[1], activation=layer.name, slope=slope)
            elif isinstance(layer, Dropout):
                fields["D"] = cache
            elif isinstance(layer, Output):
                records.append(DenseCache(**fields, Z=cache, A=AL, activation=layer.name, slope=slope))
        super().__init__(records)


def forward(X, parameters, hidden_activation: str | None = None, output_activation: str | None = None,
            keep_prob=1.0, rng=None, slope: float | None = None):
    """Forward propagation through [LINEAR -> g] * (L-1) -> LINEAR -> output.

    X (n_x, m); parameters {"W1", "b1", ...} (a ``Network`` brings its own activations; for a
    plain dict they default to ReLU and sigmoid, as in the course).  ``keep_prob`` (a float, or
    one per hidden layer) turns on inverted dropout for the hidden layers only; its masks are
    drawn from ``rng`` (a numpy Generator or an int seed).  With batch-norm parameters (gamma1,
    beta1, ...) the hidden layers normalize Z with the batch's mean and variance, as in training
    (the running averages are left as they are).
    Returns AL (n[L], m) and ``Caches``, a list of L ``DenseCache`` that record each layer's activation.
    """
    L = v.check_parameters(parameters)
    X = v.check_matrix(X, "X", rows=parameters["W1"].shape[1])
    hidden, output, slope = resolve_activations(parameters, hidden_activation, output_activation, slope)
    keep_probs = v.check_keep_prob(keep_prob, L - 1)
    if min(keep_probs, default=1.0) < 1.0:
        if rng is None:
            raise ValueError("rng must be a numpy Generator or an int seed when keep_prob < 1, got None")
        rng = np.random.default_rng(rng)
    running = {k: np.copy(p) for k, p in parameters.items() if k.startswith(("mean", "var"))}
    model = dense_layers({**parameters, **running}, hidden, output, slope, keep_probs, rng)
    AL, layer_caches = model.forward(X)
    return AL, Caches(model, layer_caches, AL)


# --------------------------------------------------------------------------- cost
def compute_cost(AL, Y, parameters=None, lambd: float = 0.0, caches=None, l1: float = 0.0) -> float:
    """Cross-entropy cost J = -(1/m) sum[y log a + (1-y) log(1-a)] (+ lambd/(2m) sum ||W[l]||_F^2).

    AL (1, m) probabilities (or (C, m) for softmax with one-hot Y (C, m)); Y (1, m) in {0, 1}.
    Pass the ``caches`` from ``forward`` to compute it from the output Z, which stays finite
    even where AL rounds to exactly 0 or 1; without them AL is clipped to
    [1e-300, 1 - 2**-53] before the log.  With caches of a linear (regression) output the cost
    is the squared error (1/(2m)) sum (a - y)^2 with real targets Y.  ``l1`` adds
    l1/(2m) sum |W[l]|.  ``parameters`` are needed when lambd or l1 > 0.  Returns a Python float.
    """
    AL = np.asarray(AL)
    if AL.ndim != 2:
        raise ValueError(f"AL must be a 2-D array (1, m), got shape {AL.shape}")
    output = caches[-1].activation if caches else ("sigmoid" if AL.shape[0] == 1 else "softmax")
    Y = v.check_targets(Y, AL.shape[1], output, AL.shape[0])
    v.check_settings(lambd=lambd, l1=l1)
    m = Y.shape[1]
    if caches is not None:
        cost = cost_from_logits(caches[-1].Z, Y, output)
    else:
        if np.isnan(AL).any() or (AL < 0).any() or (AL > 1).any():
            raise ValueError("AL must hold probabilities in [0, 1], got values outside it or NaN")
        P = np.clip(AL, 1e-300, 1 - 2.0**-53)
        if output == "sigmoid":
            cost = float(-(Y * np.log(P) + (1 - Y) * np.log1p(-P)).sum() / m)
        else:
            cost = float(-(Y * np.log(P)).sum() / m)
    if lambd or l1:
        if parameters is None:
            raise ValueError("parameters must be given when lambd or l1 > 0, got None")
        Ws = unpack(parameters)[0]
        cost += regularization_cost(Ws, m, lambd, l1)
    return cost


# --------------------------------------------------------------------------- backward
def _check_recorded(caches, hidden_activation, slope):
    """An explicit hidden_activation or slope must agree with what forward recorded in the caches."""
    for name, given, recorded in (("hidden_activation", hidden_activation, {c.activation for c in caches[:-1]}),
                                  ("slope", slope, {c.slope for c in caches[:-1]})):
        if given is not None and recorded and recorded != {given}:
            raise ValueError(f"{name}={given!r} contradicts the caches, whose forward pass used "
                             f"{name}={sorted(recorded)[0]!r}: leave the argument out")


def backward(AL, Y, caches, lambd: float = 0.0, hidden_activation: str | None = None,
             slope: float | None = None, l1: float = 0.0) -> dict:
    """Backward propagation for the network that ``forward`` ran.

    AL (n[L], m) and caches from ``forward`` (which record each layer's activation, so none needs
    naming; an explicit ``hidden_activation`` or ``slope`` that contradicts them raises
    ``ValueError``); Y (1, m) labels (or one-hot (C, m), or real targets for a linear output).
    lambd adds the L2 term (lambd/m) W[l] to each dW[l], l1 the L1 subgradient (l1/(2m)) sign(W[l]);
    dropout masks come from the caches.
    Returns {"dW1": (n[1], n_x), "db1": (n[1], 1), ...}, with "dgamma1", "dbeta1", ... when the
    forward pass used batch norm; no dA0 (nobody uses it).
    """
    AL = np.asarray(AL)
    if not isinstance(caches, Caches) or not caches:
        raise ValueError("caches must be the non-empty Caches returned by forward, "
                         f"got {type(caches).__name__} of length {len(caches) if caches else 0}")
    if AL.ndim != 2:
        raise ValueError(f"AL must be a 2-D array (n[L], m), got shape {AL.shape}")
    Y = v.check_targets(Y, AL.shape[1], caches[-1].activation, AL.shape[0])
    v.check_settings(lambd=lambd, l1=l1)
    if hidden_activation is not None:
        v.check_choice(hidden_activation, "hidden_activation", HIDDEN_ACTIVATIONS)
    _check_recorded(caches, hidden_activation, slope)
    model, m = caches.model, Y.shape[1]
    layer_grads = model.backward(AL, Y.astype(AL.dtype, copy=False), caches.layer_caches)
    if lambd:
        add_l2_gradient(model, layer_grads, lambd, m)
    if l1:
        add_l1_gradient(model, layer_grads, l1, m)
    grads, l = {}, 0
    for layer, g in zip(model.layers, layer_grads):  # the course's names: dW1, db1, (dgamma1, dbeta1,) dW2, ...
        l += isinstance(layer, Dense)
        grads.update({f"d{key}{l}": grad for key, grad in g.items()})
    return grads


# --------------------------------------------------------------------------- update
def update_parameters(parameters: dict, grads: dict, learning_rate: float) -> dict:
    """Gradient-descent step W[l] -= learning_rate * dW[l], b[l] -= learning_rate * db[l]
    (and gamma[l], beta[l] with batch norm).

    Updates ``parameters`` in place and returns it.
    """
    v.check_positive(learning_rate, "learning_rate")
    v.check_parameters(parameters)
    keys = trainable_keys(parameters)
    for key in keys:
        g = grads.get("d" + key)
        if g is None or np.shape(g) != parameters[key].shape:
            raise ValueError(f"grads['d{key}'] must have shape {parameters[key].shape}, "
                             f"got {None if g is None else np.shape(g)}")
    for key in keys:
        parameters[key] -= learning_rate * grads["d" + key]
    return parameters


# --------------------------------------------------------------------------- predict
def _predict_pass(X, Ws, bs, hidden, slope, bn, keep_hidden):
    """Forward pass without caches or dropout, batch norm with its running averages (test time).
    Returns (Z[L], [A[1], ..., A[L-1]] if keep_hidden else None)."""
    g = ACTIVATIONS[hidden][0]
    A, kept = X, ([] if keep_hidden else None)
    for layer, (W, b) in enumerate(zip(Ws[:-1], bs[:-1])):
        A = W @ A
        A += b
        if bn is not None:
            A = batchnorm.normalize_inference(A, bn.gammas[layer], bn.betas[layer], bn.means[layer],
                                              bn.variances[layer])
        A = g(A, slope)
        if keep_hidden:
            kept.append(A)
    Z = Ws[-1] @ A
    Z += bs[-1]
    return Z, kept


def predict_logits(X, Ws, bs, hidden, slope=LEAKY_SLOPE, bn=None):
    """Unchecked output-layer Z (n[L], m) for X (n_x, m); batch norm (if any) uses the running
    averages, as at test time."""
    return _predict_pass(X, Ws, bs, hidden, slope, bn, False)[0]


def _checked(X, parameters, hidden_activation, output_activation, slope):
    v.check_parameters(parameters)
    X = v.check_matrix(X, "X", rows=parameters["W1"].shape[1])
    return X, resolve_activations(parameters, hidden_activation, output_activation, slope)


def predict_proba(X, parameters, hidden_activation: str | None = None, output_activation: str | None = None,
                  slope: float | None = None) -> np.ndarray:
    """Output probabilities AL (n[L], m) for X (n_x, m), without dropout (a ``Network`` brings its
    own activations; an explicit one that contradicts it raises ``ValueError``).  For a linear
    (regression) output, the predicted values."""
    X, (hidden, output, slope) = _checked(X, parameters, hidden_activation, output_activation, slope)
    return _output(X, parameters, hidden, output, slope)


def _output(X, parameters, hidden, output, slope):
    Ws, bs = unpack(parameters)
    return OUTPUTS[output](predict_logits(X, Ws, bs, hidden, slope, batch_norm_state(parameters)))


def hidden_activations(X, parameters, hidden_activation: str | None = None, slope: float | None = None) -> list:
    """What every hidden unit computes at test time: [A[1] (n[1], m), ..., A[L-1] (n[L-1], m)] for X
    (n_x, m), batch norm with its running averages (what the unit maps of the lessons and the
    explorer draw)."""
    X, (hidden, _, slope) = _checked(X, parameters, hidden_activation, None, slope)
    Ws, bs = unpack(parameters)
    return _predict_pass(X, Ws, bs, hidden, slope, batch_norm_state(parameters), True)[1]


def predict(X, parameters, hidden_activation: str | None = None, output_activation: str | None = None,
            threshold: float = 0.5, slope: float | None = None) -> np.ndarray:
    """Predicted labels (1, m) for X (n_x, m): 1 where AL > threshold (class index for softmax);
    for a linear (regression) output, the predicted values (n[L], m)."""
    X, (hidden, output, slope) = _checked(X, parameters, hidden_activation, output_activation, slope)
    AL = _output(X, parameters, hidden, output, slope)
    if output == "linear":
        return AL
    if AL.shape[0] > 1:
        return AL.argmax(axis=0)[None, :]
    return (AL > threshold).astype(np.int64)


def accuracy(Y_hat, Y) -> float:
    """Fraction of columns where the predictions Y_hat (1, m) equal the labels Y (1, m)."""
    Y_hat, Y = np.asarray(Y_hat), np.asarray(Y)
    if Y_hat.shape != Y.shape or Y.ndim != 2 or Y.shape[0] != 1:
        raise ValueError(f"Y_hat and Y must both have shape (1, m), got {Y_hat.shape} and {Y.shape}")
    if Y.size == 0:
        raise ValueError("Y must hold at least one example, got shape (1, 0)")
    return float((Y_hat == Y).mean())
