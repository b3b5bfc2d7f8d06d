"""Live experiments of the activations lesson.

- ``activation_explorer``: pick an activation; see it, its derivative, and how many units
  saturate (|derivative| below 0.05) when the pre-activations are N(0, scale^2).
- ``dead_relu_explorer``: train a ReLU MLP on MNIST-1D at a learning rate you choose (a
  Train button with a progress bar) and watch the share of dead units grow with it.
"""
from __future__ import annotations

import numpy as np

from .explorer import Explorer

__all__ = ["activation_explorer", "dead_relu_explorer"]

SATURATED = 0.05   # a unit whose local derivative is below this passes on almost no gradient


def activation_explorer(names=None, name="sigmoid", scale=3.0, rng=0):
    """Dropdown of activations and a slider for the spread of the pre-activations.

    Draws f and f', and the density of z ~ N(0, scale^2) along the bottom, red where the
    unit saturates (|f'(z)| < 0.05). ``ex.result`` holds ``max_derivative`` (on [-6, 6]) and
    ``saturated`` (the share of 4000 samples of z with |f'(z)| < 0.05).
    """
    import ipywidgets as w
    from .. import ACTIVATIONS
    from ..plots import COLORS
    from ..plots.activations import PRETTY, activation_and_derivative
    names = [n for n in (names or ACTIVATIONS) if n not in ("identity", "softmax")]
    x = np.linspace(-6, 6, 481)
    z = np.random.default_rng(rng).standard_normal(4000)
    curves = {n: activation_and_derivative(n, x) for n in names}

    def draw(fig, name, scale):
        _, fx, dfx = curves[name]
        _, _, dz = activation_and_derivative(name, z * scale)
        sat = float(np.mean(np.abs(dz) < SATURATED))
        dens = np.exp(-0.5 * (x / scale) ** 2)          # N(0, scale^2), peak drawn at height 1
        ax = _fixed_axes(fig, (0.09, 0.13, 0.88, 0.78))
        ax.axhline(0, color="0.8", lw=0.8)
        ax.fill_between(x, -2.6, -2.6 + dens, color=COLORS[2], alpha=0.3, lw=0,
                        label="where z falls: N(0, scale²)")
        ax.fill_between(x, -2.6, -2.6 + dens, where=np.abs(dfx) < SATURATED, color=COLORS[3],
                        alpha=0.6, lw=0, label=f"saturated: |f'(z)| < {SATURATED}")
        ax.plot(x, fx, color=COLORS[0], lw=2.2, label="$f(z)$")
        ax.plot(x, dfx, color=COLORS[3], lw=1.8, ls="--", label="$f'(z)$")
        ax.text(-5.8, -1.75, "where z falls", fontsize=9, color="0.3")
        ax.set_yticks([-1, 0, 1, 2, 3])
        ax.set(xlabel="pre-activation $z$", ylim=(-2.65, 3.2), xlim=(-6, 6),
               title=f"{PRETTY.get(name, name)}: max f' = {np.max(dfx):.2f};  "
                     f"{sat:.0%} of the units saturate at scale {scale:.1f}")
        ax.legend(loc="upper left", fontsize=9)
        return {"name": name, "max_derivative": float(np.max(dfx)), "saturated": sat}

    controls = {"name": w.Dropdown(options=names, value=name, description="activation"),
                "scale": w.FloatSlider(value=scale, min=0.1, max=6.0, step=0.1,
                                       description="z scale", readout_format=".1f")}
    return Explorer(controls, draw, figsize=(6.5, 3.8), title="An activation and its derivative")


def _fixed_axes(fig, rect):
    """An Axes at a fixed place: skipping the layout engine halves the redraw time."""
    fig.set_layout_engine("none")
    return fig.add_axes(rect)


