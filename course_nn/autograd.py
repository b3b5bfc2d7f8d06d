"""A tiny scalar reverse-mode autograd, small enough to read in one sitting.

Every ``Value`` remembers the Values it was computed from (``children``), the operation that
made it (``op``), and a closure that passes its gradient back to them. ``backward()`` visits
the graph in reverse topological order and applies the chain rule once per node:

    child.grad += (d out / d child) * out.grad

Example:
    >>> a, b = Value(2.0, "a"), Value(-3.0, "b")
    >>> L = (a * b + a).tanh(); L.label = "L"
    >>> L.backward()
    >>> round(a.grad, 4), round(b.grad, 4)   # (b + 1) * (1 - L**2), a * (1 - L**2)
    (-0.0027, 0.0027)
"""
from __future__ import annotations

import math
import numbers

import numpy as np

from ._validation import check_rng

__all__ = ["Value", "draw_graph", "topological_order", "Neuron", "Layer", "MLP"]


class Value:
    """A scalar that records how it was computed, so gradients can flow back through it.

    Args:
        data: the number.
        label: a name shown by ``draw_graph`` (e.g. ``"w1"``).

    Attributes: ``data``, ``grad`` (dL/d this value after ``L.backward()``), ``label``,
    ``op`` (``""`` for a leaf, else ``"+"``, ``"*"``, ``"tanh"`` ...), ``children`` (inputs).

    Note: ``backward()`` first resets the grads of every node in the graph to 0, so calling it
    twice gives the same grads. Pass ``zero_grad=False`` to accumulate instead (as PyTorch does).

    Example:
        >>> x = Value(3.0, "x")
        >>> y = x * x + 2 * x          # x is used twice: its gradients add up
        >>> y.backward(); x.grad       # dy/dx = 2x + 2
        8.0
    """

    def __init__(self, data, label: str = "", children=(), op: str = ""):
        if isinstance(data, Value):
            data = data.data
        if not isinstance(data, numbers.Real) or isinstance(data, bool):
            raise TypeError(f"Value holds a real number; got {type(data).__name__}")
        self.data = float(data)
        self.grad = 0.0
        self.label = label
        self.children = tuple(children)
        self.op = op
        self._backward = lambda: None      # leaves pass nothing on

    def __repr__(self):
        name = f"{self.label}: " if self.label else ""
        return f"Value({name}data={self.data:.4g}, grad={self.grad:.4g})"

    # --- binary operations: forward, then the local derivatives ------------------------------
    def __add__(self, other):
        other = _as_value(other)
        out = Value(self.data + other.data, children=(self, other), op="+")

        def _backward():                   # d(a+b)/da = 1, d(a+b)/db = 1
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __sub__(self, other):
        other = _as_value(other)
        out = Value(self.data - other.data, children=(self, other), op="-")

        def _backward():                   # d(a-b)/da = 1, d(a-b)/db = -1
            self.grad += out.grad
            other.grad -= out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):
        other = _as_value(other)
        out = Value(self.data * other.data, children=(self, other), op="*")

        def _backward():                   # d(ab)/da = b, d(ab)/db = a
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def __truediv__(self, other):
        other = _as_value(other)
        if other.data == 0:
            raise ZeroDivisionError(f"Value division by zero: {self.data} / 0")
        out = Value(self.data / other.data, children=(self, other), op="/")

        def _backward():                   # d(a/b)/da = 1/b, d(a/b)/db = -a/b**2
            self.grad += out.grad / other.data
            other.grad -= self.data / other.data**2 * out.grad
        out._backward = _backward
        return out

    def __pow__(self, k):
        if not isinstance(k, numbers.Real) or isinstance(k, bool):
            raise TypeError(f"Value ** k takes a plain number k; got {type(k).__name__} "
                            "(for a learnable exponent write (k * x.log()).exp())")
        if self.data == 0 and k < 0:
            raise ZeroDivisionError(f"Value 0 ** {k} is undefined (division by zero)")
        if self.data < 0 and k != int(k):
            raise ValueError(f"Value ({self.data}) ** {k}: a negative number to a fractional power is not real")
        out = Value(self.data**k, children=(self,), op=f"**{k:g}")

        def _backward():                   # d(a**k)/da = k * a**(k-1)
            self.grad += k * self.data ** (k - 1) * out.grad
        out._backward = _backward
        return out

    # --- the reflected forms: 2 * x, 1 - x, 1 / x ----------------------------------------------
    def __radd__(self, other):
        return _as_value(other) + self

    def __rsub__(self, other):
        return _as_value(other) - self

    def __rmul__(self, other):
        return _as_value(other) * self

    def __rtruediv__(self, other):
        return _as_value(other) / self

    # --- unary operations -----------------------------------------------------------------------
    def __neg__(self):
        return self._unary(-self.data, "neg", -1.0)          # d(-a)/da = -1

    def exp(self):
        """e**x; its derivative is e**x itself."""
        if self.data > 709.78:
            raise OverflowError(f"Value.exp() overflows float64 for data = {self.data} (> 709.78)")
        e = math.exp(self.data)
        return self._unary(e, "exp", e)

    def log(self):
        """Natural log; d log(x)/dx = 1/x. Defined for x > 0 only."""
        if self.data <= 0:
            raise ValueError(f"Value.log() needs data > 0; got {self.data}")
        return self._unary(math.log(self.data), "log", 1.0 / self.data)

    def tanh(self):
        """tanh(x); d tanh(x)/dx = 1 - tanh(x)**2."""
        t = math.tanh(self.data)
        return self._unary(t, "tanh", 1.0 - t * t)

    def sigmoid(self):
        """1 / (1 + e**-x), computed without overflow; derivative s * (1 - s)."""
        x = self.data
        s = 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))
        return self._unary(s, "sigmoid", s * (1.0 - s))

    def relu(self):
        """max(0, x); derivative 1 for x > 0, else 0 (the subgradient 0 at x = 0)."""
        return self._unary(max(0.0, self.data), "relu", float(self.data > 0))

    def _unary(self, data, op, local_grad):
        out = Value(data, children=(self,), op=op)

        def _backward():                   # chain rule: d out/d self = local_grad
            self.grad += local_grad * out.grad
        out._backward = _backward
        return out

    # --- the backward pass ------------------------------------------------------------------------
    def backward(self, zero_grad: bool = True):
        """Fill ``.grad`` of every node of the graph with d self / d node.

        Args:
            zero_grad: reset all grads of the graph to 0 first (default). With False, the
                leaves (inputs, weights) add the new gradients to what they held, as in
                PyTorch; the intermediate nodes are always recomputed from 0.
        """
        order = topological_order(self)
        for node in order:
            if zero_grad or node.op:
                node.grad = 0.0
        self.grad += 1.0                   # d self / d self
        for node in reversed(order):       # outputs before inputs
            node._backward()


