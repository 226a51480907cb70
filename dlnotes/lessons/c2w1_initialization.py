"""Lesson of notebooks/c2w1_initialization.ipynb: the course's 2 -> 10 -> 5 -> 1 ReLU network on the
circles trained from zeros, large random, Xavier and He starts; symmetry, the saturated output of a
large start, and the spread over seeds.

X (2, m), Y (1, m); W[l] (n[l], n[l-1]).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .. import validation as v
from ..datasets import Split, load_generated
from ..model import INIT_METHODS, accuracy, compute_cost, forward, network, predict
from ..optimizers import GradientDescent
from ..plotting import plot_costs, plot_decision_boundary
from ..training import progress_bar, train

INIT_LAYERS = [2, 10, 5, 1]


INIT_TRAIN = {"learning_rate": 0.01, "num_iterations": 15000}

INIT_SEED = 3  # the assignment seeds its random and He draws with np.random.seed(3)


def circles_split() -> Split:
    """The initialization assignment's circles (scikit-learn's geometry: factor 0.8, noise 0.05):
    X_train (2, 300), Y_train (1, 300), X_test (2, 100), Y_test (1, 100)."""
    d = load_generated("circles")
    return Split(d["X_train"], d["Y_train"], d["X_test"], d["Y_test"])


def init_experiment(init: str = "he", scale: float = 0.01, seed: int = INIT_SEED, parameters: dict | None = None,
                    data: Split | None = None, learning_rate: float = 0.01, iterations: int = 15000,
                    record_every: int = 500) -> dict:
    """Train the course's 2 -> 10 -> 5 -> 1 relu network on circles with one initialization.

    ``init`` one of zeros/random/xavier/he (``scale`` for random); or start from ``parameters``.
    Returns {"init", "scale", "parameters", "history", "first_cost", "train_accuracy",
    "test_accuracy"}.
    """
    v.check_choice(init, "init", INIT_METHODS)
    data = circles_split() if data is None else data
    start = network(INIT_LAYERS, init=init, scale=scale, seed=seed) if parameters is None else parameters
    params, history = train(data.X_train, data.Y_train, start, GradientDescent(learning_rate), iterations, seed=seed,
                            record_every=record_every)
    return run_summary(init, scale, params, history, data, seed)


def run_summary(init: str, scale: float, parameters: dict, history, data: Split, seed: int = INIT_SEED) -> dict:
    """What ``init_experiment`` returns for a network already trained on ``data`` (X (2, m) columns):
    {"init", "scale", "seed", "parameters", "history", "first_cost", "train_accuracy", "test_accuracy"}."""
    v.check_choice(init, "init", INIT_METHODS)
    if not history.costs:
        raise ValueError("history must hold at least one recorded cost, got none")
    return {"init": init, "scale": scale, "seed": seed, "parameters": parameters, "history": history,
            "first_cost": history.costs[0],
            "train_accuracy": accuracy(predict(data.X_train, parameters), data.Y_train),
            "test_accuracy": accuracy(predict(data.X_test, parameters), data.Y_test)}


def constant_parameters(layer_dims, value: float = 0.5) -> dict:
    """Every W[l] filled with ``value``, every b[l] zero: the symmetric start the course warns about."""
    dims = v.check_layer_dims(layer_dims)
    if not np.isfinite(value):
        raise ValueError(f"value must be finite, got {value!r}")
    return {k: np.full(s, float(value) if k[0] == "W" else 0.0)
            for l in range(1, len(dims))
            for k, s in ((f"W{l}", (dims[l], dims[l - 1])), (f"b{l}", (dims[l], 1)))}


def uniform_parameters(layer_dims, scale: float = 1.0, seed: int = INIT_SEED) -> dict:
    """The ``rand`` mistake: every W[l] (n[l], n[l-1]) drawn uniform on [0, scale) (``np.random.rand * scale``,
    here from ``numpy.random.default_rng(seed)``, layer by layer), every b[l] (n[l], 1) zero."""
    dims = v.check_layer_dims(layer_dims)
    v.check_positive(scale, "scale")
    rng = np.random.default_rng(seed)
    out = {}
    for l in range(1, len(dims)):
        out[f"W{l}"] = rng.random((dims[l], dims[l - 1])) * scale
        out[f"b{l}"] = np.zeros((dims[l], 1))
    return out


def unit_correlation(X, parameters, layer: int) -> float:
    """How alike the units of hidden layer ``layer`` of a relu network start: the mean, over every pair of
    its units, of the correlation of their z's over the examples of X (n_x, m).  1 means every unit
    computes the same z up to scale; units whose z is constant over X are left out."""
    L = v.check_parameters(parameters)
    layer = v.check_int(layer, "layer")
    if layer >= L:
        raise ValueError(f"layer must be a hidden layer, 1 to {L - 1}, got {layer}")
    _, caches = forward(X, parameters)
    Z = caches[layer - 1].Z
    Z = Z[Z.std(axis=1) > 0]
    if Z.shape[0] < 2:
        raise ValueError(f"layer {layer} must have two units whose z varies over X, got {Z.shape[0]}")
    C = np.corrcoef(Z)
    return float(C[np.triu_indices(Z.shape[0], 1)].mean())


def symmetry_report(parameters: dict) -> dict:
    """For each hidden layer l, the largest difference between any two rows of W[l] (and of b[l]):
    0 means every unit of the layer computes the same function.  Returns {"W1": float, ...}."""
    L = v.check_parameters(parameters)
    out = {}
    for l in range(1, L):
        Wb = np.hstack([parameters[f"W{l}"], parameters[f"b{l}"]])
        out[f"W{l}"] = float(np.abs(Wb - Wb[:1]).max())
    return out


def initial_output_stats(X, Y, parameters) -> dict:
    """How the output layer looks before training, for a relu network.

    Returns {"mean_abs_z": mean |z[L]|, "max_abs_z", "saturated": fraction of examples whose
    sigmoid(z) is exactly 0.0 or 1.0 in float64, "wrong_and_saturated": fraction of examples
    predicted with probability exactly 0 for their true class, "cost": the cross-entropy from the
    logits, "cost_from_probabilities": the course's -mean(y log a + (1-y) log(1-a)) (inf when a
    wrong prediction rounds to 0 or 1)}.
    """
    v.check_parameters(parameters)
    X = v.check_matrix(X, "X", rows=parameters["W1"].shape[1])
    Y = v.check_labels(Y, X.shape[1])
    AL, caches = forward(X, parameters)
    Z = caches[-1].Z
    with np.errstate(divide="ignore", invalid="ignore"):
        logprobs = -(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))
        naive = float(np.nansum(logprobs) / X.shape[1])
    return {"mean_abs_z": float(np.abs(Z).mean()), "max_abs_z": float(np.abs(Z).max()),
            "saturated": float(((AL == 0) | (AL == 1)).mean()),
            "wrong_and_saturated": float((((AL == 0) & (Y == 1)) | ((AL == 1) & (Y == 0))).mean()),
            "cost": compute_cost(AL, Y, caches=caches), "cost_from_probabilities": naive}


def init_seed_sweep(configs=(("random", 10.0), ("he", 0.01)), seeds=(1, 2, 3), known=(), progress: bool = False,
                    **kwargs) -> list[dict]:
    """``init_experiment`` for each (init, scale) in ``configs`` and each seed.

    ``known``: ``init_experiment`` results (with the default iterations) to reuse instead of training
    the same (init, scale, seed) again; ``progress`` shows a tqdm bar over the trainings.
    Returns rows {"init", "scale", "seed", "train_accuracy", "test_accuracy", "final_cost"}."""
    seeds, configs = list(seeds), list(configs)
    if not seeds or not configs:
        raise ValueError("configs and seeds must both be non-empty")
    data = circles_split()
    done = {(r["init"], r["scale"] if r["init"] == "random" else None, r["seed"]): r for r in known}
    jobs = [(init, scale, seed) for init, scale in configs for seed in seeds]
    if progress:
        jobs = progress_bar(jobs, "trainings")
    rows = []
    for init, scale, seed in jobs:
        r = done.get((init, scale if init == "random" else None, seed)) if not kwargs else None
        if r is None:
            r = init_experiment(init, scale, seed=seed, data=data, record_every=5000, **kwargs)
        rows.append({"init": init, "scale": scale, "seed": seed, "train_accuracy": r["train_accuracy"],
                     "test_accuracy": r["test_accuracy"], "final_cost": r["history"].costs[-1]})
    return rows


def _label(r):
    if r.get("label"):
        return r["label"]
    return f"{r['init']} x{r['scale']:g}" if r["init"] == "random" else r["init"]


def plot_init_comparison(results, data: Split | None = None, figsize=None):
    """Decision boundaries (top row) and cost curves (bottom) of ``init_experiment`` results.

    Accuracies in the titles; the cost axis is logarithmic so that a first cost in the
    thousands and a final one near 0.01 both show.  Returns the Figure."""
    results = list(results)
    if not results:
        raise ValueError("results must hold at least one init_experiment result, got none")
    data = circles_split() if data is None else data
    k = len(results)
    fig = plt.figure(figsize=figsize or (3.2 * k, 6.4))
    gs = fig.add_gridspec(2, k, height_ratios=[1.1, 1])
    for i, r in enumerate(results):
        ax = fig.add_subplot(gs[0, i])
        params = r["parameters"]
        plot_decision_boundary(params, data.X_train, data.Y_train, ax=ax, resolution=80)
        ax.set_title(f"{_label(r)}\ntrain {r['train_accuracy']:.1%}, test {r['test_accuracy']:.1%}", fontsize=9)
    ax = fig.add_subplot(gs[1, :])
    for r in results:
        plot_costs(r["history"], ax=ax, label=_label(r), log_y=True, title="Training cost (log scale)")
    fig.tight_layout()
    return fig


__all__ = [
    "circles_split", "constant_parameters", "init_experiment", "INIT_LAYERS", "init_seed_sweep", "INIT_TRAIN",
    "INIT_SEED", "initial_output_stats", "plot_init_comparison", "run_summary", "symmetry_report",
]
