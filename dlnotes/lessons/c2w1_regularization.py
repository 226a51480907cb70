"""Lesson of notebooks/c2w1_regularization.ipynb: the course's 2 -> 20 -> 3 -> 1 ReLU network on the
football set without regularization, with L2 and with dropout; why L2 reduces overfitting (a sweep
of lambda with tanh units: the weights shrink and z[1] stays in tanh's linear region); weight norms, inverted dropout's
expectation, the spread over seeds; data augmentation of the cat pictures.

X (2, m), Y (1, m); W[l] (n[l], n[l-1]); images (h, w, 3) uint8.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.lines import Line2D

from .. import validation as v
from ..datasets import Split, flatten_images, load_football
from ..model import accuracy, forward, network, predict
from ..optimizers import GradientDescent
from ..plotting import POINT_COLORS, plot_decision_boundary, plot_image_grid
from ..span import data_span, train_in_span
from ..training import train
from .c1w2_logistic_regression_cats import check_cat_data

REG_LAYERS = [2, 20, 3, 1]


REG_TRAIN = {"learning_rate": 0.3, "num_iterations": 30000, "init": "xavier"}


def regularization_experiment(lambd: float = 0.0, keep_prob: float = 1.0, seed: int = 3,
                              data: Split | None = None, iterations: int = 30000,
                              record_every: int = 1000) -> dict:
    """Train the course's 2 -> 20 -> 3 -> 1 relu network on the football set (lr 0.3, xavier init).

    Returns {"lambd", "keep_prob", "seed", "parameters", "history", "train_accuracy",
    "test_accuracy", "weight_norms"}; predictions never use dropout.
    """
    data = load_football() if data is None else data
    start = network(REG_LAYERS, init=REG_TRAIN["init"], seed=seed, lambd=lambd, keep_prob=keep_prob)
    params, history = train(data.X_train, data.Y_train, start, GradientDescent(REG_TRAIN["learning_rate"]), iterations,
                            seed=seed, record_every=record_every)
    return run_summary(lambd, keep_prob, seed, params, history, data)


def run_summary(lambd: float, keep_prob: float, seed: int, parameters: dict, history, data: Split) -> dict:
    """What ``regularization_experiment`` returns for a network already trained on ``data`` (X (2, m)):
    {"lambd", "keep_prob", "seed", "parameters", "history", "train_accuracy", "test_accuracy",
    "weight_norms"}; the accuracies come from ``predict``, which never drops units."""
    return {"lambd": lambd, "keep_prob": keep_prob, "seed": seed, "parameters": parameters, "history": history,
            "train_accuracy": accuracy(predict(data.X_train, parameters), data.Y_train),
            "test_accuracy": accuracy(predict(data.X_test, parameters), data.Y_test),
            "weight_norms": weight_norms(parameters)}


def regularization_seed_sweep(seeds=range(8), configs=((0.0, 1.0), (0.7, 1.0), (0.0, 0.86)), **kwargs) -> list:
    """``regularization_experiment`` for each (lambd, keep_prob) in ``configs`` and each seed (the
    seed draws the initialization and the dropout masks).  Returns rows {"lambd", "keep_prob",
    "seed", "train_accuracy", "test_accuracy"}.  The full default sweep takes about 40 s."""
    seeds, configs = list(seeds), list(configs)
    if not seeds or not configs:
        raise ValueError("seeds and configs must both be non-empty")
    data = load_football()
    rows = []
    for lambd, keep_prob in configs:
        for seed in seeds:
            r = regularization_experiment(lambd, keep_prob, seed, data=data, **kwargs)
            rows.append({k: r[k] for k in ("lambd", "keep_prob", "seed", "train_accuracy", "test_accuracy")})
    return rows


def weight_norms(parameters: dict) -> list[float]:
    """Frobenius norm ||W[l]||_F = sqrt(sum_ij W[l]_ij^2) of each layer's weights, l = 1..L."""
    L = v.check_parameters(parameters)
    return [float(np.sqrt(np.sum(np.square(parameters[f"W{l}"])))) for l in range(1, L + 1)]


