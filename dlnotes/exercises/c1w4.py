"""Course 1 week 4, a deep network step by step: initialize_parameters(_deep), linear_forward,
linear_activation_forward, L_model_forward, compute_cost, linear_backward,
linear_activation_backward, L_model_backward, update_parameters.

The course's caches: linear_forward keeps (A_prev, W, b), linear_activation_forward keeps
((A_prev, W, b), Z), L_model_forward a list of those.  The references call the dlnotes core;
linear_backward, which the core fuses into its backward pass, is written here.
"""

from __future__ import annotations

import numpy as np

import dlnotes as d
from dlnotes.activations import activation

from . import common as c
from .c1w3 import (
    DB_AXIS_0,
    DB_NO_KEEPDIMS,
    compute_cost_exercise,
    initialize_parameters_exercise,
    update_parameters_exercise,
)
from .spec import Case, Exercise, Mistake

WEEK = "c1w4"
OTHER = {"relu": "sigmoid", "sigmoid": "relu"}


# --------------------------------------------------------------------------- initialize_parameters_deep
def _deep_init(layer_dims, rng):
    return d.initialize_parameters(layer_dims, "random", seed=c.seed_from(rng), scale=0.01)


INITIALIZE_PARAMETERS_DEEP = Exercise(
    f"{WEEK}.initialize_parameters_deep", _deep_init, outputs="parameters", random=True,
    summarize=lambda p, case: c.init_summary(p),
    cases=lambda rng: [Case("public test: [5, 4, 3]", ([5, 4, 3],)), Case("public test: [4, 3, 2]", ([4, 3, 2],)),
                       Case("layers [200, 100, 50, 1] (to measure the draws' statistics)", ([200, 100, 50, 1],))],
    mistakes=(
        Mistake("np.random.rand instead of np.random.randn", "draw from the standard normal: "
                "np.random.randn(layer_dims[l], layer_dims[l-1]) * 0.01",
                lambda dims, rng: c.gaussian_init(dims, lambda n, p: 0.01, rng, draw="rand")),
        Mistake("the 0.01 scale missing", "multiply the draws by 0.01",
                lambda dims, rng: c.gaussian_init(dims, lambda n, p: 1.0, rng)),
        Mistake("the last layer missing", "loop over l = 1, ..., L-1 with L = len(layer_dims): range(1, L)",
                lambda dims, rng: _deep_init(dims[:-1], rng)),
        Mistake("W of shape (n[l-1], n[l])", "W[l] is (layer_dims[l], layer_dims[l-1])",
                lambda dims, rng: {k: v.T if k.startswith("W") else v for k, v in _deep_init(dims, rng).items()}),
    ))


# --------------------------------------------------------------------------- linear_forward
def _linear_forward(A, W, b):
    _, caches = d.forward(A, {"W1": W, "b1": b})
    return caches[0].Z, (A, W, b)


LINEAR_PUBLIC = (np.array([[1.62434536, -0.61175641], [-0.52817175, -1.07296862], [0.86540763, -2.3015387]]),
                 np.array([[1.74481176, -0.7612069, 0.3190391]]), np.array([[-0.24937038]]))


def _linear_cases(rng):
    return [Case("square W (3, 3), m = 4", (rng.standard_normal((3, 4)), rng.standard_normal((3, 3)),
                                            rng.standard_normal((3, 1)))),
            Case("public test: A (3, 2), W (1, 3)", LINEAR_PUBLIC),
            Case("one example (m = 1)", (rng.standard_normal((5, 1)), rng.standard_normal((2, 5)),
                                         rng.standard_normal((2, 1))))]


LINEAR_FORWARD = Exercise(
    f"{WEEK}.linear_forward", _linear_forward, _linear_cases, outputs=("Z", "cache"),
    mistakes=(
        Mistake("W.T @ A instead of W @ A", "Z = W @ A + b: W is (n[l], n[l-1])",
                lambda A, W, b: _linear_forward(A, W.T.copy(), b)[:1] + ((A, W, b),)),
        Mistake("b left out", "Z = W @ A + b",
                lambda A, W, b: _linear_forward(A, W, np.zeros_like(b))[:1] + ((A, W, b),)),
    ))


