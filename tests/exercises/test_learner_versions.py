"""Issue 19: correct learner code from any version of the course's templates passes; the holes are closed.

The learner functions here are written the way the course's templates shape them (their asserts, their
earlier signatures, their `X = None` placeholders), each with correct maths unless a test says otherwise.
"""

import numpy as np
import pytest

import dlnotes.exercises as ex
from dlnotes.exercises import check
from dlnotes.exercises.checker import Case, Exercise
from dlnotes.exercises.solutions import c1w2, c1w3, c2w1, c2w2


# --------------------------------------------------------------------------- the four causes of the issue
def forward_propagation(X, parameters):
    W1, b1, W2, b2 = parameters["W1"], parameters["b1"], parameters["W2"], parameters["b2"]
    Z1 = np.dot(W1, X) + b1
    A1 = np.tanh(Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = 1 / (1 + np.exp(-Z2))
    assert A2.shape == (1, X.shape[1])  # the course's template ends with this line
    cache = {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
    return A2, cache


def test_cause_1_the_template_assert_on_A2_holds_in_every_case():
    result = check("c1w3.forward_propagation", forward_propagation)
    assert result, str(result)


def test_every_forward_propagation_case_has_the_course_output_shape():
    exercise = ex.EXERCISES["c1w3.forward_propagation"]
    for case in exercise.cases(np.random.default_rng(0)):
        X, parameters = case.args
        assert parameters["W2"].shape[0] == 1, case.label


def compute_cost_2017(A2, Y, parameters):
    m = Y.shape[1]
    W1 = parameters["W1"]  # the 2017-2020 template fetched these and never used them
    W2 = parameters["W2"]
    logprobs = np.multiply(np.log(A2), Y) + np.multiply(np.log(1 - A2), 1 - Y)
    cost = -np.sum(logprobs) / m
    cost = float(np.squeeze(cost))
    assert isinstance(cost, float) and W1.shape[0] == W2.shape[1]
    return cost


def test_cause_2_the_2017_compute_cost_signature_is_accepted_and_named():
    result = check("c1w3.compute_cost", compute_cost_2017)
    assert result, str(result)
    assert "compute_cost(A2, Y, parameters)" in str(result) and "2017" in str(result)


def test_the_2017_compute_cost_signature_still_gets_its_mistakes_named():
    def compute_cost(A2, Y, parameters):
        return float(-np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)))  # the 1/m missing
    result = check("c1w3.compute_cost", compute_cost)
    assert not result and "the 1/m missing" in str(result), str(result)


def initialize_with_zeros(dim):
    w = np.zeros((dim, 1))
    b = 0
    assert w.shape == (dim, 1)
    assert isinstance(b, float) or isinstance(b, int)  # the pre-2021 template allowed an int
    return w, b


def test_cause_3_b_as_the_int_0_is_a_note_not_a_failure():
    result = check("initialize_with_zeros", initialize_with_zeros)
    assert result, str(result)
    assert "0.0" in str(result) and "int" in str(result)


def adam_pre_2021(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999, epsilon=1e-8,
                  eps_inside=False, beta1_in_s=False):
    L = len(parameters) // 2
    v_corrected, s_corrected = {}, {}
    for layer in range(L):
        for p in ("W", "b"):
            key = f"d{p}{layer + 1}"
            v[key] = beta1 * v[key] + (1 - beta1) * grads[key]
            v_corrected[key] = v[key] / (1 - beta1 ** t)
            beta = beta1 if beta1_in_s else beta2
            s[key] = beta * s[key] + (1 - beta) * grads[key] ** 2
            s_corrected[key] = s[key] / (1 - beta2 ** t)
            root = np.sqrt(s_corrected[key] + epsilon) if eps_inside else np.sqrt(s_corrected[key]) + epsilon
            parameters[f"{p}{layer + 1}"] = parameters[f"{p}{layer + 1}"] - learning_rate * v_corrected[key] / root
    return parameters, v, s


def test_cause_4_the_pre_2021_adam_returning_parameters_v_s_is_accepted_and_named():
    result = check("update_parameters_with_adam", adam_pre_2021)
    assert result, str(result)
    assert "(parameters, v, s)" in str(result) and "2021" in str(result)


def test_cause_4_a_real_bug_in_the_pre_2021_adam_is_reached_and_named():
    def adam(*a, **k):
        return adam_pre_2021(*a, **k, eps_inside=True)
    result = check("update_parameters_with_adam", adam)
    assert not result and "epsilon inside the square root" in str(result), str(result)


# --------------------------------------------------------------------------- the learner's own habits
def test_extra_prints_pass_and_do_not_flood_the_output(capsys):
    def propagate(w, b, X, Y):
        print("A =", 1 / (1 + np.exp(-(w.T @ X + b))))
        return c1w2.propagate(w, b, X, Y)
    result = check("propagate", propagate)
    assert result, str(result)
    assert "A =" not in capsys.readouterr().out


