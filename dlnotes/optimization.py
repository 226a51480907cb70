"""Course 2 weeks 2-3: the computations, figures and widget callbacks of the c2w2/c2w3 notebooks.

* week 2, optimization algorithms: mini-batch sizes, exponentially weighted averages (with and
  without bias correction), the three optimizers of the assignment on the moons set (all through
  ``dlnotes.train``, the one training loop), learning-rate decay schedules;
* week 3, hyperparameter tuning: grid vs random search, sampling on a log scale, a random search
  of small networks on a train/dev split, coarse-to-fine;
* week 3, softmax: naive vs stable softmax and cross-entropy, one-hot labels, softmax regression
  and a multiclass network on a spiral, their decision regions.

Conventions as everywhere in dlnotes: X (n_x, m), Y (1, m) labels or one-hot (C, m), W[l] (n[l], n[l-1]).
All randomness goes through ``numpy.random.default_rng(seed)``.
"""

from __future__ import annotations

import numbers

import matplotlib.pyplot as plt
import numpy as np

from . import validation as v
from .datasets import Split, load_generated, make_dataset, make_spiral, train_test_split
from .model import accuracy, predict, predict_proba
from .optimizers import OPTIMIZERS, learning_rate_at
from .plotting import plot_decision_boundary
from .training import train

__all__ = [
    "COURSE_ACCURACY", "COURSE_DECAY_ACCURACY", "MOONS_SETUP", "cost_curve_figure", "cross_entropy_naive",
    "cross_entropy_stable", "decay_schedule", "effective_window", "evaluate_hyperparameters", "ewa",
    "ewa_figure", "ewa_widget", "format_results_table", "grid_search", "grid_vs_random_points",
    "labels_from_one_hot", "log_softmax", "mini_batch_sizes", "moons_data", "multiclass_data",
    "multiclass_figure", "multiclass_widget", "one_hot", "optimizer_experiment", "optimizer_widget",
    "plot_decay_schedules", "plot_grid_vs_random", "plot_multiclass_regions", "plot_optimizer_boundaries",
    "plot_optimizer_costs", "plot_sampling_scales", "plot_search_plane", "plot_search_results",
    "random_search", "sample_betas", "sample_learning_rates", "sample_log_uniform", "softmax_naive",
    "softmax_stable", "temperature_series", "train_multiclass", "tuning_data", "zoom_ranges",
]


def _check_beta(beta, name="beta"):
    if isinstance(beta, bool) or not isinstance(beta, numbers.Real) or not 0 <= beta < 1:
        raise ValueError(f"{name} must be a number in [0, 1), got {beta!r}")
    return float(beta)


def _check_figsize(figsize):
    if figsize is None:
        return None
    if len(figsize) != 2 or not all(isinstance(x, numbers.Real) and x > 0 for x in figsize):
        raise ValueError(f"figsize must be (width, height) in inches, got {figsize!r}")
    return tuple(float(x) for x in figsize)


# =========================================================================== week 2: mini-batches
def mini_batch_sizes(m: int, mini_batch_size: int = 64) -> list[int]:
    """Sizes of the mini-batches of one epoch over m examples: floor(m / size) full ones, then
    the m mod size remaining examples (if any) in a last, smaller one.  Returns a list of ints."""
    m = v.check_int(m, "m")
    size = v.check_int(mini_batch_size, "mini_batch_size")
    full, rest = divmod(m, size)
    return [size] * full + ([rest] if rest else [])


# =========================================================================== week 2: EWA
def temperature_series(days: int = 365, seed: int = 0, mean: float = 11.0, amplitude: float = 8.0,
                       noise: float = 3.0):
    """A year of noisy daily temperatures (deg C), like the lecture's London example.

    theta_t = mean - amplitude * cos(2 pi (t - 20) / 365) + noise * N(0, 1), t = 1..days.
    Returns (t (days,) ints, theta (days,) floats).
    """
    days = v.check_int(days, "days", minimum=2)
    for name, x in (("mean", mean), ("amplitude", amplitude)):
        if isinstance(x, bool) or not isinstance(x, numbers.Real) or not np.isfinite(x):
            raise ValueError(f"{name} must be a finite number, got {x!r}")
    v.check_positive(noise, "noise", allow_zero=True)
    t = np.arange(1, days + 1)
    rng = np.random.default_rng(seed)
    theta = mean - amplitude * np.cos(2 * np.pi * (t - 20) / 365) + noise * rng.standard_normal(days)
    return t, theta


def ewa(theta, beta: float = 0.9, bias_correction: bool = False) -> np.ndarray:
    """Exponentially weighted average of the series theta (T,): v_0 = 0,
    v_t = beta v_{t-1} + (1 - beta) theta_t, and with bias correction v_t / (1 - beta^t).
    Returns v_1..v_T, shape (T,)."""
    theta = np.asarray(theta)
    if theta.ndim != 1 or theta.size == 0:
        raise ValueError(f"theta must be a non-empty 1-D series (T,), got shape {theta.shape}")
    if not (np.issubdtype(theta.dtype, np.floating) or np.issubdtype(theta.dtype, np.integer)):
        raise ValueError(f"theta must be numeric, got dtype {theta.dtype}")
    theta = theta.astype(np.float64)
    if not np.isfinite(theta).all():
        raise ValueError("theta must be finite, got NaN or inf")
    beta = _check_beta(beta)
    out = np.empty_like(theta)
    value = 0.0
    for t, x in enumerate(theta):
        value = beta * value + (1 - beta) * x
        out[t] = value
    if bias_correction:
        out /= 1 - beta ** np.arange(1, theta.size + 1)
    return out


