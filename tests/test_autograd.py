"""Tests of the scalar autograd: every op against finite differences, the MLP against numpy."""
import math

import matplotlib
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

matplotlib.use("Agg")

import course_nn  # noqa: E402
from course_nn.autograd import MLP, Value, draw_graph, topological_order  # noqa: E402

EPS = 1e-6


def numeric(f, x):
    """Centred difference of a float -> float function."""
    return (f(x + EPS) - f(x - EPS)) / (2 * EPS)


def grad_of(f, x):
    v = Value(x)
    out = f(v)
    out.backward()
    return out.data, v.grad


UNARY = {
    "exp": (lambda v: v.exp(), math.exp),
    "log": (lambda v: v.log(), math.log),
    "tanh": (lambda v: v.tanh(), math.tanh),
    "sigmoid": (lambda v: v.sigmoid(), lambda x: 1 / (1 + math.exp(-x))),
    "relu": (lambda v: v.relu(), lambda x: max(0.0, x)),
    "neg": (lambda v: -v, lambda x: -x),
    "pow2": (lambda v: v**2, lambda x: x**2),
    "pow3": (lambda v: v**3, lambda x: x**3),
    "pow-1": (lambda v: v**-1, lambda x: x**-1),
    "pow0.5": (lambda v: v**0.5, lambda x: x**0.5),
}


@pytest.mark.parametrize("name", list(UNARY))
@pytest.mark.parametrize("x", [0.3, 1.7, -0.8, -2.5])
def test_unary_forward_and_gradient_match_finite_differences(name, x):
    op, ref = UNARY[name]
    if name in ("log", "pow0.5") and x <= 0:
        x = -x
    data, g = grad_of(op, x)
    assert data == pytest.approx(ref(x), rel=1e-12)
    assert g == pytest.approx(numeric(ref, x), rel=1e-6, abs=1e-9)


BINARY = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "div": lambda a, b: a / b,
}


@pytest.mark.parametrize("name", list(BINARY))
@pytest.mark.parametrize("side", ["both", "left_number", "right_number"])
def test_binary_ops_gradients_and_reflected_forms(name, side):
    f = BINARY[name]
    a0, b0 = 1.3, -0.7
    a, b = Value(a0), Value(b0)
    if side == "both":
        out = f(a, b)
    elif side == "left_number":      # radd, rsub, rmul, rtruediv
        out = f(a0, b)
    else:
        out = f(a, b0)
    out.backward()
    assert out.data == pytest.approx(f(a0, b0))
    if side != "left_number":
        assert a.grad == pytest.approx(numeric(lambda x: f(x, b0), a0), rel=1e-6)
    if side != "right_number":
        assert b.grad == pytest.approx(numeric(lambda x: f(a0, x), b0), rel=1e-6)


def test_op_and_children_are_recorded():
    a, b = Value(2.0, "a"), Value(3.0, "b")
    c = a * b
    assert c.op == "*" and c.children == (a, b)
    assert a.op == "" and a.children == ()
    assert (a + 1).op == "+" and a.tanh().op == "tanh" and (a**2).op == "**2"


def test_a_node_used_twice_accumulates_its_gradient():
    x = Value(3.0)
    y = x * x + x          # dy/dx = 2x + 1
    y.backward()
    assert x.grad == 7.0
    z = x + x
    z.backward()
    assert x.grad == 2.0


def test_backward_resets_grads_unless_told_to_accumulate():
    x = Value(2.0)
    y = x * 5
    y.backward()
    y.backward()
    assert x.grad == 5.0
    y.backward(zero_grad=False)
    assert x.grad == 10.0


def test_deep_graph_does_not_hit_the_recursion_limit():
    x = Value(1.0)
    y = x
    for _ in range(5000):
        y = y + x
    y.backward()
    assert x.grad == 5001.0
    assert len(topological_order(y)) == 5001


@settings(max_examples=50, deadline=None)
@given(st.floats(-2, 2), st.floats(0.5, 3), st.floats(-1.5, 1.5))
def test_composite_expression_matches_finite_differences(a0, b0, c0):
    def f(a, b, c):
        return ((a * b).tanh() + (c / b) ** 2 - b.log() * c + (a - c).sigmoid() * 3).exp() / (1 + b)

    def f_float(a, b, c):
        return f(Value(a), Value(b), Value(c)).data

    a, b, c = Value(a0), Value(b0), Value(c0)
    f(a, b, c).backward()
    assert a.grad == pytest.approx(numeric(lambda x: f_float(x, b0, c0), a0), rel=1e-5, abs=1e-7)
    assert b.grad == pytest.approx(numeric(lambda x: f_float(a0, x, c0), b0), rel=1e-5, abs=1e-7)
    assert c.grad == pytest.approx(numeric(lambda x: f_float(a0, b0, x), c0), rel=1e-5, abs=1e-7)


