"""Layers: gradient checks for every registered layer, dtype, no writes into inputs, semantics."""
import inspect

import numpy as np
import pytest

import course_nn as cnn
from course_nn import layers
from course_nn.gradcheck import check_module


def _trained_bn():
    bn = cnn.BatchNorm1d(4)
    rng = np.random.default_rng(5)
    for _ in range(3):
        bn(rng.normal(2.0, 3.0, size=(16, 4)))
    bn.gamma.value[:] = [0.5, 1.5, -1.0, 2.0]
    bn.beta.value[:] = [0.1, -0.2, 0.3, 0.0]
    return bn.eval()


# id -> (factory, input shape). Every Module class in layers.__all__ must appear (see below).
CASES = {
    "Linear": (lambda: cnn.Linear(4, 3, rng=0), (5, 4)),
    "Linear-nobias": (lambda: cnn.Linear(4, 3, bias=False, init="xavier_normal", rng=1), (5, 4)),
    "Maxout": (lambda: cnn.Maxout(4, 3, pieces=3, rng=0), (5, 4)),
    "BatchNorm1d-train": (lambda: cnn.BatchNorm1d(4), (6, 4)),
    "BatchNorm1d-train-N2": (lambda: cnn.BatchNorm1d(3), (2, 3)),
    "BatchNorm1d-eval": (_trained_bn, (5, 4)),
    "Dropout-train": (lambda: cnn.Dropout(0.3, rng=0), (5, 4)),
    "Dropout-eval": (lambda: cnn.Dropout(0.3, rng=0).eval(), (5, 4)),
    "Identity": (lambda: cnn.Identity(), (5, 4)),
    "Flatten": (lambda: cnn.Flatten(), (3, 2, 4)),
    "ReLU": (lambda: cnn.ReLU(), (5, 4)),
    "LeakyReLU": (lambda: cnn.LeakyReLU(0.1), (5, 4)),
    "PReLU-shared": (lambda: cnn.PReLU(), (5, 4)),
    "PReLU-per-feature": (lambda: cnn.PReLU(4, init=0.1), (5, 4, 2)),
    "Sigmoid": (lambda: cnn.Sigmoid(), (5, 4)),
    "Tanh": (lambda: cnn.Tanh(), (5, 4)),
    "ELU": (lambda: cnn.ELU(alpha=0.7), (5, 4)),
    "GELU-none": (lambda: cnn.GELU(), (5, 4)),
    "GELU-tanh": (lambda: cnn.GELU(approximate="tanh"), (5, 4)),
    "Softmax": (lambda: cnn.Softmax(), (5, 4)),
    "mlp-bn-dropout": (lambda: cnn.mlp([4, 6, 5, 3], activation="tanh", batchnorm=True,
                                       dropout=0.2, rng=0), (6, 4)),
}
LAYER_CLASSES = [getattr(layers, n) for n in layers.__all__
                 if inspect.isclass(getattr(layers, n)) and issubclass(getattr(layers, n), cnn.Module)]


def _make(case, dtype=np.float64, seed=0):
    factory, shape = CASES[case]
    x = np.random.default_rng(seed).standard_normal(shape).astype(dtype)
    return factory(), x


def test_every_layer_class_has_a_case():
    covered = {type(f()) for f, _ in CASES.values()}
    missing = [c.__name__ for c in LAYER_CLASSES if c not in covered]
    assert not missing, f"add a CASES entry for {missing}"


@pytest.mark.parametrize("case", CASES)
def test_gradient_check(case):
    module, x = _make(case)
    errors = check_module(module, x, rng=1)
    assert set(errors) == {"input"} | {n for n, _ in module.named_parameters()}
    assert max(errors.values()) < 1e-7, errors


@pytest.mark.parametrize("case", CASES)
def test_never_writes_into_input(case):
    module, x = _make(case)
    x.setflags(write=False)
    before = x.copy()
    out = module(x)
    dout = np.random.default_rng(2).standard_normal(out.shape)
    dout.setflags(write=False)
    dx = module.backward(dout)
    np.testing.assert_array_equal(x, before)
    assert dx.shape == x.shape


