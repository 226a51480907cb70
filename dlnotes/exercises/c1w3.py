"""Course 1 week 3, a planar classifier with one hidden layer (tanh, then a sigmoid unit):
layer_sizes, initialize_parameters, forward_propagation, compute_cost, backward_propagation,
update_parameters, nn_model.  The references are the dlnotes core's functions."""

from __future__ import annotations

import numpy as np

import dlnotes as d

from . import common as c
from .checker import Case, Exercise, Mistake

WEEK = "c1w3"
N_H = 4  # the course's hidden layer size in layer_sizes


# --------------------------------------------------------------------------- layer_sizes
LAYER_SIZES = Exercise(
    f"{WEEK}.layer_sizes", lambda X, Y: (X.shape[0], N_H, Y.shape[0]), outputs=("n_x", "n_h", "n_y"),
    cases=lambda rng: [Case("public test: X (5, 3), Y (2, 3)",
                            (rng.standard_normal((5, 3)), rng.standard_normal((2, 3)))),
                       Case("the flower: X (2, 400), Y (1, 400)",
                            (rng.standard_normal((2, 400)), c.labels(rng, 400)))],
    mistakes=(
        Mistake("n_x taken from X.shape[1] (the number of examples)", "n_x = X.shape[0], the number of features",
                lambda X, Y: (X.shape[1], N_H, Y.shape[0])),
        Mistake("n_y taken from Y.shape[1] (the number of examples)", "n_y = Y.shape[0], the number of output units",
                lambda X, Y: (X.shape[0], N_H, Y.shape[1])),
    ))


# --------------------------------------------------------------------------- initialize_parameters
def _init_small(n_x, n_h, n_y, rng):
    return d.initialize_parameters([n_x, n_h, n_y], "random", seed=c.seed_from(rng), scale=0.01)


def _init_cases(rng):
    return [Case("public test: n_x, n_h, n_y = 3, 2, 1", (3, 2, 1)),
            Case("public test: n_x, n_h, n_y = 4, 3, 2", (4, 3, 2)),
            Case("large layers 300, 200, 100 (to measure the draws' statistics)", (300, 200, 100))]


INIT_MISTAKES = (
    Mistake("np.random.rand instead of np.random.randn", "rand draws from [0, 1); the course draws "
            "from the standard normal: np.random.randn(n_h, n_x) * 0.01",
            lambda *dims, rng: c.gaussian_init(dims, lambda n, p: 0.01, rng, draw="rand")),
    Mistake("the 0.01 scale missing", "multiply the draws by 0.01: small weights keep tanh out of saturation",
            lambda *dims, rng: c.gaussian_init(dims, lambda n, p: 1.0, rng)),
    Mistake("W initialized to zeros", "zeros make every hidden unit the same: draw W at random (randn * 0.01)",
            lambda *dims, rng: c.gaussian_init(dims, lambda n, p: 1.0, rng, draw="zeros")),
    Mistake("W of shape (n[l-1], n[l])", "W1 is (n_h, n_x), W2 is (n_y, n_h)",
            lambda *dims, rng: {k: v.T if k.startswith("W") else v for k, v in _init_small(*dims, rng).items()}),
)


def initialize_parameters_exercise(week: str) -> Exercise:
    """initialize_parameters(n_x, n_h, n_y) as in weeks 3 and 4: randn * 0.01, zero biases."""
    return Exercise(f"{week}.initialize_parameters", _init_small, _init_cases, INIT_MISTAKES,
                    outputs="parameters", random=True, summarize=lambda p, case: c.init_summary(p))


# --------------------------------------------------------------------------- forward_propagation
def _forward(X, parameters, hidden="tanh", transpose=False):
    params = {k: (v.T.copy() if transpose and k.startswith("W") else v) for k, v in parameters.items()}
    A2, caches = d.forward(X, params, hidden_activation=hidden, output_activation="sigmoid")
    return A2, {"Z1": caches[0].Z, "A1": caches[0].A, "Z2": caches[1].Z, "A2": A2}


def _two_layer_cases(rng, square_output=True):
    """(X, parameters) cases: square W1 and W2 first (so that W.T @ A computes), the course's
    shapes, m = 1.  Without ``square_output`` the first case has one output unit (W2 (1, 4))."""
    out = []
    for label, (n_x, n_h, n_y, m) in (("square W1 (4, 4)" + (" and W2 (4, 4)" if square_output else ""),
                                       (4, 4, 4 if square_output else 1, 5)),
                                      ("the course's shapes: X (2, 3), n_h = 4", (2, 4, 1, 3)),
                                      ("one example (m = 1)", (3, 4, 1, 1))):
        out.append(Case(label, (rng.standard_normal((n_x, m)), c.random_parameters(rng, [n_x, n_h, n_y]))))
    return out


