"""The L-layer network of Course 1 week 4 and Course 2, vectorized in numpy.

Conventions (the course's): X is (n_x, m), one example per column; W[l] is
(n[l], n[l-1]); b[l] is (n[l], 1); Z[l] = W[l] A[l-1] + b[l]; A[l] = g(Z[l]).
Caches flow forward, grads flow backward.

Public functions validate their arguments once; the private ``_forward`` and
``_backward`` trust them, so the training loop pays for no checks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
from scipy.special import expit, log_softmax, softmax

from . import _validation as v
from . import batchnorm as _bn
from .activations import _ACTIVATIONS, HIDDEN_ACTIVATIONS, LEAKY_SLOPE, OUTPUT_ACTIVATIONS

INIT_METHODS = ("zeros", "random", "xavier", "he")
OPTIMIZERS = ("gd", "momentum", "rmsprop", "adam")


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


TRAINABLE = ("W", "b", "gamma", "beta")  # mean and var are running averages, not learned by gradients


def _n_layers(parameters) -> int:
    L = 0
    while f"W{L + 1}" in parameters:
        L += 1
    return L


def _trainable_keys(parameters) -> list:
    """W1, b1, (gamma1, beta1,) W2, ...: the keys gradient descent updates, in vector order."""
    keys = []
    for i in range(1, _n_layers(parameters) + 1):
        keys += [f"W{i}", f"b{i}"] + ([f"gamma{i}", f"beta{i}"] if f"gamma{i}" in parameters else [])
    return keys


def _unpack(parameters) -> tuple[list, list]:
    L = _n_layers(parameters)
    return [parameters[f"W{i}"] for i in range(1, L + 1)], [parameters[f"b{i}"] for i in range(1, L + 1)]


class _BatchNorm(NamedTuple):
    """Batch-norm state of the hidden layers: lists of gamma, beta, running mean and var (n[l], 1)."""

    gammas: list
    betas: list
    means: list
    variances: list


def _unpack_bn(parameters):
    """The hidden layers' batch-norm state, or None for a network without batch norm."""
    if "gamma1" not in parameters:
        return None
    hidden = range(1, _n_layers(parameters))
    return _BatchNorm(*([parameters[f"{k}{i}"] for i in hidden] for k in ("gamma", "beta", "mean", "var")))


# --------------------------------------------------------------------------- forward
class LayerCache(NamedTuple):
    """What layer l's forward step keeps for its backward step.

    A_prev (n[l-1], m), W (n[l], n[l-1]), b (n[l], 1), Z and A = g(Z) (n[l], m),
    D: the inverted-dropout mask already divided by keep_prob (n[l], m), or None.
    With batch norm, Z is the normalized, scaled and shifted Z~ that g received, ``bn`` the
    batch-norm cache and ``stats`` the batch's (mean, var) for the running averages.
    """

    A_prev: np.ndarray
    W: np.ndarray
    b: np.ndarray
    Z: np.ndarray
    A: np.ndarray
    D: np.ndarray | None
    bn: _bn.BatchNormCache | None = None
    stats: tuple | None = None


