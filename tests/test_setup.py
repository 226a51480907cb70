"""The two install routes list the same packages."""

import re
from pathlib import Path

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


def test_requirements_use_ranges_not_exact_pins():
    req = _packages((ROOT / "requirements.txt").read_text().splitlines())
    assert req and not any(spec.startswith("==") for spec in req.values()), req


def test_external_files_are_not_tracked():
    ignore = (ROOT / ".gitignore").read_text()
    assert "catvnoncat" in ignore and "football.mat" in ignore
