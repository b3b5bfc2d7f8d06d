"""Plots: batch normalization.

Two features before and after normalization, running averages converging, test accuracy
against the learning rate for several models, eval-mode output scale against training steps,
and bars comparing accuracies. (Per-layer histograms: ``layer_histograms`` in the
initialization plots.)

    >>> import numpy as np
    >>> ax = accuracy_vs_lr([0.1, 1.0], {"plain": [0.5, 0.1], "BN": [0.6, 0.7]})
    >>> ax.get_xscale()
    'log'
"""
from __future__ import annotations

import numpy as np

from ._style import COLORS, finish_axes, new_axes

__all__ = ["normalization_scatter", "running_average_curves", "accuracy_vs_lr", "eval_output_std",
           "accuracy_bars", "loss_along_gradient",
           "accuracy_vs_lr_spread", "curves_spread"]


def normalization_scatter(x, out, features=(0, 1), title=None):
    """Two features of a batch before (left) and after (right) batch normalization, on the
    same axis limits, with each feature's mean and std in the legend. Returns the Figure."""
    import matplotlib.pyplot as plt

    i, j = features
    fig, axes = plt.subplots(1, 2, figsize=(8, 3.6), layout="constrained")
    lim = max(np.abs(x[:, [i, j]]).max(), np.abs(out[:, [i, j]]).max()) * 1.05
    for ax, a, name in zip(axes, (x, out), ("input x", "batch-normalized output")):
        lab = (f"feature {i}: mean {a[:, i].mean():.2f}, std {a[:, i].std():.2f}\n"
               f"feature {j}: mean {a[:, j].mean():.2f}, std {a[:, j].std():.2f}")
        ax.scatter(a[:, i], a[:, j], s=12, color=COLORS[0], alpha=0.7)
        ax.axhline(0, color="0.7", lw=0.8)
        ax.axvline(0, color="0.7", lw=0.8)
        ax.set(xlim=(-lim, lim), ylim=(-lim, lim), xlabel=f"feature {i}", ylabel=f"feature {j}",
               title=name, aspect="equal")
        ax.text(0.03, 0.97, lab, transform=ax.transAxes, va="top", fontsize=9,
                bbox=dict(fc="white", ec="0.8", alpha=0.9))
    if title:
        fig.suptitle(title, fontsize=11)
    return fig


def running_average_curves(batch_values, running_values, target, ax=None,
                           ylabel="mean of feature 0", title=None):
    """Per-step batch statistics (dots), the running average (line) and the value it should
    approach (dashed), against the training step. Returns the Axes."""
    ax = new_axes(ax, figsize=(6, 3.4))
    steps = np.arange(1, len(batch_values) + 1)
    ax.plot(steps, batch_values, ".", color=COLORS[5], ms=4, label="this batch")
    ax.plot(steps, running_values, "-", color=COLORS[0], lw=2, label="running average")
    ax.axhline(target, ls="--", color="k", lw=1, label=f"whole data set: {target:.2f}")
    return finish_axes(ax, "training step", ylabel, title)


def accuracy_vs_lr(lrs, accuracies, ax=None, chance=None, title=None, ylabel="test accuracy"):
    """Accuracy against the learning rate (log axis), one line per model.

    Args:
        lrs: the learning rates.  accuracies: ``{label: one accuracy per lr}`` (NaN for a run
            that diverged is drawn as a cross at the chance level).
        chance: draw a dotted line at this accuracy (e.g. 0.1 for 10 balanced classes).
    Returns: the Axes.
    """
    ax = new_axes(ax, figsize=(6, 3.6))
    lrs = np.asarray(lrs, float)
    for i, (label, acc) in enumerate(accuracies.items()):
        acc = np.asarray(acc, float)
        c = COLORS[i % len(COLORS)]
        ax.plot(lrs, acc, "o-", color=c, label=label)
        bad = ~np.isfinite(acc)
        if bad.any():
            ax.plot(lrs[bad], np.full(bad.sum(), chance or 0.0), "x", color=c, ms=9, mew=2,
                    label=f"{label}: diverged")
    if chance is not None:
        ax.axhline(chance, ls=":", color="0.4", label=f"chance ({chance:.0%})")
    ax.set_xscale("log")
    return finish_axes(ax, "learning rate (SGD)", ylabel, title)


