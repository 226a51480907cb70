"""Course 2 week 2, optimization methods: random_mini_batches, initialize_velocity,
update_parameters_with_momentum, initialize_adam, update_parameters_with_adam, update_lr,
schedule_lr_decay.  The references are the course's faces of dlnotes' optimizers.

random_mini_batches shuffles with the learner's own random draws, so it is checked by what any
correct shuffle keeps: the mini-batch sizes, every example exactly once, each X column with its
own label, and an order that is not the original one.
"""

from __future__ import annotations

import numpy as np

import dlnotes as d

from . import common as c
from .spec import Case, Exercise, Mistake, Version

WEEK = "c2w2"


# --------------------------------------------------------------------------- random_mini_batches
def _mini_batch_cases(rng):
    out = []
    for label, (n_x, m, size) in (("the course's m: X (50, 148), mini_batch_size = 64", (50, 148, 64)),
                                  ("m a multiple of the size: X (3, 120), mini_batch_size = 40", (3, 120, 40)),
                                  ("one mini-batch: X (2, 10), mini_batch_size = 64", (2, 10, 64))):
        out.append(Case(label, (rng.standard_normal((n_x, m)), (rng.random((1, m)) > 0.5).astype(float), size, 0)))
    return out


def _mini_batches(X, Y, mini_batch_size=64, seed=0):
    return d.random_mini_batches(X, Y, mini_batch_size, rng=seed)


def _mini_batch_variant(X, Y, mini_batch_size=64, seed=0, *, shuffle=True, together=True, keep_last=True):
    rng = np.random.default_rng(seed)
    m = X.shape[1]
    perm = rng.permutation(m) if shuffle else np.arange(m)
    Xs, Ys = X[:, perm], Y[:, rng.permutation(m) if not together else perm]
    end = m if keep_last else m - m % mini_batch_size
    return [(Xs[:, k:k + mini_batch_size], Ys[:, k:k + mini_batch_size]) for k in range(0, end, mini_batch_size)]


def _mini_batch_summary(batches, case):
    """What every correct shuffle keeps, as yes (1) / no (0) answers, all no for a correct one."""
    X, Y = case.args[:2]
    where = {value: j for j, value in enumerate(X[0])}  # the first row's values name the columns
    seen = np.concatenate([np.asarray(Xb)[0] for Xb, _ in batches])
    ids = np.array([where.get(value, -1) for value in seen])
    labels = np.concatenate([np.asarray(Yb)[0] for _, Yb in batches])
    unseen = m = X.shape[1]
    if ids.size:
        unseen = m - len(set(ids[ids >= 0].tolist()))
    return {  # questions: 1 = yes, 0 = no
        "are some examples missing or there twice?": (float(unseen + max(ids.size - m, 0) > 0), 0.0),
        "are some columns of X paired with another example's label Y?":
            (float(np.any(labels != Y[0, np.maximum(ids, 0)])), 0.0),
        "are the examples left in their original order?": (float(m > 1 and np.array_equal(ids, np.arange(m))), 0.0),
    }


RANDOM_MINI_BATCHES = Exercise(
    f"{WEEK}.random_mini_batches",
    lambda X, Y, mini_batch_size=64, seed=0, *, rng: _mini_batches(X, Y, mini_batch_size, seed),
    _mini_batch_cases, outputs="mini_batches", random=True, summarize=_mini_batch_summary,
    mistakes=(
        Mistake("X and Y shuffled with different permutations", "draw one permutation and index both: "
                "X[:, permutation] and Y[:, permutation]",
                lambda *a, rng, **k: _mini_batch_variant(*a, **k, together=False)),
        Mistake("the last, smaller mini-batch left out", "when m is not a multiple of mini_batch_size the last "
                "mini-batch holds the m % mini_batch_size examples left",
                lambda *a, rng, **k: _mini_batch_variant(*a, **k, keep_last=False)),
        Mistake("the examples not shuffled", "shuffle first: permutation = list(np.random.permutation(m))",
                lambda *a, rng, **k: _mini_batch_variant(*a, **k, shuffle=False)),
    ))


# --------------------------------------------------------------------------- learning-rate decay
def _lr_cases(rng, scheduled):
    extra = {"time_interval": 100} if scheduled else {}
    first = "learning_rate0 = 0.5, epoch_num = 2, decay_rate = 1"
    public = [Case(f"public test: learning_rate0 = 0.5, epoch_num = {epoch}, decay_rate = 0.3, time_interval = 100",
                   (0.5, epoch, 0.3), {"time_interval": 100}) for epoch in (10, 100)] if scheduled else []
    return public + [Case(first if scheduled else f"public test: {first}", (0.5, 2, 1), {}),
                     Case("learning_rate0 = 0.1, epoch_num = 250, decay_rate = 0.3", (0.1, 250, 0.3), dict(extra)),
                     Case("epoch 0", (0.2, 0, 2.0), dict(extra)),
                     Case("learning_rate0 = 0.3, epoch_num = 1999, decay_rate = 0.5", (0.3, 1999, 0.5), dict(extra))]


