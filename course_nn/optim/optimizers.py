r"""SGD (with momentum and Nesterov), Adagrad, RMSprop, Adam and AdamW.

Each is the algorithm on PyTorch's documentation page of the same name (``torch.optim``), so
the same gradients give the same parameter trajectory. The docstrings write each update as
math, line for line in the order of the code below it; ``tests/test_optim.py`` transcribes
those lines and checks them against the code.

Conventions (all as in PyTorch):
    * ``weight_decay`` is a coupled L2 term added to the gradient, g <- g + wd * w, for every
      parameter the optimizer is given -- except in AdamW, where it is decoupled. To exempt
      biases and batch-norm parameters pass ``cnn.optim.split_decay(model.parameters())``.
    * The step count t starts at 1 on the first ``step()``.
    * Updates are in place: ``p.value`` keeps its identity, dtype (float32 stays float32) and shape.
"""
from __future__ import annotations

import math

import numpy as np

from .optimizer import Optimizer, check_number

__all__ = ["SGD", "Adagrad", "RMSprop", "Adam", "AdamW"]


class SGD(Optimizer):
    r"""Stochastic gradient descent, optionally with (Nesterov) momentum (Sutskever et al., 2013).

    For each parameter w, with gradient g_t at step t = 1, 2, ...:

        g_t = g_t + weight_decay * w_{t-1}                    (if weight_decay != 0)
        b_t = g_t  if t == 1  else  momentum * b_{t-1} + (1 - dampening) * g_t    (if momentum != 0)
        g_t = g_t + momentum * b_t  if nesterov  else  b_t                          (if momentum != 0)
        w_t = w_{t-1} - lr * g_t

    Args:
        params: the Parameters (``model.parameters()``) or parameter groups.
        lr: the learning rate (required).
        momentum: the factor mu of the velocity b (0 = plain SGD; 0.9 is common).
        dampening: scales the gradient added to b (0 in the usual formulation).
        nesterov: Nesterov's momentum, in the reformulation of Sutskever et al. (2013) that
            evaluates the gradient at the current weights; needs momentum > 0 and dampening 0.
        weight_decay: coupled L2 coefficient (see above).

    State (``opt.state[p]``): ``step``; ``momentum_buffer`` (b) when momentum != 0.

    Note: PyTorch's convention puts lr outside the velocity (b accumulates gradients, then
    w -= lr * b); some texts put it inside (v = mu v - lr g). Both agree for a constant lr.

    Example:
        >>> import numpy as np
        >>> from course_nn import Parameter
        >>> w = Parameter(np.array([1.0, -2.0]))
        >>> opt = SGD([w], lr=0.1, momentum=0.9)
        >>> for _ in range(3):
        ...     opt.zero_grad()
        ...     w.grad += 2 * w.value            # gradient of sum(w**2)
        ...     opt.step()
        >>> np.round(w.value, 4), np.round(opt.state[w]["momentum_buffer"], 4)
        (array([ 0.062, -0.124]), array([ 3.98, -7.96]))
    """

    def __init__(self, params, lr, momentum=0.0, dampening=0.0, nesterov=False, weight_decay=0.0):
        defaults = dict(lr=lr, momentum=momentum, dampening=dampening, nesterov=nesterov,
                        weight_decay=weight_decay)
        super().__init__(params, defaults)

    def _check_group(self, g):
        super()._check_group(g)
        g["momentum"] = check_number(g["momentum"], "SGD momentum", high=1.0, high_open=True)
        g["dampening"] = check_number(g["dampening"], "SGD dampening", high=1.0)
        if g["nesterov"] and (g["momentum"] <= 0 or g["dampening"] != 0):
            raise ValueError("SGD(nesterov=True) needs momentum > 0 and dampening = 0; "
                             f"got momentum={g['momentum']} and dampening={g['dampening']}")

    def _init_state(self, p, group):
        state = {"step": 0}
        if group["momentum"] != 0:
            state["momentum_buffer"] = np.zeros_like(p.value)
        return state

    def _update(self, p, state, group):
        lr, mu, tau = group["lr"], group["momentum"], group["dampening"]
        g = g_t = self._grad(p, group)                 # g_t (+ weight_decay * w)
        if mu != 0:
            b, tmp = state["momentum_buffer"], self._scratch(p, 1)
            if state["step"] == 1:
                np.copyto(b, g)                        # b_1 = g_1
            else:
                b *= mu                                # b_t = mu * b_{t-1} + (1 - tau) * g_t
                b += g if tau == 0 else np.multiply(g, 1 - tau, out=tmp)
            if group["nesterov"]:
                g = np.multiply(b, mu, out=tmp)        # g_t = g_t + mu * b_t
                g += g_t
            else:
                g = b                                  # g_t = b_t
        step = np.multiply(g, lr, out=self._scratch(p, 1))
        p.value -= step                                # w_t = w_{t-1} - lr * g_t


