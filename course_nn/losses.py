"""Losses: each one's maths (a pure function returning ``(loss, dL/dpred)``) next to its Module.

Every loss is a mean over the batch (over all elements for MSE and the binary losses), the loss
is a Python float and the gradient has the shape and dtype of ``pred``. The functions
(``cross_entropy(logits, y) -> (loss, grad)``, also in ``functional``) check their inputs and
call a private ``_compute`` helper; the Modules (``CrossEntropyLoss()``) run the same checks and
helper, and remember the gradient for ``backward()``.

Example:
    >>> loss_fn = CrossEntropyLoss()
    >>> round(loss_fn(np.zeros((2, 3)), np.array([0, 2])), 4)     # ln 3
    1.0986
    >>> loss_fn.backward().shape
    (2, 3)
    >>> round(cross_entropy(np.zeros((2, 3)), np.array([0, 2]))[0], 4)
    1.0986
"""
from __future__ import annotations

import numpy as np

from ._validation import as_float_array, check_labels, check_positive
from .activations import log_softmax, sigmoid
from .module import Module

__all__ = [
    "Loss",
    "mse_loss", "MSELoss",
    "cross_entropy", "CrossEntropyLoss",
    "binary_cross_entropy_with_logits", "BCEWithLogitsLoss",
    "binary_cross_entropy", "BCELoss",
    "hinge_loss", "HingeLoss",
    "multi_margin_loss", "MultiMarginLoss",
    "LOSSES",
]


# --- input checks shared by the losses, and the Module base class --------------------------------

def _check_pair(pred, target, who, pred_name="pred"):
    """pred as a non-empty float array; target as a float array of the same shape."""
    pred = as_float_array(pred, f"{who} {pred_name}")
    target = as_float_array(target, f"{who} target")
    if pred.shape != target.shape:
        hint = ""
        if pred.ndim == 2 and pred.shape[1] == 1 and target.shape == pred.shape[:1]:
            hint = " (a column of one output per example: pass target.reshape(-1, 1))"
        raise ValueError(f"{who} expects target of the same shape as {pred_name}; "
                         f"got {pred_name} {pred.shape} and target {target.shape}{hint}")
    if pred.size == 0:
        raise ValueError(f"{who} got an empty batch ({pred_name} of shape {pred.shape}); "
                         "expected at least one example")
    return pred, target.astype(pred.dtype, copy=False)


def _check_in_unit_interval(a, who, what, hint=""):
    if a.size and not (a.min() >= 0 and a.max() <= 1):       # also catches NaN
        n_nan = int(np.isnan(a).sum())
        if n_nan:
            raise ValueError(f"{who} expects {what} in [0, 1]{hint}; got {n_nan} NaN value(s), the first "
                             f"at index {tuple(int(i) for i in np.argwhere(np.isnan(a))[0])}")
        raise ValueError(f"{who} expects {what} in [0, 1]{hint}; "
                         f"got values from {a.min():.4g} to {a.max():.4g}")


def _check_target_rows(probs, who):
    """Soft targets: each row a probability distribution (entries in [0, 1], summing to 1)."""
    _check_in_unit_interval(probs, who, "target probabilities")
    sums = probs.sum(axis=1)
    bad = np.abs(sums - 1.0) > 1e-6 * probs.shape[1]
    if bad.any():
        i = int(np.argmax(bad))
        raise ValueError(f"{who} expects each row of target probabilities to sum to 1 (or integer labels of "
                         f"shape ({probs.shape[0]},)); got row {i} summing to {sums[i]:.6g}")


def _warn_if_probabilities(logits, who):
    """Logits that already look like softmax outputs: a common slip (softmax applied twice)."""
    if (logits.shape[1] > 1 and logits.min() >= 0 and logits.max() <= 1
            and np.allclose(logits.sum(axis=1), 1.0, atol=1e-6)):
        import warnings
        warnings.warn(f"{who} expects logits (unnormalised scores), but every row you passed is already a "
                      "probability distribution (entries in [0, 1] summing to 1): was a softmax applied "
                      "before the loss? The loss applies its own softmax.", UserWarning, stacklevel=4)


def _check_logits(logits, target, who):
    """Logits (N, C) and integer labels (N,) in [0, C)."""
    logits = as_float_array(logits, f"{who} logits")
    if logits.ndim != 2:
        raise ValueError(f"{who} expects logits of shape (N, C); "
                         f"got {logits.ndim}-d array of shape {logits.shape}")
    if logits.shape[0] == 0:
        raise ValueError(f"{who} got an empty batch (logits of shape {logits.shape}); "
                         "expected at least one example")
    return logits, check_labels(target, logits.shape[0], logits.shape[1], who)


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


