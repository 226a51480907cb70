"""Tests of dlnotes.course2: values, figures (labelled axes), widgets without a browser, bad input."""

import math

import matplotlib.pyplot as plt
import numpy as np
import pytest

import dlnotes as d
from dlnotes import course2 as c2
from dlnotes.training import History
from dlnotes.widgets import interactive_figure, log_slider, slider


def assert_labelled(fig):
    axes = [ax for ax in fig.axes if ax.get_visible()]
    assert axes
    for ax in axes:
        assert ax.get_xlabel() and ax.get_ylabel(), ax
        assert ax.get_title() or fig._suptitle is not None


# --------------------------------------------------------------------------- numbers that hold on every CPU
def test_order_of_magnitude_is_the_nearest_power_of_ten():
    assert c2.order_of_magnitude(1.77e-11) == "1e-11"
    assert c2.order_of_magnitude(3.0e-4) == "1e-4" and c2.order_of_magnitude(3.3e-4) == "1e-3"
    assert c2.order_of_magnitude(np.float64(250.0)) == "1e2"


def test_format_difference_hides_round_off_digits():
    # the same correct backprop gives 1.08e-09 on one CPU and 1.12e-09 on another: one text for both
    assert c2.format_difference(1.078e-9) == c2.format_difference(1.116e-9) == "below 1e-7"
    assert c2.format_difference(1.5e-7, bound=2e-7) == "below 2e-7"
    assert c2.format_difference(0.0) == "below 1e-7"
    # a bug's difference is printed: three significant digits
    assert c2.format_difference(0.2281877) == "0.228" and c2.format_difference(1 / 3) == "0.333"
    assert c2.format_difference(1e-7) == "1e-07"


def test_format_size_keeps_only_the_order_of_tiny_sizes():
    assert c2.format_size(0.0492) == "0.0492" and c2.format_size(2.98e-5) == "2.98e-05"
    assert c2.format_size(2.1e8) == "2.1e+08" and c2.format_size(0.0) == "0"
    assert c2.format_size(5.05e-20) == "5e-20" and c2.format_size(1.4e-12) == "1e-12"


@pytest.mark.parametrize("call,name", [(lambda: c2.order_of_magnitude(0.0), "x"),
                                       (lambda: c2.order_of_magnitude(float("inf")), "x"),
                                       (lambda: c2.format_difference(float("nan")), "difference"),
                                       (lambda: c2.format_difference(-1e-9), "difference"),
                                       (lambda: c2.format_difference(1e-9, bound=0.0), "bound"),
                                       (lambda: c2.format_size(-1.0), "x"),
                                       (lambda: c2.format_size(True), "x")])
def test_number_formats_reject_bad_input(call, name):
    with pytest.raises(ValueError, match=name):
        call()


# --------------------------------------------------------------------------- setting up
def test_split_sizes_follow_the_lecture():
    assert c2.split_sizes(10_000) == {"train": 6000, "dev": 2000, "test": 2000}
    assert c2.split_sizes(1_000_000) == {"train": 980_000, "dev": 10_000, "test": 10_000}
    table = c2.split_table()
    assert "60/20/20" in table and "98/1/1" in table


@pytest.mark.parametrize("kwargs", [{"m": 2}, {"m": 10.5}, {"m": 100, "holdout_fraction": 0.6},
                                    {"m": 100, "max_holdout": 0}])
def test_split_sizes_rejects_bad_input(kwargs):
    with pytest.raises(ValueError):
        c2.split_sizes(**kwargs)


def test_split_table_rejects_empty():
    with pytest.raises(ValueError, match="sizes"):
        c2.split_table([])


def test_xor_bayes_error():
    assert c2.xor_bayes_error(0.0, 10_000) == 0.0
    assert 0.02 < c2.xor_bayes_error(0.1, 50_000) < 0.06
    with pytest.raises(ValueError, match="noise"):
        c2.xor_bayes_error(-0.1)


