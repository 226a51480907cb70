import numpy as np
import pytest

from dlnotes import batchnorm as bn


def test_forward_normalizes_each_unit_over_the_batch():
    rng = np.random.default_rng(0)
    Z = rng.standard_normal((3, 50)) * 5 + 7
    out, cache, mu, var = bn.batchnorm_forward(Z, np.ones((3, 1)), np.zeros((3, 1)))
    np.testing.assert_allclose(out.mean(axis=1), 0, atol=1e-12)
    np.testing.assert_allclose(out.std(axis=1), 1, rtol=1e-6)
    np.testing.assert_allclose(mu, Z.mean(axis=1, keepdims=True))
    np.testing.assert_allclose(var, Z.var(axis=1, keepdims=True))
    gamma, beta = np.full((3, 1), 2.0), np.full((3, 1), -1.0)
    out2, *_ = bn.batchnorm_forward(Z, gamma, beta)
    np.testing.assert_allclose(out2.mean(axis=1), -1, atol=1e-12)


def test_backward_agrees_with_finite_differences():
    rng = np.random.default_rng(1)
    Z = rng.standard_normal((4, 6))
    gamma, beta = rng.standard_normal((4, 1)), rng.standard_normal((4, 1))
    G = rng.standard_normal((4, 6))  # upstream gradient of a linear loss L = sum(G * Z_tilde)

    def loss(Z_, g_, b_):
        return float(np.sum(G * bn.batchnorm_forward(Z_, g_, b_)[0]))

    _, cache, _, _ = bn.batchnorm_forward(Z, gamma, beta)
    dZ, dgamma, dbeta = bn.batchnorm_backward(G, cache)
    eps = 1e-6
    for analytic, arr, which in ((dZ, Z, 0), (dgamma, gamma, 1), (dbeta, beta, 2)):
        numeric = np.zeros_like(arr)
        for idx in np.ndindex(arr.shape):
            args = [Z.copy(), gamma.copy(), beta.copy()]
            args[which][idx] += eps
            plus = loss(*args)
            args[which][idx] -= 2 * eps
            minus = loss(*args)
            numeric[idx] = (plus - minus) / (2 * eps)
        diff = np.linalg.norm(analytic - numeric) / (np.linalg.norm(analytic) + np.linalg.norm(numeric))
        assert diff < 1e-7, (which, diff)
    np.testing.assert_allclose(dZ.sum(axis=1), 0, atol=1e-12)  # shifting Z changes nothing


def test_inference_uses_running_averages_and_handles_one_example():
    rng = np.random.default_rng(2)
    running_mean, running_var = np.zeros((2, 1)), np.ones((2, 1))
    for _ in range(200):
        Z = rng.standard_normal((2, 64)) * 3 + 5
        _, _, mu, var = bn.batchnorm_forward(Z, np.ones((2, 1)), np.zeros((2, 1)))
        bn.update_running(running_mean, mu)
        bn.update_running(running_var, var)
    np.testing.assert_allclose(running_mean, 5, atol=0.3)
    np.testing.assert_allclose(running_var, 9, rtol=0.15)
    one = bn.batchnorm_inference(np.array([[5.0], [8.0]]), np.ones((2, 1)), np.zeros((2, 1)),
                                 running_mean, running_var)
    assert one.shape == (2, 1) and abs(one[0, 0]) < 0.2 and 0.8 < one[1, 0] < 1.2


def test_bad_input():
    with pytest.raises(ValueError, match=r"gamma must have 3 rows"):
        bn.batchnorm_forward(np.zeros((3, 4)), np.ones((2, 1)), np.zeros((3, 1)))
    with pytest.raises(ValueError, match=r"Z must be finite"):
        bn.batchnorm_forward(np.full((1, 2), np.inf), np.ones((1, 1)), np.zeros((1, 1)))
