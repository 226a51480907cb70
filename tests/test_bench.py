"""Smoke test of the benchmark command in its tiny mode (not a timing test: it checks that
``python -m bench`` runs, compares equal results and reports what it should)."""

import numpy as np
import pytest

bench_main = pytest.importorskip("bench.__main__")


def test_bench_quick_runs_and_checks_results(capsys):
    bench_main.TARGETS.clear()
    bench_main.main(["--quick", "--threads", "1", "--no-torch", "--no-sklearn"])
    out = capsys.readouterr().out
    assert "(1) cat model" in out and "(2) planar" in out and "(3) decision-boundary redraw" in out
    assert "MISMATCH" not in out
    assert "UPCAST" not in out  # float32 stays float32 through forward, backward and the update
    assert "float64  numpy course-style loop" in out
    assert "quick mode" in out


def test_flops_count_matches_the_two_matmuls_per_layer():
    from bench.contenders import flops_per_iteration

    # layer 1: Z and dW (no input gradient); layer 2: Z, dW and dA1
    assert flops_per_iteration([3, 2, 1], 5) == 2 * (2 * 2 * 3 * 5) + 3 * (2 * 1 * 2 * 5)


def test_final_cost_is_the_dlnotes_cost():
    import dlnotes

    X, Y = dlnotes.load_planar()
    params = dlnotes.initialize_parameters([2, 3, 1], "random", seed=0)
    from bench.contenders import final_cost

    AL, caches = dlnotes.forward(X, params, "tanh")
    assert np.isclose(final_cost(X, Y, params, "tanh"), dlnotes.compute_cost(AL, Y, caches=caches), rtol=1e-12)