FORWARD_PROPAGATION = Exercise(
    f"{WEEK}.forward_propagation", _forward, _two_layer_cases, outputs=("A2", "cache"),
    mistakes=(
        Mistake("relu instead of tanh in the hidden layer", "A1 = np.tanh(Z1)",
                lambda X, p: _forward(X, p, hidden="relu")),
        Mistake("sigmoid instead of tanh in the hidden layer", "A1 = np.tanh(Z1); the sigmoid is for A2",
                lambda X, p: _forward(X, p, hidden="sigmoid")),
        Mistake("W.T @ A instead of W @ A", "Z1 = W1 @ X + b1: W1 is (n_h, n_x)",
                lambda X, p: _forward(X, p, transpose=True)),
    ))


# --------------------------------------------------------------------------- compute_cost
COST_PUBLIC = (np.array([[0.5002307, 0.49985831, 0.50023963]]), np.array([[1, 0, 0]]))


def compute_cost_exercise(week: str) -> Exercise:
    """compute_cost(AL, Y), cross-entropy, as in weeks 3 and 4."""
    return Exercise(f"{week}.compute_cost", lambda AL, Y: d.compute_cost(AL, Y),
                    lambda rng: c.cost_cases(rng, COST_PUBLIC), c.COST_MISTAKES, outputs="cost")


# --------------------------------------------------------------------------- backward_propagation
def _backward(parameters, cache, X, Y):
    caches = c.layer_caches([(X, parameters["W1"], parameters["b1"], cache["Z1"]),
                             (cache["A1"], parameters["W2"], parameters["b2"], cache["Z2"])], "tanh")
    return d.backward(cache["A2"], Y, caches, hidden_activation="tanh")


def _backward_variant(parameters, cache, X, Y, *, db_axis=1, keepdims=True, m_power=1, sigmoid_derivative=False):
    m = X.shape[1]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dZ1 = (parameters["W2"].T @ dZ2) * (A1 * (1 - A1) if sigmoid_derivative else 1 - A1 ** 2)

    def db(dZ):
        return np.sum(dZ, axis=db_axis, keepdims=keepdims) / m ** m_power
    return {"dW1": dZ1 @ X.T / m ** m_power, "db1": db(dZ1), "dW2": dZ2 @ A1.T / m ** m_power, "db2": db(dZ2)}


def _backward_cases(rng):
    out = []
    for case in _two_layer_cases(rng, square_output=False):
        X, params = case.args
        Y = c.labels(rng, X.shape[1])
        out.append(Case(case.label, (params, _forward(X, params)[1], X, Y)))
    return out


DB_AXIS_0 = Mistake("db summed over axis 0", "sum dZ over the examples: axis=1, keepdims=True", None)
DB_NO_KEEPDIMS = Mistake("db summed without keepdims", "np.sum(dZ, axis=1, keepdims=True) keeps db (n, 1)", None)

BACKWARD_PROPAGATION = Exercise(
    f"{WEEK}.backward_propagation", _backward, _backward_cases, outputs="grads",
    mistakes=(
        DB_AXIS_0._replace(fn=lambda *a: _backward_variant(*a, db_axis=0)),
        DB_NO_KEEPDIMS._replace(fn=lambda *a: _backward_variant(*a, keepdims=False)),
        Mistake("the 1/m missing", "dW and db average over the m examples: multiply by 1/m",
                lambda *a: _backward_variant(*a, m_power=0)),
        Mistake("the 1/m applied twice", "divide by m once", lambda *a: _backward_variant(*a, m_power=2)),
        Mistake("the sigmoid's derivative A1 (1 - A1) in the hidden layer", "tanh's derivative is 1 - A1**2",
                lambda *a: _backward_variant(*a, sigmoid_derivative=True)),
    ))


# --------------------------------------------------------------------------- update_parameters
def update_parameters_exercise(week: str, dims_list, learning_rate) -> Exercise:
    """update_parameters(parameters, grads, learning_rate): W = W - learning_rate * dW, b likewise."""
    return Exercise(f"{week}.update_parameters", c.update_reference,
                    lambda rng: c.update_cases(rng, dims_list, learning_rate), c.UPDATE_MISTAKES,
                    outputs="parameters", mutable=(0,))


