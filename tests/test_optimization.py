"""Tests for dlnotes.optimization (Course 2 weeks 2-3): values against hand-computed ones, figures,
widgets driven without a browser, bad input, and gradient checks of the softmax network."""

import matplotlib
import numpy as np
import pytest

import dlnotes as d
from dlnotes import optimization as o

matplotlib.use("Agg")


def _labelled(ax):
    return bool(ax.get_xlabel()) and bool(ax.get_ylabel())


# --------------------------------------------------------------------------- mini-batches
@pytest.mark.parametrize("m, size, expected", [(300, 64, [64, 64, 64, 64, 44]), (128, 64, [64, 64]),
                                               (5, 10, [5]), (7, 1, [1] * 7)])
def test_mini_batch_sizes(m, size, expected):
    assert o.mini_batch_sizes(m, size) == expected


def test_mini_batch_sizes_match_random_mini_batches():
    X, Y = o.moons_data()
    batches = d.random_mini_batches(X, Y, 64, rng=0)
    assert [b[0].shape[1] for b in batches] == o.mini_batch_sizes(X.shape[1], 64)
    # the shuffle keeps each example with its label and uses every example once
    Xs = np.hstack([b[0] for b in batches])
    assert sorted(map(tuple, Xs.T)) == sorted(map(tuple, X.T))


@pytest.mark.parametrize("m, size", [(0, 64), (300, 0), (300, 2.5), (True, 4)])
def test_mini_batch_sizes_bad_input(m, size):
    with pytest.raises(ValueError):
        o.mini_batch_sizes(m, size)


# --------------------------------------------------------------------------- EWA
def test_ewa_by_hand():
    theta = np.array([10.0, 20.0, 30.0])
    # v1 = 0.5*0 + 0.5*10 = 5; v2 = 2.5 + 10 = 12.5; v3 = 6.25 + 15 = 21.25
    np.testing.assert_allclose(o.ewa(theta, 0.5), [5.0, 12.5, 21.25])
    # corrected: divide by 1 - 0.5^t = 0.5, 0.75, 0.875
    np.testing.assert_allclose(o.ewa(theta, 0.5, bias_correction=True), [10.0, 12.5 / 0.75, 21.25 / 0.875])


@pytest.mark.parametrize("beta", [0.0, 0.5, 0.9, 0.98, 0.999])
def test_bias_corrected_ewa_of_constant_is_constant(beta):
    np.testing.assert_allclose(o.ewa(np.full(50, 7.0), beta, bias_correction=True), 7.0, rtol=1e-12)
    # without correction it starts at (1 - beta) * 7 and climbs towards 7
    plain = o.ewa(np.full(50, 7.0), beta)
    np.testing.assert_allclose(plain, 7.0 * (1 - beta ** np.arange(1, 51)))


def test_ewa_beta_zero_is_the_series():
    theta = np.arange(5.0)
    np.testing.assert_array_equal(o.ewa(theta, 0.0), theta)


@pytest.mark.parametrize("theta, beta", [([], 0.9), ([[1.0, 2.0]], 0.9), ([1.0, np.nan], 0.9), ([1.0], 1.0),
                                         ([1.0], -0.1), ([1.0], "0.9"), (["a", "b"], 0.9)])
def test_ewa_bad_input(theta, beta):
    with pytest.raises(ValueError):
        o.ewa(theta, beta)


def test_effective_window():
    assert o.effective_window(0.9) == pytest.approx(10.0)
    assert o.effective_window(0.98) == pytest.approx(50.0)
    with pytest.raises(ValueError, match="beta"):
        o.effective_window(1.0)


def test_temperature_series_reproducible():
    t, a = o.temperature_series(365, seed=3)
    _, b = o.temperature_series(365, seed=3)
    assert t.shape == a.shape == (365,) and t[0] == 1 and t[-1] == 365
    np.testing.assert_array_equal(a, b)
    with pytest.raises(ValueError, match="days"):
        o.temperature_series(1)
    with pytest.raises(ValueError, match="noise"):
        o.temperature_series(noise=-1.0)


def test_ewa_figure_and_widget():
    fig, info = o.ewa_figure(0.9)
    assert len(fig.axes) == 2 and all(_labelled(ax) for ax in fig.axes)
    assert "10.0 days" in info
    w = o.ewa_widget()
    assert w.values == {"beta": 0.9}
    w.controls["beta"].value = 0.5
    assert "2.0 days" in w.result[1]
    with pytest.raises(ValueError, match="beta"):
        o.ewa_figure(1.5)