UPDATE_LR = Exercise(
    f"{WEEK}.update_lr",
    lambda learning_rate0, epoch_num, decay_rate: d.update_lr(learning_rate0, epoch_num, decay_rate),
    lambda rng: _lr_cases(rng, False), outputs="learning_rate",
    mistakes=(
        Mistake("learning_rate0 / (1 + decay_rate) * epoch_num (parentheses)", "learning_rate = learning_rate0 / "
                "(1 + decay_rate * epoch_num)", lambda lr0, epoch, rate: lr0 / (1 + rate) * epoch),
        Mistake("decay_rate left out", "learning_rate0 / (1 + decay_rate * epoch_num)",
                lambda lr0, epoch, rate: lr0 / (1 + epoch)),
    ))

SCHEDULE_LR_DECAY = Exercise(
    f"{WEEK}.schedule_lr_decay", lambda learning_rate0, epoch_num, decay_rate, time_interval=1000: d.schedule_lr_decay(
        learning_rate0, epoch_num, decay_rate, time_interval), lambda rng: _lr_cases(rng, True),
    outputs="learning_rate",
    mistakes=(
        Mistake("epoch_num / time_interval without the floor", "the rate changes once every time_interval "
                "epochs: np.floor(epoch_num / time_interval)",
                lambda lr0, epoch, rate, time_interval=1000: lr0 / (1 + rate * epoch / time_interval)),
        Mistake("time_interval left out", "learning_rate0 / (1 + decay_rate * np.floor(epoch_num / time_interval))",
                lambda lr0, epoch, rate, time_interval=1000: lr0 / (1 + rate * epoch)),
    ))


# --------------------------------------------------------------------------- momentum and Adam
def _state_cases(rng):
    return [Case("the course's shapes: W1 (2, 3), W2 (3, 2)", (c.random_parameters(rng, [3, 2, 3]),)),
            Case("layers [4, 5, 3, 1]", (c.random_parameters(rng, [4, 5, 3, 1]),))]


def _zeros_like(parameters, prefix="d", biases=True):
    return {prefix + k: np.zeros_like(p) for k, p in parameters.items() if biases or not k.startswith("b")}


STATE_MISTAKES = (
    Mistake("keys W1, b1, ... instead of dW1, db1, ...", 'the course keys them like the gradients: v["dW" + str(l)]',
            lambda parameters: _zeros_like(parameters, prefix="")),
    Mistake("the biases left out", 'every parameter has its state: v["db" + str(l)] too',
            lambda parameters: _zeros_like(parameters, biases=False)),
)

INITIALIZE_VELOCITY = Exercise(
    f"{WEEK}.initialize_velocity", lambda parameters: d.initialize_velocity(parameters), _state_cases,
    STATE_MISTAKES, outputs="v")

INITIALIZE_ADAM = Exercise(
    f"{WEEK}.initialize_adam", lambda parameters: d.initialize_adam(parameters), _state_cases, outputs=("v", "s"),
    mistakes=tuple(m._replace(fn=lambda p, f=m.fn: (f(p), f(p))) for m in STATE_MISTAKES) + (
        Mistake("only v returned", "return v, s: Adam keeps both averages", lambda p: _zeros_like(p)),))


def _step_cases(rng, adam):
    out = []
    for label, dims in (("the course's shapes: W1 (2, 3), W2 (3, 2)", [3, 2, 3]),
                        ("layers [4, 5, 3, 1]", [4, 5, 3, 1])):
        params = c.random_parameters(rng, dims)
        grads = {"d" + k: rng.standard_normal(p.shape) for k, p in params.items()}
        v = {"d" + k: rng.standard_normal(p.shape) * 0.1 for k, p in params.items()}
        if adam:
            s = {"d" + k: rng.random(p.shape) * 0.1 for k, p in params.items()}
            out += [Case(f"{label}, t = 2", (params, grads, v, s, 2), {"learning_rate": 0.01}),
                    Case(f"{label}, t = 1, beta1 = 0.8, beta2 = 0.99, epsilon = 0.01", (params, grads, v, s, 1),
                         {"learning_rate": 0.02, "beta1": 0.8, "beta2": 0.99, "epsilon": 0.01})]
        else:
            out.append(Case(f"{label}, beta = 0.9, learning_rate = 0.01", (params, grads, v, 0.9, 0.01)))
    return out


