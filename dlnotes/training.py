"""The training loop: ``train`` runs forward, cost, backward and an optimizer step, iteration after
iteration, full-batch or over shuffled mini-batches.

The math is ``dlnotes.model``'s; what is here is bookkeeping and the speed tricks, which live here
and only here:
- parameters and gradients each live in ONE flat buffer (the dicts hold views of it), so an
  optimizer step is two or three ufunc calls, whatever the depth;
- the loop calls the unchecked ``fastpath.dense_forward`` / ``dense_backward``: arguments are validated
  once, before the first iteration, never inside it;
- X.T is laid out row-major once, so both first-layer products run as OpenBLAS's fastest
  row-major GEMM for wide inputs (the 12288-pixel cats);
- the cost is computed (from the logits) only on the iterations that record it.
"""

from __future__ import annotations

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
    network,
    predict_logits,
    regularization_cost,
    resolve_activations,
    trainable_keys,
    unpack,
)
from .optimizers import GradientDescent, Optimizer


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
def _check_dev(dev):
    """None, or the pair (X_dev, Y_dev)."""
    if dev is not None and (not isinstance(dev, (tuple, list)) or len(dev) != 2):
        raise ValueError(f"dev must be None or a pair (X_dev, Y_dev), got {type(dev).__name__}"
                         f"{'' if not isinstance(dev, (tuple, list)) else f' of {len(dev)} items'}")
    return dev


def _check_optimizer(optimizer):
    """An optimizer object (``GradientDescent()`` when None)."""
    if optimizer is None:
        return GradientDescent()
    if not isinstance(optimizer, Optimizer):
        raise ValueError(f"optimizer must be an optimizer such as dlnotes.Adam(0.01) (or make_optimizer(name, ...)), "
                         f"got {optimizer!r}")
    return optimizer


def _as_network(model, seed):
    """The starting Network: ``model`` itself, a plain dict with the course's defaults, or network(layer_dims)."""
    if isinstance(model, Network):
        return model
    if isinstance(model, dict):
        v.check_parameters(model)
        hidden, output, slope = resolve_activations(model)
        return Network(model, hidden, output, slope)
    if isinstance(model, (list, tuple)):
        return network(model, seed=seed)
    raise ValueError(f"model must be a Network, a dlnotes.layers.Sequential or a list layer_dims, "
                     f"got {type(model).__name__}")


def _dense_state(X, Y, model, dev, seed):
    """The fast path's state for a Network (or layer_dims), and X, Y, dev checked in its dtype."""
    net = _as_network(model, seed)
    L = v.check_parameters(net)
    dims = [net["W1"].shape[1], *(net[f"W{i}"].shape[0] for i in range(1, L + 1))]
    dtype = v.check_dtype(net["W1"].dtype, "the model's arrays' dtype")
    output = net.output_activation
    if output == "sigmoid" and dims[-1] != 1:
        raise ValueError(f"the output layer must have 1 unit for a sigmoid output, got {dims[-1]}")
    X = v.check_matrix(X, "X", rows=dims[0], dtype=dtype)
    Y = v.check_targets(Y, X.shape[1], output, dims[-1]).astype(dtype)
    if dev is not None:
        X_dev = v.check_matrix(dev[0], "X_dev", rows=dims[0], dtype=dtype)
        dev = X_dev, v.check_targets(dev[1], X_dev.shape[1], output, dims[-1], "Y_dev").astype(dtype)
    return DenseFastPath(net, dtype, v.check_keep_prob(net.keep_prob, L - 1)), X, Y, dev


def _layer_state(X, Y, model, dev):
    """The layer loop's state for a Sequential, and X, Y, dev checked in its arrays' dtype."""
    entries = model.parameters()
    dtype = v.check_dtype(entries[0][2].dtype if entries else np.float64, "the model's arrays' dtype")

    def examples(Xk, Yk, suffix=""):  # X (n_x, m) or (m, n_H, n_W, n_C), Y (n[L], m) as the Output expects
        Xk = v.check_finite(np.asarray(Xk, dtype=dtype), "X" + suffix)
        m = Xk.shape[0] if Xk.ndim == 4 else Xk.shape[1]
        return Xk, v.check_targets(Yk, m, model.layers[-1].name, np.shape(Yk)[0], "Y" + suffix).astype(dtype)

    X, Y = examples(X, Y)
    return LayerLoop(model, dtype), X, Y, None if dev is None else examples(*dev, "_dev")


# --------------------------------------------------------------------------- the states the loop steps
class _State:
    """What both training states share: the optimizer on the flat buffer, the Generator, the batching."""

    batches = staticmethod(shuffled_mini_batches)

    def start(self, X, optimizer, seed, mini_batch_size):
        """Start the optimizer on the flat buffer, set up the Generator and the mini-batches."""
        self.opt = optimizer.start([self.flat])
        self.rng = np.random.default_rng((seed, 1))  # dropout masks and shuffling; init used `seed`
        self.mini_batch_size = mini_batch_size
        m = X.shape[0] if X.ndim == 4 else X.shape[1]
        self.full_batch = mini_batch_size is None or mini_batch_size >= m