@pytest.mark.parametrize("train,dev,verdict", [(0.01, 0.11, "high variance"), (0.15, 0.16, "high bias"),
                                               (0.15, 0.30, "high bias and high variance"),
                                               (0.005, 0.01, "neither")])
def test_diagnose_the_lecture_examples(train, dev, verdict):
    assert c2.diagnose(train, dev, bayes_error=0.0) == verdict


def test_diagnose_uses_the_bayes_error():
    assert c2.diagnose(0.15, 0.16, bayes_error=0.14) == "neither"


@pytest.mark.parametrize("args", [(1.5, 0.1), (-0.1, 0.1), (0.1, float("nan")), (0.1, 0.2, 0.0, 0.0)])
def test_diagnose_rejects_bad_input(args):
    with pytest.raises(ValueError):
        c2.diagnose(*args)


def test_basic_recipe():
    both = c2.basic_recipe(0.15, 0.30)
    assert both[0].startswith("bigger network") and "more data" in both
    assert c2.basic_recipe(0.01, 0.11)[0] == "more data"
    assert "high bias" in c2.recipe_table()


def test_bias_variance_cases_measure_the_two_extremes():
    bias, variance = c2.bias_variance_cases(["high bias", "high variance"])
    assert bias["layer_dims"] == [2, 1] and bias["n_train"] == 400
    assert bias["train_error"] > 0.2 and bias["dev_error"] - bias["train_error"] < 0.05
    assert variance["train_error"] == 0.0 and variance["dev_error"] > 0.08
    fig = c2.plot_bias_variance_cases([bias, variance], bayes_error=0.04)
    assert len(fig.axes) == 2
    assert_labelled(fig)


def test_bias_variance_cases_rejects_unknown_case():
    with pytest.raises(ValueError, match="cases"):
        c2.bias_variance_cases(["overfit"])
    with pytest.raises(ValueError, match="results"):
        c2.plot_bias_variance_cases([])


def test_early_stopping_point_and_plot():
    h = History(iterations=[0, 10, 20, 30], costs=[1.0, 0.5, 0.2, 0.1], dev_costs=[1.0, 0.6, 0.7, 0.9])
    assert c2.early_stopping_point(h) == (10, 0.6)
    ax = c2.plot_early_stopping(h)
    assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()
    with pytest.raises(ValueError, match="dev costs"):
        c2.early_stopping_point(History(iterations=[0], costs=[1.0]))


def test_early_stopping_run_overfits_after_its_minimum():
    _, history = c2.early_stopping_run(iterations=1500)
    it, cost = c2.early_stopping_point(history)
    assert 0 < it < 1499 and history.dev_costs[-1] > cost + 0.05


# --------------------------------------------------------------------------- normalization
def test_normalize_inputs_uses_the_standard_deviation():
    X, _ = c2.make_scaled_features(m=300, means=(3.0, 10.0), stds=(0.2, 2.0))
    n = c2.normalize_inputs(X)
    np.testing.assert_allclose(n.X.mean(axis=1), 0, atol=1e-12)
    np.testing.assert_allclose(n.X.std(axis=1), 1)
    np.testing.assert_allclose(n.sigma.ravel(), X.std(axis=1))
    np.testing.assert_allclose(c2.apply_normalization(X, n.mu, n.sigma), n.X)


def test_normalize_inputs_rejects_bad_input():
    with pytest.raises(ValueError, match="X must be a 2-D"):
        c2.normalize_inputs(np.arange(5.0))
    with pytest.raises(ValueError, match="constant feature"):
        c2.normalize_inputs(np.array([[1.0, 2.0, 3.0], [5.0, 5.0, 5.0]]))
    with pytest.raises(ValueError, match="X must have 3 rows"):
        c2.apply_normalization(np.ones((2, 3)), np.zeros((3, 1)), np.ones((3, 1)))
    with pytest.raises(ValueError, match="mu and sigma"):
        c2.apply_normalization(np.ones((2, 3)), np.zeros((2, 1)), np.ones((3, 1)))
    with pytest.raises(ValueError, match="sigma"):
        c2.apply_normalization(np.ones((2, 3)), np.zeros((2, 1)), np.zeros((2, 1)))
    with pytest.raises(ValueError, match="stds"):
        c2.make_scaled_features(stds=(1.0, 0.0))


