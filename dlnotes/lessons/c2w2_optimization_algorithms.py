"""Lesson of notebooks/c2w2_optimization_algorithms.ipynb: mini-batch sizes, exponentially weighted
averages (with and without bias correction), the assignment's optimizers on the moons set (all
through ``dlnotes.train``), learning-rate decay, and a 2-D cost with a saddle point on which the
package's own optimizer classes can be watched, with their widgets.

X (2, m), Y (1, m).  ``check_beta`` and ``effective_window`` serve c2w3_hyperparameter_tuning too.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .. import validation as v
from ..datasets import load_generated
from ..model import accuracy, backward, compute_cost, forward, initialize_parameters, network, predict
from ..optimizers import OPTIMIZERS, learning_rate_at, make_optimizer
from ..plotting import plot_decision_boundary
from ..training import train


def check_beta(beta, name: str = "beta") -> float:
    """beta as a float, checked to be a number in [0, 1) (an EWA or momentum coefficient)."""
    return v.check_fraction(beta, name)


def mini_batch_sizes(m: int, mini_batch_size: int = 64) -> list[int]:
    """Sizes of the mini-batches of one epoch over m examples: floor(m / size) full ones, then
    the m mod size remaining examples (if any) in a last, smaller one.  Returns a list of ints."""
    m = v.check_int(m, "m")
    size = v.check_int(mini_batch_size, "mini_batch_size")
    full, rest = divmod(m, size)
    return [size] * full + ([rest] if rest else [])


def temperature_series(days: int = 365, seed: int = 0, mean: float = 11.0, amplitude: float = 8.0,
                       noise: float = 3.0):
    """A year of noisy daily temperatures (deg C), like the lecture's London example.

    theta_t = mean - amplitude * cos(2 pi (t - 20) / 365) + noise * N(0, 1), t = 1..days.
    Returns (t (days,) ints, theta (days,) floats).
    """
    days = v.check_int(days, "days", minimum=2)
    for name, x in (("mean", mean), ("amplitude", amplitude)):
        v.check_real(x, name)
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
    beta = check_beta(beta)
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
    return 1.0 / (1.0 - check_beta(beta))


def ewa_figure(beta: float = 0.9, days: int = 365, seed: int = 0, zoom_days: int = 40, figsize=(12, 4)):
    """The temperatures with their EWA, with and without bias correction: the whole year and a zoom
    on the first ``zoom_days`` days (where the uncorrected average starts near 0).
    Returns (figure, info text)."""
    beta = check_beta(beta)
    zoom_days = v.check_int(zoom_days, "zoom_days", minimum=2)
    t, theta = temperature_series(days, seed)
    plain, corrected = ewa(theta, beta), ewa(theta, beta, bias_correction=True)
    fig, axes = plt.subplots(1, 2, figsize=v.check_figsize(figsize), gridspec_kw={"width_ratios": [2, 1]})
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
    from ..widgets import interactive_figure, slider

    return interactive_figure(ewa_figure, beta=slider("beta", check_beta(beta), 0.0, 0.995, 0.005,
                                                      readout_format=".3f"))


MOONS_SETUP = {"layer_dims": [2, 5, 2, 1], "learning_rate": 0.0007, "mini_batch_size": 64, "num_epochs": 5000,
               "beta": 0.9, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8, "init": "he"}


COURSE_ACCURACY = {"gd": 0.717, "momentum": 0.717, "adam": 0.943}


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
                         X=None, Y=None, progress: bool = False) -> dict:
    """Train the assignment's [2, 5, 2, 1] relu network (He init) on the moons set with ``dlnotes.train``.

    ``beta`` is momentum's / RMSprop's beta and Adam's beta1 (beta2 0.999, epsilon 1e-8).  X (2, m),
    Y (1, m) default to ``moons_data()``; ``progress`` shows train's progress bar.  Returns {"optimizer",
    "parameters", "history", "accuracy" (training set), "learning_rates" (num_epochs,)}.
    """
    v.check_choice(optimizer, "optimizer", OPTIMIZERS)
    if X is None or Y is None:
        X, Y = moons_data()
    num_epochs = v.check_int(num_epochs, "num_epochs")
    beta = check_beta(beta)
    opt = make_optimizer(optimizer, learning_rate=learning_rate, beta=beta, beta1=beta, beta2=MOONS_SETUP["beta2"],
                         epsilon=MOONS_SETUP["epsilon"], decay_rate=decay_rate, time_interval=time_interval)
    start = network(MOONS_SETUP["layer_dims"], init=MOONS_SETUP["init"], seed=seed)
    parameters, history = train(X, Y, start, opt, num_epochs, mini_batch_size=mini_batch_size, seed=seed,
                                record_every=record_every, progress=progress)
    acc = float("nan") if history.diverged else accuracy(predict(X, parameters), Y)
    return {"optimizer": optimizer, "parameters": parameters, "history": history, "accuracy": acc,
            "learning_rates": decay_schedule(learning_rate, num_epochs, decay_rate, time_interval)}


REMEMBERED: dict = {}  # (args, kwargs) -> optimizer_experiment result, oldest first
REMEMBERED_MAX = 16  # experiments kept for the widget (a few kB each)


def remembered_experiment(*args, **kwargs) -> dict:
    """``optimizer_experiment(*args, **kwargs)`` on the moons set, remembered: the widget's redraw of
    values it has shown before, and the static cell after a widget, do not train again.  Training is
    deterministic, so a remembered result is the one a new run would give; do not modify it."""
    if "X" in kwargs or "Y" in kwargs or "progress" in kwargs or len(args) > 9:
        raise ValueError("remembered_experiment trains on the moons set only: X, Y and progress cannot be given")
    key = (args, tuple(sorted(kwargs.items())))
    if key not in REMEMBERED:
        if len(REMEMBERED) >= REMEMBERED_MAX:
            del REMEMBERED[next(iter(REMEMBERED))]
        REMEMBERED[key] = optimizer_experiment(*args, **kwargs)
    return REMEMBERED[key]


def plot_optimizer_costs(results, ax=None, figsize=(8, 4), title="Cost per epoch on the moons set"):
    """The cost curves of several ``optimizer_experiment`` results on one axis; returns the figure."""
    results = list(results)
    if not results:
        raise ValueError("results must hold at least one optimizer_experiment result, got none")
    if ax is None:
        _, ax = plt.subplots(figsize=v.check_figsize(figsize))
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
    figsize = v.check_figsize(figsize) or (4.2 * len(results), 3.8)
    fig, axes = plt.subplots(1, len(results), figsize=figsize, squeeze=False)
    for ax, r in zip(axes[0], results):
        plot_decision_boundary(r["parameters"], X, Y, ax=ax,
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
    fig, axes = plt.subplots(1, 2, figsize=v.check_figsize(figsize))
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
    r = remembered_experiment(optimizer, num_epochs, learning_rate, mini_batch_size, beta, decay_rate,
                              time_interval, seed, record_every=max(1, num_epochs // 200))
    h = r["history"]
    X, _ = moons_data()
    sizes = mini_batch_sizes(X.shape[1], mini_batch_size)
    fig, axes = plt.subplots(1, 2, figsize=v.check_figsize(figsize), gridspec_kw={"width_ratios": [3, 2]})
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

    from ..widgets import interactive_figure, log_slider, slider

    if mini_batch_size not in WIDGET_BATCH_SIZES:
        raise ValueError(f"mini_batch_size must be one of {list(WIDGET_BATCH_SIZES)}, got {mini_batch_size!r}")
    return interactive_figure(
        lambda **kw: cost_curve_figure(num_epochs=num_epochs, **kw),
        optimizer=W.Dropdown(options=list(OPTIMIZERS), value=v.check_choice(optimizer, "optimizer", OPTIMIZERS),
                             description="optimizer"),
        mini_batch_size=W.Dropdown(options=list(WIDGET_BATCH_SIZES), value=mini_batch_size,
                                   description="mini-batch size", style={"description_width": "initial"}),
        beta=slider("beta (beta1)", check_beta(beta), 0.0, 0.99, 0.01),
        learning_rate=log_slider("learning rate", learning_rate, -4, -0.5, readout_format=".1e"),
        decay_rate=slider("decay rate", float(decay_rate), 0.0, 0.01, 0.0005, readout_format=".4f"))


# --------------------------------------------------------------------------- a saddle point in 2-D
SADDLE_CURVATURE = 4.0  # the curvature of the cost along w2
SADDLE_START = (1e-3, 1.0)
SADDLE_OPTIMIZERS = ("gd", "momentum", "adam")
SURFACE_NAMES = {**OPTIMIZER_NAMES, "gd": "gradient descent"}  # one full-gradient step: no mini-batches


def saddle_cost(w1, w2):
    """J(w1, w2) = w1^4 / 4 - w1^2 / 2 + 2 w2^2 (scalars or arrays of one shape): a saddle point at
    (0, 0), where the gradient is 0 but J falls along w1, and two minima J = -1/4 at (+-1, 0)."""
    return 0.25 * w1 ** 4 - 0.5 * w1 ** 2 + 0.5 * SADDLE_CURVATURE * w2 ** 2


def saddle_gradient(w) -> np.ndarray:
    """The gradient (w1^3 - w1, 4 w2) of ``saddle_cost`` at w (2,); returns (2,)."""
    w1, w2 = w
    return np.array([w1 * w1 * w1 - w1, SADDLE_CURVATURE * w2])


def saddle_paths(learning_rate: float = 0.1, num_steps: int = 150, start=SADDLE_START,
                 optimizers=SADDLE_OPTIMIZERS, beta: float = 0.9) -> dict:
    """Each optimizer of ``dlnotes.optimizers`` (``make_optimizer(name, ...).start([w])``, its own ``step``)
    stepping the 2-D parameter w from ``start`` down ``saddle_cost``.  ``beta`` is momentum's beta
    and Adam's beta1.  Returns {name: path (num_steps + 1, 2)}, row t = w after t steps."""
    v.check_positive(learning_rate, "learning_rate")
    num_steps = v.check_int(num_steps, "num_steps")
    beta = check_beta(beta)
    start = np.asarray(start, dtype=np.float64)
    if start.shape != (2,) or not np.isfinite(start).all():
        raise ValueError(f"start must be 2 finite numbers (w1, w2), got {start!r}")
    paths = {}
    for name in optimizers:
        v.check_choice(name, "optimizers", OPTIMIZERS)
        w = start.copy()
        opt = make_optimizer(name, learning_rate=learning_rate, beta=beta, beta1=beta).start([w])
        path = [w.copy()]
        with np.errstate(over="ignore", invalid="ignore"):
            for _ in range(num_steps):
                opt.step([w], [saddle_gradient(w)], learning_rate)
                path.append(w.copy())
        paths[name] = np.array(path)
    return paths


