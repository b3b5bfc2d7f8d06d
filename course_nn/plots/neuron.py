"""Plots of the neuron lesson: a neuron's diagram, decision boundaries, capacity.

Each function takes ``ax=None`` (a new figure if None) and returns the Axes (or Figure).
"""
from __future__ import annotations

import numpy as np

from ._style import COLORS, MAX_WIDTH, new_axes

__all__ = ["neuron_diagram", "scatter_classes", "grid_points", "decision_boundary",
           "boundary_row", "collapse_check", "loss_along_weight", "function_fits"]


def neuron_diagram(ax=None, n_inputs=3, activation="f"):
    """Draw one neuron: inputs x_i, weights w_i, the sum z = x w + b (row vector x times column
    w, as in ``Linear``: X @ W + b) and a = f(z)."""
    ax = new_axes(ax, figsize=(6, 3))
    ys = np.linspace(0.85, 0.15, n_inputs)
    for i, yy in enumerate(ys):
        ax.annotate("", xy=(0.52, 0.5), xytext=(0.12, yy),
                    arrowprops=dict(arrowstyle="->", color="0.4"))
        ax.text(0.08, yy, f"$x_{i + 1}$", ha="right", va="center", fontsize=13)
        ax.text(0.32, 0.5 + (yy - 0.5) * 0.55 + 0.04, f"$w_{i + 1}$", fontsize=12, color=COLORS[0])
    ax.add_patch(_circle((0.58, 0.5), 0.08, COLORS[0]))
    ax.text(0.58, 0.5, r"$\Sigma$", ha="center", va="center", fontsize=15, color="white")
    ax.text(0.58, 0.3, "$z = x w + b$", ha="center", fontsize=11)
    ax.annotate("", xy=(0.57, 0.59), xytext=(0.57, 0.9), arrowprops=dict(arrowstyle="->", color="0.4"))
    ax.text(0.59, 0.88, "$b$", fontsize=12, color=COLORS[0])
    ax.annotate("", xy=(0.78, 0.5), xytext=(0.66, 0.5), arrowprops=dict(arrowstyle="->", color="0.4"))
    ax.add_patch(_circle((0.83, 0.5), 0.055, COLORS[1]))
    ax.text(0.83, 0.5, f"${activation}$", ha="center", va="center", fontsize=13)
    ax.annotate("", xy=(0.99, 0.5), xytext=(0.885, 0.5), arrowprops=dict(arrowstyle="->", color="0.4"))
    ax.text(0.96, 0.56, "$a = f(z)$", ha="center", fontsize=11)
    ax.set(xlim=(0, 1.02), ylim=(0.05, 1), aspect="equal", title="One artificial neuron")
    ax.axis("off")
    return ax


def _circle(xy, r, color):
    from matplotlib.patches import Circle
    return Circle(xy, r, color=color, zorder=3)


def scatter_classes(X, y, ax=None, s=18, title=None):
    """Scatter 2-D points coloured by their integer class (labels -1 are drawn as class 0)."""
    ax = new_axes(ax)
    y = np.asarray(y).ravel()
    classes = np.unique(y)
    for k, c in enumerate(classes):
        m = y == c
        ax.scatter(X[m, 0], X[m, 1], s=s, color=COLORS[k % len(COLORS)], edgecolor="k",
                   linewidth=0.4, label=f"class {c}", zorder=3)
    ax.set(xlabel="$x_1$", ylabel="$x_2$")
    if title:
        ax.set_title(title)
    return ax


def grid_points(X, resolution=150, margin=0.5):
    """A regular grid covering the data: returns (xx, yy, points) with points of shape (R*R, 2)."""
    lo, hi = X.min(0) - margin, X.max(0) + margin
    xx, yy = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    return xx, yy, np.c_[xx.ravel(), yy.ravel()]


def _class_map(out):
    """Map a model's outputs on grid points to (predicted class, score for shading)."""
    out = np.asarray(out, dtype=float)
    if out.ndim == 1 or out.shape[1] == 1:
        z = out.ravel()
        return (z > 0).astype(int), 1 / (1 + np.exp(-np.clip(z, -30, 30)))
    p = np.exp(out - out.max(1, keepdims=True))
    p /= p.sum(1, keepdims=True)
    return p.argmax(1), p.max(1)


