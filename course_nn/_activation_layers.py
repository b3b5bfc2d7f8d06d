"""Activation layers (re-exported by ``layers``): thin Modules over ``functional``.

Each keeps the input's shape and float dtype and never writes into the input.
"""
from __future__ import annotations

import numpy as np

from . import functional as F
from ._validation import check_choice, float_input
from .module import Module, Parameter

__all__ = ["ReLU", "LeakyReLU", "PReLU", "Sigmoid", "Tanh", "ELU", "GELU", "Softmax",
           "activation", "ACTIVATIONS"]


class _Activation(Module):
    """Shared machinery: check the input, remember the cache, refuse backward before forward."""

    _cache = None

    def _input(self, x):
        return float_input(x, self)

    def _take_cache(self, dout):
        if self._cache is None:
            raise RuntimeError(f"{self!r}.backward() called before forward(); it needs the cache "
                               "of a forward pass: call the layer on a batch first")
        dout = float_input(dout, self, "grad_out")
        if dout.shape != self._shape:
            raise ValueError(f"{self!r}.backward expects grad_out of shape {self._shape} "
                             f"(the forward output's); got {dout.shape}")
        return dout, self._cache

    def _keep(self, x, cache):
        self._shape, self._cache = x.shape, cache


class ReLU(_Activation):
    """Rectified linear unit: max(0, x), element-wise; subgradient 0 at x = 0.

    Shape: any -> same.

    Example:
        >>> ReLU()(np.array([-1.0, 2.0]))
        array([0., 2.])
    """

    def forward(self, x):
        x = self._input(x)
        out, cache = F.relu_forward(x)
        self._keep(x, cache)
        return out

    def backward(self, dout):
        return F.relu_backward(*self._take_cache(dout))


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
        out, cache = F.leaky_relu_forward(x, self.negative_slope)
        self._keep(x, cache)
        return out

    def backward(self, dout):
        return F.leaky_relu_backward(*self._take_cache(dout))

    def extra_repr(self):
        return f"negative_slope={self.negative_slope:g}"


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
        out, cache = F.prelu_forward(x, self.weight.value)
        self._keep(x, cache)
        return out

    def backward(self, dout):
        dx, da = F.prelu_backward(*self._take_cache(dout))
        self.weight.grad += da
        return dx

    def extra_repr(self):
        return f"num_parameters={self.weight.value.size}"


class Sigmoid(_Activation):
    """Logistic sigmoid 1 / (1 + exp(-x)), computed stably; derivative s (1 - s) <= 0.25.

    Shape: any -> same.

    Example:
        >>> Sigmoid()(np.array([0.0]))
        array([0.5])
    """

    def forward(self, x):
        x = self._input(x)
        out, cache = F.sigmoid_forward(x)
        out = out.astype(x.dtype, copy=False)
        self._keep(x, out)
        return out

    def backward(self, dout):
        return F.sigmoid_backward(*self._take_cache(dout))


class Tanh(_Activation):
    """Hyperbolic tangent, tanh(x) = 2 sigmoid(2x) - 1; derivative 1 - tanh(x)^2.

    Shape: any -> same.

    Example:
        >>> Tanh()(np.array([0.0]))
        array([0.])
    """

    def forward(self, x):
        x = self._input(x)
        out, cache = F.tanh_forward(x)
        self._keep(x, cache)
        return out

    def backward(self, dout):
        return F.tanh_backward(*self._take_cache(dout))


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
        out, cache = F.elu_forward(x, self.alpha)
        self._keep(x, cache)
        return out

    def backward(self, dout):
        return F.elu_backward(*self._take_cache(dout))

    def extra_repr(self):
        return f"alpha={self.alpha:g}"


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
        out, cache = F.gelu_forward(x, self.approximate)
        self._keep(x, cache)
        return out

    def backward(self, dout):
        return F.gelu_backward(*self._take_cache(dout))

    def extra_repr(self):
        return f"approximate={self.approximate!r}"


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
        out, cache = F.softmax_forward(x)
        self._keep(x, cache)
        return out

    def backward(self, dout):
        return F.softmax_backward(*self._take_cache(dout))


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
        from .layers import Identity
        return Identity(**kwargs)
    return _BY_NAME[key](**kwargs)
