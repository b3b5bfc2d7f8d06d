"""The kernel's side of the grader's checks: run the learner's code on request, return data.

The grader runs every test cell in its own process (see :mod:`course_nn.grade.remote`). When a
test calls the learner's code, the grader sends this module a request (one silent cell) and
gets back a pickle of *plain data* (:mod:`course_nn.grade._safe_pickle`): objects of other
types stay in the kernel and travel as handles.

Nothing here is trusted. A learner's code may replace this module; all it can then do is
answer the grader's calls with values of its choosing, which is what an answer does anyway:
the expected values, the checks and the verdict never exist in the kernel.
"""
from __future__ import annotations

import base64
import contextlib
import io
import operator
import pickle
import warnings

MIME = "application/vnd.course-nn.rpc"
INLINE_BYTES = 64 * 1024    # larger replies go to a file (see course_nn.grade.remote)
_OBJECTS: dict = {}        # handle -> object kept in the kernel
_IDS: dict = {}            # id(object) -> handle


def _handle(obj) -> int:
    h = _IDS.get(id(obj))
    if h is None or _OBJECTS.get(h) is not obj:
        h = len(_OBJECTS) + 1
        _OBJECTS[h], _IDS[id(obj)] = obj, h
    return h


class _Pickler(pickle.Pickler):
    known: dict = {}                  # id(object) -> its number among the call's arguments

    def persistent_id(self, obj):
        n = self.known.get(id(obj))
        if n is not None:
            return ("a", n)
        from ._safe_pickle import is_allowed_global, is_plain_type
        if is_plain_type(type(obj)):
            return None
        if isinstance(obj, type) or callable(obj) and hasattr(obj, "__qualname__"):
            if is_allowed_global(obj):
                return None
        return ("h", _handle(obj), type(obj).__qualname__)


class _Unpickler(pickle.Unpickler):
    def persistent_load(self, pid):
        return _OBJECTS[pid[1]]


def _dumps(value, known=None) -> bytes:
    buf = io.BytesIO()
    pickler = _Pickler(buf, 5)
    pickler.known = known or {}
    pickler.dump(value)
    return buf.getvalue()


def _mro(cls):
    return [(c.__module__, c.__qualname__) for c in cls.__mro__]


_OPS = {
    "call": lambda t, *a, **k: t(*a, **k),
    "getattr": getattr, "setattr": setattr, "getitem": operator.getitem,
    "setitem": operator.setitem, "len": len, "iter": iter, "next": next,
}


def _lookup(name):
    from IPython import get_ipython
    ns = get_ipython().user_ns
    if name not in ns:
        raise NameError(f"name {name!r} is not defined")
    return ns[name]


def _run(op, target, args, kwargs):
    if op == "lookup":
        return _lookup(target)
    return _OPS[op](target, *args, **kwargs)


def serve(request: str, reply_file=None):
    """Answer one request (base64 pickle of (op, target, args, kwargs)); publish the reply."""
    _publish(_answer(base64.b64decode(request)), reply_file)


def serve_file(request_file: str, reply_file: str):
    """:func:`serve` for a large request, which the grader wrote to ``request_file``."""
    with open(request_file, "rb") as f:
        request = f.read()
    _publish(_answer(request), reply_file)


def _publish(data: bytes, reply_file=None):
    """The reply as display data: inline, or, when large, written to ``reply_file`` (a name the
    grader chose) with "file" published in its place."""
    from IPython.display import publish_display_data

    if reply_file is not None and len(data) > INLINE_BYTES:
        with open(reply_file, "wb") as f:
            f.write(data)
        publish_display_data({MIME: "file"})
    else:
        publish_display_data({MIME: base64.b64encode(data).decode("ascii")})


def _answer(request: bytes) -> bytes:
    op, target, args, kwargs = _Unpickler(io.BytesIO(request)).load()
    before = []
    for a in list(args) + list(kwargs.values()):
        try:
            before.append(_dumps(a))
        except Exception:  # noqa: BLE001 - an argument we cannot compare: never synced back
            before.append(None)
    err = io.StringIO()
    with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stderr(err), \
            contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("always")
        try:
            reply = ("ok", _run(op, target, args, kwargs))
        except StopIteration:
            reply = ("stop", None)
        except BaseException as exc:  # noqa: BLE001 - SystemExit too: the learner's bug
            reply = ("raise", (_mro(type(exc)), str(exc)[:2000]))
    changed = {}
    for i, (a, b) in enumerate(zip(list(args) + list(kwargs.values()), before)):
        try:
            now = _dumps(a)
        except Exception:  # noqa: BLE001
            continue
        if b is not None and now != b:
            changed[i] = now              # plain pickle: the new content, not a reference
    warned = [(_mro(w.category), str(w.message)[:500]) for w in caught[:5]]
    from ._safe_pickle import walk
    known = {id(o): i for i, o in enumerate(walk((args, kwargs)))}
    try:
        data = _dumps((reply, warned, err.getvalue()[:5000], changed), known)
    except Exception as exc:  # noqa: BLE001 - e.g. too deep to pickle
        data = _dumps((("raise", (_mro(type(exc)), f"result cannot be returned: {exc}"[:500])),
                       warned, "", {}))
    return data
