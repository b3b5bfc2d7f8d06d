"""Plots for the backprop lecture: costs, gradient-check errors, gradients per layer.

Each function takes already computed numbers and only draws them; ``ax=None`` makes a
new figure; each returns the Axes.
"""
import numpy as np

from ._style import COLORS, new_axes

__all__ = ["cost_vs_depth", "fd_error_vs_step", "rel_error_bars", "grad_norm_per_layer"]

# what a relative error between analytic and numerical gradients usually means (float64)
REL_ERROR_BANDS = [(1e-16, 1e-7, "correct", "#d9f0d9"),
                   (1e-7, 1e-2, "suspicious: kink? float32?", "#fcf0c8"),
                   (1e-2, 1e1, "a bug", "#f8d5cc")]


def cost_vs_depth(depth, costs, ylabel="seconds", title="", ax=None):
    """Cost of computing a gradient (one curve per method) against the graph's depth, log y."""
    ax = new_axes(ax)
    for i, (name, c) in enumerate(costs.items()):
        ax.plot(depth, c, "o-", color=COLORS[i], lw=2, label=name)
    ax.set(yscale="log", xlabel="depth n (number of diamonds)", ylabel=ylabel, title=title)
    ax.grid(alpha=0.3, which="both")
    ax.legend(fontsize=9)
    return ax


def fd_error_vs_step(h, errors, ax=None, title="finite differences: error against step size"):
    """Relative error of numerical derivatives against the step h (log-log), one curve each.

    The V shape: truncation error falls with h (as h or h^2), rounding error grows as eps/h.
    """
    ax = new_axes(ax, figsize=(6, 4))
    styles = ["-", "--", "-", "--"]
    for i, (name, e) in enumerate(errors.items()):
        e = np.maximum(np.asarray(e, dtype=float), 1e-17)    # exact zeros would vanish on a log axis
        ax.plot(h, e, styles[i % 4], marker="o", ms=3, color=COLORS[i], lw=2, label=name)
    ax.set(xscale="log", yscale="log", xlabel="step h", ylabel="relative error", title=title)
    ax.grid(alpha=0.3, which="major")
    ax.legend(fontsize=9)
    return ax


def rel_error_bars(names, errors, ax=None, title="gradient check: relative error per parameter"):
    """Horizontal bars of relative errors on a log axis over shaded bands: correct (< 1e-7),
    suspicious (1e-7 to 1e-2), a bug (> 1e-2)."""
    import matplotlib.transforms as mtransforms

    ax = new_axes(ax, figsize=(7, 0.42 * len(names) + 1.6))
    e = np.clip(np.asarray(errors, dtype=float), 1e-16, 5.0)
    y = np.arange(len(names))
    trans = mtransforms.blended_transform_factory(ax.transData, ax.transAxes)
    for lo, hi, text, color in REL_ERROR_BANDS:
        ax.axvspan(lo, hi, color=color, zorder=0)
        ax.text(np.sqrt(lo * hi), 1.01, text, transform=trans, ha="center", va="bottom", fontsize=9)
    colors = [COLORS[3] if x > 1e-2 else (COLORS[1] if x > 1e-7 else COLORS[2]) for x in e]
    ax.barh(y, e - 1e-16, left=1e-16, color=colors, height=0.6, zorder=2)
    for yi, x in zip(y, e):
        ax.text(x * 2 if x < 1e-2 else x / 1.5, yi, f"{x:.1e}", va="center", fontsize=9, zorder=3,
                ha="left" if x < 1e-2 else "right", color="k" if x < 1e-2 else "w")
    ax.set_yticks(y, names)
    ax.set(xscale="log", xlim=(1e-16, 1e1), ylim=(len(names) - 0.5, -0.5),
           xlabel="relative error  max|a - b| / max(|a| + |b|)  (log scale)")
    ax.set_title(title, pad=16)
    return ax


def grad_norm_per_layer(norms, ax=None, title="gradient norm per layer",
                        ylabel="$\\|\\partial L / \\partial W_l\\|$"):
    """One line per network: the gradient norm of each layer's weights, input side first."""
    ax = new_axes(ax, figsize=(6, 3.8))
    for i, (name, n) in enumerate(norms.items()):
        n = np.asarray(n, dtype=float)
        ax.plot(np.arange(1, len(n) + 1), np.maximum(n, 1e-30), "o-", ms=4, color=COLORS[i],
                lw=2, label=name)
    ax.set(yscale="log", xlabel="layer l (1 = next to the input)", ylabel=ylabel, title=title)
    ax.grid(alpha=0.3, which="major")
    ax.legend(fontsize=9)
    return ax
