"""The explorer driven from Python, as a learner's clicks would: no browser."""

import datetime
import time

import numpy as np
import pytest

from dlnotes import widgets as E


def make(config=None, **kw):
    ex = E.Explorer(config, autoplay=False, **kw)
    ex.player.run_seconds = 0.5  # a played run spans about this long (paced by the clock): short for tests
    return ex


def plot(ex):
    """The main plot's image as sent to the browser (base64 bytes)."""
    return ex.network_view.frame["plot"]["image"]


def test_run_config_is_what_the_widget_shows():
    cfg = {"dataset": "moons", "hidden_layers": [5], "iterations": 600, "learning_rate": 0.5}
    summary = E.run_config(cfg)
    ex = make(cfg).run()
    for k in ex.parameters:
        np.testing.assert_array_equal(ex.parameters[k], summary["parameters"][k])
    assert ex.track["cost"][-1] == summary["cost"]
    assert ex.track["dev_acc"][-1] == summary["dev_accuracy"]
    text = E.format_summary(summary)
    assert "iteration 600" in text and "accuracy train" in text


def test_the_finished_run_keeps_its_summary():
    """A notebook prints the widget's own run (``summary``) instead of training it again with run_config."""
    cfg = {"dataset": "moons", "hidden_layers": [3], "iterations": 300, "learning_rate": 0.5}
    ex = make(cfg)
    assert ex.summary is None
    ex.run()
    assert E.format_summary(ex.summary) == E.format_summary(E.run_config(cfg))
    ex.reset()
    assert ex.summary is None


def test_config_round_trip_reproduces_the_screen():
    ex = make({"dataset": "circles", "iterations": 300})
    ex.controls["learning_rate"].value = 0.2
    ex.controls["hidden_layers"].value = 2
    ex.panel.unit_sliders[1].value = 3
    ex.panel.feature_buttons["x1^2"].value = True
    cfg = dict(ex.config)
    assert cfg["hidden_layers"] == [4, 3] and cfg["learning_rate"] == pytest.approx(0.2)
    assert cfg["features"] == ["x1", "x2", "x1^2"]
    ex.run()
    again = make(eval(repr(cfg))).run()  # printed, copied, passed back
    np.testing.assert_array_equal(ex.parameters["W1"], again.parameters["W1"])


def test_slider_change_restarts_from_the_same_seed_and_changes_the_figure():
    ex = make({"iterations": 400})
    ex.run()
    before_img, before_w = plot(ex), ex.parameters["W1"].copy()
    ex.controls["lambd"].value = 0.7
    assert ex.config["lambd"] == 0.7
    ex.run()  # cancels the debounced restart the change armed
    assert not ex.player.debounce.armed and not ex.player.alive
    assert plot(ex) != before_img
    assert not np.array_equal(ex.parameters["W1"], before_w)
    ex.controls["lambd"].value = 0.0
    ex.run()
    np.testing.assert_array_equal(ex.parameters["W1"], before_w)  # same seed -> same result


def test_keep_prob_and_play_pause_step_reset():
    ex = make({"iterations": 3000, "keep_prob": 0.8})
    ex.step()
    ex.wait()
    first = ex.iteration
    assert first >= 1 and not ex.finished
    ex.step()
    ex.wait()
    assert ex.iteration > first
    ex.play()
    ex.player.thread.join(30)
    assert ex.finished and ex.iteration == 3000
    img = plot(ex)
    ex.reset()
    assert ex.iteration == 0 and plot(ex) != img


def test_a_control_change_plays_without_autoplay():
    """autoplay=False only keeps the explorer from training when it is shown: a control moved plays
    the new setting (live frames, to the end) without a click on play."""
    ex = make({"iterations": 600})
    assert ex.iteration == 0 and not ex.player.alive
    at_start = plot(ex)
    ex.controls["lambd"].value = 0.3
    ex.wait(30)
    ex.player.thread.join(30)
    assert ex.finished and ex.iteration == 600 and ex.player.frames >= 2
    assert plot(ex) != at_start and "accuracy train" in ex.status.value
    summary = E.run_config(ex.config)
    np.testing.assert_array_equal(ex.parameters["W1"], summary["parameters"]["W1"])


