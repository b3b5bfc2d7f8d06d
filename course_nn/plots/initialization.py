"""Plots: initialization (and the deep-net statistics that batch normalization also uses).

Per-layer histograms as small multiples, per-layer statistics as lines, a weight matrix as an
image (to see identical hidden units), and pre-activation histograms with the tanh saturation
zone marked.

    >>> import numpy as np
    >>> fig = layer_histograms({"demo": [np.zeros(10), np.ones(10)]})
    >>> len(fig.axes)
    2
"""
from __future__ import annotations

import numpy as np

from ._style import COLORS, MAX_WIDTH, new_axes

__all__ = ["layer_histograms", "layer_stat_curves", "weight_matrices", "initializer_histograms",
           "preactivation_histograms"]


def layer_histograms(rows, layers=None, bins=50, xlim=None, figsize=None, title=None, max_cols=5):
    """Small multiples: one block per setting, one panel per layer, a histogram in each panel.

    A setting's panels fill rows of at most ``max_cols`` (its block wraps onto more rows), so the
    figure stays at most 9.6 in (960 px) wide and is shown at full size in the notebook.

    Args:
        rows: ``{label: [array of layer 1, array of layer 2, ...]}`` (e.g. activations).
        layers: which layers (1-based) to show; default all.
        bins: number of histogram bins.
        xlim: a common x range ``(lo, hi)``; default: each setting's own range.
        figsize, title: figure size (default fits the grid) and an optional suptitle.
        max_cols: panels per row of a block.
    Returns: the Figure.
    """
    import matplotlib.pyplot as plt

    labels = list(rows)
    n_layers = len(rows[labels[0]])
    layers = list(range(1, n_layers + 1)) if layers is None else list(layers)
    ncols = min(len(layers), max_cols)
    sub = int(np.ceil(len(layers) / ncols))          # rows of panels per setting
    width = min(0.5 + 1.8 * ncols, MAX_WIDTH)
    figsize = figsize or (width, (1.05 * sub + 0.25) * len(labels) + 0.6 + (0.3 if title else 0))
    fig = plt.figure(figsize=figsize, layout="constrained")
    blocks = np.atleast_1d(fig.subfigures(len(labels), 1, hspace=0.04))
    for r, (label, block) in enumerate(zip(labels, blocks)):
        axes = block.subplots(sub, ncols, squeeze=False).ravel()
        arrays = [np.ravel(rows[label][k - 1]) for k in layers]
        lo, hi = xlim or (min(a.min() for a in arrays), max(a.max() for a in arrays))
        if hi <= lo:
            lo, hi = lo - 1.0, hi + 1.0
        for c, (k, a) in enumerate(zip(layers, arrays)):
            _histogram_cell(axes[c], a, lo, hi, bins, COLORS[r % len(COLORS)], first=c == 0)
            axes[c].set_title(f"layer {k}", fontsize=9, pad=2)
        for ax in axes[len(layers):]:
            ax.axis("off")
        block.supylabel(label, fontsize=10)
        if r % 2:                                     # a light band tells the blocks apart
            block.set_facecolor("0.94")
    fig.supxlabel("activation value (the panels of a setting share the x range of its first panel)",
                  fontsize=9)
    if title:
        fig.suptitle(title, fontsize=11)
    return fig


def _histogram_cell(ax, a, lo, hi, bins, color, first):
    """One small histogram on [lo, hi] (values outside clipped) with its std written in."""
    counts, edges = np.histogram(np.clip(a, lo, hi), bins=np.linspace(lo, hi, bins + 1))
    ax.stairs(counts, edges, fill=True, color=color)
    ax.set_yticks([])
    ax.set_xlim(lo, hi)
    if first:                             # the range is shared along a row: label it once
        ax.set_xticks([lo, hi], [f"{lo:.2g}", f"{hi:.2g}"])
        ax.tick_params(labelsize=9)
    else:
        ax.set_xticks([])
    ax.text(0.97, 0.95, f"std {a.std():.2g}", transform=ax.transAxes, ha="right", va="top",
            fontsize=9, bbox=dict(fc="white", ec="none", alpha=0.8, pad=1))