class Adagrad(Optimizer):
    r"""Adagrad (Duchi et al., 2011): per-coordinate steps shrink with the accumulated squared gradients.

    For each parameter w, with gradient g_t at step t = 1, 2, ... and sum_0 = initial_accumulator_value:

        lr_t  = lr / (1 + (t - 1) * lr_decay)
        g_t   = g_t + weight_decay * w_{t-1}                  (if weight_decay != 0)
        sum_t = sum_{t-1} + g_t**2
        w_t   = w_{t-1} - lr_t * g_t / (sqrt(sum_t) + eps)

    Args:
        params: the Parameters or parameter groups.
        lr: the base learning rate (default 1e-2).
        lr_decay: 1/t-style decay of lr over steps (0 = none).
        weight_decay: coupled L2 coefficient.
        initial_accumulator_value: the starting value of every ``sum`` entry.
        eps: added to the square root for numerical stability (default 1e-10).

    State: ``step``, ``sum``.

    Note: the divisor is the *square root* of the sum of squared gradients, not the sum.

    Example:
        >>> import numpy as np
        >>> from course_nn import Parameter
        >>> w = Parameter(np.array([1.0, -2.0]))
        >>> opt = Adagrad([w], lr=0.5)
        >>> w.grad[:] = 2 * w.value
        >>> opt.step()                 # the first step moves each coordinate by lr * sign(g)
        >>> w.value, opt.state[w]["sum"]
        (array([ 0.5, -1.5]), array([ 4., 16.]))
    """

    def __init__(self, params, lr=1e-2, lr_decay=0.0, weight_decay=0.0, initial_accumulator_value=0.0,
                 eps=1e-10):
        defaults = dict(lr=lr, lr_decay=lr_decay, weight_decay=weight_decay,
                        initial_accumulator_value=initial_accumulator_value, eps=eps)
        super().__init__(params, defaults)

    def _check_group(self, g):
        super()._check_group(g)
        for key in ("lr_decay", "initial_accumulator_value", "eps"):
            g[key] = check_number(g[key], f"Adagrad {key}")

    def _init_state(self, p, group):
        return {"step": 0, "sum": np.full_like(p.value, group["initial_accumulator_value"])}

    def _update(self, p, state, group):
        t, s, tmp = state["step"], state["sum"], self._scratch(p, 1)
        lr_t = group["lr"] / (1 + (t - 1) * group["lr_decay"])
        g = self._grad(p, group)                       # g_t (+ weight_decay * w)
        s += np.multiply(g, g, out=tmp)                # sum_t = sum_{t-1} + g_t**2
        denom = np.sqrt(s, out=tmp)
        denom += group["eps"]                          # sqrt(sum_t) + eps
        step = np.multiply(g, lr_t, out=self._scratch(p, 0))
        step /= denom
        p.value -= step                                # w_t = w_{t-1} - lr_t * g_t / (sqrt(sum_t) + eps)


