"""gradcheck: it must pass right gradients, catch wrong ones and leave the module untouched."""
import numpy as np
import pytest

import course_nn as cnn
from course_nn import gradcheck as gc


def test_numerical_grad_of_known_functions():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    np.testing.assert_allclose(gc.numerical_grad(lambda v: np.sum(v ** 3), x), 3 * x ** 2, rtol=1e-8)
    np.testing.assert_allclose(gc.numerical_grad(lambda v: np.sum(np.sin(v)), x), np.cos(x), rtol=1e-8)


def test_numerical_grad_does_not_modify_x():
    x = np.array([1.0, 2.0])
    x.setflags(write=False)
    gc.numerical_grad(lambda v: np.sum(v ** 2), x)
    np.testing.assert_array_equal(x, [1.0, 2.0])


def test_rel_error_properties():
    a = np.array([1.0, -2.0, 0.0])
    assert gc.rel_error(a, a) == 0.0
    assert gc.rel_error(a, -a) == pytest.approx(1.0)
    assert gc.rel_error(np.zeros(3), np.zeros(3)) == 0.0
    assert gc.rel_error(a, a + 1e-9) < 1e-9
    assert gc.rel_error(5.0, 5.0 * (1 + 1e-8)) == pytest.approx(0.5e-8, rel=1e-3)
    with pytest.raises(ValueError, match=r"\(3,\) and \(2,\)"):
        gc.rel_error(a, a[:2])


class _BuggyLinear(cnn.Linear):
    """The classic mistake: dW = x @ dout-ish with a missing transpose (here: dW scaled wrong)."""

    def backward(self, dout):
        dx = super().backward(dout)
        self.weight.grad *= 2.0
        return dx


def test_check_module_catches_a_wrong_backward():
    layer = _BuggyLinear(3, 2, rng=0)
    errors = gc.check_module(layer, np.random.default_rng(0).standard_normal((4, 3)))
    assert errors["weight"] > 0.1 and errors["input"] < 1e-7 and errors["bias"] < 1e-7
    with pytest.raises(AssertionError, match="weight"):
        gc.check_module(layer, np.ones((4, 3)), tol=1e-7)


def test_check_module_leaves_module_untouched():
    net = cnn.mlp([3, 4, 2], batchnorm=True, dropout=0.5, rng=0)
    x = np.random.default_rng(1).standard_normal((5, 3))
    values = [p.value.copy() for p in net.parameters()]
    state = net[3].rng.bit_generator.state
    gc.check_module(net, x, tol=1e-7)
    for v, p in zip(values, net.parameters()):
        np.testing.assert_array_equal(v, p.value)
        assert np.all(p.grad == 0)
    assert np.all(net[1].running_mean == 0) and np.all(net[1].running_var == 1)
    assert net[3].rng.bit_generator.state == state


def test_check_module_works_in_float64_for_float32_layers():
    layer = cnn.Linear(3, 2, rng=0, dtype=np.float32)
    assert max(gc.check_module(layer, np.ones((2, 3), dtype=np.float32)).values()) < 1e-7


def test_check_loss_modules_and_functions():
    logits, y = np.random.default_rng(0).standard_normal((4, 3)), np.array([0, 2, 1, 1])
    assert gc.check_loss(cnn.CrossEntropyLoss(), logits, y) < 1e-7
    assert gc.check_loss(cnn.functional.cross_entropy, logits, y, tol=1e-7) < 1e-7

    def wrong_mse(pred, target):                  # the sign-flipped gradient
        diff = pred - target
        return float(np.mean(diff ** 2)), -2 * diff / diff.size

    with pytest.raises(AssertionError, match="wrong_mse"):
        gc.check_loss(wrong_mse, np.ones(3), np.zeros(3), tol=1e-7)


def test_check_function():
    x = np.linspace(-2, 2, 7)
    assert gc.check_function(np.tanh, lambda v: 1 - np.tanh(v) ** 2, x) < 1e-7
    assert gc.check_function(lambda v: np.sum(v ** 2), lambda v: 2 * v, x) < 1e-7
    sig = cnn.functional.sigmoid
    assert gc.check_function(sig, lambda v: sig(v) * (1 - sig(v)), x, tol=1e-7) < 1e-7
    with pytest.raises(AssertionError, match="tol"):
        gc.check_function(sig, lambda v: sig(v), x, tol=1e-7)


def test_relu_kink_makes_numeric_gradient_meaningless():
    """At exactly x = 0 the centred difference gives 1/2, neither subgradient 0 nor 1."""
    g = gc.numerical_grad(lambda v: np.sum(np.maximum(v, 0)), np.array([0.0]))
    assert g[0] == pytest.approx(0.5)
