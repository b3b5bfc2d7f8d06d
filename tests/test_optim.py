"""Tests of course_nn.optim: every optimizer against three independent references.

1. ``doc_*``: the equations of the optimizer's own docstring, transcribed line by line
   (array maths, no in-place tricks).
2. ``torchdoc_*``: a second transcription, of the pseudo-code on PyTorch's documentation
   page of the same optimizer, scalar by scalar, in PyTorch's symbols.
3. ``TORCH_REFERENCE``: trajectories computed by torch.optim itself (torch 2.13.0+cpu), checked
   in as numbers. They were produced by running this file as a script in a throwaway venv
   that has torch (never needed by the course)::

       python -m venv /tmp/torchvenv && /tmp/torchvenv/bin/pip install torch==2.13.0 numpy pytest hypothesis
       PYTHONPATH=. /tmp/torchvenv/bin/python tests/test_optim.py   # prints TORCH_REFERENCE

   If torch happens to be importable, ``test_matches_live_torch`` also compares live.

Every optimizer is registered in REGISTRY with its configurations and references, and a
test fails if an optimizer exported by ``course_nn.optim`` is missing from it.
"""
from __future__ import annotations

import math
import tracemalloc

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import course_nn as cnn
from course_nn import Parameter
from course_nn.optim import SGD, Adagrad, Adam, AdamW, Optimizer, RMSprop

STEPS = 20
W0 = np.array([0.5, -1.5, 2.0, 0.25])


def grad_fn(w, t):
    """A deterministic gradient that depends on the weights (so errors propagate) and on t."""
    return w * np.array([1.0, 3.0, -0.5, 0.2]) + np.sin(1.7 * t + np.arange(4.0))


def random_grads(seed, steps=STEPS, shape=W0.shape):
    grads = np.random.default_rng(seed).normal(scale=2.0, size=(steps,) + shape)
    return lambda w, t: grads[t - 1]


# ---------------------------------------------------------------------------
# 1. The docstrings' equations, transcribed literally
# ---------------------------------------------------------------------------
def doc_sgd(w, grad, steps, lr, momentum=0, dampening=0, nesterov=False, weight_decay=0):
    b, out = None, []
    for t in range(1, steps + 1):
        g = grad(w, t)
        if weight_decay != 0:
            g = g + weight_decay * w
        if momentum != 0:
            b = g if t == 1 else momentum * b + (1 - dampening) * g
            g = g + momentum * b if nesterov else b
        w = w - lr * g
        out.append(w)
    return out


def doc_adagrad(w, grad, steps, lr=1e-2, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10):
    s, out = np.full_like(w, initial_accumulator_value), []
    for t in range(1, steps + 1):
        g = grad(w, t)
        lr_t = lr / (1 + (t - 1) * lr_decay)
        if weight_decay != 0:
            g = g + weight_decay * w
        s = s + g**2
        w = w - lr_t * g / (np.sqrt(s) + eps)
        out.append(w)
    return out


def doc_rmsprop(w, grad, steps, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0, centered=False):
    v, gbar, b, out = np.zeros_like(w), np.zeros_like(w), np.zeros_like(w), []
    for t in range(1, steps + 1):
        g = grad(w, t)
        if weight_decay != 0:
            g = g + weight_decay * w
        v = alpha * v + (1 - alpha) * g**2
        if centered:
            gbar = alpha * gbar + (1 - alpha) * g
        vt = v - gbar**2 if centered else v
        if momentum > 0:
            b = momentum * b + g / (np.sqrt(vt) + eps)
            w = w - lr * b
        else:
            w = w - lr * g / (np.sqrt(vt) + eps)
        out.append(w)
    return out


def doc_adam(w, grad, steps, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, amsgrad=False,
             decoupled=False, t_offset=0):
    beta1, beta2 = betas
    m, v, vmax, out = np.zeros_like(w), np.zeros_like(w), np.zeros_like(w), []
    for t in range(1 + t_offset, steps + 1 + t_offset):
        g = grad(w, t - t_offset)
        if decoupled:
            w = w - lr * weight_decay * w
        elif weight_decay != 0:
            g = g + weight_decay * w
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g**2
        m_hat = m / (1 - beta1**t)
        if amsgrad:
            vmax = np.maximum(vmax, v)
        v_hat = vmax / (1 - beta2**t) if amsgrad else v / (1 - beta2**t)
        w = w - lr * m_hat / (np.sqrt(v_hat) + eps)
        out.append(w)
    return out