def _forward(X, Ws, bs, hidden, output, keep_probs, rng, slope=LEAKY_SLOPE, XT=None, bn=None):
    """Unchecked forward pass.  ``XT``, when given, is X.T laid out row-major: the first layer
    then computes Z1 = (X^T W1^T)^T, the product OpenBLAS runs fastest and splits best across
    threads for a wide X (12288 x 209: 1.3-1.7x faster at 2 threads, see bench/README.md).
    ``bn``: the hidden layers' ``_BatchNorm`` state; Z[l] is then normalized with the batch's
    statistics (training mode; ``_predict`` uses the running averages)."""
    g = _ACTIVATIONS[hidden][0]
    caches = []
    append = caches.append
    A = X
    last = len(Ws) - 1
    for layer in range(last + 1):
        W, b = Ws[layer], bs[layer]
        Z = (XT @ W.T).T if layer == 0 and XT is not None else W @ A
        Z += b
        if layer < last:
            bn_cache = stats = None
            if bn is not None:
                Z, bn_cache, mu, var = _bn._forward(Z, bn.gammas[layer], bn.betas[layer])
                stats = (mu, var)
            A_new = g(Z, slope)
            kp = keep_probs[layer]
            if kp < 1.0:
                # inverted dropout: keep where a uniform draw is below keep_prob, rescale by 1/keep_prob
                D = (rng.random(Z.shape, dtype=Z.dtype) < kp) * Z.dtype.type(1.0 / kp)
                append(LayerCache(A, W, b, Z, A_new, D, bn_cache, stats))
                A = A_new * D
            else:
                append(LayerCache(A, W, b, Z, A_new, None, bn_cache, stats))
                A = A_new
        else:
            A_new = expit(Z) if output == "sigmoid" else softmax(Z, axis=0)
            append(LayerCache(A, W, b, Z, A_new, None))
            A = A_new
    return A, caches


def forward(X, parameters, hidden_activation: str = "relu", output_activation: str = "sigmoid",
            keep_prob=1.0, rng=None, slope: float = LEAKY_SLOPE):
    """Forward propagation through [LINEAR -> g] * (L-1) -> LINEAR -> output.

    X (n_x, m); parameters {"W1", "b1", ...}.  ``keep_prob`` (a float, or one
    per hidden layer) turns on inverted dropout for the hidden layers only;
    its masks are drawn from ``rng`` (a numpy Generator or an int seed).
    With batch-norm parameters (gamma1, beta1, ...) the hidden layers normalize Z with the
    batch's mean and variance, as in training.
    Returns AL (n[L], m) and caches, a list of L ``LayerCache``.
    """
    L = v.check_parameters(parameters)
    X = v.check_matrix(X, "X", rows=parameters["W1"].shape[1])
    v.check_choice(hidden_activation, "hidden_activation", HIDDEN_ACTIVATIONS)
    v.check_choice(output_activation, "output_activation", OUTPUT_ACTIVATIONS)
    keep_probs = v.check_keep_prob(keep_prob, L - 1)
    if min(keep_probs, default=1.0) < 1.0:
        if rng is None:
            raise ValueError("rng must be a numpy Generator or an int seed when keep_prob < 1, got None")
        rng = np.random.default_rng(rng)
    Ws, bs = _unpack(parameters)
    return _forward(X, Ws, bs, hidden_activation, output_activation, keep_probs, rng, slope,
                    bn=_unpack_bn(parameters))


# --------------------------------------------------------------------------- cost
def _cross_entropy_from_logits(ZL, Y, output):
    """Mean cross-entropy computed from the output layer's Z: finite for any finite Z."""
    m = Y.shape[1]
    if output == "sigmoid":
        # -[y log s(z) + (1-y) log(1 - s(z))] = log(1 + e^z) - y z
        return float((np.logaddexp(0, ZL) - Y * ZL).sum() / m)
    return float(-(Y * log_softmax(ZL, axis=0)).sum() / m)


def _l2_term(Ws, lambd, m):
    if not lambd:
        return 0.0
    return float(lambd / (2 * m) * sum(np.vdot(W, W) for W in Ws))


