"""Every layer in one namespace, and ``mlp``, which stacks them into a network.

Each layer is defined next to its maths in the file of its concept: ``Linear``, ``Identity``
and ``Flatten`` in ``linear``; the activations (``ReLU`` ... ``Softmax``, ``Maxout``) in
``activations``; ``BatchNorm1d`` in ``batchnorm``; ``Dropout`` in ``dropout``. They are
imported here so that ``course_nn.layers.X`` lists them all.

Example:
    >>> net = mlp([2, 8, 3], rng=0)
    >>> net(np.zeros((5, 2))).shape
    (5, 3)
"""
from __future__ import annotations

import numpy as np  # noqa: F401  (the doctests use np)

from ._validation import check_probability, check_rng
from .activations import (
    ACTIVATIONS, ELU, GELU, LeakyReLU, Maxout, PReLU, ReLU, Sigmoid, Softmax, Tanh, activation,
)
from .batchnorm import BatchNorm1d
from .dropout import Dropout
from .linear import Flatten, Identity, Linear
from .module import Module, Parameter, Sequential  # noqa: F401  (Module, Parameter: as before)

__all__ = ["Linear", "Maxout", "Identity", "Flatten", "mlp", "BatchNorm1d", "Dropout",
           "ReLU", "LeakyReLU", "PReLU", "Sigmoid", "Tanh", "ELU", "GELU", "Softmax",
           "activation", "ACTIVATIONS"]


def mlp(sizes, activation="relu", batchnorm=False, dropout=0.0, init=None, rng=None):
    """A multilayer perceptron: ``Linear -> [BatchNorm1d] -> activation -> [Dropout]`` blocks,
    then a final Linear (no activation after it: feed its logits to the loss).

    Args:
        sizes: [in, hidden..., out], at least two numbers.
        activation: a name from ``ACTIVATIONS`` or a callable returning a fresh Module.
        batchnorm: insert BatchNorm1d after each hidden Linear (which then has no bias:
            BatchNorm's beta plays its part, and a bias before it would get a zero gradient).
        dropout: drop probability of a Dropout after each hidden activation (0: none).
        init: initializer for every Linear (None: Linear's default, "he_uniform").
        rng: np.random.Generator or int seed, shared by the initializers and dropout masks.

    Example:
        >>> mlp([3, 4, 2], dropout=0.5, rng=0)
        Sequential(
          (0): Linear(3 -> 4)
          (1): ReLU()
          (2): Dropout(p=0.5)
          (3): Linear(4 -> 2)
        )
    """
    if not isinstance(sizes, (list, tuple, np.ndarray)):
        raise TypeError(f"mlp sizes is a list [in, hidden..., out] such as [2, 64, 3]; got {sizes!r}")
    sizes = [int(s) for s in sizes]
    if len(sizes) < 2:
        raise ValueError(f"mlp needs sizes [in, ..., out] with at least 2 entries; got {sizes}")
    check_probability(dropout, "mlp dropout (the probability of dropping a unit)")
    rng = check_rng(rng, "mlp")
    kw = {} if init is None else {"init": init}
    layers = []
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        last = i == len(sizes) - 2
        layers.append(Linear(n_in, n_out, bias=last or not batchnorm, rng=rng, **kw))
        if last:
            break
        if batchnorm:
            layers.append(BatchNorm1d(n_out))
        layers.append(_build_activation(activation) if isinstance(activation, str) else activation())
        if dropout > 0:
            layers.append(Dropout(dropout, rng=rng))
    return Sequential(*layers)


_build_activation = activation     # mlp's argument named activation shadows the function
