"""Course 1 week 2, logistic regression: sigmoid, initialize_with_zeros, propagate, optimize, predict.

The references are the dlnotes core's functions; the public cases use the inputs of the course's
public tests (the numbers its notebook prints for them are checked in tests/exercises).
"""

from __future__ import annotations

import numpy as np

import dlnotes as d

from .spec import Case, Exercise, Mistake

WEEK = "c1w2"


# --------------------------------------------------------------------------- sigmoid
def _sigmoid_cases(rng):
    return [
        Case("public test: z = [0, 2]", (np.array([0.0, 2.0]),)),
        Case("public test: z = 1 (a number)", (1,)),
        Case("random z (3, 4)", (rng.standard_normal((3, 4)) * 4,)),
        Case("large |z|", (np.array([[-1000.0, -40.0, -1e-9, 0.0, 40.0, 1000.0]]),)),
    ]


SIGMOID = Exercise(
    f"{WEEK}.sigmoid", lambda z: d.sigmoid(z), _sigmoid_cases, outputs="s",
    mistakes=(
        Mistake("exp(z) instead of exp(-z)", "sigmoid(z) = 1 / (1 + np.exp(-z))", lambda z: d.sigmoid(-np.asarray(z))),
        Mistake("1 / 1 + np.exp(-z) (parentheses missing)", "the denominator is (1 + np.exp(-z))",
                lambda z: 1 + np.exp(-np.asarray(z, dtype=float))),
    ))


# --------------------------------------------------------------------------- initialize_with_zeros
INITIALIZE_WITH_ZEROS = Exercise(
    f"{WEEK}.initialize_with_zeros", d.initialize_with_zeros, outputs=("w", "b"),
    cases=lambda rng: [Case("public test: dim = 3", (3,)), Case("public test: dim = 4", (4,)), Case("dim = 1", (1,))],
    mistakes=(
        Mistake("b as an array", "b is the number 0.0, not np.zeros((1, 1))",
                lambda dim: (np.zeros((dim, 1)), np.zeros((1, 1)))),
        Mistake("w of shape (dim,)", "w is a column: np.zeros((dim, 1))", lambda dim: (np.zeros(dim), 0.0)),
        Mistake("w of shape (1, dim)", "w is a column (dim, 1), one weight per feature",
                lambda dim: (np.zeros((1, dim)), 0.0)),
    ))


# --------------------------------------------------------------------------- propagate
def _logistic_cases(rng, public, label="public test"):
    n, m = 4, 10
    return [
        Case(label, public),
        Case(f"random w, b, X ({n}, {m})", (rng.standard_normal((n, 1)), float(rng.standard_normal()),
                                            rng.standard_normal((n, m)), rng.integers(0, 2, (1, m)))),
        Case("one example (m = 1)", (rng.standard_normal((3, 1)), 0.5, rng.standard_normal((3, 1)), np.array([[1]]))),
        Case("X given as integers, |z| up to about 20", (np.array([[2.0], [-1.5]]), -0.5,
                                                         rng.integers(-6, 7, (2, 7)), rng.integers(0, 2, (1, 7)))),
    ]


PROPAGATE_PUBLIC = (np.array([[1.0], [2.0], [-1.0]]), 2.5,
                    np.array([[1.0, 2.0, -1.0, 0.0], [3.0, 4.0, -3.2, 1.0], [3.0, 4.0, -3.2, -3.5]]),
                    np.array([[1, 1, 0, 0]]))


def _scaled(w, b, X, Y, grad_factor=1.0, cost_factor=1.0):
    grads, cost = d.propagate(w, b, X, Y)
    return {"dw": grads["dw"] * grad_factor, "db": grads["db"] * grad_factor}, cost * cost_factor


def _squared_error(w, b, X, Y):
    grads, _ = d.propagate(w, b, X, Y)
    A = d.sigmoid(np.asarray(w).T @ X + b)
    return grads, float(np.mean((A - Y) ** 2))


