"""Element-wise activations, softmax and friends as pure functions (re-exported by ``functional``).

Each activation comes as a pair ``*_forward(x, ...) -> (out, cache)`` and
``*_backward(dout, cache) -> dx``. None of them writes into ``x``. Functions that
call ``exp`` silence only *underflow* (exp(-1000) = 0 is the right answer), so they
stay quiet even under ``np.errstate(all="raise")``.
"""
from __future__ import annotations

import math

import numpy as np

from ._validation import check_choice

__all__ = [
    "erf", "erfc",
    "relu_forward", "relu_backward", "leaky_relu_forward", "leaky_relu_backward",
    "prelu_forward", "prelu_backward", "sigmoid", "sigmoid_forward", "sigmoid_backward",
    "tanh_forward", "tanh_backward", "elu_forward", "elu_backward",
    "gelu_forward", "gelu_backward", "softmax", "log_softmax", "logsumexp",
    "softmax_forward", "softmax_backward",
]

_SQRT_PI = math.sqrt(math.pi)
_SQRT_2 = math.sqrt(2.0)
_GELU_C = math.sqrt(2.0 / math.pi)   # constant of GELU's tanh approximation
_GELU_K = 0.044715
_SWITCH = 1.5                        # |x| where erf/erfc switch from series to fraction


def _exp_minus_square(z):
    """exp(-z**2) without the rounding error of z**2: z = zh + zl with zh**2 exact."""
    zh = np.floor(z * 4096.0) / 4096.0
    return np.exp(-zh * zh) * np.exp(-(z - zh) * (z + zh))


def _erf_small(z):
    """erf(z) = 2/sqrt(pi) exp(-z^2) sum_n z (2z^2)^n / (1*3*...*(2n+1)); all terms positive."""
    two_z2 = 2.0 * z * z
    term = z.copy()
    total = z.copy()
    for n in range(1, 25):       # 25 terms: < 1e-15 relative error for |z| < 1.5
        term *= two_z2 / (2 * n + 1)
        total += term
    return (2.0 / _SQRT_PI) * _exp_minus_square(z) * total


def _erfc_large(z):
    """erfc(z) = exp(-z^2) / sqrt(pi) / (z + (1/2)/(z + 1/(z + (3/2)/(z + ...)))), z >= 1.5."""
    f = z.copy()
    for k in range(100, 0, -1):  # continued fraction, evaluated from the bottom up
        f = z + (0.5 * k) / f
    return _exp_minus_square(z) / (_SQRT_PI * f)


@np.errstate(under="ignore")
def erfc(x):
    """Complementary error function 1 - erf(x), accurate in the far tails too.

    Pure numpy (no scipy): a positive series for |x| < 1.5, a continued fraction beyond;
    relative error below about 1e-15 against ``math.erfc`` for x >= 1.5, 5e-14 below.

    Example:
        >>> f"{float(erfc(np.array(3.0))):.12e}"   # 1 - erf(3) without cancellation
        '2.209049699859e-05'
    """
    x = np.asarray(x, dtype=np.float64)     # computed in float64
    z = np.abs(x)
    out = np.empty_like(z)
    small = z < _SWITCH
    out[small] = 1.0 - _erf_small(z[small])
    out[~small] = _erfc_large(z[~small])
    return np.where(x < 0, 2.0 - out, out)


@np.errstate(under="ignore")
def erf(x):
    """Error function erf(x) = 2/sqrt(pi) * integral_0^x exp(-t^2) dt, element-wise.

    Pure numpy (no scipy); relative error below about 2e-15 against ``math.erf``.

    Example:
        >>> round(float(erf(np.array(1.0))), 12)
        0.84270079295
    """
    x = np.asarray(x, dtype=np.float64)     # computed in float64
    z = np.abs(x)
    out = np.empty_like(z)
    small = z < _SWITCH
    out[small] = _erf_small(z[small])
    out[~small] = 1.0 - _erfc_large(z[~small])
    return np.copysign(out, x)


def relu_forward(x):
    """ReLU: out = max(0, x), element-wise. Returns (out, cache)."""
    mask = x > 0
    return np.maximum(x, 0.0), mask      # a new array: never write into the caller's x


def relu_backward(dout, mask):
    """dx = dout where x > 0, else 0 (the subgradient 0 at x = 0)."""
    return dout * mask


def leaky_relu_forward(x, negative_slope=0.01):
    """Leaky ReLU: out = x if x > 0 else negative_slope * x. Returns (out, cache)."""
    mask = x > 0
    return np.where(mask, x, negative_slope * x), (mask, negative_slope)


def leaky_relu_backward(dout, cache):
    """dx = dout where x > 0, else negative_slope * dout."""
    mask, slope = cache
    return np.where(mask, dout, slope * dout)


def _channel_shape(x, a):
    """Shape that broadcasts PReLU's slopes a (C,) along axis 1 of x (as PyTorch)."""
    if a.size == 1 or x.ndim < 2:
        return a.reshape(())
    return a.reshape((1, a.size) + (1,) * (x.ndim - 2))


def prelu_forward(x, a):
    """PReLU: out = x if x > 0 else a * x, with learnable slope(s) a of shape (1,) or (C,).

    With C slopes, slope c applies to channel c = axis 1 of x. Returns (out, cache).
    """
    a_b = _channel_shape(x, a).astype(x.dtype, copy=False)
    mask = x > 0
    return np.where(mask, x, a_b * x), (x, a, mask)