def layer_stat_curves(stats, ylabel="standard deviation", ax=None, logy=True, title=None):
    """One line per setting of a per-layer statistic (layer 1 at the left).

    Args:
        stats: ``{label: sequence of one number per layer}``.
        ylabel: what the number is; logy: logarithmic y axis (for vanishing/exploding values).
    Returns: the Axes.
    """
    ax = new_axes(ax, figsize=(5.5, 3.5))
    for i, (label, values) in enumerate(stats.items()):
        values = np.asarray(values, dtype=float)
        ax.plot(np.arange(1, len(values) + 1), values, "o-", ms=3, label=label,
                color=COLORS[i % len(COLORS)])
    if logy:
        ax.set_yscale("log")
    from matplotlib.ticker import MaxNLocator
    ax.xaxis.set_major_locator(MaxNLocator(10, integer=True))
    ax.set_xlabel("layer")
    ax.set_ylabel(ylabel)
    ax.legend(fontsize=9)
    ax.grid(alpha=0.3)
    if title:
        ax.set_title(title)
    return ax


def weight_matrices(matrices, title=None):
    """Weight matrices side by side as images: inputs down, hidden units across, so identical
    hidden units show up as identical columns. ``matrices``: ``{label: W}``. Returns the Figure."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(matrices), figsize=(min(3.6 * len(matrices) + 0.8, MAX_WIDTH), 2.4),
                             layout="constrained", squeeze=False)
    m = max(float(np.abs(W).max()) for W in matrices.values()) or 1.0
    for ax, (label, W) in zip(axes[0], matrices.items()):
        W = np.asarray(W)
        im = ax.imshow(W, cmap="RdBu_r", vmin=-m, vmax=m, aspect="auto", interpolation="nearest")
        ax.set_xlabel("hidden unit")
        ax.set_xticks(range(W.shape[1]))
        ax.set_yticks(range(W.shape[0]), [f"$x_{i + 1}$" for i in range(W.shape[0])])
        ax.set_title(label, fontsize=10)
    axes[0, 0].set_ylabel("input")
    fig.colorbar(im, ax=list(axes[0]), label="weight")
    if title:
        fig.suptitle(title, fontsize=11)
    return fig


def initializer_histograms(samples, bounds=None, ax=None, bins=60, title=None):
    """Histograms of sampled weights (``{label: array}``) with optional vertical lines at the
    bounds of uniform initializers (``{label: a}`` for U(-a, a)). Returns the Axes."""
    ax = new_axes(ax, figsize=(6, 3.4))
    hi = max(float(np.abs(w).max()) for w in samples.values())
    edges = np.linspace(-hi, hi, bins + 1)
    for i, (label, w) in enumerate(samples.items()):
        c = COLORS[i % len(COLORS)]
        ax.hist(np.ravel(w), bins=edges, density=True, histtype="step", lw=1.6, color=c,
                label=label)
        if bounds and label in bounds:
            for side in (-1, 1):
                ax.axvline(side * bounds[label], color=c, ls=":", lw=1)
    ax.set_xlabel("weight value")
    ax.set_ylabel("density")
    ax.legend(fontsize=9)
    if title:
        ax.set_title(title, fontsize=10)
    return ax


def preactivation_histograms(preacts, ax=None, saturation=np.arctanh(0.99), bins=200):
    """Histograms of pre-activations for several settings (``{label: array}``, log density),
    with the zones where |tanh(z)| > 0.99 shaded grey. Returns the Axes."""
    from matplotlib.patches import Patch

    ax = new_axes(ax, figsize=(6.5, 3.5))
    hi = max(float(np.abs(z).max()) for z in preacts.values())
    edges = np.linspace(-hi, hi, bins + 1)
    for i, (label, z) in enumerate(preacts.items()):
        counts, _ = np.histogram(np.ravel(z), bins=edges, density=True)
        ax.stairs(counts, edges, fill=True, alpha=0.6, color=COLORS[i % len(COLORS)], label=label)
    for side in (-1, 1):
        ax.axvspan(side * saturation, side * hi, color="0.88", zorder=0, lw=0)
    handles, labels = ax.get_legend_handles_labels()
    handles.append(Patch(color="0.88", label=f"|tanh z| > 0.99 (|z| > {saturation:.2f})"))
    ax.legend(handles=handles, fontsize=9, loc="upper right")
    ax.set_xlim(-hi, hi)
    ax.set_xlabel("pre-activation z")
    ax.set_ylabel("density (log scale)")
    ax.set_yscale("log")
    return ax