def test_pause_shows_where_the_run_stopped(wait_until):
    """Status line, main plot, epoch counter and curves all show the iteration the run stopped at."""
    ex = make({"iterations": 30000, "hidden_layers": [8, 8]})
    ex.player.run_seconds = 60.0  # a slow pace: the run is still going when paused, on any machine
    curves_before = ex.curves_image.value
    ex.play()
    wait_until(lambda: ex.player.frames >= 3)
    ex.pause()
    ex.wait(30)
    at = ex.iteration
    assert ex.player.paused and 0 < at < 30000
    assert f"paused at iteration {at}<" in ex.status.value
    assert ex.network_view.frame["iteration"] == at and f"{at:07,d}" in ex.plots.counter.value
    assert ex.track["iterations"][-1] <= at and ex.curves_image.value != curves_before
    time.sleep(0.3)
    assert ex.iteration == at
    ex.play()
    wait_until(lambda: ex.iteration > at)
    ex.stop()


def test_divergence_is_reported_not_plotted():
    ex = make({"dataset": "flower", "learning_rate": 30.0, "init": "random", "scale": 10.0,
               "hidden_layers": [16, 16, 16, 16], "activation": "relu", "iterations": 2000})
    ex.run()
    assert ex.diverged
    assert "Diverged" in ex.status.value and "learning rate" in ex.status.value
    assert "DIVERGED" in E.format_summary(E.run_config(ex.config))


def test_every_dataset_and_activation_trains():
    for name in E.DATASETS[:-1]:
        s = E.run_config({"dataset": name, "iterations": 200})
        if name in E.REGRESSION_DATASETS:
            assert s["cost"] < s["history"].costs[0] and np.isnan(s["train_accuracy"]), name
        else:
            assert 0.4 <= s["train_accuracy"] <= 1.0, name
    for act in ["relu", "sigmoid", "leaky_relu", "linear"]:
        ex = make({"iterations": 200})
        ex.controls["activation"].value = act
        ex.run()
        assert ex.config["activation"] == act and ex.network_view.frame["maps"]


def test_football_split_is_fixed():
    s = E.run_config({"dataset": "football", "hidden_layers": [20, 3], "iterations": 300, "learning_rate": 0.3})
    assert s["parameters"]["W1"].shape == (20, 2)
    ex = make({"dataset": "football"})
    assert ex.controls["noise"].disabled and ex.data.X_train.shape == (2, 211)


def test_regenerate_changes_data_seed():
    ex = make({"dataset": "moons"})
    X = ex.data.X_train.copy()
    ex.controls["regenerate"].click()
    assert ex.config["data_seed"] == 1 and not np.array_equal(X, ex.data.X_train)


def upload(name, text):
    """What a FileUpload widget holds after the learner picks a file."""
    return ({"name": name, "content": memoryview(text.encode()), "type": "text/csv", "size": len(text),
             "last_modified": datetime.datetime(2026, 1, 1)},)


