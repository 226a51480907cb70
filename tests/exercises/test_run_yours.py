"""run_yours: the learner's run when their functions work, the package's (said so) while they are stubs or raise."""

from dlnotes.exercises.run_yours import WHOSE, run_yours


def _stub():
    raise NotImplementedError


def test_yours_when_it_runs(capsys):
    assert run_yours(lambda: 1, lambda: 2, "model") == 1
    assert capsys.readouterr().out == f"{WHOSE} yours (model)\n"


def test_the_package_while_a_function_is_a_stub(capsys):
    assert run_yours(_stub, lambda: 2, "model, optimize") == 2
    out = capsys.readouterr().out
    assert out.startswith(f"{WHOSE} the package's") and "model, optimize: not all written yet" in out


def test_the_package_when_yours_raises_and_the_error_is_shown(capsys):
    assert run_yours(lambda: 1 / 0, lambda: 2, "model") == 2
    out = capsys.readouterr().out
    assert out.startswith(f"{WHOSE} the package's") and "ZeroDivisionError" in out
