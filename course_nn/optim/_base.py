"""Kept for ``lr_scheduler``'s import only: the Optimizer base class lives in ``optimizer``."""
from .optimizer import Optimizer, check_number, split_decay  # noqa: F401