def dropout_expectation(a: float = 1.0, keep_prob: float = 0.8, n_draws: int = 100_000, seed: int = 0) -> dict:
    """Average of a unit's output a under dropout over ``n_draws`` masks d = [rand < keep_prob].

    Returns {"inverted": mean of a * d / keep_prob (close to a), "plain": mean of a * d (close to
    keep_prob * a), "kept_fraction": mean of d}."""
    v.check_keep_prob(keep_prob, 1)
    n_draws = v.check_int(n_draws, "n_draws")
    if not np.isfinite(a):
        raise ValueError(f"a must be finite, got {a!r}")
    d = np.random.default_rng(seed).random(n_draws) < keep_prob
    return {"inverted": float((a * d / keep_prob).mean()), "plain": float((a * d).mean()),
            "kept_fraction": float(d.mean())}


# --------------------------------------------------------------------------- why L2 reduces overfitting
LINEAR_REGION = 0.5  # |z| below this: tanh(z) is within 8 % of z, the "linear region" of the lecture


def lambda_sweep(lambdas=(0.0, 1.0, 5.0, 20.0), data: Split | None = None, iterations: int = 2000,
                 learning_rate: float = 0.3, seed: int = 3, linear_region: float = LINEAR_REGION) -> list[dict]:
    """The lecture's two intuitions, measured: the course's network [2, 20, 3, 1] with tanh hidden units
    (xavier init, ``seed``) trained with ``train`` on the football set (X (2, m)) for each L2 strength.

    Returns one dict per lambda: {"lambd", "parameters", "weight_norms" (||W[l]||_F, l = 1..3),
    "z1_max": the largest |z[1]| over the training points, "linear_share": the fraction of the
    values z[1] (20 units x m points) with |z| < ``linear_region``, "train_accuracy", "test_accuracy"}.
    """
    lambdas = list(lambdas)
    if not lambdas:
        raise ValueError("lambdas must hold at least one L2 strength, got none")
    for lambd in lambdas:
        v.check_positive(lambd, "lambdas[i]", allow_zero=True)
    v.check_positive(linear_region, "linear_region")
    data = load_football() if data is None else data
    rows = []
    for lambd in lambdas:
        start = network(REG_LAYERS, "tanh", init="xavier", seed=seed, lambd=lambd)
        params, _ = train(data.X_train, data.Y_train, start, GradientDescent(learning_rate), iterations, seed=seed,
                          record_every=iterations)
        _, caches = forward(data.X_train, params)
        Z1 = caches[0].Z
        rows.append({"lambd": lambd, "parameters": params, "weight_norms": weight_norms(params),
                     "z1_max": float(np.abs(Z1).max()),
                     "linear_share": float((np.abs(Z1) < linear_region).mean()),
                     "train_accuracy": accuracy(predict(data.X_train, params), data.Y_train),
                     "test_accuracy": accuracy(predict(data.X_test, params), data.Y_test)})
    return rows


def plot_lambda_sweep(rows, data: Split | None = None, linear_region: float = LINEAR_REGION):
    """Top: the decision boundary of each ``lambda_sweep`` row; bottom left: ||W[1]||_F and the largest
    |z[1]| against lambda; bottom right: the share of z[1] in tanh's linear region against lambda.
    Returns the Figure."""
    rows = list(rows)
    if not rows:
        raise ValueError("rows must hold at least one lambda_sweep row, got none")
    data = load_football() if data is None else data
    n = len(rows)
    fig = plt.figure(figsize=(3.0 * n, 6.2))
    grid = fig.add_gridspec(2, 2 * n)
    for i, r in enumerate(rows):
        ax = fig.add_subplot(grid[0, 2 * i:2 * i + 2])
        plot_decision_boundary(r["parameters"], data.X_train, data.Y_train, ax=ax, resolution=60)
        ax.set_title(f"lambda = {r['lambd']:g}\ntrain {r['train_accuracy']:.0%}, test {r['test_accuracy']:.0%}",
                     fontsize=9)
    lam = np.arange(n)
    labels = [f"{r['lambd']:g}" for r in rows]
    ax = fig.add_subplot(grid[1, :n])
    ax.plot(lam, [r["weight_norms"][0] for r in rows], "o-", label="||W[1]||_F")
    ax.plot(lam, [r["z1_max"] for r in rows], "s-", label="largest |z[1]|")
    ax.set_xticks(lam, labels)
    ax.set_xlabel("lambda")
    ax.set_ylabel("size")
    ax.set_title("Larger lambda: smaller weights, smaller z", fontsize=10)
    ax.legend(fontsize=8)
    ax = fig.add_subplot(grid[1, n:])
    ax.bar(lam, [100 * r["linear_share"] for r in rows], color="tab:green")
    ax.set_xticks(lam, labels)
    ax.set_ylim(0, 100)
    ax.set_xlabel("lambda")
    ax.set_ylabel(f"% of z[1] with |z| < {linear_region:g}")
    ax.set_title("tanh units working in their linear region", fontsize=10)
    fig.tight_layout()
    return fig


