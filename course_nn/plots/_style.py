"""Shared look of the course's figures."""
import matplotlib.pyplot as plt

__all__ = ["new_axes", "COLORS"]

# colour-blind-safe palette (Okabe & Ito), used for classes and for compared methods
COLORS = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]


def new_axes(ax=None, figsize=(5, 3.5)):
    """Return ``ax`` or a fresh Axes of a new figure."""
    if ax is not None:
        return ax
    _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax
