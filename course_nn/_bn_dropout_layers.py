"""BatchNorm1d and Dropout: the layers that behave differently in training and eval mode
(re-exported by ``layers``)."""
from __future__ import annotations

import numpy as np

from . import functional as F
from ._layer_base import _Cached, _cast, _positive_int
from ._validation import check_2d_for, check_positive, check_probability, check_rng, float_input
from .module import Parameter

__all__ = ["BatchNorm1d", "Dropout"]


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