def test_linear_cost_grid_matches_linear_cost_and_gd_converges_when_normalized():
    X, y = c2.make_scaled_features(m=100)
    w1, w2 = np.array([-1.0, 0.5, 2.0]), np.array([0.0, 0.3])
    J = c2.linear_cost_grid(X, y, w1, w2)
    assert J.shape == (2, 3)
    assert J[1, 2] == pytest.approx(c2.linear_cost([2.0, 0.3], X, y))
    Z = c2.normalize_inputs(X).X
    yc = y - y.mean()
    path = c2.gd_path(Z, yc, steps=60)
    assert path.shape == (61, 2)
    w_star = np.linalg.solve(Z @ Z.T, Z @ yc[0])
    np.testing.assert_allclose(path[-1], w_star, atol=1e-6)
    curv = c2.quadratic_curvatures(Z)
    assert curv[-1] / curv[0] < 2
    with pytest.raises(ValueError, match="w must have 2"):
        c2.linear_cost([1.0, 2.0, 3.0], X, y)
    with pytest.raises(ValueError, match="y must have"):
        c2.gd_path(X, y[:, :5])


def test_cost_contour_and_steps_figures():
    X, y = c2.make_scaled_features()
    fig, info = c2.cost_contour_figure(X, y, steps=10)
    assert info["raw"]["condition_number"] > 50 and info["normalized"]["condition_number"] < 2
    assert info["normalized"]["remaining"] < info["raw"]["remaining"]
    assert_labelled(fig)
    assert_labelled(c2.normalization_steps_figure(X))


def test_layer_magnitudes_vanish_explode_and_stay_level():
    he = c2.layer_magnitudes(15, "he", "relu")
    assert he["activation_rms"].shape == (15,) and he["gradient_rms"].shape == (15,)
    assert 0.3 < he["activation_rms"].min() and he["activation_rms"].max() < 3
    assert c2.layer_magnitudes(15, "random 0.01", "relu")["activation_rms"][-1] < 1e-10
    assert c2.layer_magnitudes(15, "random 1", "relu")["activation_rms"][-1] > 1e10
    assert c2.layer_magnitudes(10, "xavier", "tanh")["activation_rms"][-1] > 0.1


@pytest.mark.parametrize("kwargs", [{"depth": 0}, {"init": "lecun"}, {"activation": "softmax"}, {"width": 0}])
def test_layer_magnitudes_rejects_bad_input(kwargs):
    with pytest.raises(ValueError):
        c2.layer_magnitudes(**kwargs)


def test_magnitude_figures():
    assert_labelled(c2.plot_layer_magnitudes(6, activation="tanh"))
    fig, info = c2.magnitude_figure(depth=6, init="random 1", activation="relu")
    assert_labelled(fig)
    assert "random 1" in info and "layer 6" in info
    _, info = c2.magnitude_figure(depth=15, init="random 0.01", activation="relu")
    assert "5e-20 (layer 15)" in info  # a vanished signal: only its order of magnitude
    with pytest.raises(ValueError, match="inits"):
        c2.plot_layer_magnitudes(5, inits=[])


def test_magnitude_widget_redraws():
    import ipywidgets as W

    w = interactive_figure(c2.magnitude_figure, depth=slider("depth", 5, 2, 20),
                           init=W.Dropdown(options=list(c2.INIT_CHOICES), value="he"),
                           activation=W.Dropdown(options=["relu", "tanh"], value="relu"))
    first = w.image.value
    w.controls["init"].value = "random 1"
    assert w.image.value != first and "random 1" in w.message.value


# --------------------------------------------------------------------------- initialization
def test_circles_split_shapes():
    s = c2.circles_split()
    assert s.X_train.shape == (2, 300) and s.X_test.shape == (2, 100)


