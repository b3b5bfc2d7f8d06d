"""Weight initializers: ``f(shape, rng=None, gain=1.0) -> array``.

For a weight matrix of shape ``(fan_in, fan_out)`` (our Linear stores ``x @ W``):

==================  ========================================  ==========================
name                distribution                              variance
==================  ========================================  ==========================
xavier_uniform      U(-a, a), a = gain sqrt(6 / (in + out))   gain^2 * 2 / (in + out)
xavier_normal       N(0, s^2), s = gain sqrt(2 / (in + out))  gain^2 * 2 / (in + out)
he_uniform          U(-a, a), a = gain sqrt(6 / in)           gain^2 * 2 / in
he_normal           N(0, s^2), s = gain sqrt(2 / in)          gain^2 * 2 / in
lecun_uniform       U(-a, a), a = gain sqrt(3 / in)           gain^2 / in
lecun_normal        N(0, s^2), s = gain sqrt(1 / in)          gain^2 / in
==================  ========================================  ==========================

(U(-a, a) has variance a^2 / 3.) Xavier/Glorot: Glorot & Bengio (2010), for tanh/sigmoid;
He/Kaiming: He et al. (2015), for ReLU; LeCun: LeCun et al. (1998, "Efficient BackProp").
Every initializer's values scale linearly with ``gain`` (zeros stay zeros).

Example:
    >>> w = he_uniform((1000, 1000), rng=0)
    >>> round(float(w.var() * 1000 / 2), 1)      # Var = 2 / fan_in
    1.0
"""
from __future__ import annotations

import math

import numpy as np

from ._validation import check_choice, check_positive, check_rng

__all__ = ["zeros", "ones", "constant", "uniform", "normal", "xavier_uniform", "xavier_normal",
           "he_uniform", "he_normal", "lecun_uniform", "lecun_normal", "get", "fans", "INITIALIZERS"]


def _shape(shape):
    shape = (shape,) if isinstance(shape, (int, np.integer)) else tuple(shape)
    if not all(isinstance(s, (int, np.integer)) and s >= 0 for s in shape):
        raise ValueError(f"init shape must be a tuple of non-negative ints such as (fan_in, fan_out); got {shape}")
    return tuple(int(s) for s in shape)


def fans(shape):
    """(fan_in, fan_out) of a weight shape: (in, out) -> (in, out); (n,) -> (n, n);
    (in, d1, d2, ...) -> (in, d1 * d2 * ...)."""
    shape = _shape(shape)
    if len(shape) == 0:
        raise ValueError("fan_in and fan_out need a shape with at least one axis; got ()")
    if len(shape) == 1:
        return shape[0], shape[0]
    return shape[0], math.prod(shape[1:])


def zeros(shape, rng=None, gain=1.0, dtype=np.float64):
    """All zeros. Every unit of a layer then computes the same thing (symmetry): fine for biases."""
    return np.zeros(_shape(shape), dtype=dtype)


def ones(shape, rng=None, gain=1.0, dtype=np.float64):
    """All ``gain`` (1 by default), e.g. a batch-norm scale."""
    return np.full(_shape(shape), float(gain), dtype=dtype)


def constant(shape, value=0.0, rng=None, gain=1.0, dtype=np.float64):
    """All ``gain * value``."""
    return np.full(_shape(shape), float(gain) * float(value), dtype=dtype)


def uniform(shape, low=-1.0, high=1.0, rng=None, gain=1.0, dtype=np.float64):
    """gain * U(low, high): variance gain^2 (high - low)^2 / 12."""
    if not high > low:
        raise ValueError(f"uniform needs low < high; got low={low}, high={high}")
    rng = check_rng(rng, "init.uniform")
    w = rng.uniform(low, high, size=_shape(shape)) * float(gain)
    return w.astype(dtype, copy=False)


