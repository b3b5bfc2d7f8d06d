"""Pure forward/backward functions: the maths of every layer, without state.

Each operation is a pair, in the style of CS231n::

    out, cache = relu_forward(x)          # cache: what backward needs from the forward pass
    dx = relu_backward(dout, cache)       # dout = dL/dout, dx = dL/dx

Operations with parameters return their gradients too (``dx, dw, db = linear_backward(...)``).
No function writes into its inputs. Loss functions return ``(loss, dL/dpred)``; the stable
helpers ``sigmoid``, ``softmax``, ``log_softmax`` and ``logsumexp`` give finite values and no
numpy warnings for inputs as large as 1e3 in magnitude.

Example:
    >>> import numpy as np
    >>> x = np.array([[1.0, -2.0]])
    >>> out, cache = relu_forward(x)
    >>> out
    array([[1., 0.]])
    >>> relu_backward(np.ones_like(x), cache)
    array([[1., 0.]])
"""
from __future__ import annotations

import numpy as np

from . import _functional_activations, _functional_losses
from ._functional_activations import *  # noqa: F401,F403
from ._functional_losses import *  # noqa: F401,F403
from ._validation import check_probability, check_rng

__all__ = [
    "linear_forward", "linear_backward", "maxout_forward", "maxout_backward",
    "batchnorm_forward", "batchnorm_backward", "dropout_forward", "dropout_backward",
    *_functional_activations.__all__, *_functional_losses.__all__,
]


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


def linear_backward(dout, cache):
    """Gradients of out = x @ w + b, given dout = dL/dout of shape (N, out):

        dx = dout @ w.T        (N, in)
        dw = x.T @ dout        (in, out)   -- the transpose is on x, not on dout
        db = sum(dout, axis=0) (out,)      (None if there was no bias)

    Returns (dx, dw, db).
    """
    x, w, has_bias = cache
    dx = dout @ w.T
    dw = x.T @ dout
    db = dout.sum(axis=0) if has_bias else None
    return dx, dw, db


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
