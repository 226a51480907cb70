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


# --------------------------------------------------------------------------- python -m bench.notebooks
def _tiny_notebook(path, sources):
    nbformat = pytest.importorskip("nbformat")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# a tiny notebook")] + [nbformat.v4.new_code_cell(s) for s in sources]
    nbformat.write(nb, path)
    return path


def test_notebooks_command_times_a_copy_cell_by_cell(tmp_path, capsys):
    import json
    import re

    pytest.importorskip("nbclient")
    from bench import notebooks as bn

    path = _tiny_notebook(tmp_path / "tiny.ipynb", ["x = 2 + 2", "import time\ntime.sleep(0.5)", "print(x)"])
    committed = path.read_bytes()
    report = tmp_path / "report.json"
    status = bn.main([str(path), "--limit", "0.3", "--json", str(report)])
    out = capsys.readouterr().out
    assert status == 1  # over the 0.3 s limit
    assert path.read_bytes() == committed  # the notebook itself is never written
    assert re.search(r"^numpy +SIMD baseline .*dispatch targets in use", out, re.M)
    assert re.search(r"^BLAS +\S+", out, re.M) and "load      average before" in out
    row = re.search(r"^tiny +([\d.]+) +([\d.]+) .* cell 1: ([\d.]+) s +>0.3 s", out, re.M)
    assert row, out
    seconds, cells, slowest = (float(x) for x in row.groups())
    assert 0.5 <= slowest <= cells <= seconds
    data = json.loads(report.read_text())
    (nb_row,) = data["notebooks"]
    assert nb_row["notebook"] == "tiny" and nb_row["slowest_cell"] == 1 and nb_row["over_limit"]
    assert sorted(nb_row["cell_medians"]) == ["0", "1", "2"]  # code cells numbered as nbval numbers them
    assert nb_row["errors"] == [] and data["machine"]["simd"]["baseline"]


def test_notebooks_command_reports_a_failing_notebook(tmp_path, capsys):
    pytest.importorskip("nbclient")
    from bench import notebooks as bn

    path = _tiny_notebook(tmp_path / "broken.ipynb", ["x = 1", "raise ValueError('boom')", "print(x)"])
    status = bn.main([str(path)])
    out = capsys.readouterr().out
    assert status == 2
    assert "ValueError: boom" in out and "FAILED: broken" in out


def test_notebooks_summary_takes_medians_and_flags_failures_and_the_limit():
    from bench import notebooks as bn

    run = lambda s, cells, error=None: {"seconds": s, "cpu": s, "others": 0.0, "cells": cells,  # noqa: E731
                                        "sources": {0: "a = 1", 1: "train()"}, "error": error}
    rows = [bn.summarize("fast", [run(2.0, {0: 0.1, 1: 1.0}), run(4.0, {0: 0.1, 1: 3.0}), run(3.0, {0: 0.2, 1: 2.0})],
                         limit=30),
            bn.summarize("slow", [run(40.0, {0: 30.0, 1: 1.0}, "CellExecutionError: boom")], limit=30)]
    assert rows[0]["median"] == 3.0 and rows[0]["slowest_cell"] == 1 and rows[0]["slowest_seconds"] == 2.0
    assert not rows[0]["over_limit"] and rows[1]["over_limit"] and rows[1]["errors"]
    lines = bn.table(rows, 30, 3)
    assert lines[1].endswith("cell 1: 2.0 s  ")  # the median cell time; no flag on the fast one
    assert lines[2].endswith(">30 s FAILED")
    assert lines[3].split()[:2] == ["total", "43.0"]


def test_notebooks_others_cores_subtracts_our_own_cpu_time():
    from bench.notebooks import others_cores

    # 10 s of wall time, the machine busy for 15 CPU-seconds, 5 of them ours: others kept 1 core busy
    assert others_cores((0.0, 1.0, 100.0), (10.0, 6.0, 115.0)) == pytest.approx(1.0)
    assert others_cores((0.0, 1.0, 100.0), (10.0, 6.0, 104.0)) == 0.0  # never negative


def test_alternate_settles_before_each_timed_call_unless_told_not_to():
    calls = []
    contenders = {"a": lambda: calls.append("a") or "ra", "b": lambda: calls.append("b") or "rb"}
    times, results = bench_main.alternate(contenders, 2, settle=0.001)
    # warm-up, then per repeat each contender twice in a row (untimed, timed), the order rotated
    assert calls == ["a", "b", "a", "a", "b", "b", "b", "b", "a", "a"]
    assert results == {"a": "ra", "b": "rb"} and [len(t) for t in times.values()] == [2, 2]
    calls.clear()
    bench_main.alternate(contenders, 2, settle=0)
    assert calls == ["a", "b", "a", "b", "b", "a"]
