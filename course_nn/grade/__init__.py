"""Grading: the command-line grader and ``check()`` for use inside a notebook.

- ``cnn.grade.check("sigmoid")`` runs one exercise's tests (hidden ones included) against the
  notebook's variables and prints one feedback line; ``check()`` runs all of them.
- ``course-nn-grade PATH... [--json REPORT] [--timeout SECONDS]`` (or
  ``python -m course_nn.grade``) grades whole notebooks in a fresh kernel, on a copy.
- :mod:`course_nn.grade.expect` holds the assertion helpers that test cells use.

See docs/GRADING.md. Importing this package is light: nbclient is loaded only to grade.

Example:
    >>> from course_nn.grade import expect
    >>> expect.expect_equal(lambda: 3 * 4 + 4 * 2 + 4 + 2, 26, what="parameters of 3-4-2")
"""
from __future__ import annotations

from . import expect  # noqa: F401
from .check import check, run_checks
from .cli import main
from .grader import grade_notebook
from .notebook import GradingError, validate_solution

__all__ = ["check", "run_checks", "main", "grade_notebook", "GradingError", "validate_solution",
           "expect"]