@pytest.mark.parametrize("case", CASES)
def test_float32_stays_float32(case):
    module, x = _make(case, dtype=np.float32)
    out = module(x)
    assert out.dtype == np.float32
    dx = module.backward(np.ones_like(out))
    assert dx.dtype == np.float32


@pytest.mark.parametrize("case", [c for c, (f, _) in CASES.items() if f().parameters()])
def test_parameter_grads_accumulate(case):
    module, x = _make(case)
    out = module(x)
    module.zero_grad()
    module.backward(np.ones_like(out))
    once = [p.grad.copy() for p in module.parameters()]
    module.backward(np.ones_like(out))
    for g1, p in zip(once, module.parameters()):
        np.testing.assert_allclose(p.grad, 2 * g1)


@pytest.mark.parametrize("case", [c for c in CASES if c not in ("Identity", "BatchNorm1d-eval")])
def test_backward_before_forward_is_an_error(case):
    module, x = _make(case)
    with pytest.raises(RuntimeError, match="before forward"):
        module.backward(np.ones(x.shape))


@pytest.mark.parametrize("case", CASES)
def test_repr_names_the_layer(case):
    module, _ = _make(case)
    assert type(module).__name__ in repr(module)


def test_linear_forward_backward_formulas():
    rng = np.random.default_rng(0)
    layer = cnn.Linear(3, 4, rng=rng)
    assert layer.weight.value.shape == (3, 4) and layer.bias.value.shape == (4,)
    assert layer.weight.decay and not layer.bias.decay
    layer.bias.value[:] = rng.standard_normal(4)
    x, dout = rng.standard_normal((5, 3)), rng.standard_normal((5, 4))
    np.testing.assert_allclose(layer(x), x @ layer.weight.value + layer.bias.value)
    dx = layer.backward(dout)
    np.testing.assert_allclose(dx, dout @ layer.weight.value.T)
    np.testing.assert_allclose(layer.weight.grad, x.T @ dout)
    np.testing.assert_allclose(layer.bias.grad, dout.sum(axis=0))
    assert repr(layer) == "Linear(3 -> 4)"


def test_linear_init_by_name_callable_and_seed():
    a, b = cnn.Linear(50, 40, rng=3), cnn.Linear(50, 40, rng=3)
    np.testing.assert_array_equal(a.weight.value, b.weight.value)
    assert np.all(np.abs(a.weight.value) <= np.sqrt(6 / 50))        # he_uniform by default
    c = cnn.Linear(2, 3, init=lambda shape, rng: np.full(shape, 0.5))
    np.testing.assert_array_equal(c.weight.value, np.full((2, 3), 0.5))
    d = cnn.Linear(50, 40, init="xavier_uniform", rng=0)
    assert np.abs(d.weight.value).max() <= np.sqrt(6 / 90)
    assert np.all(cnn.Linear(2, 3, rng=0).bias.value == 0)


def test_linear_float32_parameters():
    layer = cnn.Linear(3, 2, rng=0, dtype=np.float32)
    assert layer.weight.value.dtype == np.float32
    out = layer(np.ones((4, 3), dtype=np.float32))
    assert out.dtype == np.float32
    layer.backward(np.ones_like(out))
    assert layer.weight.grad.dtype == np.float32


def _torch_bn_reference(xs, eps, momentum):
    """PyTorch's documented BatchNorm1d formulas, transcribed line by line."""
    c = xs[0].shape[1]
    running_mean, running_var, outs = np.zeros(c), np.ones(c), []
    for x in xs:
        n = x.shape[0]
        mean = x.sum(axis=0) / n
        var_biased = ((x - mean) ** 2).sum(axis=0) / n
        var_unbiased = ((x - mean) ** 2).sum(axis=0) / (n - 1)
        outs.append((x - mean) / np.sqrt(var_biased + eps))
        running_mean = (1 - momentum) * running_mean + momentum * mean
        running_var = (1 - momentum) * running_var + momentum * var_unbiased
    return outs, running_mean, running_var


