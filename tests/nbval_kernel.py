"""nbval with a kernel that is started again when it fails to start: ``pytest -p tests.nbval_kernel --nbval ...``.

A fresh kernel fails to start, rarely, when two start at once. jupyter_client picks free ports, closes them and writes
them for the kernel to bind; the other process can take one in between, and that kernel dies ("Address already in
use", then jupyter_client's "Kernel died before replying to kernel_info"). Two processes starting kernels side by side
here gave 1 such death in 832 starts (a start takes 0.5-1.2 s). CI once saw a fresh kernel that never answered at all
("Kernel didn't respond in 60 seconds", so all 46 cells of one solution notebook errored), of a cause not known
(ipykernel 7.4 already has the fix for the known lost wake-up on the shell socket, ipython/ipykernel#1554). Before any
cell has run, nothing is lost by starting another kernel, so this does (``dlnotes.run_notebooks.restarting``, up to
``KERNEL_STARTS`` starts in all, as ``make notebooks`` does) and says so in pytest's warnings summary. A kernel that
fails every attempt still fails the notebook, as before.

nbval 0.11 has no hook for its kernel start, so this replaces the ``RunningKernel`` its plugin module uses.
"""

import warnings

import nbval.kernel
import nbval.plugin
import pytest

from dlnotes.run_notebooks import KERNEL_STARTS, restarting


class KernelRestarted(UserWarning):
    """A kernel that did not start was replaced by a new one."""


class RetryingKernel(nbval.kernel.RunningKernel):
    """nbval's ``RunningKernel``, started again (up to ``KERNEL_STARTS`` times in all) when it fails to start."""

    def __init__(self, kernel_name, cwd=None, startup_timeout=60):
        def start():
            try:
                super(RetryingKernel, self).__init__(kernel_name, cwd=cwd, startup_timeout=startup_timeout)
            except RuntimeError:
                if getattr(self, "km", None) is not None:  # started, but its IOPub never came up
                    self.stop()
                raise

        restarting(start, KERNEL_STARTS, say=lambda line: warnings.warn(line, KernelRestarted, stacklevel=4))


def pytest_configure(config):
    if getattr(nbval.plugin, "RunningKernel", None) is not nbval.kernel.RunningKernel:
        raise pytest.UsageError("tests/nbval_kernel.py: nbval.plugin no longer starts nbval.kernel.RunningKernel; "
                                "see whether this nbval can retry a kernel start itself")
    nbval.plugin.RunningKernel = RetryingKernel
