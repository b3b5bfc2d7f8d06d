"""Save and load a model's weights as a ``.npz`` file (plain arrays, no pickle).

The file holds one array per named parameter (``"layers.0.weight"``, as in
``model.named_parameters()``), one per running statistic (any ndarray attribute whose name
starts with ``running_``, such as BatchNorm1d's ``running_mean`` and ``running_var``), and a
marker entry that identifies a course_nn file. Loading writes into the existing arrays, so an
optimizer built on ``model.parameters()`` keeps working.

    >>> import os, tempfile, numpy as np, course_nn as cnn
    >>> net = cnn.Sequential(cnn.Linear(2, 3, rng=0), cnn.BatchNorm1d(3))
    >>> path = os.path.join(tempfile.mkdtemp(), "net.npz")
    >>> cnn.save(net, path)
    >>> sorted(np.load(path).files)[:3]
    ['__course_nn__', 'layers.0.bias', 'layers.0.weight']
    >>> twin = cnn.load(cnn.Sequential(cnn.Linear(2, 3, rng=1), cnn.BatchNorm1d(3)), path)
    >>> np.array_equal(twin[0].weight.value, net[0].weight.value)
    True
"""
from __future__ import annotations

import os
import zipfile

import numpy as np

from ._files import atomic_write
from .module import Module

__all__ = ["save", "load", "state_dict", "load_state_dict"]

MARKER = "__course_nn__"
FORMAT = "course_nn weights v1"


def _buffers(module, prefix=""):
    """(name, module, attribute) of every ndarray attribute named running_* in the module tree."""
    out = []
    for key, v in vars(module).items():
        if key.startswith("running_") and isinstance(v, np.ndarray):
            out.append((prefix + key, module, key))
        elif isinstance(v, Module):
            out += _buffers(v, f"{prefix}{key}.")
        elif isinstance(v, (list, tuple)):
            for i, m in enumerate(v):
                if isinstance(m, Module):
                    out += _buffers(m, f"{prefix}{key}.{i}.")
    return out


def _targets(model, who="state_dict") -> dict:
    """name -> the model's array of that name (parameters, then running statistics)."""
    if not isinstance(model, Module):
        raise TypeError(f"{who} expects a course_nn Module as the model; got {type(model).__name__}")
    arrays = {name: p.value for name, p in model.named_parameters()}
    arrays.update({name: getattr(m, attr) for name, m, attr in _buffers(model)})
    return arrays


def state_dict(model) -> dict:
    """Copies of every parameter and running statistic, by name."""
    return {name: arr.copy() for name, arr in _targets(model).items()}


def load_state_dict(model, state: dict, source: str = "the state"):
    """Copy arrays into the model in place; every name must match, with the same shape."""
    targets = _targets(model, "load_state_dict")
    missing = sorted(set(targets) - set(state))
    extra = sorted(set(state) - set(targets))
    if missing or extra:
        raise ValueError(f"{source} does not match the model: missing keys {missing}, unexpected keys "
                         f"{extra} (was it saved from a model of another architecture?)")
    converted = {}                      # all checked and converted first: loading is all or nothing
    for name, target in targets.items():
        got = np.shape(state[name])
        if got != target.shape:
            raise ValueError(f"{source}: key {name!r} has shape {got}; the model expects {target.shape}")
        value = np.asarray(state[name])
        if value.dtype.kind not in "biuf":
            raise ValueError(f"{source}: key {name!r} holds {value.dtype} values; expected numbers "
                             f"(the model's {target.dtype}); nothing was loaded")
        converted[name] = value.astype(target.dtype, copy=False)
    for name, target in targets.items():
        target[...] = converted[name]
    return model


def save(model, path):
    """Write the model's parameters and running statistics to ``path`` (exactly that name)."""
    arrays = {name: arr.copy() for name, arr in _targets(model, "save").items()}
    try:
        path = os.fspath(path)
    except TypeError:
        raise TypeError(f"save expects a file path; got {type(path).__name__}") from None
    with atomic_write(path) as f:          # never leaves a half-written file under `path`
        np.savez(f, **{MARKER: np.array(FORMAT)}, **arrays)


def _read(path) -> dict:
    """The arrays of a course_nn .npz file, or a ValueError saying it is not one."""
    try:
        data = np.load(path, allow_pickle=False)
        if not isinstance(data, np.lib.npyio.NpzFile):
            raise ValueError("it holds a single array (.npy), not a named set of arrays (.npz)")
        with data:
            if MARKER not in data.files:
                raise ValueError(f"it has no {MARKER!r} entry; it holds {sorted(data.files)[:5]}")
            return {k: data[k] for k in data.files if k != MARKER}
    except FileNotFoundError:
        raise
    except (ValueError, OSError, EOFError, zipfile.BadZipFile, KeyError) as exc:
        raise ValueError(f"{path} is not a course_nn .npz file, or it is damaged ({exc})") from exc
    except AttributeError as exc:        # np.load on a non-file object
        raise TypeError(f"load expects a file path; got {type(path).__name__}") from exc


def load(model, path):
    """Load weights saved by ``save`` into ``model`` (in place) and return the model.

    Raises ValueError naming the key for missing or unexpected entries and for shape
    mismatches, and saying "not a course_nn .npz file" for other or damaged files.
    """
    _targets(model, "load")              # a TypeError for a non-model before any file is read
    return load_state_dict(model, _read(path), source=os.fspath(path))