def steps_to_minimum(path, tolerance: float = 0.01):
    """The first step t at which saddle_cost(path[t]) is within ``tolerance`` of the minimum -1/4,
    or None if the path never gets there.  path (T, 2)."""
    path = np.asarray(path)
    if path.ndim != 2 or path.shape[1] != 2:
        raise ValueError(f"path must have shape (T, 2), got {path.shape}")
    near = saddle_cost(path[:, 0], path[:, 1]) < -0.25 + v.check_positive(tolerance, "tolerance")
    return int(np.argmax(near)) if near.any() else None


def saddle_figure(learning_rate: float = 0.1, num_steps: int = 150, start_w1: float = 1e-3, figsize=(12, 4.4)):
    """The paths of gradient descent, momentum and Adam from (start_w1, 1) on the saddle cost (contours)
    and their cost per step.  Returns (figure, info text: the steps each needed to reach the minimum)."""
    paths = saddle_paths(learning_rate, num_steps, (start_w1, SADDLE_START[1]))
    g1, g2 = np.meshgrid(np.linspace(-1.6, 1.6, 161), np.linspace(-1.2, 1.2, 121))
    fig, axes = plt.subplots(1, 2, figsize=v.check_figsize(figsize), gridspec_kw={"width_ratios": [4, 3]})
    axes[0].contour(g1, g2, saddle_cost(g1, g2), levels=np.linspace(-0.24, 2.4, 23), cmap="Greys", linewidths=0.8)
    axes[0].plot([0, -1, 1], [0, 0, 0], "kx", ms=8)
    lines = []
    for (name, path), color in zip(paths.items(), ("#d6604d", "#4393c3", "#1b7837")):
        steps = steps_to_minimum(path)
        label = f"{SURFACE_NAMES[name]}: " + (f"minimum after {steps} steps" if steps is not None
                                                 else f"not at the minimum after {num_steps} steps")
        lines.append(label)
        shown = np.clip(path, [-1.6, -1.2], [1.6, 1.2])
        axes[0].plot(shown[:, 0], shown[:, 1], ".-", color=color, ms=3, lw=1, label=SURFACE_NAMES[name])
        axes[1].plot(np.arange(len(path)), saddle_cost(path[:, 0], path[:, 1]), color=color, lw=2, label=label)
    axes[0].set(xlabel="$w_1$", ylabel="$w_2$", xlim=(-1.6, 1.6), ylim=(-1.2, 1.2),
                title=r"$J = w_1^4/4 - w_1^2/2 + 2 w_2^2$: saddle at (0, 0), minima at $(\pm 1, 0)$")
    axes[0].legend(loc="upper left", fontsize=8)
    axes[1].set(xlabel="step $t$", ylabel="cost $J(w)$", title=f"learning rate {learning_rate:g}, from "
                f"$w_1 = {start_w1:.0e}$")
    axes[1].axhline(-0.25, color="k", lw=0.8, ls=":")
    axes[1].legend(fontsize=8)
    fig.tight_layout()
    return fig, "\n".join(lines)


