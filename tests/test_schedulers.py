"""Tests of course_nn.optim.lr_scheduler: the pure functions and the schedulers that apply them."""
from __future__ import annotations

import math

import numpy as np
import pytest

from course_nn import Parameter
from course_nn.optim import SGD, Adam
from course_nn.optim import lr_scheduler as S

LR0 = 0.2

# name -> (scheduler factory, the same schedule written out here as a function of t and lr0)
REGISTRY = {
    "StepLR": (lambda o: S.StepLR(o, step_size=3, gamma=0.5), lambda t, lr0: lr0 * 0.5 ** (t // 3)),
    "ExponentialLR": (lambda o: S.ExponentialLR(o, gamma=0.9), lambda t, lr0: lr0 * 0.9**t),
    "InverseTimeLR": (lambda o: S.InverseTimeLR(o, k=0.5), lambda t, lr0: lr0 / (1 + 0.5 * t)),
    "CosineAnnealingLR": (lambda o: S.CosineAnnealingLR(o, T_max=8, eta_min=0.01),
                          lambda t, lr0: 0.01 + (lr0 - 0.01) * (1 + math.cos(math.pi * min(t, 8) / 8)) / 2),
    "LinearWarmup": (lambda o: S.LinearWarmup(o, warmup_steps=4), lambda t, lr0: lr0 * min(1.0, (t + 1) / 4)),
    "LinearWarmup+cosine": (lambda o: S.LinearWarmup(o, 4, after=S.CosineAnnealingLR(o, T_max=6)),
                            lambda t, lr0: lr0 * (t + 1) / 4 if t < 4
                            else lr0 * (1 + math.cos(math.pi * min(t - 4, 6) / 6)) / 2),
}


def make_opt(lr=LR0):
    return SGD([Parameter(np.ones(3))], lr=lr)


def test_registry_covers_every_scheduler():
    classes = {c for c in vars(S).values()
               if isinstance(c, type) and issubclass(c, S.LRScheduler) and c is not S.LRScheduler}
    covered = {type(factory(make_opt())) for factory, _ in REGISTRY.values()}
    assert classes == covered


@pytest.mark.parametrize("name", REGISTRY)
def test_scheduler_sets_the_written_out_schedule(name):
    factory, want = REGISTRY[name]
    opt = make_opt()
    sched = factory(opt)
    for t in range(15):
        assert sched.last_step == t
        assert opt.lr == pytest.approx(want(t, LR0), rel=1e-12)
        assert sched.get_lr() == pytest.approx(want(t, LR0), rel=1e-12)
        assert sched.get_last_lr() == [opt.lr]
        sched.step()


@pytest.mark.parametrize("name", REGISTRY)
def test_scheduler_scales_each_group_from_its_own_initial_lr(name):
    factory, want = REGISTRY[name]
    a, b = Parameter(np.ones(2)), Parameter(np.ones(2))
    opt = Adam([{"params": [a]}, {"params": [b], "lr": 2 * LR0}], lr=LR0)
    sched = factory(opt)
    for _ in range(5):
        sched.step()
    assert sched.get_last_lr() == pytest.approx([want(5, LR0), want(5, 2 * LR0)], rel=1e-12)


def test_inverse_time_decay_does_not_compound():
    """The course's warning: ``lr /= 1 + k * t`` every step is a product of factors."""
    opt = make_opt(1.0)
    sched = S.InverseTimeLR(opt, k=0.5)
    compounded = 1.0
    for t in range(1, 11):
        sched.step()
        compounded /= 1 + 0.5 * t
    assert opt.lr == pytest.approx(1 / 6)
    assert compounded < opt.lr / 1000


def test_pure_functions_take_arrays_for_plotting():
    t = np.arange(10)
    for f, kw in [(S.step_decay, dict(step_size=3)), (S.exponential_decay, dict(gamma=0.9)),
                  (S.inverse_time_decay, dict(k=0.1)), (S.cosine_decay, dict(T_max=5)),
                  (S.linear_warmup, dict(warmup_steps=3))]:
        lrs = f(t, 0.1, **kw)
        assert isinstance(lrs, np.ndarray) and lrs.shape == (10,)
        assert isinstance(f(3, 0.1, **kw), float)
        np.testing.assert_allclose(lrs, [f(int(s), 0.1, **kw) for s in t])


def test_pure_function_values():
    assert S.step_decay(10, 1.0, step_size=5) == pytest.approx(0.01)
    assert S.exponential_decay(2, 2.0, gamma=0.5) == 0.5
    assert S.inverse_time_decay(4, 1.0, k=0.25) == 0.5
    assert S.cosine_decay(5, 1.0, T_max=10) == pytest.approx(0.5)
    assert S.cosine_decay(50, 1.0, T_max=10, eta_min=0.1) == pytest.approx(0.1)   # stays at eta_min
    assert S.linear_warmup(0, 1.0, warmup_steps=10) == 0.1


def test_lr_takes_effect_in_the_optimizer_step():
    p = Parameter(np.zeros(1))
    opt = SGD([p], lr=1.0)
    sched = S.StepLR(opt, step_size=1, gamma=0.5)
    moves = []
    for _ in range(3):
        p.grad[:] = 1.0
        before = p.value.copy()
        opt.step()
        moves.append(float(before[0] - p.value[0]))
        sched.step()
    assert moves == [1.0, 0.5, 0.25]


@pytest.mark.parametrize("make, error, match", [
    (lambda: S.StepLR(make_opt(), step_size=0), ValueError, r"step_size must be an integer >= 1; got 0"),
    (lambda: S.ExponentialLR(make_opt(), gamma=-0.5), ValueError, r"gamma must be >= 0; got -0.5"),
    (lambda: S.InverseTimeLR(make_opt(), k=-1), ValueError, r"k must be >= 0; got -1"),
    (lambda: S.CosineAnnealingLR(make_opt(), T_max=2.5), ValueError, r"T_max must be an integer >= 1; got 2.5"),
    (lambda: S.LinearWarmup(make_opt(), 0), ValueError, r"warmup_steps must be an integer >= 1; got 0"),
    (lambda: S.LinearWarmup(make_opt(), 3, after=S.StepLR(make_opt(), 2)), ValueError, r"same optimizer"),
    (lambda: S.LinearWarmup(make_opt(), 3, after=0.1), TypeError, r"takes a scheduler"),
    (lambda: S.StepLR("sgd", 2), TypeError, r"takes an optimizer"),
    (lambda: S.step_decay(-1, 0.1, 2), ValueError, r"integer >= 0"),
])
def test_bad_arguments_raise_clear_errors(make, error, match):
    with pytest.raises(error, match=match):
        make()
