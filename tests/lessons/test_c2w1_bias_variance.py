"""dlnotes.lessons.c2w1_bias_variance: split sizes, the bias/variance cases, diagnosis and early stopping."""


import pytest
from figure_checks import assert_labelled

from dlnotes.lessons import c2w1_bias_variance as L
from dlnotes.training import History


def test_split_sizes_follow_the_lecture():
    assert L.split_sizes(10_000) == {"train": 6000, "dev": 2000, "test": 2000}
    assert L.split_sizes(1_000_000) == {"train": 980_000, "dev": 10_000, "test": 10_000}
    table = L.split_table()
    assert "60/20/20" in table and "98/1/1" in table


@pytest.mark.parametrize("kwargs", [{"m": 2}, {"m": 10.5}, {"m": 100, "holdout_fraction": 0.6},
                                    {"m": 100, "max_holdout": 0}])
def test_split_sizes_rejects_bad_input(kwargs):
    with pytest.raises(ValueError):
        L.split_sizes(**kwargs)


def test_split_table_rejects_empty():
    with pytest.raises(ValueError, match="sizes"):
        L.split_table([])


def test_xor_bayes_error():
    assert L.xor_bayes_error(0.0, 10_000) == 0.0
    assert 0.02 < L.xor_bayes_error(0.1, 50_000) < 0.06
    with pytest.raises(ValueError, match="noise"):
        L.xor_bayes_error(-0.1)


@pytest.mark.parametrize("train,dev,verdict", [(0.01, 0.11, "high variance"), (0.15, 0.16, "high bias"),
                                               (0.15, 0.30, "high bias and high variance"),
                                               (0.005, 0.01, "neither")])
def test_diagnose_the_lecture_examples(train, dev, verdict):
    assert L.diagnose(train, dev, bayes_error=0.0) == verdict


def test_diagnose_uses_the_bayes_error():
    assert L.diagnose(0.15, 0.16, bayes_error=0.14) == "neither"


@pytest.mark.parametrize("args", [(1.5, 0.1), (-0.1, 0.1), (0.1, float("nan")), (0.1, 0.2, 0.0, 0.0)])
def test_diagnose_rejects_bad_input(args):
    with pytest.raises(ValueError):
        L.diagnose(*args)


def test_basic_recipe():
    both = L.basic_recipe(0.15, 0.30)
    assert both[0].startswith("bigger network") and "more data" in both
    assert L.basic_recipe(0.01, 0.11)[0] == "more data"
    assert "high bias" in L.recipe_table()


def test_bias_variance_cases_measure_the_two_extremes():
    bias, variance = L.bias_variance_cases(["high bias", "high variance"])
    assert bias["layer_dims"] == [2, 1] and bias["n_train"] == 400
    assert bias["train_error"] > 0.2 and bias["dev_error"] - bias["train_error"] < 0.05
    assert variance["train_error"] == 0.0 and variance["dev_error"] > 0.08
    fig = L.plot_bias_variance_cases([bias, variance], bayes_error=0.04)
    assert len(fig.axes) == 2
    assert_labelled(fig)


def test_bias_variance_cases_rejects_unknown_case():
    with pytest.raises(ValueError, match="cases"):
        L.bias_variance_cases(["overfit"])
    with pytest.raises(ValueError, match="results"):
        L.plot_bias_variance_cases([])


def test_early_stopping_point_and_plot():
    h = History(iterations=[0, 10, 20, 30], costs=[1.0, 0.5, 0.2, 0.1], dev_costs=[1.0, 0.6, 0.7, 0.9])
    assert L.early_stopping_point(h) == (10, 0.6)
    ax = L.plot_early_stopping(h)
    assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()
    with pytest.raises(ValueError, match="dev costs"):
        L.early_stopping_point(History(iterations=[0], costs=[1.0]))


def test_early_stopping_run_overfits_after_its_minimum():
    _, history = L.early_stopping_run(iterations=1500)
    it, cost = L.early_stopping_point(history)
    assert 0 < it < 1499 and history.dev_costs[-1] > cost + 0.05


def test_bayes_standard_error():
    assert L.bayes_standard_error(0.04, 10_000) == pytest.approx((0.04 * 0.96 / 10_000) ** 0.5)
    assert L.bayes_standard_error(0.0) == 0.0
    for bad in (-0.1, 1.5, True):
        with pytest.raises(ValueError, match="error"):
            L.bayes_standard_error(bad)
    with pytest.raises(ValueError, match="n_samples"):
        L.bayes_standard_error(0.1, 0)


def test_early_stopping_errors_reuses_a_given_run():
    run = L.early_stopping_run(iterations=600)
    given = L.early_stopping_errors(600, run=run)
    assert given == L.early_stopping_errors(600)  # training is deterministic: the same as retraining
    assert given["stop_iteration"] < 600 and given["iterations"] == 600
    with pytest.raises(ValueError, match="run must be the result of early_stopping_run"):
        L.early_stopping_errors(6000, run=run)
