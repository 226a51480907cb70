"""dlnotes.lessons.c1w1_neural_network_basics:
The ReLU neuron on housing prices, the activations and their gradients."""


import matplotlib.pyplot as plt
import numpy as np
import pytest
from figure_checks import figure_labelled

from dlnotes.lessons import c1w1_neural_network_basics as L


def test_housing_fit_recovers_the_relu_rule():
    x, y = L.make_housing(40, noise=0.0, seed=0)
    assert x.shape == y.shape == (1, 40)
    assert (y >= 0).all()
    fit = L.fit_relu_neuron(x, y, learning_rate=0.05, num_iterations=3000)
    assert fit["w"] == pytest.approx(2.0, abs=0.05)
    assert fit["b"] == pytest.approx(-1.2, abs=0.1)
    assert fit["cost"] < fit["costs"][0]
    assert figure_labelled(L.plot_housing_fit(x, y, fit["w"], fit["b"]))


@pytest.mark.parametrize("call,match", [
    (lambda: L.make_housing(1), "n_samples"),
    (lambda: L.make_housing(10, noise=-1), "noise"),
    (lambda: L.fit_relu_neuron(np.zeros(5), np.zeros((1, 5))), r"x must be a 2-D array.*rank-1"),
    (lambda: L.fit_relu_neuron(np.zeros((1, 5)), np.zeros((1, 4))), "y must have 5 columns"),
    (lambda: L.fit_relu_neuron(np.zeros((1, 5)), np.zeros((1, 5)), learning_rate=0), "learning_rate"),
    (lambda: L.activation_gradients([0.0, np.nan]), "z must be finite"),
    (lambda: L.plot_activation_gradients(-1), "z_max"),
])
def test_week1_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_activation_gradients_values():
    g = L.activation_gradients(np.array([-1.0, 0.0, 10.0]))
    assert g["sigmoid"][1][1] == pytest.approx(0.25)
    assert g["sigmoid"][1][2] < 1e-4
    np.testing.assert_array_equal(g["relu"][1], [0.0, 0.0, 1.0])
    np.testing.assert_allclose(g["tanh"][1], 1 - np.tanh([-1.0, 0.0, 10.0]) ** 2)
    assert figure_labelled(L.plot_activation_gradients())


def test_figures_are_closed_between_tests():
    assert plt.get_fignums() == []


def test_data_scale_experiment_has_the_lecture_shape():
    models = {"logistic regression": [2, 1], "larger network": [2, 16, 16, 1]}
    r = L.data_scale_experiment(sizes=(25, 800), models=models, n_test=500, num_iterations=200)
    assert r["sizes"] == [25, 800] and r["dataset"] == "spiral"
    linear, large = r["accuracy"]["logistic regression"], r["accuracy"]["larger network"]
    assert max(linear) < 0.8                    # a line cannot follow a spiral, whatever m
    assert large[1] > large[0] and large[1] > linear[1] + 0.15
    fig = L.plot_data_scale(r)
    assert figure_labelled(fig)
    assert "Schematic" in fig.axes[1].get_title()


@pytest.mark.parametrize("kwargs,match", [({"sizes": ()}, "sizes"), ({"sizes": (1,)}, "sizes"),
                                          ({"n_test": 0}, "n_test")])
def test_data_scale_experiment_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        L.data_scale_experiment(**kwargs)