def doc_adamw(w, grad, steps, weight_decay=1e-2, **kw):
    return doc_adam(w, grad, steps, weight_decay=weight_decay, decoupled=True, **kw)


# ---------------------------------------------------------------------------
# 2. PyTorch's documented pseudo-code, transcribed scalar by scalar in its symbols
#    (γ lr, λ weight decay, μ momentum, τ dampening, η lr decay, α alpha, ε eps)
# ---------------------------------------------------------------------------
def torchdoc_sgd(theta0, grad, steps, lr, momentum=0, dampening=0, nesterov=False, weight_decay=0):
    γ, μ, τ, λ = lr, momentum, dampening, weight_decay
    θ, b, out = [float(x) for x in theta0], [0.0] * len(theta0), []
    for t in range(1, steps + 1):
        G = grad(np.array(θ), t)
        for i in range(len(θ)):
            g = float(G[i])
            if λ != 0:
                g = g + λ * θ[i]
            if μ != 0:
                if t > 1:
                    b[i] = μ * b[i] + (1 - τ) * g
                else:
                    b[i] = g
                if nesterov:
                    g = g + μ * b[i]
                else:
                    g = b[i]
            θ[i] = θ[i] - γ * g
        out.append(np.array(θ))
    return out


def torchdoc_adagrad(theta0, grad, steps, lr=1e-2, lr_decay=0, weight_decay=0, initial_accumulator_value=0,
                     eps=1e-10):
    γ, η, λ, τ, ε = lr, lr_decay, weight_decay, initial_accumulator_value, eps
    θ, state_sum, out = [float(x) for x in theta0], [float(τ)] * len(theta0), []
    for t in range(1, steps + 1):
        G = grad(np.array(θ), t)
        for i in range(len(θ)):
            g = float(G[i])
            γ_t = γ / (1 + (t - 1) * η)
            if λ != 0:
                g = g + λ * θ[i]
            state_sum[i] = state_sum[i] + g * g
            θ[i] = θ[i] - γ_t * g / (math.sqrt(state_sum[i]) + ε)
        out.append(np.array(θ))
    return out


def torchdoc_rmsprop(theta0, grad, steps, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0,
                     centered=False):
    γ, α, ε, λ, μ = lr, alpha, eps, weight_decay, momentum
    n = len(theta0)
    θ, v, g_ave, b, out = [float(x) for x in theta0], [0.0] * n, [0.0] * n, [0.0] * n, []
    for t in range(1, steps + 1):
        G = grad(np.array(θ), t)
        for i in range(n):
            g = float(G[i])
            if λ != 0:
                g = g + λ * θ[i]
            v[i] = α * v[i] + (1 - α) * g * g
            v_tilde = v[i]
            if centered:
                g_ave[i] = g_ave[i] * α + (1 - α) * g
                v_tilde = v_tilde - g_ave[i] * g_ave[i]
            if μ > 0:
                b[i] = μ * b[i] + g / (math.sqrt(v_tilde) + ε)
                θ[i] = θ[i] - γ * b[i]
            else:
                θ[i] = θ[i] - γ * g / (math.sqrt(v_tilde) + ε)
        out.append(np.array(θ))
    return out


def torchdoc_adam(theta0, grad, steps, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, amsgrad=False,
                  adamw=False):
    γ, (β1, β2), ε, λ = lr, betas, eps, weight_decay
    n = len(theta0)
    θ, m, v, v_max, out = [float(x) for x in theta0], [0.0] * n, [0.0] * n, [0.0] * n, []
    for t in range(1, steps + 1):
        G = grad(np.array(θ), t)
        for i in range(n):
            g = float(G[i])
            if adamw:
                θ[i] = θ[i] - γ * λ * θ[i]
            elif λ != 0:
                g = g + λ * θ[i]
            m[i] = β1 * m[i] + (1 - β1) * g
            v[i] = β2 * v[i] + (1 - β2) * g * g
            m_hat = m[i] / (1 - β1**t)
            if amsgrad:
                v_max[i] = max(v_max[i], v[i])
                v_hat = v_max[i] / (1 - β2**t)
            else:
                v_hat = v[i] / (1 - β2**t)
            θ[i] = θ[i] - γ * m_hat / (math.sqrt(v_hat) + ε)
        out.append(np.array(θ))
    return out


