"""dlnotes.lessons.c2w2_optimization_algorithms: mini-batches, EWA, the optimizers on moons, decay, widgets."""


import numpy as np
import pytest
from figure_checks import axes_labelled

import dlnotes as d
from dlnotes.lessons import c2w2_optimization_algorithms as L


@pytest.mark.parametrize("m, size, expected", [(300, 64, [64, 64, 64, 64, 44]), (128, 64, [64, 64]),
                                               (5, 10, [5]), (7, 1, [1] * 7)])
def test_mini_batch_sizes(m, size, expected):
    assert L.mini_batch_sizes(m, size) == expected


def test_mini_batch_sizes_match_random_mini_batches():
    X, Y = L.moons_data()
    batches = d.random_mini_batches(X, Y, 64, rng=0)
    assert [b[0].shape[1] for b in batches] == L.mini_batch_sizes(X.shape[1], 64)
    # the shuffle keeps each example with its label and uses every example once
    Xs = np.hstack([b[0] for b in batches])
    assert sorted(map(tuple, Xs.T)) == sorted(map(tuple, X.T))


@pytest.mark.parametrize("m, size", [(0, 64), (300, 0), (300, 2.5), (True, 4)])
def test_mini_batch_sizes_bad_input(m, size):
    with pytest.raises(ValueError):
        L.mini_batch_sizes(m, size)


def test_ewa_by_hand():
    theta = np.array([10.0, 20.0, 30.0])
    # v1 = 0.5*0 + 0.5*10 = 5; v2 = 2.5 + 10 = 12.5; v3 = 6.25 + 15 = 21.25
    np.testing.assert_allclose(L.ewa(theta, 0.5), [5.0, 12.5, 21.25])
    # corrected: divide by 1 - 0.5^t = 0.5, 0.75, 0.875
    np.testing.assert_allclose(L.ewa(theta, 0.5, bias_correction=True), [10.0, 12.5 / 0.75, 21.25 / 0.875])


@pytest.mark.parametrize("beta", [0.0, 0.5, 0.9, 0.98, 0.999])
def test_bias_corrected_ewa_of_constant_is_constant(beta):
    np.testing.assert_allclose(L.ewa(np.full(50, 7.0), beta, bias_correction=True), 7.0, rtol=1e-12)
    # without correction it starts at (1 - beta) * 7 and climbs towards 7
    plain = L.ewa(np.full(50, 7.0), beta)
    np.testing.assert_allclose(plain, 7.0 * (1 - beta ** np.arange(1, 51)))


def test_ewa_beta_zero_is_the_series():
    theta = np.arange(5.0)
    np.testing.assert_array_equal(L.ewa(theta, 0.0), theta)


@pytest.mark.parametrize("theta, beta", [([], 0.9), ([[1.0, 2.0]], 0.9), ([1.0, np.nan], 0.9), ([1.0], 1.0),
                                         ([1.0], -0.1), ([1.0], "0.9"), (["a", "b"], 0.9)])
def test_ewa_bad_input(theta, beta):
    with pytest.raises(ValueError):
        L.ewa(theta, beta)


def test_effective_window():
    assert L.effective_window(0.9) == pytest.approx(10.0)
    assert L.effective_window(0.98) == pytest.approx(50.0)
    with pytest.raises(ValueError, match="beta"):
        L.effective_window(1.0)


def test_temperature_series_reproducible():
    t, a = L.temperature_series(365, seed=3)
    _, b = L.temperature_series(365, seed=3)
    assert t.shape == a.shape == (365,) and t[0] == 1 and t[-1] == 365
    np.testing.assert_array_equal(a, b)
    with pytest.raises(ValueError, match="days"):
        L.temperature_series(1)
    with pytest.raises(ValueError, match="noise"):
        L.temperature_series(noise=-1.0)


def test_ewa_figure_and_widget():
    fig, info = L.ewa_figure(0.9)
    assert len(fig.axes) == 2 and all(axes_labelled(ax) for ax in fig.axes)
    assert "10.0 days" in info
    w = L.ewa_widget()
    assert w.values == {"beta": 0.9}
    w.controls["beta"].value = 0.5
    assert "2.0 days" in w.result[1]
    with pytest.raises(ValueError, match="beta"):
        L.ewa_figure(1.5)


