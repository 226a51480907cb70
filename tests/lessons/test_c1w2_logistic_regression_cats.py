"""dlnotes.lessons.c1w2_logistic_regression_cats:
Learning rates, mislabeled pictures, the flattening bug, the widget."""


import numpy as np
import pytest
from figure_checks import figure_labelled

import dlnotes as d
from dlnotes.lessons import c1w2_logistic_regression_cats as L


def test_learning_rate_comparison_table_and_plot(fake_cat):
    results = L.learning_rate_comparison(fake_cat, (0.01, 0.001), num_iterations=200)
    assert [r["learning_rate"] for r in results] == [0.01, 0.001]
    assert len(results[0]["costs"]) == 2
    table = L.format_rate_table(results, {0.01: (99.52153, 68), 0.001: (88.99521, 64)})
    lines = table.splitlines()
    assert len(lines) == 3 and "course train" in lines[0] and "99.522%" in lines[1] and "88.995%" in lines[2]
    ours = lines[1].split()[2]  # same format as the course's column: 3 decimals
    assert ours.endswith("%") and len(ours.split(".")[1]) == 4
    assert figure_labelled(L.plot_learning_rates(results))


def test_mislabeled_and_its_grid(fake_cat):
    Y = fake_cat.Y_test
    Y_hat = Y.copy()
    Y_hat[0, [1, 4]] = 1 - Y_hat[0, [1, 4]]
    np.testing.assert_array_equal(L.mislabeled(Y_hat, Y), [1, 4])
    fig = L.plot_mislabeled(fake_cat.images_test, Y_hat, Y, fake_cat.classes)
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert len(titles) == 2 and "true:" in titles[0] and "pred:" in titles[0]
    assert "2 of 12" in fig._suptitle.get_text()
    fig = L.plot_mislabeled(fake_cat.images_test, Y, Y)
    assert fig.axes[0].get_title() == "no mislabeled images"


def test_wrong_flatten_mixes_pictures(fake_cat):
    images = fake_cat.images_train
    right = d.datasets.flatten_images(images)
    wrong = L.wrong_flatten(images)
    assert wrong.shape == right.shape == (192, 40)
    assert not np.array_equal(wrong[:, 0], right[:, 0])
    np.testing.assert_array_equal(right[:, 0], images[0].ravel() / 255)
    flat = L.flatten_comparison(fake_cat, num_iterations=50)
    assert flat["pictures_in_column0"] == 40
    assert flat["own_pixels"] == pytest.approx(1 / 40, abs=0.01)
    assert 0 <= flat["wrong"]["test_accuracy"] <= 1


def test_logistic_figure_and_widget(fake_cat):
    fig, info = L.logistic_figure(0.01, 200, data=fake_cat)
    assert figure_labelled(fig) and "train accuracy" in info and "test accuracy" in info
    # a known run is reused, not recomputed
    known = [{"learning_rate": 0.5, "num_iterations": 100, "costs": [0.7, 0.1], "train_accuracy": 0.25,
              "test_accuracy": 0.5}]
    _, info = L.logistic_figure(0.5, 100, data=fake_cat, known=known)
    assert "train accuracy 25.00%" in info
    w = L.logistic_widget(fake_cat, learning_rate=0.01, num_iterations=100)
    first = w.image.value
    assert first[:4] == b"\x89PNG" and "test accuracy" in w.message.value
    w.controls["num_iterations"].value = 300
    assert w.image.value != first and w.values["num_iterations"] == 300


@pytest.mark.parametrize("call,match", [
    (lambda: L.learning_rate_comparison(object()), "data must be a CatData"),
    (lambda: L.logistic_figure(0.01, 6000, data=None), "data must be a CatData"),
    (lambda: L.format_rate_table([]), "results"),
    (lambda: L.plot_learning_rates([]), "results"),
    (lambda: L.mislabeled(np.zeros(3), np.zeros((1, 3))), "Y_hat and Y"),
    (lambda: L.wrong_flatten(np.zeros(3)), "images must have shape"),
])
def test_week2_logistic_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_logistic_figure_caps_iterations(fake_cat):
    with pytest.raises(ValueError, match="num_iterations must be at most 5000"):
        L.logistic_figure(0.01, 6000, data=fake_cat)
    with pytest.raises(ValueError, match="learning_rate must be > 0"):
        L.logistic_figure(0.0, 100, data=fake_cat)


