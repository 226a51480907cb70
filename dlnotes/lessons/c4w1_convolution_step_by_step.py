"""Lesson of notebooks/c4w1_convolution_step_by_step.ipynb: the week's lecture examples (the 6 x 6 edge picture,
the 4 x 4 pooling examples), edge detectors on the cat pictures, the output-size table, a layer's parameter count,
why convolutions (measured against a dense layer on the same input), a simple CNN's shapes layer by layer
(measured by running the layers), and the gradient check of the convolution.

The course's layout: A (m, n_H, n_W, n_C), W (f, f, n_C_prev, n_C), b (1, 1, 1, n_C).  The computation is the
core's (``dlnotes.conv``); this module holds the experiments and the figures.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from threadpoolctl import threadpool_limits

from .. import conv
from ..gradcheck import numerical_gradient, relative_difference
from ..layers import Activation, Conv2D, Dense, Flatten, MaxPool2D, Output, Sequential
from ..optimizers import Adam
from ..training import train

__all__ = ["COURSE1", "EDGE_NAMES", "LENET_LIKE", "LECTURE_AVERAGE_POOL", "LECTURE_MAX_POOL", "cat_cnn", "cnn_shapes",
           "conv_gradient_check", "conv_parameter_count", "count_parameters", "edge_maps", "format_cnn_results",
           "format_cnn_shapes", "format_output_sizes", "lecture_edge_example", "output_sizes", "plot_edge_maps",
           "plot_learned_filters", "plot_padding", "plot_pooling", "train_cat_cnns", "why_convolutions"]

EDGE_NAMES = ["vertical", "horizontal", "Sobel vertical", "Sobel horizontal", "Scharr vertical", "Scharr horizontal"]

# The lecture's pooling examples (4 x 4 inputs, f = 2, stride = 2)
LECTURE_MAX_POOL = np.array([[1.0, 3, 2, 1], [2, 9, 1, 1], [1, 3, 2, 3], [5, 6, 1, 2]])
LECTURE_AVERAGE_POOL = np.array([[1.0, 3, 2, 1], [2, 9, 1, 1], [1, 4, 2, 3], [5, 6, 1, 2]])


def lecture_edge_example():
    """The lecture's 6 x 6 picture (bright 10 on the left half, dark 0 on the right) and its vertical edge
    map (4 x 4, 30 where the edge is).  Returns (image (6, 6), kernel (3, 3), output (4, 4))."""
    image = np.zeros((6, 6))
    image[:, :3] = 10.0
    kernel = conv.FILTERS["vertical"]
    return image, kernel, conv.filter_image(image, kernel)


def edge_maps(picture, names=EDGE_NAMES, pad: int = 1) -> dict:
    """{filter name: feature map} of one gray picture (n_H, n_W) for each of the lecture's filters ("same" pad 1)."""
    return {name: conv.filter_image(picture, conv.FILTERS[name], pad=pad) for name in names}


def plot_edge_maps(picture_rgb, maps: dict, title: str = "") -> plt.Figure:
    """The picture and each filter's feature map (gray: 0 is mid-gray, bright positive, dark negative)."""
    fig, axes = plt.subplots(1, len(maps) + 1, figsize=(2.1 * (len(maps) + 1), 2.6))
    axes[0].imshow(picture_rgb)
    axes[0].set_title(title or "picture", fontsize=9)
    for ax, (name, fmap) in zip(axes[1:], maps.items()):
        bound = float(np.abs(fmap).max()) or 1.0
        ax.imshow(fmap, cmap="gray", vmin=-bound, vmax=bound)
        ax.set_title(f"{name}\n{fmap.shape[0]} x {fmap.shape[1]}", fontsize=8)
    for ax in axes:
        ax.set_xticks([])
        ax.set_yticks([])
    axes[0].set_ylabel("n_H (rows)")
    axes[0].set_xlabel("n_W (columns)")
    fig.tight_layout()
    return fig


def output_sizes(n: int, f: int, pads=(0, 1, 2), strides=(1, 2, 3)) -> list[dict]:
    """floor((n + 2p - f) / s) + 1 for each padding p and stride s (rows of a table)."""
    return [{"pad": p, "stride": s, "size": conv.conv_output_size(n, f, p, s)} for p in pads for s in strides]


