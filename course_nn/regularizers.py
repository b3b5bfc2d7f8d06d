"""Weight penalties added to the loss: L1, L2 and their sum, ElasticNet.

Use them explicitly in a training step::

    loss = loss_fn(model(x), y) + reg.penalty_of(model)
    model.backward(loss_fn.backward())
    reg.add_grad(model)                  # adds reg.grad(w) into every w.grad

Parameters with ``decay=False`` (biases, batch-norm gamma/beta, PReLU slopes) are skipped
unless ``include_all=True``: penalising them rarely helps.

Example:
    >>> import numpy as np
    >>> w = np.array([-2.0, 0.0, 3.0])
    >>> L2(0.1).penalty(w), L2(0.1).grad(w)
    (1.3, array([-0.4,  0. ,  0.6]))
"""
from __future__ import annotations

import numpy as np

from ._validation import check_positive
from .module import Module, Parameter

__all__ = ["Regularizer", "L1", "L2", "ElasticNet"]


def _params(params, include_all):
    """The Parameters to penalise, from a Module or an iterable of Parameters."""
    if isinstance(params, Module):
        params = params.parameters()
    elif isinstance(params, Parameter):
        params = [params]
    out = []
    for i, p in enumerate(params):
        if not isinstance(p, Parameter):
            raise TypeError("penalty_of / add_grad expect a Module or Parameters; "
                            f"got {type(p).__name__} at position {i}")
        if p.decay or include_all:
            out.append(p)
    return out


class Regularizer:
    """Base class: subclasses define ``penalty(w)`` (a float) and ``grad(w)`` (w's shape)."""

    def penalty(self, w):  # pragma: no cover - abstract
        raise NotImplementedError

    def grad(self, w):  # pragma: no cover - abstract
        raise NotImplementedError

    def penalty_of(self, params, include_all=False):
        """Sum of ``penalty(p.value)`` over the Parameters (or a Module's), skipping
        ``decay=False`` ones unless ``include_all``."""
        return float(sum(self.penalty(p.value) for p in _params(params, include_all)))

    def add_grad(self, params, include_all=False):
        """Add ``grad(p.value)`` into each ``p.grad`` (same skipping rule as ``penalty_of``)."""
        for p in _params(params, include_all):
            p.grad += self.grad(p.value)

    def __repr__(self):
        args = ", ".join(f"{k}={v:g}" for k, v in vars(self).items())
        return f"{type(self).__name__}({args})"


class L1(Regularizer):
    """L1 penalty (lasso): lam * sum(|w|).

        penalty = lam * sum(|w|)
        grad = lam * sign(w)        (the subgradient with sign(0) = 0)

    L1 pushes weights to exactly zero (sparse weights); it is MAP with a Laplace prior.

    Example:
        >>> L1(0.5).grad(np.array([-2.0, 0.0, 3.0]))
        array([-0.5,  0. ,  0.5])
    """

    def __init__(self, lam):
        self.lam = check_positive(lam, "L1 lam", allow_zero=True)

    def penalty(self, w):
        return self.lam * float(np.sum(np.abs(w)))

    def grad(self, w):
        return self.lam * np.sign(w)


class L2(Regularizer):
    """L2 penalty (ridge, weight decay): lam * sum(w**2).

        penalty = lam * sum(w**2)
        grad = 2 * lam * w

    Note: no 1/2 factor. Texts that write (lam / 2) * sum(w**2) get the gradient lam * w; to
    match them use L2(lam / 2). L2 is MAP with a Gaussian prior on the weights.

    Example:
        >>> L2(0.5).penalty(np.array([1.0, 2.0]))
        2.5
    """

    def __init__(self, lam):
        self.lam = check_positive(lam, "L2 lam", allow_zero=True)

    def penalty(self, w):
        return self.lam * float(np.sum(w * w))

    def grad(self, w):
        return (2.0 * self.lam) * w


class ElasticNet(Regularizer):
    """L1 plus L2 (Zou & Hastie 2005): l1 * sum(|w|) + l2 * sum(w**2).

        penalty = l1 * sum(|w|) + l2 * sum(w**2)
        grad = l1 * sign(w) + 2 * l2 * w

    Example:
        >>> ElasticNet(1.0, 1.0).penalty(np.array([-1.0, 2.0]))
        8.0
    """

    def __init__(self, l1, l2):
        self.l1 = check_positive(l1, "ElasticNet l1", allow_zero=True)
        self.l2 = check_positive(l2, "ElasticNet l2", allow_zero=True)

    def penalty(self, w):
        return self.l1 * float(np.sum(np.abs(w))) + self.l2 * float(np.sum(w * w))

    def grad(self, w):
        return self.l1 * np.sign(w) + (2.0 * self.l2) * w