# --------------------------------------------------------------------------- linear_activation_forward
def _linear_activation_forward(A_prev, W, b, activation_name, apply=True):
    Z, linear_cache = _linear_forward(A_prev, W, b)
    return (activation(activation_name, Z) if apply else Z), (linear_cache, Z)


def _activation_cases(rng):
    out = []
    for name in ("sigmoid", "relu"):
        out += [Case(f"{name}, {label}", case.args + (name,)) for label, case in
                zip(("square W", "the course's shapes", "m = 1"), _linear_cases(rng))]
    return out


LINEAR_ACTIVATION_FORWARD = Exercise(
    f"{WEEK}.linear_activation_forward", _linear_activation_forward, _activation_cases, outputs=("A", "cache"),
    order=("cache", "A"),
    mistakes=(
        Mistake("the other activation", "activation == 'sigmoid' -> A = sigmoid(Z); 'relu' -> A = relu(Z)",
                lambda A, W, b, name: _linear_activation_forward(A, W, b, OTHER[name])),
        Mistake("Z returned instead of A", "return A = g(Z), and keep Z in the cache",
                lambda A, W, b, name: _linear_activation_forward(A, W, b, name, apply=False)),
    ))


# --------------------------------------------------------------------------- L_model_forward
def _course_caches(caches):
    return [((lc.A_prev, lc.W, lc.b), lc.Z) for lc in caches]


def _L_model_forward(X, parameters, hidden="relu", output_relu=False):
    AL, caches = d.forward(X, parameters, hidden_activation=hidden, output_activation="sigmoid")
    return (d.relu(caches[-1].Z) if output_relu else AL), _course_caches(caches)


def _deep_cases(rng):
    return [Case("square layers [4, 4, 4, 1], m = 5",
                 (rng.standard_normal((4, 5)), c.random_parameters(rng, [4, 4, 4, 1]))),
            Case("the course's shapes: X (5, 4), layers [5, 4, 3, 1]",
                 (rng.standard_normal((5, 4)), c.random_parameters(rng, [5, 4, 3, 1]))),
            Case("one example, layers [3, 2, 1]", (rng.standard_normal((3, 1)), c.random_parameters(rng, [3, 2, 1])))]


L_MODEL_FORWARD = Exercise(
    f"{WEEK}.L_model_forward", _L_model_forward, _deep_cases, outputs=("AL", "caches"), order=("caches", "AL"),
    mistakes=(
        Mistake("relu on the output layer", "the last layer uses the sigmoid: "
                "linear_activation_forward(A, W[L], b[L], 'sigmoid')",
                lambda X, p: _L_model_forward(X, p, output_relu=True)),
        Mistake("the sigmoid on every layer", "the hidden layers use relu",
                lambda X, p: _L_model_forward(X, p, hidden="sigmoid")),
    ))


# --------------------------------------------------------------------------- linear_backward
def _linear_backward(dZ, cache, *, db_axis=1, keepdims=True, m_power=1):
    """dA_prev = W.T dZ, dW = dZ A_prev.T / m, db = the sum of dZ over the examples / m."""
    A_prev, W, _ = cache
    m = A_prev.shape[1]
    dW = dZ @ A_prev.T / m ** m_power
    db = np.sum(dZ, axis=db_axis, keepdims=keepdims) / m ** m_power
    return W.T @ dZ, dW, db


def _linear_backward_cases(rng):
    out = []
    for (n, n_prev, m), label in (((3, 5, 4), "the course's shapes: dZ (3, 4), A_prev (5, 4)"),
                                  ((3, 3, 3), "square W and m = n"), ((2, 4, 1), "one example (m = 1)")):
        cache = (rng.standard_normal((n_prev, m)), rng.standard_normal((n, n_prev)), rng.standard_normal((n, 1)))
        out.append(Case(label, (rng.standard_normal((n, m)), cache)))
    return out