def _momentum_variant(parameters, grads, v, beta, learning_rate, *, damp=True, use_v=True, swap=False):
    params, v = dict(parameters), dict(v)
    for k in parameters:
        a, b = (1 - beta, beta) if swap else (beta, 1 - beta if damp else 1.0)
        v["d" + k] = a * v["d" + k] + b * grads["d" + k]
        params[k] = parameters[k] - learning_rate * (v["d" + k] if use_v else grads["d" + k])
    return params, v


UPDATE_PARAMETERS_WITH_MOMENTUM = Exercise(
    f"{WEEK}.update_parameters_with_momentum",
    lambda parameters, grads, v, beta, learning_rate: d.update_parameters_with_momentum(
        parameters, grads, v, beta, learning_rate),
    lambda rng: _step_cases(rng, adam=False), outputs=("parameters", "v"), mutable=(0, 2), order=("v", "parameters"),
    mistakes=(
        Mistake("the (1 - beta) left out", "v = beta * v + (1 - beta) * dW",
                lambda *a: _momentum_variant(*a, damp=False)),
        Mistake("W updated with the gradient instead of v", "W = W - learning_rate * v",
                lambda *a: _momentum_variant(*a, use_v=False)),
        Mistake("beta and 1 - beta swapped", "v = beta * v + (1 - beta) * dW: beta weighs the past",
                lambda *a: _momentum_variant(*a, swap=True)),
    ))


def _adam_variant(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999, epsilon=1e-8, *,
                  correct=True, t_shift=0, eps_inside=False):
    params, v, s, vc, sc = dict(parameters), dict(v), dict(s), {}, {}
    steps = t + t_shift
    for k in parameters:
        g, key = grads["d" + k], "d" + k
        v[key] = beta1 * v[key] + (1 - beta1) * g
        s[key] = beta2 * s[key] + (1 - beta2) * g * g
        vc[key] = v[key] / (1 - beta1 ** steps) if correct else v[key]
        sc[key] = s[key] / (1 - beta2 ** steps) if correct else s[key]
        root = np.sqrt(sc[key] + epsilon) if eps_inside else np.sqrt(sc[key]) + epsilon
        params[k] = parameters[k] - learning_rate * vc[key] / root
    return params, v, s, vc, sc


UPDATE_PARAMETERS_WITH_ADAM = Exercise(
    f"{WEEK}.update_parameters_with_adam",
    lambda parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999, epsilon=1e-8:
        d.update_parameters_with_adam(parameters, grads, v, s, t, learning_rate, beta1, beta2, epsilon),
    lambda rng: _step_cases(rng, adam=True), outputs=("parameters", "v", "s", "v_corrected", "s_corrected"),
    mutable=(0, 2, 3), order=("v", "v_corrected", "s", "s_corrected", "parameters"),
    versions=(Version("the course's result before 2021",
                      outputs=("parameters", "v", "s"), expected=lambda result: tuple(result[:3])),),
    mistakes=(
        Mistake("Adam's bias correction missing", "v_corrected = v / (1 - beta1**t) and "
                "s_corrected = s / (1 - beta2**t), and the update uses the corrected ones",
                lambda *a, **k: _adam_variant(*a, **k, correct=False)),
        Mistake("t starting at 0 (the correction uses t - 1)", "t counts Adam's updates from 1: the first "
                "update has t = 1 and divides by 1 - beta1**1", lambda *a, **k: _adam_variant(*a, **k, t_shift=-1)),
        Mistake("epsilon inside the square root", "W = W - learning_rate * v_corrected / "
                "(np.sqrt(s_corrected) + epsilon)", lambda *a, **k: _adam_variant(*a, **k, eps_inside=True)),
    ))

EXERCISES = (RANDOM_MINI_BATCHES, INITIALIZE_VELOCITY, UPDATE_PARAMETERS_WITH_MOMENTUM, INITIALIZE_ADAM,
             UPDATE_PARAMETERS_WITH_ADAM, UPDATE_LR, SCHEDULE_LR_DECAY)


# --------------------------------------------------------------------------- update_parameters_with_gd
UPDATE_PARAMETERS_WITH_GD = Exercise(
    f"{WEEK}.update_parameters_with_gd", c.update_reference,
    lambda rng: c.update_cases(rng, ([3, 2, 3], [4, 5, 3, 1]), 0.01), c.UPDATE_MISTAKES,
    outputs="parameters", mutable=(0,))

EXERCISES = (UPDATE_PARAMETERS_WITH_GD,) + EXERCISES
