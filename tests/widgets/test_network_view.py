"""The network picture and the Playground controls, driven from Python as the browser would: no browser.

The browser sends two things: the clicked node (the ``selected`` trait) and a typed weight (a custom
message {"type": "edit", ...}, which reaches the widget through ipywidgets' ``_handle_custom_msg``).
"""

import base64
import time

import numpy as np
import pytest

from dlnotes import widgets as E
from dlnotes.model import hidden_activations, predict_proba
from dlnotes.widgets.drawing import GRID, plane
from dlnotes.widgets.network_view import MINI

SMALL = {"dataset": "moons", "hidden_layers": [3, 2], "iterations": 300, "learning_rate": 0.5}


def make(config=None, **kw):
    ex = E.Explorer(config, autoplay=False, **kw)
    ex.player.run_seconds = 0.5  # a played run spans about this long: short for tests
    return ex


def image(ex):
    """The main plot's bytes as sent to the browser."""
    return np.frombuffer(base64.b64decode(ex.network_view.frame["plot"]["image"]), np.uint8)


def send_edit(ex, layer, row, col, value):
    """What the browser sends when the learner types a weight for a link and presses Enter."""
    ex.network_view._handle_custom_msg({"type": "edit", "layer": layer, "row": row, "col": col, "value": value}, [])


# --------------------------------------------------------------------------- what is sent to the browser
def test_layer_maps_are_one_forward_pass_of_every_node():
    s = E.run_config(SMALL)
    cfg, net = s["config"], s["parameters"]
    grid, _ = plane(E.make_data(cfg), 12)
    maps = E.layer_maps(cfg, net, grid)
    assert [m.shape for m in maps] == [(2, 144), (3, 144), (2, 144), (1, 144)]
    np.testing.assert_allclose(maps[0], E.feature_map(grid, cfg["features"]))
    for got, want in zip(maps[1:-1], hidden_activations(maps[0], net)):
        np.testing.assert_allclose(got, want)
    np.testing.assert_allclose(maps[-1], predict_proba(maps[0], net))