def prelu_backward(dout, cache):
    """dx = dout if x > 0 else a * dout;  da = sum of dout * x over x <= 0 (per channel).

    Returns (dx, da) with da of a's shape.
    """
    x, a, mask = cache
    a_b = _channel_shape(x, a).astype(dout.dtype, copy=False)
    dx = np.where(mask, dout, a_b * dout)
    contrib = np.where(mask, 0.0, dout * x)
    if a.size == 1 or x.ndim < 2:
        da = np.reshape(contrib.sum(), a.shape)
    else:
        axes = (0,) + tuple(range(2, x.ndim))
        da = contrib.sum(axis=axes).reshape(a.shape)
    return dx, da


@np.errstate(under="ignore")
def sigmoid(x):
    """Numerically stable logistic sigmoid 1 / (1 + exp(-x)).

    With e = exp(-|x|) (never overflows): sigmoid = 1 / (1 + e) for x >= 0, e / (1 + e) else.

    Example:
        >>> sigmoid(np.array([-1000.0, 0.0, 1000.0]))
        array([0. , 0.5, 1. ])
    """
    x = np.asarray(x)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0, e) / (1.0 + e)


def sigmoid_forward(x):
    """out = sigmoid(x) (stable). Returns (out, cache = out)."""
    out = sigmoid(x)
    return out, out


@np.errstate(under="ignore")
def sigmoid_backward(dout, out):
    """dx = dout * s * (1 - s) with s = sigmoid(x): the derivative is at most 0.25."""
    return dout * out * (1.0 - out)


def tanh_forward(x):
    """out = tanh(x). Returns (out, cache = out)."""
    out = np.tanh(x)
    return out, out


def tanh_backward(dout, out):
    """dx = dout * (1 - tanh(x)**2)."""
    return dout * (1.0 - out * out)


@np.errstate(under="ignore")
def elu_forward(x, alpha=1.0):
    """ELU: out = x if x > 0 else alpha * (exp(x) - 1). Returns (out, cache)."""
    mask = x > 0
    neg = alpha * np.expm1(np.minimum(x, 0))     # min: exp is never evaluated at large x
    return np.where(mask, x, neg), (mask, neg, alpha)


def elu_backward(dout, cache):
    """dx = dout if x > 0 else dout * alpha * exp(x) = dout * (out + alpha)."""
    mask, neg, alpha = cache
    return np.where(mask, dout, dout * (neg + alpha))


@np.errstate(under="ignore", over="ignore")
def gelu_forward(x, approximate="none"):
    """GELU: out = x * Phi(x), Phi the standard normal CDF. Returns (out, cache).

    approximate="none" (PyTorch's default): Phi(x) = erfc(-x / sqrt(2)) / 2, exactly.
    approximate="tanh": Phi(x) ~ (1 + tanh(sqrt(2/pi) * (x + 0.044715 x^3))) / 2.
    """
    check_choice(approximate, ("none", "tanh"), "GELU approximate")
    if approximate == "none":
        phi_cdf = (0.5 * erfc(-x / _SQRT_2)).astype(x.dtype, copy=False)
        return x * phi_cdf, (x, phi_cdf, approximate)
    t = np.tanh(_GELU_C * (x + _GELU_K * x * x * x))
    return 0.5 * x * (1.0 + t), (x, t, approximate)


@np.errstate(under="ignore", over="ignore")
def gelu_backward(dout, cache):
    """exact: dx = dout * (Phi(x) + x * exp(-x^2/2) / sqrt(2 pi));  tanh: the derivative of
    0.5 x (1 + t), t = tanh(u), u = c (x + k x^3): 0.5 (1 + t) + 0.5 x (1 - t^2) c (1 + 3 k x^2).
    """
    x, saved, approximate = cache
    if approximate == "none":
        pdf = np.exp(-0.5 * x * x) / math.sqrt(2.0 * math.pi)
        return dout * (saved + x * pdf)
    t = saved
    du = _GELU_C * (1.0 + 3.0 * _GELU_K * x * x)
    return dout * (0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * du)


@np.errstate(under="ignore")
def logsumexp(x, axis=-1, keepdims=False):
    """log(sum(exp(x))) along ``axis``, stable: m + log(sum(exp(x - m))) with m = max(x).

    Example:
        >>> float(logsumexp(np.array([1000.0, 1000.0])))   # 1000 + log 2
        1000.6931471805599
    """
    x = np.asarray(x)
    m = x.max(axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)       # rows of -inf: avoid inf - inf
    out = m + np.log(np.exp(x - m).sum(axis=axis, keepdims=True))
    return out if keepdims else np.squeeze(out, axis=axis)


@np.errstate(under="ignore")
def softmax(x, axis=-1):
    """softmax(x)_i = exp(x_i - max(x)) / sum_j exp(x_j - max(x)) along ``axis``.

    Subtracting the max changes nothing mathematically (softmax is shift-invariant)
    but keeps exp from overflowing.

    Example:
        >>> softmax(np.array([1000.0, 1000.0, -1000.0]))
        array([0.5, 0.5, 0. ])
    """
    x = np.asarray(x)
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    e /= e.sum(axis=axis, keepdims=True)
    return e


def log_softmax(x, axis=-1):
    """log(softmax(x)) = x - logsumexp(x), stable (never takes log(0))."""
    return x - logsumexp(x, axis=axis, keepdims=True)


def softmax_forward(x):
    """out = softmax(x) over the last axis. Returns (out, cache = out)."""
    out = softmax(x, axis=-1)
    return out, out


@np.errstate(under="ignore")
def softmax_backward(dout, out):
    """dx = s * (dout - sum(dout * s)) per row (the Jacobian diag(s) - s s^T times dout)."""
    return out * (dout - (dout * out).sum(axis=-1, keepdims=True))
