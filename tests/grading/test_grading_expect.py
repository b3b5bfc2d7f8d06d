"""The assertion helpers of test cells: messages a learner can act on."""
import warnings

import numpy as np
import pytest

from course_nn.grade.expect import ExerciseNotImplemented, expect_close, expect_equal, \
    expect_raises, expect_true, fmt


def _message(fn):
    with pytest.raises(AssertionError) as info:
        fn()
    return str(info.value)


def test_passing_checks_are_silent(capsys):
    expect_close(lambda: np.array([0.1 + 0.2, 1.0]), [0.3, 1.0])
    expect_close(lambda: (np.eye(2), 1.0), (np.eye(2), 1.0))
    expect_equal(lambda: (3, 2), (3, 2))
    expect_equal(np.arange(3), np.arange(3))
    expect_true(lambda: np.all(np.ones(3) > 0))
    expect_raises(lambda: int("x"), ValueError, match="invalid literal")
    assert capsys.readouterr() == ("", "")


def test_failure_names_input_expected_got_and_hint():
    msg = _message(lambda: expect_close(lambda: np.array([1.0, 2.0]), [1.0, 2.5],
                                        what="f([1, 2])", hint="add one half"))
    first, second = msg.splitlines()
    assert first == ("f([1, 2]): expected [1, 2.5], got [1, 2] "
                     "(first difference at index 1: expected 2.5, got 2)")
    assert second == "Hint: add one half"


def test_not_implemented_is_its_own_assertion():
    def stub(x):
        raise NotImplementedError()

    for helper in (lambda: expect_close(lambda: stub(1), 1.0, what="stub(1)"),
                   lambda: expect_equal(lambda: stub(1), 1, what="stub(1)"),
                   lambda: expect_raises(lambda: stub(1), ValueError, what="stub(1)")):
        with pytest.raises(ExerciseNotImplemented, match=r"^stub\(1\): not implemented yet"):
            helper()


def test_warnings_fail_instead_of_printing(capsys):
    with warnings.catch_warnings():
        warnings.simplefilter("error")       # the helper must not leak the warning
        msg = _message(lambda: expect_close(lambda: 1 / (1 + np.exp(np.array([1000.0]))), [0.0],
                                            what="sigmoid(-1000)"))
    assert msg.startswith("sigmoid(-1000): emitted RuntimeWarning: overflow")
    assert capsys.readouterr().err == ""


def test_exceptions_stderr_and_missing_names():
    def noisy():
        import sys
        print("debug", file=sys.stderr)
        return 1

    expect_equal(noisy, 1)
    msg = _message(lambda: expect_equal(lambda: undefined_name, 1, what="x"))  # noqa: F821
    assert "name 'undefined_name' is not defined" in msg and "Hint: run the cell" in msg
    msg = _message(lambda: expect_close(lambda: np.ones(2) @ np.ones(3), 0.0, what="dot"))
    assert msg.startswith("dot: raised ValueError")
    assert "forget to `return`" in _message(lambda: expect_close(lambda: None, 1.0))
    assert "expected shape (3,), got shape (3, 1)" in _message(
        lambda: expect_close(np.zeros((3, 1)), np.zeros(3)))
    assert "expected ValueError to be raised, got the result 1" in _message(
        lambda: expect_raises(lambda: 1, ValueError))
    assert "expected a tuple of 2 results" in _message(lambda: expect_close(1.0, (1.0, 2.0)))


def test_nan_only_where_expected():
    expect_close([np.nan, 1.0], [np.nan, 1.0])
    assert "got [nan, 1]" in _message(lambda: expect_close([np.nan, 1.0], [0.0, 1.0]))


def test_fmt_is_short():
    assert fmt(np.arange(100.0)).startswith("[0, 1, 2, ..., 97, 98, 99] (shape (100,))")
    assert len(fmt("x" * 1000)) == 120
