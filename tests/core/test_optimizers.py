"""The optimizer classes and the course's dict faces of them."""

import numpy as np
import pytest

import dlnotes as d
from dlnotes.optimizers import Adam, GradientDescent, Momentum, RMSprop, make_optimizer


def _params_grads(seed=0):
    rng = np.random.default_rng(seed)
    P = {"W1": rng.standard_normal((3, 2)), "b1": rng.standard_normal((3, 1)),
         "W2": rng.standard_normal((1, 3)), "b2": rng.standard_normal((1, 1))}
    G = {"d" + k: rng.standard_normal(p.shape) for k, p in P.items()}
    return P, G


def _copies(D):
    return {k: a.copy() for k, a in D.items()}


def test_momentum_face_follows_the_course_formula_and_leaves_its_inputs_alone():
    P, G = _params_grads()
    v = d.initialize_velocity(P)
    assert sorted(v) == ["dW1", "dW2", "db1", "db2"] and all(not a.any() for a in v.values())
    v = {k: a + 0.5 for k, a in v.items()}
    P0, G0, v0 = _copies(P), _copies(G), _copies(v)
    new_P, new_v = d.update_parameters_with_momentum(P, G, v, beta=0.9, learning_rate=0.01)
    for k in P:
        expected_v = 0.9 * v0["d" + k] + 0.1 * G0["d" + k]
        np.testing.assert_allclose(new_v["d" + k], expected_v, rtol=1e-15)
        np.testing.assert_allclose(new_P[k], P0[k] - 0.01 * expected_v, rtol=1e-15)
        np.testing.assert_array_equal(P[k], P0[k])
        np.testing.assert_array_equal(G["d" + k], G0["d" + k])
        np.testing.assert_array_equal(v["d" + k], v0["d" + k])


@pytest.mark.parametrize("t", [1, 2, 7])
def test_adam_face_follows_the_course_formula_with_bias_correction(t):
    P, G = _params_grads(1)
    v, s = d.initialize_adam(P)
    v = {k: a + 0.1 for k, a in v.items()}
    s = {k: a + 0.2 for k, a in s.items()}
    b1, b2, eps, lr = 0.9, 0.999, 1e-8, 0.01
    new_P, new_v, new_s, v_c, s_c = d.update_parameters_with_adam(P, G, v, s, t, lr, b1, b2, eps)
    for k in P:
        g = G["d" + k]
        ev = b1 * v["d" + k] + (1 - b1) * g
        es = b2 * s["d" + k] + (1 - b2) * g ** 2
        evc, esc = ev / (1 - b1 ** t), es / (1 - b2 ** t)
        np.testing.assert_allclose(new_v["d" + k], ev, rtol=1e-14)
        np.testing.assert_allclose(new_s["d" + k], es, rtol=1e-14)
        np.testing.assert_allclose(v_c["d" + k], evc, rtol=1e-14)
        np.testing.assert_allclose(s_c["d" + k], esc, rtol=1e-14)
        np.testing.assert_allclose(new_P[k], P[k] - lr * evc / (np.sqrt(esc) + eps), rtol=1e-14)


def test_the_faces_and_the_training_loop_share_one_adam():
    """Two Adam steps through the dict face equal two steps of the class on a flat buffer."""
    P, G = _params_grads(2)
    v, s = d.initialize_adam(P)
    P1, v, s, _, _ = d.update_parameters_with_adam(P, G, v, s, 1)
    P2, *_ = d.update_parameters_with_adam(P1, G, v, s, 2)
    keys = list(P)
    flat = np.concatenate([P[k].ravel() for k in keys])
    gflat = np.concatenate([G["d" + k].ravel() for k in keys])
    opt = Adam().start([flat])
    for _ in range(2):
        opt.step([flat], [gflat.copy()], 0.01)
    np.testing.assert_array_equal(flat, np.concatenate([P2[k].ravel() for k in keys]))


@pytest.mark.parametrize("cls", [GradientDescent, Momentum, RMSprop, Adam])
def test_every_optimizer_descends_a_quadratic(cls):
    x = np.array([3.0, -2.0])
    opt = cls().start([x])
    for _ in range(300):
        opt.step([x], [2 * x], 0.05)  # f(x) = |x|^2
    assert np.linalg.norm(x) < 0.5
    assert opt.t == 300


def test_optimizers_own_their_settings_and_make_optimizer_chooses_by_name():
    opt = make_optimizer("adam", learning_rate=0.01, beta=0.5, beta1=0.8, epsilon=1e-7, decay_rate=1.0)
    assert isinstance(opt, Adam)
    assert (opt.learning_rate, opt.beta1, opt.beta2, opt.epsilon, opt.decay_rate) == (0.01, 0.8, 0.999, 1e-7, 1.0)
    assert not hasattr(opt, "beta")  # momentum's beta is not Adam's: left unused
    assert isinstance(make_optimizer("gd", beta=0.5), GradientDescent)
    assert make_optimizer("momentum", beta=0.5).beta == 0.5
    gd = GradientDescent()
    assert (gd.learning_rate, gd.decay_rate, gd.time_interval) == (0.0075, 0.0, None)


