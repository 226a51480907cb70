"""Course 2 week 1: initialization (zeros, random * 10, He), L2 regularization, dropout, gradient
checking, on the course's 3-layer network LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID.

The course's caches: (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3), and with dropout
(Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3) where D1, D2 are 0/1 masks and A1, A2
already dropped out and divided by keep_prob.  The references call the dlnotes core.
"""

from __future__ import annotations

import numpy as np

import dlnotes as d

from . import common as c
from .spec import Case, Exercise, Mistake

WEEK = "c2w1"


# --------------------------------------------------------------------------- initializations
def _init_cases(rng):
    return [Case("public test: [3, 2, 1]", ([3, 2, 1],)), Case("public test: [2, 4, 1]", ([2, 4, 1],)),
            Case("layers [300, 100, 50, 1] (to measure the draws' statistics)", ([300, 100, 50, 1],))]


def _init(method, scale=1.0):
    return lambda dims, rng: d.initialize_parameters(dims, method, seed=c.seed_from(rng), scale=scale)


def _transposed(params):
    return {k: v.T if k.startswith("W") else v for k, v in params.items()}


INITIALIZE_PARAMETERS_ZEROS = Exercise(
    f"{WEEK}.initialize_parameters_zeros", lambda dims: d.initialize_parameters(dims, "zeros"),
    lambda rng: [Case("public test: [3, 2, 1]", ([3, 2, 1],)), Case("layers [4, 5, 3, 1]", ([4, 5, 3, 1],))],
    outputs="parameters",
    mistakes=(
        Mistake("W of shape (n[l-1], n[l])", "W[l] is np.zeros((layers_dims[l], layers_dims[l-1]))",
                lambda dims: _transposed(d.initialize_parameters(dims, "zeros"))),
        Mistake("b of shape (n[l],) (rank 1)", "b[l] is a column: np.zeros((layers_dims[l], 1))",
                lambda dims: {k: v[:, 0] if k.startswith("b") else v
                              for k, v in d.initialize_parameters(dims, "zeros").items()}),
    ))

INITIALIZE_PARAMETERS_RANDOM = Exercise(
    f"{WEEK}.initialize_parameters_random", _init("random", 10.0), _init_cases, outputs="parameters", random=True,
    summarize=lambda p, case: c.init_summary(p),
    mistakes=(
        Mistake("np.random.rand instead of np.random.randn", "draw from the standard normal: "
                "np.random.randn(layers_dims[l], layers_dims[l-1]) * 10",
                lambda dims, rng: c.gaussian_init(dims, lambda n, p: 10.0, rng, draw="rand")),
        Mistake("randn * 0.01 instead of randn * 10", "this exercise shows what large weights do: multiply by 10",
                _init("random", 0.01)),
        Mistake("the * 10 missing", "this exercise shows what large weights do: np.random.randn(...) * 10",
                _init("random", 1.0)),
    ))

INITIALIZE_PARAMETERS_HE = Exercise(
    f"{WEEK}.initialize_parameters_he", _init("he"), _init_cases, outputs="parameters", random=True,
    summarize=lambda p, case: c.init_summary(p),
    mistakes=(
        Mistake("sqrt(1/n[l-1]) instead of He's sqrt(2/n[l-1])", "He initialization scales by "
                "np.sqrt(2 / layers_dims[l-1]); sqrt(1/n) is Xavier's", _init("xavier")),
        Mistake("sqrt(2/n[l]) with the layer's own size", "scale by the size of the previous layer: "
                "np.sqrt(2 / layers_dims[l-1])",
                lambda dims, rng: c.gaussian_init(dims, lambda n, p: np.sqrt(2 / n), rng)),
        Mistake("np.random.rand instead of np.random.randn", "draw from the standard normal: np.random.randn",
                lambda dims, rng: c.gaussian_init(dims, lambda n, p: np.sqrt(2 / p), rng, draw="rand")),
    ))


# --------------------------------------------------------------------------- L2 regularization
def _three_layer(rng, n_x, m, dims=(2, 3, 1)):
    X = rng.standard_normal((n_x, m))
    return X, c.labels(rng, m), c.random_parameters(rng, [n_x, *dims])


def _course_cache(X, caches):
    out = ()
    for lc in caches:
        out += (lc.Z, lc.A, lc.W, lc.b)
    return out


