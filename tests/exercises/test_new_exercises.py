"""The exercises issue 19 added: the Python-basics functions, C1W2 model, C1W3 predict, C1W4 two_layer_model and
L_layer_model, C2W1's one-dimensional gradient check, C2W2 update_parameters_with_gd.  Each solution passes, the
course's earlier return values pass, planted mistakes are named, and the reused course names resolve."""

import math

import numpy as np
import pytest

from dlnotes.exercises import EXERCISES, check, find
from dlnotes.exercises.solutions import basics, c1w2, c1w3, c1w4, c2w1, c2w2

from . import assert_mistake_named

NEW = {
    "basics.basic_sigmoid": basics.basic_sigmoid, "basics.sigmoid": basics.sigmoid,
    "basics.sigmoid_derivative": basics.sigmoid_derivative, "basics.image2vector": basics.image2vector,
    "basics.normalize_rows": basics.normalize_rows, "basics.softmax": basics.softmax, "basics.L1": basics.L1,
    "basics.L2": basics.L2, "c1w2.model": c1w2.model, "c1w3.predict": c1w3.predict,
    "c1w4.two_layer_model": c1w4.two_layer_model, "c1w4.L_layer_model": c1w4.L_layer_model,
    "c2w1.forward_propagation": c2w1.forward_propagation, "c2w1.backward_propagation": c2w1.backward_propagation,
    "c2w1.gradient_check": c2w1.gradient_check, "c2w2.update_parameters_with_gd": c2w2.update_parameters_with_gd,
}


@pytest.mark.parametrize("name", NEW)
def test_solution_passes(name):
    assert name in EXERCISES
    result = check(name, NEW[name])
    assert result, str(result)


def test_the_course_public_values():
    """What the Python-basics assignment prints for its tests."""
    assert basics.basic_sigmoid(3) == pytest.approx(0.9525741268224334)
    np.testing.assert_allclose(basics.sigmoid_derivative(np.array([1, 2, 3])), [0.19661193, 0.10499359, 0.04517666],
                               atol=1e-8)
    np.testing.assert_allclose(basics.normalize_rows(np.array([[0, 3, 4], [1, 6, 4]])),
                               [[0, 0.6, 0.8], [0.13736056, 0.82416338, 0.54944226]], atol=1e-8)
    np.testing.assert_allclose(basics.softmax(np.array([[9, 2, 5, 0, 0], [7, 5, 0, 0, 0]]))[:, :2],
                               [[9.80897665e-01, 8.94462891e-04], [8.78679856e-01, 1.18916387e-01]], rtol=1e-8)
    yhat, y = np.array([0.9, 0.2, 0.1, 0.4, 0.9]), np.array([1, 0, 0, 1, 1])
    assert basics.L1(yhat, y) == pytest.approx(1.1) and basics.L2(yhat, y) == pytest.approx(0.43)
    assert c2w1.forward_propagation(2, 4) == 8 and c2w1.backward_propagation(2, 4) == 2
    assert c2w1.gradient_check(2, 4) < 1e-9  # the course prints 2.919335883291695e-10


def test_unqualified_names_keep_their_first_meaning():
    assert find("sigmoid").name == "c1w2.sigmoid"
    assert find("predict").name == "c1w2.predict"
    assert find("softmax").name == "c2w3.softmax"
    assert find("forward_propagation").name == "c1w3.forward_propagation"
    assert find("backward_propagation").name == "c1w3.backward_propagation"
    assert find("c2w1.forward_propagation").name == "c2w1.forward_propagation"
    assert find("compute_cost") == ["c1w3.compute_cost", "c1w4.compute_cost"]  # still ambiguous, as before
    assert find("gradient_check").name == "c2w1.gradient_check"
    assert find("two_layer_model").name == "c1w4.two_layer_model"


# --------------------------------------------------------------------------- Python basics
def _basic_sigmoid_plus(x):
    return 1 / (1 + math.exp(x))