def test_sigmoid_is_stable_for_large_inputs():
    assert Value(-1000.0).sigmoid().data == 0.0
    assert Value(1000.0).sigmoid().data == 1.0
    s = Value(-800.0)
    s.sigmoid().backward()
    assert s.grad == 0.0


def test_relu_subgradient_at_zero_is_zero():
    x = Value(0.0)
    x.relu().backward()
    assert x.grad == 0.0


@pytest.mark.parametrize("bad, error, match", [
    (lambda: Value(0.0).log(), ValueError, "data > 0"),
    (lambda: Value(-1.0).log(), ValueError, "got -1.0"),
    (lambda: Value(2.0) ** Value(2.0), TypeError, "plain number"),
    (lambda: Value(1.0) / 0, ZeroDivisionError, "division by zero"),
    (lambda: Value(0.0) ** -1, ZeroDivisionError, "0 \\*\\* -1"),
    (lambda: Value(-2.0) ** 0.5, ValueError, "fractional power"),
    (lambda: Value(1000.0).exp(), OverflowError, "overflows"),
    (lambda: Value("3"), TypeError, "real number"),
    (lambda: Value(np.ones(3)), TypeError, "ndarray"),
])
def test_clear_errors(bad, error, match):
    with pytest.raises(error, match=match):
        bad()


def test_numpy_scalars_are_accepted():
    v = Value(np.float32(2.5)) * np.float64(2.0)
    assert isinstance(v.data, float) and v.data == 5.0


# --- draw_graph -----------------------------------------------------------------------------
def _neuron_graph():
    x1, x2, w1, w2, b = Value(2.0, "x1"), Value(0.0, "x2"), Value(-3.0, "w1"), Value(1.0, "w2"), Value(6.88, "b")
    o = (x1 * w1 + x2 * w2 + b).tanh()
    o.label = "o"
    o.backward()
    return o


def test_draw_graph_draws_a_box_per_value_and_a_circle_per_op():
    import matplotlib.pyplot as plt
    o = _neuron_graph()
    nodes = topological_order(o)
    ax = draw_graph(o)
    texts = [t.get_text() for t in ax.texts]
    assert len(texts) == len(nodes) + sum(1 for n in nodes if n.op)
    assert sum(t.startswith("o\ndata 0.") for t in texts) == 1
    assert any("grad -1.5" in t for t in texts)           # dL/dx1 = w1 * (1 - o**2) ~ -3 * 0.5
    circles = [t for t in ax.texts if t.get_bbox_patch().get_boxstyle().__class__.__name__ == "Circle"]
    assert sorted(t.get_text() for t in circles) == ["*", "*", "+", "+", "tanh"]
    assert len(ax.patches) == sum(len(n.children) + 1 for n in nodes if n.op)   # arrows
    ax.figure.canvas.draw()
    plt.close(ax.figure)


def test_draw_graph_layers_left_to_right_and_uses_the_given_axes():
    import matplotlib.pyplot as plt
    o = _neuron_graph()
    fig, ax = plt.subplots()
    assert draw_graph(o, ax=ax) is ax
    x_of = {t.get_text().split("\n")[0]: t.get_position()[0] for t in ax.texts}
    assert x_of["x1"] < x_of["*"] < x_of["tanh"] < x_of["o"]
    fig.canvas.draw()
    plt.close(fig)


def test_draw_graph_handles_a_30_node_mlp_graph():
    import matplotlib.pyplot as plt
    net = MLP([2, 2, 1], rng=0)
    loss = (net([1.0, -2.0])[0] - 1) ** 2
    loss.backward()
    assert 25 <= len(topological_order(loss)) <= 35
    ax = draw_graph(loss)
    w, h = ax.figure.get_size_inches()
    assert w < 25 and h < 8
    ax.figure.canvas.draw()
    plt.close(ax.figure)