LINEAR_BACKWARD = Exercise(
    f"{WEEK}.linear_backward", _linear_backward, _linear_backward_cases, outputs=("dA_prev", "dW", "db"),
    order=("dW", "db", "dA_prev"),
    mistakes=(
        DB_AXIS_0._replace(fn=lambda dZ, cache: _linear_backward(dZ, cache, db_axis=0)),
        DB_NO_KEEPDIMS._replace(fn=lambda dZ, cache: _linear_backward(dZ, cache, keepdims=False)),
        Mistake("the 1/m missing", "dW = (1/m) dZ A_prev.T and db = (1/m) sum(dZ, axis=1, keepdims=True)",
                lambda dZ, cache: _linear_backward(dZ, cache, m_power=0)),
        Mistake("dW = A_prev @ dZ.T (transposed)", "dW = dZ @ A_prev.T / m has W's shape (n[l], n[l-1])",
                lambda dZ, cache: (lambda r: (r[0], r[1].T, r[2]))(_linear_backward(dZ, cache))),
    ))


# --------------------------------------------------------------------------- linear_activation_backward
def _linear_activation_backward(dA, cache, activation_name, derivative=True):
    linear_cache, Z = cache
    backward = {"relu": d.relu_backward, "sigmoid": d.sigmoid_backward}[activation_name]
    return _linear_backward(backward(dA, Z) if derivative else dA, linear_cache)


def _activation_backward_cases(rng):
    out = []
    for name in ("relu", "sigmoid"):
        for case in _linear_backward_cases(rng):
            dA, linear_cache = case.args
            out.append(Case(f"{name}, {case.label}", (dA, (linear_cache, rng.standard_normal(dA.shape)), name)))
    return out


LINEAR_ACTIVATION_BACKWARD = Exercise(
    f"{WEEK}.linear_activation_backward", _linear_activation_backward, _activation_backward_cases,
    outputs=("dA_prev", "dW", "db"), order=("dW", "db", "dA_prev"),
    mistakes=(
        Mistake("the other activation's derivative", "'relu' -> relu_backward(dA, Z); 'sigmoid' -> sigmoid_backward",
                lambda dA, cache, name: _linear_activation_backward(dA, cache, OTHER[name])),
        Mistake("the activation's derivative skipped (dZ = dA)", "dZ = dA * g'(Z): relu_backward or sigmoid_backward",
                lambda dA, cache, name: _linear_activation_backward(dA, cache, name, derivative=False)),
    ))


# --------------------------------------------------------------------------- L_model_backward
def _L_model_backward(AL, Y, caches):
    return d.backward(AL, Y, c.layer_caches([(*lin, Z) for lin, Z in caches], "relu"))


def _scaled_grads(AL, Y, caches, factor):
    return {k: g * factor for k, g in _L_model_backward(AL, Y, caches).items()}


def _L_backward_cases(rng):
    out = []
    for case in _deep_cases(rng):
        X, params = case.args
        AL, caches = _L_model_forward(X, params)
        out.append(Case(case.label, (AL, c.labels(rng, X.shape[1]), caches)))
    return out


L_MODEL_BACKWARD = Exercise(
    f"{WEEK}.L_model_backward", _L_model_backward, _L_backward_cases, outputs="grads",
    mistakes=(
        Mistake("dAL with the wrong sign", "dAL = -(Y / AL - (1 - Y) / (1 - AL))",
                lambda AL, Y, caches: _scaled_grads(AL, Y, caches, -1.0)),
        Mistake("the 1/m applied twice", "the 1/m belongs in linear_backward only",
                lambda AL, Y, caches: _scaled_grads(AL, Y, caches, 1 / Y.shape[1])),
    ))

EXERCISES = (initialize_parameters_exercise(WEEK), INITIALIZE_PARAMETERS_DEEP, LINEAR_FORWARD,
             LINEAR_ACTIVATION_FORWARD, L_MODEL_FORWARD, compute_cost_exercise(WEEK), LINEAR_BACKWARD,
             LINEAR_ACTIVATION_BACKWARD, L_MODEL_BACKWARD,
             update_parameters_exercise(WEEK, ([3, 4, 1], [4, 3, 2, 1]), 0.1))


