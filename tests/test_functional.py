"""functional: every forward/backward pair against finite differences and the formulas."""
import math

import numpy as np
import pytest

from course_nn import functional as F
from course_nn.gradcheck import numerical_grad, rel_error

RNG = np.random.default_rng(0)


def _pair_case(fwd, bwd, *args):
    """(x -> out, (dout, x) -> dx) for a pair without parameters."""
    return (lambda x: fwd(x, *args)[0],
            lambda dout, x: bwd(dout, fwd(x, *args)[1]))


PAIRS = {
    "relu": _pair_case(F.relu_forward, F.relu_backward),
    "leaky_relu": _pair_case(F.leaky_relu_forward, F.leaky_relu_backward, 0.05),
    "prelu": (lambda x: F.prelu_forward(x, np.array([0.2, -0.3, 0.5]))[0],
              lambda d, x: F.prelu_backward(d, F.prelu_forward(x, np.array([0.2, -0.3, 0.5]))[1])[0]),
    "sigmoid": _pair_case(F.sigmoid_forward, F.sigmoid_backward),
    "tanh": _pair_case(F.tanh_forward, F.tanh_backward),
    "elu": _pair_case(F.elu_forward, F.elu_backward, 0.8),
    "gelu": _pair_case(F.gelu_forward, F.gelu_backward, "none"),
    "gelu_tanh": _pair_case(F.gelu_forward, F.gelu_backward, "tanh"),
    "softmax": _pair_case(F.softmax_forward, F.softmax_backward),
    "dropout": (lambda x: F.dropout_forward(x, 0.4, np.random.default_rng(3))[0],
                lambda d, x: F.dropout_backward(d, F.dropout_forward(x, 0.4, np.random.default_rng(3))[1])),
}


@pytest.mark.parametrize("name", PAIRS)
def test_pair_gradient(name):
    fwd, bwd = PAIRS[name]
    x = RNG.standard_normal((4, 3)) * 2
    R = RNG.standard_normal((4, 3))
    assert rel_error(bwd(R, x), numerical_grad(lambda v: np.sum(fwd(v) * R), x)) < 1e-7


def test_linear_pair():
    x, w, b, dout = (RNG.standard_normal(s) for s in [(5, 3), (3, 2), (2,), (5, 2)])
    out, cache = F.linear_forward(x, w, b)
    np.testing.assert_allclose(out, x @ w + b)
    dx, dw, db = F.linear_backward(dout, cache)
    np.testing.assert_allclose(dw, x.T @ dout)
    assert rel_error(dx, numerical_grad(lambda v: np.sum(F.linear_forward(v, w, b)[0] * dout), x)) < 1e-7
    assert rel_error(db, numerical_grad(lambda v: np.sum(F.linear_forward(x, w, v)[0] * dout), b)) < 1e-7
    assert F.linear_backward(dout, F.linear_forward(x, w)[1])[2] is None


def test_maxout_pair():
    x, w, b = RNG.standard_normal((5, 3)), RNG.standard_normal((3, 2, 4)), RNG.standard_normal((2, 4))
    dout = RNG.standard_normal((5, 2))
    out, cache = F.maxout_forward(x, w, b)
    np.testing.assert_allclose(out, np.max(np.einsum("ni,ijk->njk", x, w) + b, axis=2))
    dx, dw, db = F.maxout_backward(dout, cache)
    loss = lambda xx, ww, bb: np.sum(F.maxout_forward(xx, ww, bb)[0] * dout)  # noqa: E731
    assert rel_error(dx, numerical_grad(lambda v: loss(v, w, b), x)) < 1e-7
    assert rel_error(dw, numerical_grad(lambda v: loss(x, v, b), w)) < 1e-7
    assert rel_error(db, numerical_grad(lambda v: loss(x, w, v), b)) < 1e-7


def test_batchnorm_pair():
    x, g, b, dout = (RNG.standard_normal(s) for s in [(6, 3), (3,), (3,), (6, 3)])
    out, cache = F.batchnorm_forward(x, g, b, 1e-5)
    np.testing.assert_allclose(out, g * (x - x.mean(0)) / np.sqrt(x.var(0) + 1e-5) + b)
    np.testing.assert_allclose(cache["var"], x.var(0))
    dx, dg, db = F.batchnorm_backward(dout, cache)
    loss = lambda xx, gg, bb: np.sum(F.batchnorm_forward(xx, gg, bb)[0] * dout)  # noqa: E731
    assert rel_error(dx, numerical_grad(lambda v: loss(v, g, b), x)) < 1e-7
    assert rel_error(dg, numerical_grad(lambda v: loss(x, v, b), g)) < 1e-7
    assert rel_error(db, numerical_grad(lambda v: loss(x, g, v), b)) < 1e-7