def _reg_cost_cases(rng):
    out = []
    for label, (n_x, m, lambd) in (("the course's shapes: X (3, 5), lambd = 0.1", (3, 5, 0.1)),
                                   ("one example, lambd = 0.7", (4, 1, 0.7))):
        X, Y, params = _three_layer(rng, n_x, m)
        out.append(Case(label, (d.forward(X, params)[0], Y, params, lambd)))
    return out


def _reg_cost(A3, Y, parameters, lambd, norm=lambda W: np.sum(np.square(W)), factor=0.5):
    m = Y.shape[1]
    return d.compute_cost(A3, Y) + factor * lambd / m * sum(norm(parameters[f"W{i}"]) for i in (1, 2, 3))


COMPUTE_COST_WITH_REGULARIZATION = Exercise(
    f"{WEEK}.compute_cost_with_regularization",
    lambda A3, Y, parameters, lambd: d.compute_cost(A3, Y, parameters, lambd),
    _reg_cost_cases, outputs="cost",
    mistakes=(
        Mistake("the L1 norm (sum |W|) instead of the squared Frobenius norm", "L2 regularization adds "
                "lambd/(2m) * sum of np.sum(np.square(W)) over W1, W2, W3",
                lambda *a: _reg_cost(*a, norm=lambda W: np.sum(np.abs(W)))),
        Mistake("lambd/m instead of lambd/(2m)", "the L2 term is (1/m) * (lambd/2) * sum ||W||^2",
                lambda *a: _reg_cost(*a, factor=1.0)),
        Mistake("the Frobenius norm not squared", "sum the squares: np.sum(np.square(W)), no square root",
                lambda *a: _reg_cost(*a, norm=np.linalg.norm)),
    ))


def _backward_reg_cases(rng):
    out = []
    for label, (n_x, m, lambd) in (("the course's shapes: X (3, 5), lambd = 0.7", (3, 5, 0.7)),
                                   ("one example, lambd = 0.1", (4, 1, 0.1))):
        X, Y, params = _three_layer(rng, n_x, m)
        out.append(Case(label, (X, Y, _course_cache(X, d.forward(X, params)[1]), lambd)))
    return out


def _backward_reg(X, Y, cache, lambd):
    layers = [(X, cache[2], cache[3], cache[0]), (cache[1], cache[6], cache[7], cache[4]),
              (cache[5], cache[10], cache[11], cache[8])]
    return d.backward(cache[9], Y, c.layer_caches(layers, "relu"), lambd=lambd)


def _reg_variant(X, Y, cache, lambd, dW_factor=1.0, db_term=False):
    """The reference's gradients with the L2 term lambd/m W replaced by dW_factor * lambd/m W."""
    grads = _backward_reg(X, Y, cache, lambd)
    m = X.shape[1]
    for i, (W, b) in enumerate(((cache[2], cache[3]), (cache[6], cache[7]), (cache[10], cache[11])), start=1):
        grads[f"dW{i}"] = grads[f"dW{i}"] + (dW_factor - 1.0) * lambd / m * W
        if db_term:
            grads[f"db{i}"] = grads[f"db{i}"] + lambd / m * b
    return grads


BACKWARD_PROPAGATION_WITH_REGULARIZATION = Exercise(
    f"{WEEK}.backward_propagation_with_regularization", _backward_reg, _backward_reg_cases, outputs="gradients",
    mistakes=(
        Mistake("lambd/(2m) * W instead of lambd/m * W", "the derivative of (lambd/(2m)) ||W||^2 is (lambd/m) W",
                lambda *a: _reg_variant(*a, dW_factor=0.5)),
        Mistake("lambd * W without the 1/m", "add (lambd / m) * W to each dW",
                lambda X, Y, cache, lambd: _reg_variant(X, Y, cache, lambd, dW_factor=X.shape[1])),
        Mistake("the L2 term added to db too", "only the weights are regularized: db is unchanged",
                lambda *a: _reg_variant(*a, db_term=True)),
    ))


# --------------------------------------------------------------------------- dropout
def _forward_dropout(X, parameters, keep_prob=0.5, *, rng):
    """The course's result (A3, cache) from d.forward's inverted dropout."""
    A3, caches = d.forward(X, parameters, keep_prob=keep_prob, rng=rng)
    out = ()
    for layer, lc in enumerate(caches):
        if lc.D is None:
            out += (lc.Z, lc.A, lc.W, lc.b)
        else:  # the core keeps D / keep_prob and the next layer's input, A * D / keep_prob
            out += (lc.Z, (lc.D > 0).astype(int), caches[layer + 1].A_prev, lc.W, lc.b)
    return A3, out


