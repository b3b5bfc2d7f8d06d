"""Plots for the regularization lecture: learning curves, shrinkage, priors, polynomial fits.

Each function takes already computed numbers and only draws them; ``ax=None`` makes a
new figure; each returns the Axes (or the Figure for multi-panel plots).
"""
import numpy as np
import matplotlib.pyplot as plt

from ._style import COLORS, MAX_WIDTH, new_axes

__all__ = ["learning_curves", "weight_histograms", "regularization_path", "prior_densities",
           "polynomial_fits", "fit_spread", "boundary_from_grid", "eigenvalue_spectrum",
           "validation_curves", "error_vs_lambda"]


def learning_curves(history, ax=None, key="loss", best_epoch=None, title=None):
    """Training and validation curves of a ``cnn.fit`` History, best validation epoch marked.

    Args:
        history: a History (``train_loss``, ``val_loss``, ... lists) or a dict with those keys.
        key: "loss" or "acc".
        best_epoch: epoch index (0-based) to mark; defaults to ``history.best_epoch`` if set.
    """
    ax = new_axes(ax, figsize=(6, 3.5))
    get = history.get if isinstance(history, dict) else lambda k, d=None: getattr(history, k, d)
    tr, va = np.asarray(get(f"train_{key}")), np.asarray(get(f"val_{key}"))
    epochs = np.arange(1, len(tr) + 1)
    ax.plot(epochs, tr, color=COLORS[0], lw=2, label=f"training {key}")
    ax.plot(epochs[:len(va)], va, color=COLORS[1], lw=2, label=f"validation {key}")
    if best_epoch is None:
        best_epoch = get("best_epoch")
    if best_epoch is not None and 0 <= best_epoch < len(va):
        ax.axvline(best_epoch + 1, color="0.4", ls="--", lw=1)
        ax.plot([best_epoch + 1], [va[best_epoch]], "o", color="k",
                label=f"best validation (epoch {best_epoch + 1})")
    ax.set(xlabel="epoch", ylabel=key, title=title or f"training vs validation {key}")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=9)
    return ax


def weight_histograms(weights, ax=None, bins=40, title="weights after training", logy=True):
    """Overlaid histograms of weight values, one per named model (log count axis by default)."""
    ax = new_axes(ax, figsize=(6, 3.5))
    allw = np.concatenate([np.ravel(w) for w in weights.values()])
    edges = np.linspace(allw.min(), allw.max(), bins + 1)
    for i, (name, w) in enumerate(weights.items()):
        w = np.ravel(w)
        ax.hist(w, bins=edges, color=COLORS[i], alpha=0.55,
                label=f"{name}  (mean |w| = {np.mean(np.abs(w)):.2f})")
    ax.set(xlabel="weight value", ylabel="count" + (" (log scale)" if logy else ""), title=title)
    if logy:
        ax.set_yscale("log")
    ax.legend(fontsize=9)
    return ax


def regularization_path(lams, paths, xlabel="$\\lambda$"):
    """One panel per penalty: each coefficient against lambda (log x).

    Args:
        lams: the lambda values.
        paths: dict name -> array (len(lams), n_coefficients).
    """
    fig, axes = plt.subplots(1, len(paths), figsize=(min(4.5 * len(paths), MAX_WIDTH), 3.6),
                             layout="constrained", sharey=True)
    axes = np.atleast_1d(axes)
    for ax, (name, coef) in zip(axes, paths.items()):
        coef = np.asarray(coef)
        for j in range(coef.shape[1]):
            ax.plot(lams, coef[:, j], color=COLORS[j % len(COLORS)], lw=2, label=f"$w_{j + 1}$")
        ax.axhline(0, color="k", lw=0.8)
        zeros = int(np.sum(coef[-1] == 0))
        ax.set(xscale="log", xlabel=xlabel, title=f"{name}")
        ax.text(0.02, 0.03, f"exact zeros at largest $\\lambda$: {zeros}/{coef.shape[1]}",
                transform=ax.transAxes, fontsize=9)
        ax.grid(alpha=0.3)
    axes[0].set_ylabel("coefficient")
    axes[-1].legend(fontsize=9, loc="upper right")
    return fig


def prior_densities(w, densities, neg_logs):
    """Two panels: prior densities p(w), and their negative logs (the penalties)."""
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(9, 3.4), layout="constrained")
    for i, name in enumerate(densities):
        a1.plot(w, densities[name], color=COLORS[i], lw=2, label=name)
        a2.plot(w, neg_logs[name], color=COLORS[i], lw=2, label=name)
    a1.set(xlabel="weight w", ylabel="density p(w)", title="priors")
    a2.set(xlabel="weight w", ylabel="$-\\log p(w)$ + const", title="their negative logs = penalties")
    for a in (a1, a2):
        a.grid(alpha=0.3)
        a.legend(fontsize=9)
    return fig


