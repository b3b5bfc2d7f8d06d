"""Shared look of the course's figures."""
import matplotlib.pyplot as plt

__all__ = ["new_axes", "finish_axes", "COLORS", "MAX_WIDTH"]

# colour-blind-safe palette (Okabe & Ito), used for classes and for compared methods
COLORS = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]

#: widest figure, in inches: 960 px at the inline backend's 100 dpi (matplotlib's default, which
#: matplotlib-inline keeps). JupyterLab scales a wider image down to its output area (about
#: 1000 px), and its text with it; a figure this wide is shown at full size.
MAX_WIDTH = 9.6


def new_axes(ax=None, figsize=(5, 3.5)):
    """Return ``ax`` or a fresh Axes of a new figure."""
    if ax is not None:
        return ax
    _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def finish_axes(ax, xlabel, ylabel, title=None, grid_which="major"):
    """The common last lines of a plot helper: axis labels, a light grid, a small legend and an
    optional title. Returns ``ax``."""
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(alpha=0.3, which=grid_which)
    ax.legend(fontsize=9)
    if title:
        ax.set_title(title, fontsize=10)
    return ax