def compute_cost(AL, Y, parameters=None, lambd: float = 0.0, caches=None) -> float:
    """Cross-entropy cost J = -(1/m) sum[y log a + (1-y) log(1-a)] (+ lambd/(2m) sum ||W[l]||_F^2).

    AL (1, m) probabilities (or (C, m) for softmax with one-hot Y (C, m)); Y (1, m) in {0, 1}.
    Pass the ``caches`` from ``forward`` to compute it from the output Z, which stays finite
    even where AL rounds to exactly 0 or 1; without them AL is clipped to
    [1e-300, 1 - 2**-53] before the log.  ``parameters`` are needed when lambd > 0.
    Returns a Python float.
    """
    AL = np.asarray(AL)
    if AL.ndim != 2:
        raise ValueError(f"AL must be a 2-D array (1, m), got shape {AL.shape}")
    Y = v.check_labels(Y, AL.shape[1], classes=max(2, AL.shape[0]))
    if Y.shape != AL.shape:
        raise ValueError(f"Y must have the shape of AL {AL.shape}, got {Y.shape}")
    v.check_positive(lambd, "lambd", allow_zero=True)
    m = Y.shape[1]
    output = "sigmoid" if AL.shape[0] == 1 else "softmax"
    if caches is not None:
        cost = _cross_entropy_from_logits(caches[-1].Z, Y, output)
    else:
        if np.isnan(AL).any() or (AL < 0).any() or (AL > 1).any():
            raise ValueError("AL must hold probabilities in [0, 1], got values outside it or NaN")
        P = np.clip(AL, 1e-300, 1 - 2.0**-53)
        if output == "sigmoid":
            cost = float(-(Y * np.log(P) + (1 - Y) * np.log1p(-P)).sum() / m)
        else:
            cost = float(-(Y * np.log(P)).sum() / m)
    if lambd:
        if parameters is None:
            raise ValueError("parameters must be given when lambd > 0, got None")
        cost += _l2_term(_unpack(parameters)[0], lambd, m)
    return cost


# --------------------------------------------------------------------------- backward
def _backward(AL, Y, caches, hidden, lambd, slope=LEAKY_SLOPE, XT=None, out=None, bn_out=None):
    """Gradients (dWs, dbs) of the cost; never the gradient with respect to X.

    Everything stays in AL's dtype (float32 in, float32 out).  ``XT``: X.T laid out row-major,
    so that dW1 = dZ1 X^T is a plain row-major product.  ``out``: optional lists (dWs, dbs) of
    preallocated C-contiguous arrays the gradients are written into (train's flat buffer).
    ``bn_out``: lists (dgammas, dbetas) of (n[l], 1) arrays that receive the batch-norm gradients
    of the hidden layers whose caches hold a batch-norm cache.
    """
    m = Y.shape[1]
    dg = _ACTIVATIONS[hidden][1]
    dtype = AL.dtype
    dZ = AL - Y
    dZ *= 1.0 / m  # sigmoid (or softmax) with cross-entropy: dZ[L] = (A[L] - Y) / m
    L = len(caches)
    dWs, dbs = [None] * L, [None] * L
    reduce = np.add.reduce  # what ndarray.sum calls, without its Python wrapper
    for layer in range(L - 1, -1, -1):
        c = caches[layer]
        right = XT if layer == 0 and XT is not None else c.A_prev.T
        if out is None:
            dW = dZ @ right
            db = reduce(dZ, axis=1, keepdims=True)
        else:
            dW = np.matmul(dZ, right, out=out[0][layer])
            db = reduce(dZ, axis=1, keepdims=True, out=out[1][layer])
        if lambd:
            dW += (lambd / m) * c.W
        dWs[layer] = dW
        dbs[layer] = db
        if layer:
            prev = caches[layer - 1]
            W = c.W
            # a one-row W (a single output unit) makes W^T dZ an outer product: every entry is one
            # multiplication, so broadcasting gives the same bits as BLAS, about 4 us sooner
            dA = W.T * dZ if W.shape[0] == 1 else W.T @ dZ
            if prev.D is not None:
                dA *= prev.D
            gz = dg(prev.A, prev.Z, slope)
            if gz.dtype != dtype and gz.dtype != bool:
                gz = gz.astype(dtype)  # leaky_relu's derivative is built in float64
            dA *= gz
            dZ = dA
            if prev.bn is not None:  # back through Z~ = gamma * Z_norm + beta to Z
                dZ, dgamma, dbeta = _bn._backward(dZ, prev.bn)
                bn_out[0][layer - 1][...] = dgamma
                bn_out[1][layer - 1][...] = dbeta
    return dWs, dbs