# --------------------------------------------------------------------------- optimizers and decay
def test_decay_schedule_by_hand():
    np.testing.assert_allclose(o.decay_schedule(0.1, 4, 1.0), [0.1, 0.05, 0.1 / 3, 0.025])
    np.testing.assert_allclose(o.decay_schedule(0.1, 5, 1.0, time_interval=2), [0.1, 0.1, 0.05, 0.05, 0.1 / 3])
    np.testing.assert_allclose(o.decay_schedule(0.3, 3), 0.3)
    for kw in ({"learning_rate0": 0.0}, {"num_epochs": 0}, {"decay_rate": -1.0}, {"time_interval": 0}):
        args = {"learning_rate0": 0.1, "num_epochs": 3, "decay_rate": 1.0} | kw
        with pytest.raises(ValueError, match=next(iter(kw))):
            o.decay_schedule(**args)


def test_decay_figure_labelled():
    fig = o.plot_decay_schedules(num_epochs=300, time_interval=100)
    assert all(_labelled(ax) for ax in fig.axes)
    assert fig.axes[1].get_yscale() == "log"


def test_optimizer_experiment_small():
    r = o.optimizer_experiment("adam", num_epochs=50, learning_rate=0.01, record_every=10)
    assert r["history"].iterations == [0, 10, 20, 30, 40, 49]
    assert 0.0 <= r["accuracy"] <= 1.0
    assert r["learning_rates"].shape == (50,)
    # the same seed gives the same run; the default optimizers are options of dlnotes.train
    again = o.optimizer_experiment("adam", num_epochs=50, learning_rate=0.01, record_every=10)
    assert r["history"].costs == again["history"].costs
    fig = o.plot_optimizer_costs([r])
    assert _labelled(fig.axes[0])
    fig = o.plot_optimizer_boundaries([r, again])
    assert len(fig.axes) >= 2 and all(_labelled(ax) for ax in fig.axes[:2])


def test_optimizer_experiment_bad_input():
    with pytest.raises(ValueError, match="optimizer"):
        o.optimizer_experiment("sgd", num_epochs=2)
    with pytest.raises(ValueError, match="beta"):
        o.optimizer_experiment("momentum", num_epochs=2, beta=1.0)
    with pytest.raises(ValueError, match="num_epochs"):
        o.optimizer_experiment("gd", num_epochs=0)
    with pytest.raises(ValueError):
        o.plot_optimizer_costs([])


def test_cost_curve_widget_drives_without_browser():
    w = o.optimizer_widget(num_epochs=20)
    assert set(w.values) == {"optimizer", "mini_batch_size", "beta", "learning_rate", "decay_rate"}
    fig, info = w.result
    assert "Adam" in info and all(_labelled(ax) for ax in fig.axes)
    w.controls["optimizer"].value = "momentum"
    assert "momentum" in w.result[1]
    w.controls["mini_batch_size"].value = 300
    assert "1 mini-batch" in w.result[1]


def test_optimizer_widget_bad_input():
    with pytest.raises(ValueError, match="mini_batch_size"):
        o.optimizer_widget(mini_batch_size=17)
    with pytest.raises(ValueError, match="optimizer"):
        o.optimizer_widget(optimizer="sgd")


def test_cost_curve_reports_divergence():
    _, info = o.cost_curve_figure("gd", 300, learning_rate=1e300, num_epochs=30)
    assert "diverged" in info


# --------------------------------------------------------------------------- tuning
def test_log_uniform_sampling_ranges():
    lr = o.sample_learning_rates(2000, seed=0)
    assert lr.min() >= 1e-4 and lr.max() <= 1.0
    # uniform on the log scale: about a quarter of the samples in each decade
    counts = np.histogram(np.log10(lr), bins=[-4, -3, -2, -1, 0])[0]
    assert np.all(np.abs(counts / 2000 - 0.25) < 0.05)
    beta = o.sample_betas(2000, seed=0)
    assert beta.min() >= 0.9 and beta.max() <= 0.999
    assert np.mean(beta > 0.99) == pytest.approx(0.5, abs=0.05)  # half the samples in [0.99, 0.999]
    np.testing.assert_array_equal(o.sample_betas(5, seed=1), o.sample_betas(5, seed=1))


@pytest.mark.parametrize("args", [(0, -4, 0), (5, 0, -4), (5, -4, -4), (5, np.nan, 0), (5, "a", 0)])
def test_sample_log_uniform_bad_input(args):
    with pytest.raises(ValueError):
        o.sample_log_uniform(*args)


def test_grid_vs_random_points():
    grid, rand = o.grid_vs_random_points(5, seed=0)
    assert grid.shape == rand.shape == (2, 25)
    assert len(np.unique(grid[0])) == 5 and len(np.unique(rand[0])) == 25
    fig = o.plot_grid_vs_random()
    assert all(_labelled(ax) for ax in fig.axes[:2])
    with pytest.raises(ValueError, match="n_per_axis"):
        o.grid_vs_random_points(1)


def test_sampling_figure_labelled():
    fig = o.plot_sampling_scales(200)
    assert all(_labelled(ax) and ax.get_xscale() == "log" for ax in fig.axes)


