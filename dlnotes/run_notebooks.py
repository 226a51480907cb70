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

# a fresh kernel that never answers its first request (rare) is replaced by a new one, up to this many times
KERNEL_STARTS = 3


def execute(nb, folder: Path, timeout: int = 600, starts: int = KERNEL_STARTS):
    """Execute ``nb`` (a NotebookNode, filled in place) in ``folder``. A kernel that fails to start (nbclient's
    RuntimeError while it waits for the kernel's first answer) is replaced, up to ``starts`` times, saying so on
    stderr; an error in a cell is raised at once."""
    for attempt in range(1, starts + 1):
        client = NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                                store_widget_state=False, resources={"metadata": {"path": str(folder)}})
        client.create_kernel_manager()
        try:
            client.start_new_kernel()
            client.start_new_kernel_client()  # waits for the first answer; shuts the kernel down if none comes
        except RuntimeError as error:
            if attempt == starts:
                raise
            print(f"kernel start {attempt} of {starts} failed ({error}); starting another", file=sys.stderr)
            continue
        return client.execute()  # in the kernel started above, which it shuts down at the end


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