def test_batchnorm_matches_pytorch_formulas():
    rng = np.random.default_rng(0)
    xs = [rng.normal(3.0, 2.0, size=(n, 3)) for n in (8, 5, 2)]
    bn = cnn.BatchNorm1d(3, eps=1e-3, momentum=0.2)
    assert np.all(bn.running_mean == 0) and np.all(bn.running_var == 1)
    ref_outs, ref_mean, ref_var = _torch_bn_reference(xs, 1e-3, 0.2)
    for x, ref in zip(xs, ref_outs):
        np.testing.assert_allclose(bn(x), ref, rtol=1e-12)
    np.testing.assert_allclose(bn.running_mean, ref_mean, rtol=1e-12)
    np.testing.assert_allclose(bn.running_var, ref_var, rtol=1e-12)
    bn.eval()
    x = rng.standard_normal((4, 3))
    want = (x - ref_mean) / np.sqrt(ref_var + 1e-3)
    np.testing.assert_allclose(bn(x), want, rtol=1e-12)


def test_batchnorm_per_feature_parameters_and_backward_formula():
    rng = np.random.default_rng(1)
    bn = cnn.BatchNorm1d(3)
    assert bn.gamma.value.shape == (3,) and bn.beta.value.shape == (3,)
    assert not bn.gamma.decay and not bn.beta.decay
    bn.gamma.value[:] = [1.0, 2.0, -0.5]
    bn.beta.value[:] = [0.0, 1.0, 2.0]
    x, dy = rng.standard_normal((7, 3)), rng.standard_normal((7, 3))
    out = bn(x)
    mu, sigma = x.mean(0), np.sqrt(x.var(0) + bn.eps)
    x_hat = (x - mu) / sigma
    np.testing.assert_allclose(out, bn.gamma.value * x_hat + bn.beta.value)
    dx = bn.backward(dy)
    n = 7
    want = bn.gamma.value / (n * sigma) * (n * dy - dy.sum(0) - x_hat * (dy * x_hat).sum(0))
    np.testing.assert_allclose(dx, want)


def test_batchnorm_eval_uses_eps_for_constant_feature():
    bn = cnn.BatchNorm1d(2)
    bn.running_var[:] = 0.0                  # e.g. a feature that was always constant
    out = bn.eval()(np.ones((3, 2)))
    assert np.all(np.isfinite(out))


def test_batchnorm_train_normalizes_each_feature():
    x = np.random.default_rng(0).normal([0.0, 100.0], [1.0, 50.0], size=(64, 2))
    out = cnn.BatchNorm1d(2)(x)
    np.testing.assert_allclose(out.mean(0), 0, atol=1e-12)
    np.testing.assert_allclose(out.std(0), 1, rtol=1e-4)


def test_dropout_zero_fraction_mean_and_mask_reuse():
    p = 0.3
    drop = cnn.Dropout(p, rng=0)
    x = np.ones((400, 500))
    out = drop(x)
    assert abs(np.mean(out == 0) - p) < 0.005
    assert abs(out.mean() - 1.0) < 0.01                     # inverted: mean preserved
    assert set(np.unique(out)) == {0.0, 1 / (1 - p)}
    dx = drop.backward(np.full_like(x, 3.0))
    np.testing.assert_array_equal(dx == 0, out == 0)       # same units as forward
    np.testing.assert_allclose(dx[out != 0], 3.0 / (1 - p))


def test_dropout_eval_is_identity_and_seeded_masks_repeat():
    x = np.random.default_rng(0).standard_normal((5, 5))
    drop = cnn.Dropout(0.5, rng=0).eval()
    assert drop(x) is x
    np.testing.assert_array_equal(drop.backward(x), x)
    a, b = cnn.Dropout(0.5, rng=7), cnn.Dropout(0.5, rng=7)
    np.testing.assert_array_equal(a(x), b(x))
    assert not np.array_equal(a(x), a(np.array(x)))    # a new mask every call
    np.testing.assert_array_equal(cnn.Dropout(0.0, rng=0)(x), x)