def _train_relu(X, y, lr, widths, epochs, seed, progress):
    """Plain SGD (batch 32) on a He-initialised ReLU MLP; returns (model, train acc or nan)."""
    from .. import CrossEntropyLoss, TrainingDiverged, accuracy, fit, mlp, optim
    model = mlp(widths, activation="relu", rng=seed)
    opt = optim.SGD(model.parameters(), lr=lr)
    gen = np.random.default_rng(seed)
    for e in range(epochs):
        try:
            with np.errstate(all="ignore"):        # large learning rates overflow on purpose
                fit(model, CrossEntropyLoss(), opt, X, y, epochs=1, batch_size=32, rng=gen,
                    progress=False)
        except TrainingDiverged:
            return model, float("nan")
        progress((e + 1) / epochs)
    with np.errstate(all="ignore"):
        return model, float(accuracy(model(X), y))


def _activity_rates(model, X):
    """For every hidden ReLU unit of a Sequential: the share of rows of X on which it is active."""
    from .. import ReLU
    rates, h = [], X
    for layer in model:
        h = layer(h)
        if isinstance(layer, ReLU):
            rates.append((h > 0).mean(0))
    return np.concatenate(rates)


def dead_relu_explorer(lr=0.1, widths=(40, 100, 100, 10), epochs=1, seed=0, data=None):
    """Train a ReLU MLP on MNIST-1D at the chosen learning rate (press Train).

    Left: for each hidden unit, the share of training examples on which it is active (dead
    units sit at 0, marked in red). Right: dead fraction against learning rate for every run so far.
    ``ex.result`` holds ``lr``, ``dead`` (over all hidden units) and ``train_acc``.
    """
    import ipywidgets as w
    from .. import datasets
    from ..plots import COLORS, dead_fraction_curve
    if data is None:
        data = datasets.mnist1d()
    X, y = np.asarray(data["x"], dtype=np.float32), np.asarray(data["y"])
    runs = {}                                   # lr -> dead fraction of the latest run

    def draw(fig, lr, progress):
        model, acc = _train_relu(X, y, lr, list(widths), epochs, seed, progress)
        rates = _activity_rates(model, X) if np.isfinite(acc) else None
        dead = float(np.mean(rates == 0)) if rates is not None else float("nan")
        runs[lr] = dead
        ax1, ax2 = _fixed_axes(fig, (0.08, 0.15, 0.38, 0.73)), _fixed_axes(fig, (0.58, 0.15, 0.38, 0.73))
        if rates is not None:
            order = np.sort(rates)
            units = np.arange(len(order))
            ax1.bar(units, order, width=1.0, color=COLORS[0], label="alive: bar = share active")
            n_dead = int(np.sum(order == 0))
            if n_dead:       # a dead unit's bar has height 0: mark it with a red strip below the axis
                ax1.bar(units[:n_dead], -0.06, width=1.0, color="#D00000",
                        label=f"dead (never active): {n_dead} units")
                ax1.axvspan(-0.5, n_dead - 0.5, color="#D00000", alpha=0.12, lw=0)
            ax1.legend(fontsize=9, loc="upper left")
            ax1.set_title(f"lr {lr:.3g}: {dead:.0%} of hidden units dead, train accuracy {acc:.0%}",
                          fontsize=10)
        else:
            ax1.text(0.5, 0.5, "training diverged\n(the loss became NaN)", ha="center", va="center",
                     transform=ax1.transAxes, fontsize=12, color=COLORS[3])
            ax1.set_title(f"lr {lr:.3g}: diverged", fontsize=10)
        ax1.set(xlabel="hidden unit (sorted)", ylabel="share of examples where active", ylim=(-0.08, 1.12))
        lrs = sorted(v for v in runs if np.isfinite(runs[v]))
        dead_fraction_curve(lrs, {"all hidden units": [runs[v] for v in lrs]}, ax=ax2,
                            title="Runs so far (press Train again)")
        ax2.set_xlim(10 ** -2.6, 10 ** 0.8)
        return {"lr": lr, "dead": dead, "train_acc": acc}

    controls = {"lr": w.FloatLogSlider(value=lr, base=10, min=-2.5, max=0.7, step=0.1,
                                       description="learning rate", readout_format=".3g")}
    return Explorer(controls, draw, figsize=(9, 3.4), button="Train",
                    title=f"Dying ReLU: a {'-'.join(map(str, widths))} ReLU MLP on MNIST-1D, plain SGD, "
                          f"{epochs} epoch{'s' if epochs > 1 else ''}; press Train")