def _reg_label(r):
    if r["lambd"] == 0 and r["keep_prob"] == 1:
        return "no regularization"
    parts = ([f"L2, lambda {r['lambd']:g}"] if r["lambd"] else []) + \
            ([f"dropout, keep_prob {r['keep_prob']:g}"] if r["keep_prob"] < 1 else [])
    return ", ".join(parts)


def plot_regularization_comparison(results, data: Split | None = None, figsize=None):
    """Decision boundaries of ``regularization_experiment`` results (train points; test points with a
    dark edge) side by side, accuracies in the titles; returns the Figure."""
    results = list(results)
    if not results:
        raise ValueError("results must hold at least one regularization_experiment result, got none")
    data = load_football() if data is None else data
    fig, axes = plt.subplots(1, len(results), figsize=figsize or (4.2 * len(results), 4), squeeze=False)
    for ax, r in zip(axes[0], results):
        params = r["parameters"]
        plot_decision_boundary(params, data.X_train, data.Y_train, ax=ax, X_dev=data.X_test, Y_dev=data.Y_test,
                               resolution=120)
        ax.set_title(f"{_reg_label(r)}\ntrain {r['train_accuracy']:.1%}, test {r['test_accuracy']:.1%}",
                     fontsize=10)
    handles = [Line2D([], [], ls="", marker="o", ms=6, mfc=color, mec=edge, label=label)
               for color, edge, label in ((POINT_COLORS[1], "white", "train, our player (y = 1)"),
                                          (POINT_COLORS[0], "white", "train, opponent (y = 0)"),
                                          ("lightgray", "black", "test point (dark edge)"))]
    fig.legend(handles=handles, loc="lower center", ncol=3, fontsize=9, frameon=False)
    fig.tight_layout(rect=(0, 0.07, 1, 1))
    return fig


# --------------------------------------------------------------------------- data augmentation
def _bilinear(image, rows, cols):
    """Sample image (h, w, c) at the real coordinates rows, cols (each (h, w)), clamped to the edge."""
    h, w = image.shape[:2]
    rows, cols = np.clip(rows, 0, h - 1), np.clip(cols, 0, w - 1)
    r0, c0 = np.floor(rows).astype(int), np.floor(cols).astype(int)
    r1, c1 = np.minimum(r0 + 1, h - 1), np.minimum(c0 + 1, w - 1)
    fr, fc = (rows - r0)[..., None], (cols - c0)[..., None]
    img = image.astype(np.float64)
    top = img[r0, c0] * (1 - fc) + img[r0, c1] * fc
    bottom = img[r1, c0] * (1 - fc) + img[r1, c1] * fc
    return np.clip(np.rint(top * (1 - fr) + bottom * fr), 0, 255).astype(np.uint8)


def _check_image(image):
    image = np.asarray(image)
    if image.ndim != 3 or image.shape[2] != 3 or image.dtype != np.uint8:
        raise ValueError(f"image must be a (h, w, 3) uint8 array, got {image.dtype} {image.shape}")
    return image


