"""Finite-difference gradient checks: the way to know a backward pass is right.

Centred differences, one coordinate at a time:

    df/dx_i ~ (f(x + eps e_i) - f(x - eps e_i)) / (2 eps)

with error O(eps^2) from truncation plus about 1e-16 |f| / eps from rounding. Compare with the
analytic gradient by the relative error (``rel_error``)::

    max_i |a_i - b_i| / max_i (|a_i| + |b_i|)

Reading it (in float64, eps = 1e-6): below 1e-7 the backward is right; 1e-7 to 1e-4 look for
a kink or a float32 array; above 1e-2 it is almost certainly wrong. Always check in float64
(float32's rounding error alone is about 1e-7 / eps). Kinks (ReLU at 0, max, hinge) make the
numeric derivative meaningless if x +- eps straddles one: pick inputs away from kinks (random
normal inputs almost never land within 1e-6 of one).

A gradient that is exactly zero everywhere (a Linear bias right before BatchNorm, which
subtracts it again) has no scale to be relative to: rel_error then compares rounding noise
with 0 and reports about 1. Look at the absolute values in that case.

Training never uses finite differences: one pass per parameter is far too slow.

Example:
    >>> import numpy as np
    >>> from course_nn import Linear
    >>> errs = check_module(Linear(3, 2, rng=0), np.ones((4, 3)), rng=0)
    >>> sorted(errs), all(e < 1e-7 for e in errs.values())
    (['bias', 'input', 'weight'], True)
"""
from __future__ import annotations

import copy

import numpy as np

from ._validation import check_positive, check_rng
from .module import Module

__all__ = ["numerical_grad", "rel_error", "check_module", "check_loss", "check_function"]


def numerical_grad(f, x, eps=1e-6):
    """Centred-difference gradient of a scalar function f at x (a loop over coordinates).

    Args:
        f: function of an array with x's shape, returning a number.
        x: the point (copied to float64; f is called with one working copy that is perturbed
            in place and restored, so f must not keep a reference to it).
        eps: the step, > 0.

    Returns:
        float64 array of x's shape.

    Example:
        >>> numerical_grad(lambda v: float(np.sum(v ** 2)), np.array([1.0, -2.0])).round(6)
        array([ 2., -4.])
    """
    if not callable(f):
        raise TypeError(f"numerical_grad differentiates a function f(x) -> number; got {type(f).__name__}")
    check_positive(eps, "numerical_grad eps")
    w = np.array(x, dtype=np.float64)
    grad = np.zeros_like(w)
    for i in range(w.size):
        old = w.flat[i]
        w.flat[i] = old + eps
        f_plus = float(f(w))
        w.flat[i] = old - eps
        f_minus = float(f(w))
        w.flat[i] = old
        grad.flat[i] = (f_plus - f_minus) / (2.0 * eps)
    return grad


def rel_error(a, b):
    """max |a - b| / max(|a| + |b|) over the elements (0 when both are all zero).

    A norm-wise relative error: an entry that is zero up to rounding in both does not make it
    blow up, as an element-by-element ratio would.

    Example:
        >>> rel_error(np.array([1.0, 2.0]), np.array([1.0, 2.0 + 1e-9])) < 1e-9
        True
    """
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"rel_error compares arrays of the same shape; got {a.shape} and {b.shape}")
    if a.size == 0:
        return 0.0
    scale = float(np.max(np.abs(a) + np.abs(b)))
    return float(np.max(np.abs(a - b))) / max(scale, np.finfo(np.float64).tiny)


def _report(errors, tol, what):
    """Raise AssertionError listing the entries above tol (when tol is given)."""
    if tol is None:
        return
    bad = {k: v for k, v in errors.items() if not v < tol}
    if bad:
        lines = ", ".join(f"{k}: {v:.2e}" for k, v in bad.items())
        raise AssertionError(f"gradient check of {what} failed (tol {tol:g}): {lines}")


def _generators(module):
    """Every np.random.Generator held by the module or its children (e.g. Dropout's)."""
    found = [v for v in vars(module).values() if isinstance(v, np.random.Generator)]
    for child in module.children():
        found += _generators(child)
    return found


