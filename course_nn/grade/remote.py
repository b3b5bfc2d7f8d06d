"""Test cells run in the grader's process; only the learner's own code runs in the kernel.

The grader executes each test cell's source here, in a fresh namespace, with the genuine numpy,
course_nn and :mod:`course_nn.grade.expect` of the grader's process. A name the test cell does
not define itself (``sigmoid``, ``MyDropout``) is looked up in the learner's kernel and stands
for a :class:`Remote`: calling it, or a method of an object it returned, runs the learner's code
in the kernel, on copies of the arguments; the result comes back as plain data
(:mod:`course_nn.grade._safe_pickle`) and arguments the call changed are updated here.

So nothing the notebook does can replace the helpers, numpy or the reference functions the
checks use, read the expected values (they never enter the kernel), return an object that
pretends to be equal to anything (such objects stay in the kernel, as handles that the helpers
refuse), or report a failed check as passed (the verdict is this process's exception or not).
"""
from __future__ import annotations

import base64
import builtins
import contextlib
import importlib
import io
import os
import pathlib
import stat
import time
import traceback
import warnings

from . import _safe_pickle
from ._agent import MIME

__all__ = ["Remote", "KernelBroken", "run_test", "opaque"]

_AGENT = "__import__('course_nn.grade._agent', fromlist=['_']).serve({!r})"
_AGENT_FILE = "__import__('course_nn.grade._agent', fromlist=['_']).serve_file({!r}, {!r})"
# Requests and replies larger than this travel as files in the kernel's working folder (the
# grader's temporary copy) instead of inside the message: a 13 MB network as source code costs
# the kernel seconds of parsing, and a 30 MB reply as display data seconds more.
INLINE_BYTES = 64 * 1024


class KernelBroken(BaseException):
    """The kernel timed out or died during a call: the test stops (status in .args[0])."""


class Remote:
    """An object that lives in the learner's kernel (a function, a learner's class or instance)."""

    __slots__ = ("_channel", "_handle", "_type")

    def __init__(self, channel, handle, type_name):
        object.__setattr__(self, "_channel", channel)
        object.__setattr__(self, "_handle", handle)
        object.__setattr__(self, "_type", type_name)

    def __call__(self, *args, **kwargs):
        return self._channel.request("call", self, args, kwargs)

    def __getattr__(self, name):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)           # numpy & co. probe protocols: never remote
        return self._channel.request("getattr", self, (name,), {})

    def __setattr__(self, name, value):
        self._channel.request("setattr", self, (name, value), {})

    def __getitem__(self, key):
        return self._channel.request("getitem", self, (key,), {})

    def __setitem__(self, key, value):
        self._channel.request("setitem", self, (key, value), {})

    def __len__(self):
        return self._channel.request("len", self, (), {})

    def __iter__(self):
        it = self._channel.request("iter", self, (), {})
        while True:
            try:
                yield self._channel.request("next", it, (), {})
            except StopIteration:
                return

    def __eq__(self, other):
        return self is other

    def __ne__(self, other):
        return self is not other

    __hash__ = object.__hash__

    def __bool__(self):
        raise TypeError(f"an object of type {self._type} has no truth value the grader can check")

    def __repr__(self):
        return f"<{self._type} object>"

    def __reduce__(self):
        raise TypeError("a Remote travels only as a handle")


def opaque(value) -> str:
    """The type name of the first learner-defined object inside ``value`` ('' if none)."""
    if isinstance(value, Remote):
        return value._type
    if isinstance(value, (list, tuple, set, frozenset)):
        return next((t for t in map(opaque, value) if t), "")
    if isinstance(value, dict):
        return next((t for t in map(opaque, list(value.keys()) + list(value.values())) if t), "")
    return ""


# --------------------------------------------------------------------- errors and warnings
def _resolve(mro, base):
    """The first class of a remote exception's MRO that exists here and is trusted."""
    for module, name in mro:
        if module == "builtins" and isinstance(getattr(builtins, name, None), type):
            cls = getattr(builtins, name)
        elif (module or "").startswith("course_nn.") and not module.startswith("course_nn.grade") \
                and "." not in name:
            try:
                cls = getattr(importlib.import_module(module), name)
            except (ImportError, AttributeError):
                continue
        else:
            continue
        if isinstance(cls, type) and issubclass(cls, base):
            return cls
    return base


