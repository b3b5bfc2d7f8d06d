"""Inverted dropout (Srivastava et al. 2014): its maths and the Dropout Module.

``dropout_forward`` and ``dropout_backward`` are pure functions (also in ``functional``);
``Dropout`` draws a new mask at every training forward pass and is the identity in eval mode.

Example:
    >>> Dropout(0.5, rng=0)(np.ones((1, 4)))
    array([[2., 0., 0., 0.]])
"""
from __future__ import annotations

import numpy as np

from ._validation import check_probability, check_rng, float_input
from .module import _Cached

__all__ = ["dropout_forward", "dropout_backward", "Dropout"]


def dropout_forward(x, p, rng=None):
    """Inverted dropout: drop each unit with probability p, scale the kept ones by 1/(1-p).

        keep = uniform(0, 1) >= p        (an independent draw per element, from rng)
        mask = keep / (1 - p)
        out = x * mask

    Args:
        x: any shape.  p: probability of *dropping* a unit, in [0, 1) (as PyTorch).
        rng: np.random.Generator or int seed (the mask's only source of randomness).

    Returns:
        (out, mask); the expected value of out equals x, so test time needs no rescaling.

    Example:
        >>> out, mask = dropout_forward(np.ones(8), p=0.5, rng=0)
        >>> out                          # kept units are doubled, the mean stays near 1
        array([2., 0., 0., 0., 2., 2., 2., 2.])
        >>> dropout_backward(np.ones(8), mask)
        array([2., 0., 0., 0., 2., 2., 2., 2.])
    """
    p = check_probability(p, "dropout p (the probability of dropping a unit)")
    rng = check_rng(rng, "dropout_forward")
    dtype = x.dtype if x.dtype in (np.float32, np.float64) else np.float64
    mask = (rng.random(x.shape, dtype=dtype) >= p).astype(dtype)
    mask *= 1.0 / (1.0 - p)
    return x * mask, mask


def dropout_backward(dout, mask):
    """dx = dout * mask: the same units as the forward pass, with the same 1/(1-p) scale."""
    return dout * mask


class Dropout(_Cached):
    """Inverted dropout: in training, zero each unit with probability p and scale the rest by
    1 / (1 - p); in eval mode, the identity (the input itself is returned).

    Args:
        p: probability of *dropping* a unit, in [0, 1) (as PyTorch; Srivastava et al. 2014
            write p for the probability of *keeping* one).
        rng: np.random.Generator or int seed; every training forward draws a new mask from it.

    Note: backward multiplies by the same mask and scale as the last forward pass.
    Shape: any -> same.

    Example:
        >>> drop = Dropout(0.5, rng=0)
        >>> drop(np.ones((1, 6)))
        array([[2., 0., 0., 0., 2., 2.]])
    """

    def __init__(self, p=0.5, rng=None):
        super().__init__()
        if not isinstance(p, (int, float, np.floating, np.integer)) or isinstance(p, bool):
            raise TypeError(f"Dropout p must be a number; got {type(p).__name__}")
        if not 0 <= p < 1:
            raise ValueError("Dropout p is the probability of dropping a unit and must be in "
                             f"[0, 1); got {p}")
        self.p = float(p)
        self.rng = check_rng(rng, "Dropout")

    def forward(self, x):
        if not self.training:
            self._cache = "eval"
            return x
        x = float_input(x, self)
        out, mask = dropout_forward(x, self.p, self.rng)
        self._cache, self._out_shape = mask, x.shape
        return out

    def backward(self, dout):
        if isinstance(self._cache, str):
            return dout
        return dropout_backward(self._check_grad(dout), self._cache)

    def extra_repr(self):
        return f"p={self.p:g}"
