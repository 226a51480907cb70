"""Course 1 week 3, a planar classifier with one hidden layer (tanh, then a sigmoid unit):
layer_sizes, initialize_parameters, forward_propagation, compute_cost, backward_propagation,
update_parameters, nn_model.  The references are the dlnotes core's functions."""

from __future__ import annotations

import numpy as np

import dlnotes as d

from . import common as c
from .running import error_lines
from .spec import Case, Exercise, Mistake, Version

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


def _two_layer_cases(rng, square_output=False):
    """(X, parameters) cases shaped as the course's, one output unit (so that the template's
    ``assert(A2.shape == (1, X.shape[1]))`` holds): a square W1 (4, 4), the course's shapes, m = 1.
    ``square_output`` (for a caller that is not checking the course's forward_propagation) makes the
    first case's W2 (4, 4) too."""
    out = []
    for label, (n_x, n_h, n_y, m) in (("square W1 (4, 4), W2 " + ("(4, 4)" if square_output else "(1, 4)"),
                                       (4, 4, 4 if square_output else 1, 5)),
                                      ("the course's shapes: X (2, 3), n_h = 4", (2, 4, 1, 3)),
                                      ("one example (m = 1)", (3, 4, 1, 1))):
        out.append(Case(label, (rng.standard_normal((n_x, m)), c.random_parameters(rng, [n_x, n_h, n_y]))))
    return out


FORWARD_PROPAGATION = Exercise(
    f"{WEEK}.forward_propagation", _forward, _two_layer_cases, outputs=("A2", "cache"), order=("cache", "A2"),
    mistakes=(
        Mistake("relu instead of tanh in the hidden layer", "A1 = np.tanh(Z1)",
                lambda X, p: _forward(X, p, hidden="relu")),
        Mistake("sigmoid instead of tanh in the hidden layer", "A1 = np.tanh(Z1); the sigmoid is for A2",
                lambda X, p: _forward(X, p, hidden="sigmoid")),
        Mistake("W.T @ A instead of W @ A", "Z1 = W1 @ X + b1: W1 is (n_h, n_x)",
                lambda X, p: _forward(X, p, transpose=True), line=r"\bW[12]\s*\.\s*T\b"),
    ))


# --------------------------------------------------------------------------- compute_cost
COST_PUBLIC = (np.array([[0.5002307, 0.49985831, 0.50023963]]), np.array([[1, 0, 0]]))


def _with_parameters(case: Case) -> Case:
    """The 2017-2020 call compute_cost(A2, Y, parameters): parameters of a network ending in A2's units."""
    A2 = case.args[0]
    n_y = np.shape(A2)[0]
    parameters = c.random_parameters(np.random.default_rng(0), [2, N_H, n_y])
    return case._replace(args=(*case.args, parameters))


COMPUTE_COST_2017 = Version("the course's 2017-2020 signature (parameters unused)",
                            params=("A2", "Y", "parameters"), args=_with_parameters)


def compute_cost_exercise(week: str, versions=()) -> Exercise:
    """compute_cost(AL, Y), cross-entropy, as in weeks 3 and 4."""
    return Exercise(f"{week}.compute_cost", lambda AL, Y: d.compute_cost(AL, Y),
                    lambda rng: c.cost_cases(rng, COST_PUBLIC), c.COST_MISTAKES, outputs="cost", versions=versions)


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
    for case in _two_layer_cases(rng):
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
    seed = c.seed_from(rng)
    start = d.network(dims, "tanh", init=init, scale=0.01, seed=seed)
    params, _ = d.train(X, Y, start, d.GradientDescent(1.2), num_iterations, seed=seed)
    return {k: np.array(v) for k, v in params.items()}


def _final_cost(params, case):
    X, Y = case.args[:2]
    AL, caches = d.forward(X, {k: np.asarray(v, dtype=float) for k, v in params.items()}, "tanh")
    return {"cost on the training set after training": (d.compute_cost(AL, Y, caches=caches), 0.03)}


NN_NEVER_UPDATED = Mistake("the parameters never updated",
                           "in the loop: parameters = update_parameters(parameters, grads)",
                           lambda *a, rng, **k: _nn_model(*a, **k, rng=rng, update=False))
NN_ZEROS = Mistake("W initialized to zeros", "the hidden units stay identical (and here W stays 0): "
                   "initialize with initialize_parameters",
                   lambda *a, rng, **k: _nn_model(*a, **k, rng=rng, init="zeros"))
NN_ITERATIONS = 150
NN_LEARNING_RATE = 1.2  # update_parameters' default: the course's nn_model calls update_parameters(parameters, grads)
NN_SHAPES = {"W1": (4, 2), "b1": (4, 1), "W2": (1, 4), "b2": (1, 1)}


def _descent(X, Y, parameters, iterations, learning_rate=NN_LEARNING_RATE):
    """The parameters after 0, 1, ..., ``iterations`` steps of the course's gradient descent."""
    params = {k: np.array(parameters[k], dtype=float) for k in NN_SHAPES}
    out = [params]
    for _ in range(iterations):
        AL, caches = d.forward(X, params, hidden_activation="tanh", output_activation="sigmoid")
        params = d.update_parameters({k: v.copy() for k, v in params.items()}, d.backward(AL, Y, caches),
                                     learning_rate)
        out.append(params)
    return out


def _close(got, want) -> bool:
    return all(np.allclose(np.asarray(got[k], dtype=float), want[k], rtol=1e-6, atol=1e-9) for k in NN_SHAPES)


def _cost_of(params, X, Y) -> float:
    AL, caches = d.forward(X, {k: np.asarray(v, dtype=float) for k, v in params.items()}, "tanh")
    return float(d.compute_cost(AL, Y, caches=caches))