def test_a_learner_seed_does_not_leak_into_the_notebook():
    np.random.seed(123)
    before = np.random.get_state()[1].copy()

    def initialize_parameters(n_x, n_h, n_y):
        np.random.seed(2)  # the 2017 template's own seed
        return c1w3.initialize_parameters(n_x, n_h, n_y)
    assert check("c1w3.initialize_parameters", initialize_parameters)
    assert np.array_equal(np.random.get_state()[1], before)


# --------------------------------------------------------------------------- holes closed: nn_model
def _nn_model(iterations=lambda n: n, learning_rate=1.2):
    def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False):
        np.random.seed(3)
        n_x, n_y = X.shape[0], Y.shape[0]
        parameters = c1w3.initialize_parameters(n_x, n_h, n_y)
        for i in range(iterations(num_iterations)):
            A2, cache = c1w3.forward_propagation(X, parameters)
            cost = c1w3.compute_cost(A2, Y)
            grads = c1w3.backward_propagation(parameters, cache, X, Y)
            parameters = c1w3.update_parameters(parameters, grads, learning_rate)
            if print_cost and i % 1000 == 0:
                print(f"Cost after iteration {i}: {cost}")
        return parameters
    return nn_model


def test_nn_model_with_its_own_seed_passes():
    result = check("nn_model", _nn_model())
    assert result, str(result)


