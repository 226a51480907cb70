"""dlnotes.lessons.c1w2_numpy_vectorization: the numpy warm-ups, broadcasting, timing and the computation graph."""


import numpy as np
import pytest

from dlnotes.lessons import c1w2_numpy_vectorization as L


def test_numpy_warmups():
    assert L.image2vector(np.zeros((4, 5, 3))).shape == (60, 1)
    n = L.normalize_rows(np.array([[0.0, 3.0, 4.0], [1.0, 6.0, 4.0]]))
    np.testing.assert_allclose(np.linalg.norm(n, axis=1), 1.0)
    np.testing.assert_allclose(n[0], [0, 0.6, 0.8])
    yhat, y = np.array([0.9, 0.2, 0.1, 0.4, 0.9]), np.array([1, 0, 0, 1, 1])
    assert L.l1_loss(yhat, y) == pytest.approx(1.1)
    assert L.l2_loss(yhat, y) == pytest.approx(0.43)
    p = L.calorie_percentages()
    assert p.shape == (3, 4)
    np.testing.assert_allclose(p.sum(axis=0), 100.0)
    assert p[0, 0] == pytest.approx(94.9, abs=0.05)


@pytest.mark.parametrize("call,match", [
    (lambda: L.image2vector(np.zeros((4, 5))), "image must have shape"),
    (lambda: L.normalize_rows(np.zeros((2, 3))), "all-zero row"),
    (lambda: L.l1_loss(np.zeros(3), np.zeros(4)), "same shape"),
    (lambda: L.l2_loss(np.zeros((1, 3)), np.zeros(3)), "same shape"),
    (lambda: L.calorie_percentages(np.zeros((3, 2))), "summing to 0"),
    (lambda: L.time_dot_product(0), "n must be"),
    (lambda: L.computation_graph(np.nan, 1.0, 2.0), "a must be a finite number"),
    (lambda: L.numerical_derivatives(1.0, 2.0, 3.0, epsilon=0), "epsilon"),
])
def test_week2_numpy_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_time_dot_product_agrees():
    t = L.time_dot_product(n=10_000, seed=1, repeats=2)
    assert t["loop"] == pytest.approx(t["vectorized"], rel=1e-12)
    assert t["loop_seconds"] > 0 and t["vectorized_seconds"] > 0 and t["speedup"] > 0


def test_computation_graph_and_numerical_check():
    g = L.computation_graph(5.0, 3.0, 2.0)
    assert (g["u"], g["v"], g["J"]) == (6.0, 11.0, 33.0)
    assert (g["dJ/da"], g["dJ/db"], g["dJ/dc"]) == (3.0, 6.0, 9.0)
    num = L.numerical_derivatives(5.0, 3.0, 2.0)
    for k in ("dJ/da", "dJ/db", "dJ/dc"):
        assert num[k] == pytest.approx(g[k], abs=1e-6)
