"""Batch normalization (Ioffe & Szegedy 2015): its maths and the BatchNorm1d Module.

``batchnorm_forward`` and ``batchnorm_backward`` are the training-mode pass as pure functions
(also in ``functional``); ``BatchNorm1d`` adds the running statistics and eval mode, where it
behaves differently from training.

Example:
    >>> out, cache = batchnorm_forward(np.array([[0.0], [2.0]]), np.ones(1), np.zeros(1))
    >>> out.ravel().round(4), BatchNorm1d(1)(np.array([[0.0], [2.0]])).ravel().round(4)
    (array([-1.,  1.]), array([-1.,  1.]))
"""
from __future__ import annotations

import numpy as np

from ._validation import check_2d_for, check_positive, check_probability
from .module import Parameter, _cast, _Cached, _positive_int

__all__ = ["batchnorm_forward", "batchnorm_backward", "BatchNorm1d"]


def batchnorm_forward(x, gamma, beta, eps=1e-5):
    """Batch normalization in training mode, per feature over the batch (Ioffe & Szegedy 2015).

        mean = sum(x, axis=0) / N
        var = sum((x - mean)**2, axis=0) / N          (biased: used to normalize)
        sigma = sqrt(var + eps)
        x_hat = (x - mean) / sigma
        out = gamma * x_hat + beta

    Args:
        x: (N, C) with N >= 2.  gamma, beta: (C,), one scale and one shift per feature.
        eps: added to the variance, > 0.

    Returns:
        (out, cache); cache is a dict with ``x_hat``, ``gamma``, ``sigma``, ``mean``, ``var``.

    Note: eval mode (running statistics) is in ``BatchNorm1d``; this is the training pass.

    Example:
        >>> out, cache = batchnorm_forward(np.array([[0.0], [2.0]]), np.ones(1), np.zeros(1))
        >>> out.round(4), cache["mean"], cache["var"]
        (array([[-1.],
               [ 1.]]), array([1.]), array([1.]))
    """
    mean = x.mean(axis=0)
    xc = x - mean
    var = (xc * xc).mean(axis=0)
    sigma = np.sqrt(var + eps)
    x_hat = xc
    x_hat /= sigma                      # in place on our own array xc
    out = gamma * x_hat + beta
    return out, {"x_hat": x_hat, "gamma": gamma, "sigma": sigma, "mean": mean, "var": var}


def batchnorm_backward(dout, cache):
    """Gradients of training-mode batch normalization, in the compact form:

        dbeta = sum(dout, axis=0)
        dgamma = sum(dout * x_hat, axis=0)
        dx = gamma / (N * sigma) * (N * dout - dbeta - x_hat * dgamma)

    Returns (dx, dgamma, dbeta).
    """
    x_hat, gamma, sigma = cache["x_hat"], cache["gamma"], cache["sigma"]
    n = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx = (gamma / (n * sigma)) * (n * dout - dbeta - x_hat * dgamma)
    return dx, dgamma, dbeta


class BatchNorm1d(_Cached):
    """Batch normalization over the batch, per feature (Ioffe & Szegedy 2015).

    Training mode (``batchnorm_forward``): normalize with the batch mean and the biased batch
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
        out, cache = batchnorm_forward(x, gamma, beta, self.eps)
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
            dx, dgamma, dbeta = batchnorm_backward(dout, self._cache)
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