def _as_value(x) -> Value:
    return x if isinstance(x, Value) else Value(x, label=f"{x:g}" if isinstance(x, numbers.Real) else "")


def topological_order(root: Value) -> list:
    """All nodes of ``root``'s graph, each after its children (iterative, so deep graphs work)."""
    order, seen, stack = [], set(), [(root, False)]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
        elif id(node) not in seen:
            seen.add(id(node))
            stack.append((node, True))
            stack.extend((c, False) for c in reversed(node.children) if id(c) not in seen)
    return order


# --- drawing the graph (matplotlib only) ---------------------------------------------------------
_DX, _DX_OP, _DY = 1.75, 0.8, 0.68      # spacing in inches: level, op circle, row (9 pt text)
_OP_SYMBOLS = {"sigmoid": "σ"}


def _layout(root: Value):
    """Positions (x, y): a Value of depth d at x = d * _DX, the op that made it just left of it.

    A leaf sits one level before its first use. Columns are filled right to left, each node
    placed near the mean height of the nodes that use it.
    """
    order, level, users = topological_order(root), {}, {}
    for v in order:
        level[id(v)] = 1 + max((level[id(c)] for c in v.children), default=-1)
        for c in v.children:
            users.setdefault(("value", id(c)), []).append(("op", id(v)))
        if v.op:
            users[("op", id(v))] = [("value", id(v))]
    for v in reversed(order):              # move leaves right, next to their first use
        if not v.op and v is not root:
            level[id(v)] = min(level[u[1]] for u in users[("value", id(v))]) - 1
    columns: dict = {}
    for v in order:
        if v.op:
            columns.setdefault(level[id(v)] * _DX - _DX_OP, []).append(("op", id(v)))
        columns.setdefault(level[id(v)] * _DX, []).append(("value", id(v)))
    pos = {}
    for x in sorted(columns, reverse=True):
        items = sorted(columns[x], key=lambda k: -np.mean([pos[u][1] for u in users.get(k, [])] or [0.0]))
        for i, k in enumerate(items):
            pos[k] = (x, ((len(items) - 1) / 2 - i) * _DY)
    return order, pos