# --------------------------------------------------------------------------- derivatives and the bowl
def test_nudge_table_is_the_lectures_slope():
    rows = L.nudge_table()
    by = {(r["f"], r["a"]): r for r in rows}
    assert len(rows) == 8
    assert by[("3a", 2.0)]["f(a+h)"] == pytest.approx(6.003) and by[("3a", 5.0)]["slope"] == pytest.approx(3.0)
    assert by[("a^2", 2.0)]["f(a+h)"] == pytest.approx(4.004001)
    assert by[("a^2", 2.0)]["slope"] == pytest.approx(4.001)  # one-sided: off by the nudge itself
    assert by[("a^2", 5.0)]["derivative"] == 10.0 and by[("a^3", 2.0)]["derivative"] == 12.0
    assert by[("log a", 2.0)]["slope"] == pytest.approx(0.5, abs=1e-3)
    for r in rows:  # the centred difference (numerical_gradient) is much closer than the one-sided slope
        assert abs(r["centred"] - r["derivative"]) <= abs(r["slope"] - r["derivative"]) + 1e-9
    text = L.format_nudge_table(rows)
    assert len(text.splitlines()) == 9 and "4.0010" in text
    with pytest.raises(ValueError, match="names"):
        L.nudge_table(["sin a"])
    with pytest.raises(ValueError, match="nudge"):
        L.nudge_table(nudge=0.0)
    fig = L.plot_slopes()
    assert len(fig.axes) == 4 and figure_labelled(fig)


def test_descent_path_follows_optimize_and_every_start_reaches_the_minimum():
    x, y = L.bowl_data(m=30, seed=1)
    assert x.shape == y.shape == (1, 30) and set(np.unique(y)) <= {0, 1}
    path = L.descent_path(x, y, 0.0, 0.0, learning_rate=1.0, num_steps=5)
    assert path["w"].shape == path["b"].shape == path["cost"].shape == (6,)
    params, _, _ = d.optimize(np.zeros((1, 1)), 0.0, x, y, num_iterations=5, learning_rate=1.0)
    assert path["w"][-1] == pytest.approx(params["w"][0, 0]) and path["b"][-1] == pytest.approx(params["b"])
    assert np.all(np.diff(path["cost"]) < 0)  # a small enough step always goes down the bowl
    ends = [L.descent_path(x, y, w0, b0, learning_rate=4.0, num_steps=200) for w0, b0 in ((0, 0), (-2, 3), (5, -4))]
    for e in ends[1:]:  # convex: one minimum, whatever the start
        assert e["w"][-1] == pytest.approx(ends[0]["w"][-1], abs=1e-4)
        assert e["b"][-1] == pytest.approx(ends[0]["b"][-1], abs=1e-4)
    with pytest.raises(ValueError, match="X"):
        L.descent_path(np.zeros((2, 3)), y[:, :3], 0.0, 0.0)


def test_cost_surface_and_bowl_figure():
    x, y = L.bowl_data(m=20, seed=0)
    ws, bs, J = L.cost_surface(x, y, resolution=7)
    assert ws.shape == bs.shape == (7,) and J.shape == (7, 7)
    assert J[3, 5] == pytest.approx(d.propagate(np.full((1, 1), ws[5]), bs[3], x, y)[1])
    fig = L.plot_bowl(x, y, [L.descent_path(x, y, 0.0, 0.0, num_steps=3)], resolution=7)
    ax3, ax2 = fig.axes[0], fig.axes[1]
    assert ax3.get_zlabel() == "J(w, b)" and ax3.get_xlabel() == "w" and ax3.get_ylabel() == "b"
    assert ax2.get_xlabel() == "w" and ax2.get_ylabel() == "b" and ax2.get_title()
    with pytest.raises(ValueError, match="paths"):
        L.plot_bowl(x, y, [])