def test_zeros_stay_at_log2_and_he_learns():
    zeros = c2.init_experiment("zeros", iterations=300)
    assert zeros["history"].costs[-1] == pytest.approx(math.log(2), abs=1e-6)
    assert c2.symmetry_report(zeros["parameters"]) == {"W1": 0.0, "W2": 0.0}
    he = c2.init_experiment("he", iterations=300)
    assert he["history"].costs[-1] < he["history"].costs[0]
    with pytest.raises(ValueError, match="init"):
        c2.init_experiment("ones")


def test_constant_start_stays_symmetric():
    p = c2.constant_parameters([2, 10, 5, 1], 0.5)
    assert p["W1"].shape == (10, 2) and (p["W1"] == 0.5).all() and (p["b2"] == 0).all()
    r = c2.init_experiment(parameters=p, iterations=500)
    assert max(c2.symmetry_report(r["parameters"]).values()) < 1e-12
    he = d.initialize_parameters([2, 10, 5, 1], "he", seed=0)
    assert min(c2.symmetry_report(he).values()) > 0.1
    with pytest.raises(ValueError, match="value"):
        c2.constant_parameters([2, 3, 1], float("nan"))


def test_initial_output_stats_explain_the_inf():
    s = c2.circles_split()
    big = c2.initial_output_stats(s.X_train, s.Y_train, d.initialize_parameters([2, 10, 5, 1], "random", 1, 10.0))
    assert big["cost_from_probabilities"] == math.inf and math.isfinite(big["cost"])
    assert big["mean_abs_z"] > 50 and big["wrong_and_saturated"] > 0
    he_params = d.initialize_parameters([2, 10, 5, 1], "he", 1)
    he = c2.initial_output_stats(s.X_train, s.Y_train, he_params)
    assert he["saturated"] == 0 and he["cost_from_probabilities"] == pytest.approx(he["cost"])
    with pytest.raises(ValueError, match="Y must"):
        c2.initial_output_stats(s.X_train, s.Y_train[0], he_params)


def test_init_seed_sweep_and_comparison_plot():
    rows = c2.init_seed_sweep(configs=[("he", 0.01)], seeds=[0], iterations=200)
    assert len(rows) == 1 and 0 <= rows[0]["train_accuracy"] <= 1
    with pytest.raises(ValueError):
        c2.init_seed_sweep(seeds=[])
    results = [c2.init_experiment("zeros", iterations=100), c2.init_experiment("random", 10.0, iterations=100)]
    fig = c2.plot_init_comparison(results)
    assert len(fig.axes) == 3
    assert_labelled(fig)
    with pytest.raises(ValueError, match="results"):
        c2.plot_init_comparison([])


# --------------------------------------------------------------------------- regularization
def test_weight_norms_are_frobenius():
    p = d.initialize_parameters([2, 4, 3, 1], "he", seed=0)
    assert c2.weight_norms(p) == pytest.approx([np.linalg.norm(p[f"W{l}"], "fro") for l in (1, 2, 3)])
    with pytest.raises(ValueError, match="parameters"):
        c2.weight_norms({"b1": np.zeros((2, 1))})


def test_l2_shrinks_the_weights_and_plot():
    none = c2.regularization_experiment(iterations=1500)
    l2 = c2.regularization_experiment(lambd=0.7, iterations=1500)
    assert all(a < b for a, b in zip(l2["weight_norms"], none["weight_norms"]))
    fig = c2.plot_regularization_comparison([none, l2])
    assert "L2" in fig.axes[1].get_title()
    assert_labelled(fig)
    with pytest.raises(ValueError, match="keep_prob"):
        c2.regularization_experiment(keep_prob=1.5, iterations=10)
    with pytest.raises(ValueError, match="results"):
        c2.plot_regularization_comparison([])