def format_output_sizes(n: int, f: int, pads=(0, 1, 2), strides=(1, 2, 3)) -> str:
    """The table of ``output_sizes``: one row per padding, one column per stride, with the formula."""
    rows = output_sizes(n, f, pads, strides)
    head = f"n = {n}, f = {f}: floor((n + 2p - f) / s) + 1\n" + "pad p".ljust(12) + "".join(
        f"s = {s}".rjust(8) for s in strides)
    lines = [head]
    for p in pads:
        name = {0: " (valid)", (f - 1) // 2: " (same)"}.get(p, "") if f % 2 else ""
        sizes = [r["size"] for r in rows if r["pad"] == p]
        lines.append(f"{p}{name}".ljust(12) + "".join(f"{x:8d}" for x in sizes))
    return "\n".join(lines)


def plot_padding(picture, pad: int) -> plt.Figure:
    """One gray picture and the same picture after zero_pad (the border of zeros shows black)."""
    padded = conv.zero_pad(np.asarray(picture, dtype=np.float64)[None, :, :, None], pad)[0, :, :, 0]
    fig, axes = plt.subplots(1, 2, figsize=(6, 3))
    for ax, img, title in ((axes[0], picture, f"x: {picture.shape[0]} x {picture.shape[1]}"),
                           (axes[1], padded, f"x_pad, pad = {pad}: {padded.shape[0]} x {padded.shape[1]}")):
        ax.imshow(img, cmap="gray", vmin=0, vmax=1)
        ax.set_title(title, fontsize=9)
        ax.set_xlabel("n_W (columns)")
        ax.set_ylabel("n_H (rows)")
    fig.tight_layout()
    return fig


def conv_parameter_count(f: int, n_C_prev: int, n_C: int) -> int:
    """A convolution layer's parameters: n_C filters of f x f x n_C_prev weights plus one bias each."""
    return (f * f * n_C_prev + 1) * n_C


def plot_pooling(A, f: int = 2, stride: int = 2) -> tuple:
    """The lecture's picture: a 4 x 4 input and its max and average pooling, numbers written in the cells.
    Returns (figure, max-pooled (n_H, n_W), average-pooled (n_H, n_W))."""
    A = np.asarray(A, dtype=np.float64)
    hp = {"f": f, "stride": stride}
    pooled = {mode: conv.pool_forward(A[None, :, :, None], hp, mode)[0][0, :, :, 0] for mode in ("max", "average")}
    fig, axes = plt.subplots(1, 3, figsize=(8, 2.8))
    for ax, img, title in ((axes[0], A, f"input {A.shape[0]} x {A.shape[1]}"),
                           (axes[1], pooled["max"], f"max pool, f = {f}, s = {stride}"),
                           (axes[2], pooled["average"], f"average pool, f = {f}, s = {stride}")):
        ax.imshow(img, cmap="Blues", vmin=0, vmax=A.max())
        for (i, j), value in np.ndenumerate(img):
            ax.text(j, i, f"{value:g}", ha="center", va="center", fontsize=10)
        ax.set_title(title, fontsize=9)
        ax.set_xlabel("w")
        ax.set_ylabel("h")
        ax.set_xticks(range(img.shape[1]))
        ax.set_yticks(range(img.shape[0]))
    fig.tight_layout()
    return fig, pooled["max"], pooled["average"]


def why_convolutions(input_shape=(64, 64, 3), f: int = 3, n_C: int = 8, seed: int = 0) -> dict:
    """A "same" f x f convolution with n_C filters against a dense layer with as many outputs, on one input.

    Parameters: counted.  Sparsity of connections: measured, how many inputs one output depends on (the
    non-zero entries of dA_prev when only that output's gradient is 1).  Parameter sharing: measured, a
    picture shifted by (2, 3) pixels gives the same feature map shifted by (2, 3), away from the border.
    """
    n_H, n_W, n_C_prev = input_shape
    rng = np.random.default_rng(seed)
    W, b = rng.standard_normal((f, f, n_C_prev, n_C)), rng.standard_normal((1, 1, 1, n_C))
    hp = {"stride": 1, "pad": (f - 1) // 2}
    x = rng.standard_normal((1, n_H, n_W, n_C_prev))
    Z, cache = conv.conv_forward(x, W, b, hp)
    one = np.zeros(Z.shape)
    one[0, n_H // 2, n_W // 2, 0] = 1.0
    dA_prev, _, _ = conv.conv_backward(one, cache)
    shifted = np.roll(x, (2, 3), axis=(1, 2))
    Z_shifted, _ = conv.conv_forward(shifted, W, b, hp)
    inner = (slice(None), slice(2 + f, n_H - f), slice(3 + f, n_W - f))
    shift_error = float(np.max(np.abs(Z_shifted[inner] - np.roll(Z, (2, 3), axis=(1, 2))[inner])))
    n_in, n_out = n_H * n_W * n_C_prev, Z[0].size
    return {"input": (n_H, n_W, n_C_prev), "output": Z.shape[1:],
            "conv parameters": conv_parameter_count(f, n_C_prev, n_C),
            "dense parameters": n_in * n_out + n_out, "inputs per output (conv)": int(np.count_nonzero(dA_prev)),
            "inputs per output (dense)": n_in, "shift error": shift_error}


# The lecture's LeNet-5-like network: (kind, f, stride, n_C or units)
LENET_LIKE = [("conv", 5, 1, 6), ("max pool", 2, 2, None), ("conv", 5, 1, 16), ("max pool", 2, 2, None),
              ("dense", None, None, 120), ("dense", None, None, 84), ("softmax", None, None, 10)]


def cnn_shapes(input_shape=(32, 32, 3), layers=LENET_LIKE, m: int = 2, seed: int = 0) -> list[dict]:
    """Run m random pictures through the layers (the core's conv_forward / pool_forward, dense products) and
    record each activation's shape, its size and the layer's parameters: the shapes are measured, not computed."""
    rng = np.random.default_rng(seed)
    A = rng.standard_normal((m,) + tuple(input_shape))
    rows = [{"layer": "input", "shape": A.shape[1:], "size": int(np.prod(A.shape[1:])), "parameters": 0}]
    for kind, f, s, n in layers:
        if kind == "conv":
            W, b = rng.standard_normal((f, f, A.shape[3], n)) * 0.1, np.zeros((1, 1, 1, n))
            A, _ = conv.conv_forward(A, W, b, {"stride": s, "pad": 0})
            A = np.maximum(A, 0)
            name, params = f"CONV f={f} s={s}, {n} filters", conv_parameter_count(f, W.shape[2], n)
        elif kind == "max pool":
            A, _ = conv.pool_forward(A, {"f": f, "stride": s})
            name, params = f"MAX POOL f={f} s={s}", 0
        else:
            X = A.reshape(m, -1).T  # flatten: one column per example, as Courses 1-2
            W = rng.standard_normal((n, X.shape[0])) * 0.01
            A = (W @ X).T
            name = f"{'FC' if kind == 'dense' else 'SOFTMAX'} {n}"
            params = W.size + n
        rows.append({"layer": name, "shape": A.shape[1:], "size": int(np.prod(A.shape[1:])), "parameters": params})
    return rows


def format_cnn_shapes(rows) -> str:
    """The lecture's table: activation shape, activation size, parameters, one row per layer."""
    lines = [f"{'layer':28s} {'activation shape':>18s} {'size':>7s} {'parameters':>11s}"]
    for r in rows:
        lines.append(f"{r['layer']:28s} {str(r['shape']):>18s} {r['size']:7,d} {r['parameters']:11,d}")
    lines.append(f"{'total':28s} {'':>18s} {'':>7s} {sum(r['parameters'] for r in rows):11,d}")
    return "\n".join(lines)


def conv_gradient_check(seed: int = 1, stride: int = 2, pad: int = 1) -> dict:
    """Relative differences between conv_backward's dA_prev, dW, db and centred differences of the cost
    J = sum(G * Z) (G a fixed random upstream gradient), on a small layer."""
    rng = np.random.default_rng(seed)
    A_prev = rng.standard_normal((2, 5, 5, 3))
    W, b = rng.standard_normal((3, 3, 3, 2)), rng.standard_normal((1, 1, 1, 2))
    hp = {"stride": stride, "pad": pad}
    Z, cache = conv.conv_forward(A_prev, W, b, hp)
    G = rng.standard_normal(Z.shape)
    grads = dict(zip(("dA_prev", "dW", "db"), conv.conv_backward(G, cache)))
    costs = {"dA_prev": lambda x: float(np.sum(G * conv.conv_forward(x, W, b, hp)[0])),
             "dW": lambda x: float(np.sum(G * conv.conv_forward(A_prev, x, b, hp)[0])),
             "db": lambda x: float(np.sum(G * conv.conv_forward(A_prev, W, x, hp)[0]))}
    at = {"dA_prev": A_prev, "dW": W, "db": b}
    return {k: relative_difference(grads[k], numerical_gradient(costs[k], at[k])) for k in grads}


# ---------------------------------------------------------------- a CNN on the cat pictures (Course 1's set)
# Course 1's figures on the same 209 / 50 pictures (c1w2_logistic_regression_cats, c1w4_deep_network_cats)
COURSE1 = {"logistic regression (12288 inputs)": (12288 + 1, 0.70),
           "4-layer network [12288, 20, 7, 5, 1], mean over seeds 0-4": (
               12288 * 20 + 20 + 20 * 7 + 7 + 7 * 5 + 5 + 5 * 1 + 1, 0.748)}


def cat_cnn(seed: int = 0, n_C: int = 8, f: int = 4, pool: int = 2, side: int = 64):
    """CONV (f x f, n_C filters, stride f: each filter reads its own patch) -> ReLU -> MAX POOL (pool, pool) ->
    flatten -> sigmoid unit, for side x side x 3 pictures; He-initialized from ``seed``.  A Sequential."""

    rng = np.random.default_rng(seed)
    W1 = rng.standard_normal((f, f, 3, n_C)) * np.sqrt(2 / (f * f * 3))
    n_H = conv.conv_output_size(side, f, 0, f)
    n_flat = (conv.conv_output_size(n_H, pool, 0, pool) ** 2) * n_C
    W2 = rng.standard_normal((1, n_flat)) * np.sqrt(1 / n_flat)
    return Sequential([Conv2D(W1, np.zeros((1, 1, 1, n_C)), stride=f, pad=0), Activation("relu"),
                       MaxPool2D(pool, pool), Flatten(), Dense(W2, np.zeros((1, 1))), Output("sigmoid")])


def count_parameters(model) -> int:
    """The number of learned numbers of a Sequential (every layer's params)."""
    return int(sum(p.size for _, _, p in model.parameters()))


def train_cat_cnns(cats, seeds=range(5), epochs: int = 15, learning_rate: float = 0.01, mini_batch_size: int = 32):
    """Train ``cat_cnn(seed)`` on the 209 training pictures (float32, Adam, mini-batches) for each seed, through the
    package's ``train``; returns one dict per seed: seed, model, history, train and test accuracy."""
    X_train, X_test = (cats.images_train / 255.0).astype(np.float32), (cats.images_test / 255.0).astype(np.float32)
    rows = []
    with threadpool_limits(limits=1, user_api="blas"):  # small products: one BLAS thread (see the appendix)
        for seed in seeds:
            model, history = train(X_train, cats.Y_train, cat_cnn(seed, side=X_train.shape[1]), Adam(learning_rate),
                                   epochs, mini_batch_size=mini_batch_size, record_every=5, seed=seed)
            accuracy = {name: float(((model.predict_proba(X) > 0.5) == Y).mean())
                        for name, X, Y in (("train", X_train, cats.Y_train), ("test", X_test, cats.Y_test))}
            rows.append({"seed": seed, "model": model, "history": history, **accuracy})
    return rows


def format_cnn_results(rows) -> str:
    """Each seed's train and test accuracy, their means, next to Course 1's models on the same pictures."""
    lines = [f"{'model':58s} {'parameters':>10s} {'train':>7s} {'test':>7s}"]
    n = count_parameters(rows[0]["model"])
    for r in rows:
        lines.append(f"{'CNN, seed ' + str(r['seed']):58s} {n:10,d} {r['train']:7.1%} {r['test']:7.1%}")
    seeds = f"{rows[0]['seed']}-{rows[-1]['seed']}"
    lines.append(f"{'CNN, mean over seeds ' + seeds:58s} {n:10,d} {np.mean([r['train'] for r in rows]):7.1%} "
                 f"{np.mean([r['test'] for r in rows]):7.1%}")
    for name, (params, test) in COURSE1.items():
        lines.append(f"{name:58s} {params:10,d} {'':>7s} {test:7.1%}")
    return "\n".join(lines)


def plot_learned_filters(model, picture) -> plt.Figure:
    """The first layer's learned filters (each f x f x 3, shown as colours scaled to [0, 1]) and the feature map
    each gives (after the ReLU) on one picture (m, 64, 64, 3) in [0, 1]."""
    conv_layer = model.layers[0]
    W = conv_layer.params["W"]
    maps = model.layers[1].forward(conv_layer.forward(np.asarray(picture, W.dtype)[None])[0])[0][0]
    n_C = W.shape[3]
    fig, axes = plt.subplots(2, n_C + 1, figsize=(1.5 * (n_C + 1), 3.3))
    axes[0, 0].imshow(picture)
    axes[0, 0].set_title("test picture", fontsize=8)
    axes[1, 0].axis("off")
    for c in range(n_C):
        w = W[:, :, :, c]
        axes[0, c + 1].imshow((w - w.min()) / (np.ptp(w) or 1.0))
        axes[0, c + 1].set_title(f"filter {c}", fontsize=8)
        axes[1, c + 1].imshow(maps[:, :, c], cmap="gray")
        axes[1, c + 1].set_title(f"map {c}: {maps.shape[0]} x {maps.shape[1]}", fontsize=7)
    for ax in axes.ravel():
        ax.set_xticks([])
        ax.set_yticks([])
    axes[0, 0].set_xlabel("n_W")
    axes[0, 0].set_ylabel("n_H")
    fig.tight_layout()
    return fig