def draw_graph(root: Value, ax=None):
    """Draw ``root``'s computational graph left to right: inputs on the left, ``root`` right.

    Values are boxes showing label, data and grad; operations are circles. Readable up to about
    30 nodes. Uses matplotlib only.

    Args:
        root: the output Value (call ``root.backward()`` first to see the gradients).
        ax: a matplotlib Axes; a new figure sized to the graph if None.

    Returns:
        The Axes.

    Example:
        >>> import matplotlib; matplotlib.use("Agg")
        >>> x = Value(2.0, "x"); y = (x * 3).relu(); y.backward()
        >>> ax = draw_graph(y)
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyArrowPatch

    order, pos = _layout(root)
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    if ax is None:                         # one data unit = one inch
        width, height = max(xs) - min(xs) + 1.4, max(ys) - min(ys) + 0.9
        fig = plt.figure(figsize=(max(3.0, width), max(1.5, height)))
        ax = fig.add_axes((0, 0, 1, 1))    # the axes fill the figure: one unit is one inch
    artists = {}
    by_id = {id(v): v for v in order}
    for (kind, vid), (x, y) in pos.items():
        v = by_id[vid]
        if kind == "op":
            text = _OP_SYMBOLS.get(v.op, v.op)      # a symbol keeps the circle narrow
            box = dict(boxstyle="circle,pad=0.3", fc="#fde9c9", ec="#b5761b")
        else:
            head = f"{v.label}\n" if v.label else ""
            text = f"{head}data {v.data:.4g}\ngrad {v.grad:.4g}"
            fc = "#d8f0d8" if v is root else ("#dde8f6" if not v.op else "white")
            box = dict(boxstyle="round,pad=0.35", fc=fc, ec="#4a4a4a")
        artists[(kind, vid)] = ax.text(x, y, text, ha="center", va="center", fontsize=9,
                                       family="monospace", bbox=box, zorder=3)
    ax.set_xlim(min(xs) - 0.7, max(xs) + 0.7)
    ax.set_ylim(min(ys) - 0.45, max(ys) + 0.45)
    ends = _box_ends(ax, artists)
    for v in order:
        if v.op:
            edges = [(("value", id(c)), ("op", id(v))) for c in v.children] + [(("op", id(v)), ("value", id(v)))]
            for a, b in edges:              # from the right edge of a to the left edge of b
                ax.add_patch(FancyArrowPatch((ends[a][1], pos[a][1]), (ends[b][0], pos[b][1]),
                                             arrowstyle="-|>", mutation_scale=10, color="#555555",
                                             shrinkA=0, shrinkB=1, zorder=2))
    ax.set_xlim(min(xs) - 0.7, max(xs) + 0.7)
    ax.set_ylim(min(ys) - 0.45, max(ys) + 0.45)
    ax.axis("off")
    return ax


def _box_ends(ax, artists):
    """(left, right) x of each text's box in data units, measured after a draw."""
    fig = ax.figure
    fig.canvas.draw()                       # lays out the text boxes so their size is known
    inv = ax.transData.inverted()
    out = {}
    for key, text in artists.items():
        ext = text.get_bbox_patch().get_window_extent()
        (x0, _), (x1, _) = inv.transform([(ext.x0, ext.y0), (ext.x1, ext.y1)])
        out[key] = (x0, x1)
    return out


