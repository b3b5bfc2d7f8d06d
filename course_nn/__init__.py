"""course_nn: the small numpy deep-learning package behind the course-nn notebooks.

    >>> import course_nn as cnn
    >>> net = cnn.Sequential(cnn.Linear(2, 8, rng=0), cnn.ReLU(), cnn.Linear(8, 3, rng=1))
    >>> net.num_parameters()
    51

Names follow PyTorch (``Linear``, ``CrossEntropyLoss``, ``optim.Adam``) so what you learn
here carries over. One concept, one file: ``module`` (Parameter, Module, Sequential),
``linear``, ``activations``, ``batchnorm``, ``dropout``, ``losses``, ``init``,
``regularizers``, ``optim/``, ``training``, ``gradcheck``, ``autograd``; ``functional`` gathers
the pure functions and ``layers`` the layers. ``import course_nn`` imports numpy only: plots,
widgets and the grader load matplotlib, ipywidgets and nbclient when you first use them.
"""
from __future__ import annotations

import importlib

from . import _threads
from . import functional, gradcheck, init, layers, losses, module, optim, regularizers  # noqa: F401
from ._threads import get_num_threads, set_num_threads  # noqa: F401
from .activations import (  # noqa: F401
    ACTIVATIONS, ELU, GELU, LeakyReLU, Maxout, PReLU, ReLU, Sigmoid, Softmax, Tanh, activation,
)
from .batchnorm import BatchNorm1d  # noqa: F401
from .dropout import Dropout  # noqa: F401
from .layers import mlp  # noqa: F401
from .linear import Flatten, Identity, Linear  # noqa: F401
from .losses import (  # noqa: F401
    LOSSES, BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, HingeLoss, Loss, MSELoss,
    MultiMarginLoss,
)
from .module import Module, Parameter, Sequential  # noqa: F401
from .serialization import load, load_state_dict, save, state_dict  # noqa: F401
from .training import History, TrainingDiverged, accuracy, evaluate, fit, predict  # noqa: F401

_threads.apply_default()   # 1 BLAS thread unless the environment says otherwise (see _threads.py)

__version__ = "0.1.0"

# loaded on first use: they import matplotlib, ipywidgets, nbclient, scipy, ...
_LAZY = {"plots", "widgets", "grade", "datasets", "autograd", "search", "experiments"}


def __getattr__(name):
    if name in _LAZY:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'course_nn' has no attribute {name!r}")