# --- the scalar MLP against vectorised numpy -------------------------------------------------
ACTS = {"tanh": np.tanh, "relu": lambda z: np.maximum(z, 0), "sigmoid": lambda z: 1 / (1 + np.exp(-z))}


def _numpy_loss(weights, X, y, act):
    """Mean cross-entropy of a numpy MLP (the reference for finite differences)."""
    h = X
    for i, (W, b) in enumerate(weights):
        h = h @ W + b
        if i < len(weights) - 1:
            h = ACTS[act](h)
    h = h - h.max(axis=1, keepdims=True)
    logp = h - np.log(np.exp(h).sum(axis=1, keepdims=True))
    return -logp[np.arange(len(y)), y].mean()


def _value_loss(net, X, y):
    """The same loss written with Value operations only."""
    total = 0.0
    for x, label in zip(X, y):
        logits = net(list(x))
        m = max(v.data for v in logits)                   # a constant shift: softmax is shift-invariant
        lse = sum((v - m).exp() for v in logits).log() + m
        total = total + (lse - logits[label])
    return total / len(y)


def _weights(sizes, rng):
    return [(rng.normal(size=(a, b)), rng.normal(size=b) * 0.1) for a, b in zip(sizes[:-1], sizes[1:])]


def test_from_arrays_round_trips_in_linear_layout():
    ws = _weights([3, 4, 2], np.random.default_rng(0))
    net = MLP.from_arrays(ws, activation="tanh")
    for (W, b), (W2, b2) in zip(ws, net.arrays("data")):
        np.testing.assert_array_equal(W, W2)
        np.testing.assert_array_equal(b, b2)


@pytest.mark.parametrize("act", ["tanh", "relu", "sigmoid"])
def test_value_mlp_gradients_match_finite_differences_of_numpy_mlp(act):
    rng = np.random.default_rng(1)
    ws, X, y = _weights([3, 4, 2], rng), rng.normal(size=(5, 3)), rng.integers(0, 2, 5)
    net = MLP.from_arrays(ws, activation=act)
    loss = _value_loss(net, X, y)
    assert loss.data == pytest.approx(_numpy_loss(ws, X, y, act), rel=1e-12)
    loss.backward()
    for (W, b), (dW, db) in zip(ws, net.arrays("grad")):
        for arr, grad in ((W, dW), (b, db)):
            num = np.zeros_like(arr)
            for idx in np.ndindex(arr.shape):
                old = arr[idx]
                arr[idx] = old + EPS
                up = _numpy_loss(ws, X, y, act)
                arr[idx] = old - EPS
                down = _numpy_loss(ws, X, y, act)
                arr[idx] = old
                num[idx] = (up - down) / (2 * EPS)
            np.testing.assert_allclose(grad, num, rtol=1e-5, atol=1e-8)


@pytest.mark.skipif(not hasattr(course_nn, "Linear"), reason="course_nn.layers not written yet")
@pytest.mark.parametrize("act", ["tanh", "relu", "sigmoid"])
def test_value_mlp_gradients_match_the_vectorised_layers(act):
    rng = np.random.default_rng(2)
    model = course_nn.Sequential(course_nn.Linear(3, 4, rng=0), course_nn.activation(act), course_nn.Linear(4, 2, rng=1))
    X, y = rng.normal(size=(6, 3)), rng.integers(0, 2, 6)
    loss_fn = course_nn.CrossEntropyLoss()
    model.zero_grad()
    vec_loss = loss_fn(model(X), y)
    model.backward(loss_fn.backward())
    linears = [m for m in model if isinstance(m, course_nn.Linear)]
    net = MLP.from_arrays([(m.weight.value, m.bias.value) for m in linears], activation=act)
    loss = _value_loss(net, X, y)
    loss.backward()
    assert loss.data == pytest.approx(vec_loss, rel=1e-10)
    for m, (dW, db) in zip(linears, net.arrays("grad")):
        np.testing.assert_allclose(m.weight.grad, dW, rtol=1e-8, atol=1e-12)
        np.testing.assert_allclose(m.bias.grad, db, rtol=1e-8, atol=1e-12)


def test_mlp_parameter_count_and_bad_activation():
    assert len(MLP([3, 4, 4, 1], rng=0).parameters()) == 41
    with pytest.raises(ValueError, match="tanh, relu, sigmoid, linear"):
        MLP([2, 2], activation="swish")
