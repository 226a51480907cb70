"""dlnotes.lessons.c2w1_initialization: zeros, large, Xavier and He starts on the circles."""

import math

import numpy as np
import pytest
from figure_checks import assert_labelled

import dlnotes as d
from dlnotes.lessons import c2w1_initialization as L


def test_circles_split_shapes():
    s = L.circles_split()
    assert s.X_train.shape == (2, 300) and s.X_test.shape == (2, 100)


def test_zeros_stay_at_log2_and_he_learns():
    zeros = L.init_experiment("zeros", iterations=300)
    assert zeros["history"].costs[-1] == pytest.approx(math.log(2), abs=1e-6)
    assert L.symmetry_report(zeros["parameters"]) == {"W1": 0.0, "W2": 0.0}
    he = L.init_experiment("he", iterations=300)
    assert he["history"].costs[-1] < he["history"].costs[0]
    with pytest.raises(ValueError, match="init"):
        L.init_experiment("ones")


def test_constant_start_stays_symmetric():
    p = L.constant_parameters([2, 10, 5, 1], 0.5)
    assert p["W1"].shape == (10, 2) and (p["W1"] == 0.5).all() and (p["b2"] == 0).all()
    r = L.init_experiment(parameters=p, iterations=500)
    assert max(L.symmetry_report(r["parameters"]).values()) < 1e-12
    he = d.initialize_parameters([2, 10, 5, 1], "he", seed=0)
    assert min(L.symmetry_report(he).values()) > 0.1
    with pytest.raises(ValueError, match="value"):
        L.constant_parameters([2, 3, 1], float("nan"))


def test_initial_output_stats_explain_the_inf():
    s = L.circles_split()
    big = L.initial_output_stats(s.X_train, s.Y_train, d.initialize_parameters([2, 10, 5, 1], "random", 1, 10.0))
    assert big["cost_from_probabilities"] == math.inf and math.isfinite(big["cost"])
    assert big["mean_abs_z"] > 50 and big["wrong_and_saturated"] > 0
    he_params = d.initialize_parameters([2, 10, 5, 1], "he", 1)
    he = L.initial_output_stats(s.X_train, s.Y_train, he_params)
    assert he["saturated"] == 0 and he["cost_from_probabilities"] == pytest.approx(he["cost"])
    with pytest.raises(ValueError, match="Y must"):
        L.initial_output_stats(s.X_train, s.Y_train[0], he_params)


def test_init_seed_sweep_and_comparison_plot():
    rows = L.init_seed_sweep(configs=[("he", 0.01)], seeds=[0], iterations=200)
    assert len(rows) == 1 and 0 <= rows[0]["train_accuracy"] <= 1
    with pytest.raises(ValueError):
        L.init_seed_sweep(seeds=[])
    results = [L.init_experiment("zeros", iterations=100), L.init_experiment("random", 10.0, iterations=100)]
    fig = L.plot_init_comparison(results)
    assert len(fig.axes) == 3
    assert_labelled(fig)
    with pytest.raises(ValueError, match="results"):
        L.plot_init_comparison([])


def test_the_assignment_geometry_and_seed():
    s = L.circles_split()
    radius = np.hypot(*s.X_train)
    inner, outer = radius[s.Y_train[0] == 1], radius[s.Y_train[0] == 0]
    assert inner.mean() == pytest.approx(0.8, abs=0.02) and outer.mean() == pytest.approx(1.0, abs=0.02)
    assert L.INIT_SEED == 3 and L.init_experiment("he", iterations=10)["seed"] == 3


def test_run_summary_and_sweep_reuse_known_runs():
    data = L.circles_split()
    params, history = d.train(data.X_train, data.Y_train, d.network(L.INIT_LAYERS, init="he"), d.GradientDescent(0.01),
                              50)
    r = L.run_summary("he", 1.0, params, history, data, seed=0)
    assert r["first_cost"] == history.costs[0]
    assert r["test_accuracy"] == d.accuracy(d.predict(data.X_test, params), data.Y_test)
    fake = dict(r, train_accuracy=0.123)  # a known run is reused as it is, never retrained
    rows = L.init_seed_sweep(configs=[("he", 5.0)], seeds=[0], known=[fake])
    assert rows[0]["train_accuracy"] == 0.123
    with pytest.raises(ValueError, match="init"):
        L.run_summary("ones", 1.0, params, history, data)


def test_rand_start_is_positive_and_its_units_alike():
    s = L.circles_split()
    u = L.uniform_parameters([2, 10, 5, 1], 10.0, seed=3)
    assert u["W2"].shape == (5, 10) and (u["b1"] == 0).all()
    assert all(((u[k] >= 0) & (u[k] < 10)).all() for k in ("W1", "W2", "W3"))
    assert L.uniform_parameters([2, 10, 5, 1], 10.0, seed=3)["W3"].tolist() == u["W3"].tolist()
    randn = d.initialize_parameters([2, 10, 5, 1], "random", seed=3, scale=10.0)
    # the figures the notebook quotes (section 1): 0.99 against -0.18, mean |z3| 3272 against 1881
    assert L.unit_correlation(s.X_train, u, 2) > 0.95 > 0 > L.unit_correlation(s.X_train, randn, 2)
    assert L.initial_output_stats(s.X_train, s.Y_train, u)["mean_abs_z"] > 1.5 * L.initial_output_stats(
        s.X_train, s.Y_train, randn)["mean_abs_z"]
    same = L.constant_parameters([2, 10, 5, 1], 0.5)
    assert L.unit_correlation(s.X_train, same, 1) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="hidden layer"):
        L.unit_correlation(s.X_train, u, 3)
    with pytest.raises(ValueError, match="scale"):
        L.uniform_parameters([2, 3, 1], 0.0)
