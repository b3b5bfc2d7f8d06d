"""``cnn.grade.check("sigmoid")`` in a notebook: run an exercise's tests now, hidden ones included.

The tests come from the solution notebook of the assignment (found through the notebook's path
that JupyterLab gives the kernel, else the working directory's name) and run against the
notebook's variables, in a copy of its namespace so they never overwrite your variables.
Each test cell prints the same line as the command-line grader.
"""
from __future__ import annotations

import contextlib
import io
import os
import pathlib
import sys
import traceback

from .grader import CellResult, _pts, classify, extra_lines, format_line, id_width
from .notebook import GradingError, find_solutions_dir, load_solution, read_notebook
from .runner import Outcome

__all__ = ["check", "run_checks"]


def _namespace(depth: int = 2) -> dict:
    try:
        from IPython import get_ipython
        shell = get_ipython()
    except ImportError:  # pragma: no cover - IPython comes with Jupyter
        shell = None
    if shell is not None:
        return shell.user_ns
    return sys._getframe(depth).f_globals


def _ids(path) -> set:
    try:
        nb = read_notebook(path)
    except GradingError:
        return set()
    ids = set()
    for cell in nb["cells"]:
        gid = ((cell.get("metadata") or {}).get("nbgrader") or {}).get("grade_id")
        if gid:
            ids.add(gid)
    return ids


def locate(grade_id=None, assignment=None, solutions=None, namespace=None) -> pathlib.Path:
    """The solution notebook holding ``grade_id`` for the notebook that is running."""
    root = find_solutions_dir(solutions)
    session = (namespace or {}).get("__session__") or os.environ.get("JPY_SESSION_NAME")
    cands = []
    if session:
        p = pathlib.Path(str(session))
        cands.append(root / (assignment or p.parent.name) / p.name)
        cands += sorted(root.glob(f"*/{p.name}")) if not assignment else []
    folder = assignment or pathlib.Path.cwd().name
    cands += sorted((root / folder).glob("*.ipynb"))
    if not assignment and grade_id is not None:      # a unique exercise name is enough
        cands += sorted(root.glob("*/*.ipynb"))
    for cand in cands:
        if cand.is_file() and (grade_id is None or grade_id in _ids(cand)):
            return cand
    what = f"exercise {grade_id!r}" if grade_id else "this notebook's assignment"
    raise GradingError(f"cannot find the solution notebook for {what} under {root} "
                       f"(pass assignment='01_neuron', say)")


def _select(sol, grade_id):
    if grade_id is None:
        return sol.tests
    if grade_id in sol.exercises:
        return sol.exercises[grade_id].tests
    tests = [t for t in sol.tests if t.grade_id == grade_id]
    if not tests:
        raise GradingError(f"no exercise {grade_id!r} in {sol.path.name}; its exercises are "
                           f"{', '.join(sol.exercises)}")
    return tests


def _run_test(source: str, name: str, namespace: dict) -> Outcome:
    ns = dict(namespace)             # the test's own names never overwrite the learner's
    err = io.StringIO()
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
            exec(compile(source, f"<test cell {name}>", "exec"), ns)  # noqa: S102
    except KeyboardInterrupt:
        raise
    except BaseException as exc:     # noqa: BLE001 - SystemExit too: it is the learner's bug
        tb = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        return Outcome("error", type(exc).__name__, str(exc), tb, stderr=err.getvalue())
    return Outcome("ok", stderr=err.getvalue())


def run_checks(grade_id=None, assignment=None, solutions=None, namespace=None) -> list:
    """Run the tests and return a list of :class:`~course_nn.grade.grader.CellResult`."""
    ns = namespace if namespace is not None else _namespace()
    sol = load_solution(locate(grade_id, assignment, solutions, ns))
    results = []
    for t in _select(sol, grade_id):
        status, points, msg, details = classify(_run_test(t.source, t.grade_id, ns), t.points)
        results.append(CellResult(t.grade_id, t.exercise, points, t.points, status, msg, details))
    return results


def check(grade_id=None, *, assignment=None, solutions=None, namespace=None):
    """Run the tests of exercise ``grade_id`` (all exercises if None) and print feedback.

    Args:
        grade_id: an exercise name (the answer cell's grade_id, e.g. ``"sigmoid"``) or a test
            cell's grade_id (``"sigmoid_test"``).
        assignment: the assignment folder name, if it cannot be guessed (``"01_neuron"``).
        solutions: the folder of solution notebooks (default: the course's solutions/).
        namespace: the variables to test (default: the notebook's).

    Example (in a notebook)::

        cnn.grade.check("sigmoid")
        # sigmoid_test                 2 / 2    pass
    """
    if os.environ.get("COURSE_NN_GRADING") or os.environ.get("NBGRADER_EXECUTION"):
        print("check() skipped: the notebook is being graded")
        return None
    ns = namespace if namespace is not None else _namespace()
    try:
        results = run_checks(grade_id, assignment, solutions, ns)
    except GradingError as exc:
        print(f"check(): {exc}")
        return None
    w = id_width(results)
    for r in results:
        print(format_line(r, id_width=w))
        if r.status != "pass":
            for ln in extra_lines(r):
                print("    " + ln)
    if len(results) > 1:
        score, total = sum(r.points for r in results), sum(r.max_points for r in results)
        print(f"{'total':<{w}} {_pts(score):>5} / {_pts(total)}")
    return None
