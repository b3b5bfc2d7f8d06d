"""Losses: gradient checks for every registered loss, values against the formulas, conventions."""
import inspect

import numpy as np
import pytest

import course_nn as cnn
from course_nn import functional as F
from course_nn import losses
from course_nn.gradcheck import check_loss

RNG = np.random.default_rng(0)


def _labels(n, c, seed=0):
    return np.random.default_rng(seed).integers(0, c, n)


def _case_pred_target(name, dtype=np.float64):
    """(pred, target) away from kinks for each loss class name."""
    rng = np.random.default_rng(1)
    if name in ("CrossEntropyLoss", "MultiMarginLoss"):
        return rng.standard_normal((6, 4)).astype(dtype), _labels(6, 4)
    if name == "BCELoss":
        return rng.uniform(0.05, 0.95, (6, 3)).astype(dtype), rng.uniform(0, 1, (6, 3))
    if name == "HingeLoss":
        return rng.standard_normal(8).astype(dtype), rng.choice([-1.0, 1.0], 8)
    return rng.standard_normal((6, 3)).astype(dtype), rng.uniform(0, 1, (6, 3))


LOSS_CLASSES = [getattr(losses, n) for n in losses.__all__
                if inspect.isclass(getattr(losses, n)) and issubclass(getattr(losses, n), losses.Loss)
                and getattr(losses, n) is not losses.Loss]
FUNCTIONAL = {"MSELoss": F.mse_loss, "CrossEntropyLoss": F.cross_entropy,
              "BCEWithLogitsLoss": F.binary_cross_entropy_with_logits,
              "BCELoss": F.binary_cross_entropy, "HingeLoss": F.hinge_loss,
              "MultiMarginLoss": F.multi_margin_loss}


def test_registry_lists_every_loss():
    assert set(losses.LOSSES.values()) == set(LOSS_CLASSES)
    assert set(FUNCTIONAL) == {c.__name__ for c in LOSS_CLASSES}


@pytest.mark.parametrize("cls", LOSS_CLASSES, ids=lambda c: c.__name__)
def test_gradient_check(cls):
    pred, target = _case_pred_target(cls.__name__)
    assert check_loss(cls(), pred, target) < 1e-7
    assert check_loss(FUNCTIONAL[cls.__name__], pred, target) < 1e-7


@pytest.mark.parametrize("cls", LOSS_CLASSES, ids=lambda c: c.__name__)
def test_returns_float_and_grad_like_pred(cls):
    for dtype in (np.float64, np.float32):
        pred, target = _case_pred_target(cls.__name__, dtype)
        loss_fn = cls()
        loss = loss_fn(pred, target)
        assert type(loss) is float and np.isfinite(loss)
        grad = loss_fn.backward()
        assert grad.shape == pred.shape and grad.dtype == dtype


@pytest.mark.parametrize("cls", LOSS_CLASSES, ids=lambda c: c.__name__)
def test_module_matches_functional_and_keeps_inputs(cls):
    pred, target = _case_pred_target(cls.__name__)
    pred.setflags(write=False)
    before = pred.copy()
    loss_fn = cls()
    loss, grad = FUNCTIONAL[cls.__name__](pred, target)
    assert loss_fn(pred, target) == pytest.approx(loss, rel=1e-12)
    np.testing.assert_allclose(loss_fn.backward(), grad, rtol=1e-12)
    np.testing.assert_array_equal(pred, before)


@pytest.mark.parametrize("cls", LOSS_CLASSES, ids=lambda c: c.__name__)
def test_backward_before_forward(cls):
    with pytest.raises(RuntimeError, match="before forward"):
        cls().backward()


def test_mse_no_half_factor():
    pred, y = np.array([[1.0, 2.0], [3.0, 5.0]]), np.array([[0.0, 2.0], [1.0, 1.0]])
    loss_fn = cnn.MSELoss()
    assert loss_fn(pred, y) == pytest.approx((1 + 0 + 4 + 16) / 4)
    np.testing.assert_allclose(loss_fn.backward(), 2 * (pred - y) / 4)


def test_cross_entropy_value_and_gradient():
    logits, y = RNG.standard_normal((5, 3)), np.array([0, 2, 1, 1, 0])
    p = np.exp(logits) / np.exp(logits).sum(1, keepdims=True)
    loss_fn = cnn.CrossEntropyLoss()
    assert loss_fn(logits, y) == pytest.approx(-np.mean(np.log(p[np.arange(5), y])))
    onehot = np.eye(3)[y]
    np.testing.assert_allclose(loss_fn.backward(), (p - onehot) / 5)
    assert cnn.CrossEntropyLoss()(np.zeros((4, 10)), np.arange(4)) == pytest.approx(np.log(10))


