"""Every player (the explorer's training run) made by a test is stopped at its end: a control change plays
in the background, and such a run must not go on into the next test.  ``wait_until`` polls for what a
background run does."""

import time

import pytest

from dlnotes.widgets.player import Player


@pytest.fixture(autouse=True)
def _stop_players(monkeypatch):
    made = []
    init = Player.__init__

    def recording(self, *args, **kwargs):
        init(self, *args, **kwargs)
        made.append(self)

    monkeypatch.setattr(Player, "__init__", recording)
    yield
    for player in made:
        player.debounce.cancel()
        player.stop()


def _wait_until(condition, timeout: float = 60):
    end = time.perf_counter() + timeout
    while not condition():
        assert time.perf_counter() < end, "timed out"
        time.sleep(0.01)


@pytest.fixture
def wait_until():
    """``wait_until(condition, timeout=60)``: poll ``condition()`` until it holds; fail after ``timeout`` s."""
    return _wait_until
