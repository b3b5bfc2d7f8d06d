"""Plots: hyperparameter search.

Trials are lists of dicts (``{"lr": ..., "weight_decay": ..., "val_acc": ...}``), as a search
returns them.
"""
from __future__ import annotations

import numpy as np

from ._style import COLORS, new_axes

__all__ = ["trials_scatter", "lr_sweep", "grid_vs_random_figure", "sanity_curves", "flat_trials"]


def flat_trials(trials):
    """Trials as flat dicts ``{hyperparameter: value, ..., score_name: score}``.

    Accepts a ``cnn.search`` result (trials ``{"params": {...}, "score": s, ...}``, the score named
    by the result's ``.score``; "val_acc" for a plain list) or flat dicts (returned unchanged).
    """
    key = getattr(trials, "score", "val_acc")
    out = []
    for t in trials:
        if "params" in t and isinstance(t["params"], dict):
            flat = {k: v for k, v in t["params"].items()}
            flat[key] = t["score"] if t.get("status", "ok") == "ok" else float("nan")
            flat.update({k: t[k] for k in ("round",) if k in t})
            out.append(flat)
        else:
            out.append(dict(t))
    return out


def _readable_log_ticks(axis, values):
    """Plain-number ticks at powers of 2 on a log axis of integers spanning less than two decades
    (such as layer widths), where the default ticks would read 3x10^1, 4x10^1, ..."""
    import matplotlib.ticker as mt

    v = values[np.isfinite(values) & (values > 0)]
    if v.size and v.max() / v.min() < 100 and np.all(v == np.round(v)):
        axis.set_major_locator(mt.LogLocator(base=2))
        axis.set_major_formatter(mt.FuncFormatter(lambda t, _: f"{t:g}"))
        axis.set_minor_formatter(mt.NullFormatter())


def _col(trials, key):
    return np.array([float(t[key]) if t.get(key) is not None else np.nan for t in trials])


def trials_scatter(trials, x="lr", y="weight_decay", c="val_acc", ax=None, logx=True, logy=True,
                   vmin=None, vmax=None, highlight_best=True, colorbar=True, title=None,
                   by_round=True):
    """Each trial as a point at (x, y) coloured by its score ``c``; failed runs as grey ×.

    ``trials``: a ``cnn.search`` result or a list of flat dicts (see :func:`flat_trials`).
    ``by_round``: one marker shape per round of a coarse-to-fine search (trials with ``"round"``).
    Returns the Axes.
    """
    ax = new_axes(ax, figsize=(5.5, 4))
    trials = flat_trials(trials)
    xs, ys, cs = _col(trials, x), _col(trials, y), _col(trials, c)
    ok = np.isfinite(cs)
    if vmin is None and ok.any():
        vmin, vmax = cs[ok].min(), cs[ok].max() if vmax is None else vmax
    rounds = np.zeros(len(trials))
    if by_round and any("round" in t for t in trials):
        rounds = np.nan_to_num(_col(trials, "round"), nan=-1.0)
    groups = np.unique(rounds[ok])
    for r in groups:                               # a marker per round of a coarse-to-fine search
        k = ok & (rounds == r)
        label = None if len(groups) < 2 else (f"round {int(r) + 1}" if r >= 0 else "other trials")
        sc = ax.scatter(xs[k], ys[k], c=cs[k], cmap="viridis", s=45, edgecolors="k", linewidths=0.4,
                        vmin=vmin, vmax=vmax, zorder=3, marker="osD^v"[int(r) % 5], label=label)
    if (~ok).any():
        ax.scatter(xs[~ok], ys[~ok], marker="x", color="0.5", s=40, label="diverged", zorder=3)
    if highlight_best and ok.any():
        b = np.nanargmax(np.where(ok, cs, -np.inf))
        ax.scatter([xs[b]], [ys[b]], s=260, facecolors="none", edgecolors=COLORS[3], linewidths=2,
                   label=f"best {c} = {cs[b]:.3f}", zorder=4)
    for on, axis, vals in ((logx, ax.xaxis, xs), (logy, ax.yaxis, ys)):
        if on:
            (ax.set_xscale if axis is ax.xaxis else ax.set_yscale)("log")
            _readable_log_ticks(axis, vals)
    ax.set(xlabel=x, ylabel=y, title=title or f"{len(trials)} trials coloured by {c}")
    if colorbar and ok.any():
        ax.figure.colorbar(sc, ax=ax, label=c)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize=9, loc="best")
    return ax


