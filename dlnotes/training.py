"""The training loop: ``train`` runs forward, cost, backward and an optimizer step, iteration after
iteration, full-batch or over shuffled mini-batches.

The math is ``dlnotes.model``'s; what is here is bookkeeping and the speed tricks, which live here
and only here:
- parameters and gradients each live in ONE flat buffer (the dicts hold views of it), so an
  optimizer step is two or three ufunc calls, whatever the depth;
- the loop calls the unchecked ``forward_layers`` / ``backward_layers``: arguments are validated
  once, before the first iteration, never inside it;
- X.T is laid out row-major once, so both first-layer products run as OpenBLAS's fastest
  row-major GEMM for wide inputs (the 12288-pixel cats);
- the cost is computed (from the logits) only on the iterations that record it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from . import batchnorm
from . import validation as v
from .fastpath import dense_backward, dense_forward
from .layers import Sequential, add_l2_gradient
from .model import (
    Network,
    batch_norm_state,
    cost_from_logits,
    initialize_parameters,
    predict_logits,
    regularization_cost,
    resolve_activations,
    trainable_keys,
    unpack,
)
from .optimizers import learning_rate_at, make_optimizer


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
    return shuffled_mini_batches(X, Y, mini_batch_size, np.random.default_rng(rng))


def shuffled_mini_batches(X, Y, size: int, rng: np.random.Generator) -> list:
    """The unchecked split behind ``random_mini_batches``: one permutation of the m columns of
    X (n_x, m) and Y (k, m) drawn from the Generator ``rng``, then slices of ``size`` columns (the last
    one shorter when size does not divide m).  Returns a list of (X_batch, Y_batch)."""
    perm = rng.permutation(X.shape[1])
    Xs, Ys = X[:, perm], Y[:, perm]
    return [(Xs[:, k:k + size], Ys[:, k:k + size]) for k in range(0, X.shape[1], size)]


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


# --------------------------------------------------------------------------- checks, once
def _check_data(X, Y, X_dev, Y_dev, dims, output, dtype):
    X = v.check_matrix(X, "X", rows=dims[0], dtype=dtype)
    n_out = dims[-1]
    if output == "sigmoid" and n_out != 1:
        raise ValueError(f"layer_dims[-1] must be 1 for a sigmoid output, got {n_out}")
    Y = v.check_targets(Y, X.shape[1], output, n_out).astype(dtype)
    if X_dev is not None or Y_dev is not None:
        X_dev = v.check_matrix(X_dev, "X_dev", rows=dims[0], dtype=dtype)
        Y_dev = v.check_targets(Y_dev, X_dev.shape[1], output, n_out, "Y_dev").astype(dtype)
    return X, Y, X_dev, Y_dev


def _check_settings(learning_rate, num_iterations, lambd, l1, decay_rate, time_interval, mini_batch_size,
                    record_every, callback_every, bn_momentum):
    v.check_positive(learning_rate, "learning_rate")
    v.check_int(num_iterations, "num_iterations")
    v.check_positive(lambd, "lambd", allow_zero=True)
    v.check_positive(l1, "l1", allow_zero=True)
    v.check_positive(decay_rate, "decay_rate", allow_zero=True)
    for name, value in (("time_interval", time_interval), ("mini_batch_size", mini_batch_size),
                        ("callback_every", callback_every)):
        if value is not None:
            v.check_int(value, name)
    v.check_int(record_every, "record_every")
    v.check_fraction(bn_momentum, "bn_momentum")


def _starting_parameters(parameters, dims, init, seed, scale, dtype, batch_norm):
    if parameters is None:
        return initialize_parameters(dims, init, seed, scale, dtype, batch_norm=batch_norm)
    v.check_parameters(parameters, dims[0])
    if [parameters[f"W{i}"].shape for i in range(1, len(dims))] != \
            [(dims[i], dims[i - 1]) for i in range(1, len(dims))]:
        raise ValueError(f"parameters do not match layer_dims {dims}")
    if batch_norm != (len(dims) > 2 and "gamma1" in parameters):
        raise ValueError(f"parameters must {'' if batch_norm else 'not '}hold gamma1, beta1, ... "
                         f"when batch_norm={batch_norm}")
    return parameters


# --------------------------------------------------------------------------- the states the loop steps
class _State:
    """What both training states share: the optimizer on the flat buffer, the Generator, the batching."""

    batches = staticmethod(shuffled_mini_batches)

    def start(self, X, optimizer, seed, mini_batch_size):
        """Set up the optimizer (a function params -> optimizer), the Generator and the mini-batches."""
        self.opt = optimizer([self.flat])
        self.rng = np.random.default_rng((seed, 1))  # dropout masks and shuffling; init used `seed`
        self.mini_batch_size = mini_batch_size
        m = X.shape[0] if X.ndim == 4 else X.shape[1]
        self.full_batch = mini_batch_size is None or mini_batch_size >= m


class DenseFastPath(_State):
    """The training loop's fast path for a dense network (``train`` with ``layer_dims``): the
    parameters and the gradients each in ONE flat buffer (the ``Network`` dict holds views of it),
    X.T laid out row-major for the first layer's products, no input gradient, gradients written in
    place, through the unchecked ``forward_layers`` / ``backward_layers``.  It computes what the
    layers of ``dlnotes.layers`` compute (the same operations in the same order)."""

    def __init__(self, parameters, dtype, record, keep_probs, lambd, l1, bn_momentum):
        keys = trainable_keys(parameters)
        shapes = {k: np.shape(parameters[k]) for k in keys}
        self.flat = np.empty(sum(int(np.prod(sh)) for sh in shapes.values()), dtype)
        views = flat_views(self.flat, shapes)
        for k in keys:
            views[k][...] = parameters[k]
        # batch norm's running averages are state, not learned by gradients: plain arrays beside them
        views.update({k: np.array(p, dtype=dtype) for k, p in parameters.items() if k not in shapes})
        self.parameters = Network(views, *record)  # the same arrays, with their record
        self.hidden, self.output, self.slope = record
        self.Ws, self.bs = unpack(views)
        self.bn = batch_norm_state(views)
        self.grad_flat = np.empty_like(self.flat)
        grads = flat_views(self.grad_flat, shapes)
        self.grad_out = unpack(grads)
        self.bn_out = None
        if self.bn is not None:
            self.grad_flat[:] = 0  # b's gradient is exactly cancelled by the mean subtraction
            hidden = range(1, len(self.Ws))
            self.bn_out = tuple([grads[f"{k}{i}"] for i in hidden] for k in ("gamma", "beta"))
        self.keep_probs, self.lambd, self.l1, self.bn_momentum = keep_probs, lambd, l1, bn_momentum
        self.XT = self.XT_forward = None

    def start(self, X, optimizer, seed, mini_batch_size):
        super().start(X, optimizer, seed, mini_batch_size)
        if self.full_batch:
            # X.T row-major once (free when X is Fortran-ordered, as load_catvnoncat's is); only wide
            # inputs gain in the forward product (narrow ones keep W1 @ X)
            self.XT = np.ascontiguousarray(X.T)
            self.XT_forward = self.XT if X.shape[0] >= 1024 else None

    def step(self, X, Y, record, lr, full_batch):
        """One forward/backward/update on (X, Y); the unregularized cost when ``record``, else None."""
        XT, XT_forward = (self.XT, self.XT_forward) if full_batch else (None, None)
        AL, caches = dense_forward(X, self.Ws, self.bs, self.hidden, self.output, self.keep_probs, self.rng,
                                    self.slope, XT_forward, self.bn)
        cost = cost_from_logits(caches[-1].Z, Y, self.output) if record else None
        if self.bn is not None:
            for layer, c in enumerate(caches[:-1]):
                batchnorm.update_running(self.bn.means[layer], c.stats[0], self.bn_momentum)
                batchnorm.update_running(self.bn.variances[layer], c.stats[1], self.bn_momentum)
        dense_backward(AL, Y, caches, self.lambd, XT, self.grad_out, self.bn_out, self.l1)
        self.opt.step((self.flat,), (self.grad_flat,), lr)
        return cost

    def penalty(self, m):
        """The L2 and L1 terms of the cost."""
        return regularization_cost(self.Ws, m, self.lambd, self.l1)

    def dev_cost(self, X_dev, Y_dev):
        Zd = predict_logits(X_dev, self.Ws, self.bs, self.hidden, self.slope, self.bn)
        return cost_from_logits(Zd, Y_dev, self.output)

    def finite(self):
        return all(np.isfinite(W).all() for W in self.Ws)


def flat_views(flat, shapes):
    """Views of consecutive pieces of the 1-D array ``flat`` with the given {key: shape}."""
    views, k = {}, 0
    for key, shape in shapes.items():
        n = int(np.prod(shape))
        views[key] = flat[k:k + n].reshape(shape)
        k += n
    return views


# --------------------------------------------------------------------------- the loop
def _iteration(s, X, Y, record, lr):
    """One iteration: a full-batch step, or an epoch over shuffled mini-batches; returns its cost."""
    if s.full_batch:
        return s.step(X, Y, record, lr, True)
    total = 0.0
    m = Y.shape[1]
    for Xb, Yb in s.batches(X, Y, s.mini_batch_size, s.rng):
        cost = s.step(Xb, Yb, record, lr, False)
        if record:
            total += cost * Yb.shape[1]
    return total / m if record else None


def _record(s, history, i, cost, m, dev):
    """Append iteration i's cost (+ L2 and L1, and the dev cost); True when training diverged."""
    cost += s.penalty(m)
    history.iterations.append(i)
    history.costs.append(cost)
    if dev is not None:
        history.dev_costs.append(s.dev_cost(*dev))
    history.diverged = not np.isfinite(cost) or not s.finite()
    return history.diverged


