"""Loss Modules: ``loss = loss_fn(pred, target)`` (a Python float), ``loss_fn.backward()``.

Every loss is a mean over the batch; ``backward()`` returns dL/dpred with pred's shape and
dtype. The maths lives in ``functional`` (``F.cross_entropy(logits, y) -> (loss, grad)``);
these Modules only check the inputs and remember the gradient.

Example:
    >>> loss_fn = CrossEntropyLoss()
    >>> round(loss_fn(np.zeros((2, 3)), np.array([0, 2])), 4)     # ln 3
    1.0986
    >>> loss_fn.backward().shape
    (2, 3)
"""
from __future__ import annotations

import numpy as np

from . import _functional_losses as FL
from ._validation import check_positive
from .module import Module

__all__ = ["Loss", "MSELoss", "CrossEntropyLoss", "BCEWithLogitsLoss", "BCELoss", "HingeLoss",
           "MultiMarginLoss", "LOSSES"]


class Loss(Module):
    """Base class: ``forward(pred, target) -> float`` stores dL/dpred for ``backward``."""

    _grad = None

    def __call__(self, pred, target):
        return self.forward(pred, target)

    def forward(self, pred, target):
        loss, self._grad = self._compute(pred, target)
        return loss

    def backward(self, grad_out=1.0):
        """dL/dpred (times grad_out, the gradient flowing into the loss; 1 for the final loss)."""
        if self._grad is None:
            raise RuntimeError(f"{type(self).__name__}.backward() called before forward(); it needs "
                               "the gradient that loss_fn(pred, target) computes: call that first")
        return self._grad if grad_out == 1.0 else self._grad * grad_out

    def _compute(self, pred, target):  # pragma: no cover - abstract
        raise NotImplementedError


class MSELoss(Loss):
    """Mean squared error over all n elements: sum((pred - target)**2) / n.

    Note: no 1/2 factor (as PyTorch), so the gradient is 2 (pred - target) / n.
    Shape: pred and target of the same shape.

    Example:
        >>> MSELoss()(np.array([1.0, 3.0]), np.array([1.0, 1.0]))
        2.0
    """

    def _compute(self, pred, target):
        return FL._mse(*FL._check_pair(pred, target, "MSELoss"))


class CrossEntropyLoss(Loss):
    """Softmax cross-entropy on logits, natural log, mean over the batch.

        loss = -sum_i log_softmax(logits)[i, y_i] / N,    dlogits = (softmax - onehot(y)) / N

    Args of a call: logits (N, C) (no softmax before: it is applied here, stably) and integer
    labels (N,) in [0, C), or class probabilities (N, C).

    Note: natural log, so a uniform guess over C classes costs ln C (ln 10 = 2.303).
    Shape: logits (N, C), target (N,) or (N, C); backward() -> (N, C).

    Example:
        >>> round(CrossEntropyLoss()(np.array([[10.0, 8.0, 8.0]]), np.array([0])), 4)
        0.2395
    """

    def _compute(self, pred, target):
        target_arr = np.asarray(target)
        if target_arr.ndim == 2 and target_arr.shape == np.shape(pred):
            logits, probs = FL._check_pair(pred, target_arr, "CrossEntropyLoss", "logits")
            FL._check_in_unit_interval(probs, "CrossEntropyLoss", "target probabilities")
            return FL._soft_cross_entropy(logits, probs)
        return FL._cross_entropy(*FL._check_logits(pred, target, "CrossEntropyLoss"))


class BCEWithLogitsLoss(Loss):
    """Binary cross-entropy on logits z, targets in [0, 1], mean over all elements; stable:

        loss = mean(max(z, 0) - z * y + log(1 + exp(-|z|))),    dz = (sigmoid(z) - y) / n

    Note: the same as sigmoid + BCELoss, rearranged so that no exp overflows and no log sees 0.
    Shape: logits and targets of the same shape, e.g. (N,) or (N, 1).

    Example:
        >>> round(BCEWithLogitsLoss()(np.array([1000.0]), np.array([0.0])), 1)
        1000.0
    """

    def _compute(self, pred, target):
        z, y = FL._check_pair(pred, target, "BCEWithLogitsLoss", "logits")
        FL._check_in_unit_interval(y, "BCEWithLogitsLoss", "targets")
        return FL._bce_with_logits(z, y)


class BCELoss(Loss):
    """Binary cross-entropy on probabilities p in [0, 1] (values outside raise ValueError).

        q = clip(p, eps, 1 - eps);  loss = -mean(y log q + (1 - y) log(1 - q))

    Args:
        eps: the clip, applied inside the log only, so log(0) never happens; default 1e-12
            (1e-7 for float32). PyTorch instead clamps each log at -100.

    Note: a sigmoid followed by BCELoss loses precision; BCEWithLogitsLoss is exact.
    Shape: probabilities and targets of the same shape.

    Example:
        >>> round(BCELoss()(np.array([0.5]), np.array([1.0])), 4)
        0.6931
    """

    def __init__(self, eps=None):
        super().__init__()
        self.eps = None if eps is None else check_positive(eps, "BCELoss eps")

    def _compute(self, pred, target):
        p, y = FL._check_pair(pred, target, "BCELoss", "probabilities")
        FL._check_in_unit_interval(p, "BCELoss", "probabilities",
                                   " (apply a sigmoid first, or use BCEWithLogitsLoss)")
        FL._check_in_unit_interval(y, "BCELoss", "targets")
        return FL._bce(p, y, self.eps)


class HingeLoss(Loss):
    """Binary hinge loss (a linear SVM's), labels -1/+1, mean over all elements:

        loss = mean(max(0, 1 - y s)),   ds = -y / n where y s < 1, else 0

    Note: at the kink y s = 1 we take the subgradient 0. Labels 0/1 are an error: map them
    with 2 y - 1. Shape: scores and labels of the same shape, e.g. (N,).

    Example:
        >>> HingeLoss()(np.array([2.0, -0.5]), np.array([1, 1]))
        0.75
    """

    def _compute(self, pred, target):
        s, y = FL._check_pair(pred, target, "HingeLoss", "scores")
        FL._check_pm1(y, "HingeLoss")
        return FL._hinge(s, y)


class MultiMarginLoss(Loss):
    """Multi-class hinge loss, as ``torch.nn.MultiMarginLoss``:

        loss_i = sum_{j != y_i} max(0, margin - x[i, y_i] + x[i, j]) / C;   loss = mean_i loss_i

    Note: PyTorch divides by C; the multiclass SVM loss of CS231n is the sum, i.e. C times
    this. Subgradient 0 at the kink. Shape: logits (N, C), integer labels (N,).

    Example:
        >>> MultiMarginLoss()(np.array([[10.0, 8.0, 8.0], [10.0, -10.0, -10.0]]), [0, 0])
        0.0
    """

    def __init__(self, margin=1.0):
        super().__init__()
        self.margin = check_positive(margin, "MultiMarginLoss margin", allow_zero=True)

    def _compute(self, pred, target):
        x, y = FL._check_logits(pred, target, "MultiMarginLoss")
        return FL._multi_margin(x, y, self.margin)

    def extra_repr(self):
        return f"margin={self.margin:g}"


LOSSES = {"mse": MSELoss, "cross_entropy": CrossEntropyLoss, "bce_with_logits": BCEWithLogitsLoss,
          "bce": BCELoss, "hinge": HingeLoss, "multi_margin": MultiMarginLoss}