def lr_sweep(lrs, scores, ax=None, ylabel="validation accuracy", diverged=None,
             title="Coarse learning-rate sweep"):
    """Score against learning rate (log x); runs that diverged are marked at the bottom."""
    ax = new_axes(ax, figsize=(5.5, 3.5))
    lrs, scores = np.asarray(lrs, float), np.asarray(scores, float)
    ok = np.isfinite(scores) if diverged is None else ~np.asarray(diverged, bool)
    ax.semilogx(lrs[ok], scores[ok], "o-", color=COLORS[0], lw=2, label="finished")
    if (~ok).any():
        low = np.nanmin(scores[ok]) if ok.any() else 0.0
        ax.semilogx(lrs[~ok], np.full((~ok).sum(), low), "x", color=COLORS[3], ms=10, mew=2,
                    label="diverged (stopped)")
    ax.set(xlabel="learning rate", ylabel=ylabel, title=title)
    ax.legend(fontsize=9)
    return ax


def grid_vs_random_figure(grid_pts, random_pts, important, names=("important", "unimportant"),
                          bounds=((0, 1), (0, 1))):
    """Bergstra & Bengio's picture: grid vs random trials in 2-D, with the score along the
    important axis drawn above each panel and each trial's value of it marked there.

    Args:
        grid_pts, random_pts: arrays (n, 2) of trial points.
        important: ``f(a)`` the score as a function of the important hyperparameter (vectorised).
        bounds: the ranges of the two hyperparameters.

    Returns the Figure.
    """
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(2, 2, figsize=(9, 5), layout="constrained",
                             gridspec_kw={"height_ratios": [1, 2.5]}, sharex="col")
    a = np.linspace(*bounds[0], 300)
    for j, (label, pts) in enumerate((("grid", grid_pts), ("random", random_pts))):
        pts = np.asarray(pts)
        top, main = axes[0, j], axes[1, j]
        top.plot(a, important(a), color="0.3", lw=1.5)
        top.plot(pts[:, 0], important(pts[:, 0]), "o", color=COLORS[3], ms=6)
        top.set_title(f"{label} search: {len(np.unique(np.round(pts[:, 0], 9)))} distinct values "
                      f"of the {names[0]} one, best {important(pts[:, 0]).max():.3f}", fontsize=9)
        top.set_ylabel("score")
        main.plot(pts[:, 0], pts[:, 1], "o", color=COLORS[0], ms=9)
        for x in pts[:, 0]:
            main.axvline(x, color=COLORS[3], lw=0.6, alpha=0.5)
        main.set(xlim=bounds[0], ylim=bounds[1], xlabel=f"{names[0]} hyperparameter",
                 ylabel=f"{names[1]} hyperparameter")
    return fig


def sanity_curves(history, ax=None, title="Overfitting a tiny subset"):
    """Training loss (left axis) and training accuracy (right axis) against epoch.

    ``history`` has ``train_loss`` and ``train_acc`` (a ``cnn.History`` or a dict).
    """
    ax = new_axes(ax, figsize=(5.5, 3.5))
    get = (lambda k: history[k]) if isinstance(history, dict) else (lambda k: getattr(history, k))
    loss, acc = np.asarray(get("train_loss")), np.asarray(get("train_acc"))
    ep = np.arange(1, len(loss) + 1)
    ax.semilogy(ep, loss, color=COLORS[0], lw=2, label="training loss")
    ax.set(xlabel="epoch", ylabel="training loss (log)", title=title)
    ax2 = ax.twinx()
    ax2.plot(ep, acc, color=COLORS[1], lw=2, label="training accuracy")
    ax2.set_ylabel("training accuracy")
    ax2.set_ylim(0, 1.05)
    h1, l1 = ax.get_legend_handles_labels()
    h2, l2 = ax2.get_legend_handles_labels()
    ax.legend(h1 + h2, l1 + l2, fontsize=9, loc="center right")
    return ax
