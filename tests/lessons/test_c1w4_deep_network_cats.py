"""dlnotes.lessons.c1w4_deep_network_cats: the cat network's spread over seeds and its figures."""


import numpy as np
import pytest
from figure_checks import figure_labelled

import dlnotes as d
from dlnotes.lessons import c1w4_deep_network_cats as L


def test_seed_spread_reuses_known_parameters(fake_cat):
    dims = [192, 3, 1]
    p0, _ = d.train(fake_cat.X_train, fake_cat.Y_train, d.network(dims, init="xavier"), d.GradientDescent(0.01), 20)
    spread = L.seed_spread(fake_cat, dims, seeds=[0, 1], num_iterations=20, known={0: p0})
    assert [s for s, _, _ in spread] == [0, 1]
    assert spread[0][2] == d.accuracy(d.predict(fake_cat.X_test, p0), fake_cat.Y_test)
    p1, _ = d.train(fake_cat.X_train, fake_cat.Y_train, d.network(dims, init="xavier", seed=1),
                    d.GradientDescent(0.0075), 20, seed=1)
    assert spread[1][1:] == (d.accuracy(d.predict(fake_cat.X_train, p1), fake_cat.Y_train),
                             d.accuracy(d.predict(fake_cat.X_test, p1), fake_cat.Y_test)), "the same as train"
    fig = L.plot_seed_spread({"a": spread, "b": spread}, course={"a": 0.8}, m_test=12)
    assert figure_labelled(fig)
    mean = np.mean([te for _, _, te in spread])
    assert any(f"mean {mean:.1%}" in t.get_text() for t in fig.axes[0].get_legend().get_texts()), \
        "the legend prints the mean as the notebook does"


def test_learning_rate_sweep(fake_cat):
    sweep = L.learning_rate_sweep(fake_cat, [192, 3, 1], [0.001, 0.05], num_iterations=30)
    assert list(sweep) == [0.001, 0.05]
    (h_small, *_), (h_large, *_) = sweep[0.001], sweep[0.05]
    assert h_small.iterations == [0, 29] and h_large.costs[-1] < h_small.costs[-1]
    h = d.History([0, 10], [0.7, 0.6])
    assert figure_labelled(L.plot_cost_comparison({"a": h, "b": h}))


def test_the_mislabeled_pictures_come_from_the_week2_lesson(fake_cat):
    from dlnotes.lessons import c1w2_logistic_regression_cats as week2

    assert L.plot_mislabeled is week2.plot_mislabeled
    Y = fake_cat.Y_test
    fig = L.plot_mislabeled(fake_cat.images_test, 1 - Y, Y)
    assert "12 of 12" in fig._suptitle.get_text()


@pytest.mark.parametrize("call,match", [
    (lambda: L.seed_spread(None), "data must be a CatData"),
    (lambda: L.plot_seed_spread({}), "spreads"),
    (lambda: L.plot_seed_spread({"a": []}), "spreads"),
    (lambda: L.learning_rate_sweep(None, [3, 1], [0.1]), "data must be a CatData"),
    (lambda: L.plot_cost_comparison({}), "histories"),
])
def test_week4_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()
