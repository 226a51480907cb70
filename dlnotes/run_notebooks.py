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


def run(path: Path, timeout: int = 600) -> float:
    """Execute the notebook at ``path`` in its own folder and write it back; return seconds taken."""
    nb = nbformat.read(path, as_version=4)
    nb.metadata.pop("widgets", None)  # widget state churns on every run; the cells re-create the widgets
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    start = time.perf_counter()
    NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False, store_widget_state=False,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
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