def test_prelu_slope_is_learned_and_not_decayed():
    prelu = cnn.PReLU(2, init=0.25)
    assert not prelu.weight.decay
    x = np.array([[-2.0, 1.0], [-1.0, -4.0]])
    np.testing.assert_allclose(prelu(x), [[-0.5, 1.0], [-0.25, -1.0]])
    prelu.backward(np.ones_like(x))
    np.testing.assert_allclose(prelu.weight.grad, [-3.0, -4.0])


def test_flatten_and_identity():
    x = np.arange(24.0).reshape(2, 3, 4)
    f = cnn.Flatten()
    assert f(x).shape == (2, 12)
    assert f.backward(np.ones((2, 12))).shape == (2, 3, 4)
    assert cnn.Identity()(x) is x


def test_activation_factory_and_names():
    assert "relu" in cnn.ACTIVATIONS and "gelu" in cnn.ACTIVATIONS
    for name in cnn.ACTIVATIONS:
        m = cnn.activation(name)
        assert isinstance(m, cnn.Module)
        assert m(np.zeros((2, 3))).shape == (2, 3)
    assert cnn.activation("leaky_relu", negative_slope=0.2).negative_slope == 0.2
    assert cnn.GELU().approximate == "none"


def test_mlp_structure():
    net = cnn.mlp([3, 8, 8, 2], activation="tanh", batchnorm=True, dropout=0.1, rng=0)
    kinds = [type(m).__name__ for m in net]
    assert kinds == ["Linear", "BatchNorm1d", "Tanh", "Dropout"] * 2 + ["Linear"]
    assert net[0].bias is None and net[-1].bias is not None      # beta replaces the bias
    assert net.num_parameters() == 3 * 8 + 2 * 8 + 8 * 8 + 2 * 8 + 8 * 2 + 2
    plain = cnn.mlp([2, 4, 1], rng=0)
    assert [type(m).__name__ for m in plain] == ["Linear", "ReLU", "Linear"]
    custom = cnn.mlp([2, 4, 1], activation=lambda: cnn.LeakyReLU(0.2), init="xavier_normal", rng=0)
    assert custom[1].negative_slope == 0.2
    a, b = cnn.mlp([2, 4, 1], rng=5), cnn.mlp([2, 4, 1], rng=5)
    np.testing.assert_array_equal(a[0].weight.value, b[0].weight.value)


def test_mlp_trains_xor_quickly():
    x = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    y = np.array([0, 1, 1, 0])
    net, loss_fn = cnn.mlp([2, 16, 2], activation="tanh", rng=0), cnn.CrossEntropyLoss()
    for _ in range(500):
        net.zero_grad()
        loss_fn(net(x), y)
        net.backward(loss_fn.backward())
        for p in net.parameters():
            p.value -= 0.5 * p.grad
    assert np.array_equal(net(x).argmax(1), y)


def test_linear_without_input_grad_gives_the_same_parameter_gradients():
    rng = np.random.default_rng(7)
    x, dout = rng.standard_normal((6, 4)), rng.standard_normal((6, 3))
    full, first = cnn.Linear(4, 3, rng=0), cnn.Linear(4, 3, rng=0, needs_input_grad=False)
    np.testing.assert_array_equal(full(x), first(x))
    assert full.backward(dout).shape == (6, 4)
    assert first.backward(dout) is None
    np.testing.assert_array_equal(full.weight.grad, first.weight.grad)
    np.testing.assert_array_equal(full.bias.grad, first.bias.grad)
    assert repr(first) == "Linear(4 -> 3, needs_input_grad=False)"
    net = cnn.Sequential(first, cnn.ReLU(), cnn.Linear(3, 2, rng=1))
    assert net.backward(net(x) * 0 + 1) is None          # the first layer ends the chain
    dx, dw, db = cnn.functional.linear_backward(dout, cnn.functional.linear_forward(x, full.weight.value)[1],
                                                input_grad=False)
    assert dx is None and db is None and dw.shape == (4, 3)
    with pytest.raises(TypeError, match="needs_input_grad must be True or False; got str"):
        cnn.Linear(4, 3, needs_input_grad="no")