def saddle_widget(learning_rate: float = 0.1, num_steps: int = 150, start_w1: float = 1e-3):
    """Sliders (learning rate, number of steps, distance of the start from the saddle) above ``saddle_figure``."""
    from ..widgets import interactive_figure, log_slider, slider

    return interactive_figure(
        saddle_figure, learning_rate=log_slider("learning rate", learning_rate, -3, -0.5, readout_format=".3f"),
        num_steps=slider("steps", v.check_int(num_steps, "num_steps"), 10, 400, 10),
        start_w1=log_slider("start w1", start_w1, -8, -0.5, readout_format=".0e"))


__all__ = [
    "check_beta", "cost_curve_figure", "COURSE_ACCURACY", "COURSE_DECAY_ACCURACY", "decay_schedule",
    "effective_window", "ewa", "ewa_figure", "ewa_widget", "mini_batch_sizes", "moons_data", "MOONS_SETUP",
    "optimizer_experiment", "OPTIMIZER_NAMES", "optimizer_widget", "plot_decay_schedules",
    "plot_optimizer_boundaries", "plot_optimizer_costs", "REMEMBERED", "remembered_experiment", "REMEMBERED_MAX",
    "saddle_cost", "SADDLE_CURVATURE", "saddle_figure", "saddle_gradient", "SADDLE_OPTIMIZERS", "saddle_paths",
    "SADDLE_START", "saddle_widget", "steps_to_minimum", "temperature_series", "WIDGET_BATCH_SIZES",
]


