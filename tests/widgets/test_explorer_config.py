"""The explorer's config layer: public names, accuracy, CSV encodings, the divergence rule, files, the maps."""

import math

import numpy as np
import pytest

from dlnotes import widgets as E
from dlnotes.batchnorm import BN_EPSILON
from dlnotes.model import Network, predict_proba
from dlnotes.widgets.config import config_accuracy

# the configs the notebooks show (their explorer cells)
PRESETS = {
    "c1w3": {"dataset": "flower", "hidden_layers": [4], "activation": "tanh", "init": "random", "scale": 0.01,
             "learning_rate": 1.2, "iterations": 5000, "seed": 1},
    "c1w4": {"dataset": "flower", "hidden_layers": [8, 8], "activation": "relu", "init": "he",
             "learning_rate": 0.1, "iterations": 3000},
    "bias_variance": {"dataset": "xor", "noise": 0.1, "n_samples": 120, "test_fraction": 0.5,
                      "hidden_layers": [16, 16], "activation": "tanh", "learning_rate": 0.3, "iterations": 3000},
    "initialization": {"dataset": "circles", "n_samples": 400, "noise": 0.05, "test_fraction": 0.25,
                       "hidden_layers": [10, 5], "activation": "relu", "init": "random", "scale": 10.0,
                       "learning_rate": 0.01, "iterations": 15000, "seed": 1},
    "regularization": {"dataset": "football", "hidden_layers": [20, 3], "activation": "relu", "init": "xavier",
                       "learning_rate": 0.3, "iterations": 30000, "seed": 3},
    "optimization": {"dataset": "moons", "hidden_layers": [5, 2], "activation": "relu", "init": "he",
                     "optimizer": "adam", "mini_batch_size": 64, "learning_rate": 0.01, "iterations": 1000},
    "batch_norm": {"dataset": "moons", "hidden_layers": [10] * 5, "activation": "relu", "init": "random",
                   "scale": 0.01, "learning_rate": 0.1, "iterations": 2000, "batch_norm": True},
    "softmax": {"dataset": "spiral", "classes": 3, "hidden_layers": [16], "activation": "relu",
                "learning_rate": 1.0, "iterations": 1500},
    "xor_features": {"dataset": "xor", "noise": 0.0, "hidden_layers": [], "features": ["x1", "x2", "x1*x2"],
                     "learning_rate": 1.0, "iterations": 1000},
}


def test_the_public_names_come_from_the_widgets_package():
    import importlib.util

    from dlnotes.widgets import (
        DEFAULT_CONFIG,
        Explorer,
        format_summary,
        interactive_figure,
        log_slider,
        run_config,
        slider,
    )

    assert isinstance(DEFAULT_CONFIG, dict) and callable(Explorer) and callable(run_config)
    assert callable(format_summary) and importlib.util.find_spec("dlnotes.explorer") is None
    assert callable(interactive_figure) and callable(log_slider) and callable(slider)
    for name in ("load_points_csv", "save_parameters", "load_parameters", "resolve_config"):
        assert callable(getattr(E, name))


# --------------------------------------------------------------------------- accuracy
@pytest.mark.parametrize("config", [{"dataset": "moons", "hidden_layers": [3]},
                                    {"dataset": "spiral", "classes": 3, "hidden_layers": [8]}])
def test_config_accuracy_is_the_cores_predict_and_accuracy(config):
    """Sigmoid's output above 0.5, softmax's most likely class: the share of the points labelled right."""
    s = E.run_config({**config, "iterations": 150})
    cfg, net, data = s["config"], s["parameters"], E.make_data(s["config"])
    P = predict_proba(E.feature_map(data.X_test, cfg["features"]), net)
    by_hand = (P > 0.5).astype(int) if P.shape[0] == 1 else P.argmax(axis=0)[None, :]
    assert config_accuracy(cfg, net, data.X_test, data.Y_test) == (by_hand == data.Y_test).mean()
    assert s["dev_accuracy"] == (by_hand == data.Y_test).mean() and 0.3 < s["train_accuracy"] <= 1


