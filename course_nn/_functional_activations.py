"""Element-wise activations, softmax and friends as pure functions (re-exported by ``functional``).

Each activation comes as a pair ``*_forward(x, ...) -> (out, cache)`` and
``*_backward(dout, cache) -> dx``. None of them writes into ``x``. The functions that
call ``exp`` (sigmoid, softmax, logsumexp, ELU, GELU) silence only *underflow* (exp(-1000) = 0
is the right answer), so for inputs up to 1e3 in size they stay quiet even under
``np.errstate(all="raise")``.
"""
from __future__ import annotations

import math

import numpy as np

from ._erf import erf, erfc
from ._validation import check_choice

__all__ = [
    "erf", "erfc", "relu_forward", "relu_backward", "leaky_relu_forward", "leaky_relu_backward",
    "prelu_forward", "prelu_backward", "sigmoid", "sigmoid_forward", "sigmoid_backward",
    "tanh_forward", "tanh_backward", "elu_forward", "elu_backward",
    "gelu_forward", "gelu_backward", "softmax", "log_softmax", "logsumexp",
    "softmax_forward", "softmax_backward",
]

_SQRT_2 = math.sqrt(2.0)
_GELU_C = math.sqrt(2.0 / math.pi)   # constant of GELU's tanh approximation
_GELU_K = 0.044715


def relu_forward(x):
    """ReLU, element-wise.

        mask = x > 0
        out = max(x, 0)

    Args:
        x: float array, any shape.

    Returns:
        (out, mask): out has x's shape and dtype; mask is what ``relu_backward`` needs.

    Note: at x = 0 we use the subgradient 0 (as PyTorch).

    Example:
        >>> out, mask = relu_forward(np.array([-1.0, 0.0, 2.0]))
        >>> out, relu_backward(np.ones(3), mask)
        (array([0., 0., 2.]), array([0., 0., 1.]))
    """
    mask = x > 0
    return np.maximum(x, 0.0), mask      # a new array: never write into the caller's x


def relu_backward(dout, mask):
    """dx = dout where x > 0, else 0 (the subgradient 0 at x = 0)."""
    return dout * mask


def leaky_relu_forward(x, negative_slope=0.01):
    """Leaky ReLU, element-wise: a small slope instead of 0 for x <= 0 (no dead units).

        mask = x > 0
        out = x where mask, else negative_slope * x

    Args:
        x: float array, any shape.  negative_slope: 0.01 by default (as PyTorch).

    Returns:
        (out, cache) with out of x's shape and dtype.

    Example:
        >>> leaky_relu_forward(np.array([-2.0, 3.0]), 0.1)[0]
        array([-0.2,  3. ])
    """
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
    """Parametric ReLU (He et al. 2015): a leaky ReLU whose slope a is learned.

        mask = x > 0
        out = x where mask, else a * x

    Args:
        x: float array (N, C, ...) (or any shape with a single slope).
        a: slopes, shape (1,) (shared) or (C,) (slope c for channel c = axis 1 of x).

    Returns:
        (out, cache) with out of x's shape and dtype.

    Example:
        >>> prelu_forward(np.array([[-2.0, -2.0]]), np.array([0.1, 0.5]))[0]
        array([[-0.2, -1. ]])
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
    """Sigmoid layer maths: out = sigmoid(x) (the stable ``sigmoid``).

    Returns:
        (out, out): backward needs only the output, s' = s (1 - s).

    Example:
        >>> out, cache = sigmoid_forward(np.array([0.0]))
        >>> sigmoid_backward(np.ones(1), cache)          # the largest slope, 1/4
        array([0.25])
    """
    out = sigmoid(x)
    return out, out


@np.errstate(under="ignore")
def sigmoid_backward(dout, out):
    """dx = dout * s * (1 - s) with s = sigmoid(x): the derivative is at most 0.25."""
    return dout * out * (1.0 - out)


def tanh_forward(x):
    """out = tanh(x) = 2 sigmoid(2x) - 1: zero-centred, saturating, slope at most 1.

    Returns:
        (out, out): backward needs only the output, tanh' = 1 - tanh^2.

    Example:
        >>> tanh_backward(np.ones(1), tanh_forward(np.array([0.0]))[1])
        array([1.])
    """
    out = np.tanh(x)
    return out, out


def tanh_backward(dout, out):
    """dx = dout * (1 - tanh(x)**2)."""
    return dout * (1.0 - out * out)


@np.errstate(under="ignore")
def elu_forward(x, alpha=1.0):
    """Exponential linear unit (Clevert et al. 2016), element-wise.

        mask = x > 0
        neg = alpha * (exp(min(x, 0)) - 1)      (expm1: exact near 0; min: no overflow)
        out = x where mask, else neg

    Args:
        x: float array, any shape.  alpha: the value approached as x -> -inf is -alpha.

    Returns:
        (out, cache) with out of x's shape and dtype.

    Example:
        >>> elu_forward(np.array([-1000.0, 2.0]))[0]
        array([-1.,  2.])
    """
    mask = x > 0
    neg = alpha * np.expm1(np.minimum(x, 0))     # min: exp is never evaluated at large x
    return np.where(mask, x, neg), (mask, neg, alpha)


def elu_backward(dout, cache):
    """dx = dout if x > 0 else dout * alpha * exp(x) = dout * (out + alpha)."""
    mask, neg, alpha = cache
    return np.where(mask, dout, dout * (neg + alpha))


@np.errstate(under="ignore", over="ignore")
def gelu_forward(x, approximate="none"):
    """Gaussian error linear unit (Hendrycks & Gimpel 2016): out = x * Phi(x).

        "none":  Phi = erfc(-x / sqrt(2)) / 2              (the normal CDF, exactly)
        "tanh":  t = tanh(sqrt(2/pi) * (x + 0.044715 x^3));  out = x (1 + t) / 2

    Args:
        x: float array, any shape.
        approximate: "none" (the default, as PyTorch) or "tanh" (GPT-2/BERT's approximation,
            within about 1e-3 of the exact one).

    Returns:
        (out, cache) with out of x's shape and dtype.

    Note: erfc instead of 1 + erf keeps Phi accurate for very negative x.

    Example:
        >>> gelu_forward(np.array([-1.0, 0.0, 1.0]))[0].round(6)
        array([-0.158655,  0.      ,  0.841345])
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
    """log(softmax(x)) = x - logsumexp(x) along ``axis``, stable (never takes log(0)).

    Example:
        >>> log_softmax(np.array([0.0, -1000.0])).round(3)     # log(0) would be -inf
        array([    0., -1000.])
    """
    return x - logsumexp(x, axis=axis, keepdims=True)


def softmax_forward(x):
    """Softmax layer maths over the last axis: out = softmax(x).

    Returns:
        (out, out): backward needs only the output.

    Example:
        >>> out, cache = softmax_forward(np.array([[1.0, 1.0]]))
        >>> softmax_backward(np.array([[1.0, 0.0]]), cache)
        array([[ 0.25, -0.25]])
    """
    out = softmax(x, axis=-1)
    return out, out


@np.errstate(under="ignore")
def softmax_backward(dout, out):
    """dx = s * (dout - sum(dout * s)) per row (the Jacobian diag(s) - s s^T times dout)."""
    return out * (dout - (dout * out).sum(axis=-1, keepdims=True))