def backward(AL, Y, caches, lambd: float = 0.0, hidden_activation: str = "relu",
             slope: float = LEAKY_SLOPE) -> dict:
    """Backward propagation for the network that ``forward`` ran.

    AL (n[L], m) and caches from ``forward``; Y (1, m) labels (or one-hot (C, m)).
    lambd adds the L2 term (lambd/m) W[l] to each dW[l]; dropout masks come from the caches.
    Returns {"dW1": (n[1], n_x), "db1": (n[1], 1), ...}, with "dgamma1", "dbeta1", ... when the
    forward pass used batch norm; no dA0 (nobody uses it).
    """
    AL = np.asarray(AL)
    if not caches:
        raise ValueError("caches must be the non-empty list returned by forward, got nothing")
    if AL.ndim != 2:
        raise ValueError(f"AL must be a 2-D array (n[L], m), got shape {AL.shape}")
    Y = v.check_labels(Y, AL.shape[1], classes=max(2, AL.shape[0]))
    if Y.shape != AL.shape:
        raise ValueError(f"Y must have the shape of AL {AL.shape}, got {Y.shape}")
    v.check_positive(lambd, "lambd", allow_zero=True)
    v.check_choice(hidden_activation, "hidden_activation", HIDDEN_ACTIVATIONS)
    return _gradients(AL, Y.astype(AL.dtype, copy=False), caches, hidden_activation, lambd, slope)


def _gradients(AL, Y, caches, hidden, lambd, slope=LEAKY_SLOPE) -> dict:
    """``_backward``'s gradients as the course's dict {"dW1", "db1", (, "dgamma1", "dbeta1"), ...}."""
    bn_out = None
    if any(c.bn is not None for c in caches[:-1]):
        bn_out = tuple([np.empty((c.Z.shape[0], 1), AL.dtype) for c in caches[:-1]] for _ in range(2))
    dWs, dbs = _backward(AL, Y, caches, hidden, lambd, slope, bn_out=bn_out)
    grads = {}
    for i, (dW, db) in enumerate(zip(dWs, dbs), start=1):
        grads[f"dW{i}"], grads[f"db{i}"] = dW, db
        if bn_out is not None and i < len(caches):
            grads[f"dgamma{i}"], grads[f"dbeta{i}"] = bn_out[0][i - 1], bn_out[1][i - 1]
    return grads


# --------------------------------------------------------------------------- update
def update_parameters(parameters: dict, grads: dict, learning_rate: float) -> dict:
    """Gradient-descent step W[l] -= learning_rate * dW[l], b[l] -= learning_rate * db[l]
    (and gamma[l], beta[l] with batch norm).

    Updates ``parameters`` in place and returns it.
    """
    v.check_positive(learning_rate, "learning_rate")
    v.check_parameters(parameters)
    keys = _trainable_keys(parameters)
    for key in keys:
        g = grads.get("d" + key)
        if g is None or np.shape(g) != parameters[key].shape:
            raise ValueError(f"grads['d{key}'] must have shape {parameters[key].shape}, "
                             f"got {None if g is None else np.shape(g)}")
    for key in keys:
        parameters[key] -= learning_rate * grads["d" + key]
    return parameters


# --------------------------------------------------------------------------- predict
def predict_proba(X, parameters, hidden_activation: str = "relu", output_activation: str = "sigmoid",
                  slope: float = LEAKY_SLOPE) -> np.ndarray:
    """Output probabilities AL (n[L], m) for X (n_x, m), without dropout."""
    v.check_parameters(parameters)
    X = v.check_matrix(X, "X", rows=parameters["W1"].shape[1])
    v.check_choice(hidden_activation, "hidden_activation", HIDDEN_ACTIVATIONS)
    v.check_choice(output_activation, "output_activation", OUTPUT_ACTIVATIONS)
    return _predict_parameters(X, parameters, hidden_activation, output_activation, slope)