def test_search_rows_table_and_zoom():
    data = o.tuning_data()
    rows = o.random_search(4, seed=0, data=data, iterations=30)
    assert len(rows) == 4
    for r in rows:
        assert 1e-4 <= r["learning_rate"] <= 1 and 0.9 <= r["beta"] <= 0.999 and 2 <= r["hidden_units"] <= 16
    assert rows == o.random_search(4, seed=0, data=data, iterations=30)
    grid = o.grid_search(2, data=data, iterations=30)
    assert sorted({r["learning_rate"] for r in grid}) == pytest.approx([1e-4, 1.0])
    assert sorted({round(1 - r["beta"], 10) for r in grid}) == pytest.approx([1e-3, 1e-1])
    table = o.format_results_table(rows + grid, top=3)
    assert len(table.splitlines()) == 5 and "dev acc" in table
    z = o.zoom_ranges(rows, top_k=2, pad=0.0)
    best = sorted(rows, key=lambda r: -r["dev_accuracy"])[:2]
    assert z["lr_exp"] == pytest.approx((min(np.log10([r["learning_rate"] for r in best])),
                                         max(np.log10([r["learning_rate"] for r in best]))))
    fig = o.plot_search_results(rows)
    assert all(ax.get_xlabel() for ax in fig.axes) and fig.axes[0].get_ylabel()
    fig = o.plot_search_plane({"coarse": rows, "grid": grid}, box=z)
    assert _labelled(fig.axes[0])


def test_search_bad_input():
    with pytest.raises(ValueError, match="n_trials"):
        o.random_search(0)
    with pytest.raises(ValueError, match="lr_exp"):
        o.random_search(1, lr_exp=(0, -4))
    with pytest.raises(ValueError, match="top_k"):
        o.zoom_ranges([], top_k=3)
    with pytest.raises(ValueError, match="rows"):
        o.format_results_table([])
    with pytest.raises(ValueError, match="beta"):
        o.evaluate_hyperparameters(0.1, 1.2, 4, iterations=2)


def test_diverged_trial_is_reported():
    row = {"learning_rate": 50.0, "beta": 0.9, "hidden_units": 4, "diverged": True,
           "train_accuracy": float("nan"), "dev_accuracy": float("nan")}
    assert "diverged" in o.format_results_table([row])


# --------------------------------------------------------------------------- softmax
def test_softmax_by_hand():
    z = np.array([1.0, 2.0, 3.0])
    e = np.exp(z)
    np.testing.assert_allclose(o.softmax_stable(z), e / e.sum())
    np.testing.assert_allclose(o.softmax_naive(z), e / e.sum())
    np.testing.assert_allclose(o.log_softmax(z), np.log(e / e.sum()))
    Z = np.array([[0.0, 5.0], [0.0, -5.0]])  # columns are examples
    np.testing.assert_allclose(o.softmax_stable(Z)[:, 0], [0.5, 0.5])
    np.testing.assert_allclose(o.softmax_stable(Z).sum(axis=0), 1.0)
    np.testing.assert_allclose(o.softmax_stable(Z), d.softmax(Z))


def test_naive_softmax_overflows_stable_does_not():
    z = np.array([1000.0, 1001.0, 1002.0])
    assert np.isnan(o.softmax_naive(z)).all()
    np.testing.assert_allclose(o.softmax_stable(z), o.softmax_stable(z - 1000))  # shift invariance
    y = np.array([0.0, 0.0, 1.0])
    assert not np.isfinite(o.cross_entropy_naive(z, y))
    expected = np.log(1 + np.exp(-1) + np.exp(-2))  # -log softmax(z)_3 = log(sum_j e^(z_j - z_3))
    assert o.cross_entropy_stable(z, y) == pytest.approx(expected)
    # very negative logits: the naive probability underflows to 0 and log gives inf
    z = np.array([0.0, -800.0])
    assert o.cross_entropy_naive(z, np.array([0.0, 1.0])) == np.inf
    assert o.cross_entropy_stable(z, np.array([0.0, 1.0])) == pytest.approx(800.0)


def test_cross_entropy_matches_model_cost():
    rng = np.random.default_rng(0)
    Z = rng.standard_normal((3, 6))
    Y = o.one_hot(rng.integers(0, 3, (1, 6)), 3)
    assert o.cross_entropy_stable(Z, Y) == pytest.approx(d.compute_cost(d.softmax(Z), Y))


def test_softmax_cross_entropy_gradient_is_a_minus_y():
    rng = np.random.default_rng(1)
    z, y = rng.standard_normal(4), np.eye(4)[2]
    eps = 1e-6
    numeric = np.array([(o.cross_entropy_stable(z + eps * e, y) - o.cross_entropy_stable(z - eps * e, y)) / (2 * eps)
                        for e in np.eye(4)])
    np.testing.assert_allclose(numeric, o.softmax_stable(z) - y, atol=1e-8)