def train(X, Y, layer_dims, learning_rate: float = 0.0075, num_iterations: int = 2500, *,
          hidden_activation: str | None = None, output_activation: str | None = None,
          init: str = "he", scale: float = 0.01, lambd: float = 0.0, l1: float = 0.0, keep_prob=1.0, seed: int = 0,
          optimizer: str = "gd", beta: float = 0.9, beta1: float = 0.9, beta2: float = 0.999,
          epsilon: float = 1e-8, mini_batch_size: int | None = None, decay_rate: float = 0.0,
          time_interval: int | None = None, record_every: int = 100, progress: bool = False,
          callback: Callable | None = None, callback_every: int | None = None,
          X_dev=None, Y_dev=None, parameters: dict | None = None, slope: float | None = None,
          dtype=np.float64, batch_norm: bool = False, bn_momentum: float = 0.9):
    """Train an L-layer network by (mini-batch) gradient descent and return (network, history).

    X (n_x, m), Y (1, m) labels in {0, 1} (or one-hot (C, m) with a softmax output, or real
    targets (n[L], m) with ``output_activation="linear"``, regression with the squared-error cost);
    layer_dims [n_x, n1, ..., n[L]].  ``hidden_activation`` defaults to "relu" and
    ``output_activation`` to sigmoid for one output unit, softmax for several.  ``init``/``scale``/
    ``seed`` as in ``initialize_parameters`` (or pass starting ``parameters``, which are copied;
    a ``Network`` brings its activations).  ``lambd`` is the L2 strength, ``l1`` the L1 strength (cost
    l1/(2m) sum |W|, subgradient (l1/(2m)) sign(W)), ``keep_prob`` the dropout
    keep probability of the hidden layers.  ``optimizer`` is "gd", "momentum" (beta), "rmsprop"
    (beta) or "adam" (beta1, beta2, epsilon).  With ``mini_batch_size`` one iteration is one epoch
    over shuffled mini-batches.  The learning rate decays as in ``learning_rate_at`` when
    decay_rate > 0.  ``batch_norm`` normalizes every hidden layer's Z over the (mini-)batch and
    learns gamma[l], beta[l]; the running averages (weight ``bn_momentum``) serve predictions.

    The cost (of that iteration's forward pass, before its update) is recorded at iteration 0,
    every ``record_every`` iterations and at the last one; with X_dev/Y_dev the dev cost too.
    ``progress=True`` shows a tqdm bar; ``callback(iteration, parameters, history)`` runs every
    ``callback_every`` iterations (default record_every) and may return True to stop.  Training
    stops early, with ``history.diverged``, if the cost becomes inf or NaN.  ``dtype`` float64 or
    float32 is used end to end.  Returns a ``Network`` (the parameters dict, recording its
    activations) and a ``History``.
    """
    opt = functools.partial(make_optimizer, optimizer, beta=beta, beta1=beta1, beta2=beta2, epsilon=epsilon)
    if isinstance(layer_dims, Sequential):  # any layers: the layer loop
        _check_layer_options(dict(hidden_activation=hidden_activation, output_activation=output_activation,
                                  init=init, scale=scale, l1=l1, keep_prob=keep_prob, X_dev=X_dev, Y_dev=Y_dev,
                                  parameters=parameters, slope=slope, batch_norm=batch_norm,
                                  bn_momentum=bn_momentum, callback_every=callback_every))
        return fit(layer_dims, np.asarray(X, dtype=_check_dtype(dtype)), Y,
                   _schedule(v.check_positive(learning_rate, "learning_rate"), decay_rate, time_interval),
                   num_iterations, optimizer=opt, mini_batch_size=mini_batch_size, lambd=lambd,
                   record_every=record_every, progress=progress, callback=callback, seed=seed)
    dims = v.check_layer_dims(layer_dims)
    dtype = _check_dtype(dtype)
    if output_activation is None and not isinstance(parameters, Network):
        output_activation = "softmax" if dims[-1] > 1 else "sigmoid"
    hidden, output, slope = resolve_activations(parameters if parameters is not None else {},
                                                hidden_activation, output_activation, slope)
    X, Y, X_dev, Y_dev = _check_data(X, Y, X_dev, Y_dev, dims, output, dtype)
    _check_settings(learning_rate, num_iterations, lambd, l1, decay_rate, time_interval, mini_batch_size,
                    record_every, callback_every, bn_momentum)
    s = DenseFastPath(_starting_parameters(parameters, dims, init, seed, scale, dtype, batch_norm), dtype,
                      (hidden, output, slope), v.check_keep_prob(keep_prob, len(dims) - 2), lambd, l1, bn_momentum)
    s.start(X, opt, seed, mini_batch_size)
    history = _loop(s, X, Y, None if X_dev is None else (X_dev, Y_dev),
                    _schedule(learning_rate, decay_rate, time_interval), num_iterations, record_every, progress,
                    callback, record_every if callback_every is None else callback_every)
    return s.parameters, history


