"""The feedback: ``Result`` (plain text in a terminal, a coloured box in JupyterLab) and the lines that
report a failing multi-output result output by output, in the order the function computes them, so that
the first wrong one locates the bug."""

from __future__ import annotations

import html
import re

from .spec import Exercise


class Result:
    """What ``check`` returns: true when every check passed; its text is the feedback.

    ``str()`` is plain text (a terminal), ``_repr_html_`` a coloured box (JupyterLab).
    """

    def __init__(self, name: str, status: str, lines=()):
        self.name, self.status, self.lines = name, status, list(lines)

    def __bool__(self) -> bool:
        return self.status == "passed"

    @property
    def headline(self) -> str:
        mark = {"passed": "PASSED", "not implemented": "NOT IMPLEMENTED YET"}.get(self.status, "FAILED")
        return f"{self.name}: {mark}"

    def __str__(self) -> str:
        return "\n".join([self.headline] + [f"  {line}" for line in self.lines])

    __repr__ = __str__

    def _repr_html_(self) -> str:
        colour = {"passed": "#1a7f37", "not implemented": "#9a6700"}.get(self.status, "#cf222e")
        body = "".join(f"<li>{html.escape(line)}</li>" for line in self.lines)
        return (f'<div style="border-left: 4px solid {colour}; padding: 2px 10px">'
                f'<b style="color: {colour}">{html.escape(self.headline)}</b>'
                f'<ul style="margin: 2px 0">{body}</ul></div>')


def output_names(outputs) -> str:
    """``(grads, cost)`` for a tuple of names, the name itself for one output."""
    return f"({', '.join(outputs)})" if isinstance(outputs, tuple) else str(outputs)


def statistic_problem(key: str, expected: float, got: float) -> str:
    """The line for a statistic of a random result (``summarize``) that is off."""
    if key.endswith("?"):  # a yes (1) / no (0) question
        return f"{key} expected {'yes' if expected else 'no'}, got {'yes' if got else 'no'}"
    return f"{key}: expected about {expected:.4g}, got {got:.4g}"


# --------------------------------------------------------------------------- outputs in computation order
def _group(path: str, names, base: str) -> str:
    """The output a leaf path belongs to: a tuple element's name, or a dict result's first key."""
    if names:
        return path.split("[", 1)[0]
    match = re.match(re.escape(base) + r"\[('[^']*'|\d+)\]", path)
    return match.group(0) if match else base


def _computation_order(ex: Exercise, groups: list[str], names) -> list[str]:
    if names and ex.order:
        ranked = [g for g in ex.order if g in groups]
        return ranked + [g for g in groups if g not in ranked]

    def layer(g):  # a backward pass computes the last layer's gradients first
        match = re.search(r"\['d[A-Za-z]+(\d+)'\]$", g)
        return -int(match.group(1)) if match else 0
    if not names and all(re.search(r"\['d[A-Za-z]+\d+'\]$", g) for g in groups):
        return sorted(groups, key=layer)
    return groups


def problem_lines(ex: Exercise, problems, all_paths, names, base) -> list[str]:
    """The problem lines, output by output in computation order, with which outputs are right."""
    groups = list(dict.fromkeys(_group(p, names, base) for p in all_paths))
    if len(groups) < 2:
        return [p for _, p in problems[:4]]
    ordered = _computation_order(ex, groups, names)
    wrong = {_group(path, names, base) for path, _ in problems}
    marks = [f"{g} {'wrong' if g in wrong else 'right'}" for g in ordered]
    first = next(g for g in ordered if g in wrong)
    lines = [f"your outputs in the order the function computes them: {', '.join(marks)}; "
             f"the first wrong one, {first}, is where to look"]
    ranked = sorted(problems, key=lambda item: ordered.index(_group(item[0], names, base)))
    return lines + [p for _, p in ranked[:4]]
