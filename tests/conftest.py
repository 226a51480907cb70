import os

import matplotlib
import pytest

matplotlib.use("Agg")

# how a test run gets the external course files it skips without
HOW_TO_PROVIDE = "set DLNOTES_DATA to a folder holding the course files, or run `make data`"


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: real-browser end-to-end tests (need chromium)")
    # the course files are found as a user's are ($DLNOTES_DATA, then data/); the suite never downloads
    os.environ["DLNOTES_OFFLINE"] = "1"


def _skip_without_course_file(exc):
    pytest.skip(f"{str(exc).split('. ')[0]}: {HOW_TO_PROVIDE}")


def _skipping_without_course_files():
    """The body of a hook wrapper: a course file nobody provided turns the error into a skip."""
    from dlnotes.datasets import DataNotFoundError

    try:
        return (yield)
    except DataNotFoundError as exc:
        _skip_without_course_file(exc)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    """A fixture that loads a course file nobody provided skips its tests (saying how to provide it)."""
    return (yield from _skipping_without_course_files())


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """A test that loads a course file nobody provided is skipped (saying how to provide it)."""
    return (yield from _skipping_without_course_files())


@pytest.fixture(scope="session")
def course_file():
    """``course_file(name)``: the path of a good copy of the external file ``name``, found as the
    package finds it ($DLNOTES_DATA, then data/); the test is skipped when there is none."""
    from dlnotes.datasets import DataNotFoundError, find_external

    def find(name):
        try:
            return find_external(name, download_missing=False)
        except DataNotFoundError as exc:
            _skip_without_course_file(exc)

    return find


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")