def _check_dtype(dtype):
    dtype = np.dtype(dtype)
    if dtype not in (np.float32, np.float64):
        raise ValueError(f"dtype must be float32 or float64, got {dtype}")
    return dtype


def _schedule(learning_rate, decay_rate, time_interval):
    """The learning rate of iteration i, as a function of i (``learning_rate_at`` when decay_rate > 0)."""
    if not decay_rate:
        return lambda i: learning_rate
    return lambda i: learning_rate_at(learning_rate, i, decay_rate, time_interval)


_DENSE_DEFAULTS = dict(hidden_activation=None, output_activation=None, init="he", scale=0.01, l1=0.0,
                       keep_prob=1.0, X_dev=None, Y_dev=None, parameters=None, slope=None, batch_norm=False,
                       bn_momentum=0.9, callback_every=None)


def _check_layer_options(options):
    """A ``Sequential`` carries its own layers: train's options that build a dense network must stay unset."""
    for name, value in options.items():
        default = _DENSE_DEFAULTS[name]
        if value is not default and not (np.ndim(value) == 0 and value == default):
            raise ValueError(f"{name} must be left out when training a Sequential (its layers say how it "
                             f"computes), got {name}={value!r}")


# --------------------------------------------------------------------------- any model made of layers
class LayerLoop(_State):
    """The training state of a ``Sequential``: its parameters copied into one flat buffer (each layer's
    ``params`` become views of it) and one flat gradient buffer, so the optimizers see one array;
    each step runs the layers' own forward and backward."""

    def __init__(self, model, dtype, lambd=0.0):
        self.model, self.lambd = model, lambd
        entries = model.parameters()
        self.flat = np.empty(sum(p.size for _, _, p in entries), dtype)
        self.grad_flat = np.zeros_like(self.flat)
        shapes = {i: np.shape(p) for i, (_, _, p) in enumerate(entries)}
        views, self.grad_views = flat_views(self.flat, shapes), flat_views(self.grad_flat, shapes)
        for i, (layer, key, p) in enumerate(entries):
            views[i][...] = p
            layer.params = dict(layer.params, **{key: views[i]})
        self.keys = [(layer, key) for layer, key, _ in entries]
        self.parameters = model

    def start(self, X, optimizer, seed, mini_batch_size):
        super().start(X, optimizer, seed, mini_batch_size)
        for layer in self.model.layers:
            if hasattr(layer, "keep_prob"):
                layer.rng = self.rng  # dropout masks come from the loop's Generator

    def step(self, X, Y, record, lr, full_batch):
        """One forward/backward/update on (X, Y); the cost when ``record``, else None."""
        AL, caches = self.model.forward(X)
        cost = self.model.cost(AL, Y, caches) if record else None
        grads = self.model.backward(AL, Y, caches)
        if self.lambd:
            add_l2_gradient(self.model, grads, self.lambd, Y.shape[1])
        layer_grads = {id(layer): g for layer, g in zip(self.model.layers, grads)}
        for (layer, key), view in zip(self.keys, self.grad_views.values()):
            view[...] = layer_grads[id(layer)][key]
        self.opt.step((self.flat,), (self.grad_flat,), lr)
        return cost

    def penalty(self, m):
        """The L2 term of the cost."""
        return regularization_cost([layer.params["W"] for layer, key in self.keys if key == "W"], m, self.lambd)

    def finite(self):
        return bool(np.isfinite(self.flat).all())

    @staticmethod
    def batches(X, Y, size, rng):
        """Shuffled mini-batches of the examples: X's columns, or its first axis for 4-D (m, n_H, n_W, n_C)."""
        if X.ndim == 2:
            return shuffled_mini_batches(X, Y, size, rng)
        perm = rng.permutation(X.shape[0])
        Xs, Ys = X[perm], Y[:, perm]
        return [(Xs[k:k + size], Ys[:, k:k + size]) for k in range(0, X.shape[0], size)]