def _raise(mro, message):
    cls = _resolve(mro, BaseException)
    if cls in (KeyboardInterrupt, GeneratorExit) or not issubclass(cls, (Exception, SystemExit)):
        cls = RuntimeError
    name = mro[0][1] if mro else cls.__name__
    if issubclass(cls, NotImplementedError):
        raise NotImplementedError(message)
    try:
        exc = cls(message)
    except Exception:  # noqa: BLE001 - a class with another signature
        exc = RuntimeError(message)
    if name != cls.__name__:
        exc = _renamed(cls, name)(message) if _safe_name(name) else exc
    raise exc


def _safe_name(name: str) -> bool:
    return name.isidentifier() and len(name) < 80


def _renamed(cls, name):
    """A local subclass of ``cls`` called ``name``, so feedback shows the learner's class."""
    try:
        return type(name, (cls,), {"__module__": "learner"})
    except TypeError:
        return cls


# --------------------------------------------------------------------- the channel
class Channel:
    """Requests to the kernel of a :class:`~course_nn.grade.runner.KernelSession`."""

    def __init__(self, session, budget: float):
        # the learner's code may use ``budget`` seconds of kernel time in all (the test's own
        # work in this process does not count against it)
        self.session, self.budget, self.used = session, budget, 0.0
        self.calls = 0

    def _handle(self, pid, known=()):
        if pid[0] == "a":                      # one of the caller's own arguments
            return known[pid[1]]
        return Remote(self, pid[1], str(pid[2])[:80])

    def request(self, op, target, args, kwargs):
        import cloudpickle

        remaining = self.budget - self.used
        if remaining <= 0:
            raise KernelBroken("timeout")
        buf = io.BytesIO()
        pickler = cloudpickle.CloudPickler(buf, protocol=5)
        pickler.persistent_id = lambda obj: ("h", obj._handle) if isinstance(obj, Remote) \
            else None
        pickler.dump((op, target, args, kwargs))
        folder = pathlib.Path(self.session.cwd)
        self.calls += 1
        request = folder / f".course-nn-request-{self.calls}"
        reply_file = folder / f".course-nn-reply-{self.calls}"
        if buf.getbuffer().nbytes > INLINE_BYTES:
            request.write_bytes(buf.getvalue())
            code = _AGENT_FILE.format(request.name, reply_file.name)
        else:
            code = _AGENT.format(base64.b64encode(buf.getvalue()).decode("ascii"))
        t0 = time.monotonic()
        try:
            out = self.session.run(code, store_history=False, timeout=remaining)
        finally:
            self.used += time.monotonic() - t0
            request.unlink(missing_ok=True)
        try:
            data = _reply_bytes(out.rpc, reply_file) if out.rpc else None
        finally:
            reply_file.unlink(missing_ok=True)
        if out.status in ("timeout", "died"):
            raise KernelBroken(out.status)
        if data is None:
            raise RuntimeError("the kernel did not answer the grader "
                               f"({out.ename or 'no reply'}: {out.evalue[:200]})")
        try:
            known = _safe_pickle.walk((args, kwargs))
            reply, warned, stderr, changed = _safe_pickle.loads(
                data, lambda pid: self._handle(pid, known))
            kind, value = reply
        except Exception as exc:  # noqa: BLE001 - a forged or unreadable reply
            raise RuntimeError(f"the kernel's reply could not be read: {exc}") from None
        for mro, message in warned:
            warnings.warn(str(message), _resolve(mro, Warning), stacklevel=3)
        if stderr:
            import sys
            sys.stderr.write(str(stderr))
        every = list(args) + list(kwargs.values())
        for i, new in dict(changed).items():
            if isinstance(i, int) and 0 <= i < len(every) and isinstance(new, bytes):
                try:
                    _sync(every[i], _safe_pickle.loads(new, self._handle))
                except Exception:  # noqa: BLE001 - not plain data: that change is left out
                    pass
        if kind == "ok":
            return value
        if kind == "stop":
            raise StopIteration
        _raise(*value)


