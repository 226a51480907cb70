"""Lessons: one module per notebook, named after the notebook's stem.

``dlnotes/lessons/c2w1_regularization.py`` holds what ``notebooks/c2w1_regularization.ipynb`` needs
beyond the core and does not belong in a cell: its experiments (a training run with the lesson's
settings, a sweep over seeds) and its figures.  Nothing else lives here.

The import rule: a lesson imports the core (``dlnotes.model``, ``dlnotes.training``,
``dlnotes.plotting``, ...; a function that builds a widget imports ``dlnotes.widgets`` inside
itself), and may import a name another lesson introduced (the lesson of the
notebook that introduces a helper keeps it; a helper that is generic belongs in the core instead).
The core never imports a lesson or a widget.  A notebook's first import cell names its own lesson
module and the core, nothing else.

This package imports nothing, so that importing one lesson does not load the others.
"""