BASICS_MISTAKES = [
    ("basics.basic_sigmoid", _basic_sigmoid_plus, "exp(x) instead of exp(-x)"),
    ("basics.sigmoid", lambda x: 1 / (1 + math.exp(-x)), "math.exp instead of np.exp"),
    ("basics.sigmoid", lambda x: 1 / 1 + np.exp(-x), "parentheses missing"),
    ("basics.sigmoid_derivative", lambda x: x * (1 - x), "x * (1 - x) instead of s * (1 - s)"),
    ("basics.sigmoid_derivative", lambda x: 1 / (1 + np.exp(-x)), "the sigmoid itself returned"),
    ("basics.image2vector", lambda image: image.reshape(1, -1), "a row (1, n) instead of a column (n, 1)"),
    ("basics.image2vector", lambda image: image.T.reshape(-1, 1), "the entries read in column order"),
    ("basics.normalize_rows", lambda x: x / np.linalg.norm(x, axis=0, keepdims=True), "the columns normalized"),
    ("basics.normalize_rows", lambda x: x / np.sum(x * x, axis=1, keepdims=True), "divided by the squared norm"),
    ("basics.softmax", lambda x: np.exp(x) / np.sum(np.exp(x), axis=0, keepdims=True), "the sum over the columns"),
    ("basics.softmax", lambda x: np.exp(x) / np.sum(np.exp(x)), "divided by the sum of all entries"),
    ("basics.L1", lambda yhat, y: np.sum((y - yhat) ** 2), "the squares summed"),
    ("basics.L1", lambda yhat, y: np.mean(np.abs(y - yhat)), "the mean instead of the sum"),
    ("basics.L2", lambda yhat, y: np.linalg.norm(y - yhat), "the square root taken"),
    ("basics.L2", lambda yhat, y: np.sum(np.abs(y - yhat)), "the absolute values summed"),
]


@pytest.mark.parametrize("name, fn, diagnosis", BASICS_MISTAKES, ids=[f"{n}: {d}" for n, _, d in BASICS_MISTAKES])
def test_basics_mistakes_are_named(name, fn, diagnosis):
    assert_mistake_named(name, fn, diagnosis)


def test_basics_accept_the_course_variants():
    """The 2017-2019 L1 (Python's sum over abs) and L2 (np.dot), a softmax that subtracts each row's max."""
    assert check("basics.L1", lambda yhat, y: sum(abs(yhat - y)))
    assert check("basics.L2", lambda yhat, y: np.dot(yhat - y, yhat - y))
    assert check("basics.softmax", lambda x: np.exp(x - x.max(axis=1, keepdims=True))
                 / np.exp(x - x.max(axis=1, keepdims=True)).sum(axis=1, keepdims=True))
    assert check("basics.basic_sigmoid", lambda x: 1 / (1 + np.exp(-x)))


# --------------------------------------------------------------------------- C1W2 model
def _model(iterations=None, rate=None):
    def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
        w, b = c1w2.initialize_with_zeros(X_train.shape[0])
        args = [w, b, X_train, Y_train]
        if iterations is None and rate is None:
            args += [num_iterations, learning_rate]
        elif rate is None:
            args += [iterations, learning_rate]
        params, _, costs = c1w2.optimize(*args)
        w, b = params["w"], params["b"]
        return {"costs": costs, "Y_prediction_test": c1w2.predict(w, b, X_test),
                "Y_prediction_train": c1w2.predict(w, b, X_train), "w": w, "b": b,
                "learning_rate": learning_rate, "num_iterations": num_iterations}
    return model


def test_model_names_iterations_and_learning_rate_not_passed_on():
    assert check("c1w2.model", _model())
    text = str(check("c1w2.model", _model(iterations=100)))
    assert "d['costs'] should be a list of 3" in text and "num_iterations not passed on" in text, text
    text = str(check("c1w2.model", _model(rate=True)))  # optimize's defaults: 100 iterations, 0.009
    assert "neither num_iterations nor learning_rate passed on" in text, text


def test_model_names_a_wrong_learning_rate():
    def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
        return c1w2.model(X_train, Y_train, X_test, Y_test, num_iterations, 0.009)
    text = str(check("c1w2.model", model))
    assert "d['costs'][1] has wrong values" in text or "d['costs'][1] has the wrong value" in text, text
    assert "learning_rate not passed on to optimize" in text, text


# --------------------------------------------------------------------------- C1W3 predict
def test_predict_accepts_the_course_versions_and_names_mistakes():
    assert check("c1w3.predict", lambda parameters, X: np.round(c1w3.forward_propagation(X, parameters)[0]))
    assert check("c1w3.predict", lambda parameters, X: c1w3.forward_propagation(X, parameters)[0] > 0.5)
    assert_mistake_named("c1w3.predict", lambda parameters, X: c1w3.forward_propagation(X, parameters)[0],
                         "the probabilities A2 returned")
    assert_mistake_named("c1w3.predict", lambda parameters, X: c1w3.forward_propagation(X, parameters)[0] >= 0.5,
                         "A2 >= 0.5 instead of A2 > 0.5")