class DenseFastPath(_State):
    """The training loop's fast path for a dense network (``train`` with a ``Network``): the
    parameters and the gradients each in ONE flat buffer (the ``Network`` dict holds views of it),
    X.T laid out row-major for the first layer's products, no input gradient, gradients written in
    place, through the unchecked ``fastpath.dense_forward`` / ``dense_backward``.  It computes what the
    layers of ``dlnotes.layers`` compute (the same operations in the same order)."""

    def __init__(self, parameters, dtype, keep_probs):
        keys = trainable_keys(parameters)
        shapes = {k: np.shape(parameters[k]) for k in keys}
        self.flat = np.empty(sum(int(np.prod(sh)) for sh in shapes.values()), dtype)
        views = flat_views(self.flat, shapes)
        for k in keys:
            views[k][...] = parameters[k]
        # batch norm's running averages are state, not learned by gradients: plain arrays beside them
        views.update({k: np.array(p, dtype=dtype) for k, p in parameters.items() if k not in shapes})
        self.parameters = Network(views, **parameters.record)  # the same arrays, with their record
        self.hidden, self.output, self.slope = parameters.hidden_activation, parameters.output_activation, \
            parameters.slope
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
        self.keep_probs, self.lambd, self.l1 = keep_probs, parameters.lambd, parameters.l1
        self.bn_momentum = parameters.bn_momentum
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


def train(X, Y, model, optimizer=None, num_iterations: int = 2500, *, mini_batch_size: int | None = None,
          dev=None, record_every: int = 100, callback: Callable | None = None, callback_every: int | None = None,
          progress: bool = False, seed: int = 0):
    """Train ``model`` by (mini-batch) gradient descent with ``optimizer``; return (model, history).

    ``model``: a ``Network`` (``dlnotes.network(layer_dims, ...)``: the starting parameters, copied and
    never modified, with what the network is: activations, keep_prob, lambd, l1, batch norm), a
    list layer_dims [n_x, n1, ..., n[L]] (``network(layer_dims, seed=seed)``), or a
    ``dlnotes.layers.Sequential`` (any layers, trained in place; its ``lambd`` is its L2 strength).
    X (n_x, m) (or (m, n_H, n_W, n_C) for a Sequential that starts with Course 4 layers), converted to the
    model's arrays' dtype (float32 or float64, used end to end); Y (1, m) labels in {0, 1}, one-hot (C, m)
    for a softmax output, real targets (n[L], m) for a linear output (squared-error cost).
    ``optimizer``: ``GradientDescent``, ``Momentum``, ``RMSprop`` or ``Adam``, which own the learning rate,
    its decay and their betas (default ``GradientDescent()``); train calls its ``start``.  With
    ``mini_batch_size`` one iteration is one epoch over shuffled mini-batches; ``seed`` seeds the
    Generator of dropout masks and shuffling.

    The cost (of that iteration's forward pass, before its update, with its L2 and L1 terms) is recorded
    at iteration 0, every ``record_every`` iterations and at the last one; with ``dev`` = (X_dev, Y_dev)
    the dev cost too.  ``progress=True`` shows a tqdm bar; ``callback(iteration, model, history)`` runs
    every ``callback_every`` iterations (default record_every) and may return True to stop.  Training
    stops early, with ``history.diverged``, if the cost becomes inf or NaN.  Returns the trained
    ``Network`` (or the Sequential) and a ``History``.
    """
    optimizer = _check_optimizer(optimizer)
    v.check_settings(num_iterations=num_iterations, mini_batch_size=mini_batch_size, record_every=record_every,
                     callback_every=callback_every)
    dev = _check_dev(dev)
    if isinstance(model, Sequential):
        s, X, Y, dev = _layer_state(X, Y, model, dev)
    else:
        s, X, Y, dev = _dense_state(X, Y, model, dev, seed)
    s.start(X, optimizer, seed, mini_batch_size)
    history = _loop(s, X, Y, dev, optimizer.learning_rate_at, num_iterations, record_every, progress, callback,
                    record_every if callback_every is None else callback_every)
    return s.parameters, history


# --------------------------------------------------------------------------- any model made of layers
class LayerLoop(_State):
    """The training state of a ``Sequential``: its parameters copied into one flat buffer (each layer's
    ``params`` become views of it) and one flat gradient buffer, so the optimizers see one array;
    each step runs the layers' own forward and backward."""

    def __init__(self, model, dtype):
        self.model = model
        entries = model.parameters()
        self.flat = np.empty(sum(p.size for _, _, p in entries), dtype)
        self.grad_flat = np.zeros_like(self.flat)
        shapes = {i: np.shape(p) for i, (_, _, p) in enumerate(entries)}
        views, self.grad_views = flat_views(self.flat, shapes), flat_views(self.grad_flat, shapes)
        for i, (layer, key, p) in enumerate(entries):
            views[i][...] = p
            layer.params = dict(layer.params, **{key: views[i]})
        position = {id(layer): i for i, layer in enumerate(model.layers)}
        self.keys = [(position[id(layer)], key) for layer, key, _ in entries]  # where step finds each gradient
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
        if self.model.lambd:
            add_l2_gradient(self.model, grads, self.model.lambd, Y.shape[1])
        for (i, key), view in zip(self.keys, self.grad_views.values()):
            view[...] = grads[i][key]
        self.opt.step((self.flat,), (self.grad_flat,), lr)
        return cost

    def penalty(self, m):
        """The L2 term of the cost."""
        return self.model.penalty(m)

    def dev_cost(self, X_dev, Y_dev):
        AL, caches = self.model.forward(X_dev, training=False)
        return self.model.cost(AL, Y_dev, caches)

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
