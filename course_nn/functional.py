"""Pure forward/backward functions: the maths of every layer and loss, without state.

The namespace of the package's pure functions, as ``torch.nn.functional`` is PyTorch's. Each
function is defined next to its Module in the file of its concept (``linear``, ``activations``,
``batchnorm``, ``dropout``, ``losses``) and imported here. Each operation is a pair, in the
style of CS231n::

    out, cache = relu_forward(x)          # cache: what backward needs from the forward pass
    dx = relu_backward(dout, cache)       # dout = dL/dout, dx = dL/dx

Operations with parameters return their gradients too (``dx, dw, db = linear_backward(...)``).
No function writes into its inputs. Loss functions return ``(loss, dL/dpred)``; the stable
helpers ``sigmoid``, ``softmax``, ``log_softmax`` and ``logsumexp`` give finite values and no
numpy warnings for inputs as large as 1e3 in magnitude.

Example:
    >>> import numpy as np
    >>> x = np.array([[1.0, -2.0]])
    >>> out, cache = relu_forward(x)
    >>> out
    array([[1., 0.]])
    >>> relu_backward(np.ones_like(x), cache)
    array([[1., 0.]])
"""
from __future__ import annotations

from .activations import (
    elu_backward, elu_forward, erf, erfc, gelu_backward, gelu_forward, leaky_relu_backward,
    leaky_relu_forward, log_softmax, logsumexp, maxout_backward, maxout_forward, prelu_backward,
    prelu_forward, relu_backward, relu_forward, sigmoid, sigmoid_backward, sigmoid_forward,
    softmax, softmax_backward, softmax_forward, tanh_backward, tanh_forward,
)
from .batchnorm import batchnorm_backward, batchnorm_forward
from .dropout import dropout_backward, dropout_forward
from .linear import linear_backward, linear_forward
from .losses import (
    binary_cross_entropy, binary_cross_entropy_with_logits, cross_entropy, hinge_loss,
    mse_loss, multi_margin_loss,
)

__all__ = [
    "linear_forward", "linear_backward",
    "relu_forward", "relu_backward", "leaky_relu_forward", "leaky_relu_backward",
    "prelu_forward", "prelu_backward", "sigmoid", "sigmoid_forward", "sigmoid_backward",
    "tanh_forward", "tanh_backward", "elu_forward", "elu_backward",
    "erf", "erfc", "gelu_forward", "gelu_backward",
    "softmax", "log_softmax", "logsumexp", "softmax_forward", "softmax_backward",
    "maxout_forward", "maxout_backward",
    "batchnorm_forward", "batchnorm_backward", "dropout_forward", "dropout_backward",
    "mse_loss", "cross_entropy", "binary_cross_entropy_with_logits", "binary_cross_entropy",
    "hinge_loss", "multi_margin_loss",
]