@pytest.mark.parametrize("z", [np.array([]), np.zeros((2, 2, 2)), np.array([1.0, np.nan]), np.array(["a"])])
def test_softmax_bad_input(z):
    with pytest.raises(ValueError, match="z"):
        o.softmax_stable(z)


def test_cross_entropy_bad_labels():
    with pytest.raises(ValueError, match="one-hot"):
        o.cross_entropy_stable(np.zeros(3), np.array([0.5, 0.5, 0.0]))
    with pytest.raises(ValueError, match="shape"):
        o.cross_entropy_stable(np.zeros(3), np.array([0.0, 1.0]))


def test_one_hot_by_hand():
    Y = o.one_hot(np.array([[0, 2, 1, 2]]), 3)
    np.testing.assert_array_equal(Y, [[1, 0, 0, 0], [0, 0, 1, 0], [0, 1, 0, 1]])
    np.testing.assert_array_equal(o.labels_from_one_hot(Y), [[0, 2, 1, 2]])
    np.testing.assert_array_equal(o.one_hot([1.0, 0.0], 2), [[0, 1], [1, 0]])


@pytest.mark.parametrize("labels, C", [([[0, 3]], 3), ([[-1, 0]], 3), ([[0.5, 1]], 3), ([[0, 1]], 1),
                                       ([], 3), (np.zeros((2, 2), int), 3)])
def test_one_hot_bad_input(labels, C):
    with pytest.raises(ValueError):
        o.one_hot(labels, C)


@pytest.mark.parametrize("hidden", ["relu", "tanh"])
def test_gradient_check_softmax_network(hidden):
    data = o.multiclass_data(3, n_samples=30)
    X, Y = data.X_train[:, :8], o.one_hot(data.Y_train[:, :8], 3)
    parameters = d.initialize_parameters([2, 5, 3], "xavier", seed=1)
    assert d.gradient_check(X, Y, parameters, hidden_activation=hidden, output_activation="softmax") < 1e-7
    parameters = d.initialize_parameters([2, 3], "xavier", seed=2)  # softmax regression
    assert d.gradient_check(X, Y, parameters, output_activation="softmax") < 1e-7


def test_train_multiclass_regions():
    data = o.multiclass_data(3)
    lin = o.train_multiclass(data, hidden_units=0, iterations=200)
    assert lin["layer_dims"] == [2, 3]
    net = o.train_multiclass(data, hidden_units=16, iterations=400)
    assert net["layer_dims"] == [2, 16, 3]
    assert net["train_accuracy"] > lin["train_accuracy"]
    ax = o.plot_multiclass_regions(net["parameters"], data.X_train, data.Y_train, resolution=20,
                                   X_dev=data.X_test, Y_dev=data.Y_test, title="t")
    assert _labelled(ax) and ax.get_title() == "t"
    with pytest.raises(ValueError, match="X"):
        o.plot_multiclass_regions(net["parameters"], data.X_train[0], data.Y_train)
    with pytest.raises(ValueError, match="Y"):
        o.plot_multiclass_regions(net["parameters"], data.X_train, data.Y_train[0])
    with pytest.raises(ValueError, match="hidden_units"):
        o.train_multiclass(data, hidden_units=-1)


def test_four_class_regions_colour_the_argmax():
    data = o.multiclass_data(4, n_samples=200)
    r = o.train_multiclass(data, hidden_units=8, iterations=100)
    ax = o.plot_multiclass_regions(r["parameters"], data.X_train, data.Y_train, resolution=10)
    image = ax.images[0].get_array()
    grid, _ = d.plotting.boundary_grid(data.X_train, 10)
    P = d.predict_proba(grid, r["parameters"], output_activation="softmax")
    np.testing.assert_allclose(image, d.plotting.class_rgb(P).reshape(10, 10, 3))
    # each pixel is a pale version of its argmax class's colour: the least-white channel matches
    colors = np.array([matplotlib.colors.to_rgb(c) for c in d.plotting.POINT_COLORS[:4]])
    pale = 1 - image.reshape(-1, 3)
    for pixel, cls in zip(pale, P.argmax(axis=0)):
        target = 1 - colors[cls]
        if pixel.max() > 1e-6:
            np.testing.assert_allclose(pixel / pixel.max(), target / target.max(), atol=1e-9)


def test_multiclass_widget_drives_without_browser():
    w = o.multiclass_widget(iterations=50)
    assert set(w.values) == {"hidden_units", "learning_rate"}
    assert "16 hidden relu units" in w.result[1]
    w.controls["hidden_units"].value = 0
    assert "softmax regression" in w.result[1]
    fig, _ = w.result
    assert all(_labelled(ax) for ax in fig.axes)
