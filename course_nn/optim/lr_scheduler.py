"""Learning-rate schedules: pure functions of the step t, and schedulers that apply them.

The pure functions take ``t`` (an int or an array of ints, for plotting) and the initial
learning rate ``lr0``; each scheduler class calls its function for every parameter group::

    sched = StepLR(opt, step_size=10, gamma=0.5)
    for epoch in range(epochs):
        train_one_epoch(...)
        sched.step()               # t -> t + 1, and opt.lr = step_decay(t, lr0, 10, 0.5)

``t`` counts calls to ``step()`` (``sched.last_step``), starting at 0 when the scheduler is
made; call it once per epoch or once per mini-batch, as you intend t to mean. ``lr0`` is the
group's learning rate when the first scheduler was attached (kept as ``group["initial_lr"]``,
as in PyTorch).
"""
from __future__ import annotations

import math
import numbers

import numpy as np

from .optimizer import Optimizer, check_number

__all__ = ["step_decay", "exponential_decay", "inverse_time_decay", "cosine_decay", "linear_warmup",
           "LRScheduler", "StepLR", "ExponentialLR", "InverseTimeLR", "CosineAnnealingLR", "LinearWarmup"]


def _steps(t):
    t = np.asarray(t)
    if t.dtype.kind not in "iu" or np.any(t < 0):
        raise ValueError(f"the step t must be an integer >= 0 (or an array of them); got {t!r}")
    return t


def _result(lr):
    return float(lr) if np.ndim(lr) == 0 else lr


def _count(value, what):
    if not isinstance(value, numbers.Integral) or isinstance(value, bool) or value < 1:
        raise ValueError(f"{what} must be an integer >= 1; got {value!r}")
    return int(value)