def _dropout_variant(X, parameters, keep_prob=0.5, *, rng, draw="rand", above=False, divide=True):
    """The 3-layer dropout forward pass with a planted mistake in the masks or the scaling."""
    def drop(Z):
        u = rng.standard_normal(Z.shape) if draw == "randn" else rng.random(Z.shape)
        D = (u > keep_prob if above else u < keep_prob).astype(int)
        return D, d.relu(Z) * D / (keep_prob if divide else 1.0)

    W1, b1, W2, b2, W3, b3 = (parameters[k] for k in ("W1", "b1", "W2", "b2", "W3", "b3"))
    Z1 = W1 @ X + b1
    D1, A1 = drop(Z1)
    Z2 = W2 @ A1 + b2
    D2, A2 = drop(Z2)
    Z3 = W3 @ A2 + b3
    A3 = d.sigmoid(Z3)
    return A3, (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)


def _dropout_summary(result, case):
    """Statistics of the masks and the consistency of the learner's own cache."""
    X, kp = case.args[0], case.kwargs["keep_prob"]
    A3, (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, _, W3, b3) = result
    out = {}
    for i, (D, Z, A) in enumerate(((D1, Z1, A1), (D2, Z2, A2)), start=1):
        D, Z, A = (np.asarray(x, dtype=float) for x in (D, Z, A))
        kept = D != 0
        out[f"fraction of units D{i} keeps"] = (float(kept.mean()), 6 * np.sqrt(kp * (1 - kp) / D.size))
        out[f"D{i} entries that are neither 0 nor 1"] = (float((~np.isin(D, (0, 1))).sum()), 0.0)
        on = kept & (Z > 0)
        out[f"A{i} / relu(Z{i}) where D{i} keeps the unit"] = (float(np.mean(A[on] / Z[on])) if on.any() else 1 / kp,
                                                              1e-9)
        out[f"largest |A{i}| where D{i} drops the unit"] = (float(np.abs(A[~kept]).max(initial=0.0)), 0.0)
    checks = (("Z1 - (W1 X + b1)", Z1, W1 @ X + b1), ("Z2 - (W2 A1 + b2)", Z2, W2 @ np.asarray(A1) + b2),
              ("A3 - sigmoid(W3 A2 + b3)", A3, d.sigmoid(W3 @ np.asarray(A2) + b3)))
    for label, got, want in checks:
        out[f"largest |{label}|"] = (float(np.abs(np.asarray(got, dtype=float) - want).max()), 1e-9)
    return out


def _dropout_cases(rng):
    X, _, params = _three_layer(rng, 3, 4000, dims=(20, 3, 1))
    small_X, _, small = _three_layer(rng, 3, 5)
    return [Case("the course's shapes: X (3, 5), keep_prob = 0.7", (small_X, small), {"keep_prob": 0.7}),
            Case("X (3, 4000), layers [3, 20, 3, 1], keep_prob = 0.7 (to measure the masks)", (X, params),
                 {"keep_prob": 0.7})]


FORWARD_PROPAGATION_WITH_DROPOUT = Exercise(
    f"{WEEK}.forward_propagation_with_dropout", _forward_dropout, _dropout_cases, outputs=("A3", "cache"),
    random=True, summarize=_dropout_summary,
    mistakes=(
        Mistake("the mask drawn with np.random.randn", "draw uniform numbers, np.random.rand, so that a unit "
                "is kept with probability keep_prob", lambda *a, **k: _dropout_variant(*a, **k, draw="randn")),
        Mistake("the units kept where the draw is above keep_prob", "keep a unit where the draw is below "
                "keep_prob: D = (D < keep_prob).astype(int)", lambda *a, **k: _dropout_variant(*a, **k, above=True)),
        Mistake("no division by keep_prob", "inverted dropout divides A by keep_prob to keep its expected value",
                lambda *a, **k: _dropout_variant(*a, **k, divide=False)),
    ))


