"""Checks that turn bad input into errors a learner can act on.

Every message names what was expected and what was given.
"""
from __future__ import annotations

import numbers

import numpy as np


def as_float_array(x, what: str = "input") -> np.ndarray:
    """``x`` as a floating ndarray (float64 unless already floating); clear error otherwise."""
    try:
        arr = np.asarray(x)
    except Exception as exc:  # pragma: no cover - exotic objects
        raise TypeError(f"{what} must be array-like; got {type(x).__name__}") from exc
    if arr.dtype.kind in "biu":
        arr = arr.astype(np.float64)
    elif arr.dtype.kind != "f":
        raise TypeError(f"{what} must hold numbers; got an array of dtype {arr.dtype}")
    return arr


def check_2d(x, n_features: int | None, who: str) -> np.ndarray:
    """A (N, n_features) float array with N >= 1, or a ValueError naming the shapes."""
    x = as_float_array(x, f"{who} input")
    want = f"(N, {n_features})" if n_features is not None else "(N, features)"
    if x.ndim != 2:
        raise ValueError(f"{who} expects inputs of shape {want}; got {x.ndim}-d array of shape {x.shape}")
    if x.shape[0] == 0:
        raise ValueError(f"{who} got an empty batch (shape {x.shape}); expected at least one example")
    if n_features is not None and x.shape[1] != n_features:
        raise ValueError(f"{who} expects inputs of shape {want}; got {x.shape}")
    return x


def check_same_shape(a: np.ndarray, b: np.ndarray, what_a: str, what_b: str):
    if a.shape != b.shape:
        raise ValueError(f"{what_a} and {what_b} must have the same shape; got {a.shape} and {b.shape}")


def check_labels(y, n: int, n_classes: int, who: str) -> np.ndarray:
    """Integer class labels of shape (n,) in [0, n_classes)."""
    y = np.asarray(y)
    if y.ndim != 1 or y.shape[0] != n:
        raise ValueError(f"{who} expects integer labels of shape ({n},); got shape {y.shape}")
    if y.dtype.kind == "f":
        if not np.all(np.equal(np.mod(y, 1), 0)):
            raise ValueError(f"{who} expects integer class labels; got non-integer values such as {y[np.mod(y, 1) != 0][0]}")
        y = y.astype(np.int64)
    elif y.dtype.kind not in "iub":
        raise TypeError(f"{who} expects integer class labels; got dtype {y.dtype}")
    if n and (y.min() < 0 or y.max() >= n_classes):
        bad = y[(y < 0) | (y >= n_classes)][0]
        raise ValueError(f"{who}: label {bad} is out of range; expected labels in [0, {n_classes - 1}] for {n_classes} classes")
    return y.astype(np.int64, copy=False)


def check_probability(p, what: str, low_closed=True, high_closed=False) -> float:
    """A number in [0, 1) (by default); the message says which interval."""
    if not isinstance(p, numbers.Real) or isinstance(p, bool):
        raise TypeError(f"{what} must be a number; got {type(p).__name__}")
    lo_ok = p >= 0 if low_closed else p > 0
    hi_ok = p <= 1 if high_closed else p < 1
    if not (lo_ok and hi_ok and np.isfinite(p)):
        interval = ("[" if low_closed else "(") + "0, 1" + ("]" if high_closed else ")")
        raise ValueError(f"{what} must be in {interval}; got {p}")
    return float(p)


def check_positive(v, what: str, allow_zero: bool = False) -> float:
    if not isinstance(v, numbers.Real) or isinstance(v, bool):
        raise TypeError(f"{what} must be a number; got {type(v).__name__}")
    ok = v >= 0 if allow_zero else v > 0
    if not ok or not np.isfinite(v):
        raise ValueError(f"{what} must be {'>= 0' if allow_zero else '> 0'}; got {v}")
    return float(v)


def check_choice(name, choices, what: str):
    if name not in choices:
        raise ValueError(f"unknown {what} {name!r}; expected one of {sorted(choices)}")
    return name


def check_rng(rng, who: str) -> np.random.Generator:
    """An explicit np.random.Generator; an int seed >= 0 is accepted; None makes a fresh unseeded one."""
    if rng is None:
        return np.random.default_rng()
    if isinstance(rng, (bool, np.bool_)):
        raise TypeError(f"{who} takes rng=np.random.Generator or an int seed >= 0; got the bool {rng} "
                        "(a seed is a number such as rng=0)")
    if isinstance(rng, (int, np.integer)):
        if rng < 0:
            raise ValueError(f"{who} rng seed must be an integer >= 0; got {rng}")
        return np.random.default_rng(int(rng))
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"{who} takes rng=np.random.Generator (e.g. np.random.default_rng(0)) or an int seed; got {type(rng).__name__}")
    return rng


def check_finite(a, what: str):
    """Raise a ValueError naming the first NaN or infinite entry of a numeric array ``a``.

    Data with NaN or inf does not train: the loss becomes NaN at once and the learning rate
    gets the blame. Non-numeric arrays are left to the layers' own checks.
    """
    arr = np.asarray(a)
    if arr.dtype.kind not in "fc" or arr.size == 0:
        return
    bad = ~np.isfinite(arr)
    if bad.any():
        idx = tuple(int(i) for i in np.argwhere(bad)[0])
        kind = "a NaN" if np.isnan(arr[idx]) else "an inf"
        where = f"[{idx[0]}]" if len(idx) == 1 else str(list(idx))
        raise ValueError(f"{what} must be finite numbers; got {int(bad.sum())} NaN/inf value(s), the first "
                         f"{kind} at {what}{where} (clean or impute the data first)")


# --- fast paths for layers: the message (which calls repr) is built only on error --------
def float_input(x, owner, what: str = "input") -> np.ndarray:
    """``as_float_array(x, f"{owner!r} {what}")`` without formatting the name when x is fine."""
    if isinstance(x, np.ndarray) and x.dtype.kind == "f":
        return x
    return as_float_array(x, f"{owner!r} {what}")


def check_2d_for(x, n_features: int, owner) -> np.ndarray:
    """``check_2d(x, n_features, repr(owner))`` with the same fast path."""
    if (isinstance(x, np.ndarray) and x.dtype.kind == "f" and x.ndim == 2
            and x.shape[0] > 0 and x.shape[1] == n_features):
        return x
    return check_2d(x, n_features, repr(owner))
