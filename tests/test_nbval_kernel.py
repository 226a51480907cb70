"""tests/nbval_kernel.py: nbval's kernel is started again when it does not answer, and only then."""

import nbval.kernel
import pytest

from dlnotes.run_notebooks import KERNEL_STARTS as ATTEMPTS
from tests import nbval_kernel
from tests.nbval_kernel import KernelRestarted, RetryingKernel


class FakeManager:
    def __init__(self):
        self.shut_down = False

    def shutdown_kernel(self, now=False):
        self.shut_down = True


class FakeClient:
    def stop_channels(self):
        pass


@pytest.fixture
def starts(monkeypatch):
    """Kernel starts that fail as often as the test says, then succeed; what was started is recorded."""
    record = {"calls": 0, "fail": 0, "managers": [], "iopub_fails": 0}

    def start(startup_timeout=60, kernel_name="python", **kwargs):
        record["calls"] += 1
        if record["calls"] <= record["fail"]:
            raise RuntimeError(f"Kernel didn't respond in {startup_timeout} seconds")
        km = FakeManager()
        record["managers"].append(km)
        return km, FakeClient()

    def ensure_iopub_up(self):
        if record["iopub_fails"]:
            record["iopub_fails"] -= 1
            raise RuntimeError("Wasn't able to establish IOPub after 30 seconds.")

    monkeypatch.setattr(nbval.kernel, "start_new_kernel", start)
    monkeypatch.setattr(nbval.kernel.RunningKernel, "_ensure_iopub_up", ensure_iopub_up)
    return record


def test_a_kernel_that_starts_is_started_once(starts, recwarn):
    kernel = RetryingKernel("python3", cwd="notebooks")
    assert starts["calls"] == 1 and kernel.km is starts["managers"][0]
    assert not [w for w in recwarn if issubclass(w.category, KernelRestarted)]


def test_a_kernel_that_does_not_answer_is_replaced_and_said(starts):
    starts["fail"] = ATTEMPTS - 1
    with pytest.warns(KernelRestarted) as said:
        kernel = RetryingKernel("python3", cwd="notebooks")
    assert starts["calls"] == ATTEMPTS and kernel.km is starts["managers"][0]
    assert [str(w.message) for w in said if w.category is KernelRestarted] == [
        f"kernel start {i} of {ATTEMPTS} failed (Kernel didn't respond in 60 seconds); starting another"
        for i in range(1, ATTEMPTS)]


def test_a_kernel_whose_iopub_never_comes_up_is_shut_down_and_replaced(starts):
    starts["iopub_fails"] = 1
    with pytest.warns(KernelRestarted, match="IOPub"):
        kernel = RetryingKernel("python3")
    first, second = starts["managers"]
    assert first.shut_down and not second.shut_down and kernel.km is second


def test_after_every_attempt_fails_the_error_is_raised(starts):
    starts["fail"] = ATTEMPTS
    with pytest.warns(KernelRestarted), pytest.raises(RuntimeError, match="didn't respond"):
        RetryingKernel("python3")
    assert starts["calls"] == ATTEMPTS


def test_the_plugin_replaces_the_kernel_nbval_starts(monkeypatch):
    import nbval.plugin

    monkeypatch.setattr(nbval.plugin, "RunningKernel", nbval.kernel.RunningKernel)
    nbval_kernel.pytest_configure(None)
    assert nbval.plugin.RunningKernel is RetryingKernel
    monkeypatch.setattr(nbval.plugin, "RunningKernel", object)
    with pytest.raises(pytest.UsageError, match="no longer starts"):
        nbval_kernel.pytest_configure(None)


def test_a_real_kernel_starts_and_runs_code():
    kernel = RetryingKernel(nbval.kernel.CURRENT_ENV_KERNEL_NAME)
    out = []
    try:
        kernel.kc.execute_interactive("print(6 * 7)", timeout=60, output_hook=lambda msg: out.append(
            msg["content"].get("text", "")))
    finally:
        kernel.stop()
    assert "".join(out) == "42\n"
