"""Regularizers: penalty and gradient formulas, subgradient at 0, skipping decay=False."""
import numpy as np
import pytest

import course_nn as cnn
from course_nn import regularizers
from course_nn.gradcheck import check_function

W = np.array([[-2.0, 0.0], [0.5, 3.0]])
REGS = {"L1": lambda: regularizers.L1(0.3), "L2": lambda: regularizers.L2(0.3),
        "ElasticNet": lambda: regularizers.ElasticNet(0.2, 0.1)}


def test_every_regularizer_is_tested():
    names = {n for n in regularizers.__all__ if n != "Regularizer"}
    assert names == set(REGS)


@pytest.mark.parametrize("name", REGS)
def test_gradient_matches_penalty_away_from_zero(name):
    reg = REGS[name]()
    w = np.random.default_rng(0).standard_normal((4, 3))
    assert check_function(reg.penalty, reg.grad, w) < 1e-7


def test_formulas():
    assert regularizers.L1(0.5).penalty(W) == pytest.approx(0.5 * 5.5)
    np.testing.assert_allclose(regularizers.L1(0.5).grad(W), 0.5 * np.array([[-1, 0], [1, 1]]))
    assert regularizers.L2(0.5).penalty(W) == pytest.approx(0.5 * (4 + 0.25 + 9))
    np.testing.assert_allclose(regularizers.L2(0.5).grad(W), 2 * 0.5 * W)
    en = regularizers.ElasticNet(0.1, 0.2)
    assert en.penalty(W) == pytest.approx(0.1 * 5.5 + 0.2 * 13.25)
    np.testing.assert_allclose(en.grad(W), 0.1 * np.sign(W) + 0.4 * W)


def test_l1_subgradient_at_zero_is_zero():
    assert regularizers.L1(1.0).grad(np.zeros(3)).tolist() == [0.0, 0.0, 0.0]


def test_skips_decay_false_unless_include_all():
    net = cnn.Sequential(cnn.Linear(2, 3, rng=0), cnn.BatchNorm1d(3), cnn.Linear(3, 1, rng=1))
    for p in net.parameters():
        p.value[...] = 1.0
    reg = regularizers.L2(0.1)
    weights = [net[0].weight, net[2].weight]
    assert reg.penalty_of(net) == pytest.approx(0.1 * (6 + 3))
    assert reg.penalty_of(net.parameters(), include_all=True) == pytest.approx(0.1 * net.num_parameters())
    net.zero_grad()
    reg.add_grad(net)
    for p in net.parameters():
        want = 0.2 if any(p is w for w in weights) else 0.0
        np.testing.assert_allclose(p.grad, want)
    reg.add_grad(net.parameters(), include_all=True)
    np.testing.assert_allclose(net[1].gamma.grad, 0.2)
    np.testing.assert_allclose(net[0].weight.grad, 0.4)


def test_l2_gradient_step_shrinks_weights():
    p = cnn.Parameter(np.array([1.0, -2.0]))
    regularizers.L2(0.25).add_grad([p])
    np.testing.assert_allclose(p.value - 1.0 * p.grad, 0.5 * p.value)     # w (1 - 2 lr lam)


def test_repr():
    assert repr(regularizers.L2(0.01)) == "L2(lam=0.01)"