def effective_window(beta: float) -> float:
    """About how many recent values an EWA with this beta averages over: 1 / (1 - beta)."""
    return 1.0 / (1.0 - _check_beta(beta))


def ewa_figure(beta: float = 0.9, days: int = 365, seed: int = 0, zoom_days: int = 40, figsize=(12, 4)):
    """The temperatures with their EWA, with and without bias correction: the whole year and a zoom
    on the first ``zoom_days`` days (where the uncorrected average starts near 0).
    Returns (figure, info text)."""
    beta = _check_beta(beta)
    zoom_days = v.check_int(zoom_days, "zoom_days", minimum=2)
    t, theta = temperature_series(days, seed)
    plain, corrected = ewa(theta, beta), ewa(theta, beta, bias_correction=True)
    fig, axes = plt.subplots(1, 2, figsize=_check_figsize(figsize), gridspec_kw={"width_ratios": [2, 1]})
    for ax, stop in zip(axes, (len(t), min(zoom_days, len(t)))):
        ax.scatter(t[:stop], theta[:stop], s=8, color="#999999", label=r"$\theta_t$ (daily temperature)")
        ax.plot(t[:stop], plain[:stop], color="#d6604d", lw=2, label="EWA without bias correction")
        ax.plot(t[:stop], corrected[:stop], color="#2166ac", lw=2, ls="--", label="EWA with bias correction")
        ax.set_xlabel("day $t$")
        ax.set_ylabel(r"temperature ($^\circ$C)")
    axes[0].set_title(rf"$v_t = {beta:g}\,v_{{t-1}} + {1 - beta:.3g}\,\theta_t$, "
                      rf"about $1/(1-\beta) = {effective_window(beta):.3g}$ days")
    axes[1].set_title(f"the first {min(zoom_days, len(t))} days")
    axes[0].legend(loc="lower center", fontsize=8)
    fig.tight_layout()
    info = (f"beta = {beta:g}: window about {effective_window(beta):.1f} days; day 1: theta {theta[0]:.2f}, "
            f"v without correction {plain[0]:.2f}, with correction {corrected[0]:.2f}")
    return fig, info


def ewa_widget(beta: float = 0.9):
    """A beta slider (0 to 0.995) above ``ewa_figure``."""
    from .widgets import interactive_figure, slider

    return interactive_figure(ewa_figure, beta=slider("beta", _check_beta(beta), 0.0, 0.995, 0.005,
                                                      readout_format=".3f"))


# =========================================================================== week 2: optimizers on moons
# The assignment's setup; COURSE_* are the accuracies its notebook reports (training set, 5000 epochs).
MOONS_SETUP = {"layer_dims": [2, 5, 2, 1], "learning_rate": 0.0007, "mini_batch_size": 64, "num_epochs": 5000,
               "beta": 0.9, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8, "init": "he"}
COURSE_ACCURACY = {"gd": 0.717, "momentum": 0.717, "adam": 0.943}
# with learning_rate 0.1, decay_rate 1, time_interval 1000 (the assignment's last section)
COURSE_DECAY_ACCURACY = {"gd": 0.946, "momentum": 0.956, "adam": 0.94}
OPTIMIZER_NAMES = {"gd": "mini-batch gradient descent", "momentum": "momentum", "rmsprop": "RMSprop",
                   "adam": "Adam"}


def moons_data():
    """The assignment's moons set as saved in data/moons.h5: X (2, 300), Y (1, 300)."""
    data = load_generated("moons")
    return data["X"], data["Y"]


def optimizer_experiment(optimizer: str = "gd", num_epochs: int = 5000, learning_rate: float = 0.0007,
                         mini_batch_size: int | None = 64, beta: float = 0.9, decay_rate: float = 0.0,
                         time_interval: int | None = None, seed: int = 0, record_every: int = 100,
                         X=None, Y=None) -> dict:
    """Train the assignment's [2, 5, 2, 1] relu network (He init) on the moons set with ``dlnotes.train``.

    ``beta`` is momentum's / RMSprop's beta and Adam's beta1 (beta2 0.999, epsilon 1e-8).  X (2, m),
    Y (1, m) default to ``moons_data()``.  Returns {"optimizer", "parameters", "history",
    "accuracy" (training set), "learning_rates" (num_epochs,)}.
    """
    v.check_choice(optimizer, "optimizer", OPTIMIZERS)
    if X is None or Y is None:
        X, Y = moons_data()
    num_epochs = v.check_int(num_epochs, "num_epochs")
    beta = _check_beta(beta)
    parameters, history = train(
        X, Y, MOONS_SETUP["layer_dims"], learning_rate, num_epochs, init=MOONS_SETUP["init"], seed=seed,
        optimizer=optimizer, beta=beta, beta1=beta, beta2=MOONS_SETUP["beta2"], epsilon=MOONS_SETUP["epsilon"],
        mini_batch_size=mini_batch_size, decay_rate=decay_rate, time_interval=time_interval,
        record_every=record_every)
    acc = float("nan") if history.diverged else accuracy(predict(X, parameters), Y)
    return {"optimizer": optimizer, "parameters": parameters, "history": history, "accuracy": acc,
            "learning_rates": decay_schedule(learning_rate, num_epochs, decay_rate, time_interval)}