# --- mean squared error --------------------------------------------------------------------------

def mse_loss(pred, target):
    """Mean squared error over all n elements, no 1/2 factor.

        diff = pred - target
        loss = sum(diff**2) / n
        dpred = 2 * diff / n

    Example:
        >>> mse_loss(np.array([1.0, 3.0]), np.array([0.0, 0.0]))[0]
        5.0
    """
    return _mse(*_check_pair(pred, target, "mse_loss"))


def _mse(pred, target):
    diff = pred - target
    return float((diff * diff).mean()), diff * (2.0 / diff.size)


class MSELoss(Loss):
    """Mean squared error over all n elements: sum((pred - target)**2) / n.

    Note: no 1/2 factor (as PyTorch), so the gradient is 2 (pred - target) / n.
    Shape: pred and target of the same shape.

    Example:
        >>> MSELoss()(np.array([1.0, 3.0]), np.array([1.0, 1.0]))
        2.0
    """

    def _compute(self, pred, target):
        return _mse(*_check_pair(pred, target, "MSELoss"))


# --- cross-entropy on logits ---------------------------------------------------------------------

def cross_entropy(logits, target):
    """Softmax cross-entropy, natural log, mean over the N examples.

        logp = logits - logsumexp(logits)          (log_softmax, row-wise, stable)
        loss = -sum_i logp[i, y_i] / N
        dlogits = (softmax(logits) - onehot(y)) / N

    Args:
        logits: (N, C) unnormalized scores.  target: integer labels (N,) in [0, C), or
            class probabilities of shape (N, C) (then loss = -sum(target * logp) / N).

    Example:
        >>> loss, grad = cross_entropy(np.zeros((1, 4)), np.array([2]))
        >>> round(loss, 4)          # ln 4: a uniform guess over 4 classes
        1.3863
    """
    return _checked_cross_entropy(logits, target, "cross_entropy")


def _checked_cross_entropy(logits, target, who):
    """The checks (named after ``who``), then hard labels or soft targets."""
    target_arr = np.asarray(target)
    if target_arr.ndim == 2 and target_arr.shape == np.shape(logits):
        logits, probs = _check_pair(logits, target_arr, who, "logits")
        _check_target_rows(probs, who)
        return _soft_cross_entropy(logits, probs)
    logits, y = _check_logits(logits, target, who)
    _warn_if_probabilities(logits, who)
    return _cross_entropy(logits, y)


@np.errstate(under="ignore")
def _cross_entropy(logits, y):
    n = logits.shape[0]
    logp = log_softmax(logits)
    rows = np.arange(n)
    loss = -logp[rows, y].mean()
    grad = np.exp(logp)                # softmax, reusing the stable log_softmax
    grad[rows, y] -= 1.0
    grad /= n
    return float(loss), grad


@np.errstate(under="ignore")
def _soft_cross_entropy(logits, probs):
    n = logits.shape[0]
    logp = log_softmax(logits)
    loss = -np.sum(probs * logp) / n
    grad = (np.exp(logp) * probs.sum(axis=1, keepdims=True) - probs) / n
    return float(loss), grad


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
        return _checked_cross_entropy(pred, target, "CrossEntropyLoss")


# --- binary cross-entropy, on logits and on probabilities ----------------------------------------

@np.errstate(under="ignore")
def binary_cross_entropy_with_logits(logits, target):
    """Binary cross-entropy on logits z (sigmoid inside), stable, mean over all n elements.

        loss = sum(max(z, 0) - z * y + log(1 + exp(-|z|))) / n
        dz = (sigmoid(z) - y) / n

    The first line equals -[y log s + (1 - y) log(1 - s)] with s = sigmoid(z), rearranged so
    that exp never overflows and log never sees 0.

    Example:
        >>> round(binary_cross_entropy_with_logits(np.array([0.0]), np.array([1.0]))[0], 4)
        0.6931
    """
    z, y = _check_pair(logits, target, "binary_cross_entropy_with_logits", "logits")
    _check_in_unit_interval(y, "binary_cross_entropy_with_logits", "targets")
    return _bce_with_logits(z, y)


@np.errstate(under="ignore")
def _bce_with_logits(z, y):
    per = np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))
    return float(per.mean()), (sigmoid(z).astype(z.dtype, copy=False) - y) / z.size


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
        z, y = _check_pair(pred, target, "BCEWithLogitsLoss", "logits")
        _check_in_unit_interval(y, "BCEWithLogitsLoss", "targets")
        return _bce_with_logits(z, y)


