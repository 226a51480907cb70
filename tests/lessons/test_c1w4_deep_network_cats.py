"""dlnotes.lessons.c1w4_deep_network_cats: the cat network's spread over seeds and its figures."""


import pytest
from figure_checks import figure_labelled

import dlnotes as d
from dlnotes.lessons import c1w4_deep_network_cats as L


def test_seed_spread_reuses_known_parameters(fake_cat):
    dims = [192, 3, 1]
    p0, _ = d.train(fake_cat.X_train, fake_cat.Y_train, dims, 0.01, 20, init="xavier", seed=0)
    spread = L.seed_spread(fake_cat, dims, seeds=[0, 1], num_iterations=20, known={0: p0})
    assert [s for s, _, _ in spread] == [0, 1]
    assert spread[0][2] == d.accuracy(d.predict(fake_cat.X_test, p0), fake_cat.Y_test)
    fig = L.plot_seed_spread(spread, course=0.8, m_test=12)
    assert figure_labelled(fig)
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
    (lambda: L.plot_seed_spread([]), "spread"),
    (lambda: L.plot_cost_comparison({}), "histories"),
])
def test_week4_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()