def test_start_allocates_the_state_and_restarts_it():
    x = np.array([1.0, 2.0])
    opt = Adam(0.1).start([x])
    assert opt.t == 0 and not opt.v[0].any() and not opt.s[0].any()
    opt.step([x], [np.ones(2)], 0.1)
    assert opt.t == 1 and opt.v[0].any()
    assert opt.start([x]) is opt and opt.t == 0 and not opt.v[0].any()
    assert Momentum().start([x]).v[0].shape == (2,) and RMSprop().start([x]).s[0].shape == (2,)


def test_learning_rate_at_is_the_decay_formula():
    assert GradientDescent(0.5).learning_rate_at(10) == 0.5
    assert GradientDescent(0.5, decay_rate=1).learning_rate_at(2) == d.learning_rate_at(0.5, 2, 1)
    opt = Momentum(0.5, decay_rate=0.3, time_interval=1000)
    assert opt.learning_rate_at(2500) == d.learning_rate_at(0.5, 2500, 0.3, 1000) == pytest.approx(0.5 / 1.6)


def test_learning_rate_decay_faces():
    assert d.update_lr(0.5, 2, 1) == pytest.approx(0.5 / 3)
    assert d.schedule_lr_decay(0.5, 100, 1) == 0.5  # floor(100 / 1000) = 0
    assert d.schedule_lr_decay(0.5, 1000, 1) == 0.25
    assert d.schedule_lr_decay(0.5, 2500, 0.3, time_interval=1000) == pytest.approx(0.5 / 1.6)


@pytest.mark.parametrize("call, message", [
    (lambda: make_optimizer("sgd"), "optimizer must be one of"),
    (lambda: make_optimizer("adam", beta1=1.0), r"beta1 must be in \[0, 1\), got 1.0"),
    (lambda: make_optimizer("rmsprop", epsilon=0), "epsilon must be"),
    (lambda: make_optimizer("gd", beta=1.5), r"beta must be in \[0, 1\), got 1.5"),
    (lambda: make_optimizer("gd", momentum=0.9), "settings must be among .*, got momentum"),
    (lambda: GradientDescent(0), "learning_rate must be > 0, got 0"),
    (lambda: GradientDescent(0.1, decay_rate=-1), "decay_rate must be >= 0, got -1"),
    (lambda: Momentum(0.1, time_interval=0), "time_interval must be an integer >= 1, got 0"),
    (lambda: Momentum(0.1, beta=-0.1), r"beta must be in \[0, 1\), got -0.1"),
    (lambda: RMSprop(0.1, epsilon=float("nan")), "epsilon must be a finite number"),
    (lambda: Adam(0.1, beta2=1), r"beta2 must be in \[0, 1\), got 1"),
    (lambda: d.update_parameters_with_momentum(*_params_grads(), d.initialize_velocity(_params_grads()[0]),
                                               0.9, -1.0), "learning_rate must be > 0"),
    (lambda: d.update_parameters_with_adam(*_params_grads(), *d.initialize_adam(_params_grads()[0]), 0),
     "t must be an integer >= 1"),
    (lambda: d.update_parameters_with_momentum(_params_grads()[0], {}, {}, 0.9, 0.1),
     r"grads\['dW1'\] must have shape \(3, 2\)"),
])
def test_bad_optimizer_arguments(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_numerical_gradient_of_a_known_function():
    theta = np.array([[1.0, -2.0], [0.5, 3.0]])
    approx = d.numerical_gradient(lambda t: float(np.sum(t ** 3)), theta, 1e-5)
    np.testing.assert_allclose(approx, 3 * theta ** 2, rtol=1e-8)
    assert theta[0, 0] == 1.0  # not modified
    assert d.numerical_gradient(lambda x: x ** 2, 3.0, 1e-4) == pytest.approx(6.0, rel=1e-10)
    assert d.relative_difference([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert d.relative_difference(np.zeros(3), np.zeros(3)) == 0.0


@pytest.mark.parametrize("cls, own", [(GradientDescent, []), (Momentum, ["beta"]), (RMSprop, ["beta", "epsilon"]),
                                      (Adam, ["beta1", "beta2", "epsilon"])])
def test_each_optimizer_takes_its_rate_its_own_settings_then_the_decay_by_name(cls, own):
    import inspect

    params = inspect.signature(cls).parameters
    assert list(params) == ["learning_rate", *own, "decay_rate", "time_interval"]
    assert params["learning_rate"].default == 0.0075 and list(cls.settings) == own
    assert all(params[k].kind is inspect.Parameter.KEYWORD_ONLY for k in ("decay_rate", "time_interval"))