def flip(image) -> np.ndarray:
    """The mirror image (left <-> right) of image (h, w, 3)."""
    return _check_image(image)[:, ::-1].copy()


def crop(image, top: int, left: int, size: int) -> np.ndarray:
    """The size x size square at (top, left), scaled back to the image's (h, w) (bilinear)."""
    image = _check_image(image)
    h, w = image.shape[:2]
    if not (0 <= top and 0 <= left and 2 <= size and top + size <= h and left + size <= w):
        raise ValueError(f"crop: the square top={top}, left={left}, size={size} must lie inside {h} x {w}")
    rows, cols = np.meshgrid(np.linspace(top, top + size - 1, h), np.linspace(left, left + size - 1, w),
                             indexing="ij")
    return _bilinear(image, rows, cols)


def rotate(image, degrees: float) -> np.ndarray:
    """image (h, w, 3) rotated by ``degrees`` counter-clockwise (as shown, row 0 at the top; 90 degrees is
    ``np.rot90``) about its centre, the edge pixels repeated where the corners come from outside."""
    image = _check_image(image)
    if not np.isfinite(degrees):
        raise ValueError(f"degrees must be finite, got {degrees!r}")
    h, w = image.shape[:2]
    t = np.deg2rad(degrees)
    r, c = np.meshgrid(np.arange(h) - (h - 1) / 2, np.arange(w) - (w - 1) / 2, indexing="ij")
    # inverse mapping: where in the original each output pixel comes from
    return _bilinear(image, (h - 1) / 2 + np.cos(t) * r + np.sin(t) * c, (w - 1) / 2 - np.sin(t) * r + np.cos(t) * c)


def distort(image, rng, strength: float = 2.0, cells: int = 4) -> np.ndarray:
    """A smooth random warp of image (h, w, 3): every pixel moves by a displacement of about
    ``strength`` pixels, drawn on a coarse (cells + 1)^2 grid from ``rng`` (a Generator or seed)
    and interpolated, so that neighbouring pixels move together (an "elastic" distortion)."""
    image = _check_image(image)
    v.check_positive(strength, "strength", allow_zero=True)
    cells = v.check_int(cells, "cells")
    rng = np.random.default_rng(rng)
    h, w = image.shape[:2]
    coarse = rng.standard_normal((2, cells + 1, cells + 1, 1)) * strength
    r, c = np.meshgrid(np.linspace(0, cells, h), np.linspace(0, cells, w), indexing="ij")
    dr, dc = (_bilinear_field(f, r, c) for f in coarse)
    rows, cols = np.meshgrid(np.arange(h, dtype=np.float64), np.arange(w, dtype=np.float64), indexing="ij")
    return _bilinear(image, rows + dr, cols + dc)


def _bilinear_field(field, r, c):
    """field (k, k, 1) float sampled at real coordinates (r, c): the same interpolation, unrounded."""
    k = field.shape[0]
    r0, c0 = np.minimum(np.floor(r).astype(int), k - 2), np.minimum(np.floor(c).astype(int), k - 2)
    fr, fc = r - r0, c - c0
    f = field[..., 0]
    return ((f[r0, c0] * (1 - fc) + f[r0, c0 + 1] * fc) * (1 - fr)
            + (f[r0 + 1, c0] * (1 - fc) + f[r0 + 1, c0 + 1] * fc) * fr)


def augment(image, rng, max_degrees: float = 15.0, min_crop: float = 0.8, strength: float = 2.0) -> np.ndarray:
    """One random augmented copy of image (h, w, 3): a mirror with probability 1/2, a random square
    crop of at least ``min_crop`` of the side, a rotation in [-max_degrees, max_degrees] and a
    ``distort`` warp, all drawn from ``rng`` (a Generator or seed).  Returns (h, w, 3) uint8."""
    image = _check_image(image)
    if not 0 < min_crop <= 1:
        raise ValueError(f"min_crop must be in (0, 1], got {min_crop!r}")
    rng = np.random.default_rng(rng)
    h, w = image.shape[:2]
    out = flip(image) if rng.random() < 0.5 else image
    size = int(rng.integers(max(2, round(min_crop * min(h, w))), min(h, w) + 1))
    out = crop(out, int(rng.integers(0, h - size + 1)), int(rng.integers(0, w - size + 1)), size)
    out = rotate(out, float(rng.uniform(-max_degrees, max_degrees)))
    return distort(out, rng, strength)


