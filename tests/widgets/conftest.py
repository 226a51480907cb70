"""Every player (the explorer's training run) made by a test is stopped at its end: a control change plays
in the background, and such a run must not go on into the next test."""

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