def _predict(X, Ws, bs, hidden, output, slope=LEAKY_SLOPE, bn=None):
    """Unchecked forward pass that keeps no caches (for plots and dev costs)."""
    Z = _predict_logits(X, Ws, bs, hidden, slope, bn)
    return expit(Z) if output == "sigmoid" else softmax(Z, axis=0)


def _predict_parameters(X, parameters, hidden, output, slope=LEAKY_SLOPE):
    """``_predict`` for a parameters dict (with its batch-norm state, if any)."""
    Ws, bs = _unpack(parameters)
    return _predict(X, Ws, bs, hidden, output, slope, _unpack_bn(parameters))


def _predict_logits(X, Ws, bs, hidden, slope=LEAKY_SLOPE, bn=None):
    """Output-layer Z for X; batch norm (if any) uses the running averages, as at test time."""
    g = _ACTIVATIONS[hidden][0]
    A = X
    for layer, (W, b) in enumerate(zip(Ws[:-1], bs[:-1])):
        A = W @ A
        A += b
        if bn is not None:
            A = _bn._inference(A, bn.gammas[layer], bn.betas[layer], bn.means[layer], bn.variances[layer])
        A = g(A, slope)
    Z = Ws[-1] @ A
    Z += bs[-1]
    return Z


def predict(X, parameters, hidden_activation: str = "relu", output_activation: str = "sigmoid",
            threshold: float = 0.5, slope: float = LEAKY_SLOPE) -> np.ndarray:
    """Predicted labels (1, m) for X (n_x, m): 1 where AL > threshold (class index for softmax)."""
    AL = predict_proba(X, parameters, hidden_activation, output_activation, slope)
    if output_activation == "softmax":
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


# --------------------------------------------------------------------------- mini-batches
def random_mini_batches(X, Y, mini_batch_size: int = 64, rng=0) -> list:
    """Shuffle the columns of X (n_x, m) and Y (1, m) together and cut them into mini-batches.

    Returns a list of (X_batch (n_x, size), Y_batch (1, size)); the last one holds the
    m mod mini_batch_size remaining examples when m is not a multiple of the size.
    """
    X = v.check_matrix(X, "X")
    Y = np.asarray(Y)
    if Y.ndim != 2 or Y.shape[1] != X.shape[1]:
        raise ValueError(f"Y must have shape (k, {X.shape[1]}) to match X, got {Y.shape}")
    v.check_int(mini_batch_size, "mini_batch_size")
    return _mini_batches(X, Y, mini_batch_size, np.random.default_rng(rng))


def _mini_batches(X, Y, size, rng):
    perm = rng.permutation(X.shape[1])
    Xs, Ys = X[:, perm], Y[:, perm]
    return [(Xs[:, k:k + size], Ys[:, k:k + size]) for k in range(0, X.shape[1], size)]


# --------------------------------------------------------------------------- training
def _flat_views(flat, shapes):
    """Views of consecutive pieces of the 1-D array ``flat`` with the given {key: shape}."""
    views, k = {}, 0
    for key, shape in shapes.items():
        n = int(np.prod(shape))
        views[key] = flat[k:k + n].reshape(shape)
        k += n
    return views


@dataclass
class History:
    """The costs recorded while training: ``costs[k]`` is the cost at ``iterations[k]``.

    ``dev_costs`` is filled when dev data was given; ``diverged`` is True when the
    cost became inf or NaN (the learning rate is too large) and training stopped.
    """

    iterations: list = field(default_factory=list)
    costs: list = field(default_factory=list)
    dev_costs: list = field(default_factory=list)
    diverged: bool = False

    def __len__(self):
        return len(self.costs)


