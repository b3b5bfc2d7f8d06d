"""Assertions for exercise test cells that tell a learner what went wrong.

Each helper takes what the learner's code produced (``got``), what was expected, a short
description of the input (``what``) and a ``hint``. On failure it raises an
``AssertionError`` whose first line reads ``<what>: expected <expected>, got <got>`` and whose
second line is the hint. The first line is what the grader's table and ``check()`` show.

Pass ``got`` as a zero-argument callable (a ``lambda``) so that the learner's code runs inside
the helper. Then:

- ``NotImplementedError`` (the stub ``raise NotImplementedError()`` that nbgrader leaves in an
  exercise) becomes :class:`ExerciseNotImplemented`, which the grader reports as
  "not implemented";
- any other exception becomes an ``AssertionError`` naming the input and the exception;
- a warning (e.g. numpy's ``RuntimeWarning: overflow encountered in exp``) fails the test with
  the warning's text instead of being printed, and anything the code writes to ``sys.stderr`` is
  swallowed, so a test cell never writes to stderr (nbgrader gives 0 points to a test cell that
  does).

Example:
    >>> expect_close(lambda: 0.1 + 0.2, 0.3, what="0.1 + 0.2")
    >>> expect_equal(lambda: 2 + 2, 5, what="2 + 2", hint="count again")
    Traceback (most recent call last):
    ...
    course_nn.grade.expect.CheckFailed: 2 + 2: expected 5, got 4
    Hint: count again
"""
from __future__ import annotations

import contextlib
import io
import re
import warnings

import numpy as np

__all__ = ["CheckFailed", "ExerciseNotImplemented", "expect_close", "expect_equal", "expect_raises",
           "expect_true", "evaluate"]

NOT_IMPLEMENTED = "not implemented yet"
NOT_IMPLEMENTED_HINT = "replace `raise NotImplementedError()` with your code"


class CheckFailed(AssertionError):
    """A failed check. In a notebook it shows as one short block (what was tried, expected,
    got, the hint) instead of a traceback through the helpers (IPython asks the exception
    how to render itself); it is still an error, so nbgrader scores the cell as failed."""

    def __init__(self, msg: str = "", what: str = "", hint: str = ""):
        super().__init__(msg)
        self.what, self.hint = what, hint

    def _render_traceback_(self):
        lines = str(self).splitlines() or [""]
        return [f"{type(self).__name__}: {lines[0]}", *lines[1:]]


class ExerciseNotImplemented(CheckFailed):
    """The learner's code still raises ``NotImplementedError`` (the exercise stub)."""


def _fail(what: str, text: str, hint: str = "", cls=None, cause=None):
    msg = f"{what}: {text}" if what else text
    if hint:
        msg += f"\nHint: {hint}"
    exc = (cls or CheckFailed)(msg, what, hint)
    # the learner's own exception stays available as __cause__, but is not displayed
    exc.__suppress_context__ = True
    raise exc from cause


def foreign_type(value, depth: int = 0) -> str:
    """The name of the first type inside ``value`` that is not plain data ('' if none).

    Plain data: Python's numbers, strings, None and containers, numpy arrays and scalars,
    course_nn's own classes. A learner's class (for instance one whose ``__eq__`` is always
    true) or a subclass of ``float`` is not: the helpers refuse to compare it."""
    from ._safe_pickle import is_plain_type

    tp = type(value)
    if tp.__name__ == "Remote" and tp.__module__ == "course_nn.grade.remote":
        return value._type
    if tp is type and is_plain_type(value):          # e.g. type(result) compared with float
        return ""
    if not is_plain_type(tp):
        return tp.__qualname__
    if depth > 20:
        return ""
    if isinstance(value, (list, tuple, set, frozenset)):
        return next((t for t in (foreign_type(v, depth + 1) for v in list(value)[:10000]) if t),
                    "")
    if isinstance(value, dict):
        return next((t for t in (foreign_type(v, depth + 1) for kv in list(value.items())[:10000]
                                 for v in kv) if t), "")
    if isinstance(value, np.ndarray) and value.dtype == object:
        return next((t for t in (foreign_type(v, depth + 1) for v in value.ravel()[:10000])
                     if t), "")
    return ""


