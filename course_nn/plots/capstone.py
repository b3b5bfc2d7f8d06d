"""Plots: the MNIST-1D capstone (examples, measured vs published accuracy, confusion matrix)."""
from __future__ import annotations

import numpy as np

from ._style import COLORS, MAX_WIDTH, new_axes

__all__ = ["mnist1d_examples", "accuracy_vs_published", "confusion_heatmap", "per_class_bars",
           "confusion_counts", "accuracy_curves"]


def mnist1d_examples(X, y, per_class=1, classes=range(10)):
    """One small panel per class showing ``per_class`` example signals. Returns the Figure."""
    import matplotlib.pyplot as plt

    classes = list(classes)
    fig, axes = plt.subplots(2, (len(classes) + 1) // 2, figsize=(MAX_WIDTH, 3.6), layout="constrained",
                             sharex=True, sharey=True)
    for ax, c in zip(axes.ravel(), classes):
        for k, i in enumerate(np.flatnonzero(np.asarray(y) == c)[:per_class]):
            ax.plot(X[i], color=COLORS[k % len(COLORS)], lw=1.5)
        ax.set_title(f"digit {c}", fontsize=9)
        ax.tick_params(labelsize=9)
    for ax in axes[-1]:
        ax.set_xlabel("position", fontsize=9)
    fig.suptitle("MNIST-1D: one training signal (length 40) of each class", fontsize=10)
    return fig


def accuracy_vs_published(measured, published, ax=None, title="MNIST-1D test accuracy"):
    """Grouped bars: our measured test accuracy beside the published one, per model.

    Args:
        measured, published: ``{model: accuracy in [0, 1]}`` (a model may be missing from one).
    """
    names = list(dict.fromkeys(list(published) + list(measured)))
    ax = new_axes(ax, figsize=(7, 3.5))
    x = np.arange(len(names))
    for k, (label, d, c) in enumerate((("published (Greydanus 2020)", published, COLORS[5]),
                                       ("measured here", measured, COLORS[0]))):
        vals = [d.get(n, np.nan) for n in names]
        bars = ax.bar(x + (k - 0.5) * 0.38, vals, width=0.38, label=label, color=c)
        for b, v in zip(bars, vals):
            if np.isfinite(v):
                ax.text(b.get_x() + b.get_width() / 2, v + 0.01, f"{100 * v:.0f}", ha="center",
                        fontsize=9)
    ax.set_xticks(x, names, fontsize=9)
    ax.set(ylabel="test accuracy", ylim=(0, 1.08), title=title)
    ax.legend(fontsize=9, loc="upper left")
    return ax


def confusion_counts(y_true, y_pred, n_classes=10):
    """The confusion matrix as counts: row = true class, column = predicted class."""
    cm = np.zeros((n_classes, n_classes), dtype=int)
    np.add.at(cm, (np.asarray(y_true), np.asarray(y_pred)), 1)
    return cm


def confusion_heatmap(cm, ax=None, normalize=True, title="Confusion matrix", colorbar=True, rows=None):
    """Heat map of a confusion matrix (rows: true class); normalized per row by default.

    Normalized, the cells, their labels and the colour bar are all in % of the true class (row);
    otherwise in counts. Cells of at least 5% (or 1 count) are labelled; ``rows`` limits the
    labels to those rows (fewer labels draw faster in a live widget).
    """
    ax = new_axes(ax, figsize=(4.8, 4.2))
    cm = np.asarray(cm, dtype=float)
    show = 100 * cm / np.maximum(cm.sum(axis=1, keepdims=True), 1) if normalize else cm
    im = ax.imshow(show, cmap="Blues", vmin=0, vmax=100 if normalize else None)
    n = len(cm)
    for i in (range(n) if rows is None else rows):
        for j in range(n):
            if show[i, j] >= (5 if normalize else 1):
                ax.text(j, i, f"{show[i, j]:.0f}", ha="center", va="center", fontsize=9,
                        color="white" if show[i, j] > 0.6 * show.max() else "black")
    ax.set_xticks(range(n))
    ax.set_yticks(range(n))
    ax.set(xlabel="predicted class", ylabel="true class", title=title)
    if colorbar:
        ax.figure.colorbar(im, ax=ax, label="% of the true class" if normalize else "count",
                           shrink=0.8)
    return ax


def per_class_bars(acc, ax=None, overall=None, title="Accuracy per class"):
    """Bars of per-class accuracy (``acc[c]``), with the overall accuracy as a dashed line."""
    ax = new_axes(ax, figsize=(5, 3.5))
    acc = np.asarray(acc, dtype=float)
    ax.bar(np.arange(len(acc)), acc, color=COLORS[0])
    if overall is not None:
        ax.axhline(overall, color=COLORS[3], ls="--", lw=1.5, label=f"overall {overall:.3f}")
        ax.legend(fontsize=9, loc="lower right")
    ax.set_xticks(range(len(acc)))
    ax.set(xlabel="class", ylabel="accuracy", ylim=(0, 1.05), title=title)
    return ax


def accuracy_curves(histories, ax=None, title="Training (dashed) and validation (solid) accuracy"):
    """Accuracy per epoch for several models: ``{label: History or dict with train_acc, val_acc}``."""
    ax = new_axes(ax, figsize=(6.5, 3.8))
    for i, (label, h) in enumerate(histories.items()):
        get = (lambda k: h[k]) if isinstance(h, dict) else (lambda k: getattr(h, k))
        ep = np.arange(1, len(get("val_acc")) + 1)
        c = COLORS[i % len(COLORS)]
        ax.plot(ep, get("train_acc"), "--", color=c, lw=1.5)
        ax.plot(ep, get("val_acc"), "-", color=c, lw=2, label=label)
    ax.set(xlabel="epoch", ylabel="accuracy", ylim=(0, 1.02), title=title)
    ax.legend(fontsize=9, loc="lower right")
    return ax