def test_network_frame_holds_every_node_and_weight():
    ex = make(SMALL).run()
    frame = ex.network_view.frame
    assert frame["layers"] == [["x1", "x2"], ["", "", ""], ["", ""], ["output"]]
    maps = np.frombuffer(base64.b64decode(frame["maps"]), np.uint8).reshape(8, MINI, MINI)
    assert maps.min() < 64 and maps.max() > 191  # the inputs span the plane: both ends of the scale
    for layer in (1, 2, 3):
        np.testing.assert_allclose(frame["weights"][layer - 1], ex.parameters[f"W{layer}"], atol=5e-5)
        np.testing.assert_allclose(frame["biases"][layer - 1], ex.parameters[f"b{layer}"].ravel(), atol=5e-5)
    # the output node is the probability on the same scale: 0 -> byte 0, 1 -> byte 255
    grid, _ = plane(ex.data, GRID)
    P = predict_proba(E.feature_map(grid, ex.config["features"]), ex.parameters).reshape(GRID, GRID)
    small = P[::GRID // MINI, ::GRID // MINI]
    np.testing.assert_allclose(maps[-1] / 255, small, atol=0.5 / 255 + 1e-9)
    assert frame["loss"]["train"][-1] == pytest.approx(ex.track["cost"][-1], rel=1e-3)
    assert len(frame["points"]["train"]) == ex.data.X_train.shape[1]
    assert frame["iteration"] == 300 and "epoch <b>000,300</b>" in ex.plots.counter.value
    assert "dev (test)" in ex.plots.counter.value


# --------------------------------------------------------------------------- clicking a neuron
def test_clicking_a_neuron_shows_its_map_until_clicked_again():
    ex = make(SMALL).run()
    output = image(ex)
    ex.network_view.selected = "1:2"  # what the browser sets when unit 3 of layer 1 is clicked
    plot = ex.network_view.frame["plot"]
    assert "layer 1, unit 3" in plot["title"] and not np.array_equal(image(ex), output)
    grid, _ = plane(ex.data, GRID)
    a = hidden_activations(E.feature_map(grid, ex.config["features"]), ex.parameters)[0][2]
    np.testing.assert_allclose(image(ex) / 255 * 2 - 1, a / max(1, np.abs(a).max()), atol=1.01 / 255)
    ex.select("0:1")
    assert "input x2" in ex.network_view.frame["plot"]["title"]
    ex.network_view.selected = ""
    np.testing.assert_array_equal(image(ex), output)
    ex.network_view.selected = "9:9"  # a node the network does not have (it changed): the output
    np.testing.assert_array_equal(image(ex), output)


# --------------------------------------------------------------------------- editing a weight
def test_editing_a_weight_changes_the_network_and_run_config_reproduces_it():
    ex = make(SMALL).run()
    before, W = image(ex), ex.parameters["W2"].copy()
    send_edit(ex, 2, 1, 0, 4.0)
    assert ex.parameters["W2"][1, 0] == 4.0 and not np.array_equal(image(ex), before)
    np.testing.assert_array_equal(np.delete(ex.parameters["W2"].ravel(), 3), np.delete(W.ravel(), 3))
    assert ex.config["edits"] == [[300, "W2", 1, 0, 4.0]]
    assert "W[2][2, 1] set to 4" in ex.status.value
    again = E.run_config(eval(repr(ex.config)))  # printed, copied, passed back
    for k in ex.parameters:
        np.testing.assert_array_equal(again["parameters"][k], ex.parameters[k])


def test_an_edit_while_paused_takes_effect_and_is_replayed(wait_until):
    cfg = {**SMALL, "iterations": 3000}
    ex = make(cfg)
    ex.step()
    ex.wait()
    at = ex.iteration
    assert 0 < at < 3000
    send_edit(ex, 1, 0, 1, -3.0)
    wait_until(lambda: ex.config["edits"])
    assert ex.config["edits"] == [[at, "W1", 0, 1, -3.0]] and ex.parameters["W1"][0, 1] == -3.0
    ex.play()
    ex.player.thread.join(60)
    assert ex.finished
    replay = E.run_config(ex.config)
    np.testing.assert_array_equal(replay["parameters"]["W1"], ex.parameters["W1"])
    assert replay["cost"] == ex.track["cost"][-1]
    plain = E.run_config(cfg)
    assert not np.array_equal(plain["parameters"]["W1"], ex.parameters["W1"])


def test_an_edit_before_training_starts_from_the_edited_network():
    ex = make(SMALL)
    send_edit(ex, 3, 0, 0, 2.0)
    assert ex.config["edits"] == [[0, "W3", 0, 0, 2.0]] and ex.parameters["W3"][0, 0] == 2.0
    ex.player.train(live=False)  # train from here, as play does
    np.testing.assert_array_equal(E.run_config(ex.config)["parameters"]["W3"], ex.parameters["W3"])


def test_bad_edits_are_refused_with_a_message():
    ex = make(SMALL).run()
    W = ex.parameters["W1"].copy()
    for layer, row, col, value in [(1, 5, 0, 1.0), (4, 0, 0, 1.0), (1, 0, 0, float("nan")), (1, 0, 0, "x")]:
        send_edit(ex, layer, row, col, value)
        assert "not a weight of this network" in ex.status.value
    np.testing.assert_array_equal(ex.parameters["W1"], W)
    assert ex.config["edits"] == []
    with pytest.raises(ValueError, match=r"edits of W1 must name an iteration in 0..300 and an entry of shape"):
        E.resolve_config({**SMALL, "edits": [[0, "W1", 3, 0, 1.0]]})
    with pytest.raises(ValueError, match="edits key must be one of"):
        E.resolve_config({**SMALL, "edits": [[0, "W9", 0, 0, 1.0]]})
    with pytest.raises(ValueError, match="edits value must be a finite number"):
        E.resolve_config({**SMALL, "edits": [[0, "W1", 0, 0, float("inf")]]})


def test_a_control_change_or_reset_drops_the_edits():
    ex = make(SMALL).run()
    ex.edit_weight(1, 0, 0, 1.5)
    assert ex.config["edits"]
    ex.controls["learning_rate"].value = 0.2
    assert ex.config["edits"] == [] and ex.player.debounce.armed  # the new setting plays from the start
    ex.wait(30)
    ex.player.thread.join(30)
    assert ex.finished and ex.config["edits"] == []
    ex.edit_weight(1, 0, 0, 1.5)
    ex.forget_edits()  # the reset button
    assert ex.config["edits"] == [] and ex.parameters["W1"][0, 0] != 1.5


# --------------------------------------------------------------------------- the controls Playground has
def test_l1_control_changes_training_and_the_cost():
    ex = make(SMALL).run()
    plain = ex.track["cost"][-1]
    ex.controls["l1"].value = 0.5
    assert ex.config["l1"] == 0.5
    ex.run()
    assert ex.track["cost"][-1] != plain
    s = E.run_config(ex.config)
    assert s["cost"] == ex.track["cost"][-1] and "L1 0.5" in E.format_summary(s)


def test_linear_activation_makes_a_linear_boundary():
    s = E.run_config({"dataset": "xor", "noise": 0.0, "hidden_layers": [8, 8], "activation": "linear",
                      "iterations": 500})
    assert s["train_accuracy"] < 0.7  # a stack of linear layers is one linear map: xor stays out of reach
    ex = make({"activation": "tanh"})
    ex.controls["activation"].value = "linear"
    assert ex.config["activation"] == "linear"


def test_discretize_redraws_without_training_again():
    ex = make(SMALL).run()
    smooth = image(ex)
    ex.controls["discretize"].value = True
    assert ex.config["discretize"] and ex.finished and ex.iteration == 300  # no new run
    assert set(np.unique(image(ex))) == {0, 255} and len(np.unique(smooth)) > 2
    ex.controls["discretize"].value = False
    np.testing.assert_array_equal(image(ex), smooth)


def test_regression_sets_show_a_continuous_heatmap_and_losses():
    ex = make({"iterations": 400})
    ex.controls["dataset"].value = "multi_gaussian"
    ex.wait(30)  # the new data set plays from the start
    assert ex.controls["classes"].disabled and ex.parameters.output_activation == "linear"
    ex.controls["hidden_layers"].value = 2
    ex.run()
    assert ex.track["cost"][-1] < ex.track["cost"][0]
    plot = ex.network_view.frame["plot"]
    assert plot["kind"] == "scale" and "predicted value" in plot["title"] and len(np.unique(image(ex))) > 20
    colours = {c for _, _, c in ex.network_view.frame["points"]["train"]}
    assert len(colours) > 20  # each point coloured by its real target
    assert "loss: train" in ex.plots.counter.value
    ex.controls["discretize"].value = True
    assert set(np.unique(image(ex))) <= {0, 255}  # the sign of the predicted value
    s = E.run_config(ex.config)
    assert "squared-error loss train" in E.format_summary(s) and np.isnan(s["train_accuracy"])
    plane_set = E.make_data(E.resolve_config(dataset="plane"))
    assert plane_set.Y_train.dtype.kind == "f"


def test_frames_keep_coming_while_playing():
    ex = make({"dataset": "flower", "n_samples": 500, "hidden_layers": [8, 8, 8], "iterations": 30000})
    frames = []
    ex.network_view.observe(lambda change: frames.append(change["new"]["iteration"]), names="frame")
    ex.play()
    time.sleep(2.0)
    ex.stop()
    assert len(set(frames)) >= 4, frames  # the benchmark measures the rate; here: the picture is live