def _refuse_foreign(value, what, hint, expected_kind="a value"):
    name = foreign_type(value)
    if name:
        _fail(what, f"expected {expected_kind}, got an object of type {name}", hint or
              "return plain numbers, arrays, lists, tuples or dicts")


def _number(x, digits: int) -> str:
    if isinstance(x, (bool, np.bool_)):
        return str(bool(x))
    if isinstance(x, (int, np.integer)):
        return str(int(x))
    x = float(x)
    if x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    return f"{x:.{digits}g}"


def _nested(arr: np.ndarray) -> str:
    if arr.ndim == 0:
        return _number(arr.item(), 4) if arr.dtype.kind in "biuf" else repr(arr.item())
    return "[" + ", ".join(_nested(a) for a in arr) + "]"


def fmt(value, limit: int = 120) -> str:
    """A short one-line rendering of a value for feedback messages.

    >>> fmt(np.array([0.0, 0.5, 1.0])), fmt(np.zeros((2, 2))), fmt(1 / 3)
    ('[0, 0.5, 1]', '[[0, 0], [0, 0]] (shape (2, 2))', '0.333333')
    """
    if isinstance(value, (np.ndarray, np.generic)):
        arr = np.asarray(value)
        if arr.ndim == 0:
            return fmt(arr.item(), limit)
        if arr.size > 12:
            flat = arr.ravel()
            text = f"[{_nested(flat[:3])[1:-1]}, ..., {_nested(flat[-3:])[1:-1]}] (shape {arr.shape})"
        else:
            text = _nested(arr) + (f" (shape {arr.shape})" if arr.ndim > 1 else "")
    elif isinstance(value, (float, int)) and not isinstance(value, bool):
        text = _number(value, 6)
    else:
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def evaluate(got, what: str = ""):
    """Run ``got()`` if it is callable, turning problems into feedback; else return ``got``."""
    if not callable(got):
        return got
    sink = io.StringIO()
    with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stderr(sink):
        warnings.simplefilter("always")
        try:
            value = got()
        except NotImplementedError:
            _fail(what, NOT_IMPLEMENTED, NOT_IMPLEMENTED_HINT, cls=ExerciseNotImplemented)
        except NameError as exc:
            _fail(what, f"{exc}", "run the cell that defines it first (and check the spelling)",
                  cause=exc)
        except (Exception, SystemExit) as exc:
            _fail(what, f"raised {type(exc).__name__}: {exc}", cause=exc)
    if caught:
        w = caught[0]
        _fail(what, f"emitted {w.category.__name__}: {w.message}",
              "a warning usually means an overflow, a division by zero or a NaN")
    return value


def _numeric(value, what, name):
    if value is None:
        _fail(what, f"{name} None", "did your function forget to `return` its result?")
    _refuse_foreign(value, what, "", "numbers")
    try:
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        _fail(what, f"expected numbers, {name} {type(value).__name__} {fmt(value)}")


def _close(value, expected, what, hint, rtol, atol):
    if isinstance(expected, tuple):
        if not isinstance(value, (tuple, list)) or len(value) != len(expected):
            _fail(what, f"expected a tuple of {len(expected)} results, got {fmt(value)}", hint)
        for i, (v, e) in enumerate(zip(value, expected)):
            _close(v, e, f"{what}[{i}]", hint, rtol, atol)
        return
    g = _numeric(value, what, "got")
    e = np.asarray(expected, dtype=float)
    if g.shape != e.shape:
        _fail(what, f"expected shape {e.shape}, got shape {g.shape}: {fmt(g)}", hint)
    ok = np.isclose(g, e, rtol=rtol, atol=atol, equal_nan=True)
    if not ok.all():
        where = ""
        if e.size > 1:
            idx = tuple(int(i) for i in np.argwhere(~ok)[0])
            where = f" (first difference at index {idx[0] if len(idx) == 1 else idx}: " \
                    f"expected {fmt(e[idx])}, got {fmt(g[idx])})"
        _fail(what, f"expected {fmt(e)}, got {fmt(g)}{where}", hint)


