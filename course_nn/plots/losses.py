"""Plots for the losses lecture: likelihoods, loss curves, saturation, stability.

Every function takes already computed numbers (the notebook computes them with the
package) and only draws them; each takes ``ax=None`` and returns the Axes or Figure.
"""
import numpy as np
import matplotlib.pyplot as plt

from ._style import COLORS, new_axes

__all__ = ["loss_curves", "likelihood_vs_loss", "probability_bars", "entropy_kl_bars",
           "saturation_race", "stability_curves"]


def loss_curves(x, curves, xlabel="", ylabel="loss", title="", ax=None, logy=False,
                marks=None, vline=None):
    """Several named curves over one x axis.

    Args:
        x: shared x values, or a dict name -> x values (one per curve).
        curves: dict name -> y values (nan/inf points are left out).
        marks: optional dict name -> (x, y) of a point to mark and annotate.
        vline: optional x position of a dashed vertical line.
    """
    ax = new_axes(ax)
    for i, (name, y) in enumerate(curves.items()):
        xi = np.asarray(x[name] if isinstance(x, dict) else x, dtype=float)
        y = np.asarray(y, dtype=float)
        ok = np.isfinite(y)
        ax.plot(xi[ok], y[ok], color=COLORS[i % len(COLORS)], lw=2, label=name)
    for i, (name, (mx, my)) in enumerate((marks or {}).items()):
        ax.plot([mx], [my], "o", color="k", ms=6, zorder=5)
        ax.annotate(name, (mx, my), textcoords="offset points", xytext=(6, 6), fontsize=9)
    if vline is not None:
        ax.axvline(vline, color="0.5", ls="--", lw=1)
    if logy:
        ax.set_yscale("log")
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=9)
    return ax


def likelihood_vs_loss(pred, nll, loss_scaled, y=None, ax=None):
    """Gaussian negative log-likelihood and the scaled MSE (+ constant) over one prediction.

    Args:
        pred: the candidate predictions (x axis).
        nll: the summed negative log-likelihood at each candidate.
        loss_scaled: the MSE term shifted/scaled to be comparable (same minimiser).
        y: optional targets, drawn as ticks on the x axis.
    """
    ax = new_axes(ax)
    ax.plot(pred, nll, color=COLORS[0], lw=4, alpha=0.6, label="Gaussian NLL  $-\\log p(y\\mid\\mu)$")
    ax.plot(pred, loss_scaled, color=COLORS[1], lw=2, ls="--",
            label="$\\frac{N}{2\\sigma^2}$ MSE + const")
    best = pred[int(np.argmin(nll))]
    ax.axvline(best, color="0.4", lw=1, ls=":")
    ax.annotate(f"minimum at {best:.2f}", (best, np.min(nll)), textcoords="offset points",
                xytext=(8, 20), fontsize=9)
    if y is not None:
        ax.plot(y, np.full(len(y), np.min(nll)), "|", color="k", ms=14, label="targets $y_i$")
    ax.set(xlabel="prediction $\\mu$ (the same for every example)", ylabel="loss",
           title="MSE is the Gaussian negative log-likelihood")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=9)
    return ax


def probability_bars(probs, label, logits=None, ax=None, title="softmax probabilities"):
    """Bars of one example's class probabilities; the true class highlighted."""
    ax = new_axes(ax)
    probs = np.asarray(probs, dtype=float)
    k = np.arange(len(probs))
    colors = [COLORS[2] if i == label else "0.7" for i in k]
    ax.bar(k, probs, color=colors)
    for i, p in enumerate(probs):
        text = f"{p:.2f}" if logits is None else f"{p:.2f}\n(z={logits[i]:g})"
        ax.text(i, p + 0.02, text, ha="center", va="bottom", fontsize=9)
    ax.set_xticks(k, [f"class {i}" + (" (true)" if i == label else "") for i in k])
    ax.set(ylabel="probability", ylim=(0, 1.15), title=title)
    return ax


def entropy_kl_bars(names, entropy, kl, ce, ax=None):
    """Stacked bars H(p) + KL(p || q) with a marker at the measured cross-entropy H(p, q)."""
    ax = new_axes(ax, figsize=(6, 3.5))
    k = np.arange(len(names))
    ax.bar(k, entropy, color=COLORS[5], label="entropy $H(p)$")
    ax.bar(k, kl, bottom=entropy, color=COLORS[1], label="KL$(p\\,\\|\\,q)$")
    ax.plot(k, ce, "k_", ms=30, mew=3, label="cross-entropy $H(p, q)$ (measured)")
    ax.set_xticks(k, names, fontsize=9)
    ax.set(ylabel="nats", title="cross-entropy = entropy + KL divergence",
           ylim=(0, 1.45 * max(np.max(ce), np.max(np.add(entropy, kl)))))
    ax.legend(fontsize=9, loc="upper center", ncol=2, markerscale=0.5)
    return ax


def saturation_race(losses, outputs, target=0.0):
    """Two panels: each loss (relative to its start) and the neuron's output against steps.

    Args:
        losses: dict name -> loss per step.
        outputs: dict name -> the neuron's output per step.
        target: the label, drawn as a dashed line in the output panel.
    """
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(9, 3.5), layout="constrained")
    for i, name in enumerate(losses):
        l = np.asarray(losses[name], dtype=float)
        a1.plot(l / l[0], color=COLORS[i], lw=2, label=name)
        a2.plot(outputs[name], color=COLORS[i], lw=2, label=name)
    a1.set(xlabel="gradient step", ylabel="loss / initial loss", title="loss (each relative to its start)")
    a2.axhline(target, color="0.4", ls="--", lw=1, label=f"target y = {target:g}")
    a2.set(xlabel="gradient step", ylabel="output  $\\sigma(wx+b)$", title="the neuron's output")
    for a in (a1, a2):
        a.grid(alpha=0.3)
        a.legend(fontsize=9)
    return fig


def stability_curves(scale, naive, stable, ax=None, what="cross-entropy"):
    """A naive and a stable computation as the logits grow; where the naive one breaks
    (nan or inf) a red cross marks the first failure."""
    ax = new_axes(ax)
    scale = np.asarray(scale, dtype=float)
    naive = np.asarray(naive, dtype=float)
    ax.plot(scale, stable, color=COLORS[0], lw=4, alpha=0.6, label="stable (package)")
    ok = np.isfinite(naive)
    ax.plot(scale[ok], naive[ok], color=COLORS[3], lw=2, ls="--", label="naive")
    if not ok.all():
        first = int(np.argmin(ok))
        ax.plot([scale[first]], [stable[first]], "x", color=COLORS[3], ms=12, mew=3,
                label=f"naive returns {naive[first]} (first at t = {scale[first]:.0f} on this grid)")
    ax.set(xscale="log", yscale="log", xlabel="logit scale t  (logits = t * [1, 0, -1])",
           ylabel=f"{what} of the unlikely class", title=f"naive vs stable {what}")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=9)
    return ax
