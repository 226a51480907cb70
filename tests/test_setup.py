"""The install routes list the same packages, and pyproject.toml declares what the package imports."""

import ast
import importlib.metadata
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _packages(lines):
    out = {}
    for line in lines:
        line = line.split("#")[0].strip().lstrip("- ").strip()
        if not line or line in ("pip", "conda-forge") or line.startswith("python") and not line.startswith("python-"):
            continue
        m = re.match(r"([A-Za-z0-9_.\-]+)\s*(.*)", line)
        out[m.group(1).lower()] = m.group(2).replace(" ", "")
    return out


def test_requirements_and_environment_yml_agree():
    req = _packages((ROOT / "requirements.txt").read_text().splitlines())
    text = (ROOT / "environment.yml").read_text()
    deps = text.split("dependencies:")[1].splitlines()
    env = _packages(line for line in deps if line.strip().startswith("- "))
    assert req == env


def _pyproject():
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def imported_distributions() -> dict:
    """{distribution name (lower case): the dlnotes/ files that import it} for every import of a module
    outside the standard library and dlnotes itself (top-level and inside functions), scanned with ast
    and mapped to the installed distribution that provides it."""
    provides = importlib.metadata.packages_distributions()
    out = {}
    for path in sorted((ROOT / "dlnotes").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top in sys.stdlib_module_names or top == "dlnotes":
                    continue
                assert top in provides, f"{path.relative_to(ROOT)} imports {top}, which no installed package provides"
                for dist in provides[top]:
                    out.setdefault(dist.lower(), set()).add(str(path.relative_to(ROOT)))
    return out


def test_pyproject_declares_exactly_what_the_package_imports():
    """A clean `pip install .` must give a package whose every module imports: each imported distribution
    is a dependency, and each dependency is imported (the lab and the tests are extras)."""
    declared = _packages(_pyproject()["dependencies"])
    imported = imported_distributions()
    missing = {d: sorted(files) for d, files in imported.items() if d not in declared}
    assert not missing, f"imported by dlnotes/ but not in pyproject.toml's dependencies: {missing}"
    unused = sorted(set(declared) - set(imported))
    assert not unused, f"pyproject.toml's dependencies that dlnotes/ never imports (an extra?): {unused}"


def test_requirements_are_pyproject_with_its_extras():
    project = _pyproject()
    listed = _packages(project["dependencies"])
    for extra, deps in project["optional-dependencies"].items():
        for name, spec in _packages(deps).items():
            assert listed.setdefault(name, spec) == spec, f"{name} in extra {extra!r} and elsewhere, with two ranges"
    assert _packages((ROOT / "requirements.txt").read_text().splitlines()) == listed


def test_requirements_use_ranges_not_exact_pins():
    req = _packages((ROOT / "requirements.txt").read_text().splitlines())
    assert req and not any(spec.startswith("==") for spec in req.values()), req


def test_external_files_are_not_tracked():
    ignore = (ROOT / ".gitignore").read_text()
    assert "catvnoncat" in ignore and "football.mat" in ignore