def check_module(module, x, rng=0, eps=1e-6, tol=None):
    """Check a Module's backward against finite differences, for the input and each Parameter.

    The scalar checked is L = sum(module(x) * R) with a fixed random R, so dL/dout = R. The
    check runs in float64 on a deep copy: the module (its parameters, gradients, running
    statistics, random state) is left untouched. Random layers (Dropout) are made
    deterministic by restoring their generators before every forward pass (a fixed mask).

    Args:
        module: the Module, in the mode to check (``train()`` or ``eval()``).
        x: an input batch, away from kinks.  rng: seed or Generator for R.
        eps: finite-difference step.  tol: if given, raise AssertionError when an error >= tol.

    Returns:
        {"input": err, "<parameter name>": err, ...} with ``rel_error`` values.
    """
    if not isinstance(module, Module):
        raise TypeError(f"check_module checks a course_nn Module (a layer); got {type(module).__name__} "
                        "(for a plain function use check_function(f, df, x))")
    m = copy.deepcopy(module)
    for p in m.parameters():
        p.value, p.grad = p.value.astype(np.float64), np.zeros(p.value.shape)
    x = np.array(x, dtype=np.float64)
    gens = _generators(m)
    states = [g.bit_generator.state for g in gens]

    def forward(v):
        for g, s in zip(gens, states):
            g.bit_generator.state = s
        return m.forward(v)

    R = check_rng(rng, "check_module").standard_normal(np.shape(forward(x)))
    forward(x)
    errors = {"input": m.backward(R)}
    for name, p in m.named_parameters():
        errors[name] = p.grad.copy()
    errors["input"] = rel_error(errors["input"], numerical_grad(lambda v: np.sum(forward(v) * R), x, eps))
    for name, p in m.named_parameters():
        saved = p.value

        def f(v, p=p):
            p.value = v
            return np.sum(forward(x) * R)

        errors[name] = rel_error(errors[name], numerical_grad(f, saved, eps))
        p.value = saved
    _report(errors, tol, repr(module))
    return errors


def check_loss(loss_fn, pred, target, eps=1e-6, tol=None):
    """Check a loss's gradient dL/dpred against finite differences (in float64).

    Args:
        loss_fn: a Loss Module (``loss_fn(pred, target)`` then ``loss_fn.backward()``) or a
            function returning ``(loss, grad)`` such as ``functional.cross_entropy``.
        pred, target: a point away from kinks (hinge losses: margins not exactly 1).

    Returns:
        the relative error (float); raises AssertionError if ``tol`` is given and exceeded.
    """
    if isinstance(loss_fn, type):
        raise TypeError(f"check_loss needs a loss instance: write {loss_fn.__name__}() with parentheses; got "
                        f"the class {loss_fn.__name__} itself")
    if not callable(loss_fn):
        raise TypeError(f"check_loss expects a loss Module or a function returning (loss, grad); got "
                        f"{type(loss_fn).__name__}")
    pred = np.array(pred, dtype=np.float64)

    def value_and_grad(v):
        out = loss_fn(v, target)
        if isinstance(out, tuple):
            return float(out[0]), out[1]
        return float(out), loss_fn.backward()

    analytic = np.array(value_and_grad(pred)[1], dtype=np.float64)
    numeric = numerical_grad(lambda v: value_and_grad(v)[0], pred, eps)
    err = rel_error(analytic, numeric)
    _report({"pred": err}, tol, getattr(loss_fn, "__name__", repr(loss_fn)))
    return err


def check_function(f, df, x, eps=1e-6, tol=None):
    """Check a hand-written derivative df against finite differences of f at x.

    Args:
        f: x -> a number, or an array (then the checked function is sum(f(x)); for an
            element-wise f, df is simply its element-wise derivative f').
        df: x -> the gradient, an array of x's shape.
        x: the point (float64 is used).

    Returns:
        the relative error (float); raises AssertionError if ``tol`` is given and exceeded.

    Example:
        >>> check_function(np.tanh, lambda x: 1 - np.tanh(x) ** 2, np.linspace(-2, 2, 5)) < 1e-7
        True
    """
    x = np.array(x, dtype=np.float64)
    analytic = np.broadcast_to(np.asarray(df(x.copy()), dtype=np.float64), x.shape)
    numeric = numerical_grad(lambda v: np.sum(f(v)), x, eps)
    err = rel_error(analytic, numeric)
    _report({"x": err}, tol, getattr(f, "__name__", repr(f)))
    return err