def step_decay(t, lr0, step_size, gamma=0.1):
    """lr_t = lr0 * gamma ** floor(t / step_size): multiply by gamma every step_size steps.

    >>> [step_decay(t, 1.0, step_size=2, gamma=0.5) for t in range(5)]
    [1.0, 1.0, 0.5, 0.5, 0.25]
    """
    step_size = _count(step_size, "step_decay step_size")
    return _result(lr0 * gamma ** (_steps(t) // step_size))


def exponential_decay(t, lr0, gamma):
    """lr_t = lr0 * gamma ** t.

    >>> exponential_decay(3, 1.0, gamma=0.5)
    0.125
    """
    return _result(lr0 * gamma ** _steps(t))


def inverse_time_decay(t, lr0, k):
    """lr_t = lr0 / (1 + k * t): "1/t decay".

    Note: not ``lr /= 1 + k * t`` repeated every step: that multiplies the factors
    1/(1+k), 1/(1+2k), ... and decays far faster (at t = 10 with k = 0.5 it gives
    lr0 / 1.1e5 instead of lr0 / 6).

    >>> inverse_time_decay(10, 1.0, k=0.5)
    0.16666666666666666
    """
    return _result(lr0 / (1 + k * _steps(t)))


def cosine_decay(t, lr0, T_max, eta_min=0.0):
    """lr_t = eta_min + (lr0 - eta_min) * (1 + cos(pi * t / T_max)) / 2, and eta_min for t >= T_max.

    Note: PyTorch's CosineAnnealingLR keeps following the cosine past T_max (the rate rises
    again); here it stays at eta_min.

    >>> [round(cosine_decay(t, 1.0, T_max=4), 4) for t in range(6)]
    [1.0, 0.8536, 0.5, 0.1464, 0.0, 0.0]
    """
    T_max = _count(T_max, "cosine_decay T_max")
    t = np.minimum(_steps(t), T_max)
    return _result(eta_min + (lr0 - eta_min) * (1 + np.cos(math.pi * t / T_max)) / 2)


def linear_warmup(t, lr0, warmup_steps):
    """lr_t = lr0 * min(1, (t + 1) / warmup_steps): from lr0 / warmup_steps up to lr0 at t = warmup_steps - 1.

    >>> [linear_warmup(t, 1.0, warmup_steps=4) for t in range(6)]
    [0.25, 0.5, 0.75, 1.0, 1.0, 1.0]
    """
    warmup_steps = _count(warmup_steps, "linear_warmup warmup_steps")
    return _result(lr0 * np.minimum(1.0, (_steps(t) + 1) / warmup_steps))


class LRScheduler:
    """Base class: sets each group's lr to ``lr_at(last_step, lr0)`` on creation and on each ``step()``.

    Subclasses define ``lr_at(t, lr0)``, usually by calling one of the pure functions.
    ``get_lr()`` returns the scheduled rate of the first group (the usual single-group case);
    ``get_last_lr()`` the list over groups, as in PyTorch.
    """

    def __init__(self, optimizer):
        if not isinstance(optimizer, Optimizer):
            raise TypeError(f"{type(self).__name__} takes an optimizer such as cnn.optim.SGD(...); "
                            f"got {type(optimizer).__name__}")
        self.optimizer = optimizer
        self.base_lrs = [g.setdefault("initial_lr", g["lr"]) for g in optimizer.param_groups]
        self.last_step = 0
        self._apply()

    def lr_at(self, t, lr0):
        raise NotImplementedError

    def step(self):
        """Advance t by one and set the optimizer's learning rates."""
        self.last_step += 1
        self._apply()

    def _apply(self):
        for group, lr0 in zip(self.optimizer.param_groups, self.base_lrs):
            group["lr"] = self.lr_at(self.last_step, lr0)

    def get_lr(self) -> float:
        """The learning rate this schedule gives at the current step (first parameter group)."""
        return self.lr_at(self.last_step, self.base_lrs[0])

    def get_last_lr(self) -> list:
        """The learning rate of every parameter group, as set by the last step."""
        return [g["lr"] for g in self.optimizer.param_groups]

    def __repr__(self):
        return f"{type(self).__name__}(last_step={self.last_step}, lr={self.get_lr():.3g})"


class StepLR(LRScheduler):
    """lr = lr0 * gamma ** floor(t / step_size) (see ``step_decay``).

    Example:
        >>> import numpy as np, course_nn as cnn
        >>> opt = cnn.optim.SGD([cnn.Parameter(np.zeros(2))], lr=0.1)
        >>> sched = StepLR(opt, step_size=2, gamma=0.5)
        >>> lrs = []
        >>> for epoch in range(5):
        ...     lrs.append(opt.lr)
        ...     sched.step()
        >>> lrs
        [0.1, 0.1, 0.05, 0.05, 0.025]
    """

    def __init__(self, optimizer, step_size, gamma=0.1):
        self.step_size = _count(step_size, "StepLR step_size")
        self.gamma = check_number(gamma, "StepLR gamma")
        super().__init__(optimizer)

    def lr_at(self, t, lr0):
        return step_decay(t, lr0, self.step_size, self.gamma)


class ExponentialLR(LRScheduler):
    """lr = lr0 * gamma ** t (see ``exponential_decay``)."""

    def __init__(self, optimizer, gamma):
        self.gamma = check_number(gamma, "ExponentialLR gamma")
        super().__init__(optimizer)

    def lr_at(self, t, lr0):
        return exponential_decay(t, lr0, self.gamma)


class InverseTimeLR(LRScheduler):
    """lr = lr0 / (1 + k * t) (see ``inverse_time_decay``), computed from lr0 each step, never compounded.

    Example:
        >>> import numpy as np, course_nn as cnn
        >>> opt = cnn.optim.SGD([cnn.Parameter(np.zeros(2))], lr=1.0)
        >>> sched = InverseTimeLR(opt, k=0.5)
        >>> for _ in range(10):
        ...     sched.step()
        >>> round(opt.lr, 4), sched.last_step
        (0.1667, 10)
    """

    def __init__(self, optimizer, k):
        self.k = check_number(k, "InverseTimeLR k")
        super().__init__(optimizer)

    def lr_at(self, t, lr0):
        return inverse_time_decay(t, lr0, self.k)


class CosineAnnealingLR(LRScheduler):
    """lr = eta_min + (lr0 - eta_min) * (1 + cos(pi * t / T_max)) / 2, then eta_min (see ``cosine_decay``)."""

    def __init__(self, optimizer, T_max, eta_min=0.0):
        self.T_max = _count(T_max, "CosineAnnealingLR T_max")
        self.eta_min = check_number(eta_min, "CosineAnnealingLR eta_min")
        super().__init__(optimizer)

    def lr_at(self, t, lr0):
        return cosine_decay(t, lr0, self.T_max, self.eta_min)


class LinearWarmup(LRScheduler):
    """A linear ramp lr0 * (t + 1) / warmup_steps for t < warmup_steps, then ``after`` (or lr0).

    Args:
        optimizer: the optimizer whose lr to set.
        warmup_steps: the length W of the ramp.
        after: an optional scheduler on the same optimizer that takes over at t = W, running
            from its own t = 0 (so ``after`` sees t - W).

    Example:
        >>> import numpy as np, course_nn as cnn
        >>> opt = cnn.optim.SGD([cnn.Parameter(np.zeros(2))], lr=1.0)
        >>> sched = LinearWarmup(opt, 2, after=CosineAnnealingLR(opt, T_max=2))
        >>> lrs = []
        >>> for _ in range(6):
        ...     lrs.append(opt.lr)
        ...     sched.step()
        >>> lrs
        [0.5, 1.0, 1.0, 0.5, 0.0, 0.0]
    """

    def __init__(self, optimizer, warmup_steps, after=None):
        self.warmup_steps = _count(warmup_steps, "LinearWarmup warmup_steps")
        if after is not None:
            if not isinstance(after, LRScheduler):
                raise TypeError(f"LinearWarmup after= takes a scheduler such as CosineAnnealingLR(opt, ...); "
                                f"got {type(after).__name__}")
            if after.optimizer is not optimizer:
                raise ValueError("LinearWarmup after= must schedule the same optimizer as the warm-up")
        self.after = after
        super().__init__(optimizer)

    def lr_at(self, t, lr0):
        if self.after is None or t < self.warmup_steps:
            return linear_warmup(t, lr0, self.warmup_steps)
        return self.after.lr_at(t - self.warmup_steps, lr0)

    def step(self):
        super().step()
        if self.after is not None:
            self.after.last_step = max(0, self.last_step - self.warmup_steps)
