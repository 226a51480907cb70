"""The widgets layer: the explorer and the small widget helpers the notebooks use.

- ``controls``: ``interactive_figure``, ``slider``, ``log_slider`` (a function's figure with controls);
- ``config``: the explorer's config dict (``DEFAULT_CONFIG``, ``resolve_config``), its data and
  features, ``run_config`` / ``format_summary`` (training without a widget), HDF5 save / load;
- ``drawing``: the main plot (the output, or one neuron's map) and the cost and accuracy curves,
  rendered to PNG; ``layer_maps`` (every node over the plane in one forward pass);
- ``network_view``: the network picture, an anywidget drawing SVG in the browser (nodes' maps, links
  by weight, a click selects a neuron or edits a weight);
- ``player``: the training run in a background thread (play, pause, step, debounced restarts);
- ``explorer``: the ``Explorer`` widget, its controls made from one table (``CONTROL_TABLE``).

Widgets import the core (``dlnotes.model``, ``dlnotes.training``, ...); the core never imports them.
"""

from .config import (
    DATASETS,
    DEFAULT_CONFIG,
    DIVERGENCE_FACTOR,
    FEATURES,
    MULTICLASS_DATASETS,
    REGRESSION_DATASETS,
    diverged,
    divergence_threshold,
    feature_map,
    format_summary,
    load_parameters,
    load_points_csv,
    make_data,
    resolve_config,
    run_config,
    save_parameters,
)
from .controls import InteractiveFigure, interactive_figure, log_slider, slider
from .drawing import layer_maps, shown_map
from .explorer import ALL_CONTROLS, CONTROL_TABLE, Explorer
from .filters import FilterExplorer, PoolingExplorer  # noqa: F401  (Course 4 week 1: dlnotes.widgets.FilterExplorer)
from .network_view import NetworkView, network_frame

__all__ = [
    "ALL_CONTROLS", "CONTROL_TABLE", "DATASETS", "DEFAULT_CONFIG", "DIVERGENCE_FACTOR", "Explorer", "FEATURES",
    "InteractiveFigure", "MULTICLASS_DATASETS", "NetworkView", "REGRESSION_DATASETS", "divergence_threshold",
    "diverged", "feature_map", "format_summary", "interactive_figure", "layer_maps", "load_parameters",
    "load_points_csv", "log_slider", "make_data", "network_frame", "shown_map",
    "resolve_config", "run_config", "save_parameters", "slider",
]
