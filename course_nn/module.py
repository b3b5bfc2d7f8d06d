"""Parameters, the Module base class and Sequential.

A Module holds its Parameters, a cache from its last forward pass, and a
``training`` flag. ``forward(x)`` returns the output; ``backward(grad_out)``
returns the gradient with respect to the input and *adds* the gradients with
respect to its parameters into their ``.grad`` (call ``zero_grad()`` or an
optimizer's ``zero_grad()`` between steps, as in PyTorch).
"""
from __future__ import annotations

import numpy as np

from ._validation import float_input

__all__ = ["Parameter", "Module", "Sequential"]


class Parameter:
    """A trainable array and its gradient.

    Args:
        value: the initial values (copied into a new float array).
        name: an optional label used in error messages and ``named_parameters``.
        decay: whether weight-decay style regularizers apply to it by default
            (True for weights, False for biases and batch-norm parameters).

    Example:
        >>> p = Parameter(np.zeros((2, 3)))
        >>> p.value.shape, p.grad.shape
        ((2, 3), (2, 3))
    """

    def __init__(self, value, name: str = "", decay: bool = True):
        arr = np.array(value)            # a copy: never share memory with the caller
        if arr.dtype.kind not in "biuf":
            raise TypeError(f"Parameter value must hold numbers; got {type(value).__name__} of dtype {arr.dtype}")
        if arr.dtype.kind != "f":
            arr = arr.astype(np.float64)
        self.value = arr
        self.grad = np.zeros_like(arr)
        self.name = name
        self.decay = decay

    @property
    def shape(self):
        return self.value.shape

    def zero_grad(self):
        self.grad[...] = 0.0

    def __repr__(self):
        return f"Parameter(name={self.name!r}, shape={self.value.shape}, dtype={self.value.dtype})"


class Module:
    """Base class of every layer and network.

    Subclasses implement ``forward(x)`` and ``backward(grad_out)``. Calling a
    module calls ``forward``.
    """

    training: bool = True

    def __init__(self):
        self.training = True

    # --- to override -----------------------------------------------------
    def forward(self, x):
        raise NotImplementedError(f"{type(self).__name__} does not implement forward")

    def backward(self, grad_out):
        raise NotImplementedError(f"{type(self).__name__} does not implement backward")

    # --- shared machinery ------------------------------------------------
    def __call__(self, x):
        return self.forward(x)

    def children(self):
        """Direct sub-modules, in attribute order."""
        out = []
        for v in vars(self).values():
            if isinstance(v, Module):
                out.append(v)
            elif isinstance(v, (list, tuple)):
                out.extend(m for m in v if isinstance(m, Module))
        return out

    def named_parameters(self, prefix: str = ""):
        """(name, Parameter) pairs of this module and its children, each once."""
        seen, out = set(), []
        for key, v in vars(self).items():
            items = []
            if isinstance(v, Parameter):
                items = [(prefix + key, v)]
            elif isinstance(v, Module):
                items = v.named_parameters(prefix + key + ".")
            elif isinstance(v, (list, tuple)):
                for i, m in enumerate(v):
                    if isinstance(m, Module):
                        items += m.named_parameters(f"{prefix}{key}.{i}.")
                    elif isinstance(m, Parameter):
                        items.append((f"{prefix}{key}.{i}", m))
            for name, p in items:
                if id(p) not in seen:
                    seen.add(id(p))
                    out.append((name, p))
        return out

    def parameters(self):
        """All Parameters of this module and its children, each once."""
        return [p for _, p in self.named_parameters()]

    def zero_grad(self):
        for p in self.parameters():
            p.zero_grad()

    def train(self, mode: bool = True):
        """Switch this module and its children to training mode (or eval if mode=False)."""
        if not isinstance(mode, (bool, np.bool_)):
            raise TypeError(f"train(mode) takes True or False (use .eval() for evaluation mode); got {mode!r}")
        self.training = bool(mode)
        for m in self.children():
            m.train(mode)
        return self

    def eval(self):
        """Switch to evaluation mode: Dropout is the identity, BatchNorm uses running statistics."""
        return self.train(False)

    def num_parameters(self) -> int:
        """Total number of scalar parameters."""
        return int(sum(p.value.size for p in self.parameters()))

    def extra_repr(self) -> str:
        return ""

    def __repr__(self):
        kids = self.children()
        if not kids:
            return f"{type(self).__name__}({self.extra_repr()})"
        lines = [f"{type(self).__name__}("]
        for i, m in enumerate(kids):
            lines += ["  " + f"({i}): " + repr(m).replace("\n", "\n  ")]
        return "\n".join(lines + [")"])


class Sequential(Module):
    """Modules applied one after another; backward runs them in reverse.

    Example:
        >>> from course_nn import Linear, ReLU
        >>> net = Sequential(Linear(3, 4), ReLU(), Linear(4, 2))
        >>> net.num_parameters()   # 3*4 + 4 + 4*2 + 2
        26
    """

    def __init__(self, *modules: Module):
        super().__init__()
        for i, m in enumerate(modules):
            if not isinstance(m, Module):
                hint = (": pass the layers as separate arguments, Sequential(*layers)"
                        if isinstance(m, (list, tuple)) else " (wrap a function in a Module)")
                raise TypeError(f"Sequential takes Modules; argument {i} is {type(m).__name__}{hint}")
        self.layers = list(modules)

    def forward(self, x):
        for m in self.layers:
            x = m(x)
        return x

    def backward(self, grad_out):
        for m in reversed(self.layers):
            grad_out = m.backward(grad_out)
        return grad_out

    def __getitem__(self, i):
        return self.layers[i]

    def __len__(self):
        return len(self.layers)

    def __iter__(self):
        return iter(self.layers)


# --- shared by the layers (linear, activations, batchnorm, dropout) ------------------------------

def _cast(value, dtype):
    """A parameter's values in the input's dtype (no copy when they already match)."""
    return value if value.dtype == dtype else value.astype(dtype)


def _positive_int(v, what):
    if not isinstance(v, (int, np.integer)) or isinstance(v, bool) or v < 1:
        raise ValueError(f"{what} must be a positive int; got {v!r}")
    return int(v)


class _Cached(Module):
    """Refuse backward before forward, and check grad_out's shape against the output's."""

    _cache = None

    def _check_grad(self, dout):
        if self._cache is None:
            raise RuntimeError(f"{self!r}.backward() called before forward(); it needs the cache "
                               "of a forward pass: call the layer on a batch first")
        dout, shape = float_input(dout, self, "grad_out"), self._out_shape
        if dout.shape != shape:
            raise ValueError(f"{self!r}.backward expects grad_out of shape {shape} "
                             f"(the forward output's); got {dout.shape}")
        return dout
