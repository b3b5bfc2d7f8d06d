"""Activations: each one's maths (pure functions) next to its Module, in the order of the lecture.

Each activation comes as a pair ``*_forward(x, ...) -> (out, cache)`` and
``*_backward(dout, cache) -> dx`` (also in ``functional``), followed by the Module that calls
them (``ReLU``, ``GELU``, ...). None of them writes into ``x``; every Module keeps the input's
shape and float dtype. The functions that call ``exp`` (sigmoid, softmax, logsumexp, ELU, GELU)
silence only *underflow* (exp(-1000) = 0 is the right answer), so for inputs up to 1e3 in size
they stay quiet even under ``np.errstate(all="raise")``.

Order: ReLU, LeakyReLU, PReLU, Sigmoid, Tanh, ELU, GELU (with erf), Softmax (with logsumexp and
log_softmax), Maxout; then ``activation(name)`` and ``ACTIVATIONS``.

Example:
    >>> out, mask = relu_forward(np.array([-1.0, 2.0]))
    >>> out, ReLU()(np.array([-1.0, 2.0]))
    (array([0., 2.]), array([0., 2.]))
"""
from __future__ import annotations

import math

import numpy as np

from . import init as _init
from ._validation import check_2d_for, check_choice, check_rng, float_input
from .linear import Identity
from .module import Parameter, _cast, _Cached, _positive_int

__all__ = [
    "relu_forward", "relu_backward", "ReLU",
    "leaky_relu_forward", "leaky_relu_backward", "LeakyReLU",
    "prelu_forward", "prelu_backward", "PReLU",
    "sigmoid", "sigmoid_forward", "sigmoid_backward", "Sigmoid",
    "tanh_forward", "tanh_backward", "Tanh",
    "elu_forward", "elu_backward", "ELU",
    "erf", "erfc", "gelu_forward", "gelu_backward", "GELU",
    "logsumexp", "softmax", "log_softmax", "softmax_forward", "softmax_backward", "Softmax",
    "maxout_forward", "maxout_backward", "Maxout",
    "activation", "ACTIVATIONS",
]


class _Activation(_Cached):
    """Shared machinery: check the input, remember the cache, refuse backward before forward."""

    def _input(self, x):
        return float_input(x, self)

    def _take_cache(self, dout):
        return self._check_grad(dout), self._cache

    def _keep(self, x, cache):
        self._out_shape, self._cache = x.shape, cache


# --- ReLU ----------------------------------------------------------------------------------------

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


class ReLU(_Activation):
    """Rectified linear unit: max(0, x), element-wise; subgradient 0 at x = 0.

    Shape: any -> same.

    Example:
        >>> ReLU()(np.array([-1.0, 2.0]))
        array([0., 2.])
    """

    def forward(self, x):
        x = self._input(x)
        out, cache = relu_forward(x)
        self._keep(x, cache)
        return out

    def backward(self, dout):
        return relu_backward(*self._take_cache(dout))


# --- Leaky ReLU and PReLU ------------------------------------------------------------------------

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


class LeakyReLU(_Activation):
    """x if x > 0 else negative_slope * x (slope 0.01 by default, as PyTorch). Shape: any -> same.

    Example:
        >>> LeakyReLU(0.1)(np.array([-1.0, 2.0]))
        array([-0.1,  2. ])
    """

    def __init__(self, negative_slope=0.01):
        super().__init__()
        self.negative_slope = float(negative_slope)

    def forward(self, x):
        x = self._input(x)
        out, cache = leaky_relu_forward(x, self.negative_slope)
        self._keep(x, cache)
        return out

    def backward(self, dout):
        return leaky_relu_backward(*self._take_cache(dout))

    def extra_repr(self):
        return f"negative_slope={self.negative_slope:g}"


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


class PReLU(_Activation):
    """Leaky ReLU with a learnable slope: x if x > 0 else a * x (He et al. 2015).

    Args:
        num_parameters: 1 (one slope shared by all units) or the number of features C
            (one slope per feature, axis 1 of the input).
        init: initial slope, 0.25 as PyTorch.

    The slope ``.weight`` is a Parameter with decay=False (weight decay would push it to 0).
    Shape: (N, C, ...) -> same.

    Example:
        >>> PReLU()(np.array([[-4.0, 2.0]]))
        array([[-1.,  2.]])
    """

    def __init__(self, num_parameters=1, init=0.25, dtype=np.float64):
        super().__init__()
        if not isinstance(num_parameters, (int, np.integer)) or num_parameters < 1:
            raise ValueError(f"PReLU num_parameters must be a positive int; got {num_parameters!r}")
        self.weight = Parameter(np.full(int(num_parameters), float(init), dtype=dtype),
                                name="weight", decay=False)

    def forward(self, x):
        x = self._input(x)
        c = self.weight.value.size
        if c > 1 and (x.ndim < 2 or x.shape[1] != c):
            raise ValueError(f"{self!r} expects inputs of shape (N, {c}, ...); got {x.shape}")
        out, cache = prelu_forward(x, self.weight.value)
        self._keep(x, cache)
        return out

    def backward(self, dout):
        dx, da = prelu_backward(*self._take_cache(dout))
        self.weight.grad += da
        return dx

    def extra_repr(self):
        return f"num_parameters={self.weight.value.size}"


