"""Plots: dropout.

Thinned networks drawn from random masks, training/validation curves of several runs, a
decision boundary from precomputed class probabilities (fast enough for a live figure), the
Monte-Carlo average of thinned networks converging, and bars of mean activations.

    >>> fig = thinned_networks(sizes=(3, 4, 2), n=2, rng=0)
    >>> len(fig.axes)
    3
"""
from __future__ import annotations

import numpy as np

from ._style import COLORS, finish_axes, new_axes

__all__ = ["thinned_networks", "train_val_curves", "probability_map", "boundary_lines",
           "mc_average_error", "mean_activation_bars", "seed_spread"]


def _draw_net(ax, sizes, keep, title):
    xs = np.arange(len(sizes))
    pos = [np.linspace(-(n - 1) / 2, (n - 1) / 2, n) for n in sizes]
    for l in range(len(sizes) - 1):
        for i, yi in enumerate(pos[l]):
            for j, yj in enumerate(pos[l + 1]):
                if keep[l][i] and keep[l + 1][j]:
                    ax.plot([xs[l], xs[l + 1]], [yi, yj], color="0.55", lw=0.6, zorder=1)
    for l, ys in enumerate(pos):
        for i, y in enumerate(ys):
            on = keep[l][i]
            ax.scatter([xs[l]], [y], s=110, zorder=3, color=COLORS[0] if on else "white",
                       edgecolor=COLORS[0] if on else "0.6", linewidth=1.2)
            if not on:
                ax.plot([xs[l] - 0.12, xs[l] + 0.12], [y - 0.25, y + 0.25], color=COLORS[3],
                        lw=1.2, zorder=4)
    ax.set_title(title, fontsize=9)
    ax.set_xlim(-0.5, len(sizes) - 0.5)
    ax.set_ylim(-max(sizes) / 2 - 0.3, max(sizes) / 2 + 0.3)
    ax.axis("off")