def decision_boundary(model, X, y, ax=None, resolution=200, title=None, margin=0.5):
    """Shade the classes a model predicts over the plane and scatter the data on top.

    Args:
        model: a callable (a Module or function) mapping points (M, 2) to logits (M, C) or a
            single score (M,) / (M, 1) (class 1 where the score is positive).
        X, y: the 2-D data (N, 2) and integer labels (N,).
    """
    ax = new_axes(ax)
    xx, yy, pts = grid_points(X, resolution, margin)
    if hasattr(model, "eval"):
        model.eval()
    cls, _ = _class_map(model(pts))
    from matplotlib.colors import ListedColormap
    n = max(int(cls.max()), int(np.max(y))) + 1
    ax.imshow(cls.reshape(xx.shape), origin="lower", extent=(xx.min(), xx.max(), yy.min(), yy.max()),
              cmap=ListedColormap(COLORS[:n]), vmin=-0.5, vmax=n - 0.5, alpha=0.25, aspect="auto",
              interpolation="nearest")
    if n == 2:
        ax.contour(xx, yy, cls.reshape(xx.shape), levels=[0.5], colors="k", linewidths=1.2)
    scatter_classes(X, y, ax=ax, s=14 if len(X) > 20 else 70)
    ax.set(xlim=(xx.min(), xx.max()), ylim=(yy.min(), yy.max()))
    if title:
        ax.set_title(title)
    return ax


def boundary_row(models, X, y, titles, fig=None, resolution=200, max_width=MAX_WIDTH):
    """Decision boundaries of several models side by side. Returns the Figure.

    ``y`` is one label array for all models, or a list with one label array per model.
    Up to 4 panels share one row; more wrap onto two rows. The figure is at most ``max_width``
    inches wide (960 px at the notebooks' 100 dpi), so it is shown at full size, not scaled down.
    """
    import matplotlib.pyplot as plt
    n = len(models)
    ncols = n if n <= 4 else int(np.ceil(n / 2))
    nrows = int(np.ceil(n / ncols))
    if fig is None:                        # a fixed grid: twice as fast as a layout engine
        gap = 0.3                          # inches between panels: room for the edge tick labels
        side = min(3.2, (max_width - 0.75 - gap * (ncols - 1)) / ncols)   # square panels
        width, height = 0.75 + ncols * side + gap * (ncols - 1), nrows * (side + 0.95)
        fig = plt.figure(figsize=(width, height))
        fig.subplots_adjust(left=0.65 / width, right=1 - 0.1 / width, top=1 - 0.55 / height,
                            bottom=0.45 / height, wspace=gap / side, hspace=0.95 / side)
    axes = np.atleast_1d(fig.subplots(nrows, ncols, sharey=True, squeeze=False)).ravel()
    ys = list(y) if isinstance(y, (list, tuple)) else [y] * n
    for k, (ax, m, labels, t) in enumerate(zip(axes, models, ys, titles)):
        decision_boundary(m, X, labels, ax=ax, resolution=resolution, title=t)
        if k % ncols > 0:
            ax.set_ylabel("")
        lo, hi = ax.get_xlim()
        ticks = [v for v in ax.get_xticks() if lo <= v <= hi]
        if ticks and k % ncols < ncols - 1 and k < n - 1 and hi - ticks[-1] < 0.05 * (hi - lo):
            ax.set_xticks(ticks[:-1])      # its label would touch the next panel's first one
    for ax in axes[n:]:
        ax.axis("off")
    return fig


def collapse_check(out_stacked, out_single, ax=None):
    """Scatter the outputs of two stacked linear layers against one affine map (the diagonal)."""
    ax = new_axes(ax, figsize=(4, 4))
    a, b = np.ravel(out_stacked), np.ravel(out_single)
    lim = [min(a.min(), b.min()), max(a.max(), b.max())]
    ax.plot(lim, lim, color="0.6", lw=1, label="y = x")
    ax.scatter(a, b, s=10, color=COLORS[0], label="one output entry")
    ax.set(xlabel="two linear layers: $(XW_1 + b_1)W_2 + b_2$", ylabel="one layer: $XW + b$",
           title="Stacked linear layers = one affine map", aspect="equal")
    ax.legend(loc="upper left")
    return ax


def loss_along_weight(ws, curves, ax=None, xlabel="weight $w_1$", title=None):
    """Plot loss curves against one weight. ``curves``: dict label -> loss values (same length as ws)."""
    ax = new_axes(ax)
    for k, (label, vals) in enumerate(curves.items()):
        ax.plot(ws, vals, color=COLORS[k], lw=2, label=label)
    ax.set(xlabel=xlabel, ylabel="loss on the training set")
    if title:
        ax.set_title(title)
    ax.legend()
    return ax


def function_fits(x, y, x_line, truth, fits, ax=None, title=None):
    """Noisy samples (dots), the true curve (grey) and model fits (lines) of a 1-D function.

    ``fits``: dict label -> predictions on ``x_line``.
    """
    ax = new_axes(ax, figsize=(6, 3.6))
    ax.plot(x_line, truth, color="0.6", lw=4, alpha=0.6, label="true function")
    ax.scatter(np.ravel(x), np.ravel(y), s=12, color="k", zorder=3, label="training data")
    for k, (label, pred) in enumerate(fits.items()):
        ax.plot(x_line, np.ravel(pred), color=COLORS[k], lw=1.8, label=label)
    ax.set(xlabel="$x$", ylabel="$y$", title=title)
    ax.legend(fontsize=9, loc="best")
    return ax
