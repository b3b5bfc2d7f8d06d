"""Live experiments for the notebooks, each called in one line.

Every factory returns an :class:`Explorer`; see ``explorer.py`` for how they work and how to
test them headlessly. ipywidgets and matplotlib are imported here, not by ``import course_nn``.
"""
from .explorer import Explorer  # noqa: F401
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
