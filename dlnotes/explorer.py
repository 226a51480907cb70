"""Compatibility only: the explorer now lives in ``dlnotes.widgets``; this module goes once the
notebooks import from there (``from dlnotes.widgets import Explorer, run_config, ...``)."""
from .widgets import *  # noqa: F403
