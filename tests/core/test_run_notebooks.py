"""dlnotes/run_notebooks.py: a notebook runs top to bottom; a kernel that fails to start is replaced, and only then."""

import nbformat
import pytest
from jupyter_client.asynchronous.client import AsyncKernelClient
from nbclient.exceptions import CellExecutionError

from dlnotes import run_notebooks


def _notebook(*sources):
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])


def test_a_notebook_runs_and_is_written_back(tmp_path):
    path = tmp_path / "n.ipynb"
    nbformat.write(_notebook("x = 6", "print(x * 7)"), path)
    run_notebooks.run(path)
    out = nbformat.read(path, as_version=4).cells[1].outputs
    assert out[0]["text"] == "42\n"


@pytest.fixture
def hangs(monkeypatch):
    """The first ``hangs["n"]`` kernels nbclient starts never answer their first request, as a hung one would."""
    record = {"n": 0, "calls": 0}
    wait = AsyncKernelClient.wait_for_ready

    async def wait_for_ready(self, timeout=None):
        record["calls"] += 1
        if record["calls"] <= record["n"]:
            raise RuntimeError(f"Kernel didn't respond in {timeout} seconds")
        return await wait(self, timeout=timeout)

    monkeypatch.setattr(AsyncKernelClient, "wait_for_ready", wait_for_ready)
    return record


def test_a_kernel_that_does_not_start_is_replaced_and_said(tmp_path, hangs, capsys):
    hangs["n"] = 2
    nb = _notebook("print(6 * 7)")
    run_notebooks.execute(nb, tmp_path, starts=3)
    assert nb.cells[0].outputs[0]["text"] == "42\n" and hangs["calls"] == 3
    assert capsys.readouterr().err.splitlines() == [
        f"kernel start {i} of 3 failed (Kernel didn't respond in 60 seconds); starting another" for i in (1, 2)]


def test_after_every_start_fails_the_error_is_raised(tmp_path, hangs):
    hangs["n"] = 2
    with pytest.raises(RuntimeError, match="didn't respond"):
        run_notebooks.execute(_notebook("1"), tmp_path, starts=2)
    assert hangs["calls"] == 2


def test_an_error_in_a_cell_is_not_retried(tmp_path, hangs):
    with pytest.raises(CellExecutionError, match="boom"):
        run_notebooks.execute(_notebook("raise RuntimeError('boom')"), tmp_path)
    assert hangs["calls"] == 1


def test_starts_must_be_a_positive_integer(tmp_path):
    with pytest.raises(ValueError, match="starts must be an integer >= 1, got 0"):
        run_notebooks.execute(_notebook("1"), tmp_path, starts=0)


def test_restarting_calls_again_until_a_start_succeeds_and_says_each_failure():
    calls, said = [], []

    def start():
        calls.append(1)
        if len(calls) < 3:
            raise RuntimeError(f"no answer {len(calls)}")
        return "kernel"

    assert run_notebooks.restarting(start, 3, say=said.append) == "kernel"
    assert said == [f"kernel start {i} of 3 failed (no answer {i}); starting another" for i in (1, 2)]
    calls.clear()
    with pytest.raises(RuntimeError, match="no answer 2"):
        run_notebooks.restarting(start, 2, say=said.append)
