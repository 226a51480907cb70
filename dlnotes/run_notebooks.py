"""Re-execute notebooks top to bottom and save their outputs: ``python -m dlnotes run-notebooks [PATH ...]``.

This is the one command that produces the outputs committed with the notebooks
(``make notebooks``), so that nbval's re-execution reproduces them.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from .validation import check_int

# a fresh kernel that fails to start (rare: a port race, or no answer) is replaced, up to this many starts in all
KERNEL_STARTS = 3


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def restarting(start, starts: int = KERNEL_STARTS, say=_say):
    """Return ``start()``; when it raises RuntimeError (a kernel that failed to start), call ``say`` with a line
    naming the attempt and the error, and call it again, up to ``starts`` calls in all (the last error is raised).
    ``start`` must clean up what it started before it raises.  Used here and by nbval (tests/nbval_kernel.py)."""
    check_int(starts, "starts")
    for attempt in range(1, starts + 1):
        try:
            return start()
        except RuntimeError as error:
            if attempt == starts:
                raise
            say(f"kernel start {attempt} of {starts} failed ({error}); starting another")


def execute(nb, folder: Path, timeout: int = 600, starts: int = KERNEL_STARTS):
    """Execute ``nb`` (a NotebookNode, filled in place) in ``folder``, in a kernel started by ``restarting``
    (nbclient's RuntimeError while it waits for the kernel's first answer: a new kernel, up to ``starts`` in all);
    an error in a cell is raised at once."""

    def start():
        client = NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                                store_widget_state=False, resources={"metadata": {"path": str(folder)}})
        client.create_kernel_manager()
        client.start_new_kernel()
        client.start_new_kernel_client()  # waits for the first answer; shuts the kernel down if none comes
        return client

    return restarting(start, starts).execute()  # in the kernel started above, which it shuts down at the end


def run(path: Path, timeout: int = 600) -> float:
    """Execute the notebook at ``path`` in its own folder and write it back; return seconds taken."""
    nb = nbformat.read(path, as_version=4)
    nb.metadata.pop("widgets", None)  # widget state churns on every run; the cells re-create the widgets
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    start = time.perf_counter()
    execute(nb, path.parent, timeout)
    seconds = time.perf_counter() - start
    nbformat.write(nb, path)
    return seconds


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    paths = []
    for arg in argv or ["notebooks"]:
        p = Path(arg)
        paths += sorted(p.glob("*.ipynb")) if p.is_dir() else [p]
    for path in paths:
        print(f"{path}: {run(path):.1f} s", flush=True)
    return 0