def plot_optimizer_costs(results, ax=None, figsize=(8, 4), title="Cost per epoch on the moons set"):
    """The cost curves of several ``optimizer_experiment`` results on one axis; returns the figure."""
    results = list(results)
    if not results:
        raise ValueError("results must hold at least one optimizer_experiment result, got none")
    if ax is None:
        _, ax = plt.subplots(figsize=_check_figsize(figsize))
    for r, style in zip(results, ["-", "--", "-.", ":"] * len(results)):
        h = r["history"]
        ax.plot(h.iterations, h.costs, ls=style, lw=2, label=f"{OPTIMIZER_NAMES[r['optimizer']]} ({r['accuracy']:.1%})")
    ax.set_xlabel("epoch")
    ax.set_ylabel("cost $J$ (mean over the epoch's mini-batches)")
    ax.set_title(title)
    ax.legend()
    return ax.figure


def plot_optimizer_boundaries(results, X=None, Y=None, figsize=None, suptitle=None):
    """Decision boundaries of several ``optimizer_experiment`` results side by side; returns the figure."""
    results = list(results)
    if not results:
        raise ValueError("results must hold at least one optimizer_experiment result, got none")
    if X is None or Y is None:
        X, Y = moons_data()
    figsize = _check_figsize(figsize) or (4.2 * len(results), 3.8)
    fig, axes = plt.subplots(1, len(results), figsize=figsize, squeeze=False)
    for ax, r in zip(axes[0], results):
        plot_decision_boundary(lambda G, p=r["parameters"]: predict_proba(G, p), X, Y, ax=ax,
                               title=f"{OPTIMIZER_NAMES[r['optimizer']]}: {r['accuracy']:.1%}")
    if suptitle:
        fig.suptitle(suptitle)
    fig.tight_layout()
    return fig


def decay_schedule(learning_rate0: float, num_epochs: int, decay_rate: float = 0.0,
                   time_interval: int | None = None) -> np.ndarray:
    """The learning rate of each epoch 0..num_epochs-1, as ``dlnotes.train`` uses it
    (``learning_rate_at``).  Returns an array (num_epochs,)."""
    v.check_positive(learning_rate0, "learning_rate0")
    num_epochs = v.check_int(num_epochs, "num_epochs")
    v.check_positive(decay_rate, "decay_rate", allow_zero=True)
    if time_interval is not None:
        v.check_int(time_interval, "time_interval")
    return np.array([learning_rate_at(learning_rate0, e, decay_rate, time_interval) for e in range(num_epochs)])


def plot_decay_schedules(learning_rate0: float = 0.1, decay_rate: float = 1.0, time_interval: int = 1000,
                         num_epochs: int = 5000, figsize=(12, 4)):
    """The continuous decay lr0 / (1 + decay_rate * epoch), the scheduled one
    lr0 / (1 + decay_rate * floor(epoch / time_interval)), on linear and log y axes.  Returns the figure."""
    epochs = np.arange(v.check_int(num_epochs, "num_epochs"))
    continuous = decay_schedule(learning_rate0, num_epochs, decay_rate)
    scheduled = decay_schedule(learning_rate0, num_epochs, decay_rate, time_interval)
    fig, axes = plt.subplots(1, 2, figsize=_check_figsize(figsize))
    for ax, log in zip(axes, (False, True)):
        ax.plot(epochs, continuous, label=rf"$\alpha_0 / (1 + {decay_rate:g}\,t)$ (every epoch)")
        ax.plot(epochs, scheduled, label=rf"$\alpha_0 / (1 + {decay_rate:g}\,\lfloor t / {time_interval}\rfloor)$"
                                         " (scheduled)")
        ax.set_xlabel("epoch $t$")
        ax.set_ylabel(r"learning rate $\alpha$")
        if log:
            ax.set_yscale("log")
    axes[0].set_title(rf"Learning-rate decay, $\alpha_0 = {learning_rate0:g}$")
    axes[1].set_title("the same on a log scale")
    axes[0].legend(fontsize=8)
    fig.tight_layout()
    return fig