def adam_with(random_mini_batches, initialize_adam, update_parameters_with_adam, num_epochs: int = 1000,
              learning_rate: float = 0.0007, mini_batch_size: int = 64, X=None, Y=None) -> dict:
    """The course's ``model(..., optimizer="adam")`` loop with the given functions (a learner's, with the
    course's signatures): He-initialized [2, 5, 2, 1] network (a Generator seeded 0, as ``optimizer_experiment``),
    each epoch ``random_mini_batches(X, Y, mini_batch_size, seed)`` with the course's seed 10 + epoch, forward
    and backward by the core, ``t`` counting the Adam steps from 1.  X (2, m), Y (1, m) default to the moons.
    Returns {"accuracy" (training set), "cost" (mean over the last epoch's mini-batches)}."""
    if X is None or Y is None:
        X, Y = moons_data()
    num_epochs = v.check_int(num_epochs, "num_epochs")
    parameters = initialize_parameters(MOONS_SETUP["layer_dims"], MOONS_SETUP["init"], seed=0)
    v_state, s_state = initialize_adam(parameters)
    t, seed, cost = 0, 10, float("nan")
    for _ in range(num_epochs):
        seed = seed + 1
        total = 0.0
        for mini_batch_X, mini_batch_Y in random_mini_batches(X, Y, mini_batch_size, seed):
            AL, caches = forward(mini_batch_X, parameters)
            total += compute_cost(AL, mini_batch_Y) * mini_batch_X.shape[1]
            grads = backward(AL, mini_batch_Y, caches)
            t = t + 1
            parameters, v_state, s_state, _, _ = update_parameters_with_adam(
                parameters, grads, v_state, s_state, t, learning_rate, MOONS_SETUP["beta1"], MOONS_SETUP["beta2"],
                MOONS_SETUP["epsilon"])
        cost = total / X.shape[1]
    params = {k: np.asarray(p, dtype=float) for k, p in parameters.items()}
    return {"accuracy": accuracy(predict(X, params), Y), "cost": cost}
