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


def test_run_summary_and_legend():
    data = d.load_football()
    start = d.network(L.REG_LAYERS, init="xavier", lambd=0.7, seed=3)
    params, history = d.train(data.X_train, data.Y_train, start, d.GradientDescent(0.3), 50, seed=3)
    r = L.run_summary(0.7, 1.0, 3, params, history, data)
    assert r["train_accuracy"] == d.accuracy(d.predict(data.X_train, params), data.Y_train)
    assert r["weight_norms"] == L.weight_norms(params) and r["lambd"] == 0.7
    fig = L.plot_regularization_comparison([r])
    labels = [t.get_text() for legend in fig.legends for t in legend.get_texts()]
    assert any("train" in t for t in labels) and any("test" in t for t in labels)


def _picture(seed=0, size=16):
    return np.random.default_rng(seed).integers(0, 256, (size, size, 3), dtype=np.uint8)


def test_flip_crop_rotate_distort_are_exact_where_they_should_be():
    img = _picture()
    np.testing.assert_array_equal(L.flip(img), img[:, ::-1])
    np.testing.assert_array_equal(L.flip(L.flip(img)), img)
    np.testing.assert_array_equal(L.crop(img, 0, 0, 16), img)  # the whole picture: unchanged
    np.testing.assert_array_equal(L.rotate(img, 0.0), img)
    np.testing.assert_array_equal(L.rotate(img, 90.0), np.rot90(img))  # a quarter turn moves whole pixels
    np.testing.assert_array_equal(L.distort(img, 0, strength=0.0), img)
    quarter = L.crop(img, 4, 4, 8)
    assert quarter.shape == img.shape and quarter.dtype == np.uint8
    # the crop's corners land on pixel centres of the square: copied exactly
    np.testing.assert_array_equal(quarter[[0, 0, -1, -1], [0, -1, 0, -1]], img[[4, 4, 11, 11], [4, 11, 4, 11]])
    moved = L.distort(img, 1, strength=2.0)
    assert moved.shape == img.shape and not np.array_equal(moved, img)


def test_augment_is_seeded_and_checked():
    img = _picture(1, 32)
    a, b = L.augment(img, 5), L.augment(img, 5)
    np.testing.assert_array_equal(a, b)
    assert a.shape == img.shape and a.dtype == np.uint8
    assert not np.array_equal(L.augment(img, 6), a)
    with pytest.raises(ValueError, match="image"):
        L.flip(np.zeros((4, 4)))
    with pytest.raises(ValueError, match="crop"):
        L.crop(img, 20, 0, 16)
    with pytest.raises(ValueError, match="degrees"):
        L.rotate(img, float("nan"))
    with pytest.raises(ValueError, match="min_crop"):
        L.augment(img, 0, min_crop=0)


def test_augmentation_grid():
    fig, axes = L.augmentation_grid([_picture(0), _picture(1)], seed=0, copies=2)
    assert axes.shape == (2, 7)
    assert [ax.get_title() for ax in axes[0][:5]] == ["original", "mirrored", "cropped 75%", "rotated 15 deg",
                                                      "distorted"]
    with pytest.raises(ValueError, match="images"):
        L.augmentation_grid([])


def test_the_explorer_start_is_the_unregularized_run():
    """The notebook shows the explorer's start without training it again: the same run as d.train's."""
    from dlnotes.widgets import run_config

    config = {"dataset": "football", "hidden_layers": [20, 3], "activation": "relu", "init": "xavier",
              "learning_rate": 0.3, "iterations": 300, "lambd": 0.0, "keep_prob": 1.0, "seed": 3}
    summary = run_config(config)
    r = L.regularization_experiment(seed=3, iterations=300)
    for k in r["parameters"]:
        np.testing.assert_array_equal(summary["parameters"][k], r["parameters"][k])
    assert summary["dev_accuracy"] == r["test_accuracy"]


def test_lambda_sweep_shrinks_weights_and_keeps_z_in_tanhs_linear_region():
    rows = L.lambda_sweep((0.0, 5.0, 20.0), iterations=300)
    norms = [r["weight_norms"][0] for r in rows]
    assert norms[0] > norms[1] > norms[2]
    shares = [r["linear_share"] for r in rows]
    assert shares[0] <= shares[1] <= shares[2] and 0 <= shares[0] <= 1
    assert all(r["z1_max"] >= 0 for r in rows) and rows[2]["z1_max"] < rows[0]["z1_max"]
    fig = L.plot_lambda_sweep(rows)
    assert len(fig.axes) == 5
    for ax in fig.axes:
        assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()
    with pytest.raises(ValueError, match="lambdas"):
        L.lambda_sweep((-1.0,), iterations=10)
    with pytest.raises(ValueError, match="rows"):
        L.plot_lambda_sweep([])


def test_augmentation_experiment(fake_cat):
    runs = L.augmentation_experiment(fake_cat, seeds=(0, 1), layer_dims=(192, 3, 1), num_iterations=5)
    assert list(runs) == list(L.AUGMENT_VARIANTS)
    for name, rows in runs.items():
        assert [r[0] for r in rows] == [0, 1]
        assert all(0 <= acc <= 1 for r in rows for acc in r[1:])
        if name == "original":
            assert all(r[1] == r[2] for r in rows)  # no copies: the whole set is the original pictures
    # the original variant is the plain run of Course 1's spread
    p, _ = d.train_in_span(fake_cat.X_train, fake_cat.Y_train, d.network([192, 3, 1], init="xavier", seed=1),
                           d.GradientDescent(0.0075), 5, seed=1)
    assert runs["original"][1][3] == d.accuracy(d.predict(fake_cat.X_test, p), fake_cat.Y_test)
    with pytest.raises(ValueError, match="variants"):
        L.augmentation_experiment(fake_cat, variants=("flipped",))
    with pytest.raises(ValueError, match="seeds"):
        L.augmentation_experiment(fake_cat, seeds=())
