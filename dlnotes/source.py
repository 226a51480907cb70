"""Show the package's own code in a notebook: the vectorized lines that run, taken at run time.

A notebook that teaches backpropagation calls ``d.show_source(d.layers.Dense.backward)``: the cell shows the
function exactly as the installed package defines it (syntax-highlighted in JupyterLab, plain text
elsewhere), so the code on the page cannot drift from the code that produced the figures.
"""

from __future__ import annotations

import inspect
from pathlib import Path

_PACKAGE_ROOT = Path(__file__).resolve().parent.parent


def source_text(*objects) -> str:
    """The source of each function or class in ``objects``, each headed by a comment naming its file
    ("# dlnotes/model.py"); ValueError for an object without source.  No line number: an edit
    elsewhere in the file must not change what a notebook shows."""
    if not objects:
        raise ValueError("objects: expected at least one function or class, got none")
    parts = []
    for obj in objects:
        target = inspect.unwrap(obj)
        try:
            lines, _ = inspect.getsourcelines(target)
            path = Path(inspect.getsourcefile(target)).resolve()
        except (TypeError, OSError):
            raise ValueError(f"objects: expected a function or class defined in Python source, "
                             f"got {obj!r}") from None
        try:
            where = path.relative_to(_PACKAGE_ROOT).as_posix()
        except ValueError:
            where = path.name
        parts.append(f"# {where}\n" + "".join(lines).rstrip() + "\n")
    return "\n\n".join(parts)


def show_source(*objects):
    """An ``IPython.display.Code`` of ``source_text(*objects)``: highlighted in JupyterLab, plain text
    under nbval or in a terminal.  Make it the last expression of a cell."""
    from IPython.display import Code

    return Code(source_text(*objects), language="python")