# --------------------------------------------------------------------------- two_layer_model, L_layer_model
class TrainingExercise(Exercise):
    """A training function of the application assignment: since 2021 it returns (parameters, costs),
    before that the parameters alone; both are accepted (without costs, only the parameters are judged).
    The learner's draws are their own, so the parameters are judged by what training made of them:
    the cost they reach on the training set after the case's iterations (``_training_summary``)."""

    def walk(self, expected, got, outputs=None):
        if isinstance(got, dict) and isinstance(expected, tuple):  # the pre-2021 return value
            got = (got, expected[1])
        return super().walk(expected, got, outputs)


TRAINING_TOLERANCE = 0.1  # a correct run from any randn * 0.01 or randn / sqrt(n) draw ends within this


def _train(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False, *, rng,
           rate=None, every=100):
    """The course's loop on the core: (parameters, the cost every ``every`` iterations)."""
    parameters = d.initialize_parameters(list(layers_dims), "random", seed=c.seed_from(rng), scale=0.01)
    costs = []
    for i in range(num_iterations):
        AL, caches = d.forward(X, parameters, "relu")
        if i % every == 0:
            costs.append(d.compute_cost(AL, Y))
        grads = d.backward(AL, Y, caches)
        parameters = d.update_parameters(parameters, grads, learning_rate if rate is None else rate)
    return parameters, costs


def _training_summary(result, case):
    parameters, costs = (result, None) if isinstance(result, dict) else result
    X, Y = case.args[:2]
    AL, _ = d.forward(X, {k: np.asarray(v, dtype=float) for k, v in parameters.items()}, "relu")
    iterations = case.kwargs["num_iterations"]
    recorded = len(costs) if costs is not None else -(-iterations // 100)
    rate = case.kwargs["learning_rate"]
    return {f"cost on the training set after {iterations} iterations at learning rate {rate}":
            (d.compute_cost(AL, Y), TRAINING_TOLERANCE),
            "number of costs recorded (one every 100 iterations)": (recorded, 0)}


def _training_cases(rng, layers_dims):
    m = 60
    Y = (np.arange(m) < 0.4 * m).astype(int)[None, :]
    X = np.where(Y == 1, 1.0, -1.0) * np.array([[1.0], [0.5]]) + rng.standard_normal((2, m)) * 0.8
    return [Case(f"two blobs X (2, {m}), layers_dims {layers_dims}, 400 iterations at learning rate 0.3",
                 (X, Y, layers_dims), {"num_iterations": 400, "learning_rate": 0.3})]


def _training_exercise(name: str, layers_dims) -> TrainingExercise:
    return TrainingExercise(
        f"{WEEK}.{name}", _train, lambda rng: _training_cases(rng, layers_dims), outputs=("parameters", "costs"),
        random=True, summarize=_training_summary,
        mistakes=(
            Mistake("learning_rate not passed on to update_parameters (0.0075 used whatever was asked)",
                    "parameters = update_parameters(parameters, grads, learning_rate)",
                    lambda *a, rng, **k: _train(*a, **k, rng=rng, rate=0.0075)),
            Mistake("too few iterations (the loop stops before num_iterations)",
                    "loop for i in range(0, num_iterations): every iteration is one gradient step",
                    lambda X, Y, dims, learning_rate=0.0075, num_iterations=3000, print_cost=False, *, rng:
                        _train(X, Y, dims, learning_rate, max(1, num_iterations // 50), rng=rng)),
            Mistake("a cost recorded at every iteration", "append the cost when i % 100 == 0",
                    lambda *a, rng, **k: _train(*a, **k, rng=rng, every=1)),
        ))


# L_layer_model's case is one hidden layer too: from the step-by-step notebook's randn * 0.01, a deeper network
# barely leaves its starting cost in 400 iterations (measured: [2, 4, 3, 1] stayed at 0.673 for some draws), and
# a correct learner passes whichever of the course's two initializations their code calls.
TWO_LAYER_MODEL = _training_exercise("two_layer_model", (2, 5, 1))
L_LAYER_MODEL = _training_exercise("L_layer_model", [2, 5, 1])

EXERCISES = EXERCISES + (TWO_LAYER_MODEL, L_LAYER_MODEL)
