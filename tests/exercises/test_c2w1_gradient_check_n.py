"""gradient_check_n written the course's way runs unchanged in notebooks/c2w1_gradient_checking.ipynb.

The learner's function finds its helpers in the notebook's globals, so each version below is executed
in a namespace made by running the notebook's own first code cell (its imports), as a learner's would be.
The versions are written here in the shape of the course's 2018 and 2021 templates.
"""

from pathlib import Path

import nbformat
import pytest

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "c2w1_gradient_checking.ipynb"

TEMPLATE_2018 = '''
def gradient_check_n(parameters, gradients, X, Y, epsilon = 1e-7):
    parameters_values, _ = dictionary_to_vector(parameters)
    grad = gradients_to_vector(gradients)
    num_parameters = parameters_values.shape[0]
    J_plus = np.zeros((num_parameters, 1))
    J_minus = np.zeros((num_parameters, 1))
    gradapprox = np.zeros((num_parameters, 1))
    for i in range(num_parameters):
        thetaplus = np.copy(parameters_values)
        thetaplus[i][0] = thetaplus[i][0] + epsilon
        J_plus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(thetaplus))
        thetaminus = np.copy(parameters_values)
        thetaminus[i][0] = thetaminus[i][0] - epsilon
        J_minus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(thetaminus))
        gradapprox[i] = (J_plus[i] - J_minus[i]) / (2 * epsilon)
    numerator = np.linalg.norm(grad - gradapprox)
    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
    difference = numerator / denominator
    if difference > 2e-7:
        print("\\033[93m" + "backward propagation has a mistake, difference = " + str(difference) + "\\033[0m")
    else:
        print("\\033[92m" + "backward propagation works, difference = " + str(difference) + "\\033[0m")
    return difference
'''

TEMPLATE_2021 = '''
def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    parameters_values, _ = dictionary_to_vector(parameters)
    grad = gradients_to_vector(gradients)
    num_parameters = parameters_values.shape[0]
    J_plus = np.zeros((num_parameters, 1))
    J_minus = np.zeros((num_parameters, 1))
    gradapprox = np.zeros((num_parameters, 1))
    for i in range(num_parameters):
        theta_plus = np.copy(parameters_values)
        theta_plus[i] = theta_plus[i] + epsilon
        J_plus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_plus))
        theta_minus = np.copy(parameters_values)
        theta_minus[i] = theta_minus[i] - epsilon
        J_minus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_minus))
        gradapprox[i] = (J_plus[i] - J_minus[i]) / (2 * epsilon)
    numerator = np.linalg.norm(grad - gradapprox)
    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
    difference = numerator / denominator
    if print_msg:
        print("difference = " + str(difference))
    return difference
'''

# the dlnotes names: the core's vector helpers (vector_to_parameters takes the parameters as its shape guide)
PACKAGE_NAMES = '''
def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    theta = parameters_to_vector(parameters)
    grad = gradients_to_vector(gradients)
    gradapprox = np.zeros_like(theta)
    for i in range(theta.shape[0]):
        plus, minus = np.copy(theta), np.copy(theta)
        plus[i] += epsilon
        minus[i] -= epsilon
        J_plus, _ = forward_propagation_n(X, Y, vector_to_parameters(plus, parameters))
        J_minus, _ = forward_propagation_n(X, Y, vector_to_parameters(minus, parameters))
        gradapprox[i] = (J_plus - J_minus) / (2 * epsilon)
    return np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad) + np.linalg.norm(gradapprox))
'''

# the 2021 template with the one-sided difference (J(theta + epsilon) - J(theta)) / epsilon
ONE_SIDED_2021 = '''
def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    parameters_values, _ = dictionary_to_vector(parameters)
    grad = gradients_to_vector(gradients)
    num_parameters = parameters_values.shape[0]
    J, _ = forward_propagation_n(X, Y, vector_to_dictionary(parameters_values))
    J_plus = np.zeros((num_parameters, 1))
    gradapprox = np.zeros((num_parameters, 1))
    for i in range(num_parameters):
        theta_plus = np.copy(parameters_values)
        theta_plus[i] = theta_plus[i] + epsilon
        J_plus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_plus))
        gradapprox[i] = (J_plus[i] - J) / epsilon
    numerator = np.linalg.norm(grad - gradapprox)
    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
    return numerator / denominator
'''


def notebook_namespace():
    """A fresh namespace after the notebook's first code cell (its imports), as in a learner's kernel."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    first = next(c for c in nb.cells if c.cell_type == "code")
    namespace = {"__name__": "__main__"}
    exec(compile(first.source, "first cell", "exec"), namespace)
    return namespace


def learner_function(source):
    namespace = notebook_namespace()
    exec(compile(source, "learner cell", "exec"), namespace)
    return namespace["check"], namespace["gradient_check_n"]


@pytest.mark.parametrize("source", [TEMPLATE_2018, TEMPLATE_2021, PACKAGE_NAMES], ids=["2018", "2021", "dlnotes"])
def test_a_correct_gradient_check_n_passes_in_the_notebook(source):
    check, gradient_check_n = learner_function(source)
    result = check("gradient_check_n", gradient_check_n)
    assert result, str(result)


def test_a_one_sided_difference_fails_with_the_mistake_named():
    check, gradient_check_n = learner_function(ONE_SIDED_2021)
    result = check("gradient_check_n", gradient_check_n)
    assert not result
    assert "one-sided difference" in str(result), str(result)


def test_the_notebook_gives_the_course_helpers():
    namespace = notebook_namespace()
    for name in ("forward_propagation_n", "dictionary_to_vector", "vector_to_dictionary", "gradients_to_vector",
                 "parameters_to_vector", "vector_to_parameters"):
        assert callable(namespace.get(name)), name