PROPAGATE = Exercise(
    f"{WEEK}.propagate", d.propagate, outputs=("grads", "cost"),
    cases=lambda rng: _logistic_cases(rng, PROPAGATE_PUBLIC, "public test, the one the notebook shows: "
                                      "w = [[1], [2], [-1]], b = 2.5, X (3, 4)"),
    order=("cost", "grads"),
    mistakes=(
        Mistake("the 1/m missing", "average over the m examples: cost, dw and db all carry 1/m",
                lambda w, b, X, Y: _scaled(w, b, X, Y, X.shape[1], X.shape[1])),
        Mistake("the 1/m applied twice", "divide by m once",
                lambda w, b, X, Y: _scaled(w, b, X, Y, 1 / X.shape[1], 1 / X.shape[1])),
        Mistake("squared error instead of cross-entropy",
                "the cost is -(1/m) sum(Y log A + (1 - Y) log(1 - A))", _squared_error),
        Mistake("the cost's minus sign missing", "cost = -(1/m) * sum(...): the logs are negative",
                lambda w, b, X, Y: _scaled(w, b, X, Y, 1.0, -1.0)),
        Mistake("Y - A instead of A - Y", "dw = (1/m) X (A - Y)^T and db = (1/m) sum(A - Y)",
                lambda w, b, X, Y: _scaled(w, b, X, Y, -1.0, 1.0)),
    ))


# --------------------------------------------------------------------------- optimize
def _descent(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False, *,
             sign=-1.0, update_b=True, every=100):
    """Gradient descent written with d.propagate, with the planted mistakes' switches."""
    w = np.array(w, dtype=float)
    costs = []
    for i in range(num_iterations):
        grads, cost = d.propagate(w, b, X, Y)
        w = w + sign * learning_rate * grads["dw"]
        if update_b:
            b = b + sign * learning_rate * grads["db"]
        if i % every == 0:
            costs.append(cost)
    return {"w": w, "b": b}, grads, costs


OPTIMIZE_PUBLIC = (np.array([[1.0], [2.0]]), 2.0, np.array([[1.0, 2.0, -1.0], [3.0, 4.0, -3.2]]), np.array([[1, 0, 1]]))


def _optimize_cases(rng):
    n, m = 3, 8
    return [
        Case("w = [[1], [2]], b = 2, X (2, 3) (the course's 2018 public test), 101 iterations, learning rate 0.1",
             OPTIMIZE_PUBLIC,
             {"num_iterations": 101, "learning_rate": 0.1}),
        Case(f"random X ({n}, {m}), 250 iterations, learning rate 0.05",
             (np.zeros((n, 1)), 0.0, rng.standard_normal((n, m)), rng.integers(0, 2, (1, m))),
             {"num_iterations": 250, "learning_rate": 0.05}),
    ]


OPTIMIZE = Exercise(
    f"{WEEK}.optimize", d.optimize, _optimize_cases, outputs=("params", "grads", "costs"),
    mistakes=(
        Mistake("w += learning_rate * dw (gradient ascent)", "step against the gradient: w = w - learning_rate * dw",
                lambda *a, **k: _descent(*a, **k, sign=1.0)),
        Mistake("b never updated", "update b too: b = b - learning_rate * db",
                lambda *a, **k: _descent(*a, **k, update_b=False)),
        Mistake("a cost recorded every iteration", "record the cost when i % 100 == 0",
                lambda *a, **k: _descent(*a, **k, every=1)),
    ))


# --------------------------------------------------------------------------- predict
def _predict_cases(rng):
    return [
        Case("public test", (np.array([[0.3], [0.5], [-0.2]]), -0.33333,
                             np.array([[1.0, -0.3, 1.5], [2.0, 0.0, 1.0], [0.0, -1.5, 2.0]]))),
        # z = w.T X + b = [-0.1, 0.05, 0.2, -0.6]: 0.5 compared with w.T X, or with z, or sigmoid(w.T X) with 0.5
        # each differ from sigmoid(z) > 0.5 at some column
        Case("b = -0.4, w.T X = [0.3, 0.45, 0.6, -0.2]", (np.array([[1.0], [0.5]]), -0.4,
                                                           np.array([[0.1, 0.45, 0.4, 0.0], [0.4, 0.0, 0.4, -0.4]]))),
        Case("random w, b, X (5, 12)", (rng.standard_normal((5, 1)), float(rng.standard_normal()),
                                        rng.standard_normal((5, 12)))),
        Case("a probability of exactly 0.5 (z = 0)", (np.array([[1.0], [-1.0]]), 0.0,
                                                     np.array([[0.0, 1.0, 2.0], [0.0, 2.0, 1.0]]))),
    ]