class RMSprop(Optimizer):
    r"""RMSprop (Hinton, Coursera lecture 6e, 2012): divide by a running RMS of recent gradients.

    For each parameter w, with gradient g_t at step t = 1, 2, ... (v_0 = gbar_0 = b_0 = 0):

        g_t    = g_t + weight_decay * w_{t-1}                 (if weight_decay != 0)
        v_t    = alpha * v_{t-1} + (1 - alpha) * g_t**2
        gbar_t = alpha * gbar_{t-1} + (1 - alpha) * g_t       (if centered)
        vt_t   = v_t - gbar_t**2  if centered  else  v_t
        b_t    = momentum * b_{t-1} + g_t / (sqrt(vt_t) + eps)     (if momentum > 0)
        w_t    = w_{t-1} - lr * b_t                                (if momentum > 0)
        w_t    = w_{t-1} - lr * g_t / (sqrt(vt_t) + eps)           (otherwise)

    Args:
        params: the Parameters or parameter groups.
        lr: the learning rate (default 1e-2).
        alpha: the decay of the running average v (default 0.99 as in PyTorch; Hinton's
            lecture uses 0.9).
        eps: added to the root for stability (default 1e-8).
        weight_decay: coupled L2 coefficient.
        momentum: momentum on the scaled step (0 = none).
        centered: divide by an estimate of the gradient's standard deviation instead of its RMS
            (Graves, 2013).

    State: ``step``, ``square_avg`` (v); ``grad_avg`` (gbar) if centered; ``momentum_buffer``
    (b) if momentum > 0.

    Example:
        >>> import numpy as np
        >>> from course_nn import Parameter
        >>> w = Parameter(np.array([1.0, -2.0]))
        >>> opt = RMSprop([w], lr=0.01, alpha=0.9)
        >>> w.grad[:] = 2 * w.value
        >>> opt.step()                 # v = 0.1 g**2, so the step is lr * g / |0.316 g|
        >>> np.round(w.value, 4)
        array([ 0.9684, -1.9684])
    """

    def __init__(self, params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0,
                 centered=False):
        defaults = dict(lr=lr, alpha=alpha, eps=eps, weight_decay=weight_decay, momentum=momentum,
                        centered=centered)
        super().__init__(params, defaults)

    def _check_group(self, g):
        super()._check_group(g)
        g["alpha"] = check_number(g["alpha"], "RMSprop alpha (the decay of the running average)",
                                  high=1.0, high_open=True)
        g["eps"] = check_number(g["eps"], "RMSprop eps")
        g["momentum"] = check_number(g["momentum"], "RMSprop momentum", high=1.0, high_open=True)

    def _init_state(self, p, group):
        state = {"step": 0, "square_avg": np.zeros_like(p.value)}
        if group["centered"]:
            state["grad_avg"] = np.zeros_like(p.value)
        if group["momentum"] > 0:
            state["momentum_buffer"] = np.zeros_like(p.value)
        return state

    def _update(self, p, state, group):
        lr, alpha, tmp = group["lr"], group["alpha"], self._scratch(p, 1)
        g = self._grad(p, group)                       # g_t (+ weight_decay * w)
        v = state["square_avg"]
        v *= alpha                                     # v_t = alpha * v_{t-1} + (1 - alpha) * g_t**2
        v += np.multiply(np.multiply(g, g, out=tmp), 1 - alpha, out=tmp)
        if group["centered"]:
            gbar = state["grad_avg"]
            gbar *= alpha                              # gbar_t = alpha * gbar_{t-1} + (1 - alpha) * g_t
            gbar += np.multiply(g, 1 - alpha, out=tmp)
            vt = np.subtract(v, np.multiply(gbar, gbar, out=tmp), out=tmp)   # vt_t = v_t - gbar_t**2
        else:
            vt = v                                     # vt_t = v_t
        denom = np.sqrt(vt, out=tmp)
        denom += group["eps"]                          # sqrt(vt_t) + eps
        if group["momentum"] > 0:
            b = state["momentum_buffer"]
            b *= group["momentum"]                     # b_t = momentum * b_{t-1} + g_t / (sqrt(vt_t) + eps)
            b += np.divide(g, denom, out=tmp)
            p.value -= np.multiply(b, lr, out=tmp)     # w_t = w_{t-1} - lr * b_t
        else:
            step = np.multiply(g, lr, out=self._scratch(p, 0))
            step /= denom
            p.value -= step                            # w_t = w_{t-1} - lr * g_t / (sqrt(vt_t) + eps)