class _Optimizer:
    """In-place parameter updates for gd, momentum, RMSprop and Adam (with bias correction).

    ``step`` may overwrite the gradients it is given (train's gradient buffer is rewritten every
    iteration), which spares a temporary as large as the parameters per step.  train passes one
    flat buffer holding all parameters and one holding all gradients.
    """

    def __init__(self, name, params, beta, beta1, beta2, epsilon):
        self.name, self.beta, self.beta1, self.beta2, self.eps = name, beta, beta1, beta2, epsilon
        self.t = 0
        self.v = [np.zeros_like(p) for p in params] if name in ("momentum", "adam") else None
        self.s = [np.zeros_like(p) for p in params] if name in ("rmsprop", "adam") else None

    def step(self, params, grads, lr):
        if self.name == "gd":
            for p, g in zip(params, grads):
                g *= lr  # the same rounding as p -= lr * g, without the temporary
                p -= g
            return
        self.t += 1
        if self.name == "momentum":
            for p, g, vel in zip(params, grads, self.v):
                vel *= self.beta
                g *= 1 - self.beta
                vel += g
                p -= lr * vel
            return
        b2 = self.beta if self.name == "rmsprop" else self.beta2
        c1 = 1 - self.beta1 ** self.t
        c2 = 1 - b2 ** self.t
        for i, (p, g) in enumerate(zip(params, grads)):
            s = self.s[i]
            s *= b2
            s += (1 - b2) * g * g
            if self.name == "rmsprop":
                p -= lr * g / (np.sqrt(s) + self.eps)
            else:
                vel = self.v[i]
                vel *= self.beta1
                vel += (1 - self.beta1) * g
                p -= lr * (vel / c1) / (np.sqrt(s / c2) + self.eps)


def learning_rate_at(learning_rate0: float, epoch: int, decay_rate: float = 0.0,
                     time_interval: int | None = None) -> float:
    """Learning-rate decay: lr0 / (1 + decay_rate * epoch), or with ``time_interval``
    the scheduled form lr0 / (1 + decay_rate * floor(epoch / time_interval))."""
    steps = epoch if time_interval is None else epoch // time_interval
    return learning_rate0 / (1 + decay_rate * steps)


