""""Run yours": train with the learner's own functions on the real data, or with the package's while
theirs are not written yet, so that the notebook still runs top to bottom.

    figures = run_yours(lambda: my_run(), lambda: package_run(), "model")

``yours`` and ``package`` are callables that train and return the same kind of result (the notebook
prints its figures next to the course's).  The line printed first says whose functions ran; it starts with
``WHOSE`` so that nbval can sanitize it (tests/nbval_sanitize.cfg): a correct learner's run and the
package's print the same figures below it.
"""

from __future__ import annotations

from .running import describe_error

WHOSE = "functions that ran:"


def run_yours(yours, package, names: str):
    """The result of ``yours()``; when it raises (NotImplementedError: a stub), the result of
    ``package()``.  ``names`` says which of the learner's functions ``yours`` calls, for the message."""
    try:
        result = yours()
    except NotImplementedError:
        print(f"{WHOSE} the package's ({names}: not all written yet, so the package's run is shown)")
        return package()
    except Exception as exc:  # the learner's code may raise anything: say so and still run the notebook
        print(f"{WHOSE} the package's (yours stopped: {'; '.join(describe_error(exc))})")
        return package()
    print(f"{WHOSE} yours ({names})")
    return result