# --- Sigmoid and tanh ----------------------------------------------------------------------------

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


class Sigmoid(_Activation):
    """Logistic sigmoid 1 / (1 + exp(-x)), computed stably; derivative s (1 - s) <= 0.25.

    Shape: any -> same.

    Example:
        >>> Sigmoid()(np.array([0.0]))
        array([0.5])
    """

    def forward(self, x):
        x = self._input(x)
        out, cache = sigmoid_forward(x)
        out = out.astype(x.dtype, copy=False)
        self._keep(x, out)
        return out

    def backward(self, dout):
        return sigmoid_backward(*self._take_cache(dout))


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


class Tanh(_Activation):
    """Hyperbolic tangent, tanh(x) = 2 sigmoid(2x) - 1; derivative 1 - tanh(x)^2.

    Shape: any -> same.

    Example:
        >>> Tanh()(np.array([0.0]))
        array([0.])
    """

    def forward(self, x):
        x = self._input(x)
        out, cache = tanh_forward(x)
        self._keep(x, cache)
        return out

    def backward(self, dout):
        return tanh_backward(*self._take_cache(dout))


# --- ELU -----------------------------------------------------------------------------------------

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


class ELU(_Activation):
    """Exponential linear unit (Clevert et al. 2016): x if x > 0 else alpha (exp(x) - 1).

    Shape: any -> same.

    Example:
        >>> ELU()(np.array([0.0, 1.0]))
        array([0., 1.])
    """

    def __init__(self, alpha=1.0):
        super().__init__()
        self.alpha = float(alpha)

    def forward(self, x):
        x = self._input(x)
        out, cache = elu_forward(x, self.alpha)
        self._keep(x, cache)
        return out

    def backward(self, dout):
        return elu_backward(*self._take_cache(dout))

    def extra_repr(self):
        return f"alpha={self.alpha:g}"


# --- GELU, and the error function it needs -------------------------------------------------------

# erf and erfc in pure numpy (the core depends on numpy alone). Two classical expansions, each
# used where it converges fast and without cancellation:
#   erf(z)  = 2/sqrt(pi) exp(-z^2) sum_{n>=0} z (2 z^2)^n / (1 * 3 * ... * (2n + 1))   (|z| < 1.5)
#   erfc(z) = exp(-z^2) / sqrt(pi) / (z + (1/2) / (z + 1 / (z + (3/2) / (z + ...))))  (z >= 1.5)
# Both run on whole arrays (a fixed number of terms, no loop over elements). scipy.special.erf is
# about 5x faster but less accurate in erfc's far tail (5.7e-14 against 6e-16 relative error).
_SQRT_PI = math.sqrt(math.pi)
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

    Pure numpy: a positive series for |x| < 1.5, a continued fraction beyond;
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

    Pure numpy; relative error below about 2e-15 against ``math.erf``.

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


_SQRT_2 = math.sqrt(2.0)

_GELU_C = math.sqrt(2.0 / math.pi)   # constant of GELU's tanh approximation

_GELU_K = 0.044715


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


class GELU(_Activation):
    """Gaussian error linear unit (Hendrycks & Gimpel 2016): x * Phi(x).

    Args:
        approximate: "none" (the default, as PyTorch: the exact normal CDF through erf) or
            "tanh" (the tanh approximation used by GPT-2 and BERT).

    Shape: any -> same.

    Example:
        >>> GELU()(np.array([0.0, 1.0])).round(4)
        array([0.    , 0.8413])
    """

    def __init__(self, approximate="none"):
        super().__init__()
        self.approximate = check_choice(approximate, ("none", "tanh"), "GELU approximate")

    def forward(self, x):
        x = self._input(x)
        out, cache = gelu_forward(x, self.approximate)
        self._keep(x, cache)
        return out

    def backward(self, dout):
        return gelu_backward(*self._take_cache(dout))

    def extra_repr(self):
        return f"approximate={self.approximate!r}"


# --- Softmax, and its stable helpers logsumexp and log_softmax -----------------------------------

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


class Softmax(_Activation):
    """Softmax over the last axis: exp(x_i) / sum_j exp(x_j), stable (shifted by the max).

    Note: for classification, feed *logits* to CrossEntropyLoss (it applies log-softmax
    itself); use this layer to read off probabilities.  Shape: (..., C) -> same.

    Example:
        >>> Softmax()(np.array([[0.0, 0.0]]))
        array([[0.5, 0.5]])
    """

    def __init__(self, dim=-1):
        super().__init__()
        if dim not in (-1,):
            raise ValueError(f"Softmax works over the last axis only (dim=-1); got dim={dim}")
        self.dim = dim

    def forward(self, x):
        x = self._input(x)
        out, cache = softmax_forward(x)
        self._keep(x, cache)
        return out

    def backward(self, dout):
        return softmax_backward(*self._take_cache(dout))