def test_csv_upload_good_and_bad(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    ex = make()
    rows = "x1,x2,label\n" + "\n".join(f"{x:.2f},{x * x:.2f},{int(x > 0)}" for x in np.linspace(-1, 1, 40))
    ex.controls["upload"].value = upload("mine.csv", rows)
    assert ex.config["dataset"] == "csv" and ex.data.X_train.shape[0] == 2
    ex.wait(30)  # the new data plays at once, as any control does
    assert ex.finished and ex.iteration == ex.config["iterations"]
    bad = "x1,x2,label\n1,2,0\n3,4,5\n"
    ex.controls["upload"].value = upload("bad.csv", bad)
    assert "bad.csv: CSV line 3: label must be 0 or 1" in ex.status.value


@pytest.mark.parametrize("text,match", [
    ("1,2\n", r"line 1: expected 3 columns"),
    ("1,2,0\n1,x,1\n", r"line 2: expected numbers"),
    ("1,2,0\n1,2,1\n", r"at least 4 points"),
    ("1,2,0\n1,2,0\n3,3,0\n4,4,0\n", r"both labels"),
    ("1,nan,0\n", r"must be finite"),
])
def test_load_points_csv_rejects_bad_files(text, match):
    with pytest.raises(ValueError, match=match):
        E.load_points_csv(text)


def test_export_import_parameters(tmp_path):
    ex = make({"iterations": 300, "hidden_layers": [3]})
    ex.run()
    path = ex.export(tmp_path / "p.h5")
    other = make({"iterations": 300, "hidden_layers": [6, 2]})
    other.import_parameters(path)
    assert other.config["hidden_layers"] == [3]
    np.testing.assert_array_equal(other.parameters["W1"], ex.parameters["W1"])
    with pytest.raises(ValueError, match="HDF5 file written by save_parameters"):
        E.load_parameters(tmp_path / "missing.h5")


def test_controls_subset_and_bad_config():
    ex = make({"dataset": "football"}, controls=["lambd", "keep_prob"])
    left = ex.widget.children[0].children[0]
    assert ex.controls["lambd"] in left.children and ex.controls["dataset"] not in left.children
    with pytest.raises(ValueError, match="unknown key"):
        E.resolve_config({"lr": 1})
    with pytest.raises(ValueError, match="controls must be one of"):
        E.Explorer(controls=["speed"], autoplay=False)
    with pytest.raises(ValueError, match="hidden_layers must be up to 6"):
        E.resolve_config({"hidden_layers": [4] * 7})
    with pytest.raises(ValueError, match="sizes in 1..32"):
        E.resolve_config({"hidden_layers": [33]})
    with pytest.raises(ValueError, match="features must be"):
        E.resolve_config({"features": ["x3"]})


def test_feature_map_shapes():
    X = np.array([[1.0, 2.0], [3.0, 4.0]])
    F = E.feature_map(X, ["x1", "x1*x2", "sin(x2)"])
    np.testing.assert_allclose(F, [[1, 2], [3, 8], [np.sin(3), np.sin(4)]])


def test_redraw_is_fast_enough_to_measure():
    ex = make({"iterations": 200}).run()
    ex.redraw()
    assert ex.last_draw_seconds > 0  # the benchmark reports the real latency


def test_hidden_unit_sliders_do_not_hide_other_controls():
    ex = make(controls=None)
    ex.controls["hidden_layers"].value = 1
    assert ex.panel.unit_sliders[1].layout.display == "none"
    assert ex.panel.unit_sliders[0].layout.display is None
    shown = [w for name, w in ex.controls.items() if name != "hidden_units"]
    assert all(w.layout.display != "none" for w in shown)
    assert len({id(w.layout) for w in ex.panel.unit_sliders + shown}) == len(ex.panel.unit_sliders) + len(shown)


def test_mini_batch_and_optimizer_controls():
    ex = make({"iterations": 100})
    assert ex.controls["mini_batch_size"].label == "full batch"
    ex.controls["mini_batch_size"].value = 64
    ex.controls["optimizer"].value = "adam"
    assert ex.config["mini_batch_size"] == 64 and ex.config["optimizer"] == "adam"
    ex.run()
    assert ex.iteration == 100
    ex.set_config({**ex.config, "mini_batch_size": None})
    assert ex.controls["mini_batch_size"].value == 0 and ex.config["mini_batch_size"] is None


def test_a_burst_of_changes_trains_once_for_the_last_value():
    ex = E.Explorer({"iterations": 500}, autoplay=True)
    ex.player.run_seconds = 0.5
    ex.wait(30)
    ex.player.thread.join(30)
    runs = []
    original = ex.player.train
    ex.player.train = lambda *a, **k: (runs.append(ex.config["lambd"]), original(*a, **k))
    for k in range(8):
        ex.controls["lambd"].value = 0.1 * (k + 1)
    ex.wait(30)
    ex.player.thread.join(30)
    assert runs == [pytest.approx(0.8)]
    assert ex.finished and ex.iteration == 500


def test_multiclass_mode_on_spiral_and_blobs():
    s = E.run_config({"dataset": "spiral", "classes": 3, "hidden_layers": [16], "activation": "relu",
                      "learning_rate": 1.0, "iterations": 1500})
    assert s["parameters"]["W2"].shape == (3, 16)
    assert s["train_accuracy"] > 0.8, s["train_accuracy"]
    ex = make({"dataset": "blobs", "classes": 4, "iterations": 300})
    ex.run()
    assert ex.track["train_acc"][-1] > 0.7 and plot(ex)
    ex.controls["dataset"].value = "moons"  # a two-class set: the classes control steps aside
    assert ex.config["classes"] == 2 and ex.controls["classes"].disabled
    with pytest.raises(ValueError, match="classes must be 2"):
        E.resolve_config({"dataset": "moons", "classes": 3})


def test_batch_norm_toggle():
    cfg = {"dataset": "moons", "hidden_layers": [8, 8], "activation": "relu", "iterations": 400,
           "learning_rate": 0.1}
    ex = make(cfg)
    ex.run()
    plain = ex.track["cost"][-1]
    ex.controls["batch_norm"].value = True
    ex.wait(30)  # the change plays the new network from the start
    assert ex.config["batch_norm"] is True and "gamma1" in ex.parameters
    ex.run()
    assert ex.track["cost"][-1] != plain and "mean2" in ex.parameters
    s = E.run_config({**cfg, "batch_norm": True})
    assert s["cost"] == ex.track["cost"][-1]
    assert E.run_config({**cfg, "hidden_layers": [], "batch_norm": True})["iterations_run"] == 400
