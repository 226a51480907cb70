"""gradient_check_n written the course's way runs unchanged in notebooks/c2w1_gradient_checking.ipynb.

The learner's function finds its helpers in the notebook's globals, so each version below is executed
in a namespace made by running the notebook's own first code cell (its imports), as a learner's would be.
The versions are the solution's, edited into the shape of the course's 2018 and 2021 templates.
"""

import inspect
from pathlib import Path

import nbformat
import pytest

from dlnotes.exercises.solutions import c2w1 as sol

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "c2w1_gradient_checking.ipynb"


def edited(source, *edits):
    """source with each (old, new) pair replaced; every old text must be there."""
    for old, new in edits:
        assert old in source, old
        source = source.replace(old, new)
    return source


# the solution (the notebook's solution cell) is the 2021 template solved, but for the difference, which it
# takes from the package; the learner writes it out
SOLUTION = inspect.getsource(sol.gradient_check_n)
TEMPLATE_2021 = edited(
    SOLUTION, ("    difference = d.relative_difference(grad, gradapprox)\n",
               "    numerator = np.linalg.norm(grad - gradapprox)\n"
               "    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)\n"
               "    difference = numerator / denominator\n"))
# 2018: no print_msg, thetaplus[i][0] and thetaminus[i][0] (column vectors indexed twice), a coloured verdict
TEMPLATE_2018 = edited(
    TEMPLATE_2021, ("epsilon=1e-7, print_msg=False", "epsilon = 1e-7"),
    ("theta_plus", "thetaplus"), ("theta_minus", "thetaminus"),
    ("thetaplus[i] = thetaplus[i]", "thetaplus[i][0] = thetaplus[i][0]"),
    ("thetaminus[i] = thetaminus[i]", "thetaminus[i][0] = thetaminus[i][0]"),
    ('    if print_msg:\n        print(f"difference = {difference:.1e}")\n',
     '    if difference > 2e-7:\n'
     '        print("\\033[93m" + "backward propagation has a mistake, difference = " + str(difference) + "\\033[0m")\n'
     '    else:\n'
     '        print("\\033[92m" + "backward propagation works, difference = " + str(difference) + "\\033[0m")\n'))

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
ONE_SIDED_2021 = edited(
    TEMPLATE_2021, ("    J_minus = np.zeros((num_parameters, 1))\n",
                    "    J, _ = forward_propagation_n(X, Y, vector_to_dictionary(parameters_values))\n"),
    ("        theta_minus = np.copy(parameters_values)\n"
     "        theta_minus[i] = theta_minus[i] - epsilon\n"
     "        J_minus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_minus))\n", ""),
    ("(J_plus[i] - J_minus[i]) / (2 * epsilon)", "(J_plus[i] - J) / epsilon"))


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


@pytest.mark.parametrize("source", [TEMPLATE_2018, TEMPLATE_2021, SOLUTION, PACKAGE_NAMES],
                         ids=["2018", "2021", "solution", "dlnotes"])
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