def fit(model, X, Y, learning_rate=0.0075, num_iterations: int = 2500, *, optimizer="gd",
        mini_batch_size: int | None = None, lambd: float = 0.0, record_every: int = 100, progress: bool = False,
        callback: Callable | None = None, seed: int = 0):
    """Train a ``dlnotes.layers.Sequential`` in place and return (model, history).

    X (n_x, m), or (m, n_H, n_W, n_C) for a model that starts with Course 4 layers; Y (n[L], m) as its
    ``Output`` expects.  ``learning_rate``: a float, or a function of the iteration.  ``optimizer``:
    "gd", "momentum", "rmsprop", "adam", or a function params -> optimizer (e.g.
    ``functools.partial(dlnotes.optimizers.Adam, beta1=0.8)``).  Mini-batches, recording, progress bar
    and callback(iteration, model, history) as in ``train``, which calls this for a ``Sequential``;
    ``lambd``: L2 on every layer's W.  The layers' parameters are copied into X's float dtype.
    """
    if not isinstance(model, Sequential):
        raise ValueError(f"model must be a dlnotes.layers.Sequential, got {type(model).__name__}")
    X = np.asarray(X)
    dtype = _check_dtype(X.dtype if X.dtype.kind == "f" else np.float64)
    X = X.astype(dtype, copy=False)
    m = X.shape[0] if X.ndim == 4 else X.shape[1]
    Y = v.check_targets(Y, m, model.layers[-1].name, np.shape(Y)[0]).astype(dtype)
    schedule = learning_rate if callable(learning_rate) else (lambda i: learning_rate)
    if not callable(learning_rate):
        v.check_positive(learning_rate, "learning_rate")
    v.check_int(num_iterations, "num_iterations")
    v.check_int(record_every, "record_every")
    v.check_positive(lambd, "lambd", allow_zero=True)
    if isinstance(optimizer, str):
        optimizer = functools.partial(make_optimizer, optimizer)
    if mini_batch_size is not None:
        v.check_int(mini_batch_size, "mini_batch_size")
    s = LayerLoop(model, dtype, lambd)
    s.start(X, optimizer, seed, mini_batch_size)
    history = _loop(s, X, Y, None, schedule, num_iterations, record_every, progress, callback, record_every)
    return model, history


