"""dlnotes.lessons.c2w3_hyperparameter_tuning: sampling scales, random and grid search, coarse to fine."""


import numpy as np
import pytest
from figure_checks import axes_labelled

from dlnotes.lessons import c2w3_hyperparameter_tuning as L


def test_log_uniform_sampling_ranges():
    lr = L.sample_learning_rates(2000, seed=0)
    assert lr.min() >= 1e-4 and lr.max() <= 1.0
    # uniform on the log scale: about a quarter of the samples in each decade
    counts = np.histogram(np.log10(lr), bins=[-4, -3, -2, -1, 0])[0]
    assert np.all(np.abs(counts / 2000 - 0.25) < 0.05)
    beta = L.sample_betas(2000, seed=0)
    assert beta.min() >= 0.9 and beta.max() <= 0.999
    assert np.mean(beta > 0.99) == pytest.approx(0.5, abs=0.05)  # half the samples in [0.99, 0.999]
    np.testing.assert_array_equal(L.sample_betas(5, seed=1), L.sample_betas(5, seed=1))


@pytest.mark.parametrize("args", [(0, -4, 0), (5, 0, -4), (5, -4, -4), (5, np.nan, 0), (5, "a", 0)])
def test_sample_log_uniform_bad_input(args):
    with pytest.raises(ValueError):
        L.sample_log_uniform(*args)


def test_grid_vs_random_points():
    grid, rand = L.grid_vs_random_points(5, seed=0)
    assert grid.shape == rand.shape == (2, 25)
    assert len(np.unique(grid[0])) == 5 and len(np.unique(rand[0])) == 25
    fig = L.plot_grid_vs_random()
    assert all(axes_labelled(ax) for ax in fig.axes[:2])
    with pytest.raises(ValueError, match="n_per_axis"):
        L.grid_vs_random_points(1)


def test_sampling_figure_labelled():
    fig = L.plot_sampling_scales(200)
    assert all(axes_labelled(ax) and ax.get_xscale() == "log" for ax in fig.axes)


def test_search_rows_table_and_zoom():
    data = L.tuning_data()
    rows = L.random_search(4, seed=0, data=data, iterations=30)
    assert len(rows) == 4
    for r in rows:
        assert 1e-4 <= r["learning_rate"] <= 1 and 0.9 <= r["beta"] <= 0.999 and 2 <= r["hidden_units"] <= 16
    assert rows == L.random_search(4, seed=0, data=data, iterations=30)
    grid = L.grid_search(2, data=data, iterations=30)
    assert sorted({r["learning_rate"] for r in grid}) == pytest.approx([1e-4, 1.0])
    assert sorted({round(1 - r["beta"], 10) for r in grid}) == pytest.approx([1e-3, 1e-1])
    table = L.format_results_table(rows + grid, top=3)
    assert len(table.splitlines()) == 5 and "dev acc" in table
    z = L.zoom_ranges(rows, top_k=2, pad=0.0)
    best = sorted(rows, key=lambda r: -r["dev_accuracy"])[:2]
    assert z["lr_exp"] == pytest.approx((min(np.log10([r["learning_rate"] for r in best])),
                                         max(np.log10([r["learning_rate"] for r in best]))))
    fig = L.plot_search_results(rows)
    assert all(ax.get_xlabel() for ax in fig.axes) and fig.axes[0].get_ylabel()
    fig = L.plot_search_plane({"coarse": rows, "grid": grid}, box=z)
    assert axes_labelled(fig.axes[0])


def test_search_bad_input():
    with pytest.raises(ValueError, match="n_trials"):
        L.random_search(0)
    with pytest.raises(ValueError, match="lr_exp"):
        L.random_search(1, lr_exp=(0, -4))
    with pytest.raises(ValueError, match="top_k"):
        L.zoom_ranges([], top_k=3)
    with pytest.raises(ValueError, match="rows"):
        L.format_results_table([])
    with pytest.raises(ValueError, match="beta"):
        L.evaluate_hyperparameters(0.1, 1.2, 4, iterations=2)


def test_diverged_trial_is_reported():
    row = {"learning_rate": 50.0, "beta": 0.9, "hidden_units": 4, "diverged": True,
           "train_accuracy": float("nan"), "dev_accuracy": float("nan")}
    assert "diverged" in L.format_results_table([row])


def test_progress_bars_change_nothing_but_the_display(capsys):
    data = L.tuning_data()
    assert L.random_search(3, seed=1, data=data, iterations=20, progress=True) == \
        L.random_search(3, seed=1, data=data, iterations=20)
    assert L.grid_search(2, data=data, iterations=20, progress=True) == L.grid_search(2, data=data, iterations=20)
    assert "trials" in capsys.readouterr().err  # the bar (plain tqdm outside a notebook) went to stderr
