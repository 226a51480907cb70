"""Project commands: ``python -m dlnotes COMMAND``.

  build-data [NAME ...]     write the generated data sets to data/NAME.h5
  check-data                warn about missing or damaged external course files and name the
                            notebooks that need them; always exits 0 (``make lab`` runs it)
  fetch-data [FILE ...]     find (or download) and verify the external course files; exits 1,
                            saying what to do, when one cannot be had (``make data`` runs it)
  run-notebooks [PATH ...]  re-execute notebooks top to bottom, saving their outputs
"""

import json
import re
import sys
from pathlib import Path

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
# the calls through which notebook code reads each external file (the regularization lesson's
# helpers load football.mat themselves)
READERS = {
    "train_catvnoncat.h5": ("load_catvnoncat",),
    "test_catvnoncat.h5": ("load_catvnoncat",),
    "football.mat": ("load_football", "regularization_experiment", "regularization_seed_sweep",
                     "plot_regularization_comparison"),
}
# needed at run time only when a learner picks it
ALSO_NEEDED_BY = {"football.mat": "the explorer's football data set"}


def notebooks_needing(name: str, folder=NOTEBOOKS) -> list:
    """Names (without .ipynb) of the notebooks in ``folder`` whose code reads the external file ``name``."""
    calls = READERS.get(name, ())
    found = []
    for path in sorted(Path(folder).glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
        code = "\n".join("".join(c["source"]) for c in cells if c.get("cell_type") == "code")
        if any(re.search(rf"\b{call}\b", code) for call in calls):
            found.append(path.stem)
    return found


def check_data(folder=NOTEBOOKS) -> str:
    """A short warning naming the external files that are missing or damaged, the notebooks of
    ``folder`` that need them and where to put them; "" when every file is good."""
    import os

    from .datasets import ENV_VAR, PROJECT_DATA, DataNotFoundError, DatasetError, find_external, manifest

    lines, urls, damaged = [], [], []
    for name, entry in manifest().items():
        try:
            find_external(name, download_missing=False)
            continue
        except DataNotFoundError:
            state = "missing"
        except DatasetError as exc:
            state = "damaged"
            damaged.append(str(exc).split(" To fix it,")[0])  # the mirrors are listed below
        users = notebooks_needing(name, folder) + ([ALSO_NEEDED_BY[name]] if name in ALSO_NEEDED_BY else [])
        lines.append(f"  {name} ({state}), needed by: {', '.join(users) or 'no notebook'}")
        urls += entry["urls"]
    if not lines:
        return ""
    where = os.environ.get(ENV_VAR) or "unset"
    return "\n".join(
        ["warning: course files missing or damaged; the other notebooks work without them:", *lines,
         f"Put good copies in the folder named by ${ENV_VAR} (now {where}) or in {PROJECT_DATA},",
         "or run `make data` (python -m dlnotes fetch-data) to download them from the mirrors:",
         *(f"    {url}" for url in urls), *damaged])


def fetch_data(names) -> int:
    """Find (or download) and verify each external file of ``names`` (default: all); print its path,
    or the error on stderr.  Returns 0 when every file is good, else 1."""
    from .datasets import DatasetError, find_external, manifest

    status = 0
    for name in names or manifest():
        try:
            print(f"ok {find_external(name)}")
        except (DatasetError, ValueError) as exc:
            print(exc, file=sys.stderr)
            status = 1
    return status


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    command, args = (argv[0], argv[1:]) if argv else ("", [])
    if command == "build-data":
        from .datasets import build
        for path in build(args or None):
            print(f"wrote {path}")
        return 0
    if command == "check-data":
        warning = check_data()
        if warning:
            print(warning, file=sys.stderr)
        return 0
    if command == "fetch-data":
        return fetch_data(args)
    if command == "run-notebooks":
        from .run_notebooks import main as run
        return run(args)
    print(__doc__)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
