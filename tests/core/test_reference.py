"""The course's published results, reproduced on the real cat data."""

import numpy as np
import pytest

import dlnotes as d


@pytest.fixture(scope="module")
def cat():
    return d.load_catvnoncat()


def test_logistic_regression_course_figures(cat):
    r = d.logistic_model(cat.X_train, cat.Y_train, cat.X_test, cat.Y_test, 2000, 0.005)
    assert round(r["train_accuracy"] * 100, 2) == 99.04
    assert round(r["test_accuracy"] * 100, 2) == 70.0


def test_deep_network_course_figures(cat):
    test_accs = []
    for seed in range(5):
        params, hist = d.train(cat.X_train, cat.Y_train, d.network([12288, 20, 7, 5, 1], init="xavier", seed=seed),
                               d.GradientDescent(0.0075), 2500, seed=seed, record_every=500)
        assert d.accuracy(d.predict(cat.X_train, params), cat.Y_train) >= 0.98, seed
        test_accs.append(d.accuracy(d.predict(cat.X_test, params), cat.Y_test))
    print("test accuracies over seeds 0-4:", test_accs)
    assert np.mean(test_accs) >= 0.72, test_accs