def polynomial_fits(x, y, xs, fits, truth=None, ax=None, ylim=None, title="polynomial fits",
                    x_val=None, y_val=None):
    """Training points, the true function and several fitted curves on a dense grid ``xs``."""
    ax = new_axes(ax, figsize=(6, 3.8))
    if truth is not None:
        ax.plot(xs, truth, color="0.3", lw=1.5, ls=":", label="true function")
    for i, (name, f) in enumerate(fits.items()):
        ax.plot(xs, f, color=COLORS[i], lw=2, label=name)
    ax.plot(x, y, "o", color="k", ms=6, label="training points")
    if x_val is not None:
        ax.plot(x_val, y_val, "s", mfc="none", color="0.4", ms=5, label="validation points")
    if ylim is None:
        lo, hi = np.min(y), np.max(y)
        pad = 0.6 * (hi - lo)
        ylim = (lo - pad, hi + pad)
    ax.set(xlabel="x", ylabel="y", ylim=ylim, title=title)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=9, loc="best")
    return ax


def fit_spread(xs, fits, truth, x_train=None, ylim=None):
    """One panel per model: fits to many resampled training sets (thin lines), their mean
    (thick) and the truth; titles give the measured bias^2 and variance (averaged over xs).
    One legend for all panels, below them, so it hides no curve."""
    fig, axes = plt.subplots(1, len(fits), figsize=(min(3.2 * len(fits), MAX_WIDTH), 3.8),
                             layout="constrained", sharey=True)
    axes = np.atleast_1d(axes)
    for i, (ax, (name, F)) in enumerate(zip(axes, fits.items())):
        F = np.asarray(F)
        for f in F[:30]:
            ax.plot(xs, f, color=COLORS[i], lw=0.6, alpha=0.35)
        mean = F.mean(axis=0)
        ax.plot(xs, truth, color="k", lw=1.5, ls=":", label="truth")
        ax.plot(xs, mean, color=COLORS[i], lw=2.5, label="mean fit")
        bias2 = np.mean((mean - truth) ** 2)
        var = np.mean(F.var(axis=0))
        ax.set_title(f"{name}\nbias$^2$ = {bias2:.3g}, variance = {var:.3g}", fontsize=9.5)
        ax.set_xlabel("x")
        if x_train is not None:
            ax.plot(np.ravel(x_train), np.full(np.size(x_train), ylim[0] if ylim else 0.0), "|",
                    color="k", ms=12, mew=1.5, label="training x")
        ax.grid(alpha=0.3)
    from matplotlib.lines import Line2D
    handles = [Line2D([], [], color="k", lw=1.5, ls=":", label="truth"),
               Line2D([], [], color="0.35", lw=2.5, label="mean fit"),
               Line2D([], [], color="0.35", lw=0.6, label="fits to single training sets (30 shown)")]
    if x_train is not None:
        handles.append(Line2D([], [], color="k", marker="|", ms=12, mew=1.5, ls="none", label="training x"))
    fig.legend(handles=handles, loc="outside lower center", ncols=len(handles), fontsize=9)
    if ylim is not None:
        axes[0].set_ylim(ylim)
    axes[0].set_ylabel("y")
    return fig


def boundary_from_grid(xx, yy, prob, X, y, ax=None, title="", colorbar=True):
    """A 2-D classifier's class-1 probability on a grid (filled contours, 0.5 line) and points."""
    ax = new_axes(ax, figsize=(4.5, 4))
    im = ax.imshow(prob, origin="lower", extent=(xx.min(), xx.max(), yy.min(), yy.max()), cmap="RdBu_r",
                   vmin=0, vmax=1, alpha=0.6, aspect="auto", interpolation="bilinear")
    if colorbar:
        ax.figure.colorbar(im, ax=ax, label="P(class 1)", ticks=[0, 0.5, 1], fraction=0.05, pad=0.02)
    ax.contour(xx, yy, prob, levels=[0.5], colors="k", linewidths=2)
    for c in np.unique(y):
        m = y == c
        ax.plot(X[m, 0], X[m, 1], "o", ms=4, mec="k", mew=0.5,
                color=COLORS[0] if c == 0 else COLORS[1], label=f"class {int(c)}")
    ax.set(xlabel="$x_1$", ylabel="$x_2$", title=title, xlim=(xx.min(), xx.max()),
           ylim=(yy.min(), yy.max()))
    ax.legend(fontsize=9, loc="lower right")
    return ax


def eigenvalue_spectrum(eigenvalues, ax=None, title="eigenvalues of $X^\\top X + \\lambda I$"):
    """Sorted eigenvalues (log y), one line per named matrix; exact zeros drawn at 1e-17."""
    ax = new_axes(ax, figsize=(6, 3.6))
    for i, (name, ev) in enumerate(eigenvalues.items()):
        ev = np.sort(np.abs(np.asarray(ev, dtype=float)))[::-1]
        ax.plot(np.arange(1, len(ev) + 1), np.maximum(ev, 1e-17), "o-", ms=4, color=COLORS[i],
                lw=2, label=f"{name}: condition number {ev[0] / max(ev[-1], 1e-300):.1e}")
    ax.set(yscale="log", xlabel="eigenvalue index (largest first)", ylabel="eigenvalue", title=title)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=9)
    return ax