def _reply_bytes(rpc: str, reply_file: pathlib.Path) -> bytes:
    """The kernel's reply: inline base64, or "file" when it wrote ``reply_file`` (a name the
    grader chose; read without following links, at most ``_safe_pickle.MAX_BYTES``)."""
    if rpc != "file":
        return base64.b64decode(rpc)
    try:
        fd = os.open(reply_file, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        raise RuntimeError(f"the kernel's reply file could not be read: {exc}") from None
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            raise RuntimeError("the kernel's reply file is not a regular file")
        data = f.read(_safe_pickle.MAX_BYTES + 1)
    return data


def _sync(old, new):
    """Make ``old`` (an argument) hold what the learner's code left in its copy ``new``."""
    import numpy as np

    if old is new or isinstance(old, Remote):
        return
    try:
        if isinstance(old, np.ndarray) and isinstance(new, np.ndarray) and \
                old.shape == new.shape and type(new) is np.ndarray:
            old[...] = new
        elif isinstance(old, list) and isinstance(new, list):
            old[:] = new
        elif isinstance(old, dict) and isinstance(new, dict):
            old.clear()
            old.update(new)
        elif isinstance(old, set) and isinstance(new, set):
            old.clear()
            old.update(new)
        elif isinstance(old, np.random.Generator) and isinstance(new, np.random.Generator):
            old.bit_generator.state = new.bit_generator.state
        elif type(old) is type(new) and hasattr(old, "__dict__"):
            old.__dict__.clear()
            old.__dict__.update(new.__dict__)
    except Exception:  # noqa: BLE001 - a change we cannot mirror is left out
        pass


class _Namespace(dict):
    """The test cell's globals: names it does not define come from the learner's kernel."""

    def __init__(self, channel):
        super().__init__(__name__="__grader_test__", __builtins__=builtins)
        self._channel = channel

    def __missing__(self, name):
        if hasattr(builtins, name):
            raise KeyError(name)
        try:
            return self._channel.request("lookup", name, (), {})
        except NameError:
            raise KeyError(name) from None


# --------------------------------------------------------------------- running a test cell
def _hidden_lines(source: str) -> range:
    lines = source.splitlines()
    start = next((i + 1 for i, ln in enumerate(lines) if ln.strip() == "### BEGIN HIDDEN TESTS"),
                 None)
    if start is None:
        return range(0)
    end = next((i + 1 for i, ln in enumerate(lines) if ln.strip() == "### END HIDDEN TESTS"),
               len(lines) + 1)
    return range(start, end + 1)


def _cell_line(tb, filename):
    """The line of the test cell's top-level statement that raised."""
    for frame, lineno in traceback.walk_tb(tb):
        if frame.f_code.co_filename == filename:
            return lineno
    return None


def redact(exc, ename: str) -> str:
    """The feedback of a failure inside hidden tests: what was tested and the hint, no values."""
    what, hint = getattr(exc, "what", ""), getattr(exc, "hint", "")
    if ename == "ExerciseNotImplemented":
        text = str(exc)
    else:
        kind = "wrong result" if ename == "AssertionError" else f"raised {ename}"
        text = f"{what or 'a hidden test'}: {kind} (hidden test: inputs and expected values " \
               f"are not shown)"
        if hint:
            text += f"\nHint: {hint}"
    return text


def run_test(source: str, name: str, session, timeout: float):
    """Run one test cell here against the learner's kernel; an :class:`Outcome`."""
    from .runner import Outcome

    filename = f"<test cell {name}>"
    channel = Channel(session, timeout)
    ns = _Namespace(channel)
    out, err = io.StringIO(), io.StringIO()
    t0 = time.perf_counter()
    try:
        code = compile(source, filename, "exec")
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), \
                warnings.catch_warnings():
            warnings.simplefilter("default")
            exec(code, ns)  # noqa: S102 - the instructor's test cell
    except KernelBroken as exc:
        return Outcome(exc.args[0], seconds=time.perf_counter() - t0)
    except (KeyboardInterrupt, MemoryError):
        raise
    except BaseException as exc:  # noqa: BLE001 - the test failed, whatever it raised
        ename = type(exc).__name__
        if isinstance(exc, AssertionError) and ename not in ("ExerciseNotImplemented",):
            ename = "AssertionError"
        line = _cell_line(exc.__traceback__, filename)
        evalue = str(exc)
        tb = "".join(traceback.format_exception_only(type(exc), exc))
        if line is not None and line in _hidden_lines(source):
            evalue = redact(exc, ename)
            tb = evalue
        return Outcome("error", ename, evalue, tb, stderr=err.getvalue(),
                       seconds=time.perf_counter() - t0)
    return Outcome("ok", stderr=err.getvalue(), stdout=out.getvalue(),
                   seconds=time.perf_counter() - t0)
