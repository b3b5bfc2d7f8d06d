"""The fully connected layer: ``out = x @ W + b``, its maths and its Module, plus Identity and
Flatten.

``linear_forward`` and ``linear_backward`` are the pure functions (also in ``functional``);
``Linear`` holds W and b as Parameters and calls them. Every layer keeps the input's float dtype
(float32 stays float32), never writes into its input, and *adds* its parameter gradients into
``p.grad`` in ``backward``.

Example:
    >>> layer = Linear(2, 3, rng=0)
    >>> layer(np.zeros((5, 2))).shape
    (5, 3)
"""
from __future__ import annotations

import numpy as np

from . import init as _init
from ._validation import check_2d_for, check_rng, float_input
from .module import Module, Parameter, _cast, _Cached, _positive_int

__all__ = ["linear_forward", "linear_backward", "Linear", "Identity", "Flatten"]


def linear_forward(x, w, b=None):
    """Affine map of a batch: out = x @ w + b.

    Args:
        x: inputs, shape (N, in).  w: weights, shape (in, out).  b: bias (out,) or None.

    Returns:
        (out, cache) with out of shape (N, out).

    Note: weights are stored (in, out) so a batch is ``x @ w``; PyTorch stores (out, in) and
    computes x @ W.T. Same maths.

    Example:
        >>> x, w = np.array([[1.0, 2.0]]), np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]])
        >>> out, cache = linear_forward(x, w, np.array([0.0, 0.0, 10.0]))
        >>> out
        array([[ 1.,  2., 13.]])
        >>> [g.shape for g in linear_backward(np.ones((1, 3)), cache)]      # dx, dw, db
        [(1, 2), (2, 3), (3,)]
    """
    out = x @ w
    if b is not None:
        out += b                       # in place: out is our own new array
    return out, (x, w, b is not None)


def linear_backward(dout, cache, input_grad=True):
    """Gradients of out = x @ w + b, given dout = dL/dout of shape (N, out):

        dx = dout @ w.T        (N, in)     (None if input_grad is False)
        dw = x.T @ dout        (in, out)   -- the transpose is on x, not on dout
        db = sum(dout, axis=0) (out,)      (None if there was no bias)

    Args:
        input_grad: compute dx; False saves a matrix product when nothing needs dL/dx (the
            first layer of a network, whose input is the data).

    Returns (dx, dw, db).
    """
    x, w, has_bias = cache
    dx = dout @ w.T if input_grad else None
    dw = x.T @ dout
    db = dout.sum(axis=0) if has_bias else None
    return dx, dw, db


class Linear(_Cached):
    """Fully connected layer: out = x @ W + b.

    Args:
        in_features, out_features: sizes of each input and output row.
        bias: learn a bias b (a Parameter with decay=False).
        init: initializer name (see ``course_nn.init``; default "he_uniform") or a callable
            ``f(shape, rng=rng)`` for W; b starts at 0.
        rng: np.random.Generator or int seed for the initial weights.
        dtype: dtype of the parameters (inputs of another dtype are computed in theirs).
        needs_input_grad: whether ``backward`` computes and returns dL/dx (True, the default).
            Set it to False on a network's first layer, whose input is the data: backward
            then returns None and skips one matrix product, as PyTorch does for an input
            without ``requires_grad``. It is an attribute too (``layer.needs_input_grad``).

    Shape: (N, in_features) -> (N, out_features); ``.weight`` is (in, out), ``.bias`` (out,).

    Note: backward computes dx = dout @ W.T, dW = x.T @ dout, db = sum(dout, axis=0) and
    *adds* dW, db to ``.grad`` (zero them between steps).

    Example:
        >>> layer = Linear(3, 4, rng=0)
        >>> layer
        Linear(3 -> 4)
        >>> layer(np.ones((8, 3))).shape
        (8, 4)
    """

    def __init__(self, in_features, out_features, bias=True, init="he_uniform", rng=None,
                 dtype=np.float64, needs_input_grad=True):
        super().__init__()
        if not isinstance(needs_input_grad, (bool, np.bool_)):
            raise TypeError("Linear needs_input_grad must be True or False; got "
                            f"{type(needs_input_grad).__name__} {needs_input_grad!r}")
        self.needs_input_grad = bool(needs_input_grad)
        self.in_features = _positive_int(in_features, "Linear in_features")
        self.out_features = _positive_int(out_features, "Linear out_features")
        w = _init.get(init)((self.in_features, self.out_features), rng=check_rng(rng, "Linear"))
        self.weight = Parameter(np.asarray(w, dtype=dtype), name="weight")
        self.bias = Parameter(np.zeros(self.out_features, dtype=dtype), name="bias",
                              decay=False) if bias else None

    def forward(self, x):
        x = check_2d_for(x, self.in_features, self)
        w = _cast(self.weight.value, x.dtype)
        b = None if self.bias is None else _cast(self.bias.value, x.dtype)
        out, self._cache = linear_forward(x, w, b)
        self._out_shape = out.shape
        return out

    def backward(self, dout):
        dx, dw, db = linear_backward(self._check_grad(dout), self._cache, self.needs_input_grad)
        self.weight.grad += dw
        if db is not None:
            self.bias.grad += db
        return dx

    def extra_repr(self):
        return (f"{self.in_features} -> {self.out_features}" + ("" if self.bias else ", bias=False")
                + ("" if self.needs_input_grad else ", needs_input_grad=False"))


class Identity(Module):
    """Returns its input unchanged (the same array). Shape: any -> same."""

    def forward(self, x):
        return x

    def backward(self, dout):
        return dout


class Flatten(_Cached):
    """(N, d1, d2, ...) -> (N, d1 * d2 * ...), a view when possible (never written into)."""

    def forward(self, x):
        x = float_input(x, self)
        if x.ndim < 1:
            raise ValueError(f"Flatten expects inputs of shape (N, ...); got a 0-d array")
        self._cache = x.shape
        return x.reshape(x.shape[0], -1)

    def backward(self, dout):
        dout = float_input(dout, self, "grad_out")
        if self._cache is None:
            raise RuntimeError("Flatten().backward() called before forward(); it needs the input "
                               "shape of a forward pass: call the layer on a batch first")
        return dout.reshape(self._cache)
