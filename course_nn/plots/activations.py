"""Plots of the activations lesson: each activation with its derivative, zig-zag updates,
training speed, dead ReLU units.

Each function takes ``ax=None`` (a new figure if None) and returns the Axes (or Figure).
The curves come from the package itself (a layer's forward and backward), never from a
second implementation.
"""
from __future__ import annotations

import numpy as np

from ._style import COLORS, MAX_WIDTH, new_axes

__all__ = ["activation_and_derivative", "activation_curve", "activation_gallery",
           "maxout_curve", "weight_paths", "gradient_signs", "error_curves", "dead_fraction_curve",
           "derivative_tails", "speed_bars"]

PRETTY = {"relu": "ReLU", "leaky_relu": "Leaky ReLU", "prelu": "PReLU", "sigmoid": "sigmoid",
          "tanh": "tanh", "elu": "ELU", "gelu": "GELU", "identity": "identity"}


def activation_and_derivative(name, x=None, **kwargs):
    """(x, f(x), f'(x)) for an activation of the package, by name (``cnn.ACTIVATIONS``).

    The derivative is the layer's backward pass fed with ones: ``layer.backward(1)``.
    """
    from .. import activation
    x = np.linspace(-4, 4, 401) if x is None else np.asarray(x, dtype=float)
    layer = activation(name, **kwargs)
    fx = layer(x.copy())
    dfx = layer.backward(np.ones_like(x))
    return x, np.asarray(fx), np.asarray(dfx)


def activation_curve(name, ax=None, x=None, title=None, legend=True, **kwargs):
    """Plot an activation (solid) and its derivative (dashed) on one Axes."""
    ax = new_axes(ax, figsize=(4.5, 3.2))
    x, fx, dfx = activation_and_derivative(name, x, **kwargs)
    ax.axhline(0, color="0.8", lw=0.8)
    ax.axvline(0, color="0.8", lw=0.8)
    ax.plot(x, fx, color=COLORS[0], lw=2.2, label="$f(z)$")
    ax.plot(x, dfx, color=COLORS[3], lw=1.8, ls="--", label="$f'(z)$")
    ax.set(xlabel="pre-activation $z$", title=title or PRETTY.get(name, name))
    if legend:
        ax.legend(loc="upper left", fontsize=9)
    return ax


def activation_gallery(names, fig=None, ncols=4, x=None, max_width=MAX_WIDTH):
    """A grid of small panels, one activation (and its derivative) per panel. Returns the Figure.

    The figure is at most ``max_width`` inches wide (960 px at the notebooks' 100 dpi), so it is
    shown at full size rather than scaled down: more columns make narrower panels.
    """
    import matplotlib.pyplot as plt
    nrows = int(np.ceil(len(names) / ncols))
    if fig is None:                        # a fixed grid: twice as fast as a layout engine
        width = min(3.2 * ncols, max_width)
        panel_h = min(2.7, 0.95 * width / ncols)
        height = panel_h * nrows
        fig = plt.figure(figsize=(width, height))
        fig.subplots_adjust(left=0.45 / width, right=1 - 0.1 / width, top=1 - 0.75 / height,
                            bottom=0.45 / height, hspace=0.75 / (panel_h - 0.65), wspace=0.25)
    axes = np.atleast_1d(fig.subplots(nrows, ncols, sharex=True)).ravel()
    for k, (ax, name) in enumerate(zip(axes, names)):
        activation_curve(name, ax=ax, x=x, legend=(k == 0))
        if k < len(names) - ncols:
            ax.set_xlabel("")
        else:                              # the lowest panel of its column: show its ticks
            ax.tick_params(labelbottom=True)
    for ax in axes[len(names):]:
        ax.axis("off")
    fig.suptitle("Activations (solid) and their derivatives (dashed)")
    return fig


def maxout_curve(layer, ax=None, x=None, title=None):
    """A one-input, one-output Maxout layer: its linear pieces (thin) and their max (thick).

    The pieces are read from ``layer.weight`` (1, 1, k) and ``layer.bias`` (1, k); the max is
    the layer's own forward pass.
    """
    ax = new_axes(ax, figsize=(4.5, 3.2))
    x = np.linspace(-4, 4, 401) if x is None else np.asarray(x, dtype=float)
    w, b = layer.weight.value[0, 0], layer.bias.value[0]
    for k in range(len(b)):
        ax.plot(x, w[k] * x + b[k], color=COLORS[(k + 1) % len(COLORS)], lw=1, ls=":",
                label=f"piece {k + 1}: {w[k]:.2f} z {b[k]:+.2f}")
    ax.plot(x, layer(x[:, None])[:, 0], color=COLORS[0], lw=2.5, label="maxout = max of the pieces")
    ax.set(xlabel="input $z$", ylabel="output", title=title or f"Maxout with {len(b)} pieces")
    ax.legend(fontsize=9)
    return ax