def torchdoc_adamw(theta0, grad, steps, weight_decay=1e-2, **kw):
    return torchdoc_adam(theta0, grad, steps, weight_decay=weight_decay, adamw=True, **kw)


# ---------------------------------------------------------------------------
# The registry: every optimizer, its configurations, its two transcriptions
# ---------------------------------------------------------------------------
REGISTRY = {
    "SGD": (SGD, doc_sgd, torchdoc_sgd, [
        dict(lr=0.1),
        dict(lr=0.1, momentum=0.9),
        dict(lr=0.05, momentum=0.9, dampening=0.3, weight_decay=0.01),
        dict(lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.05),
    ]),
    "Adagrad": (Adagrad, doc_adagrad, torchdoc_adagrad, [
        dict(lr=0.1),
        dict(lr=0.1, lr_decay=0.05, weight_decay=0.01, initial_accumulator_value=0.1, eps=1e-8),
    ]),
    "RMSprop": (RMSprop, doc_rmsprop, torchdoc_rmsprop, [
        dict(lr=0.01),
        dict(lr=0.01, alpha=0.9, centered=True),
        dict(lr=0.01, momentum=0.8, weight_decay=0.02),
        dict(lr=0.01, alpha=0.9, centered=True, momentum=0.5, eps=1e-6),
    ]),
    "Adam": (Adam, doc_adam, torchdoc_adam, [
        dict(lr=0.05),
        dict(lr=0.05, betas=(0.8, 0.99), weight_decay=0.05),
        dict(lr=0.05, amsgrad=True),
        dict(lr=0.02, amsgrad=True, weight_decay=0.1, eps=1e-6),
    ]),
    "AdamW": (AdamW, doc_adamw, torchdoc_adamw, [
        dict(lr=0.05),
        dict(lr=0.05, weight_decay=0.1, amsgrad=True),
        dict(lr=0.05, betas=(0.5, 0.9), weight_decay=0.3),
    ]),
}
CASES = [pytest.param(name, i, id=f"{name}-{i}") for name, entry in REGISTRY.items() for i in range(len(entry[3]))]


def run(cls, kwargs, grad, steps=STEPS, w0=W0, dtype=np.float64):
    p = Parameter(w0.astype(dtype))
    opt = cls([p], **kwargs)
    out = []
    for t in range(1, steps + 1):
        opt.zero_grad()
        p.grad += grad(p.value.astype(np.float64), t).astype(dtype)
        opt.step()
        out.append(p.value.copy())
    return out, opt, p


def test_registry_covers_every_exported_optimizer():
    exported = {n for n in cnn.optim.__all__
                if isinstance(getattr(cnn.optim, n), type) and issubclass(getattr(cnn.optim, n), Optimizer)
                and getattr(cnn.optim, n) is not Optimizer}
    assert exported == set(REGISTRY)