def _shape_problems(params) -> list[str]:
    if not isinstance(params, dict):
        return [f"parameters should be a dict with keys {list(NN_SHAPES)}, got {type(params).__name__}"]
    problems = []
    for key, shape in NN_SHAPES.items():
        if key not in params:
            problems.append(f"parameters has no key {key!r}")
        elif np.shape(params[key]) != shape:
            problems.append(f"parameters[{key!r}] should have shape {shape}, got {np.shape(params[key])}")
    return problems


def _nn_model_check(learner, rng):
    """nn_model is run twice from the same numpy random state (so from the same initialization, the
    learner's own): with num_iterations = 0, which returns that initialization, and with
    num_iterations = 150, which must equal 150 steps of gradient descent (learning rate 1.2) from it.
    Too few iterations and a wrong learning rate are then measured and named."""
    X, Y = _blobs(rng)
    seed = c.seed_from(rng)
    n = NN_ITERATIONS

    def call(iterations):
        np.random.seed(seed)
        case = Case(f"two blobs, X (2, 200), n_h = 4, num_iterations = {iterations}", (X, Y, 4),
                    {"num_iterations": iterations})
        return case, learner(case)

    outcomes = {}
    for iterations in (0, 0, n):
        case, out = call(iterations)
        if out.error is not None:
            return error_lines(case, out), []
        problems = _shape_problems(out.value)
        if problems:
            return [f"case: {case.label}"] + problems[:4], []
        outcomes.setdefault(iterations, []).append(out.value)
    start, end = outcomes[0][0], outcomes[n][0]
    label = f"two blobs, X (2, 200), n_h = 4: num_iterations = 0 (your initialization), then {n}"
    head = [f"case: {label}"]
    if not any(np.any(np.asarray(start[k], dtype=float)) for k in ("W1", "W2")):
        return head + [f"your result matches a known mistake, {NN_ZEROS.name}: {NN_ZEROS.advice}"], []
    if not _close(outcomes[0][1], start):  # no reproducible initialization: compare the cost reached
        return _nn_model_by_cost(X, Y, end, n, head), [label]
    path = _descent(X, Y, start, n)
    if _close(end, path[n]):
        return None, [label]
    cost = f"the cost after {n} iterations: expected {_cost_of(path[n], X, Y):.6f}, got {_cost_of(end, X, Y):.6f}"
    done = next((k for k in range(n) if _close(end, path[k])), None)
    if done == 0:
        return head + [cost, f"your nn_model returns the same parameters for num_iterations = 0 and {n}: either it "
                             "ignores num_iterations (loop for i in range(num_iterations)) or it matches a known "
                             f"mistake, {NN_NEVER_UPDATED.name}: {NN_NEVER_UPDATED.advice}"], []
    if done is not None:
        part = f" (1/{n // done} of them)" if n % done == 0 else ""
        return head + [cost, f"your nn_model ran {done} iterations where num_iterations = {n} asks for {n}{part}: "
                             "loop for i in range(num_iterations)"], []
    case, out = call(1)
    if out.error is None and not _shape_problems(out.value):
        rate = _learning_rate(X, Y, start, out.value)
        if rate is not None and not np.isclose(rate, NN_LEARNING_RATE, rtol=1e-6):
            return head + [cost, f"your nn_model steps with the learning rate {rate:.4g} instead of "
                                 f"{NN_LEARNING_RATE}: call update_parameters(parameters, grads) (its default "
                                 f"learning_rate is {NN_LEARNING_RATE}) or pass {NN_LEARNING_RATE}"], []
    return head + [cost, f"your parameters after {n} iterations differ from {n} steps of gradient descent from "
                         "your own initialization: check that each iteration runs forward_propagation, "
                         "backward_propagation and update_parameters on the current parameters"], []


def _learning_rate(X, Y, start, after_one):
    """The learning rate of the learner's first step, when that step is along the gradient."""
    AL, caches = d.forward(X, {k: np.asarray(v, dtype=float) for k, v in start.items()}, "tanh")
    grads = d.backward(AL, Y, caches)
    g = np.concatenate([np.ravel(grads["d" + k]) for k in NN_SHAPES])
    step = np.concatenate([np.ravel(np.asarray(start[k], dtype=float) - np.asarray(after_one[k], dtype=float))
                           for k in NN_SHAPES])
    if not g @ g:
        return None
    rate = float(step @ g / (g @ g))
    return rate if np.allclose(step, rate * g, rtol=1e-6, atol=1e-12) else None


def _nn_model_by_cost(X, Y, end, n, head):
    """For an nn_model whose initialization does not repeat: the cost it reaches against the reference's."""
    expected = _cost_of(_descent(X, Y, d.initialize_parameters([2, 4, 1], "random", seed=0, scale=0.01), n)[n],
                        X, Y)
    got = _cost_of(end, X, Y)
    if abs(got - expected) <= 0.03:
        return None
    return head + [f"the cost after {n} iterations: expected about {expected:.4f}, got {got:.4f} (your initialization "
                   "does not repeat from the same numpy random state, so only the cost reached is compared)"]


NN_MODEL = Exercise(
    f"{WEEK}.nn_model", _nn_model, outputs="parameters", random=True, summarize=_final_cost,
    cases=lambda rng: [Case("two blobs, 200 points, n_h = 4, 1000 iterations", (*_blobs(rng), 4),
                            {"num_iterations": 1000})],
    mistakes=(NN_NEVER_UPDATED, NN_ZEROS), known_args=(("learning_rate", NN_LEARNING_RATE),),
    custom=_nn_model_check)

EXERCISES = (LAYER_SIZES, initialize_parameters_exercise(WEEK), FORWARD_PROPAGATION,
             compute_cost_exercise(WEEK, (COMPUTE_COST_2017,)),
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
