"""Course 2 week 2, optimization methods: random_mini_batches, update_lr, schedule_lr_decay.

random_mini_batches shuffles with the learner's own random draws, so it is checked by what any
correct shuffle keeps: the mini-batch sizes, every example exactly once, each X column with its
own label, and an order that is not the original one.
"""

from __future__ import annotations

import numpy as np

import dlnotes as d

from .checker import Case, Exercise, Mistake

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
    return [Case(first if scheduled else f"public test: {first}", (0.5, 2, 1), {}),
            Case("learning_rate0 = 0.1, epoch_num = 250, decay_rate = 0.3", (0.1, 250, 0.3), dict(extra)),
            Case("epoch 0", (0.2, 0, 2.0), dict(extra)),
            Case("learning_rate0 = 0.3, epoch_num = 1999, decay_rate = 0.5", (0.3, 1999, 0.5), dict(extra))]


UPDATE_LR = Exercise(
    f"{WEEK}.update_lr", lambda learning_rate0, epoch_num, decay_rate: d.learning_rate_at(
        learning_rate0, epoch_num, decay_rate), lambda rng: _lr_cases(rng, False), outputs="learning_rate",
    mistakes=(
        Mistake("learning_rate0 / (1 + decay_rate) * epoch_num (parentheses)", "learning_rate = learning_rate0 / "
                "(1 + decay_rate * epoch_num)", lambda lr0, epoch, rate: lr0 / (1 + rate) * epoch),
        Mistake("decay_rate left out", "learning_rate0 / (1 + decay_rate * epoch_num)",
                lambda lr0, epoch, rate: lr0 / (1 + epoch)),
    ))

SCHEDULE_LR_DECAY = Exercise(
    f"{WEEK}.schedule_lr_decay", lambda learning_rate0, epoch_num, decay_rate, time_interval=1000: d.learning_rate_at(
        learning_rate0, epoch_num, decay_rate, time_interval), lambda rng: _lr_cases(rng, True),
    outputs="learning_rate",
    mistakes=(
        Mistake("epoch_num / time_interval without the floor", "the rate changes once every time_interval "
                "epochs: np.floor(epoch_num / time_interval)",
                lambda lr0, epoch, rate, time_interval=1000: lr0 / (1 + rate * epoch / time_interval)),
        Mistake("time_interval left out", "learning_rate0 / (1 + decay_rate * np.floor(epoch_num / time_interval))",
                lambda lr0, epoch, rate, time_interval=1000: lr0 / (1 + rate * epoch)),
    ))

EXERCISES = (RANDOM_MINI_BATCHES, UPDATE_LR, SCHEDULE_LR_DECAY)
