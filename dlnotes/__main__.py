"""Project commands: ``python -m dlnotes COMMAND``.

  build-data [NAME ...]     write the generated data sets to data/NAME.h5
  fetch-data [FILE ...]     find (or download) and verify the external course files
  run-notebooks [PATH ...]  re-execute notebooks top to bottom, saving their outputs
"""

import sys


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    command, args = (argv[0], argv[1:]) if argv else ("", [])
    if command == "build-data":
        from .datasets import build
        for path in build(args or None):
            print(f"wrote {path}")
        return 0
    if command == "fetch-data":
        from .datasets import find_external, manifest
        for name in args or manifest():
            print(f"ok {find_external(name)}")
        return 0
    if command == "run-notebooks":
        from .run_notebooks import main as run
        return run(args)
    print(__doc__)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
