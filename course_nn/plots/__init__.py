"""Plotting helpers for the notebooks. Each takes ``ax=None`` (a new figure if None) and
returns the Axes (or Figure), so notebooks call them in one line.

matplotlib is imported here, not by ``import course_nn``.
"""
from ._style import *  # noqa: F401,F403
from .neuron import *  # noqa: F401,F403
from .activations import *  # noqa: F401,F403
from .losses import *  # noqa: F401,F403
from .backprop import *  # noqa: F401,F403
from .regularization import *  # noqa: F401,F403
from .batchnorm import *  # noqa: F401,F403
from .dropout import *  # noqa: F401,F403
from .initialization import *  # noqa: F401,F403
from .optimizers import *  # noqa: F401,F403
from .hyperparameters import *  # noqa: F401,F403
from .capstone import *  # noqa: F401,F403