def test_config_accuracy_is_nan_for_a_regression_set():
    s = E.run_config({"dataset": E.REGRESSION_DATASETS[0], "hidden_layers": [3], "iterations": 50})
    data = E.make_data(s["config"])
    assert math.isnan(config_accuracy(s["config"], s["parameters"], data.X_train, data.Y_train))


# --------------------------------------------------------------------------- CSV encodings
ROWS = "\n".join(f"{x:.2f},{-x:.2f},{int(x > 0)}" for x in np.linspace(-1, 1, 10))


def test_csv_with_a_utf8_bom_is_read(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes(("x1,x2,étiquette\n" + ROWS).encode("utf-8-sig"))
    X, Y = E.load_points_csv(path)
    assert X.shape == (2, 10) and Y.shape == (1, 10)
    X2, _ = E.load_points_csv(("x1,x2,label\n" + ROWS).encode("utf-8-sig"))
    X3, _ = E.load_points_csv("\ufeff1,2,0\n" + ROWS)  # BOM in text, no header: the first row is data
    np.testing.assert_array_equal(X2, X)
    assert X3.shape == (2, 11)


def test_csv_that_is_not_utf8_says_so(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes(("x1,x2,étiquette\n" + ROWS).encode("latin-1"))
    with pytest.raises(ValueError, match=r"CSV must be UTF-8 text, got byte 0xe9 at offset 6"):
        E.load_points_csv(path)
    with pytest.raises(ValueError, match="not UTF-8"):
        E.load_points_csv(b"1,2,0\n\xff\xfe,1,1\n")


def test_uploading_a_csv_that_is_not_utf8_shows_the_message(tmp_path, monkeypatch):
    import datetime

    monkeypatch.chdir(tmp_path)
    ex = E.Explorer(autoplay=False)
    content = ("x1,x2,étiquette\n" + ROWS).encode("cp1252")
    ex.controls["upload"].value = ({"name": "excel.csv", "content": memoryview(content), "type": "text/csv",
                                    "size": len(content), "last_modified": datetime.datetime(2026, 1, 1)},)
    assert "excel.csv: CSV must be UTF-8" in ex.status.value
    assert ex.config["dataset"] == "flower"


# --------------------------------------------------------------------------- the divergence rule
def test_a_cost_far_above_its_start_counts_as_diverged():
    s = E.run_config({"learning_rate": 1e6})
    assert not s["history"].diverged and math.isfinite(s["cost"])  # train saw nothing wrong
    assert s["diverged"] and s["cost"] > 10 * math.log(2)
    text = E.format_summary(s)
    assert "DIVERGED after 2000 iterations: the cost ended at" in text
    assert "more than 10 times where it started (0.693) at learning rate 1e+06" in text
    ex = E.Explorer({"learning_rate": 1e6}, autoplay=False).run()
    assert ex.diverged and "Diverged after 2000 iterations" in ex.status.value
    assert ex.network_view.frame["plot"]["image"]  # finite weights: the boundary is still drawn


def test_the_threshold_is_ten_times_the_start_or_log_c():
    cfg = E.resolve_config()
    data = E.make_data(cfg)
    assert E.divergence_threshold(cfg, data) == pytest.approx(10 * math.log(2))  # it starts just below log 2
    big = E.resolve_config(PRESETS["initialization"])  # random init x10 starts far above log 2
    start = E.run_config({**PRESETS["initialization"], "iterations": 1})["cost"]
    assert E.divergence_threshold(big, E.make_data(big)) == pytest.approx(10 * start)
    spiral = E.resolve_config(dataset="spiral", classes=4, init="zeros")  # zeros: exactly log 4 at the start
    assert E.divergence_threshold(spiral, E.make_data(spiral)) == pytest.approx(10 * math.log(4))


def test_a_passing_spike_is_not_divergence():
    s = E.run_config({**PRESETS["xor_features"], "learning_rate": 1e6})
    threshold = E.divergence_threshold(s["config"], E.make_data(s["config"]))
    assert max(s["history"].costs) > 100 * threshold  # it overshot on the way ...
    assert not s["diverged"] and s["train_accuracy"] == 1.0  # ... and ended where it should


# the regression sets only at the default rate: the squared error's steps are not bounded, and at
# learning rate 5 the plane set really diverges (its cost becomes inf)
@pytest.mark.parametrize("name,factor", [(n, 1) for n in E.DATASETS[:-1]] +
                         [(n, 10) for n in E.DATASETS[:-1] if n not in E.REGRESSION_DATASETS])
def test_no_false_alarm_on_any_data_set(name, factor):
    s = E.run_config({"dataset": name, "learning_rate": 0.5 * factor})
    assert not s["diverged"], E.format_summary(s)


@pytest.mark.parametrize("name", PRESETS)
def test_no_false_alarm_on_the_notebook_presets_at_ten_times_their_learning_rate(name):
    cfg = PRESETS[name]
    for config in (cfg, {**cfg, "learning_rate": 10 * cfg["learning_rate"],
                         "iterations": min(cfg["iterations"], 5000)}):  # at most 5000: a short test
        s = E.run_config(config)
        assert not s["diverged"], E.format_summary(s)


def test_inf_or_nan_still_diverges_and_stops():
    s = E.run_config({"learning_rate": 30.0, "init": "random", "scale": 10.0, "hidden_layers": [16] * 4,
                      "activation": "relu"})
    assert s["history"].diverged and s["diverged"] and s["iterations_run"] < 2000
    assert "the cost became inf or NaN at learning rate 30" in E.format_summary(s)


# --------------------------------------------------------------------------- files and maps
def test_load_parameters_returns_a_network_that_needs_no_names(tmp_path):
    s = E.run_config({"dataset": "spiral", "classes": 3, "activation": "leaky_relu", "iterations": 200})
    path = E.save_parameters(tmp_path / "net.h5", s["parameters"], s["config"])
    network, cfg = E.load_parameters(path)
    assert isinstance(network, Network) and cfg == s["config"]
    assert (network.hidden_activation, network.output_activation) == ("leaky_relu", "softmax")
    X = E.feature_map(E.make_data(cfg).X_test, cfg["features"])
    np.testing.assert_allclose(predict_proba(X, network), predict_proba(X, s["parameters"]))
    E.save_parameters(tmp_path / "bad.h5", s["parameters"], {**s["config"], "features": ["x1"]})
    with pytest.raises(ValueError, match="W1 must have shape"):  # the config says 1 input, W1 has 2
        E.load_parameters(tmp_path / "bad.h5")


def test_layer_maps_show_each_hidden_unit_with_batch_norms_running_averages():
    s = E.run_config({"hidden_layers": [3], "activation": "tanh", "iterations": 100})
    cfg, net = s["config"], s["parameters"]
    gx, gy = np.meshgrid(np.linspace(-4, 4, 8), np.linspace(-3, 3, 8))
    grid = np.vstack([gx.ravel(), gy.ravel()])
    np.testing.assert_allclose(E.layer_maps(cfg, net, grid)[1], np.tanh(net["W1"] @ grid + net["b1"]))
    bn = E.run_config({"hidden_layers": [3, 3], "batch_norm": True, "iterations": 100})
    p = bn["parameters"]
    bn_maps = E.layer_maps(bn["config"], p, grid)[1]
    z = p["W1"] @ grid + p["b1"]
    assert not np.allclose(bn_maps, np.tanh(z))  # batch norm is applied ...
    z_hat = (z - p["mean1"]) / np.sqrt(p["var1"] + BN_EPSILON)
    np.testing.assert_allclose(bn_maps, np.tanh(p["gamma1"] * z_hat + p["beta1"]),
                               rtol=1e-6, atol=1e-6)  # ... with the running averages


def test_run_config_with_a_progress_bar_trains_the_same_network(capsys):
    config = {"dataset": "xor", "hidden_layers": [3], "iterations": 200}
    shown, plain = E.run_config(config, progress=True), E.run_config(config)
    assert shown["cost"] == plain["cost"]
    assert all(np.array_equal(shown["parameters"][k], plain["parameters"][k]) for k in plain["parameters"])
    assert "training" in capsys.readouterr().err  # tqdm writes its bar to stderr outside a notebook