def binary_cross_entropy(probs, target, eps=None):
    """Binary cross-entropy on probabilities p (already passed through a sigmoid).

        q = clip(p, eps, 1 - eps)                     (inside the log only)
        loss = -sum(y log q + (1 - y) log(1 - q)) / n
        dp = (q - y) / (q (1 - q)) / n

    Args:
        probs: probabilities in [0, 1] (anything else is an error).  target: same shape, [0, 1].
        eps: clipping bound; default 1e-12 (1e-7 for float32), so log(0) never happens.

    Note: prefer ``binary_cross_entropy_with_logits``: it is exact where this one clips.
    """
    p, y = _check_pair(probs, target, "binary_cross_entropy", "probabilities")
    _check_in_unit_interval(p, "binary_cross_entropy", "probabilities",
                            " (apply a sigmoid first, or use binary_cross_entropy_with_logits)")
    _check_in_unit_interval(y, "binary_cross_entropy", "targets")
    return _bce(p, y, eps)


def _bce(p, y, eps=None):
    if eps is None:
        eps = 1e-7 if p.dtype == np.float32 else 1e-12
    check_positive(eps, "binary_cross_entropy eps")
    q = np.clip(p, eps, 1.0 - eps)
    loss = -np.mean(y * np.log(q) + (1.0 - y) * np.log1p(-q))
    return float(loss), (q - y) / (q * (1.0 - q)) / p.size


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
        p, y = _check_pair(pred, target, "BCELoss", "probabilities")
        _check_in_unit_interval(p, "BCELoss", "probabilities",
                                   " (apply a sigmoid first, or use BCEWithLogitsLoss)")
        _check_in_unit_interval(y, "BCELoss", "targets")
        return _bce(p, y, self.eps)


# --- hinge losses --------------------------------------------------------------------------------

def hinge_loss(scores, target):
    """Binary hinge loss with labels -1/+1, mean over all n elements.

        margin = target * scores
        loss = sum(max(0, 1 - margin)) / n
        dscores = -target / n where margin < 1, else 0   (subgradient 0 at the kink)

    Example:
        >>> hinge_loss(np.array([2.0, 0.5]), np.array([1.0, 1.0]))[0]   # (0 + 0.5) / 2
        0.25
    """
    s, y = _check_pair(scores, target, "hinge_loss", "scores")
    _check_pm1(y, "hinge_loss")
    return _hinge(s, y)


def _check_pm1(y, who):
    bad = (y != 1) & (y != -1)
    if bad.any():
        raise ValueError(f"{who} expects labels -1 or +1; got {y[bad][0]:g} "
                         "(map 0/1 labels with 2 * y - 1)")


def _hinge(s, y):
    margin = y * s
    active = margin < 1
    loss = np.mean(np.where(active, 1.0 - margin, 0.0))
    return float(loss), np.where(active, -y, 0.0).astype(s.dtype, copy=False) / s.size


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
        s, y = _check_pair(pred, target, "HingeLoss", "scores")
        _check_pm1(y, "HingeLoss")
        return _hinge(s, y)


def multi_margin_loss(logits, target, margin=1.0):
    """Multi-class hinge loss, as ``torch.nn.MultiMarginLoss`` (p=1, no weights):

        m[i, j] = max(0, margin - x[i, y_i] + x[i, j])   for j != y_i (0 for j = y_i)
        loss = sum(m) / C / N
        dx[i, j] = [m[i, j] > 0] / (C N);  dx[i, y_i] = -(number of j with m[i, j] > 0) / (C N)

    Multiply by C for the sum form of the multiclass SVM loss (CS231n's).

    Example:
        >>> multi_margin_loss(np.array([[10.0, 8.0, 8.0], [10.0, -10.0, -10.0]]),
        ...                   np.array([0, 0]))[0]
        0.0
    """
    x, y = _check_logits(logits, target, "multi_margin_loss")
    check_positive(margin, "multi_margin_loss margin", allow_zero=True)
    return _multi_margin(x, y, margin)


def _multi_margin(x, y, margin=1.0):
    n, c = x.shape
    rows = np.arange(n)
    m = margin - x[rows, y][:, None] + x
    active = m > 0
    active[rows, y] = False
    loss = np.sum(np.where(active, m, 0.0)) / (c * n)
    grad = active.astype(x.dtype)
    grad[rows, y] = -active.sum(axis=1)
    grad /= c * n
    return float(loss), grad


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
        x, y = _check_logits(pred, target, "MultiMarginLoss")
        return _multi_margin(x, y, self.margin)

    def extra_repr(self):
        return f"margin={self.margin:g}"


# --- by name -------------------------------------------------------------------------------------
LOSSES = {"mse": MSELoss, "cross_entropy": CrossEntropyLoss, "bce_with_logits": BCEWithLogitsLoss,
          "bce": BCELoss, "hinge": HingeLoss, "multi_margin": MultiMarginLoss}
