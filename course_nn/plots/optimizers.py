"""Plots: optimizers.

Four 2-D test surfaces with analytic gradients (``SURFACES``), a helper that drives any
``cnn.optim`` optimizer over one of them (``optimizer_path``), and the figures of the
optimizers lecture: contour plots with paths, learning-rate schedules, loss curves.

    >>> s = SURFACES["quadratic"]
    >>> float(s.f(0.0, 0.0)), s.grad(1.0, 1.0).tolist()
    (0.0, [1.0, 20.0])
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from ._style import COLORS, new_axes

__all__ = ["SURFACES", "Surface", "optimizer_path", "optimizer_paths", "surface_contour", "contour_lines",
           "optimizer_paths_figure", "lr_schedule_curves", "optimizer_loss_curves",
           "step_size_curves", "gradient_noise_curve"]


@dataclass(frozen=True)
class Surface:
    """A 2-D function to minimise, with its gradient and a good window to look at it."""
    name: str
    f: Callable
    grad_xy: Callable
    xlim: tuple
    ylim: tuple
    start: tuple
    minima: tuple = field(default=())
    log_levels: bool = True

    def grad(self, x, y):
        return np.array(self.grad_xy(x, y), dtype=float)

    def grid(self, n=120):
        """(X, Y, Z) on an n x n grid over the window (for contour plots)."""
        X, Y = np.meshgrid(np.linspace(*self.xlim, n), np.linspace(*self.ylim, n))
        return X, Y, self.f(X, Y)


def _beale(x, y):
    return (1.5 - x + x * y) ** 2 + (2.25 - x + x * y**2) ** 2 + (2.625 - x + x * y**3) ** 2


def _beale_grad(x, y):
    a, b, c = 1.5 - x + x * y, 2.25 - x + x * y**2, 2.625 - x + x * y**3
    dx = 2 * a * (y - 1) + 2 * b * (y**2 - 1) + 2 * c * (y**3 - 1)
    dy = 2 * a * x + 4 * b * x * y + 6 * c * x * y**2
    return dx, dy


SURFACES = {
    "quadratic": Surface(
        "ill-conditioned quadratic  0.5 (x² + 20 y²)",
        lambda x, y: 0.5 * (x**2 + 20 * y**2), lambda x, y: (x, 20 * y),
        (-3.2, 3.2), (-1.6, 1.6), (-3.0, 1.0), ((0.0, 0.0),)),
    "rosenbrock": Surface(
        "Rosenbrock  (1 - x)² + 100 (y - x²)²",
        lambda x, y: (1 - x) ** 2 + 100 * (y - x**2) ** 2,
        lambda x, y: (-2 * (1 - x) - 400 * x * (y - x**2), 200 * (y - x**2)),
        (-2.0, 2.0), (-1.0, 3.0), (-1.5, 2.5), ((1.0, 1.0),)),
    "beale": Surface(
        "Beale function", _beale, _beale_grad,
        (-4.5, 4.5), (-4.5, 4.5), (1.0, 1.5), ((3.0, 0.5),)),
    "saddle": Surface(
        "saddle  x² - y²/2 + y⁴/4",
        lambda x, y: x**2 - 0.5 * y**2 + 0.25 * y**4,
        lambda x, y: (2 * x, -y + y**3),
        (-2.0, 2.0), (-2.0, 2.0), (-1.8, 1e-3), ((0.0, 1.0), (0.0, -1.0)), log_levels=False),
}


def optimizer_path(surface, make_optimizer, steps=200, start=None):
    """Run an optimizer on a 2-D surface; return the visited points, shape (steps + 1, 2).

    Args:
        surface: a :class:`Surface` or a key of ``SURFACES``.
        make_optimizer: ``params -> optimizer``, e.g. ``lambda ps: cnn.optim.Adam(ps, lr=0.1)``.
        steps: number of ``optimizer.step()`` calls.
        start: the starting point (default: the surface's).

    The path stops early (and is shorter) if the point leaves a huge box or becomes NaN:
    a learning rate that is too large makes it diverge.
    """
    from ..module import Parameter

    s = SURFACES[surface] if isinstance(surface, str) else surface
    p = Parameter(np.array(s.start if start is None else start, dtype=float), name="xy")
    opt = make_optimizer([p])
    path = [p.value.copy()]
    for _ in range(steps):
        p.grad[...] = s.grad(*p.value)
        opt.step()
        if not np.all(np.isfinite(p.value)) or np.abs(p.value).max() > 1e6:
            break
        path.append(p.value.copy())
    return np.array(path)


def optimizer_paths(surface, makers, steps=200, start=None):
    """``{label: path}`` for a dict ``{label: make_optimizer}`` (see :func:`optimizer_path`)."""
    return {k: optimizer_path(surface, m, steps, start) for k, m in makers.items()}


_LINES = {}


def contour_lines(surface, n=120, levels=25):
    """The contour lines of a surface as a list of (k, 2) arrays, computed once and cached.

    Levels are log-spaced where the surface is positive (it spans many orders of magnitude).
    Drawing these as one ``LineCollection`` is much faster than ``ax.contour`` on every redraw.
    """
    import contourpy

    s = SURFACES[surface] if isinstance(surface, str) else surface
    key = (s.name, n, levels)
    if key not in _LINES:
        X, Y, Z = s.grid(n)
        if s.log_levels:
            lv = np.logspace(np.log10(max(Z.min(), 1e-3)), np.log10(Z.max()), levels)
        else:
            lv = np.linspace(Z.min(), np.quantile(Z, 0.7), levels)
        gen = contourpy.contour_generator(X, Y, Z)
        _LINES[key] = [(i / (levels - 1), seg) for i, v in enumerate(lv) for seg in gen.lines(v)]
    return _LINES[key]


def surface_contour(surface, ax=None, levels=25, title=True):
    """Contour lines of a surface (start ●, minima ★), darker where the function is lower."""
    import matplotlib as mpl
    from matplotlib.collections import LineCollection

    s = SURFACES[surface] if isinstance(surface, str) else surface
    ax = new_axes(ax, figsize=(5, 4))
    lines = contour_lines(s, levels=levels)
    colors = mpl.colormaps["Greys_r"]([0.2 + 0.6 * f for f, _ in lines])
    ax.add_collection(LineCollection([seg for _, seg in lines], colors=colors, linewidths=0.7))
    for m in s.minima:
        ax.plot(*m, marker="*", ms=13, color="k", ls="none", zorder=5)
    ax.plot(*s.start, marker="o", ms=6, color="k", ls="none", zorder=5)
    ax.set(xlim=s.xlim, ylim=s.ylim, xlabel="x", ylabel="y")
    if title:
        ax.set_title(s.name, fontsize=10)
    return ax


def optimizer_paths_figure(surface, paths, ax=None, legend="best", title=True, markers=True):
    """A surface's contours with one coloured path per optimizer (start ●, minimum ★).

    Args:
        surface: a :class:`Surface` or a key of ``SURFACES``.
        paths: ``{label: array (T, 2)}``, e.g. from :func:`optimizer_paths`.
        legend: a legend location (``"best"``, ``"upper right"``...) or False.
        markers: mark every step with a dot (shows the step sizes).
    """
    ax = surface_contour(surface, ax=ax, title=title)
    for i, (label, path) in enumerate(paths.items()):
        ax.plot(path[:, 0], path[:, 1], "-", lw=1.6, color=COLORS[i % len(COLORS)],
                label=label, marker="." if markers else None, ms=2.5)
    if legend and paths:
        ax.legend(fontsize=9, loc=legend, framealpha=0.85)
    return ax


def lr_schedule_curves(schedules, ax=None, logy=False):
    """Learning rate against step, one line per schedule (``{label: lrs}``)."""
    ax = new_axes(ax, figsize=(6, 3.5))
    for i, (label, lrs) in enumerate(schedules.items()):
        ax.plot(np.arange(len(lrs)), lrs, lw=2, color=COLORS[i % len(COLORS)], label=label)
    if logy:
        ax.set_yscale("log")
    ax.set(xlabel="step (or epoch)", ylabel="learning rate", title="Learning-rate schedules")
    ax.legend(fontsize=9)
    return ax


def optimizer_loss_curves(curves, ax=None, xlabel="step", ylabel="training loss",
                          title="Loss during training", logy=True, smooth=1, logx=False, x=None):
    """Loss (or any quantity) against step, one line per optimizer (``{label: values}``).

    ``smooth=k`` draws a running mean over k points (mini-batch losses are noisy); ``x``
    gives the x values (default 0, 1, 2, ...).
    """
    ax = new_axes(ax, figsize=(6, 3.5))
    for i, (label, y) in enumerate(curves.items()):
        y = np.asarray(y, dtype=float)
        xs = np.arange(len(y)) if x is None else np.asarray(x)
        if smooth > 1 and len(y) >= smooth:
            y = np.convolve(y, np.ones(smooth) / smooth, mode="valid")
            xs = xs[smooth - 1:]                # each mean drawn at its window's last step
        ax.plot(xs, y, lw=1.8, color=COLORS[i % len(COLORS)], label=label)
    if logy:
        ax.set_yscale("log")
    if logx:
        ax.set_xscale("log")
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title)
    ax.legend(fontsize=9)
    return ax


def step_size_curves(curves, ax=None, title="Step size per iteration"):
    """Size of each update ``|w_t - w_{t-1}|`` against step, log-log (``{label: sizes}``)."""
    ax = new_axes(ax, figsize=(6, 3.5))
    for i, (label, y) in enumerate(curves.items()):
        t = np.arange(1, len(y) + 1)
        ax.loglog(t, y, lw=2, color=COLORS[i % len(COLORS)], label=label)
    ax.set(xlabel="step t", ylabel="|update|", title=title)
    ax.legend(fontsize=9)
    return ax


def gradient_noise_curve(batch_sizes, rel_errors, ax=None):
    """Relative error of mini-batch gradients against batch size (log-log), with a 1/sqrt(B) guide."""
    ax = new_axes(ax, figsize=(5.5, 3.5))
    b, e = np.asarray(batch_sizes, float), np.asarray(rel_errors, float)
    ax.loglog(b, e, "o-", color=COLORS[0], lw=2, label="measured")
    ax.loglog(b, e[0] * np.sqrt(b[0] / b), "--", color="0.4", label=r"$\propto 1/\sqrt{B}$")
    ax.set(xlabel="batch size B", ylabel="‖g_batch − g_full‖ / ‖g_full‖",
           title="Mini-batch gradients are noisy estimates")
    ax.legend(fontsize=9)
    return ax