def validation_curves(histories, ax=None, key="val_loss", title="validation loss"):
    """One curve per named History (or dict): ``key`` against the epoch."""
    ax = new_axes(ax, figsize=(6, 3.5))
    for i, (name, h) in enumerate(histories.items()):
        v = np.asarray(h[key] if isinstance(h, dict) else getattr(h, key))
        ax.plot(np.arange(1, len(v) + 1), v, color=COLORS[i], lw=2, label=name)
    ax.set(xlabel="epoch", ylabel=key.replace("_", " "), title=title)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=9)
    return ax


def _mark_chosen(ax, lams, i, name):
    """Triangles at the bottom (row i) where lambda was chosen, "x k" when k seeds chose it."""
    xs, counts = np.unique(lams, return_counts=True)
    y = 0.03 + 0.07 * i                        # axes coordinates: one row of marks per curve
    ax.plot(xs, np.full(len(xs), y), "v", ms=7, color=COLORS[i], transform=ax.get_xaxis_transform(),
            label=f"{name}: lambda chosen (x k: k seeds)")
    for xv, k in zip(xs, counts):
        if k > 1:
            ax.annotate(f"x{k}", (xv, y), xycoords=ax.get_xaxis_transform(), xytext=(6, 0),
                        textcoords="offset points", color=COLORS[i], fontsize=9, va="center")


def error_vs_lambda(lams, curves, ax=None, ylabel="validation error", title=None, logy=False,
                    chosen=None, ylim=None, legend=True):
    """Mean ± sd over seeds of an error against the penalty strength lambda (log x).

    Args:
        lams: the lambdas, shape (L,); a leading 0 is drawn one decade left of the smallest
            positive lambda, on a tick labelled "0".
        curves: name -> array of shape (seeds, L); each is drawn as its mean with a band of ± 1 sd.
            With ``logy``, where mean - sd <= 0 the band runs down to the bottom edge of the axes.
        chosen: optional name -> list of the lambdas chosen per seed, marked at the bottom
            ("x k" where k seeds chose the same lambda).
        ylim: optional (bottom, top) of the error axis.
        legend: draw the legend in the Axes (False: the caller draws one, e.g. for two panels).
    """
    ax = new_axes(ax, figsize=(6.2, 3.8))
    lams = np.asarray(lams, dtype=float)
    pos = lams[lams > 0]
    x = np.where(lams > 0, lams, pos.min() / 10)
    stats = {name: (np.asarray(v, dtype=float).mean(axis=0), np.asarray(v, dtype=float).std(axis=0, ddof=1),
                    len(v)) for name, v in curves.items()}
    bottom = None
    if logy:                                   # where mean - sd <= 0 the band runs to the bottom edge
        positive = [x for m, sd, _ in stats.values() for x in np.concatenate([m, m - sd]) if x > 0]
        bottom = ylim[0] if ylim is not None else min(positive) / 2
    for i, (name, (m, sd, n)) in enumerate(stats.items()):
        lo = np.where(m - sd > 0, m - sd, bottom) if logy else m - sd
        ax.plot(x, m, "o-", ms=3, lw=2, color=COLORS[i], label=f"{name} (mean ± sd, {n} seeds)")
        ax.fill_between(x, lo, m + sd, color=COLORS[i], alpha=0.2, lw=0)
    for i, (name, lam_list) in enumerate((chosen or {}).items()):
        _mark_chosen(ax, [lam if lam > 0 else pos.min() / 10 for lam in lam_list], i, name)
    ax.set_xscale("log")
    if (lams == 0).any():
        ticks = [pos.min() / 10] + [10.0 ** k for k in range(int(np.ceil(np.log10(pos.min()))),
                                                              int(np.floor(np.log10(pos.max()))) + 1)]
        step = int(np.ceil(len(ticks) / 7))   # at most 7 labels: they must not touch on a narrow Axes
        ax.set_xticks(ticks, ["0"] + [f"$10^{{{int(np.log10(t))}}}$" if (len(ticks) - 1 - k) % step == 0
                                      else "" for k, t in enumerate(ticks[1:], start=1)])
        ax.minorticks_off()
    if logy:
        ax.set_yscale("log")
    if ylim is not None:
        ax.set_ylim(*ylim)
    elif logy:
        ax.set_ylim(bottom=bottom)
    ax.set(xlabel="$\\lambda$", ylabel=ylabel, title=title or f"{ylabel} against $\\lambda$")
    ax.grid(alpha=0.3)
    if legend:
        ax.legend(fontsize=9)
    return ax