def eval_output_std(steps, stds, ax=None, target=1.0, title=None):
    """Std of the eval-mode output against the number of training steps taken so far, one
    line per variant (``{label: values}``), with the value it should have (dashed).
    Returns the Axes."""
    ax = new_axes(ax, figsize=(6, 3.4))
    for i, (label, v) in enumerate(stds.items()):
        ax.plot(steps, v, "o-", ms=3, color=COLORS[i % len(COLORS)], label=label)
    ax.axhline(target, ls="--", color="k", lw=1, label=f"train-mode output: {target:.2f}")
    ax.set_yscale("log")
    return finish_axes(ax, "training steps before evaluating", "std of eval-mode output", title, grid_which="both")


def accuracy_bars(values, ax=None, chance=None, title=None, ylabel="test accuracy"):
    """Bars of accuracies (``{label: value}``) with their values printed on top.
    Returns the Axes."""
    ax = new_axes(ax, figsize=(7, 3.4))
    labels = list(values)
    ax.bar(range(len(labels)), [values[k] for k in labels],
           color=[COLORS[i % len(COLORS)] for i in range(len(labels))])
    for i, k in enumerate(labels):
        ax.text(i, values[k] + 0.01, f"{values[k]:.1%}", ha="center", va="bottom", fontsize=9)
    if chance is not None:
        ax.axhline(chance, ls=":", color="0.4", label=f"chance ({chance:.0%})")
        ax.legend(fontsize=9, loc="upper right")
    import textwrap
    ax.set_xticks(range(len(labels)), [textwrap.fill(k, 18) for k in labels], fontsize=9)
    ax.set_ylim(0, 1.08 * max(max(values.values()), chance or 0) + 0.05)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title, fontsize=10)
    return ax


def loss_along_gradient(steps, ranges, ax=None, title=None):
    """Santurkar et al. (2018)-style picture: at each training step, the spread (max - min) of
    the loss along the gradient direction, one band per model (``{label: values}``).
    Returns the Axes."""
    ax = new_axes(ax, figsize=(6, 3.4))
    from matplotlib.ticker import MaxNLocator

    for i, (label, v) in enumerate(ranges.items()):
        ax.plot(steps, v, "o-", lw=1.5, ms=4, color=COLORS[i % len(COLORS)], label=label)
    ax.set_yscale("log")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    return finish_axes(ax, "training step", "loss range along the gradient", title, grid_which="both")


def accuracy_vs_lr_spread(lrs, accuracies, ax=None, chance=None, reference=None, title=None,
                          ylabel="test accuracy"):
    """Mean ± sd over seeds of the accuracy against the learning rate (log axis), one line per
    model; runs that diverged count at the ``chance`` level.

    Args:
        lrs: the learning rates.  accuracies: ``{label: array (n_lrs, n_seeds)}`` (NaN = diverged).
        chance: dotted line at this accuracy.  reference: ``(label, mean, sd)`` drawn as a grey
            band (e.g. a logistic-regression baseline).
    Returns: the Axes.
    """
    ax = new_axes(ax, figsize=(6.5, 3.8))
    lrs = np.asarray(lrs, float)
    for i, (label, acc) in enumerate(accuracies.items()):
        acc = np.asarray(acc, float)
        acc = np.where(np.isfinite(acc), acc, chance if chance is not None else 0.0)
        ax.errorbar(lrs, acc.mean(axis=1), yerr=acc.std(axis=1, ddof=1), fmt="o-", capsize=4,
                    color=COLORS[i % len(COLORS)], label=label)
    if reference is not None:
        name, mean, sd = reference
        ax.axhspan(mean - sd, mean + sd, color="0.6", alpha=0.3, label=name)
    if chance is not None:
        ax.axhline(chance, ls=":", color="0.4", label=f"chance ({chance:.0%})")
    ax.set_xscale("log")
    return finish_axes(ax, "learning rate (SGD)", ylabel, title)


def curves_spread(steps, curves, ax=None, marks=(), title=None, xlabel="training steps",
                  ylabel="validation accuracy"):
    """Mean (line) ± sd (band) over seeds of a learning curve, one per model.

    Args:
        steps: x values.  curves: ``{label: array (n_seeds, len(steps))}``.
        marks: x positions to mark with a dashed vertical line and their value.
    Returns: the Axes.
    """
    ax = new_axes(ax, figsize=(6.5, 3.8))
    for i, (label, c) in enumerate(curves.items()):
        c = np.asarray(c, float)
        m, s = c.mean(axis=0), c.std(axis=0, ddof=1)
        ax.plot(steps, m, color=COLORS[i % len(COLORS)], label=label)
        ax.fill_between(steps, m - s, m + s, color=COLORS[i % len(COLORS)], alpha=0.25)
    for x in marks:
        ax.axvline(x, ls="--", color="k", lw=1, label=f"{x:g} steps")
    return finish_axes(ax, xlabel, ylabel, title)