def test_decay_schedule_by_hand():
    np.testing.assert_allclose(L.decay_schedule(0.1, 4, 1.0), [0.1, 0.05, 0.1 / 3, 0.025])
    np.testing.assert_allclose(L.decay_schedule(0.1, 5, 1.0, time_interval=2), [0.1, 0.1, 0.05, 0.05, 0.1 / 3])
    np.testing.assert_allclose(L.decay_schedule(0.3, 3), 0.3)
    for kw in ({"learning_rate0": 0.0}, {"num_epochs": 0}, {"decay_rate": -1.0}, {"time_interval": 0}):
        args = {"learning_rate0": 0.1, "num_epochs": 3, "decay_rate": 1.0} | kw
        with pytest.raises(ValueError, match=next(iter(kw))):
            L.decay_schedule(**args)


def test_decay_figure_labelled():
    fig = L.plot_decay_schedules(num_epochs=300, time_interval=100)
    assert all(axes_labelled(ax) for ax in fig.axes)
    assert fig.axes[1].get_yscale() == "log"


def test_optimizer_experiment_small():
    r = L.optimizer_experiment("adam", num_epochs=50, learning_rate=0.01, record_every=10)
    assert r["history"].iterations == [0, 10, 20, 30, 40, 49]
    assert 0.0 <= r["accuracy"] <= 1.0
    assert r["learning_rates"].shape == (50,)
    # the same seed gives the same run; the default optimizers are options of dlnotes.train
    again = L.optimizer_experiment("adam", num_epochs=50, learning_rate=0.01, record_every=10)
    assert r["history"].costs == again["history"].costs
    fig = L.plot_optimizer_costs([r])
    assert axes_labelled(fig.axes[0])
    fig = L.plot_optimizer_boundaries([r, again])
    assert len(fig.axes) >= 2 and all(axes_labelled(ax) for ax in fig.axes[:2])


def test_optimizer_experiment_bad_input():
    with pytest.raises(ValueError, match="optimizer"):
        L.optimizer_experiment("sgd", num_epochs=2)
    with pytest.raises(ValueError, match="beta"):
        L.optimizer_experiment("momentum", num_epochs=2, beta=1.0)
    with pytest.raises(ValueError, match="num_epochs"):
        L.optimizer_experiment("gd", num_epochs=0)
    with pytest.raises(ValueError):
        L.plot_optimizer_costs([])


def test_cost_curve_widget_drives_without_browser():
    w = L.optimizer_widget(num_epochs=20)
    assert set(w.values) == {"optimizer", "mini_batch_size", "beta", "learning_rate", "decay_rate"}
    fig, info = w.result
    assert "Adam" in info and all(axes_labelled(ax) for ax in fig.axes)
    w.controls["optimizer"].value = "momentum"
    assert "momentum" in w.result[1]
    w.controls["mini_batch_size"].value = 300
    assert "1 mini-batch" in w.result[1]


def test_optimizer_widget_bad_input():
    with pytest.raises(ValueError, match="mini_batch_size"):
        L.optimizer_widget(mini_batch_size=17)
    with pytest.raises(ValueError, match="optimizer"):
        L.optimizer_widget(optimizer="sgd")


def test_cost_curve_reports_divergence():
    _, info = L.cost_curve_figure("gd", 300, learning_rate=1e300, num_epochs=30)
    assert "diverged" in info


@pytest.mark.parametrize("figsize", [(0, 4), (4,), ("a", 3)])
def test_figures_reject_a_bad_figsize(figsize):
    with pytest.raises(ValueError, match="figsize must be"):
        L.plot_decay_schedules(num_epochs=10, figsize=figsize)