# --- Maxout: the max over several linear maps ----------------------------------------------------

def maxout_forward(x, w, b):
    """Maxout (Goodfellow et al. 2013): the max over ``pieces`` affine maps.

        z = x @ w + b            z: (N, out, pieces), w: (in, out, pieces), b: (out, pieces)
        out = max_k z[:, :, k]

    Returns (out, cache) with out of shape (N, out).

    Example:
        >>> w = np.stack([np.eye(2), -np.eye(2)], axis=-1)     # pieces x and -x: out = |x|
        >>> maxout_forward(np.array([[-3.0, 2.0]]), w, np.zeros((2, 2)))[0]
        array([[3., 2.]])
    """
    n_in, n_out, pieces = w.shape
    z = (x @ w.reshape(n_in, n_out * pieces)).reshape(-1, n_out, pieces)
    z += b
    idx = np.argmax(z, axis=2)[..., None]
    out = np.take_along_axis(z, idx, axis=2)[..., 0]
    return out, (x, w, idx)


def maxout_backward(dout, cache):
    """The gradient flows only into the winning piece of each unit (ties: the first one).

        dz[:, j, k] = dout[:, j] if k wins for unit j, else 0
        dx = dz @ w.T;  dw = x.T @ dz;  db = sum(dz, axis=0)

    Returns (dx, dw, db) shaped like x, w and b.
    """
    x, w, idx = cache
    n_in, n_out, pieces = w.shape
    dz = np.zeros((dout.shape[0], n_out, pieces), dtype=dout.dtype)
    np.put_along_axis(dz, idx, dout[..., None], axis=2)
    dz2 = dz.reshape(-1, n_out * pieces)
    dx = dz2 @ w.reshape(n_in, n_out * pieces).T
    dw = (x.T @ dz2).reshape(w.shape)
    return dx, dw, dz.sum(axis=0)


class Maxout(_Cached):
    """Maxout unit (Goodfellow et al. 2013): the max over ``pieces`` linear maps.

        z[:, j, k] = x @ W[:, j, k] + b[j, k];   out[:, j] = max_k z[:, j, k]

    Args:
        in_features, out_features, pieces: sizes; W is (in, out, pieces), b (out, pieces).
        rng, init, dtype: as in Linear (each piece initialized like a Linear(in, out)).

    Shape: (N, in_features) -> (N, out_features).

    Example:
        >>> Maxout(3, 2, pieces=4, rng=0)(np.ones((5, 3))).shape
        (5, 2)
    """

    def __init__(self, in_features, out_features, pieces=2, rng=None, init="he_uniform",
                 dtype=np.float64):
        super().__init__()
        self.in_features = _positive_int(in_features, "Maxout in_features")
        self.out_features = _positive_int(out_features, "Maxout out_features")
        self.pieces = _positive_int(pieces, "Maxout pieces")
        rng, f = check_rng(rng, "Maxout"), _init.get(init)
        w = np.stack([f((self.in_features, self.out_features), rng=rng)
                      for _ in range(self.pieces)], axis=-1)
        self.weight = Parameter(np.asarray(w, dtype=dtype), name="weight")
        self.bias = Parameter(np.zeros((self.out_features, self.pieces), dtype=dtype),
                              name="bias", decay=False)

    def forward(self, x):
        x = check_2d_for(x, self.in_features, self)
        w, b = _cast(self.weight.value, x.dtype), _cast(self.bias.value, x.dtype)
        out, self._cache = maxout_forward(x, w, b)
        self._out_shape = out.shape
        return out

    def backward(self, dout):
        dx, dw, db = maxout_backward(self._check_grad(dout), self._cache)
        self.weight.grad += dw
        self.bias.grad += db
        return dx

    def extra_repr(self):
        return f"{self.in_features} -> {self.out_features}, pieces={self.pieces}"


# --- by name -------------------------------------------------------------------------------------
_BY_NAME = {"relu": ReLU, "leaky_relu": LeakyReLU, "prelu": PReLU, "sigmoid": Sigmoid,
            "tanh": Tanh, "elu": ELU, "gelu": GELU, "softmax": Softmax}

ACTIVATIONS = tuple(_BY_NAME) + ("identity",)


def activation(name, **kwargs):
    """Build an activation layer by name, e.g. ``activation("leaky_relu", negative_slope=0.1)``.

    Names: see ``ACTIVATIONS``; unknown names raise a ValueError listing them.

    Example:
        >>> activation("gelu", approximate="tanh")
        GELU(approximate='tanh')
    """
    if not isinstance(name, str):
        raise TypeError(f"activation name must be a string such as 'relu'; got {type(name).__name__}")
    key = name.lower()
    if key not in ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r}; expected one of {list(ACTIVATIONS)}")
    if key == "identity":
        return Identity(**kwargs)
    return _BY_NAME[key](**kwargs)