def cost_curve_figure(optimizer: str = "adam", mini_batch_size: int = 64, beta: float = 0.9,
                      learning_rate: float = 0.0007, decay_rate: float = 0.0, num_epochs: int = 1000,
                      time_interval: int | None = None, seed: int = 0, figsize=(11, 3.6)):
    """One ``optimizer_experiment`` (the widget's callback): its cost curve and its learning rate.

    ``mini_batch_size`` 300 (= m) is batch gradient descent, 1 would be stochastic gradient descent.
    Returns (figure, info text with the final cost and the training accuracy).
    """
    mini_batch_size = v.check_int(mini_batch_size, "mini_batch_size")
    r = optimizer_experiment(optimizer, num_epochs, learning_rate, mini_batch_size, beta, decay_rate,
                             time_interval, seed, record_every=max(1, num_epochs // 200))
    h = r["history"]
    X, _ = moons_data()
    sizes = mini_batch_sizes(X.shape[1], mini_batch_size)
    fig, axes = plt.subplots(1, 2, figsize=_check_figsize(figsize), gridspec_kw={"width_ratios": [3, 2]})
    axes[0].plot(h.iterations, h.costs, color="#2166ac")
    axes[0].set_xlabel("epoch")
    axes[0].set_ylabel("cost $J$")
    axes[0].set_title(f"{OPTIMIZER_NAMES[optimizer]}, {len(sizes)} mini-batch(es) per epoch")
    axes[0].set_ylim(bottom=0)
    axes[1].plot(np.arange(num_epochs), r["learning_rates"], color="#b2182b")
    axes[1].set_xlabel("epoch")
    axes[1].set_ylabel(r"learning rate $\alpha$")
    axes[1].set_title("learning rate (decay)")
    axes[1].set_ylim(bottom=0)
    fig.tight_layout()
    if h.diverged:
        info = f"diverged after {h.iterations[-1] + 1} epochs: lower the learning rate"
    else:
        info = (f"{OPTIMIZER_NAMES[optimizer]}: final cost {h.costs[-1]:.4f}, training accuracy "
                f"{r['accuracy']:.1%} after {num_epochs} epochs of {len(sizes)} mini-batch(es)")
    return fig, info


WIDGET_BATCH_SIZES = (32, 64, 128, 300)  # 16 would take about 2 s per redraw at 1000 epochs


def optimizer_widget(optimizer: str = "adam", mini_batch_size: int = 64, beta: float = 0.9,
                     learning_rate: float = 0.0007, decay_rate: float = 0.0, num_epochs: int = 1000):
    """Controls (optimizer, mini-batch size, beta, learning rate, decay rate) above ``cost_curve_figure``."""
    import ipywidgets as W

    from .widgets import interactive_figure, log_slider, slider

    if mini_batch_size not in WIDGET_BATCH_SIZES:
        raise ValueError(f"mini_batch_size must be one of {list(WIDGET_BATCH_SIZES)}, got {mini_batch_size!r}")
    return interactive_figure(
        lambda **kw: cost_curve_figure(num_epochs=num_epochs, **kw),
        optimizer=W.Dropdown(options=list(OPTIMIZERS), value=v.check_choice(optimizer, "optimizer", OPTIMIZERS),
                             description="optimizer"),
        mini_batch_size=W.Dropdown(options=list(WIDGET_BATCH_SIZES), value=mini_batch_size,
                                   description="mini-batch size", style={"description_width": "initial"}),
        beta=slider("beta (beta1)", _check_beta(beta), 0.0, 0.99, 0.01),
        learning_rate=log_slider("learning rate", learning_rate, -4, -0.5, readout_format=".1e"),
        decay_rate=slider("decay rate", float(decay_rate), 0.0, 0.01, 0.0005, readout_format=".4f"))


# =========================================================================== week 3: tuning
def sample_log_uniform(n: int, low_exp: float, high_exp: float, seed: int = 0) -> np.ndarray:
    """n values 10**r with r uniform in [low_exp, high_exp]: uniform on a log scale.  Shape (n,)."""
    n = v.check_int(n, "n")
    for name, x in (("low_exp", low_exp), ("high_exp", high_exp)):
        if isinstance(x, bool) or not isinstance(x, numbers.Real) or not np.isfinite(x):
            raise ValueError(f"{name} must be a finite number, got {x!r}")
    if low_exp >= high_exp:
        raise ValueError(f"low_exp must be below high_exp, got {low_exp!r} >= {high_exp!r}")
    r = np.random.default_rng(seed).uniform(low_exp, high_exp, n)
    return 10.0 ** r


def sample_learning_rates(n: int, seed: int = 0, r_min: float = -4.0, r_max: float = 0.0) -> np.ndarray:
    """The lecture's alpha = 10^r, r = -4 * rand (r uniform in [r_min, r_max]); shape (n,)."""
    return sample_log_uniform(n, r_min, r_max, seed)


def sample_betas(n: int, seed: int = 0, r_min: float = -3.0, r_max: float = -1.0) -> np.ndarray:
    """The lecture's beta = 1 - 10^r, r uniform in [-3, -1] (beta from 0.9 to 0.999); shape (n,)."""
    return 1.0 - sample_log_uniform(n, r_min, r_max, seed)


def grid_vs_random_points(n_per_axis: int = 5, seed: int = 0):
    """n_per_axis^2 points in the unit square on a grid, and as many uniform random ones.
    Returns (grid (2, n^2), random (2, n^2))."""
    n = v.check_int(n_per_axis, "n_per_axis", minimum=2)
    ticks = (np.arange(n) + 0.5) / n
    g1, g2 = np.meshgrid(ticks, ticks)
    grid = np.vstack([g1.ravel(), g2.ravel()])
    rand = np.random.default_rng(seed).random((2, n * n))
    return grid, rand


def _toy_objective(a, b):
    """A made-up dev accuracy that depends strongly on a (peak near 0.83) and hardly on b."""
    return 0.95 - 0.6 * (a - 0.83) ** 2 - 0.01 * (b - 0.5) ** 2


def plot_grid_vs_random(n_per_axis: int = 5, seed: int = 0, figsize=(12, 5)):
    """Grid vs random search over two hyperparameters of which only the first matters.

    Background: a made-up dev accuracy depending on hyperparameter 1 only (almost); ticks under
    each panel: the distinct values of hyperparameter 1 that were tried.  Returns the figure.
    """
    grid, rand = grid_vs_random_points(n_per_axis, seed)
    a, b = np.meshgrid(np.linspace(0, 1, 200), np.linspace(0, 1, 200))
    f = _toy_objective(a, b)
    fig, axes = plt.subplots(1, 2, figsize=_check_figsize(figsize), layout="constrained")
    for ax, pts, name in zip(axes, (grid, rand), ("grid search", "random search")):
        im = ax.imshow(f, origin="lower", extent=(0, 1, 0, 1), cmap="viridis", aspect="auto")
        ax.scatter(pts[0], pts[1], c="white", edgecolors="black", s=30)
        ax.plot(pts[0], np.full(pts.shape[1], -0.03), "|", color="#b2182b", ms=10, clip_on=False)
        best = _toy_objective(pts[0], pts[1]).max()
        ax.set_title(f"{name}: {pts.shape[1]} trials,\n{len(np.unique(pts[0]))} distinct values of "
                     f"hyperparameter 1,\nbest accuracy found {best:.4f} (optimum 0.95)", fontsize=10)
        ax.set_xlabel(r"hyperparameter 1 (important, e.g. $\alpha$)")
        ax.set_ylabel(r"hyperparameter 2 (unimportant, e.g. $\varepsilon$)")
        ax.set_ylim(-0.05, 1)
    fig.colorbar(im, ax=axes, label="dev accuracy (made up)")
    return fig


def plot_sampling_scales(n: int = 2000, seed: int = 0, figsize=(12, 3.8)):
    """Where samples land: alpha uniform on [0.0001, 1] vs alpha = 10^r; beta uniform on [0.9, 0.999]
    vs beta = 1 - 10^r; histograms on log axes (per decade).  Returns the figure."""
    n = v.check_int(n, "n")
    rng = np.random.default_rng(seed)
    lin_alpha = rng.uniform(1e-4, 1.0, n)
    log_alpha = sample_learning_rates(n, seed + 1)
    lin_beta = rng.uniform(0.9, 0.999, n)
    log_beta = sample_betas(n, seed + 2)
    fig, axes = plt.subplots(1, 2, figsize=_check_figsize(figsize))
    bins = np.logspace(-4, 0, 17)
    axes[0].hist([lin_alpha, log_alpha], bins=bins, label=["uniform on [0.0001, 1]", r"$10^r$, $r \in [-4, 0]$"])
    axes[0].set_xscale("log")
    axes[0].set_xlabel(r"learning rate $\alpha$ (log scale)")
    axes[0].set_ylabel(f"count of {n} samples")
    axes[0].set_title(r"Sampling $\alpha$")
    bins = np.logspace(-3, -1, 17)
    axes[1].hist([1 - lin_beta, 1 - log_beta], bins=bins,
                 label=["beta uniform on [0.9, 0.999]", r"$\beta = 1 - 10^r$, $r \in [-3, -1]$"])
    axes[1].set_xscale("log")
    axes[1].set_xlabel(r"$1 - \beta$ (log scale)")
    axes[1].set_ylabel(f"count of {n} samples")
    axes[1].set_title(r"Sampling $\beta$ (shown as $1 - \beta$)")
    for ax in axes:
        ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


TUNING_SETUP = {"dataset": "flower", "n_samples": 400, "data_seed": 0, "dev_fraction": 0.3,
                "hidden_activation": "tanh", "init": "xavier", "iterations": 1000, "optimizer": "momentum"}


def tuning_data(seed: int = 0) -> Split:
    """The search's data: the flower set (400 points) split 70/30 into train (X_train) and dev (X_test)."""
    X, Y = make_dataset(TUNING_SETUP["dataset"], TUNING_SETUP["n_samples"], seed=TUNING_SETUP["data_seed"])
    return train_test_split(X, Y, TUNING_SETUP["dev_fraction"], seed=seed)


def evaluate_hyperparameters(learning_rate: float, beta: float, hidden_units: int, data: Split | None = None,
                             iterations: int | None = None, seed: int = 0) -> dict:
    """Train [2, hidden_units, 1] (tanh, Xavier init, full-batch gradient descent with momentum beta)
    on data.X_train and measure it on the dev set data.X_test.  Returns {"learning_rate", "beta",
    "hidden_units", "train_accuracy", "dev_accuracy", "diverged"}."""
    data = tuning_data() if data is None else data
    hidden_units = v.check_int(hidden_units, "hidden_units")
    iterations = TUNING_SETUP["iterations"] if iterations is None else iterations
    parameters, history = train(data.X_train, data.Y_train, [2, hidden_units, 1], learning_rate, iterations,
                                hidden_activation=TUNING_SETUP["hidden_activation"], init=TUNING_SETUP["init"],
                                optimizer=TUNING_SETUP["optimizer"], beta=_check_beta(beta), seed=seed,
                                record_every=iterations)
    row = {"learning_rate": float(learning_rate), "beta": float(beta), "hidden_units": hidden_units,
           "diverged": history.diverged, "train_accuracy": float("nan"), "dev_accuracy": float("nan")}
    if not history.diverged:
        act = TUNING_SETUP["hidden_activation"]
        row["train_accuracy"] = accuracy(predict(data.X_train, parameters, act), data.Y_train)
        row["dev_accuracy"] = accuracy(predict(data.X_test, parameters, act), data.Y_test)
    return row


def _check_range(r, name):
    try:
        lo, hi = r
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a pair (low, high), got {r!r}") from None
    if not (np.isfinite(lo) and np.isfinite(hi)) or lo > hi:
        raise ValueError(f"{name} must be a pair (low, high) with low <= high, got {r!r}")
    return float(lo), float(hi)


def random_search(n_trials: int = 25, seed: int = 0, lr_exp=(-4.0, 0.0), one_minus_beta_exp=(-3.0, -1.0),
                  hidden_units=(2, 16), data: Split | None = None, iterations: int | None = None) -> list[dict]:
    """Random search: each trial draws alpha = 10^r (r uniform in lr_exp), beta = 1 - 10^s (s uniform
    in one_minus_beta_exp) and the hidden units uniformly from the integers in hidden_units, then runs
    ``evaluate_hyperparameters``.  Returns the list of result rows, in trial order."""
    n_trials = v.check_int(n_trials, "n_trials")
    lr_lo, lr_hi = _check_range(lr_exp, "lr_exp")
    b_lo, b_hi = _check_range(one_minus_beta_exp, "one_minus_beta_exp")
    h_lo, h_hi = (int(x) for x in _check_range(hidden_units, "hidden_units"))
    if h_lo < 1:
        raise ValueError(f"hidden_units must be a pair of integers >= 1, got {hidden_units!r}")
    rng = np.random.default_rng(seed)
    data = tuning_data() if data is None else data
    rows = []
    for _ in range(n_trials):
        lr = 10.0 ** rng.uniform(lr_lo, lr_hi)
        beta = 1.0 - 10.0 ** rng.uniform(b_lo, b_hi)
        n_h = int(rng.integers(h_lo, h_hi + 1))
        rows.append(evaluate_hyperparameters(lr, beta, n_h, data, iterations))
    return rows


def grid_search(n_per_axis: int = 5, lr_exp=(-4.0, 0.0), one_minus_beta_exp=(-3.0, -1.0), hidden_units: int = 8,
                data: Split | None = None, iterations: int | None = None) -> list[dict]:
    """Grid search: n_per_axis learning rates x n_per_axis betas, evenly spaced on the same log scales
    as ``random_search`` (endpoints included), hidden units fixed.  Returns the result rows."""
    n = v.check_int(n_per_axis, "n_per_axis", minimum=2)
    lr_lo, lr_hi = _check_range(lr_exp, "lr_exp")
    b_lo, b_hi = _check_range(one_minus_beta_exp, "one_minus_beta_exp")
    data = tuning_data() if data is None else data
    return [evaluate_hyperparameters(10.0 ** r, 1.0 - 10.0 ** s, hidden_units, data, iterations)
            for r in np.linspace(lr_lo, lr_hi, n) for s in np.linspace(b_lo, b_hi, n)]


def format_results_table(rows, top: int | None = None) -> str:
    """A text table of search results sorted by dev accuracy (best first); ``top`` keeps the best rows."""
    rows = list(rows)
    if not rows:
        raise ValueError("rows must hold at least one search result, got none")
    if top is not None:
        v.check_int(top, "top")
    ranked = sorted(rows, key=lambda r: -np.nan_to_num(r["dev_accuracy"], nan=-1.0))[:top]
    lines = [f"{'rank':>4} | {'learning rate':>13} | {'beta':>7} | {'1 - beta':>8} | {'hidden':>6} | "
             f"{'train acc':>9} | {'dev acc':>7}"]
    lines.append("-" * len(lines[0]))
    for i, r in enumerate(ranked, 1):
        acc = ("diverged".rjust(9) + " | " + "".rjust(7)) if r["diverged"] else \
            f"{r['train_accuracy']:>9.1%} | {r['dev_accuracy']:>7.1%}"
        lines.append(f"{i:>4} | {r['learning_rate']:>13.5f} | {r['beta']:>7.4f} | {1 - r['beta']:>8.4f} | "
                     f"{r['hidden_units']:>6d} | {acc}")
    return "\n".join(lines)


def plot_search_results(rows, figsize=(13, 3.8), title="Random search: dev accuracy of each trial"):
    """Scatter of dev accuracy against the learning rate (log), 1 - beta (log) and the hidden units."""
    rows = [r for r in rows if not r["diverged"]]
    if not rows:
        raise ValueError("rows must hold at least one search result that did not diverge, got none")
    acc = np.array([r["dev_accuracy"] for r in rows])
    fig, axes = plt.subplots(1, 3, figsize=_check_figsize(figsize), sharey=True)
    for ax, key, label, log in zip(
            axes, ("learning_rate", "one_minus_beta", "hidden_units"),
            (r"learning rate $\alpha$ (log scale)", r"$1 - \beta$ (log scale)", "hidden units $n^{[1]}$"),
            (True, True, False)):
        x = np.array([1 - r["beta"] if key == "one_minus_beta" else r[key] for r in rows])
        ax.scatter(x, acc, c=acc, cmap="viridis", edgecolors="black", s=30)
        if log:
            ax.set_xscale("log")
        ax.set_xlabel(label)
    axes[0].set_ylabel("dev accuracy")
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def zoom_ranges(rows, top_k: int = 5, pad: float = 0.25) -> dict:
    """Coarse to fine: the log10 ranges that hold the ``top_k`` best trials (by dev accuracy),
    widened by ``pad`` decades on each side.  Returns {"lr_exp": (lo, hi), "one_minus_beta_exp": (lo, hi),
    "hidden_units": (lo, hi)}."""
    rows = [r for r in rows if not r["diverged"]]
    top_k = v.check_int(top_k, "top_k")
    v.check_positive(pad, "pad", allow_zero=True)
    if len(rows) < top_k:
        raise ValueError(f"rows must hold at least top_k = {top_k} results that did not diverge, got {len(rows)}")
    best = sorted(rows, key=lambda r: -r["dev_accuracy"])[:top_k]
    lr = np.log10([r["learning_rate"] for r in best])
    ob = np.log10([1 - r["beta"] for r in best])
    hu = [r["hidden_units"] for r in best]
    return {"lr_exp": (float(lr.min() - pad), float(lr.max() + pad)),
            "one_minus_beta_exp": (float(ob.min() - pad), float(ob.max() + pad)),
            "hidden_units": (int(min(hu)), int(max(hu)))}


def plot_search_plane(searches: dict, box: dict | None = None, figsize=(7, 5),
                      title="Coarse to fine: the trials in the (learning rate, 1 - beta) plane"):
    """Each search's trials (label -> rows) in the plane (alpha, 1 - beta), log axes, colored by dev
    accuracy (marker per search); ``box``: a ``zoom_ranges`` result drawn as a rectangle.  Returns the figure."""
    if not searches:
        raise ValueError("searches must map a label to result rows, got none")
    fig, ax = plt.subplots(figsize=_check_figsize(figsize))
    all_acc = [r["dev_accuracy"] for rows in searches.values() for r in rows if not r["diverged"]]
    vmin, vmax = (min(all_acc), max(all_acc)) if all_acc else (0, 1)
    sc = None
    for (label, rows), marker in zip(searches.items(), "os^Dv"):
        ok = [r for r in rows if not r["diverged"]]
        sc = ax.scatter([r["learning_rate"] for r in ok], [1 - r["beta"] for r in ok],
                        c=[r["dev_accuracy"] for r in ok], cmap="viridis", vmin=vmin, vmax=vmax,
                        marker=marker, edgecolors="black", s=45, label=label)
    if box is not None:
        (a0, a1), (b0, b1) = box["lr_exp"], box["one_minus_beta_exp"]
        ax.add_patch(plt.Rectangle((10 ** a0, 10 ** b0), 10 ** a1 - 10 ** a0, 10 ** b1 - 10 ** b0, fill=False,
                                   ec="#b2182b", lw=2, ls="--", label="fine search region"))
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(r"learning rate $\alpha$ (log scale)")
    ax.set_ylabel(r"$1 - \beta$ (log scale)")
    ax.set_title(title)
    ax.legend(fontsize=8)
    if sc is not None:
        fig.colorbar(sc, ax=ax, label="dev accuracy")
    return fig


# =========================================================================== week 3: softmax
def _check_logits(z, name="z"):
    z = np.asarray(z)
    if z.ndim not in (1, 2) or z.size == 0:
        raise ValueError(f"{name} must be a non-empty vector (C,) or matrix (C, m), got shape {z.shape}")
    if not (np.issubdtype(z.dtype, np.floating) or np.issubdtype(z.dtype, np.integer)):
        raise ValueError(f"{name} must be numeric, got dtype {z.dtype}")
    z = z.astype(np.float64)
    if np.isnan(z).any():
        raise ValueError(f"{name} must not hold NaN")
    return z


def softmax_naive(z) -> np.ndarray:
    """exp(z) / sum(exp(z)) down each column of z (C,) or (C, m), as written: exp overflows to inf
    for z above about 709, and the result is then NaN (inf / inf).  Same shape as z."""
    z = _check_logits(z)
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(z)
        return e / e.sum(axis=0, keepdims=True)


def softmax_stable(z) -> np.ndarray:
    """Softmax computed as exp(z - max z) / sum exp(z - max z) per column: the largest exponent is
    exp(0) = 1, so nothing overflows, and the value is the same (the factor e^{-max} cancels)."""
    z = _check_logits(z)
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


def log_softmax(z) -> np.ndarray:
    """log softmax(z) = z - logsumexp(z), with logsumexp(z) = max z + log sum exp(z - max z); finite
    for any finite z.  Same shape as z."""
    z = _check_logits(z)
    mx = z.max(axis=0, keepdims=True)
    return z - (mx + np.log(np.exp(z - mx).sum(axis=0, keepdims=True)))


def _check_one_hot(Y, z):
    Y = np.asarray(Y, dtype=np.float64)
    if Y.shape != z.shape:
        raise ValueError(f"Y must be one-hot with the shape of z {z.shape}, got {Y.shape}")
    if not (np.isin(Y, (0, 1)).all() and (Y.sum(axis=0) == 1).all()):
        raise ValueError("Y must be one-hot: zeros with a single 1 per column")
    return Y


def cross_entropy_naive(z, Y) -> float:
    """-(1/m) sum Y * log(softmax_naive(z)): inf or NaN once the naive softmax overflows or a
    probability rounds to 0.  z and one-hot Y both (C,) or (C, m).  Returns a float."""
    z = _check_logits(z)
    Y = _check_one_hot(Y, z)
    m = 1 if z.ndim == 1 else z.shape[1]
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(-(Y * np.log(softmax_naive(z))).sum() / m)


def cross_entropy_stable(z, Y) -> float:
    """-(1/m) sum Y * log_softmax(z), from the logits: finite for any finite z.  Returns a float."""
    z = _check_logits(z)
    Y = _check_one_hot(Y, z)
    m = 1 if z.ndim == 1 else z.shape[1]
    return float(-(Y * log_softmax(z)).sum() / m)


def one_hot(labels, C: int) -> np.ndarray:
    """One-hot matrix (C, m) for integer labels (1, m) (or (m,)) in 0..C-1: Y[k, i] = 1 iff labels[i] = k."""
    C = v.check_int(C, "C", minimum=2)
    arr = np.asarray(labels)
    if arr.ndim == 2 and arr.shape[0] == 1:
        arr = arr[0]
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"labels must have shape (1, m) or (m,), got {np.shape(labels)}")
    if not (np.issubdtype(arr.dtype, np.integer) or (np.issubdtype(arr.dtype, np.floating)
                                                      and np.isfinite(arr).all() and (arr == np.round(arr)).all())):
        raise ValueError(f"labels must be integers 0..{C - 1}, got dtype {arr.dtype} with non-integer values")
    arr = arr.astype(np.int64)
    if arr.min() < 0 or arr.max() >= C:
        raise ValueError(f"labels must be in 0..{C - 1}, got values from {arr.min()} to {arr.max()}")
    Y = np.zeros((C, arr.size))
    Y[arr, np.arange(arr.size)] = 1.0
    return Y


def labels_from_one_hot(Y) -> np.ndarray:
    """The class index of each column of a one-hot (or probability) matrix (C, m); shape (1, m)."""
    Y = v.check_matrix(Y, "Y")
    return Y.argmax(axis=0)[None, :]


MULTICLASS_SETUP = {"n_samples": 300, "noise": 0.2, "data_seed": 0, "classes": 3, "dev_fraction": 0.3,
                    "hidden_activation": "relu", "optimizer": "adam", "learning_rate": 0.01, "iterations": 2000}


def multiclass_data(classes: int = 3, n_samples: int = 300, noise: float = 0.2, seed: int = 0) -> Split:
    """The spiral with ``classes`` arms, split 70/30 into train (X_train) and dev (X_test); labels (1, m)."""
    X, Y = make_spiral(n_samples, noise, seed=seed, classes=classes)
    return train_test_split(X, Y, MULTICLASS_SETUP["dev_fraction"], seed=seed)


def train_multiclass(data: Split | None = None, hidden_units: int = 16, learning_rate: float = 0.01,
                     iterations: int = 2000, hidden_activation: str = "relu", optimizer: str = "adam",
                     seed: int = 0) -> dict:
    """Softmax regression (hidden_units=0: layer_dims [2, C]) or a [2, hidden_units, C] network with a
    softmax output, trained by ``dlnotes.train`` on one-hot labels (full batch, ``optimizer``).
    Returns {"parameters", "history", "layer_dims", "hidden_activation", "train_accuracy", "dev_accuracy"}."""
    data = multiclass_data() if data is None else data
    hidden_units = v.check_int(hidden_units, "hidden_units", minimum=0)
    C = int(max(data.Y_train.max(), data.Y_test.max())) + 1
    dims = [data.X_train.shape[0]] + ([hidden_units] if hidden_units else []) + [C]
    parameters, history = train(data.X_train, one_hot(data.Y_train, C), dims, learning_rate, iterations,
                                hidden_activation=hidden_activation, output_activation="softmax", init="he",
                                optimizer=optimizer, seed=seed, record_every=max(1, iterations // 100),
                                X_dev=data.X_test, Y_dev=one_hot(data.Y_test, C))
    out = {"parameters": parameters, "history": history, "layer_dims": dims,
           "hidden_activation": hidden_activation, "train_accuracy": float("nan"), "dev_accuracy": float("nan")}
    if not history.diverged:
        for key, X, Y in (("train_accuracy", data.X_train, data.Y_train), ("dev_accuracy", data.X_test, data.Y_test)):
            out[key] = accuracy(predict(X, parameters, hidden_activation, "softmax"), Y)
    return out


def plot_multiclass_regions(parameters: dict, X, Y, hidden_activation: str = "relu", ax=None,
                            resolution: int = 150, title: str | None = None, X_dev=None, Y_dev=None,
                            figsize=(5, 4.5)):
    """Colour each point of the plane by the class the softmax network predicts there (the argmax of
    its C probabilities), shaded by that probability; draw the points X (2, m) coloured by their
    labels Y (1, m) (dev points with a black edge).  Returns the axis."""
    X = v.check_matrix(X, "X", rows=2)
    Y = np.asarray(Y)
    if Y.ndim != 2 or Y.shape != (1, X.shape[1]):
        raise ValueError(f"Y must hold labels of shape (1, {X.shape[1]}), got {Y.shape}")
    resolution = v.check_int(resolution, "resolution", minimum=2)
    if ax is None:
        _, ax = plt.subplots(figsize=_check_figsize(figsize))
    plot_decision_boundary(lambda G: predict_proba(G, parameters, hidden_activation, "softmax"), X, Y, ax=ax,
                           resolution=resolution, title=title, X_dev=X_dev, Y_dev=Y_dev)
    return ax


def multiclass_figure(hidden_units: int = 16, learning_rate: float = 0.01, iterations: int = 2000,
                      classes: int = 3, figsize=(10, 4.2)):
    """The widget's callback: train ``train_multiclass`` on the ``classes``-arm spiral, draw its regions
    and its cost curves.  Returns (figure, info text with the accuracies)."""
    data = multiclass_data(classes)
    r = train_multiclass(data, hidden_units, learning_rate, iterations)
    fig, axes = plt.subplots(1, 2, figsize=_check_figsize(figsize), gridspec_kw={"width_ratios": [1.1, 1]})
    name = "softmax regression" if not hidden_units else f"{hidden_units} hidden relu units"
    if r["history"].diverged:
        axes[0].set_title(f"{name}: diverged")
        axes[0].set_xlabel("$x_1$")
        axes[0].set_ylabel("$x_2$")
        info = "diverged: lower the learning rate"
    else:
        plot_multiclass_regions(r["parameters"], data.X_train, data.Y_train, ax=axes[0], X_dev=data.X_test,
                                Y_dev=data.Y_test, title=f"{name}: dev accuracy {r['dev_accuracy']:.1%}")
        info = (f"{name}, learning rate {learning_rate:g}, {iterations} iterations: train accuracy "
                f"{r['train_accuracy']:.1%}, dev accuracy {r['dev_accuracy']:.1%}, "
                f"final cost {r['history'].costs[-1]:.4f}")
    h = r["history"]
    axes[1].plot(h.iterations, h.costs, label="train")
    axes[1].plot(h.iterations, h.dev_costs, label="dev")
    axes[1].set_xlabel("iteration")
    axes[1].set_ylabel("softmax cross-entropy $J$")
    axes[1].set_title("cost")
    axes[1].legend()
    fig.tight_layout()
    return fig, info


def multiclass_widget(hidden_units: int = 16, learning_rate: float = 0.01, iterations: int = 2000):
    """Hidden units (0 = softmax regression) and learning rate sliders above ``multiclass_figure``."""
    from .widgets import interactive_figure, log_slider, slider

    return interactive_figure(lambda **kw: multiclass_figure(iterations=iterations, **kw),
                              hidden_units=slider("hidden units (0: softmax regression)", hidden_units, 0, 64),
                              learning_rate=log_slider("learning rate", learning_rate, -4, 0, readout_format=".1e"))