# --------------------------------------------------------------------------- the saddle-point surface
def test_saddle_gradient_matches_finite_differences():
    w, h = np.array([0.3, -0.7]), 1e-6
    numeric = [(L.saddle_cost(*(w + h * e)) - L.saddle_cost(*(w - h * e))) / (2 * h) for e in np.eye(2)]
    np.testing.assert_allclose(L.saddle_gradient(w), numeric, rtol=1e-6)
    # a saddle at the origin (zero gradient, J falls along w1), minima -1/4 at (+-1, 0)
    np.testing.assert_array_equal(L.saddle_gradient(np.zeros(2)), [0.0, 0.0])
    assert L.saddle_cost(0.1, 0.0) < 0 < L.saddle_cost(0.0, 0.1)
    assert L.saddle_cost(1.0, 0.0) == L.saddle_cost(-1.0, 0.0) == -0.25


def test_saddle_paths_are_the_package_optimizers_steps():
    from dlnotes.optimizers import Adam

    paths = L.saddle_paths(learning_rate=0.05, num_steps=3, start=(0.2, 0.5))
    assert set(paths) == {"gd", "momentum", "adam"} and all(p.shape == (4, 2) for p in paths.values())
    # gradient descent by hand
    w = np.array([0.2, 0.5])
    for t in range(1, 4):
        w = w - 0.05 * L.saddle_gradient(w)
        np.testing.assert_allclose(paths["gd"][t], w)
    # Adam: the core's own class, stepped by hand, gives the same path
    w = np.array([0.2, 0.5])
    opt = Adam().start([w])
    for t in range(1, 4):
        opt.step([w], [L.saddle_gradient(w)], 0.05)
        np.testing.assert_array_equal(paths["adam"][t], w)


def test_adam_leaves_the_saddle_plateau_first():
    paths = L.saddle_paths(learning_rate=0.1, num_steps=400, start=(1e-4, 1.0))
    steps = {name: L.steps_to_minimum(p) for name, p in paths.items()}
    assert steps["adam"] < 20 < steps["gd"] < steps["momentum"]
    # gradient descent's time on the plateau grows like ln(1 / w1) / ln(1 + lr)
    closer = L.steps_to_minimum(L.saddle_paths(0.1, 400, (1e-6, 1.0), optimizers=("gd",))["gd"])
    assert abs((closer - steps["gd"]) - np.log(100) / np.log(1.1)) < 3
    assert L.steps_to_minimum(np.array([[0.0, 1.0], [0.0, 0.9]])) is None


@pytest.mark.parametrize("kwargs, message", [
    ({"learning_rate": 0.0}, "learning_rate"), ({"num_steps": 0}, "num_steps"),
    ({"start": (1.0,)}, "start"), ({"optimizers": ("sgd",)}, "optimizers"), ({"beta": 1.0}, "beta")])
def test_saddle_paths_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        L.saddle_paths(**kwargs)


def test_saddle_figure_and_widget():
    import matplotlib.pyplot as plt

    fig, info = L.saddle_figure(learning_rate=0.1, num_steps=150, start_w1=1e-3)
    assert all(axes_labelled(ax) for ax in fig.axes)
    assert info.splitlines() == ["gradient descent: minimum after 79 steps", "momentum: minimum after 118 steps",
                                 "Adam: minimum after 11 steps"]
    plt.close(fig)
    w = L.saddle_widget()
    assert w.result[1] == info
    w.controls["learning_rate"].value = 0.01  # a redraw on a new value
    assert "not at the minimum after 150 steps" in w.result[1]


def test_remembered_experiment_trains_once_per_setting(monkeypatch):
    calls = []
    real = L.optimizer_experiment

    def counted(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)
    monkeypatch.setattr(L, "optimizer_experiment", counted)
    monkeypatch.setattr(L, "REMEMBERED", {})
    first = L.remembered_experiment("gd", 20, 0.01, 64, record_every=5)
    again = L.remembered_experiment("gd", 20, 0.01, 64, record_every=5)
    assert again is first and len(calls) == 1
    L.remembered_experiment("adam", 20, 0.01, 64, record_every=5)
    assert len(calls) == 2
    monkeypatch.setattr(L, "REMEMBERED_MAX", 2)
    L.remembered_experiment("momentum", 20, 0.01, 64, record_every=5)
    assert len(L.REMEMBERED) == 2  # the oldest forgotten
    with pytest.raises(ValueError, match="moons set only"):
        L.remembered_experiment("gd", X=np.zeros((2, 3)))