def weight_paths(paths, target, ax=None, title="Two weights trained by SGD"):
    """Draw weight trajectories in the (w1, w2) plane. ``paths``: dict label -> array (T, 2)."""
    ax = new_axes(ax, figsize=(5, 4))
    for k, (label, p) in enumerate(paths.items()):
        p = np.asarray(p)
        ax.plot(p[:, 0], p[:, 1], "-o", ms=2.5, lw=1.2, color=COLORS[k], label=label)
    ax.plot(*target, marker="*", ms=16, color="k", ls="none", label="best weights")
    ax.plot(*np.asarray(next(iter(paths.values())))[0], marker="s", ms=7, color="0.4", ls="none",
            label="start")
    ax.set(xlabel="$w_1$", ylabel="$w_2$", title=title, aspect="equal")
    ax.legend(fontsize=9, loc="lower left")
    return ax


def gradient_signs(G, ax=None, title="Signs of dL/dw, one row per update"):
    """Show the sign of each weight's gradient (columns) at each update (rows): +1 red, -1 blue."""
    from matplotlib.colors import ListedColormap
    ax = new_axes(ax, figsize=(5, 3.5))
    S = np.sign(np.asarray(G))
    ax.imshow(S, cmap=ListedColormap([COLORS[0], "white", COLORS[3]]), vmin=-1, vmax=1,
              aspect="auto", interpolation="nearest")
    ax.set(xlabel="weight index", ylabel="update", title=title)
    from matplotlib.patches import Patch
    ax.legend(handles=[Patch(color=COLORS[3], label="positive"), Patch(color=COLORS[0], label="negative")],
              loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
    return ax


def error_curves(curves, target=None, ax=None, xlabel="SGD steps", title=None):
    """Training error against steps. ``curves``: dict label -> list of (steps, errors) runs.

    Runs with the same label share a colour; ``target`` draws a dotted horizontal line.
    """
    ax = new_axes(ax, figsize=(5.5, 3.5))
    styles = ["-", "--", ":", "-."]
    for k, (label, runs) in enumerate(curves.items()):
        for r, (steps, err) in enumerate(runs):
            ax.plot(steps, err, color=COLORS[k % len(COLORS)], lw=1.4, alpha=0.85,
                    ls=styles[(k // len(COLORS)) % 4], label=label if r == 0 else None)
    if target is not None:
        ax.axhline(target, color="k", ls=":", lw=1, label=f"target {target:.0%}")
    ax.set(xlabel=xlabel, ylabel="training error", ylim=(0, 1), title=title)
    ax.legend(fontsize=9)
    return ax


def dead_fraction_curve(lrs, fractions, ax=None, title="Dead ReLU units after training"):
    """Dead fraction against learning rate (log x). ``fractions``: dict label -> values per lr
    (a 2-D array: rows = lrs, columns = seeds, is drawn as mean with min-max error bars)."""
    ax = new_axes(ax, figsize=(5, 3.5))
    for k, (label, vals) in enumerate(fractions.items()):
        v = np.asarray(vals, dtype=float).reshape(len(lrs), -1)
        mean = v.mean(1)
        err = np.vstack([mean - v.min(1), v.max(1) - mean])
        ax.errorbar(lrs, mean, yerr=err, fmt="-o", color=COLORS[k], capsize=3, label=label)
    ax.set(xscale="log", xlabel="learning rate", ylabel="fraction of dead units", ylim=(-0.03, 1.03),
           title=title)
    ax.legend(fontsize=9)
    return ax


def derivative_tails(names, z=None, ax=None, title="How much gradient passes on the negative side"):
    """|f'(z)| on a log scale for negative z, one line per activation (from the layers' backward).

    Activations whose derivative is exactly 0 there (ReLU) are drawn at the bottom edge."""
    ax = new_axes(ax, figsize=(6, 3.8))
    z = np.linspace(-10, -0.05, 400) if z is None else np.asarray(z, dtype=float)
    floor = 1e-10
    styles = ["-", "--", "-.", ":"]              # curves that coincide (ELU, sigmoid) stay visible
    for k, name in enumerate(names):
        _, _, d = activation_and_derivative(name, z)
        ax.plot(z, np.maximum(np.abs(d), floor), color=COLORS[k % len(COLORS)],
                ls=styles[k % 4], lw=1.8, label=PRETTY.get(name, name))
    ax.set(yscale="log", ylim=(floor / 3, 3), xlabel="pre-activation $z$ (negative side)",
           ylabel="$|f'(z)|$ (log scale)", title=title)
    ax.text(z[0], floor * 1.6, "exactly 0, or below $10^{-10}$: drawn at this edge", fontsize=9,
            color="0.3", va="bottom")
    ax.legend(fontsize=9, ncol=2, loc="lower right")
    return ax


def speed_bars(table, ax=None, title="Steps to the target training error (mean and sd over seeds)"):
    """Grouped bars with sd error bars. ``table``: dict group -> dict label -> list of values."""
    ax = new_axes(ax, figsize=(6.5, 3.6))
    groups = list(table)
    labels = list(table[groups[0]])
    width = 0.8 / len(labels)
    for k, label in enumerate(labels):
        vals = [np.asarray(table[g][label], dtype=float) for g in groups]
        x = np.arange(len(groups)) + (k - (len(labels) - 1) / 2) * width
        ax.bar(x, [v.mean() for v in vals], width, yerr=[v.std(ddof=1) if v.size > 1 else 0 for v in vals],
               color=COLORS[k % len(COLORS)], capsize=3, label=label)
    ax.set_xticks(np.arange(len(groups)), groups, fontsize=9)
    ax.set(ylabel="SGD steps", title=title)
    ax.legend(fontsize=9)
    return ax
