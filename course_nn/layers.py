"""Layers: Modules that hold parameters and a cache, over the pure functions of ``functional``.

Every layer keeps the input's float dtype (float32 stays float32), never writes into its input,
and adds its parameter gradients into ``p.grad`` in ``backward``. Activations (in
``_activation_layers``), BatchNorm1d and Dropout (in ``_bn_dropout_layers``) are re-exported here.

Example:
    >>> net = mlp([2, 8, 3], rng=0)
    >>> net(np.zeros((5, 2))).shape
    (5, 3)
"""
from __future__ import annotations

import numpy as np

from . import _activation_layers, _bn_dropout_layers
from . import functional as F
from . import init as _init
from ._activation_layers import *  # noqa: F401,F403
from ._activation_layers import activation
from ._bn_dropout_layers import *  # noqa: F401,F403
from ._bn_dropout_layers import BatchNorm1d, Dropout
from ._layer_base import _Cached, _cast, _positive_int
from ._validation import check_2d_for, check_probability, check_rng, float_input
from .module import Module, Parameter, Sequential

__all__ = ["Linear", "Maxout", "Identity", "Flatten", "mlp",
           *_bn_dropout_layers.__all__, *_activation_layers.__all__]


class Linear(_Cached):
    """Fully connected layer: out = x @ W + b.

    Args:
        in_features, out_features: sizes of each input and output row.
        bias: learn a bias b (a Parameter with decay=False).
        init: initializer name (see ``course_nn.init``; default "he_uniform") or a callable
            ``f(shape, rng=rng)`` for W; b starts at 0.
        rng: np.random.Generator or int seed for the initial weights.
        dtype: dtype of the parameters (inputs of another dtype are computed in theirs).

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
                 dtype=np.float64):
        super().__init__()
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
        out, self._cache = F.linear_forward(x, w, b)
        self._out_shape = out.shape
        return out

    def backward(self, dout):
        dx, dw, db = F.linear_backward(self._check_grad(dout), self._cache)
        self.weight.grad += dw
        if db is not None:
            self.bias.grad += db
        return dx

    def extra_repr(self):
        return f"{self.in_features} -> {self.out_features}" + ("" if self.bias else ", bias=False")


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
        out, self._cache = F.maxout_forward(x, w, b)
        self._out_shape = out.shape
        return out

    def backward(self, dout):
        dx, dw, db = F.maxout_backward(self._check_grad(dout), self._cache)
        self.weight.grad += dw
        self.bias.grad += db
        return dx

    def extra_repr(self):
        return f"{self.in_features} -> {self.out_features}, pieces={self.pieces}"


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


def mlp(sizes, activation="relu", batchnorm=False, dropout=0.0, init=None, rng=None):
    """A multilayer perceptron: ``Linear -> [BatchNorm1d] -> activation -> [Dropout]`` blocks,
    then a final Linear (no activation after it: feed its logits to the loss).

    Args:
        sizes: [in, hidden..., out], at least two numbers.
        activation: a name from ``ACTIVATIONS`` or a callable returning a fresh Module.
        batchnorm: insert BatchNorm1d after each hidden Linear (which then has no bias:
            BatchNorm's beta plays its part, and a bias before it would get a zero gradient).
        dropout: drop probability of a Dropout after each hidden activation (0: none).
        init: initializer for every Linear (None: Linear's default, "he_uniform").
        rng: np.random.Generator or int seed, shared by the initializers and dropout masks.

    Example:
        >>> mlp([3, 4, 2], dropout=0.5, rng=0)
        Sequential(
          (0): Linear(3 -> 4)
          (1): ReLU()
          (2): Dropout(p=0.5)
          (3): Linear(4 -> 2)
        )
    """
    sizes = [int(s) for s in sizes]
    if len(sizes) < 2:
        raise ValueError(f"mlp needs sizes [in, ..., out] with at least 2 entries; got {sizes}")
    check_probability(dropout, "mlp dropout (the probability of dropping a unit)")
    rng = check_rng(rng, "mlp")
    kw = {} if init is None else {"init": init}
    layers = []
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        last = i == len(sizes) - 2
        layers.append(Linear(n_in, n_out, bias=last or not batchnorm, rng=rng, **kw))
        if last:
            break
        if batchnorm:
            layers.append(BatchNorm1d(n_out))
        layers.append(_activation(activation) if isinstance(activation, str) else activation())
        if dropout > 0:
            layers.append(Dropout(dropout, rng=rng))
    return Sequential(*layers)


_activation = activation