def expect_close(got, expected, what: str = "the result", hint: str = "",
                 rtol: float = 1e-6, atol: float = 1e-9):
    """Numbers or arrays equal up to ``rtol``/``atol`` (same shape; NaN only where expected).

    ``expected`` given as a *tuple* means several results (e.g. ``(W, b)``): ``got`` must be a
    tuple or list of that length and each item is compared in turn.

    >>> expect_close(lambda: np.array([1.0, 2.0]), [1.0, 2.5], what="f()")
    Traceback (most recent call last):
    ...
    course_nn.grade.expect.CheckFailed: f(): expected [1, 2.5], got [1, 2] (first difference at index 1: expected 2.5, got 2)
    """
    _close(evaluate(got, what), expected, what, hint, rtol, atol)


def expect_equal(got, expected, what: str = "the result", hint: str = ""):
    """Exactly equal (``==``; arrays: same shape and elements)."""
    value = evaluate(got, what)
    _refuse_foreign(value, what, hint, f"{type(expected).__name__} {fmt(expected)}")
    if not _same(value, expected):
        extra = ""
        if value is None and expected is not None:
            extra = "; did your function forget to `return` its result?"
        _fail(what, f"expected {fmt(expected)}, got {fmt(value)}{extra}", hint)


def _kind(x) -> str:
    if isinstance(x, (bool, np.bool_)):
        return "bool"
    if isinstance(x, (int, np.integer)):
        return "int"
    if isinstance(x, (float, np.floating)):
        return "float"
    if isinstance(x, (complex, np.complexfloating)):
        return "complex"
    return type(x).__name__


def _same(value, expected) -> bool:
    """Equal by value *and* kind: no ``1.0`` for ``True``, no list for a tuple, no str for an
    int; an integer may stand for a float; arrays compare by shape and elements."""
    if isinstance(value, np.ndarray) or isinstance(expected, np.ndarray):
        try:
            return np.shape(value) == np.shape(expected) and bool(np.array_equal(value, expected))
        except (TypeError, ValueError):
            return False
    kv, ke = _kind(value), _kind(expected)
    if kv != ke and not (ke == "float" and kv == "int"):
        return False
    if isinstance(expected, (list, tuple)):
        return len(value) == len(expected) and all(_same(v, e) for v, e in zip(value, expected))
    if isinstance(expected, dict):
        return set(value) == set(expected) and all(_same(value[k], expected[k]) for k in expected)
    try:
        return bool(value == expected)
    except (TypeError, ValueError):
        return False


def expect_true(got, what: str = "the condition", hint: str = ""):
    """``got`` (or ``got()``) is truthy."""
    value = evaluate(got, what)
    _refuse_foreign(value, what, hint, "True")
    if not bool(np.all(value)):
        _fail(what, f"expected True, got {fmt(value)}", hint)


def expect_raises(got, exception, what: str = "the call", hint: str = "", match: str = ""):
    """Calling ``got()`` raises ``exception`` (whose message matches the regex ``match``)."""
    sink = io.StringIO()
    try:
        with warnings.catch_warnings(), contextlib.redirect_stderr(sink):
            warnings.simplefilter("ignore")
            value = got()
    except exception as exc:
        if match and not re.search(match, str(exc)):
            _fail(what, f"raised {type(exc).__name__} as expected, but its message {str(exc)!r} "
                  f"does not mention {match!r}", hint)
        return
    except NotImplementedError:
        _fail(what, NOT_IMPLEMENTED, NOT_IMPLEMENTED_HINT, cls=ExerciseNotImplemented)
    except (Exception, SystemExit) as exc:
        _fail(what, f"expected {exception.__name__}, got {type(exc).__name__}: {exc}", hint,
              cause=exc)
    _fail(what, f"expected {exception.__name__} to be raised, got the result {fmt(value)}", hint)