def augmentation_grid(images, seed: int = 0, copies: int = 3):
    """A grid: for each image (h, w, 3) of ``images``, the original, its mirror, a crop, a 15 degree
    rotation, a distortion and ``copies`` random ``augment`` copies.  Returns (fig, axes)."""
    images = list(images)
    if not images:
        raise ValueError("images must hold at least one (h, w, 3) picture, got none")
    copies = v.check_int(copies, "copies", minimum=0)
    rng = np.random.default_rng(seed)
    shown, titles = [], []
    for image in images:
        h = _check_image(image).shape[0]
        size = round(0.75 * h)
        shown += [image, flip(image), crop(image, (h - size) // 2, (h - size) // 2, size), rotate(image, 15),
                  distort(image, rng, 3.0)] + [augment(image, rng) for _ in range(copies)]
        titles += ["original", "mirrored", "cropped 75%", "rotated 15 deg", "distorted"] + ["random"] * copies
    return plot_image_grid(np.stack(shown), titles, ncols=5 + copies, size=1.4)


__all__ = [
    "LINEAR_REGION", "lambda_sweep", "plot_lambda_sweep",
    "augment", "augmentation_grid", "crop", "distort", "dropout_expectation", "flip",
    "plot_regularization_comparison", "REG_LAYERS", "REG_TRAIN", "regularization_experiment",
    "regularization_seed_sweep", "rotate", "run_summary", "weight_norms",
]


AUGMENT_VARIANTS = ("original", "mirrors", "random copy")


def augmentation_experiment(data, variants=AUGMENT_VARIANTS, seeds=range(5), layer_dims=(12288, 20, 7, 5, 1),
                            learning_rate: float = 0.0075, num_iterations: int = 2500, augment_seed: int = 0,
                            progress: bool = False) -> dict:
    """Course 1's cat network trained on the training pictures alone ("original"), with a mirrored copy of
    each ("mirrors") or with one random ``augment`` copy of each ("random copy", drawn from ``augment_seed``),
    once per seed (``train_in_span``, init "xavier", full batch).  ``data``: a CatData (load_catvnoncat) with
    its images.  Returns {variant: [(seed, train accuracy on the original pictures, train accuracy on the
    whole augmented set, test accuracy), ...]}."""
    check_cat_data(data)
    unknown = [name for name in variants if name not in AUGMENT_VARIANTS]
    if unknown or not variants:
        raise ValueError(f"variants must be some of {AUGMENT_VARIANTS}, got {tuple(variants)}")
    seeds = [v.check_int(s, "seed", minimum=0) for s in seeds]
    if not seeds:
        raise ValueError("seeds must hold at least one seed, got none")
    images = data.images_train
    copies = {"mirrors": lambda: np.stack([flip(im) for im in images]),
              "random copy": lambda: np.stack([augment(im, rng) for im in images])}
    rng = np.random.default_rng(augment_seed)
    out = {}
    for name in variants:
        X, Y = data.X_train, data.Y_train
        if name != "original":
            X, Y = np.hstack([X, flatten_images(copies[name]())]), np.hstack([Y, Y])
        span, rows, runs = data_span(X), [], seeds
        if progress:
            from tqdm.auto import tqdm

            runs = tqdm(seeds, desc=name, leave=False)
        for s in runs:
            params, _ = train_in_span(X, Y, network(list(layer_dims), init="xavier", seed=s),
                                      GradientDescent(learning_rate), num_iterations, span=span, seed=s,
                                      record_every=num_iterations)
            rows.append((s, accuracy(predict(data.X_train, params), data.Y_train), accuracy(predict(X, params), Y),
                         accuracy(predict(data.X_test, params), data.Y_test)))
        out[name] = rows
    return out
