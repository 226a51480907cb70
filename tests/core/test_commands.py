"""``python -m dlnotes`` commands and the Makefile's ``lab`` / ``data`` targets, offline."""

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from dlnotes import __main__ as cli
from dlnotes import datasets

ROOT = Path(__file__).resolve().parents[2]
NEED_DATA = {"c1w2_logistic_regression_cats", "c1w4_deep_network_cats", "c2w1_regularization"}


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def nowhere(tmp_path, monkeypatch):
    """No course file anywhere: an empty $DLNOTES_DATA and an empty data/."""
    (tmp_path / "env").mkdir()
    monkeypatch.setenv("DLNOTES_DATA", str(tmp_path / "env"))
    monkeypatch.setattr(datasets, "PROJECT_DATA", tmp_path / "data")
    return tmp_path


def test_fetch_data_offline_prints_the_fix_and_exits_1(tmp_path):
    # a copy of the project with an empty data/ whose mirrors are a closed port on 127.0.0.1
    project = tmp_path / "project"
    shutil.copytree(ROOT / "dlnotes", project / "dlnotes", ignore=shutil.ignore_patterns("__pycache__"))
    files = datasets.manifest()
    url = f"http://127.0.0.1:{closed_port()}"
    for name, entry in files.items():
        entry["urls"] = [f"{url}/{name}"]
    (project / "data").mkdir()
    (project / "data" / "external.json").write_text(json.dumps(files))
    (tmp_path / "env").mkdir()
    env = {k: v for k, v in os.environ.items() if k != "DLNOTES_OFFLINE"}
    env.update(PYTHONPATH=str(project), DLNOTES_DATA=str(tmp_path / "env"))
    run = subprocess.run([sys.executable, "-m", "dlnotes", "fetch-data"], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr and run.stdout == ""
    for name in files:
        assert f"{name} is not in $DLNOTES_DATA or {project / 'data'}, and downloading it failed" in run.stderr
        assert f"{url}/{name}: [Errno" in run.stderr
    assert run.stderr.count("To fix it, put a good copy of") == len(files)
    assert sorted(p.name for p in (project / "data").iterdir()) == ["external.json"]


def test_fetch_data_unknown_name_and_other_commands(capsys):
    assert cli.main(["fetch-data", "dogs.h5"]) == 1
    assert "name must be one of" in capsys.readouterr().err
    assert cli.main(["no-such-command"]) == 2
    assert "check-data" in capsys.readouterr().out


def test_check_data_names_the_notebooks_and_where_to_put_the_files(nowhere, capsys):
    assert cli.main(["check-data"]) == 0
    err = capsys.readouterr().err
    lines = err.splitlines()
    assert lines[0].startswith("warning:")
    for name, entry in datasets.manifest().items():
        line = next(line for line in lines if line.startswith(f"  {name} (missing), needed by: "))
        for url in entry["urls"]:
            assert f"    {url}" in lines
        assert "c2w1_regularization" in line  # the football set, and the cat pictures for data augmentation
        assert ("c1w2_logistic_regression_cats" in line) == (name != "football.mat")
        assert "c1w1_neural_network_basics" not in line
    assert f"$DLNOTES_DATA (now {nowhere / 'env'}) or in {nowhere / 'data'}" in err
    assert "make data" in err
    assert not (nowhere / "data").exists()  # check-data never downloads


def test_check_data_reports_a_damaged_copy(nowhere):
    (nowhere / "env" / "football.mat").write_bytes(b"not the football set")
    warning = cli.check_data()
    assert "  football.mat (damaged), needed by: c2w1_regularization" in warning
    assert f"{nowhere / 'env' / 'football.mat'}: sha256 is" in warning


def test_check_data_is_silent_with_every_file(course_file):
    for name in datasets.manifest():
        course_file(name)
    assert cli.check_data() == ""


def test_every_notebook_that_reads_a_course_file_is_named():
    needing = {nb for name in datasets.manifest() for nb in cli.notebooks_needing(name)}
    assert NEED_DATA <= needing and "c1w1_neural_network_basics" not in needing


def test_notebooks_needing_reads_code_cells_only(tmp_path):
    def notebook(name, *cells):
        (tmp_path / f"{name}.ipynb").write_text(json.dumps(
            {"cells": [{"cell_type": kind, "source": src} for kind, src in cells]}))

    notebook("a", ("code", ["import dlnotes as d\n", "X = d.load_football().X_train"]))
    notebook("b", ("markdown", "load_football is not called here"), ("code", "my_load_football()"))
    notebook("c", ("code", "r = regularization_experiment(lambd=0.7)"))
    assert cli.notebooks_needing("football.mat", tmp_path) == ["a", "c"]
    assert cli.notebooks_needing("train_catvnoncat.h5", tmp_path) == []


def dry_run(target):
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    # as a user types it: not as a sub-make of `make test`, which would add "Entering directory" lines
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS", "MAKEOVERRIDES")}
    run = subprocess.run(["make", "--no-print-directory", "-n", "-o", ".venv/.installed-stamp", target], cwd=ROOT,
                         capture_output=True, text=True, timeout=30, env=env)
    assert run.returncode == 0, run.stderr
    return run.stdout.splitlines()


def test_make_lab_checks_without_failing_and_allows_root():
    lines = dry_run("lab")
    flag = " --allow-root" if os.getuid() == 0 else ""
    assert lines == [".venv/bin/python -m dlnotes check-data", f".venv/bin/jupyter lab{flag} notebooks"]


def test_make_data_stays_strict():
    assert dry_run("data") == [".venv/bin/python -m dlnotes fetch-data"]


def test_every_reader_named_for_check_data_exists():
    """READERS names functions by string (the core imports no lesson): a rename must fail here, not drop a
    notebook from check-data's warning without a word."""
    import importlib
    import pkgutil

    import dlnotes
    import dlnotes.lessons

    modules = [dlnotes] + [importlib.import_module(f"dlnotes.lessons.{m.name}")
                           for m in pkgutil.iter_modules(dlnotes.lessons.__path__)]
    for file, names in cli.READERS.items():
        for name in names:
            assert any(callable(getattr(mod, name, None)) for mod in modules), (file, name)
