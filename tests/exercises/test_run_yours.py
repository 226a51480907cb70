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


def test_a_correct_adam_in_the_course_loop_prints_the_package_figures():
    """c2w2's run-yours: the solutions' Adam (their own np.random shuffles) and the package's agree to the
    digits the notebook prints after 500 epochs."""
    from dlnotes.exercises.solutions import c2w2 as sol
    from dlnotes.lessons import c2w2_optimization_algorithms as lesson

    yours = lesson.adam_with(sol.random_mini_batches, sol.initialize_adam, sol.update_parameters_with_adam, 500)
    package = lesson.optimizer_experiment("adam", num_epochs=500)
    theirs = package["history"].costs[-1]
    assert f"{yours['accuracy']:.0%} {yours['cost']:.2f}" == f"{package['accuracy']:.0%} {theirs:.2f}"


def test_the_run_summaries_put_the_course_figures_next_to_the_run():
    import types

    import numpy as np

    from dlnotes.lessons import c1w2_logistic_regression_cats as cats2
    from dlnotes.lessons import c1w4_deep_network_cats as cats4

    data = types.SimpleNamespace(X_train=np.ones((3, 4)), Y_train=np.array([[1, 0, 1, 1]]),
                                 X_test=np.ones((3, 2)), Y_test=np.array([[1, 0]]))
    run = {"costs": [0.7 - 0.01 * k for k in range(20)], "Y_prediction_train": np.array([[1, 0, 1, 0]]),
           "Y_prediction_test": np.array([[1, 1]])}
    text = cats2.model_run_summary(run, data)
    assert "cost after iteration 1900: 0.510000   (course: 0.140872)" in text
    assert "train accuracy: 75.00%   (course: 99.04%)" in text and "test accuracy: 50.00%   (course: 70.00%)" in text
    params = cats4.initialize_parameters_deep([3, 2, 1])
    text = cats4.deep_run_summary(params, [0.8, 0.6], data)
    assert "cost after iteration 100: 0.6000   (course: 0.6734)" in text and "after 101 iterations" in text