def test_prelu_slope_gradient():
    x, a, dout = RNG.standard_normal((5, 3, 2)), np.array([0.1, 0.2, 0.3]), RNG.standard_normal((5, 3, 2))
    _, da = F.prelu_backward(dout, F.prelu_forward(x, a)[1])
    assert rel_error(da, numerical_grad(lambda v: np.sum(F.prelu_forward(x, v)[0] * dout), a)) < 1e-7
    shared = np.array([0.25])
    _, da1 = F.prelu_backward(dout, F.prelu_forward(x, shared)[1])
    assert da1.shape == (1,)


def test_dropout_mask_from_rng():
    x = np.ones((3, 4))
    a, ma = F.dropout_forward(x, 0.5, np.random.default_rng(1))
    b, mb = F.dropout_forward(x, 0.5, 1)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(F.dropout_backward(x, ma), a)


def test_erf_against_math():
    xs = np.concatenate([np.linspace(-6, 6, 2001), [0.0, 1e-300, 1e-8, -1e-8, 2.5, -2.5, 27.0]])
    want = np.array([math.erf(v) for v in xs])
    got = F.erf(xs)
    nz = want != 0
    assert np.max(np.abs(got[nz] - want[nz]) / np.abs(want[nz])) < 5e-15
    assert F.erf(np.array(0.0)) == 0.0


def test_erfc_against_math_in_the_tails():
    xs = np.concatenate([np.linspace(-5, 26, 3101), [1.5 - 1e-12, 1.5]])
    want = np.array([math.erfc(v) for v in xs])
    rel = np.abs(F.erfc(xs) - want) / want
    assert np.max(rel[xs >= 1.5]) < 5e-15       # the tail: no cancellation
    assert np.max(rel) < 5e-14                  # 1 - erf(x) for x < 1.5: at most ~30x amplified


def test_gelu_values():
    x = np.linspace(-8, 8, 101)
    exact = x * 0.5 * np.array([math.erfc(-v / math.sqrt(2)) for v in x])
    np.testing.assert_allclose(F.gelu_forward(x)[0], exact, rtol=1e-13, atol=1e-300)
    approx = 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3)))
    np.testing.assert_allclose(F.gelu_forward(x, "tanh")[0], approx, rtol=1e-13)
    assert np.max(np.abs(F.gelu_forward(x, "tanh")[0] - exact)) < 1e-3


def test_stable_helpers_match_naive_formulas():
    x = RNG.standard_normal((4, 5)) * 3
    e = np.exp(x)
    np.testing.assert_allclose(F.sigmoid(x), 1 / (1 + np.exp(-x)))
    np.testing.assert_allclose(F.softmax(x), e / e.sum(-1, keepdims=True))
    np.testing.assert_allclose(F.log_softmax(x), np.log(e / e.sum(-1, keepdims=True)))
    np.testing.assert_allclose(F.logsumexp(x), np.log(e.sum(-1)))
    np.testing.assert_allclose(F.logsumexp(x, axis=0, keepdims=True), np.log(e.sum(0, keepdims=True)))
    np.testing.assert_allclose(F.softmax(x, axis=0), e / e.sum(0, keepdims=True))


def test_tanh_is_rescaled_sigmoid():
    x = np.linspace(-5, 5, 11)
    np.testing.assert_allclose(np.tanh(x), 2 * F.sigmoid(2 * x) - 1, atol=1e-15)


def test_losses_return_loss_and_gradient():
    logits, y = RNG.standard_normal((4, 3)), np.array([0, 1, 2, 1])
    loss, grad = F.cross_entropy(logits, y)
    assert isinstance(loss, float) and grad.shape == (4, 3)
    np.testing.assert_allclose(grad.sum(1), 0, atol=1e-15)        # softmax - onehot rows
    loss, grad = F.mse_loss(np.ones(3), np.zeros(3))
    assert loss == 1.0
    np.testing.assert_allclose(grad, [2 / 3] * 3)


def test_no_function_writes_into_its_input():
    x = RNG.standard_normal((4, 3))
    x.setflags(write=False)
    for name, (fwd, bwd) in PAIRS.items():
        bwd(np.ones((4, 3)), fwd(x))
    F.batchnorm_backward(np.ones((4, 3)), F.batchnorm_forward(x, np.ones(3), np.zeros(3))[1])
    F.cross_entropy(x, [0, 1, 2, 0])
    F.logsumexp(x), F.softmax(x), F.log_softmax(x), F.erf(x), F.erfc(x)