def _backward_dropout_cases(rng):
    out = []
    for label, (n_x, m, kp) in (("the course's shapes: X (3, 5), keep_prob = 0.8", (3, 5, 0.8)),
                                ("X (4, 30), keep_prob = 0.5", (4, 30, 0.5))):
        X, Y, params = _three_layer(rng, n_x, m, dims=(5, 3, 1))
        out.append(Case(label, (X, Y, _forward_dropout(X, params, kp, rng=rng)[1], kp)))
    return out


def _backward_dropout(X, Y, cache, keep_prob, scale=None):
    """The gradients through the course's masks, each divided by ``scale`` (keep_prob)."""
    Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3 = cache
    layers = [(X, W1, b1, Z1), (A1, W2, b2, Z2), (A2, W3, b3, Z3)]
    return d.backward(A3, Y, c.layer_caches(layers, "relu", masks=(D1, D2),
                                            keep_prob=keep_prob if scale is None else scale))


def _dropout_not_divided(X, Y, cache, keep_prob):
    return _backward_dropout(X, Y, cache, keep_prob, scale=1.0)


def _dropout_multiplied(X, Y, cache, keep_prob):
    return _backward_dropout(X, Y, cache, keep_prob, scale=1 / keep_prob)


BACKWARD_PROPAGATION_WITH_DROPOUT = Exercise(
    f"{WEEK}.backward_propagation_with_dropout", _backward_dropout, _backward_dropout_cases, outputs="gradients",
    mistakes=(Mistake("no division by keep_prob", "dA1 = dA1 * D1 / keep_prob, as in the forward pass",
                      _dropout_not_divided),
              Mistake("multiplied by keep_prob instead of divided", "dA1 = dA1 * D1 / keep_prob", _dropout_multiplied)))


# --------------------------------------------------------------------------- gradient checking
def _gradcheck_cases(rng):
    X, Y, params = _three_layer(rng, 4, 3, dims=(5, 3, 1))
    AL, caches = d.forward(X, params)
    grads = d.backward(AL, Y, caches)
    buggy = dict(grads, dW2=grads["dW2"] * 2, db1=grads["db1"] * 4)
    return [Case("the course's network [4, 5, 3, 1] with buggy gradients (dW2 * 2, db1 * 4)", (params, buggy, X, Y)),
            Case("the same network with correct gradients", (params, grads, X, Y)),
            Case("correct gradients, a large epsilon = 0.01 (where a one-sided difference shows)",
                 (params, grads, X, Y), {"epsilon": 1e-2})]


def _one_sided(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False, *, divisor=1.0):
    """gradient_check_n with the one-sided difference (J(theta + epsilon) - J(theta)) / (divisor * epsilon)."""
    theta = d.parameters_to_vector(parameters)

    def cost(t):
        AL, caches = d.forward(X, d.vector_to_parameters(t, parameters))
        return d.compute_cost(AL, Y, caches=caches)
    J = cost(theta)
    approx = np.zeros_like(theta)
    for i in range(theta.shape[0]):
        plus = theta.copy()
        plus[i] += epsilon
        approx[i] = (cost(plus) - J) / (divisor * epsilon)
    grad = d.gradients_to_vector(gradients)
    return d.relative_difference(grad, approx)


def _gradcheck_variant(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False, *, denominator=True, two=True):
    _, g, approx = d.gradient_check(X, Y, parameters, gradients, epsilon=epsilon, return_vectors=True)
    if not two:
        approx = approx * 2
    return d.relative_difference(g, approx) if denominator else float(np.linalg.norm(g - approx))


GRADIENT_CHECK_N = Exercise(
    f"{WEEK}.gradient_check_n",
    lambda parameters, gradients, X, Y, epsilon=1e-7, print_msg=False:
        d.gradient_check(X, Y, parameters, gradients, epsilon=epsilon),
    _gradcheck_cases, outputs="difference", rtol=1e-4, atol=1e-7,
    mistakes=(
        Mistake("the denominator left out", "difference = ||grad - gradapprox|| / (||grad|| + ||gradapprox||)",
                lambda *a, **k: _gradcheck_variant(*a, **k, denominator=False)),
        Mistake("divided by epsilon instead of 2 epsilon", "the centred difference is (J+ - J-) / (2 epsilon)",
                lambda *a, **k: _gradcheck_variant(*a, **k, two=False)),
        Mistake("a one-sided difference (J(θ+ε) − J(θ)) / ε", "use the centred difference "
                "(J(θ+ε) − J(θ−ε)) / 2ε: its error shrinks as ε², the one-sided one's only as ε", _one_sided),
        Mistake("thetaminus made from thetaplus, so that J_minus is J(θ), not J(θ−ε)",
                "thetaminus = np.copy(parameters_values), then thetaminus[i] = thetaminus[i] - epsilon",
                lambda *a, **k: _one_sided(*a, **k, divisor=2.0)),
    ))

