"""The Optimizer base class: parameter groups, per-parameter state, ``lr``.

An optimizer holds ``param_groups`` (a list of dicts, each with ``"params"`` and the
hyperparameters that apply to them) and ``state`` (a dict: Parameter -> dict of arrays
and the step count ``"step"``). ``step()`` updates every ``Parameter.value`` in place
from its ``.grad``; ``zero_grad()`` sets every ``.grad`` to 0.
"""
from __future__ import annotations

import numbers

import numpy as np

from ..module import Module, Parameter

__all__ = ["Optimizer", "split_decay"]


def split_decay(params):
    """Two parameter groups: weights (``decay=True``) and the rest, the latter with weight_decay 0.

    ``weight_decay`` applies to *every* parameter an optimizer is given (as in PyTorch).
    To leave biases and batch-norm parameters (``decay=False``) alone, pass these groups
    (``split_decay(model.parameters())``):

        >>> import numpy as np, course_nn as cnn
        >>> w, b = cnn.Parameter(np.ones((3, 4))), cnn.Parameter(np.zeros(4), decay=False)
        >>> groups = cnn.optim.split_decay([w, b])
        >>> [len(g["params"]) for g in groups], groups[1]["weight_decay"]
        ([1, 1], 0.0)
        >>> opt = cnn.optim.AdamW(groups, lr=1e-3, weight_decay=1e-2)
        >>> [g["weight_decay"] for g in opt.param_groups]
        [0.01, 0.0]

    Empty groups are left out, so a model without biases gives a single group.
    """
    params = _as_param_list(params, "split_decay")
    decay = [p for p in params if p.decay]
    no_decay = [p for p in params if not p.decay]
    groups = [{"params": decay}] if decay else []
    if no_decay:
        groups.append({"params": no_decay, "weight_decay": 0.0})
    return groups


def _as_param_list(params, who):
    if isinstance(params, Module):
        raise TypeError(f"{who} takes a list of Parameters: pass model.parameters(), not the model")
    if isinstance(params, (Parameter, np.ndarray)):
        raise TypeError(f"{who} takes a list of Parameters; got a single {type(params).__name__}: wrap it in a list, [p]")
    try:
        params = list(params)
    except TypeError:
        raise TypeError(f"{who} takes a list of Parameters; got {type(params).__name__}") from None
    for i, p in enumerate(params):
        if not isinstance(p, Parameter):
            raise TypeError(f"{who} takes a list of Parameters; element {i} is a {type(p).__name__} "
                            "(wrap arrays in cnn.Parameter)")
    return params


def check_number(value, what, low=0.0, high=None, high_open=False):
    """``value`` as a float in [low, high] (or [low, high)); a ValueError naming both otherwise."""
    if not isinstance(value, numbers.Real) or isinstance(value, bool):
        raise TypeError(f"{what} must be a number; got {type(value).__name__}")
    too_high = high is not None and (value >= high if high_open else value > high)
    if not np.isfinite(value) or value < low or too_high:
        want = f">= {low:g}" if high is None else f"in [{low:g}, {high:g}{')' if high_open else ']'}"
        raise ValueError(f"{what} must be {want}; got {value}")
    return float(value)