def thinned_networks(sizes=(4, 6, 6, 2), p_input=0.2, p_hidden=0.5, n=3, rng=None):
    """The full network and ``n`` thinned networks sampled with dropout.

    Each input unit is dropped with probability ``p_input``, each hidden unit with
    ``p_hidden``; output units are never dropped. Dropped units are hollow and crossed out,
    their connections removed. Returns the Figure.
    """
    import matplotlib.pyplot as plt

    rng = np.random.default_rng(rng)
    ncols = min(n + 1, 4)                  # at most 4 per row: 9.6 in, shown at full size
    nrows = int(np.ceil((n + 1) / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(2.4 * ncols, 2.6 * nrows), layout="constrained",
                             squeeze=False)
    axes = axes.ravel()
    for ax in axes[n + 1:]:
        ax.axis("off")
    full = [np.ones(s, bool) for s in sizes]
    _draw_net(axes[0], sizes, full, "full network (test time)")
    for k in range(n):
        keep = [rng.random(sizes[0]) >= p_input]
        keep += [rng.random(s) >= p_hidden for s in sizes[1:-1]]
        keep += [np.ones(sizes[-1], bool)]
        _draw_net(axes[k + 1], sizes, keep, f"thinned network {k + 1} (a training step)")
    return fig


def train_val_curves(histories, metric="acc", ax=None, title=None):
    """Training (solid) and validation (dashed) curves of several runs.

    Args:
        histories: ``{label: History}`` (anything with ``train_<metric>`` and ``val_<metric>``
            lists, e.g. ``cnn.fit``'s History).
        metric: "acc" or "loss".
    Returns: the Axes.
    """
    ax = new_axes(ax, figsize=(6, 3.6))
    for i, (label, h) in enumerate(histories.items()):
        c = COLORS[i % len(COLORS)]
        tr, va = getattr(h, f"train_{metric}"), getattr(h, f"val_{metric}")
        epochs = np.arange(1, len(tr) + 1)
        ax.plot(epochs, tr, color=c, lw=1.6, label=f"{label}: training")
        ax.plot(epochs, va, color=c, lw=1.6, ls="--", label=f"{label}: validation")
    return finish_axes(ax, "epoch", {"acc": "accuracy", "loss": "loss"}.get(metric, metric), title)


def boundary_lines(extent, prob, level=0.5):
    """The level-0.5 contour of a probability grid as a list of (M, 2) vertex arrays
    (computed once, so that a live figure can draw it without contouring again)."""
    import contourpy

    xs = np.linspace(extent[0], extent[1], prob.shape[1])
    ys = np.linspace(extent[2], extent[3], prob.shape[0])
    return list(contourpy.contour_generator(xs, ys, prob).lines(level))


def probability_map(extent, prob, X, y, ax=None, X_val=None, y_val=None, title=None,
                    boundary=None, legend=True, colorbar=True):
    """A two-class decision boundary from precomputed probabilities.

    Args:
        extent: (x_lo, x_hi, y_lo, y_hi) of the grid.  prob: (R, R) probability of class 1 on
            the grid (row = y, column = x).
        X, y: training points (filled).  X_val, y_val: validation points (hollow), optional.
        boundary: precomputed ``boundary_lines`` (default: contour ``prob`` at 0.5 here).
        legend: draw a legend of the point kinds.
        colorbar: draw a colour bar of P(class 1) beside the Axes.
    Returns: the Axes.
    """
    from matplotlib.colors import LinearSegmentedColormap

    from matplotlib.colors import to_rgb

    ax = new_axes(ax, figsize=(4.6, 4.8))
    light = [0.55 * np.array(to_rgb(c)) + 0.45 for c in COLORS[:2]]    # pale, opaque: fast to draw
    cmap = LinearSegmentedColormap.from_list("two", [light[0], (1, 1, 1), light[1]])
    im = ax.imshow(prob, origin="lower", extent=extent, cmap=cmap, vmin=0, vmax=1, aspect="auto",
                   interpolation="nearest")
    if colorbar:
        ax.figure.colorbar(im, ax=ax, label="P(class 1)", ticks=[0, 0.5, 1], fraction=0.05, pad=0.02)
    for line in (boundary_lines(extent, prob) if boundary is None else boundary):
        ax.plot(line[:, 0], line[:, 1], color="k", lw=1.0)
    for k in (0, 1):
        m = y == k
        ax.scatter(X[m, 0], X[m, 1], s=26, color=COLORS[k], edgecolor="k", linewidth=0.7,
                   label=f"class {k} (training)", zorder=4)
        if X_val is not None:
            mv = y_val == k
            ax.scatter(X_val[mv, 0], X_val[mv, 1], s=9, facecolor="none", edgecolor=COLORS[k],
                       linewidth=0.6, alpha=0.6, label=f"class {k} (validation)", zorder=3)
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    if legend:
        ax.legend(fontsize=9, loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=2)   # below: hides no point
    if title:
        ax.set_title(title, fontsize=9)
    return ax


def mc_average_error(ks, errors, ax=None, label="mean |MC average - test-time output|",
                     title=None):
    """How far the average of k thinned networks is from the single test-time pass, against k
    (log-log), with a 1/sqrt(k) reference line. Returns the Axes."""
    ax = new_axes(ax, figsize=(5, 3.5))
    ks, errors = np.asarray(ks, float), np.asarray(errors, float)
    ax.loglog(ks, errors, "o-", color=COLORS[0], label=label)
    ax.loglog(ks, errors[0] * np.sqrt(ks[0] / ks), ":", color="0.4", label=r"$\propto 1/\sqrt{k}$")
    return finish_axes(ax, "number k of thinned networks averaged", "difference in probability", title, grid_which="both")


def mean_activation_bars(values, reference=None, ax=None, title=None,
                         ylabel="mean activation", reference_label=None):
    """Bars (``{label: value}``) with their values on top and a dashed line at ``reference``
    (e.g. 1 for a ratio of test-time to training-time means). Returns the Axes."""
    ax = new_axes(ax, figsize=(6.5, 3.4))
    labels = list(values)
    ax.bar(range(len(labels)), [values[k] for k in labels],
           color=[COLORS[i % len(COLORS)] for i in range(len(labels))])
    for i, k in enumerate(labels):
        ax.text(i, values[k], f"{values[k]:.2f}", ha="center", va="bottom", fontsize=9)
    if reference is not None:
        ax.axhline(reference, ls="--", color="k", lw=1,
                   label=reference_label or f"reference {reference:.2f}")
        ax.legend(fontsize=9, loc="upper left")
    import textwrap
    ax.set_xticks(range(len(labels)), [textwrap.fill(k, 16) for k in labels], fontsize=9)
    ax.set_ylim(0, 1.3 * max(max(values.values()), reference or 0))
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title, fontsize=10)
    return ax


def seed_spread(values, ax=None, title=None, ylabel="value", xlabel="setting"):
    """One column per setting: every seed's value as a small dot and the mean ± sd (over seeds)
    as an error bar, so the reader sees the spread a conclusion has to beat.

    Args:
        values: ``{setting label: one value per seed}``; ``{series: {setting: values}}`` draws
            several series side by side (offset a little).
    Returns: the Axes.
    """
    ax = new_axes(ax, figsize=(6, 3.6))
    series = values if isinstance(next(iter(values.values())), dict) else {None: values}
    settings = list(next(iter(series.values())))
    for i, (name, vals) in enumerate(series.items()):
        c, dx = COLORS[i % len(COLORS)], 0.12 * (i - (len(series) - 1) / 2)
        for j, setting in enumerate(settings):
            v = np.asarray(vals[setting], float)
            ax.plot(np.full(len(v), j + dx), v, ".", color=c, alpha=0.4, ms=6)
            ax.errorbar(j + dx, v.mean(), yerr=v.std(ddof=1) if len(v) > 1 else 0, fmt="o", color=c,
                        capsize=5, ms=7, label=(name if j == 0 and name else None))
    ax.set_xticks(range(len(settings)), settings)
    ax.plot([], [], ".", color="0.5", label="one seed")
    ax.errorbar([], [], yerr=[], fmt="o", color="0.5", capsize=5, label="mean ± sd over seeds")
    return finish_axes(ax, xlabel, ylabel, title)
