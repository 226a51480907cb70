"""``python -m dlnotes.exercises COMMAND``.

  build-solutions [NOTEBOOK ...] [--out DIR] [--execute]
      write the solution notebooks (default: of every notebook in notebooks/ with exercise cells)
      into build/solutions/; --execute runs them so that nbval can check them
  list
      the exercises, by their week-qualified names
"""

import sys


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    command, args = (argv[0], argv[1:]) if argv else ("", [])
    if command == "build-solutions":
        from .solutions_build import main as build
        return build(args)
    if command == "list":
        from . import EXERCISES
        print("\n".join(EXERCISES))
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
