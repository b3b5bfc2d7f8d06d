"""Property tests (hypothesis): stability for large inputs, invariants, shapes, gradients."""
import contextlib
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays

import course_nn as cnn
from course_nn import functional as F
from course_nn.gradcheck import numerical_grad, rel_error

BIG = 1e3
finite = st.floats(-BIG, BIG, allow_nan=False, allow_infinity=False, allow_subnormal=False)
moderate = st.floats(-5, 5, allow_nan=False, allow_infinity=False)
logits_2d = arrays(np.float64, array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=6), elements=finite)
any_array = arrays(np.float64, array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=5), elements=finite)
GRAD = settings(max_examples=40, deadline=None)


def assert_close_to_numeric(grad, f, x):
    """Finite differences of a loss computed from inputs of size |x| carry rounding noise of
    about 1e-16 * max|x| / eps; allow that on top of a 1e-5 relative error."""
    num = numerical_grad(f, x)
    noise = 1e-16 * (1.0 + np.max(np.abs(x))) / 1e-6
    assert np.max(np.abs(grad - num)) <= 1e-5 * np.max(np.abs(grad)) + 10 * noise


@contextlib.contextmanager
def strict(under="ignore"):
    """Every warning, and every numpy overflow, division by zero and invalid operation (also
    underflow with under="raise"), becomes an error."""
    with warnings.catch_warnings(), np.errstate(all="raise", under=under):
        warnings.simplefilter("error")
        yield


@given(logits_2d)
def test_softmax_rows_sum_to_one(x):
    with strict(under="raise"):     # not even an underflow escapes: exp(-2000) is simply 0
        p = F.softmax(x)
        logp = F.log_softmax(x)
    assert np.all(np.isfinite(p)) and np.all(p >= 0)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=1e-12)
    assert np.all(np.isfinite(logp)) and np.all(logp <= 1e-12)


@given(logits_2d, st.floats(-BIG, BIG))
def test_logsumexp_shift_invariance(x, c):
    with strict():
        a = F.logsumexp(x + c)
        b = F.logsumexp(x) + c
    np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-9)
    assert np.all(F.logsumexp(x) >= x.max(axis=1))


@given(any_array)
def test_sigmoid_finite_bounded_symmetric(x):
    with strict(under="raise"):
        s = F.sigmoid(x)
        t = F.sigmoid(-x)
    assert np.all((s >= 0) & (s <= 1))
    np.testing.assert_allclose(s + t, 1.0, rtol=1e-12)


def _labels(draw, n, c):
    return np.array(draw(st.lists(st.integers(0, c - 1), min_size=n, max_size=n)))


@st.composite
def logits_and_labels(draw, elements=finite):
    n, c = draw(st.integers(1, 5)), draw(st.integers(2, 5))
    x = draw(arrays(np.float64, (n, c), elements=elements))
    return x, _labels(draw, n, c)


@GRAD
@given(logits_and_labels())
def test_cross_entropy_stable_and_correct(data):
    x, y = data
    with strict(under="raise"):
        loss, grad = F.cross_entropy(x, y)
    assert np.isfinite(loss) and loss >= 0 and np.all(np.isfinite(grad))
    np.testing.assert_allclose(grad.sum(axis=1), 0.0, atol=1e-12)
    assert_close_to_numeric(grad, lambda v: F.cross_entropy(v, y)[0], x)


@GRAD
@given(st.integers(1, 6).flatmap(lambda n: st.tuples(
    arrays(np.float64, n, elements=finite), arrays(np.float64, n, elements=st.floats(0, 1)))))
def test_bce_with_logits_stable_and_correct(data):
    z, y = data
    with strict(under="raise"):
        loss, grad = F.binary_cross_entropy_with_logits(z, y)
        cnn.BCEWithLogitsLoss()(z, y)
    assert np.isfinite(loss) and loss >= -1e-12 and np.all(np.abs(grad) <= 1.0 / z.size + 1e-15)
    assert_close_to_numeric(grad, lambda v: F.binary_cross_entropy_with_logits(v, y)[0], z)


@GRAD
@given(logits_and_labels(moderate))
def test_cross_entropy_gradient_float64_tight(data):
    x, y = data
    assert rel_error(F.cross_entropy(x, y)[1], numerical_grad(lambda v: F.cross_entropy(v, y)[0], x)) < 1e-7


@pytest.mark.parametrize("name", cnn.ACTIVATIONS)
@given(x=any_array)
def test_activations_finite_and_shape_preserving(name, x):
    layer = cnn.activation(name)
    if name == "prelu":
        x = x.reshape(-1)
    with strict():
        out = layer(x)
        dx = layer.backward(np.ones_like(out))
    assert out.shape == x.shape and dx.shape == x.shape
    assert np.all(np.isfinite(out)) and np.all(np.isfinite(dx))


@pytest.mark.parametrize("name", cnn.ACTIVATIONS)
@settings(max_examples=25, deadline=None)
@given(x=arrays(np.float64, (3, 4), elements=moderate.filter(lambda v: abs(v) > 1e-3)))
def test_activation_gradients(name, x):
    layer = cnn.activation(name)
    R = np.random.default_rng(0).standard_normal(x.shape)
    layer(x)
    dx = layer.backward(R)
    assert rel_error(dx, numerical_grad(lambda v: np.sum(layer(v) * R), x)) < 1e-7


@given(any_array, st.floats(0, 0.95))
def test_dropout_eval_is_identity(x, p):
    drop = cnn.Dropout(p, rng=0).eval()
    assert drop(x) is x
    assert drop.backward(x) is x


@given(any_array, st.floats(0, 0.95), st.integers(0, 2**32 - 1))
def test_dropout_train_keeps_or_zeroes_with_the_same_mask(x, p, seed):
    drop = cnn.Dropout(p, rng=seed)
    out = drop(x)
    kept = out != 0
    np.testing.assert_allclose(out[kept], x[kept] / (1 - p), rtol=1e-12)
    dx = drop.backward(np.ones_like(x))
    assert np.all(dx[kept & (x != 0)] == 1 / (1 - p))
    assert np.all(dx[~kept & (x != 0)] == 0)


@settings(max_examples=30, deadline=None)
@given(arrays(np.float64, st.tuples(st.integers(2, 8), st.integers(1, 4)),
              elements=st.floats(-1e3, 1e3)))
def test_batchnorm_train_output_is_normalized_and_finite(x):
    bn = cnn.BatchNorm1d(x.shape[1])
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error")
        out = bn(x)
        bn.backward(np.ones_like(out))
    assert np.all(np.isfinite(out))
    np.testing.assert_allclose(out.mean(axis=0), 0.0, atol=1e-6)
    assert np.all(np.isfinite(bn.eval()(x)))


@given(st.integers(1, 6), st.integers(1, 6), st.integers(1, 6))
def test_linear_shapes(n, d_in, d_out):
    layer = cnn.Linear(d_in, d_out, rng=0)
    out = layer(np.ones((n, d_in)))
    assert out.shape == (n, d_out)
    assert layer.backward(np.ones_like(out)).shape == (n, d_in)


@given(arrays(np.float64, st.integers(1, 6), elements=finite))
def test_bce_probabilities_at_the_edges(z):
    p = F.sigmoid(z)                   # may be exactly 0 or 1 for |z| near 1e3
    y = (z > 0).astype(float)
    with strict():
        loss, grad = F.binary_cross_entropy(p, y)
    assert np.isfinite(loss) and np.all(np.isfinite(grad))
