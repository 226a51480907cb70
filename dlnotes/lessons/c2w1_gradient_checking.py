"""Lesson of notebooks/c2w1_gradient_checking.ipynb: the one-dimensional check, the course's 4-5-3-1
problem with its two planted bugs, why dropout must be off (or its masks fixed), and the choice of
epsilon.  Centred differences come from ``dlnotes.gradcheck`` (one routine for every example).
The assignment's helpers for ``gradient_check_n`` (``forward_propagation_n``, ``dictionary_to_vector``,
``vector_to_dictionary``, ``gradients_to_vector``) are here under its names and signatures.

X (4, 3), Y (1, 3); W[l] (n[l], n[l-1]).
"""

from __future__ import annotations

import functools

import matplotlib.pyplot as plt
import numpy as np

from .. import gradcheck
from .. import validation as v
from ..formatting import format_difference
from ..gradcheck import gradient_check, gradients_to_vector, numerical_gradient, relative_difference
from ..model import backward, compute_cost, forward, initialize_parameters, trainable_keys

COURSE_LAYER_DIMS = (4, 5, 3, 1)  # the assignment's gradient_check_n network


def forward_1d(x: float, theta: float) -> float:
    """The course's one-dimensional 'network': J(theta) = theta * x."""
    for name, val in (("x", x), ("theta", theta)):
        v.check_real(val, name)
    return float(theta * x)


def backward_1d(x: float, theta: float) -> float:
    """dJ/dtheta of J = theta * x, i.e. x."""
    forward_1d(x, theta)  # validates
    return float(x)


def gradient_check_1d(x: float, theta: float, epsilon: float = 1e-7) -> dict:
    """Centered difference (J(theta + eps) - J(theta - eps)) / (2 eps) (``numerical_gradient``) against
    backward_1d, for the numbers x and theta.

    Returns {"grad", "gradapprox", "difference": |grad - approx| / (|grad| + |approx|)} (floats)."""
    v.check_positive(epsilon, "epsilon")
    grad = backward_1d(x, theta)  # validates x and theta
    approx = numerical_gradient(lambda t: forward_1d(x, t), theta, epsilon)
    return {"grad": grad, "gradapprox": approx, "difference": relative_difference(grad, approx)}