class Optimizer:
    """Base class: holds parameter groups and per-parameter state; subclasses define the update.

    Args:
        params: a list of Parameters, or a list of dicts ``{"params": [...], "lr": ..., ...}``
            (parameter groups; keys left out take the optimizer's defaults).
        defaults: the hyperparameters and their values for groups that do not set them.

    ``weight_decay`` (where an optimizer has it) applies to every parameter it is given, as in
    PyTorch, including biases and batch-norm parameters (``decay=False``); pass
    ``split_decay(params)`` to exempt those.

    Subclasses implement ``_init_state(p, group) -> dict`` and ``_update(p, state, group)``,
    and may extend ``_check_group(group)`` (called for every group, with its hyperparameters).
    """

    def __init__(self, params, defaults: dict):
        who = type(self).__name__
        self.defaults = dict(defaults)
        self.param_groups: list[dict] = []
        self.state: dict = {}            # Parameter -> {"step": int, "m": array, ...}
        self._work: dict = {}            # Parameter -> scratch arrays (not part of the algorithm)
        if isinstance(params, (Module, Parameter, np.ndarray)):
            _as_param_list(params, who)  # raises the explanatory TypeError
        params = list(params)
        if not params:
            raise ValueError(f"{who} got an empty parameter list; expected a non-empty list of Parameters "
                             "(for example model.parameters())")
        if all(isinstance(g, dict) for g in params):
            for group in params:
                self.add_param_group(group)
        else:
            self.add_param_group({"params": params})

    def add_param_group(self, group: dict):
        """Add a group ``{"params": [...], hyperparameter: value, ...}``; its state starts at zero."""
        who = type(self).__name__
        if "params" not in group:
            raise ValueError(f"{who}: a parameter group needs a 'params' key; got keys {sorted(group)}")
        unknown = set(group) - set(self.defaults) - {"params", "initial_lr"}
        if unknown:
            raise ValueError(f"{who}: unknown hyperparameter(s) {sorted(unknown)} in a parameter group; "
                             f"expected some of {sorted(self.defaults)}")
        params = _as_param_list(group["params"], who)
        if not params:
            raise ValueError(f"{who}: a parameter group has an empty 'params' list; expected at least one Parameter")
        seen = {id(p) for g in self.param_groups for p in g["params"]}
        if len({id(p) for p in params}) < len(params) or any(id(p) in seen for p in params):
            raise ValueError(f"{who}: a Parameter appears more than once; give each Parameter to one group only")
        full = {**self.defaults, **group, "params": params}
        self._check_group(full)
        self.param_groups.append(full)
        for p in params:
            self.state[p] = self._init_state(p, full)

    # --- what subclasses define ---------------------------------------------
    def _check_group(self, group: dict):
        who = type(self).__name__
        group["lr"] = check_number(group["lr"], f"{who} lr")
        group["weight_decay"] = check_number(group["weight_decay"], f"{who} weight_decay")

    def _init_state(self, p: Parameter, group: dict) -> dict:
        return {"step": 0}

    def _update(self, p: Parameter, state: dict, group: dict):
        raise NotImplementedError

    # --- the public interface ---------------------------------------------
    def step(self):
        """Update every parameter once from its current ``.grad``."""
        for group in self.param_groups:
            for p in group["params"]:
                state = self.state[p]
                state["step"] += 1
                self._update(p, state, group)

    def zero_grad(self):
        """Set every parameter's ``.grad`` to 0 (in place)."""
        for group in self.param_groups:
            for p in group["params"]:
                p.grad.fill(0)

    @property
    def lr(self) -> float:
        """The learning rate. Setting it sets every group's; reading it needs all groups to agree."""
        lrs = {g["lr"] for g in self.param_groups}
        if len(lrs) > 1:
            raise ValueError(f"{type(self).__name__} has parameter groups with different learning rates "
                             f"{[g['lr'] for g in self.param_groups]}; read opt.param_groups[i]['lr']")
        return self.param_groups[0]["lr"]

    @lr.setter
    def lr(self, value):
        value = check_number(value, f"{type(self).__name__} lr")
        for g in self.param_groups:
            g["lr"] = value

    def parameters(self):
        """All Parameters this optimizer updates, group by group."""
        return [p for g in self.param_groups for p in g["params"]]

    def _grad(self, p: Parameter, group: dict) -> np.ndarray:
        """g_t = grad + weight_decay * w (coupled L2), or the gradient itself when weight_decay is 0."""
        wd = group["weight_decay"]
        if wd == 0:
            return p.grad
        g = self._scratch(p, 0)
        np.multiply(p.value, wd, out=g)
        g += p.grad
        return g

    def _scratch(self, p: Parameter, i: int) -> np.ndarray:
        """The i-th work array of p's shape and dtype (i = 0 or 1), allocated once and reused."""
        work = self._work.get(p)
        if work is None or work[0].shape != p.value.shape or work[0].dtype != p.value.dtype:
            work = self._work[p] = (np.empty_like(p.value), np.empty_like(p.value))
        return work[i]

    def __repr__(self):
        hyper = ", ".join(f"{k}={v!r}" for k, v in self.defaults.items())
        n = len(self.parameters())
        return f"{type(self).__name__}({hyper}; {n} parameters in {len(self.param_groups)} group(s))"
