"""Tests of dlnotes.exercises, one file per week."""

from dlnotes.exercises import check


def assert_mistake_named(name, fn, diagnosis):
    """``check`` fails the planted mistake ``fn`` and its feedback names ``diagnosis``."""
    result = check(name, fn)
    assert not result
    assert diagnosis in str(result), str(result)