EXERCISES = (INITIALIZE_PARAMETERS_ZEROS, INITIALIZE_PARAMETERS_RANDOM, INITIALIZE_PARAMETERS_HE,
             COMPUTE_COST_WITH_REGULARIZATION, BACKWARD_PROPAGATION_WITH_REGULARIZATION,
             FORWARD_PROPAGATION_WITH_DROPOUT, BACKWARD_PROPAGATION_WITH_DROPOUT, GRADIENT_CHECK_N)


# --------------------------------------------------------------------------- one dimension: J(theta) = theta x
# The course's gradient-checking warm-up names its functions forward_propagation and backward_propagation,
# as week 3's planar network does: they are "c2w1.forward_propagation" and "c2w1.backward_propagation",
# found only by those qualified names (QUALIFIED_ONLY); the n-dimensional ones are forward_propagation_n and
# gradient_check_n.  x and theta are numbers (floats in the cases: J is then a float whatever the learner
# multiplies with).
def _one_d_cases(rng):
    return [Case("public test: x = 2, theta = 4", (2.0, 4.0)),
            Case("x = 3, theta = -1.5", (3.0, -1.5)),
            Case("random x and theta", (float(rng.uniform(-5, 5)), float(rng.uniform(-5, 5))))]


FORWARD_PROPAGATION_1D = Exercise(
    f"{WEEK}.forward_propagation", lambda x, theta: theta * x, _one_d_cases, outputs="J",
    mistakes=(Mistake("theta + x instead of theta * x", "J(theta) = theta * x", lambda x, theta: theta + x),))

BACKWARD_PROPAGATION_1D = Exercise(
    f"{WEEK}.backward_propagation", lambda x, theta: x, _one_d_cases, outputs="dtheta",
    mistakes=(Mistake("theta instead of x", "J = theta x, so dJ/dtheta = x", lambda x, theta: theta),
              Mistake("J (theta x) instead of its derivative", "dJ/dtheta = x", lambda x, theta: theta * x)))


def _gradient_check_1d(x, theta, epsilon=1e-7, print_msg=False, *, two=True, minus=True, grad_from_J=False):
    theta_minus = theta - epsilon if minus else theta + epsilon
    gradapprox = (x * (theta + epsilon) - x * theta_minus) / ((2 if two else 1) * epsilon)
    grad = theta * x if grad_from_J else x
    return d.relative_difference(grad, gradapprox)


def _gradient_check_1d_cases(rng):
    return [Case("public test: x = 2, theta = 4", (2.0, 4.0)),
            Case("x = 3, theta = -1.5, epsilon = 0.01", (3.0, -1.5), {"epsilon": 0.01}),
            Case("random x and theta, epsilon = 1e-4", (float(rng.uniform(1, 5)), float(rng.uniform(-5, -1))),
                 {"epsilon": 1e-4})]


GRADIENT_CHECK_1D = Exercise(
    f"{WEEK}.gradient_check", lambda x, theta, epsilon=1e-7, print_msg=False: _gradient_check_1d(x, theta, epsilon),
    _gradient_check_1d_cases, outputs="difference", atol=1e-7,
    mistakes=(
        Mistake("divided by epsilon instead of 2 epsilon", "gradapprox = (J_plus - J_minus) / (2 * epsilon)",
                lambda *a, **k: _gradient_check_1d(*a, **k, two=False)),
        Mistake("thetaminus = theta + epsilon", "thetaminus = theta - epsilon: the centred difference steps both ways",
                lambda *a, **k: _gradient_check_1d(*a, **k, minus=False)),
        Mistake("grad = forward_propagation(x, theta) (J, not its derivative)",
                "the gradient to check is backward_propagation(x, theta)",
                lambda *a, **k: _gradient_check_1d(*a, **k, grad_from_J=True)),
    ))

EXERCISES = (FORWARD_PROPAGATION_1D, BACKWARD_PROPAGATION_1D, GRADIENT_CHECK_1D) + EXERCISES
QUALIFIED_ONLY = ("c2w1.forward_propagation", "c2w1.backward_propagation")
