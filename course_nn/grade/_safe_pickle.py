"""Plain data across the grader's process boundary: what may come out of a learner's kernel.

Values travel from the kernel to the grader as pickles that may only rebuild *plain data*:
Python's numbers, strings, bytes, None, tuples, lists, dicts, sets; numpy arrays, scalars,
dtypes and random generators; and objects of course_nn's own classes (layers, models,
optimizers) holding such data. Anything else (a learner's class, a subclass of ``float``
with an ``__eq__`` that is always true, a function) never crosses: the kernel replaces it with
a *handle*, and the grader sees an opaque :class:`~course_nn.grade.remote.Remote`.

:func:`loads` is the grader's side and the only one that matters for safety: its unpickler
refuses every global outside the list below, so a forged message can rebuild nothing else
(and in particular call no function that does I/O).
"""
from __future__ import annotations

import importlib
import io
import pickle

__all__ = ["PLAIN_TYPES", "is_plain_type", "loads", "UnsafePickle"]

MAX_BYTES = 256 * 2**20

# (module, name) globals a numpy value needs to be rebuilt (numpy 1.x and 2.x spellings)
_NUMPY = {
    ("numpy", "dtype"), ("numpy", "ndarray"),
    ("numpy.core.multiarray", "scalar"), ("numpy._core.multiarray", "scalar"),
    ("numpy.core.multiarray", "_reconstruct"), ("numpy._core.multiarray", "_reconstruct"),
    ("numpy.core.numeric", "_frombuffer"), ("numpy._core.numeric", "_frombuffer"),
    ("numpy.random._pickle", "__generator_ctor"), ("numpy.random._pickle", "__bit_generator_ctor"),
    ("numpy.random._pickle", "__randomstate_ctor"),
    ("numpy.random.bit_generator", "__pyx_unpickle_SeedSequence"),
    ("numpy.random.bit_generator", "SeedSequence"),
    ("numpy.random._pcg64", "PCG64"), ("numpy.random._pcg64", "PCG64DXSM"),
    ("numpy.random._mt19937", "MT19937"), ("numpy.random._philox", "Philox"),
    ("numpy.random._sfc64", "SFC64"),
}
_BUILTINS = {"complex", "set", "frozenset", "slice", "range", "bytearray"}


class UnsafePickle(pickle.UnpicklingError):
    """The message asked to rebuild something that is not plain data."""


def _course_class(module: str, name: str):
    if not (module == "course_nn" or module.startswith("course_nn.")) or \
            module.startswith("course_nn.grade") or "." in name:
        return None
    try:
        obj = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None
    if isinstance(obj, type) and (obj.__module__ or "").startswith("course_nn.") and \
            not obj.__module__.startswith("course_nn.grade"):
        return obj
    return None


def is_plain_type(tp) -> bool:
    """True for the exact types allowed to cross (no subclasses of them)."""
    import numpy as np

    if tp in PLAIN_TYPES:
        return True
    if isinstance(tp, type) and issubclass(tp, np.generic) and tp.__module__ == "numpy":
        return True
    if isinstance(tp, type) and issubclass(tp, np.dtype) and tp.__module__.startswith("numpy"):
        return True
    mod = getattr(tp, "__module__", "") or ""
    if mod.startswith("numpy.random") and tp.__name__ in (
            "Generator", "PCG64", "PCG64DXSM", "MT19937", "Philox", "SFC64", "SeedSequence",
            "RandomState"):
        return True
    return _course_class(mod, getattr(tp, "__qualname__", "")) is tp


def _plain_types():
    import numpy as np
    return {int, float, bool, complex, str, bytes, bytearray, type(None), tuple, list, dict, set,
            frozenset, slice, range, np.ndarray, np.dtype, pickle.PickleBuffer}


PLAIN_TYPES = _plain_types()


def allowed_global(module: str, name: str):
    """The object a message may refer to as ``module.name`` (None: refused)."""
    if (module, name) in _NUMPY or module == "builtins" and name in _BUILTINS:
        try:
            return getattr(importlib.import_module(module), name)
        except (ImportError, AttributeError):
            return None
    return _course_class(module, name)


def is_allowed_global(obj) -> bool:
    """True for a class or function that a message may name (pickled by reference)."""
    module, name = getattr(obj, "__module__", None), getattr(obj, "__qualname__", None)
    if not isinstance(module, str) or not isinstance(name, str):
        return False
    if (module, name) not in _NUMPY and not (module == "builtins" and name in _BUILTINS) and \
            _course_class(module, name) is None:
        # numpy's pickles name some functions by another module than __module__
        return any(n == name and allowed_global(m, n) is obj for m, n in _NUMPY)
    return allowed_global(module, name) is obj


class _Unpickler(pickle.Unpickler):
    def __init__(self, file, handles):
        super().__init__(file)
        self._handles = handles

    def find_class(self, module, name):
        obj = allowed_global(module, name)
        if obj is None:
            raise UnsafePickle(f"refused to rebuild {module}.{name}")
        return obj

    def persistent_load(self, pid):
        if self._handles is None:
            raise UnsafePickle("unexpected handle")
        return self._handles(pid)


def walk(value, limit: int = 20000) -> list:
    """The mutable objects reachable from ``value`` (the arguments of a call), in a fixed
    order, so that both sides number them alike: a result that *is* one of them comes back
    as the caller's own object, not a copy."""
    import numpy as np

    out, seen, stack = [], set(), [value]
    while stack and len(out) < limit:
        obj = stack.pop()
        if id(obj) in seen:
            continue
        if isinstance(obj, tuple):                  # immutable: its identity means nothing
            seen.add(id(obj))
            stack.extend(reversed(obj))
        elif isinstance(obj, (list, dict, set, np.ndarray)) or hasattr(obj, "__dict__") and \
                not isinstance(obj, type) and not callable(obj):
            seen.add(id(obj))
            out.append(obj)
            if isinstance(obj, list):
                stack.extend(reversed(obj))
            elif isinstance(obj, dict):
                stack.extend(reversed(list(obj.values())))
            elif hasattr(obj, "__dict__") and not isinstance(obj, np.ndarray):
                stack.extend(reversed(list(vars(obj).values())))
    return out


def loads(data: bytes, handles=None):
    """Rebuild plain data; ``handles(pid)`` turns the kernel's handles into local objects."""
    if len(data) > MAX_BYTES:
        raise UnsafePickle(f"message of {len(data)} bytes is too large")
    return _Unpickler(io.BytesIO(data), handles).load()