def gradcheck_problem(seed: int = 1, layer_dims=COURSE_LAYER_DIMS, m: int = 3):
    """The course's gradient_check_n setting: X (4, 3) ~ N(0, 1), Y (1, 3) = [1, 1, 0] and a
    4 -> 5 -> 3 -> 1 network whose weights AND biases are N(0, 1) draws (every term of the
    gradient is exercised).  Returns (X, Y, parameters)."""
    dims = v.check_layer_dims(layer_dims)
    m = v.check_int(m, "m")
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((dims[0], m))
    Y = np.array([[1, 1, 0] * (m // 3) + [1, 1, 0][: m % 3]])
    params = {}
    for l in range(1, len(dims)):
        params[f"W{l}"] = rng.standard_normal((dims[l], dims[l - 1]))
        params[f"b{l}"] = rng.standard_normal((dims[l], 1))
    return X, Y, params


# ---------------------------------------------------------------- the assignment's helpers, under its names
# The course's gc_utils gives gradient_check_n these four; each calls the core (a learner may also use the
# core's parameters_to_vector / vector_to_parameters(theta, parameters) / gradients_to_vector directly).


def forward_propagation_n(X, Y, parameters) -> tuple:
    """The assignment's forward pass for ``gradient_check_n``: LINEAR -> RELU -> LINEAR -> RELU -> LINEAR
    -> SIGMOID at ``parameters`` {"W1", "b1", ...}, for X (n_x, m) and labels Y (1, m).

    Returns (cost, cache), as in the course: the cross-entropy cost J (a float) and the layer caches of
    ``dlnotes.forward`` (what ``dlnotes.backward`` takes)."""
    AL, caches = forward(X, parameters, "relu", "sigmoid")
    return compute_cost(AL, Y, caches=caches), caches


def dictionary_to_vector(parameters: dict) -> tuple[np.ndarray, list]:
    """The assignment's name for ``parameters_to_vector``: W1, b1, W2, b2, W3, b3 (each flattened row by
    row) stacked into theta (n, 1).

    Returns (theta (n, 1), keys): keys[i] (a str) names the parameter theta[i] comes from."""
    theta = gradcheck.parameters_to_vector(parameters)  # validates
    keys = [k for k in trainable_keys(parameters) for _ in range(np.size(parameters[k]))]
    return theta, keys


def vector_to_dictionary(theta) -> dict:
    """The assignment's inverse of ``dictionary_to_vector`` for its fixed 4-5-3-1 network: theta (47, 1)
    (or (47,)) cut into W1 (5, 4), b1 (5, 1), W2 (3, 5), b2 (3, 1), W3 (1, 3), b3 (1, 1).

    Returns the parameters dict (copies).  Other networks: ``vector_to_parameters(theta, parameters)``."""
    return gradcheck.vector_to_parameters(theta, initialize_parameters(COURSE_LAYER_DIMS, "zeros"))


def buggy_backward(AL, Y, caches, lambd: float = 0.0, hidden_activation: str = "relu") -> dict:
    """``dlnotes.backward`` with the course's two planted bugs: dW2 doubled and db1 four times
    too large (backward_propagation_n's ``* 2`` and ``4./m``).  Same arguments and result."""
    grads = backward(AL, Y, caches, lambd=lambd, hidden_activation=hidden_activation)
    if "dW2" not in grads:
        raise ValueError("caches must come from a network with at least 2 layers, got 1")
    grads["dW2"] = grads["dW2"] * 2
    grads["db1"] = grads["db1"] * 4
    return grads


def dropout_costs(X, Y, parameters, keep_prob: float = 0.8, seeds=range(5)) -> list[float]:
    """The cost J(theta) at the same parameters with dropout masks drawn from each seed (relu net).

    Shows that with dropout J is a random function of theta: it moves far more between masks
    than between theta +- epsilon."""
    L = v.check_parameters(parameters)
    v.check_keep_prob(keep_prob, L - 1)
    out = []
    for s in seeds:
        AL, caches = forward(X, parameters, "relu", keep_prob=keep_prob, rng=np.random.default_rng(s))
        out.append(compute_cost(AL, Y, caches=caches))
    if not out:
        raise ValueError("seeds must hold at least one seed, got none")
    return out


DEFAULT_EPSILONS = np.logspace(-12, -1, 45)


@functools.lru_cache(maxsize=4)
def _default_sweep(seed: int):
    X, Y, params = gradcheck_problem(seed)
    return np.array([gradient_check(X, Y, params, epsilon=float(e)) for e in DEFAULT_EPSILONS])


def epsilon_sweep(epsilons=None, problem=None) -> tuple[np.ndarray, np.ndarray]:
    """``gradient_check``'s relative difference for each epsilon (default 45 values in 1e-12..1e-1,
    log-spaced) on ``problem`` = (X, Y, parameters) (default ``gradcheck_problem()``).
    Returns (epsilons (k,), differences (k,))."""
    if epsilons is None and problem is None:
        return DEFAULT_EPSILONS.copy(), _default_sweep(1).copy()
    eps = DEFAULT_EPSILONS if epsilons is None else np.asarray(epsilons, dtype=np.float64).ravel()
    if eps.size == 0 or not np.isfinite(eps).all() or (eps <= 0).any():
        raise ValueError(f"epsilons must be positive finite numbers, got {eps!r}")
    X, Y, params = gradcheck_problem() if problem is None else problem
    return eps, np.array([gradient_check(X, Y, params, epsilon=float(e)) for e in eps])


def epsilon_figure(epsilon: float = 1e-7):
    """Widget callback: the relative difference against epsilon (log-log) on the 4-5-3-1 problem,
    with the guides eps^2 (truncation) and 1e-16/eps (round-off) and the current epsilon marked.
    Returns (Figure, text with the current difference)."""
    v.check_positive(epsilon, "epsilon")
    if not 1e-15 <= epsilon <= 1:
        raise ValueError(f"epsilon must be in [1e-15, 1], got {epsilon!r}")
    eps, diffs = epsilon_sweep()
    X, Y, params = gradcheck_problem()
    current = gradient_check(X, Y, params, epsilon=epsilon)
    fig, ax = plt.subplots(figsize=(7, 4.2))
    ax.loglog(eps, np.maximum(diffs, 1e-20), ".-", label="relative difference")
    k = int(np.argmin(diffs))
    ax.loglog(eps, diffs[k] * (eps / eps[k]) ** 2, ":", color="gray", label=r"$\propto \varepsilon^2$ (truncation)")
    ax.loglog(eps, diffs[k] * eps[k] / eps, "--", color="gray", label=r"$\propto 1/\varepsilon$ (round-off)")
    ax.loglog([epsilon], [max(current, 1e-20)], "o", color="#b2182b", ms=9, label=f"epsilon = {epsilon:.1e}")
    ax.axhline(2e-7, color="#5aae61", lw=1, label="course's pass line 2e-7")
    ax.set_ylim(max(np.min(diffs) / 10, 1e-20), 1)
    ax.set_xlabel(r"$\varepsilon$")
    ax.set_ylabel("relative difference")
    ax.set_title("Gradient check on the 4-5-3-1 network: the choice of epsilon", fontsize=10)
    ax.legend(fontsize=8, loc="upper center")
    fig.tight_layout()
    verdict = "passes" if current < 2e-7 else "fails"
    return fig, f"epsilon = {epsilon:.3g}: difference {format_difference(current)} ({verdict} the 2e-7 check)"


__all__ = [
    "backward_1d", "buggy_backward", "COURSE_LAYER_DIMS", "DEFAULT_EPSILONS", "dictionary_to_vector", "dropout_costs",
    "epsilon_figure", "epsilon_sweep", "forward_1d", "forward_propagation_n", "gradcheck_problem",
    "gradient_check_1d", "gradients_to_vector", "vector_to_dictionary",
]
