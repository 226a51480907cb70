"""dlnotes.lessons.c2w1_regularization: L2 and dropout on the football set."""


import numpy as np
import pytest
from figure_checks import assert_labelled

import dlnotes as d
from dlnotes.lessons import c2w1_regularization as L


def test_weight_norms_are_frobenius():
    p = d.initialize_parameters([2, 4, 3, 1], "he", seed=0)
    assert L.weight_norms(p) == pytest.approx([np.linalg.norm(p[f"W{l}"], "fro") for l in (1, 2, 3)])
    with pytest.raises(ValueError, match="parameters"):
        L.weight_norms({"b1": np.zeros((2, 1))})


def test_l2_shrinks_the_weights_and_plot():
    none = L.regularization_experiment(iterations=1500)
    l2 = L.regularization_experiment(lambd=0.7, iterations=1500)
    assert all(a < b for a, b in zip(l2["weight_norms"], none["weight_norms"]))
    fig = L.plot_regularization_comparison([none, l2])
    assert "L2" in fig.axes[1].get_title()
    assert_labelled(fig)
    with pytest.raises(ValueError, match="keep_prob"):
        L.regularization_experiment(keep_prob=1.5, iterations=10)
    with pytest.raises(ValueError, match="results"):
        L.plot_regularization_comparison([])


def test_regularization_seed_sweep_rows():
    rows = L.regularization_seed_sweep(seeds=[0], configs=[(0.0, 1.0), (0.7, 0.9)], iterations=50)
    assert [(r["lambd"], r["keep_prob"], r["seed"]) for r in rows] == [(0.0, 1.0, 0), (0.7, 0.9, 0)]
    assert all(0 <= r["test_accuracy"] <= 1 for r in rows)
    with pytest.raises(ValueError, match="non-empty"):
        L.regularization_seed_sweep(seeds=[])


def test_dropout_expectation():
    e = L.dropout_expectation(a=2.0, keep_prob=0.8, n_draws=200_000)
    assert e["inverted"] == pytest.approx(2.0, rel=0.01)
    assert e["plain"] == pytest.approx(1.6, rel=0.01)
    assert e["kept_fraction"] == pytest.approx(0.8, abs=0.005)
    with pytest.raises(ValueError, match="keep_prob"):
        L.dropout_expectation(keep_prob=0.0)
