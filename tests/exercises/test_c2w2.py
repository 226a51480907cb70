"""Course 2 week 2 exercises: the solutions pass, planted mistakes are named, a learner's own seed
does not fail a correct shuffle."""

import numpy as np
import pytest

from dlnotes.exercises import check, reference
from dlnotes.exercises.solutions import c2w2 as sol

NAMES = ["random_mini_batches", "update_lr", "schedule_lr_decay"]


@pytest.mark.parametrize("name", NAMES)
def test_solution_passes(name):
    result = check(name, getattr(sol, name))
    assert result, str(result)


@pytest.mark.parametrize("seed", [0, 1, 10])
def test_learner_seed_does_not_fail_a_correct_shuffle(seed):
    own = seed

    def random_mini_batches(X, Y, mini_batch_size=64, seed=0):
        return sol.random_mini_batches(X, Y, mini_batch_size, own)  # the learner's own seed, not the one given
    assert check("random_mini_batches", random_mini_batches)


def _batches(shuffle=True, together=True, keep_last=True):
    def random_mini_batches(X, Y, mini_batch_size=64, seed=0):
        np.random.seed(seed)
        m = X.shape[1]
        p = np.random.permutation(m) if shuffle else np.arange(m)
        q = np.random.permutation(m) if not together else p
        X, Y = X[:, p], Y[:, q]
        stop = m if keep_last else m - m % mini_batch_size
        return [(X[:, k:k + mini_batch_size], Y[:, k:k + mini_batch_size]) for k in range(0, stop, mini_batch_size)]
    return random_mini_batches


MISTAKES = [
    ("random_mini_batches", _batches(together=False), "X and Y shuffled with different permutations"),
    ("random_mini_batches", _batches(keep_last=False), "the last, smaller mini-batch left out"),
    ("random_mini_batches", _batches(shuffle=False), "the examples not shuffled"),
    ("update_lr", lambda lr0, epoch_num, decay_rate: lr0 / (1 + decay_rate) * epoch_num, "(parentheses)"),
    ("update_lr", lambda lr0, epoch_num, decay_rate: lr0 / (1 + epoch_num), "decay_rate left out"),
    ("schedule_lr_decay", lambda lr0, epoch_num, decay_rate, time_interval=1000:
     lr0 / (1 + decay_rate * epoch_num / time_interval), "without the floor"),
    ("schedule_lr_decay", lambda lr0, epoch_num, decay_rate, time_interval=1000:
     lr0 / (1 + decay_rate * epoch_num), "time_interval left out"),
]


@pytest.mark.parametrize("name, fn, diagnosis", MISTAKES, ids=[f"{m[0]}-{m[2]}" for m in MISTAKES])
def test_planted_mistake_is_named(name, fn, diagnosis):
    result = check(name, fn)
    assert not result
    assert diagnosis in str(result), str(result)


def test_core_gives_the_course_public_values():
    assert reference("update_lr")(0.5, 2, 1) == pytest.approx(0.16666666666666666)
