"""Layers: Modules that hold parameters and a cache, over the pure functions of ``functional``.

Every layer keeps the input's float dtype (float32 stays float32), never writes into its input,
and adds its parameter gradients into ``p.grad`` in ``backward``. Activations live in
``_activation_layers`` and are re-exported here.

Example:
    >>> net = mlp([2, 8, 3], rng=0)
    >>> net(np.zeros((5, 2))).shape
    (5, 3)
"""
from __future__ import annotations

import numpy as np

from . import _activation_layers
from . import functional as F
from . import init as _init
from ._activation_layers import *  # noqa: F401,F403
from ._activation_layers import activation
from ._validation import (check_2d_for, check_positive, check_probability, check_rng,
                          float_input)
from .module import Module, Parameter, Sequential

__all__ = ["Linear", "Maxout", "BatchNorm1d", "Dropout", "Identity", "Flatten", "mlp",
           *_activation_layers.__all__]


def _cast(value, dtype):
    """A parameter's values in the input's dtype (no copy when they already match)."""
    return value if value.dtype == dtype else value.astype(dtype)


def _positive_int(v, what):
    if not isinstance(v, (int, np.integer)) or isinstance(v, bool) or v < 1:
        raise ValueError(f"{what} must be a positive int; got {v!r}")
    return int(v)


class _Cached(Module):
    """Refuse backward before forward, and check grad_out's shape against the output's."""

    _cache = None

    def _check_grad(self, dout):
        if self._cache is None:
            raise RuntimeError(f"{self!r}.backward() called before forward(); it needs the cache "
                               "of a forward pass: call the layer on a batch first")
        dout, shape = float_input(dout, self, "grad_out"), self._out_shape
        if dout.shape != shape:
            raise ValueError(f"{self!r}.backward expects grad_out of shape {shape} "
                             f"(the forward output's); got {dout.shape}")
        return dout


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


class BatchNorm1d(_Cached):
    """Batch normalization over the batch, per feature (Ioffe & Szegedy 2015).

    Training mode (``F.batchnorm_forward``): normalize with the batch mean and the biased batch
    variance, then update the running averages with the *unbiased* variance:

        out = gamma * (x - mean) / sqrt(var + eps) + beta
        running_mean = (1 - momentum) * running_mean + momentum * mean
        running_var = (1 - momentum) * running_var + momentum * var * N / (N - 1)

    Eval mode: out = gamma * (x - running_mean) / sqrt(running_var + eps) + beta.

    Args:
        num_features: C.  eps: added to the variance in both modes.
        momentum: weight of the *new* batch in the running averages (0.1, PyTorch's convention;
            Keras's momentum=0.99 means the opposite).

    ``.gamma`` (ones) and ``.beta`` (zeros) are per-feature Parameters with decay=False;
    ``.running_mean`` starts at 0 and ``.running_var`` at 1 (plain arrays, not trained).
    Shape: (N, C) -> (N, C); training mode needs N >= 2.

    Example:
        >>> bn = BatchNorm1d(2)
        >>> bn(np.array([[1.0, 10.0], [3.0, 30.0]])).round(4)
        array([[-1., -1.],
               [ 1.,  1.]])
        >>> bn.running_mean, bn.running_var          # 0.9 * (0, 1) + 0.1 * (mean, unbiased var)
        (array([0.2, 2. ]), array([ 1.1, 20.9]))
    """

    def __init__(self, num_features, eps=1e-5, momentum=0.1, dtype=np.float64):
        super().__init__()
        self.num_features = _positive_int(num_features, "BatchNorm1d num_features")
        self.eps = check_positive(eps, "BatchNorm1d eps")
        self.momentum = check_probability(momentum, "BatchNorm1d momentum", high_closed=True)
        self.gamma = Parameter(np.ones(self.num_features, dtype=dtype), name="gamma", decay=False)
        self.beta = Parameter(np.zeros(self.num_features, dtype=dtype), name="beta", decay=False)
        self.running_mean = np.zeros(self.num_features, dtype=dtype)
        self.running_var = np.ones(self.num_features, dtype=dtype)

    def forward(self, x):
        x = check_2d_for(x, self.num_features, self)
        gamma, beta = _cast(self.gamma.value, x.dtype), _cast(self.beta.value, x.dtype)
        if not self.training:
            return self._forward_eval(x, gamma, beta)
        n = x.shape[0]
        if n < 2:
            raise ValueError(f"{self!r} in training mode needs at least 2 examples per batch to "
                             f"estimate a variance; got input of shape {x.shape} "
                             "(call .eval() to use the running statistics)")
        out, cache = F.batchnorm_forward(x, gamma, beta, self.eps)
        m = self.momentum
        self.running_mean *= 1 - m
        self.running_mean += m * cache["mean"]
        self.running_var *= 1 - m
        self.running_var += m * cache["var"] * (n / (n - 1))
        self._cache, self._mode, self._out_shape = cache, "train", x.shape
        return out

    def _forward_eval(self, x, gamma, beta):
        sigma = np.sqrt(_cast(self.running_var, x.dtype) + self.eps)
        x_hat = (x - _cast(self.running_mean, x.dtype)) / sigma
        self._cache, self._mode = {"x_hat": x_hat, "gamma": gamma, "sigma": sigma}, "eval"
        self._out_shape = x.shape
        return gamma * x_hat + beta

    def backward(self, dout):
        dout = self._check_grad(dout)
        if self._mode == "train":
            dx, dgamma, dbeta = F.batchnorm_backward(dout, self._cache)
        else:                      # the statistics are constants: a per-feature affine map
            c = self._cache
            dx = dout * (c["gamma"] / c["sigma"])
            dgamma, dbeta = np.sum(dout * c["x_hat"], axis=0), dout.sum(axis=0)
        self.gamma.grad += dgamma
        self.beta.grad += dbeta
        return dx

    def named_buffers(self):
        """The running statistics (state that is saved with the model but not trained)."""
        return [("running_mean", self.running_mean), ("running_var", self.running_var)]

    def extra_repr(self):
        return f"{self.num_features}"


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
        out, mask = F.dropout_forward(x, self.p, self.rng)
        self._cache, self._out_shape = mask, x.shape
        return out

    def backward(self, dout):
        if isinstance(self._cache, str):
            return dout
        return F.dropout_backward(self._check_grad(dout), self._cache)

    def extra_repr(self):
        return f"p={self.p:g}"


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
