"""course_nn: the small numpy deep-learning package behind the course-nn notebooks.

    >>> import course_nn as cnn
    >>> net = cnn.Sequential(cnn.Linear(2, 8, rng=0), cnn.ReLU(), cnn.Linear(8, 3, rng=1))
    >>> net.num_parameters()
    51

Names follow PyTorch (``Linear``, ``CrossEntropyLoss``, ``optim.Adam``) so what you learn
here carries over. ``import course_nn`` imports numpy only: plots, widgets and the grader
load matplotlib, ipywidgets and nbclient when you first use them.
"""
from __future__ import annotations

import importlib

from . import functional, gradcheck, init, optim, regularizers  # noqa: F401
from .layers import *  # noqa: F401,F403
from .losses import *  # noqa: F401,F403
from .module import Module, Parameter, Sequential  # noqa: F401
from .serialization import *  # noqa: F401,F403
from .training import *  # noqa: F401,F403
from . import _threads
from ._threads import get_num_threads, set_num_threads  # noqa: F401

_threads.apply_default()   # 1 BLAS thread unless the environment says otherwise (see _threads.py)

__version__ = "0.1.0"

# loaded on first use: they import matplotlib, ipywidgets, nbclient, scipy, ...
_LAZY = {"plots", "widgets", "grade", "datasets", "autograd", "search", "experiments"}


def __getattr__(name):
    if name in _LAZY:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'course_nn' has no attribute {name!r}")