def test_nn_model_running_a_fiftieth_of_the_iterations_fails_with_that_said():
    result = check("nn_model", _nn_model(iterations=lambda n: n // 50))
    assert not result
    assert "iterations" in str(result) and "1/50" in str(result), str(result)


def test_nn_model_with_a_wrong_learning_rate_fails_with_that_said():
    result = check("nn_model", _nn_model(learning_rate=0.5))
    assert not result
    assert "learning rate" in str(result) and "0.5" in str(result), str(result)


# --------------------------------------------------------------------------- holes closed: gradient_check_n
def test_a_one_sided_difference_fails_and_is_named():
    def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
        theta, _ = c2w1.dictionary_to_vector(parameters)
        grad = c2w1.gradients_to_vector(gradients)
        J, _ = c2w1.forward_propagation_n(X, Y, c2w1.vector_to_dictionary(theta))
        approx = np.zeros_like(theta)
        for i in range(theta.shape[0]):
            plus = np.copy(theta)
            plus[i] += epsilon
            approx[i] = (c2w1.forward_propagation_n(X, Y, c2w1.vector_to_dictionary(plus))[0] - J) / epsilon
        return np.linalg.norm(grad - approx) / (np.linalg.norm(grad) + np.linalg.norm(approx))
    result = check("gradient_check_n", gradient_check_n)
    assert not result
    assert "one-sided difference" in str(result) and "2ε" in str(result), str(result)


# --------------------------------------------------------------------------- holes closed: outputs in computation order
def test_adam_with_beta1_in_the_s_line_names_s_first_and_v_right():
    def adam(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999, epsilon=1e-8):
        p, v, s = adam_pre_2021(parameters, grads, v, s, t, learning_rate, beta1, beta2, epsilon, beta1_in_s=True)
        vc = {k: x / (1 - beta1 ** t) for k, x in v.items()}
        sc = {k: x / (1 - beta2 ** t) for k, x in s.items()}
        return p, v, s, vc, sc
    text = str(check("update_parameters_with_adam", adam))
    assert "v right, v_corrected right, s wrong" in text, text
    first_problem = next(line for line in text.splitlines() if "wrong values" in line)
    assert first_problem.strip().startswith("s["), text


def test_the_order_of_computation_is_given_for_adam():
    assert ex.EXERCISES["c2w2.update_parameters_with_adam"].order == (
        "v", "v_corrected", "s", "s_corrected", "parameters")


# --------------------------------------------------------------------------- holes closed: names and stubs
def _fake_week3_predict():
    """A stand-in for week 3's predict(parameters, X), which another change adds to the registry."""
    def reference(parameters, X):
        A2, _ = c1w3.forward_propagation(X, parameters)
        return (A2 > 0.5).astype(float)

    def cases(rng):
        parameters = {"W1": rng.standard_normal((4, 2)), "b1": np.zeros((4, 1)),
                      "W2": rng.standard_normal((1, 4)), "b2": np.zeros((1, 1))}
        return [Case("X (2, 3)", (parameters, rng.standard_normal((2, 3))))]
    return Exercise("c1w3.predict", reference, cases, outputs="predictions")


def test_a_name_whose_signature_fits_another_week_says_did_you_mean(monkeypatch):
    monkeypatch.setitem(ex.EXERCISES, "c1w3.predict", _fake_week3_predict())

    def predict(parameters, X):
        A2, _ = c1w3.forward_propagation(X, parameters)
        return (A2 > 0.5).astype(float)
    qualified = check("c1w2.predict", predict)
    assert not qualified and "did you mean c1w3.predict?" in str(qualified), str(qualified)
    assert "TypeError" not in str(qualified)
    unqualified = check("predict", predict)  # two weeks have a predict: the signature chooses
    assert unqualified and unqualified.name == "c1w3.predict", str(unqualified)
    assert check("predict", c1w2.predict).name == "c1w2.predict"


def test_the_course_empty_template_is_not_implemented_yet():
    def propagate(w, b, X, Y):
        m = X.shape[1]  # noqa: F841  (the template computes it for the learner)
        # YOUR CODE HERE
        A = None  # noqa: F841
        cost = None
        dw = None
        db = None
        cost = np.squeeze(np.array(cost))
        grads = {"dw": dw, "db": db}
        return grads, cost

    def initialize_parameters(n_x, n_h, n_y):
        # YOUR CODE HERE
        W1 = None
        b1 = None
        W2 = None
        b2 = None
        assert W1.shape == (n_h, n_x)
        return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}

    def sigmoid(z):
        # YOUR CODE HERE
        return s  # noqa: F821  (the template's name, never assigned)

    for name, fn in (("propagate", propagate), ("c1w3.initialize_parameters", initialize_parameters),
                     ("sigmoid", sigmoid)):
        result = check(name, fn)
        assert result.status == "not implemented", str(result)
        assert "NameError" not in str(result) and "AttributeError" not in str(result)


def test_a_typo_is_still_an_error_with_its_line():
    def sigmoid(z):
        s = 1 / (1 + np.exp(-zz))  # noqa: F821
        return s
    result = check("sigmoid", sigmoid)
    assert result.status == "failed" and "NameError" in str(result) and "zz" in str(result)


@pytest.mark.parametrize("name, fn", [("update_parameters_with_adam", c2w2.update_parameters_with_adam),
                                      ("c1w3.forward_propagation", c1w3.forward_propagation),
                                      ("c1w3.nn_model", c1w3.nn_model), ("gradient_check_n", c2w1.gradient_check_n)])
def test_the_solutions_still_pass(name, fn):
    result = check(name, fn)
    assert result, str(result)


# --------------------------------------------------------------------------- more of the course's versions
def test_the_2017_L_model_backward_keys_of_dA_pass():
    """Before 2020 the template stored the output layer's dA_prev under "dA" + str(L) (later "dA" + str(L-1)),
    and each hidden layer's under "dA" + str(l + 1): every dA key one higher than today's."""
    from dlnotes.exercises.solutions import c1w4

    def L_model_backward(AL, Y, caches):
        grads = c1w4.L_model_backward(AL, Y, caches)
        return {f"dA{int(key[2:]) + 1}" if key.startswith("dA") else key: g for key, g in grads.items()}
    result = check("L_model_backward", L_model_backward)
    assert result, str(result)


def test_the_2017_dropout_masks_as_booleans_pass():
    def forward_propagation_with_dropout(X, parameters, keep_prob=0.5):
        np.random.seed(1)  # the 2017 template's own seed
        W1, b1, W2, b2, W3, b3 = (parameters[k] for k in ("W1", "b1", "W2", "b2", "W3", "b3"))
        Z1 = np.dot(W1, X) + b1
        A1 = np.maximum(0, Z1)
        D1 = np.random.rand(A1.shape[0], A1.shape[1]) < keep_prob  # a boolean mask
        A1 = A1 * D1 / keep_prob
        Z2 = np.dot(W2, A1) + b2
        A2 = np.maximum(0, Z2)
        D2 = np.random.rand(A2.shape[0], A2.shape[1]) < keep_prob
        A2 = A2 * D2 / keep_prob
        Z3 = np.dot(W3, A2) + b3
        A3 = 1 / (1 + np.exp(-Z3))
        return A3, (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)
    result = check("forward_propagation_with_dropout", forward_propagation_with_dropout)
    assert result, str(result)


def test_a_learning_rate_a_learner_added_to_nn_model_gets_the_course_value():
    def nn_model(X, Y, n_h, learning_rate, num_iterations=10000, print_cost=False):
        return _nn_model(learning_rate=learning_rate)(X, Y, n_h, num_iterations, print_cost)
    result = check("nn_model", nn_model)
    assert result and "learning_rate=1.2" in str(result), str(result)


def test_parameter_names_choose_between_two_weeks_of_the_same_arity(monkeypatch):
    def reference(x, theta):
        return theta * x
    one_d = Exercise("c2w1.forward_propagation", reference,
                     lambda rng: [Case("x = 2, theta = 4", (2.0, 4.0))], outputs="J")
    monkeypatch.setitem(ex.EXERCISES, "c2w1.forward_propagation", one_d)

    def forward_propagation(x, theta):
        return theta * x
    assert check("forward_propagation", forward_propagation).name == "c2w1.forward_propagation"
    assert check("forward_propagation", c1w3.forward_propagation).name == "c1w3.forward_propagation"


def test_initialize_parameters_random_without_the_10_is_named():
    def initialize_parameters_random(layers_dims):
        return {k: v / 10 if k[0] == "W" else v for k, v in c2w1.initialize_parameters_random(layers_dims).items()}
    result = check("initialize_parameters_random", initialize_parameters_random)
    assert not result and "the * 10 missing" in str(result), str(result)


def _unseeded_nn_model(fraction=1):
    def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False):
        rng = np.random.default_rng()  # draws that no np.random.seed repeats
        parameters = {"W1": rng.standard_normal((n_h, X.shape[0])) * 0.01, "b1": np.zeros((n_h, 1)),
                      "W2": rng.standard_normal((Y.shape[0], n_h)) * 0.01, "b2": np.zeros((Y.shape[0], 1))}
        for _ in range(num_iterations // fraction):
            A2, cache = c1w3.forward_propagation(X, parameters)
            parameters = c1w3.update_parameters(parameters, c1w3.backward_propagation(parameters, cache, X, Y))
        return parameters
    return nn_model


def test_an_nn_model_whose_initialization_does_not_repeat_is_checked_on_the_cost_it_reaches():
    assert check("nn_model", _unseeded_nn_model())
    result = check("nn_model", _unseeded_nn_model(fraction=50))
    assert not result and "the cost after 150 iterations" in str(result), str(result)


def test_optimize_updating_w_in_place_passes_with_a_note():
    """The 2018 template had no copy of w: w -= learning_rate * dw gives the right results, and changes the
    caller's w."""
    def optimize(w, b, X, Y, num_iterations, learning_rate, print_cost=False):
        costs = []
        for i in range(num_iterations):
            grads, cost = c1w2.propagate(w, b, X, Y)
            w -= learning_rate * grads["dw"]
            b -= learning_rate * grads["db"]
            if i % 100 == 0:
                costs.append(cost)
        return {"w": w, "b": b}, grads, costs
    result = check("optimize", optimize)
    assert result and "changed its argument w in place" in str(result), str(result)


def test_thetaminus_made_from_thetaplus_is_named():
    def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7):
        theta, _ = c2w1.dictionary_to_vector(parameters)
        grad = c2w1.gradients_to_vector(gradients)
        approx = np.zeros_like(theta)
        for i in range(theta.shape[0]):
            thetaplus = np.copy(theta)
            thetaplus[i][0] = thetaplus[i][0] + epsilon
            J_plus, _ = c2w1.forward_propagation_n(X, Y, c2w1.vector_to_dictionary(thetaplus))
            thetaminus = np.copy(theta)
            thetaminus[i][0] = thetaplus[i][0] - epsilon  # the bug: theta + epsilon - epsilon
            J_minus, _ = c2w1.forward_propagation_n(X, Y, c2w1.vector_to_dictionary(thetaminus))
            approx[i] = (J_plus - J_minus) / (2 * epsilon)
        return np.linalg.norm(grad - approx) / (np.linalg.norm(grad) + np.linalg.norm(approx))
    result = check("gradient_check_n", gradient_check_n)
    assert not result and "thetaminus made from thetaplus" in str(result), str(result)


def test_the_week_4_template_asserts_hold_in_every_case():
    """L_model_forward's template ends with assert(AL.shape == (1, X.shape[1])); linear_backward's with
    assert(db.shape == b.shape): correct code with them passes."""
    from dlnotes.exercises.solutions import c1w4

    def L_model_forward(X, parameters):
        AL, caches = c1w4.L_model_forward(X, parameters)
        assert AL.shape == (1, X.shape[1])
        return AL, caches

    def linear_backward(dZ, cache):
        dA_prev, dW, db = c1w4.linear_backward(dZ, cache)
        assert dA_prev.shape == cache[0].shape and dW.shape == cache[1].shape and db.shape == cache[2].shape
        return dA_prev, dW, db
    for name, fn in (("L_model_forward", L_model_forward), ("linear_backward", linear_backward)):
        result = check(name, fn)
        assert result, str(result)


def test_nn_model_ignoring_num_iterations_is_told_so():
    result = check("nn_model", _nn_model(iterations=lambda n: 300))
    assert not result and "ignores num_iterations" in str(result), str(result)