class Adam(Optimizer):
    r"""Adam (Kingma & Ba, 2015): momentum on the gradient, RMS scaling, and bias correction.

    For each parameter w, with gradient g_t at step t = 1, 2, ... (m_0 = v_0 = vmax_0 = 0):

        g_t    = g_t + weight_decay * w_{t-1}                 (if weight_decay != 0)
        m_t    = beta1 * m_{t-1} + (1 - beta1) * g_t
        v_t    = beta2 * v_{t-1} + (1 - beta2) * g_t**2
        m_hat  = m_t / (1 - beta1**t)
        vmax_t = max(vmax_{t-1}, v_t)                         (if amsgrad)
        v_hat  = vmax_t / (1 - beta2**t)  if amsgrad  else  v_t / (1 - beta2**t)
        w_t    = w_{t-1} - lr * m_hat / (sqrt(v_hat) + eps)

    The code computes the last three lines with the bias corrections folded into two scalars
    (the same value, in 5 passes over w instead of 7, as PyTorch's code and Kingma & Ba, end
    of section 2), with c1 = 1 - beta1**t, c2 = 1 - beta2**t and v = vmax_t if amsgrad:

        w_t    = w_{t-1} - (lr * sqrt(c2) / c1) * m_t / (sqrt(v) + eps * sqrt(c2))

    Args:
        params: the Parameters or parameter groups.
        lr, betas, eps: as above; defaults are the paper's (1e-3, (0.9, 0.999), 1e-8).
        weight_decay: coupled L2 coefficient added to the gradient (AdamW decouples it).
        amsgrad: use the running maximum of v (Reddi et al., 2018), bias-corrected after the
            max, as PyTorch's code and its current documentation do.

    State: ``step`` (t), ``m``, ``v``; ``v_max`` if amsgrad.

    Note: the bias correction uses t = 1 on the first step, so m_hat = g_1 there: the first
    step has size about lr in every coordinate.

    Example:
        >>> import numpy as np
        >>> from course_nn import Parameter
        >>> w = Parameter(np.array([1.0, -2.0]))
        >>> opt = Adam([w], lr=0.1)
        >>> w.grad[:] = 2 * w.value
        >>> opt.step()
        >>> np.round(w.value, 6), opt.state[w]["step"], np.round(opt.state[w]["m"], 6)
        (array([ 0.9, -1.9]), 1, array([ 0.2, -0.4]))
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, amsgrad=False):
        defaults = dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, amsgrad=amsgrad)
        super().__init__(params, defaults)

    def _check_group(self, g):
        super()._check_group(g)
        who = type(self).__name__
        betas = g["betas"]
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise ValueError(f"{who} betas must be a pair (beta1, beta2) such as (0.9, 0.999); got {betas!r}")
        g["betas"] = tuple(check_number(b, f"{who} betas[{i}]", high=1.0, high_open=True)
                           for i, b in enumerate(betas))
        g["eps"] = check_number(g["eps"], f"{who} eps")
        if g["eps"] == 0:
            raise ValueError(f"{who} eps must be > 0 (it keeps the step finite where v is 0); got 0")

    def _init_state(self, p, group):
        state = {"step": 0, "m": np.zeros_like(p.value), "v": np.zeros_like(p.value)}
        if group["amsgrad"]:
            state["v_max"] = np.zeros_like(p.value)
        return state

    def _update(self, p, state, group):
        self._adam_step(p, self._grad(p, group), state, group)

    def _adam_step(self, p, g, state, group):
        (beta1, beta2), t = group["betas"], state["step"]
        m, v, tmp = state["m"], state["v"], self._scratch(p, 1)
        m *= beta1                                     # m_t = beta1 * m_{t-1} + (1 - beta1) * g_t
        m += np.multiply(g, 1 - beta1, out=tmp)
        v *= beta2                                     # v_t = beta2 * v_{t-1} + (1 - beta2) * g_t**2
        v += np.multiply(np.multiply(g, g, out=tmp), 1 - beta2, out=tmp)
        if group["amsgrad"]:
            np.maximum(state["v_max"], v, out=state["v_max"])           # vmax_t = max(vmax_{t-1}, v_t)
            v = state["v_max"]
        c1, sqrt_c2 = 1 - beta1 ** t, math.sqrt(1 - beta2 ** t)          # bias corrections
        denom = np.sqrt(v, out=tmp)
        denom += group["eps"] * sqrt_c2                # sqrt(v) + eps * sqrt(c2) = sqrt(c2) (sqrt(v_hat) + eps)
        update = np.divide(m, denom, out=tmp)
        update *= group["lr"] * sqrt_c2 / c1           # = lr * m_hat / (sqrt(v_hat) + eps)
        p.value -= update                              # w_t = w_{t-1} - lr * m_hat / (sqrt(v_hat) + eps)


class AdamW(Adam):
    r"""AdamW (Loshchilov & Hutter, 2019): Adam with decoupled weight decay.

    For each parameter w, with gradient g_t at step t = 1, 2, ...:

        w_t    = w_{t-1} - lr * weight_decay * w_{t-1}       (decay first, not through g)
        m_t    = beta1 * m_{t-1} + (1 - beta1) * g_t
        v_t    = beta2 * v_{t-1} + (1 - beta2) * g_t**2
        m_hat  = m_t / (1 - beta1**t)
        vmax_t = max(vmax_{t-1}, v_t)                         (if amsgrad)
        v_hat  = vmax_t / (1 - beta2**t)  if amsgrad  else  v_t / (1 - beta2**t)
        w_t    = w_t - lr * m_hat / (sqrt(v_hat) + eps)

    (The last three lines are computed as in Adam, with the bias corrections folded into two
    scalars.) In Adam, an L2 term in the gradient is divided by sqrt(v_hat) like the rest of the
    gradient, so weights with large gradients are barely decayed. AdamW shrinks every weight
    by the same factor (1 - lr * weight_decay) per step.

    Args:
        params, lr, betas, eps, amsgrad: as in Adam.
        weight_decay: the decoupled decay coefficient (default 1e-2, as in PyTorch).

    State: as Adam's.

    Example:
        >>> import numpy as np
        >>> from course_nn import Parameter
        >>> w = Parameter(np.array([1.0, -2.0]))
        >>> opt = AdamW([w], lr=0.1, weight_decay=0.5)
        >>> opt.step()                 # zero gradient: only the decay acts, w *= 1 - 0.1 * 0.5
        >>> w.value
        array([ 0.95, -1.9 ])
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2, amsgrad=False):
        super().__init__(params, lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, amsgrad=amsgrad)

    def _update(self, p, state, group):
        shrink = np.multiply(p.value, group["lr"] * group["weight_decay"], out=self._scratch(p, 0))
        p.value -= shrink                              # w_t = w_{t-1} - lr * weight_decay * w_{t-1}
        self._adam_step(p, p.grad, state, group)