def _probabilities(w, b, X):
    return d.sigmoid(np.asarray(w).T @ X + b)


PREDICT = Exercise(
    f"{WEEK}.predict", d.predict_logistic, _predict_cases, outputs="Y_prediction",
    mistakes=(
        Mistake("b left out of A", "A = sigmoid(w.T X + b)", lambda w, b, X: d.predict_logistic(w, 0.0, X)),
        Mistake("sigmoid left out: w.T X + b compared with 0.5",
                "A = sigmoid(np.dot(w.T, X) + b), then 1 where A > 0.5",
                lambda w, b, X: ((np.asarray(w).T @ X + b) > 0.5).astype(float)),
        Mistake("sigmoid and b left out: w.T X compared with 0.5",
                "A = sigmoid(np.dot(w.T, X) + b), then 1 where A > 0.5",
                lambda w, b, X: ((np.asarray(w).T @ X) > 0.5).astype(float)),
        Mistake("probabilities instead of labels", "turn A into 0/1 labels: 1 where A > 0.5", _probabilities),
        Mistake("A >= 0.5 instead of A > 0.5", "predict 1 only where A > 0.5",
                lambda w, b, X: (_probabilities(w, b, X) >= 0.5).astype(float)),
    ))

EXERCISES = (SIGMOID, INITIALIZE_WITH_ZEROS, PROPAGATE, OPTIMIZE, PREDICT)


# --------------------------------------------------------------------------- model
def _model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False, *,
           iterations=None, rate=None, trained=True):
    """The course's model on the core (w = 0, b = 0, gradient descent, predictions), with the planted
    mistakes' switches: ``iterations`` / ``rate`` replace what is passed on to optimize."""
    w, b = d.initialize_with_zeros(X_train.shape[0])
    params, _, costs = d.optimize(w, b, X_train, Y_train,
                                  num_iterations if iterations is None else iterations,
                                  learning_rate if rate is None else rate)
    if trained:
        w, b = params["w"], params["b"]
    return {"costs": [float(c) for c in costs], "Y_prediction_test": d.predict_logistic(w, b, X_test),
            "Y_prediction_train": d.predict_logistic(w, b, X_train), "w": w, "b": float(b),
            "learning_rate": learning_rate, "num_iterations": num_iterations}


def _model_cases(rng):
    n, m, m_test = 4, 20, 8
    X, Y = rng.standard_normal((n, m)), rng.integers(0, 2, (1, m))
    X_test = rng.standard_normal((n, m_test))
    return [Case(f"random X_train ({n}, {m}), X_test ({n}, {m_test}): 300 iterations, learning rate 0.1",
                 (X, Y, X_test, rng.integers(0, 2, (1, m_test))), {"num_iterations": 300, "learning_rate": 0.1}),
            Case("the same, 1 iteration (only the cost at iteration 0 recorded), learning rate 1.5",
                 (X, Y, X_test, rng.integers(0, 2, (1, m_test))), {"num_iterations": 1, "learning_rate": 1.5})]


MODEL = Exercise(
    f"{WEEK}.model", _model, _model_cases, outputs="d",
    mistakes=(
        Mistake("num_iterations not passed on to optimize (its default, 100 iterations, ran)",
                "call optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)",
                lambda *a, **k: _model(*a, **k, iterations=100)),
        Mistake("learning_rate not passed on to optimize (its default, 0.009, was used)",
                "call optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)",
                lambda *a, **k: _model(*a, **k, rate=0.009)),
        Mistake("neither num_iterations nor learning_rate passed on (optimize's defaults ran: 100 iterations "
                "at 0.009)", "call optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)",
                lambda *a, **k: _model(*a, **k, iterations=100, rate=0.009)),
        Mistake("the predictions made with the initial w and b", 'predict with the trained parameters: '
                'w = params["w"], b = params["b"] after optimize',
                lambda *a, **k: _model(*a, **k, trained=False)),
    ))

EXERCISES = EXERCISES + (MODEL,)