def normal(shape, std=1.0, rng=None, gain=1.0, mean=0.0, dtype=np.float64):
    """gain * N(mean, std^2): variance gain^2 std^2."""
    check_positive(std, "init.normal std", allow_zero=True)
    rng = check_rng(rng, "init.normal")
    w = rng.normal(mean, std, size=_shape(shape)) * float(gain)
    return w.astype(dtype, copy=False)


def _sym_uniform(shape, bound, rng, dtype, who):
    return uniform(shape, -bound, bound, rng=check_rng(rng, who), dtype=dtype) if bound > 0 \
        else zeros(shape, dtype=dtype)


def xavier_uniform(shape, rng=None, gain=1.0, dtype=np.float64):
    """Glorot & Bengio (2010): U(-a, a), a = gain sqrt(6 / (fan_in + fan_out)),
    so Var(W) = gain^2 * 2 / (fan_in + fan_out)."""
    fan_in, fan_out = fans(shape)
    bound = gain * math.sqrt(6.0 / max(fan_in + fan_out, 1))
    return _sym_uniform(shape, bound, rng, dtype, "init.xavier_uniform")


def xavier_normal(shape, rng=None, gain=1.0, dtype=np.float64):
    """Glorot & Bengio (2010): N(0, s^2), s = gain sqrt(2 / (fan_in + fan_out))."""
    fan_in, fan_out = fans(shape)
    return normal(shape, gain * math.sqrt(2.0 / max(fan_in + fan_out, 1)), rng=rng, dtype=dtype)


def he_uniform(shape, rng=None, gain=1.0, dtype=np.float64):
    """He et al. (2015), for ReLU: U(-a, a), a = gain sqrt(6 / fan_in), so Var(W) = gain^2 2 / fan_in."""
    fan_in, _ = fans(shape)
    return _sym_uniform(shape, gain * math.sqrt(6.0 / max(fan_in, 1)), rng, dtype, "init.he_uniform")


def he_normal(shape, rng=None, gain=1.0, dtype=np.float64):
    """He et al. (2015), for ReLU: N(0, s^2), s = gain sqrt(2 / fan_in)."""
    fan_in, _ = fans(shape)
    return normal(shape, gain * math.sqrt(2.0 / max(fan_in, 1)), rng=rng, dtype=dtype)


def lecun_uniform(shape, rng=None, gain=1.0, dtype=np.float64):
    """LeCun et al. (1998): U(-a, a), a = gain sqrt(3 / fan_in), so Var(W) = gain^2 / fan_in."""
    fan_in, _ = fans(shape)
    return _sym_uniform(shape, gain * math.sqrt(3.0 / max(fan_in, 1)), rng, dtype, "init.lecun_uniform")


def lecun_normal(shape, rng=None, gain=1.0, dtype=np.float64):
    """LeCun et al. (1998): N(0, s^2), s = gain sqrt(1 / fan_in)."""
    fan_in, _ = fans(shape)
    return normal(shape, gain * math.sqrt(1.0 / max(fan_in, 1)), rng=rng, dtype=dtype)


INITIALIZERS = {
    "zeros": zeros, "ones": ones, "uniform": uniform, "normal": normal,
    "xavier_uniform": xavier_uniform, "xavier_normal": xavier_normal,
    "glorot_uniform": xavier_uniform, "glorot_normal": xavier_normal,
    "he_uniform": he_uniform, "he_normal": he_normal,
    "kaiming_uniform": he_uniform, "kaiming_normal": he_normal,
    "lecun_uniform": lecun_uniform, "lecun_normal": lecun_normal,
}


def get(name):
    """The initializer called ``name`` (a callable is returned unchanged).

    Example:
        >>> get("glorot_uniform") is xavier_uniform
        True
    """
    if callable(name):
        return name
    if not isinstance(name, str):
        raise TypeError(f"an initializer is a name such as 'he_uniform' or a callable; got {type(name).__name__}")
    return INITIALIZERS[check_choice(name, INITIALIZERS, "initializer")]