def test_regularization_seed_sweep_rows():
    rows = c2.regularization_seed_sweep(seeds=[0], configs=[(0.0, 1.0), (0.7, 0.9)], iterations=50)
    assert [(r["lambd"], r["keep_prob"], r["seed"]) for r in rows] == [(0.0, 1.0, 0), (0.7, 0.9, 0)]
    assert all(0 <= r["test_accuracy"] <= 1 for r in rows)
    with pytest.raises(ValueError, match="non-empty"):
        c2.regularization_seed_sweep(seeds=[])


def test_dropout_expectation():
    e = c2.dropout_expectation(a=2.0, keep_prob=0.8, n_draws=200_000)
    assert e["inverted"] == pytest.approx(2.0, rel=0.01)
    assert e["plain"] == pytest.approx(1.6, rel=0.01)
    assert e["kept_fraction"] == pytest.approx(0.8, abs=0.005)
    with pytest.raises(ValueError, match="keep_prob"):
        c2.dropout_expectation(keep_prob=0.0)


# --------------------------------------------------------------------------- gradient checking
def test_gradient_check_1d():
    r = c2.gradient_check_1d(3.0, 4.0)
    assert r["grad"] == 3.0 and r["difference"] < 1e-7
    assert c2.forward_1d(3.0, 4.0) == 12.0 and c2.backward_1d(3.0, 4.0) == 3.0
    with pytest.raises(ValueError, match="epsilon"):
        c2.gradient_check_1d(3.0, 4.0, epsilon=0)
    with pytest.raises(ValueError, match="x must"):
        c2.forward_1d(float("nan"), 1.0)


def test_buggy_backward_is_caught_and_the_fix_passes():
    X, Y, params = c2.gradcheck_problem()
    assert X.shape == (4, 3) and Y.tolist() == [[1, 1, 0]] and params["b1"].shape == (5, 1)
    AL, caches = d.forward(X, params)
    good = d.backward(AL, Y, caches)
    bad = c2.buggy_backward(AL, Y, caches)
    np.testing.assert_allclose(bad["dW2"], 2 * good["dW2"])
    np.testing.assert_allclose(bad["db1"], 4 * good["db1"])
    np.testing.assert_array_equal(bad["dW1"], good["dW1"])
    assert d.gradient_check(X, Y, params, bad) > 0.1
    assert d.gradient_check(X, Y, params, good) < 2e-7


def test_buggy_backward_needs_two_layers():
    p = d.initialize_parameters([3, 1], "he")
    X = np.ones((3, 2))
    AL, caches = d.forward(X, p)
    with pytest.raises(ValueError, match="2 layers"):
        c2.buggy_backward(AL, np.array([[1, 0]]), caches)


def test_dropout_costs_vary_with_the_mask():
    X, Y, params = c2.gradcheck_problem()
    costs = c2.dropout_costs(X, Y, params, 0.8, seeds=[0, 1, 0])
    assert costs[0] == costs[2] and costs[0] != costs[1]
    with pytest.raises(ValueError, match="keep_prob"):
        c2.dropout_costs(X, Y, params, keep_prob=0)


def test_epsilon_sweep_has_a_sweet_spot():
    eps, diffs = c2.epsilon_sweep([1e-12, 1e-5, 1e-1])
    assert diffs[1] < diffs[0] and diffs[1] < diffs[2] and diffs[1] < 1e-9
    eps, diffs = c2.epsilon_sweep()
    assert eps.shape == diffs.shape == (45,)
    with pytest.raises(ValueError, match="epsilons"):
        c2.epsilon_sweep([1e-3, -1e-3])


def test_epsilon_figure_and_widget():
    fig, info = c2.epsilon_figure(1e-7)
    assert_labelled(fig)
    assert "difference below 1e-7 (passes" in info
    assert "fails" in c2.epsilon_figure(1e-12)[1]
    with pytest.raises(ValueError, match="epsilon"):
        c2.epsilon_figure(10.0)
    w = interactive_figure(c2.epsilon_figure, epsilon=log_slider("epsilon", 1e-7, -12, -1))
    first = w.image.value
    w.controls["epsilon"].value = 1e-3
    assert w.image.value != first and "epsilon = 0.001:" in w.message.value
    plt.close("all")