@pytest.mark.parametrize("name, i", CASES)
@pytest.mark.parametrize("grad_kind", ["random", "weight_dependent"])
def test_matches_docstring_equations(name, i, grad_kind):
    cls, doc_ref, _, configs = REGISTRY[name]
    grad = random_grads(seed=i) if grad_kind == "random" else grad_fn
    got, _, _ = run(cls, configs[i], grad)
    want = doc_ref(W0.copy(), grad, STEPS, **configs[i])
    np.testing.assert_allclose(np.array(got), np.array(want), rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize("name, i", CASES)
def test_matches_pytorch_documented_algorithm(name, i):
    cls, _, torch_doc_ref, configs = REGISTRY[name]
    grad = random_grads(seed=100 + i)
    got, _, _ = run(cls, configs[i], grad)
    want = torch_doc_ref(W0, grad, STEPS, **configs[i])
    np.testing.assert_allclose(np.array(got), np.array(want), rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("name, i", CASES)
def test_matches_torch_reference_numbers(name, i):
    got, _, _ = run(REGISTRY[name][0], REGISTRY[name][3][i], grad_fn)
    want = TORCH_REFERENCE[f"{name}-{i}"]
    for step, values in want.items():
        np.testing.assert_allclose(got[step - 1], values, rtol=1e-12, atol=1e-14, err_msg=f"step {step}")


@pytest.mark.parametrize("name, i", CASES)
def test_matches_live_torch(name, i):
    pytest.importorskip("torch")
    want = torch_trajectory(name, REGISTRY[name][3][i])
    got, _, _ = run(REGISTRY[name][0], REGISTRY[name][3][i], grad_fn)
    np.testing.assert_allclose(np.array(got), np.array(want), rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("name, i", CASES)
def test_float32_stays_float32_and_tracks_float64(name, i):
    cls, _, _, configs = REGISTRY[name]
    got32, opt, p = run(cls, configs[i], grad_fn, dtype=np.float32)
    got64, _, _ = run(cls, configs[i], grad_fn)
    assert p.value.dtype == np.float32
    assert all(a.dtype == np.float32 for a in opt.state[p].values() if isinstance(a, np.ndarray))
    np.testing.assert_allclose(got32[-1], got64[-1], rtol=1e-3, atol=1e-3)


# ---------------------------------------------------------------------------
# Adam's bias correction, AdamW's decoupling
# ---------------------------------------------------------------------------
def assert_first_adam_step_is_lr(cls):
    """At t = 1, m_hat = g and v_hat = g**2: every coordinate moves by lr * |g| / (|g| + eps)."""
    g = np.array([3.0, -0.02, 1e-3, 50.0])
    p = Parameter(W0)
    opt = cls([p], lr=0.01, weight_decay=0.0)
    p.grad[:] = g
    opt.step()
    np.testing.assert_allclose(W0 - p.value, 0.01 * g / (np.abs(g) + 1e-8), rtol=1e-12)


class OffByOneAdam(Adam):
    """A mutant that corrects the bias with t + 1 instead of t."""

    def _update(self, p, state, group):
        state["step"] += 1
        super()._update(p, state, group)
        state["step"] -= 1


@pytest.mark.parametrize("cls", [Adam, AdamW])
def test_adam_bias_correction_starts_at_t_equal_1(cls):
    assert_first_adam_step_is_lr(cls)


def test_off_by_one_bias_correction_is_caught():
    with pytest.raises(AssertionError):
        assert_first_adam_step_is_lr(OffByOneAdam)
    grad = random_grads(seed=7)
    got, _, _ = run(Adam, dict(lr=0.05), grad)
    for offset in (-1, 1):
        with np.errstate(divide="ignore", invalid="ignore"):
            mutant = doc_adam(W0.copy(), grad, STEPS, lr=0.05, t_offset=offset)
        assert not np.allclose(got, mutant)


def test_adamw_decouples_weight_decay_and_adam_couples_it():
    zero = lambda w, t: np.zeros_like(w)  # noqa: E731 - only the decay acts
    adamw, _, _ = run(AdamW, dict(lr=0.1, weight_decay=0.5), zero, steps=3)
    adam, _, _ = run(Adam, dict(lr=0.1, weight_decay=0.5), zero, steps=3)
    np.testing.assert_allclose(adamw[-1], W0 * (1 - 0.1 * 0.5) ** 3)
    # coupled: the L2 gradient 0.5 w goes through Adam's scaling: about lr per step towards 0
    np.testing.assert_allclose(adam[0], W0 - 0.1 * np.sign(W0), rtol=1e-6)
    assert not np.allclose(adamw[-1], adam[-1])
    # without decay the two are the same algorithm
    a, _, _ = run(AdamW, dict(lr=0.05, weight_decay=0.0), grad_fn)
    b, _, _ = run(Adam, dict(lr=0.05), grad_fn)
    np.testing.assert_array_equal(a, b)


# ---------------------------------------------------------------------------
# State, lr, zero_grad, in-place updates
# ---------------------------------------------------------------------------
STATE_KEYS = {
    (SGD, ()): {"step"}, (SGD, ("momentum",)): {"step", "momentum_buffer"},
    (Adagrad, ()): {"step", "sum"},
    (RMSprop, ()): {"step", "square_avg"},
    (RMSprop, ("centered", "momentum")): {"step", "square_avg", "grad_avg", "momentum_buffer"},
    (Adam, ()): {"step", "m", "v"}, (Adam, ("amsgrad",)): {"step", "m", "v", "v_max"},
    (AdamW, ()): {"step", "m", "v"},
}


@pytest.mark.parametrize("cls, flags", list(STATE_KEYS))
def test_state_is_inspectable(cls, flags):
    kwargs = {"lr": 0.1, **{f: (0.9 if f == "momentum" else True) for f in flags}}
    got, opt, p = run(cls, kwargs, grad_fn, steps=3)
    assert set(opt.state[p]) == STATE_KEYS[(cls, flags)]
    assert opt.state[p]["step"] == 3
    for key, value in opt.state[p].items():
        if key != "step":
            assert value.shape == p.value.shape and np.all(np.isfinite(value))
    if cls in (Adam, AdamW):   # m is the running mean of the gradients: recompute it
        gs = [grad_fn(w, t) for t, w in zip((1, 2, 3), [W0] + got[:2])]
        m = 0.9 * (0.9 * 0.1 * gs[0] + 0.1 * gs[1]) + 0.1 * gs[2]
        np.testing.assert_allclose(opt.state[p]["m"], m, rtol=1e-12)


@pytest.mark.parametrize("name, i", CASES)
def test_lr_change_takes_effect(name, i):
    cls, doc_ref, _, configs = REGISTRY[name]
    p = Parameter(W0)
    opt = cls([p], **configs[i])
    opt.lr = 0.0
    assert opt.param_groups[0]["lr"] == 0.0
    p.grad[:] = grad_fn(W0, 1)
    opt.step()
    np.testing.assert_array_equal(p.value, W0)        # lr 0: nothing moves
    opt.param_groups[0]["lr"] = 0.5 * configs[i]["lr"]
    assert opt.lr == 0.5 * configs[i]["lr"]
    before = p.value.copy()
    opt.step()
    assert not np.array_equal(p.value, before)


@pytest.mark.parametrize("name", REGISTRY)
def test_zero_grad_and_updates_in_place(name):
    cls, _, _, configs = REGISTRY[name]
    p = Parameter(W0)
    value, grad = p.value, p.grad
    opt = cls([p], **configs[-1])
    p.grad[:] = 1.0
    opt.step()
    assert p.value is value and p.grad is grad
    opt.zero_grad()
    assert np.all(p.grad == 0)


@pytest.mark.parametrize("name, i", CASES)
def test_steps_allocate_no_parameter_sized_temporaries(name, i):
    cls, _, _, configs = REGISTRY[name]
    p = Parameter(np.ones(250_000))                 # 2 MB
    opt = cls([p], **configs[i])
    p.grad[:] = 0.5
    opt.step()                                      # the first step may allocate work arrays
    tracemalloc.start()
    opt.step()
    opt.step()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 100_000, f"{name} allocated {peak} bytes in a step"


NO_DECAY_CASES = [(name, i) for name, entry in REGISTRY.items() for i, kw in enumerate(entry[3])
                  if not kw.get("weight_decay")]
finite = st.floats(-1e3, 1e3, allow_nan=False).filter(lambda x: abs(x) > 1e-3)


@settings(max_examples=30, deadline=None)
@given(case=st.sampled_from(NO_DECAY_CASES), g=hnp.arrays(np.float64, st.integers(1, 6), elements=finite))
def test_first_step_goes_downhill_and_zero_gradients_stay_put(case, g):
    name, i = case
    cls, _, _, configs = REGISTRY[name]
    p = Parameter(np.zeros_like(g))
    opt = cls([p], **configs[i])
    opt.step()                                      # zero gradient, no decay: nothing moves
    np.testing.assert_array_equal(p.value, 0.0)
    p.grad[:] = g
    opt.step()
    assert np.all(np.isfinite(p.value)) and np.all(np.sign(p.value) == -np.sign(g))


# ---------------------------------------------------------------------------
# Parameter groups and split_decay
# ---------------------------------------------------------------------------
def test_split_decay_exempts_biases_and_groups_have_their_own_lr():
    w, b = Parameter(np.ones(3)), Parameter(np.ones(2), decay=False)
    opt = SGD(cnn.optim.split_decay([w, b]), lr=0.1, weight_decay=0.5)
    opt.step()                                      # zero gradients: only weight decay acts
    np.testing.assert_allclose(w.value, 1 - 0.1 * 0.5)
    np.testing.assert_array_equal(b.value, 1.0)
    opt = SGD([{"params": [w]}, {"params": [b], "lr": 1.0}], lr=0.1)
    assert [g["lr"] for g in opt.param_groups] == [0.1, 1.0]
    with pytest.raises(ValueError, match="different learning rates"):
        opt.lr
    opt.lr = 0.2
    assert opt.lr == 0.2
    plain = SGD([w, b], lr=0.1, weight_decay=0.5)   # PyTorch's convention: every parameter given
    plain.step()
    assert np.all(b.value < 1.0)


def test_split_decay_leaves_out_empty_groups():
    assert len(cnn.optim.split_decay([Parameter(np.ones(2))])) == 1


# ---------------------------------------------------------------------------
# Validation: errors name what was expected and what was given
# ---------------------------------------------------------------------------
P = Parameter(np.ones(2))


@pytest.mark.parametrize("make, match", [
    (lambda: SGD([P], lr=-0.1), r"SGD lr must be >= 0; got -0.1"),
    (lambda: Adam([P], lr=-1), r"Adam lr must be >= 0; got -1"),
    (lambda: SGD([P], lr=0.1, momentum=-0.5), r"SGD momentum must be in \[0, 1\); got -0.5"),
    (lambda: SGD([P], lr=0.1, nesterov=True), r"nesterov=True\) needs momentum > 0 and dampening = 0; got momentum=0"),
    (lambda: SGD([P], lr=0.1, momentum=0.9, dampening=0.1, nesterov=True), r"got momentum=0.9 and dampening=0.1"),
    (lambda: Adam([P], betas=(1.2, 0.999)), r"Adam betas\[0\] must be in \[0, 1\); got 1.2"),
    (lambda: AdamW([P], betas=(0.9, -0.1)), r"AdamW betas\[1\] must be in \[0, 1\); got -0.1"),
    (lambda: Adam([P], betas=0.9), r"betas must be a pair"),
    (lambda: RMSprop([P], alpha=1.5), r"RMSprop alpha .* must be in \[0, 1\); got 1.5"),
    (lambda: Adagrad([P], lr_decay=-1), r"Adagrad lr_decay must be >= 0; got -1"),
    (lambda: SGD([P], lr=0.1, weight_decay=-1e-4), r"weight_decay must be >= 0; got -0.0001"),
    (lambda: SGD([], lr=0.1), r"empty parameter list; expected a non-empty list of Parameters"),
    (lambda: SGD([P, P], lr=0.1), r"appears more than once"),
    (lambda: SGD([{"params": [P], "betas": (0.9, 0.9)}], lr=0.1), r"unknown hyperparameter"),
])
def test_bad_hyperparameters_raise_clear_value_errors(make, match):
    with pytest.raises(ValueError, match=match):
        make()


@pytest.mark.parametrize("params, match", [
    (P, r"single Parameter: wrap it in a list"),
    (np.ones(3), r"single ndarray"),
    ([np.ones(3)], r"element 0 is a ndarray"),
    (cnn.Sequential(), r"pass model.parameters\(\), not the model"),
])
def test_params_must_be_a_list_of_parameters(params, match):
    with pytest.raises(TypeError, match=match):
        Adam(params)


def test_setting_a_negative_lr_is_refused():
    opt = Adam([P])
    with pytest.raises(ValueError, match="Adam lr must be >= 0; got -0.1"):
        opt.lr = -0.1


def test_params_may_be_a_generator_and_repr_is_informative():
    opt = Adam(p for p in [Parameter(np.ones(2)), Parameter(np.ones(3))])
    assert "2 parameters in 1 group" in repr(opt) and "lr=0.001" in repr(opt)


# ---------------------------------------------------------------------------
# torch.optim itself (only where torch is installed; never required)
# ---------------------------------------------------------------------------
def torch_trajectory(name, kwargs, steps=STEPS):
    import torch

    p = torch.tensor(W0, dtype=torch.float64, requires_grad=True)
    opt = getattr(torch.optim, name)([p], foreach=False, **kwargs)
    out = []
    for t in range(1, steps + 1):
        p.grad = torch.from_numpy(grad_fn(p.detach().numpy().copy(), t))
        opt.step()
        out.append(p.detach().numpy().copy())
    return out


TORCH_REFERENCE_STEPS = (1, 2, 5, 20)
# generated with torch 2.13.0+cpu (see the module docstring); w after steps 1, 2, 5 and 20
TORCH_REFERENCE = {
    "SGD-0": {1: [0.3508335189547531, -1.092737988023383, 2.152983614090849, 0.3449923257564101], 2: [0.34130427726196094, -0.6697563842274165, 2.3379092435509903, 0.32643755875623254], 5: [0.19948289452769205, -0.28318339921071256, 2.6526066221353695, 0.33755237350286577], 20: [-0.010531292860780144, -0.010780208697506883, 5.512297087421299, 0.2670887532913553]},
    "SGD-1": {1: [0.3508335189547531, -1.092737988023383, 2.152983614090849, 0.3449923257564101], 2: [0.20705444432123876, -0.3032205734484611, 2.4755944962327545, 0.4119306519370016], 5: [-0.15431875004066836, 1.1418214892890173, 3.8050830720547952, 0.4261432600364847], 20: [0.10316575764542336, -0.3402744285438592, 56.8662752222251, 0.013289182047708197]},
    "SGD-2": {1: [0.4251667594773766, -1.2956189940116916, 2.0754918070454247, 0.29737116287820503], 2: [0.3517311366304293, -0.9418765550169491, 2.2060758749415954, 0.3337403092516675], 5: [0.13706539387929648, 0.2592739779204713, 2.668367941316844, 0.37172698709875607], 20: [-0.1340654809914945, -0.48472946811246104, 9.95766766935334, 0.24865510657696216]},
    "SGD-3": {1: [0.21183368601403096, -0.7119521772444276, 2.2716688667726137, 0.42811041893717916], 2: [0.09527582539267976, 0.21738573320878601, 2.7285385349308977, 0.46156210897876154], 5: [-0.23806445439415946, 0.41431436598639276, 4.25834238968961, 0.45429643764095773], 20: [-0.07257045000441245, -0.0620417177748937, 67.55965701181158, 0.026595375819274923]},
    "Adagrad-0": {1: [0.40000000000670394, -1.4000000000024555, 2.0999999999934635, 0.34999999998947284], 2: [0.39036068952996367, -1.3215529612981087, 2.1765970954043836, 0.33072973286135526], 5: [0.3202382791009728, -1.1925823824935173, 2.2751003271296097, 0.32848887575629415], 20: [0.19412256455244387, -0.8334965537750789, 2.6584240272741337, 0.2794805090436212]},
    "Adagrad-1": {1: [0.40216007736121584, -1.4002979100907282, 2.097876259091076, 0.3448557058220397], 2: [0.3928264910802812, -1.3256950161433345, 2.1702038874164673, 0.3271512083047794], 5: [0.33500728140712493, -1.2124191847549681, 2.252262525480398, 0.3205293208673982], 20: [0.25065291433497267, -0.9655882401726912, 2.4922635914097837, 0.27891312624811343]},
    "RMSprop-0": {1: [0.40000000670391855, -1.4000000024554218, 2.0999999934633524, 0.3499999894728349], 2: [0.390312589960752, -1.321401672263397, 2.1767558614026767, 0.3306362757846772], 5: [0.3193833126269455, -1.1914196711067262, 2.2762397515419677, 0.32879715453214825], 20: [0.18960640931841355, -0.8222640303781112, 2.6710902064964763, 0.27954841149979054]},
    "RMSprop-1": {1: [0.46666666741154655, -1.4666666669394912, 2.033333332607039, 0.28333333216364825], 2: [0.46169832881268846, -1.4382379550474726, 2.060603239449314, 0.277192504430027], 5: [0.4307033641416654, -1.380924032971043, 2.099030802819044, 0.2782340159985036], 20: [0.3409153119320276, -1.0743427939940562, 2.3167093486887866, 0.2621724870333608]},
    "RMSprop-2": {1: [0.4000000066592753, -1.4000000024374668, 2.099999993287853, 0.34999998941713106], 2: [0.30984891520941216, -1.24145936666094, 2.2568561087997407, 0.40983655608245595], 5: [0.09844772363014564, -0.7231879519374719, 2.7088863822294775, 0.4286081173907156], 20: [-0.07174353114607943, 0.16615896497622673, 5.2403261540826955, 0.2578948144322803]},
    "RMSprop-3": {1: [0.46666674115448864, -1.4666666939491082, 2.033333260704072, 0.28333321636523057], 2: [0.44503178298368756, -1.4215713438413045, 2.0772697565437026, 0.29385901914473644], 5: [0.3947195525931871, -1.302260949411741, 2.1624558259215156, 0.2894624841091748], 20: [0.23593544874319317, -0.7596556522376078, 2.6191727383717236, 0.26284660879735144]},
    "Adam-0": {1: [0.45000000033519594, -1.450000000122771, 2.0499999996731675, 0.2999999994736417], 2: [0.4119663845302797, -1.4000853739147914, 2.100047909031603, 0.32613630705307745], 5: [0.33407689271429725, -1.2531897411400146, 2.226195868856633, 0.32716070957977894], 20: [0.059177910460506564, -0.5746886182307925, 2.8794004357485594, 0.28521672137942605]},
    "Adam-1": {1: [0.45000000032967075, -1.450000000120551, 2.0499999996503098, 0.299999999466623], 2: [0.41323805547380893, -1.3997319572284965, 2.100269490701093, 0.3229793405403077], 5: [0.33706236816835516, -1.2540874400053603, 2.2182694526752287, 0.3163313556974493], 20: [0.08161260369480289, -0.6098296392671547, 2.8563473601430407, 0.2522062820285288]},
    "Adam-2": {1: [0.45000000033519594, -1.450000000122771, 2.0499999996731675, 0.2999999994736417], 2: [0.4119663845302797, -1.4000853739147914, 2.100047909031603, 0.32613630705307745], 5: [0.33407689271429725, -1.2531897411400146, 2.226195868856633, 0.32716070957977894], 20: [0.05918278738014509, -0.5746886182307925, 2.8794004357485594, 0.28521626118305105]},
    "Adam-3": {1: [0.4800000129729802, -1.4800000047363946, 2.0199999849605645, 0.2699999783766078], 2: [0.4642122177320781, -1.4600401493464066, 2.0400156152740725, 0.2799951546619863], 5: [0.4291208819620048, -1.4009406202615629, 2.0866523521150184, 0.2787876691793056], 20: [0.27318261533852906, -1.1123976935252065, 2.31995094714808, 0.25413856581118127]},
    "AdamW-0": {1: [0.44975000033519597, -1.449250000122771, 2.0489999996731676, 0.2998749994736417], 2: [0.4114968787717658, -1.3986099472432325, 2.0980236027502692, 0.32586245642873196], 5: [0.33306919905720667, -1.249711000278126, 2.220918612128423, 0.3264172366013211], 20: [0.0576819108919379, -0.565389194447834, 2.854342956467926, 0.2824059824027184]},
    "AdamW-1": {1: [0.44750000033519594, -1.442500000122771, 2.0399999996731677, 0.29874999947364167], 2: [0.407282633814253, -1.3853649328284103, 2.079849806459716, 0.3234034255103094], 5: [0.3240991391272658, -1.2187294148953731, 2.173881561430053, 0.3197894961541332], 20: [0.04511690595889792, -0.4865937661981485, 2.638346345801088, 0.25828007332099745]},
    "AdamW-2": {1: [0.44250000033519593, -1.4275000001227711, 2.0199999996731677, 0.29624999947364167], 2: [0.4058370151769215, -1.3547394309723801, 2.0406207118567425, 0.30677696571081825], 5: [0.32077846195004966, -1.1578329509329488, 2.0577039553149836, 0.28508357974872234], 20: [0.074207821794495, -0.41964435721449067, 2.198231033869679, 0.19348094511993438]},
}

if __name__ == "__main__":
    import torch

    print(f"# generated with torch {torch.__version__}")
    print("TORCH_REFERENCE = {")
    for name, entry in REGISTRY.items():
        for i, kwargs in enumerate(entry[3]):
            traj = torch_trajectory(name, kwargs)
            rows = ", ".join(f"{s}: [{', '.join(repr(float(x)) for x in traj[s - 1])}]"
                             for s in TORCH_REFERENCE_STEPS)
            print(f'    "{name}-{i}": {{{rows}}},')
    print("}")