# --- a scalar MLP over Values, to compare with the vectorised layers ---------------------------
def _check_activation(name):
    if name not in ("tanh", "relu", "sigmoid", "linear"):
        raise ValueError(f"activation must be one of tanh, relu, sigmoid, linear; got {name!r}")


class Neuron:
    """``act(sum_i w_i x_i + b)`` over Values; ``activation`` in {"tanh", "relu", "sigmoid", "linear"}."""

    def __init__(self, n_in: int, activation: str = "tanh", rng=None):
        rng = check_rng(rng, "Neuron")
        _check_activation(activation)
        self.w = [Value(w, f"w{i}") for i, w in enumerate(rng.uniform(-1, 1, n_in))]
        self.b = Value(0.0, "b")
        self.activation = activation

    def __call__(self, x):
        z = sum((wi * xi for wi, xi in zip(self.w, x)), self.b)
        return z if self.activation == "linear" else getattr(z, self.activation)()

    def parameters(self):
        return self.w + [self.b]


class Layer:
    """``n_out`` Neurons reading the same ``n_in`` inputs."""

    def __init__(self, n_in: int, n_out: int, activation: str = "tanh", rng=None):
        rng = check_rng(rng, "Layer")
        self.neurons = [Neuron(n_in, activation, rng) for _ in range(n_out)]

    def __call__(self, x):
        return [n(x) for n in self.neurons]

    def parameters(self):
        return [p for n in self.neurons for p in n.parameters()]


class MLP:
    """Layers of Neurons; the last layer is linear (it outputs scores), as in ``cnn.mlp``.

    Example:
        >>> net = MLP([3, 4, 2], activation="tanh", rng=0)
        >>> out = net([1.0, -2.0, 0.5]); len(out), len(net.parameters())   # 3*4+4 + 4*2+2
        (2, 26)
    """

    def __init__(self, sizes, activation: str = "tanh", rng=None):
        rng = check_rng(rng, "MLP")
        _check_activation(activation)
        if len(sizes) < 2:
            raise ValueError(f"MLP sizes lists the layer widths, inputs first, e.g. [3, 4, 2]; got {sizes}")
        acts = [activation] * (len(sizes) - 2) + ["linear"]
        self.layers = [Layer(a, b, act, rng) for a, b, act in zip(sizes[:-1], sizes[1:], acts)]

    @classmethod
    def from_arrays(cls, weights, activation: str = "tanh"):
        """An MLP with given ``[(W1, b1), (W2, b2), ...]``, W of shape (in, out) as ``Linear.weight``."""
        sizes = [np.shape(weights[0][0])[0]] + [np.shape(W)[1] for W, _ in weights]
        net = cls(sizes, activation, rng=0)
        for layer, (W, b) in zip(net.layers, weights):
            for j, neuron in enumerate(layer.neurons):
                for i, w in enumerate(neuron.w):
                    w.data = float(W[i, j])
                neuron.b.data = float(b[j])
        return net

    def arrays(self, what: str = "grad"):
        """``[(W1, b1), ...]`` of the parameters' ``"grad"`` or ``"data"`` in Linear's layout."""
        out = []
        for layer in self.layers:
            W = np.array([[getattr(w, what) for w in n.w] for n in layer.neurons]).T
            out.append((W, np.array([getattr(n.b, what) for n in layer.neurons])))
        return out

    def __call__(self, x):
        x = [xi if isinstance(xi, Value) else Value(xi, f"x{i}") for i, xi in enumerate(x)]
        for layer in self.layers:
            x = layer(x)
        return x

    def parameters(self):
        return [p for layer in self.layers for p in layer.parameters()]