def progress_bar(total, desc: str = "training"):
    """A tqdm.auto bar that disappears when closed (``leave=False``): a widget in JupyterLab, text
    elsewhere.  ``total``: a number of steps (call ``.update(1)`` per step and ``.close()`` at the end),
    or a list of items to iterate over (the bar advances as they are taken and closes itself)."""
    from tqdm.auto import tqdm

    if isinstance(total, int):
        return tqdm(total=total, desc=desc, leave=False)
    return tqdm(total, desc=desc, leave=False)


def _loop(s, X, Y, dev, schedule, num_iterations, record_every, progress, callback, callback_every):
    """The iterations: ``s.step`` on the data (or its mini-batches), the costs recorded, the bar, the callback."""
    history = History()
    last = num_iterations - 1
    bar = progress_bar(num_iterations) if progress else None
    with np.errstate(over="ignore", invalid="ignore"):
        for i in range(num_iterations):
            record = i % record_every == 0 or i == last
            cost = _iteration(s, X, Y, record, schedule(i))
            if record and _record(s, history, i, cost, Y.shape[1], dev):
                break
            if bar is not None:
                bar.update(1)
                if record:
                    bar.set_postfix(cost=f"{history.costs[-1]:.4f}")
            if callback is not None and (i % callback_every == 0 or i == last):
                if callback(i, s.parameters, history):
                    break
    if bar is not None:
        bar.close()
    return history