def test_cross_entropy_with_probability_targets():
    logits = RNG.standard_normal((4, 3))
    y = np.array([2, 0, 1, 1])
    hard = cnn.CrossEntropyLoss()(logits, y)
    assert cnn.CrossEntropyLoss()(logits, np.eye(3)[y]) == pytest.approx(hard)
    soft = np.full((4, 3), 1 / 3)
    assert check_loss(cnn.CrossEntropyLoss(), logits, soft) < 1e-7


def test_float_labels_that_are_integers_are_accepted():
    logits = RNG.standard_normal((3, 4))
    a = cnn.CrossEntropyLoss()(logits, np.array([0.0, 3.0, 1.0]))
    assert a == pytest.approx(cnn.CrossEntropyLoss()(logits, [0, 3, 1]))


def test_svm_zero_cross_entropy_not():
    scores, y = np.array([[10.0, 8.0, 8.0], [10.0, -10.0, -10.0]]), np.array([0, 0])
    sum_form = np.sum(np.maximum(0, 1 - scores[:, :1] + scores[:, 1:]), axis=1)   # CS231n's
    np.testing.assert_array_equal(sum_form, [0.0, 0.0])
    assert cnn.MultiMarginLoss()(scores, y) == 0.0
    for row in scores:
        assert cnn.CrossEntropyLoss()(row[None], [0]) > 0
    assert cnn.CrossEntropyLoss()(scores[:1], [0]) == pytest.approx(np.log(1 + 2 * np.exp(-2)))


def _torch_multi_margin_reference(x, y, margin):
    """torch.nn.MultiMarginLoss (p=1, no weight, mean), transcribed with explicit loops."""
    n, c = x.shape
    total = 0.0
    for i in range(n):
        s = sum(max(0.0, margin - x[i, y[i]] + x[i, j]) for j in range(c) if j != y[i])
        total += s / c
    return total / n


@pytest.mark.parametrize("margin", [1.0, 0.5, 2.0])
def test_multi_margin_matches_pytorch_definition(margin):
    x, y = RNG.standard_normal((7, 5)), _labels(7, 5, seed=3)
    assert cnn.MultiMarginLoss(margin)(x, y) == pytest.approx(_torch_multi_margin_reference(x, y, margin))


def test_hinge_subgradient_zero_at_kink():
    scores, y = np.array([1.0, -1.0, 0.5, 3.0]), np.array([1.0, -1.0, 1.0, -1.0])
    loss_fn = cnn.HingeLoss()
    assert loss_fn(scores, y) == pytest.approx((0 + 0 + 0.5 + 4.0) / 4)
    np.testing.assert_allclose(loss_fn.backward(), [0.0, 0.0, -0.25, 0.25])


def test_multi_margin_subgradient_zero_at_kink():
    loss_fn = cnn.MultiMarginLoss()
    assert loss_fn(np.array([[2.0, 1.0, 0.0]]), [0]) == 0.0        # margin exactly 1: the kink
    np.testing.assert_array_equal(loss_fn.backward(), np.zeros((1, 3)))


def test_bce_pair_agree_and_clip_only_inside_log():
    z, y = RNG.standard_normal(10), RNG.uniform(0, 1, 10)
    a = cnn.BCEWithLogitsLoss()(z, y)
    b = cnn.BCELoss()(F.sigmoid(z), y)
    assert a == pytest.approx(b, rel=1e-10)
    loss_fn = cnn.BCELoss()
    loss = loss_fn(np.array([0.0, 1.0]), np.array([0.0, 1.0]))       # exact 0 and 1 are fine
    assert np.isfinite(loss) and loss < 1e-10
    assert np.all(np.isfinite(loss_fn.backward()))
    assert np.isfinite(cnn.BCELoss()(np.array([0.0]), np.array([1.0])))


def test_bce_with_logits_gradient_is_sigmoid_minus_target():
    z, y = np.array([-3.0, 0.0, 2.0]), np.array([1.0, 0.0, 1.0])
    loss_fn = cnn.BCEWithLogitsLoss()
    loss_fn(z, y)
    np.testing.assert_allclose(loss_fn.backward(), (1 / (1 + np.exp(-z)) - y) / 3)


def test_backward_scales_by_grad_out():
    loss_fn = cnn.MSELoss()
    loss_fn(np.array([1.0, 2.0]), np.array([0.0, 0.0]))
    np.testing.assert_allclose(loss_fn.backward(3.0), 3 * loss_fn.backward())