# --------------------------------------------------------------------------- C1W4 training
def _L_layer(fraction=1, rate=None, old=False):
    def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
        parameters, costs = c1w4.L_layer_model(X, Y, layers_dims, learning_rate if rate is None else rate,
                                               max(1, num_iterations // fraction))
        return parameters if old else (parameters, costs)
    return L_layer_model


@pytest.mark.parametrize("name", ["c1w4.two_layer_model", "c1w4.L_layer_model"])
def test_training_accepts_the_pre_2021_return_value(name):
    fn = NEW[name]
    result = check(name, lambda *a, **k: fn(*a, **k)[0])
    assert result, str(result)


def test_training_accepts_the_application_initialization():
    """randn / sqrt(n[l-1]), the application's initialize_parameters_deep, passes as randn * 0.01 does."""
    def initialize_parameters_deep(layer_dims):
        return {key: value for l in range(1, len(layer_dims))
                for key, value in ((f"W{l}", np.random.randn(layer_dims[l], layer_dims[l - 1])
                                    / np.sqrt(layer_dims[l - 1])), (f"b{l}", np.zeros((layer_dims[l], 1))))}
    original = c1w4.initialize_parameters_deep
    c1w4.initialize_parameters_deep = initialize_parameters_deep
    try:
        for seed in range(5):
            np.random.seed(seed)
            result = check("c1w4.L_layer_model", c1w4.L_layer_model)
            assert result, str(result)
    finally:
        c1w4.initialize_parameters_deep = original


def test_training_too_few_iterations_fail_with_that_said():
    text = str(check("c1w4.L_layer_model", _L_layer(fraction=50)))
    assert "costs should be a list of 4" in text and "too few iterations" in text, text
    text = str(check("c1w4.L_layer_model", _L_layer(fraction=50, old=True)))
    assert "cost on the training set after 400 iterations at learning rate 0.3" in text, text
    assert "too few iterations" in text, text


def test_training_a_wrong_learning_rate_fails_with_that_said():
    def fixed_rate(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
        return c1w4.two_layer_model(X, Y, layers_dims, 0.0075, num_iterations)

    for fn in (fixed_rate, lambda *a, **k: fixed_rate(*a, **k)[0]):
        text = str(check("c1w4.two_layer_model", fn))
        assert "cost on the training set after 400 iterations" in text, text
        assert "learning_rate not passed on to update_parameters" in text, text


def test_training_costs_every_iteration_named():
    def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
        parameters, costs = c1w4.initialize_parameters_deep(layers_dims), []
        for _ in range(num_iterations):
            AL, caches = c1w4.L_model_forward(X, parameters)
            costs.append(c1w4.compute_cost(AL, Y))
            parameters = c1w4.update_parameters(parameters, c1w4.L_model_backward(AL, Y, caches), learning_rate)
        return parameters, costs
    assert_mistake_named("c1w4.L_layer_model", L_layer_model, "a cost recorded at every iteration")


# --------------------------------------------------------------------------- C2W1 one dimension, C2W2 gd
def test_gradient_check_1d_mistakes_named():
    def no_two(x, theta, epsilon=1e-7):
        return abs(x - (x * (theta + epsilon) - x * (theta - epsilon)) / epsilon) / (abs(x) * 3)
    assert_mistake_named("c2w1.gradient_check", no_two, "divided by epsilon instead of 2 epsilon")

    def grad_is_J(x, theta, epsilon=1e-7, print_msg=False):
        approx = (x * (theta + epsilon) - x * (theta - epsilon)) / (2 * epsilon)
        grad = theta * x
        return np.linalg.norm(grad - approx) / (np.linalg.norm(grad) + np.linalg.norm(approx))
    assert_mistake_named("c2w1.gradient_check", grad_is_J, "grad = forward_propagation(x, theta)")
    assert_mistake_named("c2w1.forward_propagation", lambda x, theta: theta + x, "theta + x instead of theta * x")
    assert_mistake_named("c2w1.backward_propagation", lambda x, theta: theta, "theta instead of x")


def test_update_parameters_with_gd_mistakes_named():
    def ascent(parameters, grads, learning_rate):
        return {k: v + learning_rate * grads["d" + k] for k, v in parameters.items()}
    assert_mistake_named("c2w2.update_parameters_with_gd", ascent, "gradient ascent")