# --------------------------------------------------------------------------- nn_model
def _blobs(rng, m=200, positive=0.3):
    """Two overlapping Gaussian blobs in the plane, 30% positives: X (2, m), Y (1, m)."""
    Y = (np.arange(m) < positive * m).astype(int)[None, :]
    X = np.where(Y == 1, 1.0, -1.0) + rng.standard_normal((2, m))
    return X, Y


def _nn_model(X, Y, n_h, num_iterations=10000, print_cost=False, *, rng, update=True, init="random"):
    dims = [X.shape[0], n_h, Y.shape[0]]
    if not update:
        return d.initialize_parameters(dims, init, seed=c.seed_from(rng), scale=0.01)
    params, _ = d.train(X, Y, dims, learning_rate=1.2, num_iterations=num_iterations, hidden_activation="tanh",
                        init=init, scale=0.01, seed=c.seed_from(rng))
    return {k: np.array(v) for k, v in params.items()}


def _final_cost(params, case):
    X, Y = case.args[:2]
    AL, caches = d.forward(X, {k: np.asarray(v, dtype=float) for k, v in params.items()}, "tanh")
    return {"cost on the training set after training": (d.compute_cost(AL, Y, caches=caches), 0.03)}


NN_MODEL = Exercise(
    f"{WEEK}.nn_model", _nn_model, outputs="parameters", random=True, summarize=_final_cost,
    cases=lambda rng: [Case("two blobs, 200 points, n_h = 4, 1000 iterations", (*_blobs(rng), 4),
                            {"num_iterations": 1000})],
    mistakes=(
        Mistake("the parameters never updated", "in the loop: parameters = update_parameters(parameters, grads)",
                lambda *a, rng, **k: _nn_model(*a, **k, rng=rng, update=False)),
        Mistake("W initialized to zeros", "the hidden units stay identical (and here W stays 0): "
                "initialize with initialize_parameters",
                lambda *a, rng, **k: _nn_model(*a, **k, rng=rng, init="zeros")),
    ))

EXERCISES = (LAYER_SIZES, initialize_parameters_exercise(WEEK), FORWARD_PROPAGATION, compute_cost_exercise(WEEK),
             BACKWARD_PROPAGATION, update_parameters_exercise(WEEK, ([2, 4, 1], [3, 5, 2]), 1.2), NN_MODEL)


# --------------------------------------------------------------------------- predict
def _predict(parameters, X, *, probabilities=False, at_least=False):
    A2, _ = d.forward(X, parameters, hidden_activation="tanh", output_activation="sigmoid")
    if probabilities:
        return A2
    return ((A2 >= 0.5) if at_least else (A2 > 0.5)).astype(float)


def _predict_cases(rng):
    n_x, n_h, m = 2, 4, 9
    exact = c.random_parameters(rng, [n_x, n_h, 1])
    exact["W2"], exact["b2"] = np.zeros((1, n_h)), np.zeros((1, 1))
    return [Case(f"random parameters [{n_x}, {n_h}, 1], X ({n_x}, {m})",
                 (c.random_parameters(rng, [n_x, n_h, 1]), rng.standard_normal((n_x, m)) * 2)),
            Case("one example (m = 1), n_x = 3", (c.random_parameters(rng, [3, n_h, 1]), rng.standard_normal((3, 1)))),
            Case("W2 = 0, b2 = 0: every A2 exactly 0.5 (predicted 0)", (exact, rng.standard_normal((n_x, 4))))]


PREDICT = Exercise(
    f"{WEEK}.predict", _predict, _predict_cases, outputs="predictions",
    mistakes=(
        Mistake("the probabilities A2 returned, not labels", "predictions = (A2 > 0.5): 1 where A2 > 0.5, else 0",
                lambda p, X: _predict(p, X, probabilities=True)),
        Mistake("A2 >= 0.5 instead of A2 > 0.5", "predict 1 only where A2 > 0.5",
                lambda p, X: _predict(p, X, at_least=True)),
        Mistake("the labels the wrong way round (A2 < 0.5)", "1 where A2 > 0.5 (the network's P(y = 1))",
                lambda p, X: 1.0 - _predict(p, X, at_least=True)),
    ))

EXERCISES = EXERCISES + (PREDICT,)
QUALIFIED_ONLY = ("c1w3.predict",)  # "predict" alone stays week 2's predict(w, b, X)