def train(X, Y, layer_dims, learning_rate: float = 0.0075, num_iterations: int = 2500, *,
          hidden_activation: str = "relu", output_activation: str = "sigmoid",
          init: str = "he", scale: float = 0.01, lambd: float = 0.0, keep_prob=1.0, seed: int = 0,
          optimizer: str = "gd", beta: float = 0.9, beta1: float = 0.9, beta2: float = 0.999,
          epsilon: float = 1e-8, mini_batch_size: int | None = None, decay_rate: float = 0.0,
          time_interval: int | None = None, record_every: int = 100, progress: bool = False,
          callback: Callable | None = None, callback_every: int | None = None,
          X_dev=None, Y_dev=None, parameters: dict | None = None, slope: float = LEAKY_SLOPE,
          dtype=np.float64, batch_norm: bool = False, bn_momentum: float = 0.9):
    """Train an L-layer network by (mini-batch) gradient descent and return (parameters, history).

    X (n_x, m), Y (1, m) labels in {0, 1} (or one-hot (C, m) with output_activation="softmax");
    layer_dims [n_x, n1, ..., n[L]].  ``init``/``scale``/``seed`` as in ``initialize_parameters``
    (or pass starting ``parameters``, which are copied).  ``lambd`` is the L2 strength,
    ``keep_prob`` the dropout keep probability of the hidden layers.  ``optimizer`` is
    "gd", "momentum" (beta), "rmsprop" (beta) or "adam" (beta1, beta2, epsilon).  With
    ``mini_batch_size`` one iteration is one epoch over shuffled mini-batches.  The
    learning rate decays as in ``learning_rate_at`` when decay_rate > 0.

    The cost (of that iteration's forward pass, before its update) is recorded at
    iteration 0, every ``record_every`` iterations and at the last one; with X_dev/Y_dev the
    dev cost too.  ``progress=True`` shows a tqdm bar; ``callback(iteration, parameters,
    history)`` runs every ``callback_every`` iterations (default record_every) and may
    return True to stop.  Training stops early, with ``history.diverged``, if the cost
    becomes inf or NaN.  ``dtype`` float64 or float32 is used end to end.  ``batch_norm``
    normalizes every hidden layer's Z over the (mini-)batch and learns gamma[l], beta[l]; the
    running averages mean[l], var[l] (weight ``bn_momentum``) are what predictions use.
    """
    dims = v.check_layer_dims(layer_dims)
    dtype = np.dtype(dtype)
    if dtype not in (np.float32, np.float64):
        raise ValueError(f"dtype must be float32 or float64, got {dtype}")
    X = v.check_matrix(X, "X", rows=dims[0], dtype=dtype)
    v.check_choice(output_activation, "output_activation", OUTPUT_ACTIVATIONS)
    n_out = dims[-1]
    if output_activation == "sigmoid" and n_out != 1:
        raise ValueError(f"layer_dims[-1] must be 1 for a sigmoid output, got {n_out}")
    Y = v.check_labels(Y, X.shape[1], classes=max(2, n_out)).astype(dtype)
    if Y.shape[0] != n_out:
        raise ValueError(f"Y must have shape ({n_out}, {X.shape[1]}) (one-hot for softmax), got {Y.shape}")
    has_dev = X_dev is not None or Y_dev is not None
    if has_dev:
        X_dev = v.check_matrix(X_dev, "X_dev", rows=dims[0], dtype=dtype)
        Y_dev = v.check_labels(Y_dev, X_dev.shape[1], "Y_dev", classes=max(2, n_out)).astype(dtype)
    v.check_positive(learning_rate, "learning_rate")
    num_iterations = v.check_int(num_iterations, "num_iterations")
    v.check_choice(hidden_activation, "hidden_activation", HIDDEN_ACTIVATIONS)
    v.check_positive(lambd, "lambd", allow_zero=True)
    keep_probs = v.check_keep_prob(keep_prob, len(dims) - 2)
    v.check_choice(optimizer, "optimizer", OPTIMIZERS)
    for name, b in (("beta", beta), ("beta1", beta1), ("beta2", beta2)):
        if not (0 <= b < 1):
            raise ValueError(f"{name} must be in [0, 1), got {b!r}")
    v.check_positive(epsilon, "epsilon")
    v.check_positive(decay_rate, "decay_rate", allow_zero=True)
    if time_interval is not None:
        v.check_int(time_interval, "time_interval")
    if mini_batch_size is not None:
        v.check_int(mini_batch_size, "mini_batch_size")
    record_every = v.check_int(record_every, "record_every")
    callback_every = record_every if callback_every is None else v.check_int(callback_every, "callback_every")
    if not 0 <= bn_momentum < 1:
        raise ValueError(f"bn_momentum must be in [0, 1), got {bn_momentum!r}")

    if parameters is None:
        parameters = initialize_parameters(dims, init, seed, scale, dtype, batch_norm=batch_norm)
    else:
        v.check_parameters(parameters, dims[0])
        if [parameters[f"W{i}"].shape for i in range(1, len(dims))] != \
                [(dims[i], dims[i - 1]) for i in range(1, len(dims))]:
            raise ValueError(f"parameters do not match layer_dims {dims}")
        if batch_norm != (len(dims) > 2 and "gamma1" in parameters):
            raise ValueError(f"parameters must {'' if batch_norm else 'not '}hold gamma1, beta1, ... "
                             f"when batch_norm={batch_norm}")
    # All trainable parameters live in one flat buffer (the returned dict holds views of it), and so
    # do the gradients: the optimizer then updates everything with two or three ufunc calls per step.
    keys = _trainable_keys(parameters)
    shapes = {k: np.shape(parameters[k]) for k in keys}
    flat = np.empty(sum(int(np.prod(sh)) for sh in shapes.values()), dtype)
    views = _flat_views(flat, shapes)
    for k in keys:
        views[k][...] = parameters[k]
    # batch norm's running averages are state, not learned by gradients: plain arrays beside them
    views.update({k: np.array(p, dtype=dtype) for k, p in parameters.items() if k not in shapes})
    parameters = views
    Ws, bs = _unpack(parameters)
    bn = _unpack_bn(parameters)
    grad_flat = np.empty_like(flat)
    grads = _flat_views(grad_flat, shapes)
    grad_out = _unpack(grads)
    bn_out = None
    if bn is not None:
        grad_flat[:] = 0  # b's gradient is exactly cancelled by the mean subtraction
        bn_out = tuple([grads[f"{k}{i}"] for i in range(1, len(dims) - 1)] for k in ("gamma", "beta"))

    def update_running(caches):
        for layer, c in enumerate(caches[:-1]):
            _bn.update_running(bn.means[layer], c.stats[0], bn_momentum)
            _bn.update_running(bn.variances[layer], c.stats[1], bn_momentum)

    rng = np.random.default_rng((seed, 1))  # dropout masks and shuffling; init used `seed`
    opt = _Optimizer(optimizer, [flat], beta, beta1, beta2, epsilon)
    history = History()
    full_batch = mini_batch_size is None or mini_batch_size >= X.shape[1]
    # X.T laid out row-major once (free when X is Fortran-ordered, as load_catvnoncat's is): both
    # Z1 = (X.T @ W1.T).T and dW1 = dZ1 @ X.T then run as OpenBLAS's fastest row-major products
    XT = np.ascontiguousarray(X.T) if full_batch else None
    XT_forward = XT if X.shape[0] >= 1024 else None  # only wide inputs gain (narrow ones keep W1 @ X)
    last = num_iterations - 1

    bar = None
    if progress:
        from tqdm.auto import tqdm
        bar = tqdm(total=num_iterations, desc="training", leave=False)

    with np.errstate(over="ignore", invalid="ignore"):
        for i in range(num_iterations):
            lr = learning_rate if not decay_rate else learning_rate_at(learning_rate, i, decay_rate,
                                                                        time_interval)
            record = i % record_every == 0 or i == last
            if full_batch:
                AL, caches = _forward(X, Ws, bs, hidden_activation, output_activation, keep_probs, rng, slope,
                                      XT_forward, bn)
                if record:
                    cost = _cross_entropy_from_logits(caches[-1].Z, Y, output_activation)
                if bn is not None:
                    update_running(caches)
                _backward(AL, Y, caches, hidden_activation, lambd, slope, XT, grad_out, bn_out)
                opt.step((flat,), (grad_flat,), lr)
            else:
                total = 0.0
                for Xb, Yb in _mini_batches(X, Y, mini_batch_size, rng):
                    AL, caches = _forward(Xb, Ws, bs, hidden_activation, output_activation, keep_probs,
                                          rng, slope, None, bn)
                    if record:
                        total += _cross_entropy_from_logits(caches[-1].Z, Yb, output_activation) * Yb.shape[1]
                    if bn is not None:
                        update_running(caches)
                    _backward(AL, Yb, caches, hidden_activation, lambd, slope, None, grad_out, bn_out)
                    opt.step((flat,), (grad_flat,), lr)
                cost = total / X.shape[1]
            if record:
                cost += _l2_term(Ws, lambd, X.shape[1])
                history.iterations.append(i)
                history.costs.append(cost)
                if has_dev:
                    Zd = _predict_logits(X_dev, Ws, bs, hidden_activation, slope, bn)
                    history.dev_costs.append(_cross_entropy_from_logits(Zd, Y_dev, output_activation))
                if not np.isfinite(cost) or not all(np.isfinite(W).all() for W in Ws):
                    history.diverged = True
                    break
            if bar is not None:
                bar.update(1)
                if record:
                    bar.set_postfix(cost=f"{cost:.4f}")
            if callback is not None and (i % callback_every == 0 or i == last):
                if callback(i, parameters, history):
                    break
    if bar is not None:
        bar.close()
    return parameters, history

