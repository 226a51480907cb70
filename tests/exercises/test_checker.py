"""What check() does with any learner code: exceptions with their line, stubs, None, wrong types and
shapes, in-place changes, names, and the result's text for a terminal and for JupyterLab."""

import numpy as np

from dlnotes.exercises import EXERCISES, check, find, reference
from dlnotes.exercises.solutions import c1w2, c1w3, c1w4

ISSUE_NAMES = {
    "c1w2": ["sigmoid", "initialize_with_zeros", "propagate", "optimize", "predict"],
    "c1w3": ["layer_sizes", "initialize_parameters", "forward_propagation", "compute_cost", "backward_propagation",
             "update_parameters", "nn_model"],
    "c1w4": ["initialize_parameters_deep", "linear_forward", "linear_activation_forward", "L_model_forward",
             "compute_cost", "linear_backward", "linear_activation_backward", "L_model_backward", "update_parameters"],
    "c2w1": ["initialize_parameters_zeros", "initialize_parameters_random", "initialize_parameters_he",
             "compute_cost_with_regularization", "backward_propagation_with_regularization",
             "forward_propagation_with_dropout", "backward_propagation_with_dropout", "gradient_check_n"],
    "c2w2": ["random_mini_batches", "update_lr", "schedule_lr_decay"],
    "c2w3": ["batchnorm_forward", "softmax"],
}


def test_every_exercise_of_the_issue_is_there():
    for week, names in ISSUE_NAMES.items():
        for name in names:
            assert f"{week}.{name}" in EXERCISES


def test_an_exception_is_reported_with_the_failing_line():
    def propagate(w, b, X, Y):
        A = 1 / (1 + np.exp(-(w @ X + b)))  # w is (n_x, 1): w @ X fails
        return A

    result = check("propagate", propagate)
    assert not result
    text = str(result)
    assert "raised ValueError" in text
    assert "in propagate: A = 1 / (1 + np.exp(-(w @ X + b)))" in text
    assert "Traceback" not in text


def test_a_stub_is_not_implemented_yet():
    def sigmoid(z):
        # YOUR CODE HERE
        raise NotImplementedError

    result = check("sigmoid", sigmoid)
    assert not result
    assert result.status == "not implemented"
    assert "not implemented yet" in str(result) and "Traceback" not in str(result)


def test_none_wrong_types_and_shapes_are_reported():
    assert "does the function end with a return?" in str(check("propagate", lambda w, b, X, Y: None))
    assert "should be a tuple of 2 (grads, cost), got a dict" in str(
        check("propagate", lambda w, b, X, Y: c1w2.propagate(w, b, X, Y)[0]))
    rank1 = str(check("initialize_with_zeros", lambda dim: (np.zeros(dim), 0.0)))
    assert "w should have shape (3, 1), got (3,) (a rank-1 array" in rank1
    as_list = str(check("sigmoid", lambda z: list(np.atleast_1d(1 / (1 + np.exp(-np.asarray(z)))))))
    assert "s should be a numpy array (2,), got a list" in as_list
    cost_array = str(check("c1w3.compute_cost", lambda A2, Y: np.array([[c1w3.compute_cost(A2, Y)]])))
    assert "cost should be a number, got an ndarray of shape (1, 1): return a number" in cost_array
    missing = str(check("c1w3.backward_propagation",
                        lambda *a: {k: v for k, v in c1w3.backward_propagation(*a).items() if k != "db2"}))
    assert "grads has no key 'db2'" in missing


def test_changing_an_argument_in_place_is_reported():
    def propagate(w, b, X, Y):
        X *= 1.0  # harmless here, but it changes the caller's array
        X[0, 0] += 1.0
        X[0, 0] -= 1.0
        Y[...] = Y
        w += 0.5
        return c1w2.propagate(w - 0.5, b, X, Y)

    text = str(check("propagate", propagate))
    assert "changed its argument w in place" in text


def test_update_parameters_may_work_in_place():
    def update_parameters(params, grads, learning_rate):
        for key in params:
            params[key] -= learning_rate * grads["d" + key]
        return params

    assert check("c1w4.update_parameters", update_parameters)


def test_names_with_and_without_their_week():
    ambiguous = check("compute_cost", c1w4.compute_cost)
    assert not ambiguous
    assert "'c1w3.compute_cost', 'c1w4.compute_cost'" in str(ambiguous)
    assert check("c1w4.compute_cost", c1w4.compute_cost)
    assert check("C1W4.L_MODEL_FORWARD", c1w4.L_model_forward)
    assert find("linear_forward").name == "c1w4.linear_forward"
    unknown = str(check("propagation", c1w2.propagate))
    assert "no exercise called 'propagation'" in unknown and "did you mean 'propagate'" in unknown
    assert "pass the function itself" in str(check("sigmoid", "sigmoid"))
    assert reference("c1w2.sigmoid")(0.0) == 0.5


def test_result_text_for_a_terminal_and_for_jupyterlab():
    passed = check("sigmoid", c1w2.sigmoid)
    assert str(passed).startswith("c1w2.sigmoid: PASSED") and "<" not in str(passed)
    assert repr(passed) == str(passed)
    failed = check("predict", lambda w, b, X: 1 / (1 + np.exp(-(w.T @ X + b))))
    page = failed._repr_html_()
    assert "c1w2.predict: FAILED" in page and "probabilities instead of labels" in page
    assert "<li>" in page and "A &gt; 0.5" in page  # escaped


def test_numpy_warnings_in_learner_code_do_not_raise():
    # np.exp overflows for z = -1000 (a RuntimeWarning, an error under this project's pytest settings)
    assert check("sigmoid", lambda z: 1 / (1 + np.exp(-z)))


def test_every_exercise_has_its_solution_for_the_solution_notebooks():
    import importlib

    for name in EXERCISES:
        week, function = name.split(".")
        assert callable(getattr(importlib.import_module(f"dlnotes.exercises.solutions.{week}"), function, None)), name


def test_check_never_raises_even_for_odd_functions():
    import sys

    def leaves(*args, **kwargs):
        sys.exit(3)

    def recursive(*args, **kwargs):
        return recursive(*args, **kwargs)

    odd = [len, leaves, recursive, lambda *a, **k: {1, 2}, lambda *a, **k: object(), lambda *a, **k: (np.inf,) * 5]
    for name in ("propagate", "c1w3.nn_model", "update_parameters_with_adam", "gradient_check_n"):
        for fn in odd:
            result = check(name, fn)
            assert not result and str(result)
