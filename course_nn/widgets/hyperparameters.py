"""Live experiments: hyperparameter search.

``trials_explorer(trials)``: the trials of a finished search as a scatter (two hyperparameters
on log axes, coloured by a score); pick the axes, the score and a minimum score to show.
``random_search_explorer()``: press Run to train a few new random trials (MNIST-1D MLPs, a few
epochs each) with a progress bar, and see them on the same scatter.
"""
from __future__ import annotations

import numpy as np

from .explorer import Explorer

__all__ = ["trials_explorer", "random_search_explorer"]

_LOG_KEYS = {"lr", "weight_decay", "l2", "reg", "lam"}


def _numeric_keys(trials):
    keys = [k for k, v in trials[0].items() if isinstance(v, (int, float, np.number))
            and not isinstance(v, bool)]
    return keys


def trials_explorer(trials, x="lr", y="weight_decay", color="val_acc"):
    """Scatter of precomputed trials; controls: x, y, colour and the lowest score to show.

    Args:
        trials: a ``cnn.search`` result, or a list of flat dicts of numbers such as
            ``{"lr": .., "weight_decay": .., "val_acc": ..}``.

    ``ex.result``: ``{"shown": number of trials drawn, "best": the best trial shown}``.
    """
    import ipywidgets as w

    from ..plots.hyperparameters import flat_trials, trials_scatter

    trials = flat_trials(trials)
    keys = _numeric_keys(trials)
    scores = np.array([t.get(color, np.nan) for t in trials], dtype=float)
    lo = float(np.nanmin(scores)) if np.isfinite(scores).any() else 0.0
    hi = float(np.nanmax(scores)) if np.isfinite(scores).any() else 1.0
    controls = {
        "x": w.Dropdown(options=keys, value=x, description="x axis"),
        "y": w.Dropdown(options=keys, value=y, description="y axis"),
        "color": w.Dropdown(options=keys, value=color, description="colour"),
        "min_score": w.FloatSlider(value=lo, min=lo, max=hi, step=(hi - lo) / 50 or 0.01,
                                   description="show ≥", readout_format=".3f"),
    }

    def draw(fig, x, y, color, min_score):
        c = np.array([t.get(color, np.nan) for t in trials], dtype=float)
        keep = [t for t, v in zip(trials, c) if not np.isfinite(v) or v >= min_score - 1e-12]
        fig.set_layout_engine("none")          # fixed positions redraw faster than constrained
        ax = fig.add_axes((0.13, 0.12, 0.62, 0.8))
        cax = fig.add_axes((0.8, 0.12, 0.03, 0.8))
        finite = c[np.isfinite(c)]
        trials_scatter(keep, x=x, y=y, c=color, ax=ax, logx=x in _LOG_KEYS, logy=y in _LOG_KEYS,
                       vmin=finite.min() if finite.size else None,
                       vmax=finite.max() if finite.size else None, colorbar=False,
                       title=f"{len(keep)} of {len(trials)} trials (colour: {color})", by_round=False)
        ax.minorticks_off()                    # log axes' minor ticks cost most of a redraw
        import matplotlib.ticker as mt         # plain-text tick labels: 10^k in mathtext is
        for on, axis in ((x in _LOG_KEYS, ax.xaxis), (y in _LOG_KEYS, ax.yaxis)):   # re-parsed
            if on:                                                                   # per redraw
                axis.set_major_formatter(mt.FuncFormatter(lambda t, _: f"{t:g}"))
        if finite.size:
            import matplotlib as mpl
            norm = mpl.colors.Normalize(finite.min(), finite.max())
            fig.colorbar(mpl.cm.ScalarMappable(norm=norm, cmap="viridis"), cax=cax, label=color)
        ok = [t for t in keep if np.isfinite(t.get(color, np.nan))]
        best = max(ok, key=lambda t: t[color]) if ok else None
        return {"shown": len(keep), "best": best}

    return Explorer(controls, draw, figsize=(6.5, 4.3), title="Search trials")


def random_search_explorer(n_trials=6, epochs=3, seed=0):
    """Press Run: ``n_trials`` random MNIST-1D trials (log-uniform lr and weight decay), a progress
    bar, then the scatter of all trials run so far.

    ``ex.result``: ``{"trials": [...all so far...], "best": the best trial}``.
    """
    import ipywidgets as w

    import course_nn as cnn

    from ..experiments import train_mlp
    from ..plots.hyperparameters import trials_scatter

    history = []
    rng = np.random.default_rng(seed)
    controls = {
        "trials": w.IntSlider(value=n_trials, min=2, max=20, description="trials"),
        "epochs": w.IntSlider(value=epochs, min=1, max=10, description="epochs"),
        "lr_range": w.FloatRangeSlider(value=(-4, -1), min=-5, max=0, step=0.5,
                                       description="log10 lr"),
        "wd_range": w.FloatRangeSlider(value=(-5, -1), min=-6, max=0, step=0.5,
                                       description="log10 wd"),
    }

    def draw(fig, trials, epochs, lr_range, wd_range, progress):
        ax = fig.add_subplot()
        if draw.first:                      # the static figure: no training yet
            draw.first = False
            ax.text(0.5, 0.5, "choose the ranges and press Run to train random trials",
                    ha="center", va="center", transform=ax.transAxes, fontsize=11)
            ax.set(xlabel="lr", ylabel="weight_decay", xticks=[], yticks=[])
            return {"trials": [], "best": None}
        for i in range(trials):
            lr, wd = 10 ** rng.uniform(*lr_range), 10 ** rng.uniform(*wd_range)
            try:
                acc = train_mlp(lr=lr, weight_decay=wd, width=64, epochs=epochs,
                                seed=int(rng.integers(1 << 30)))["val_acc"]
            except cnn.TrainingDiverged:
                acc = float("nan")          # shown as a grey x
            history.append({"lr": lr, "weight_decay": wd, "val_acc": acc})
            progress((i + 1) / trials)
        trials_scatter(history, ax=ax, title=f"{len(history)} random trials so far")
        ok = [t for t in history if np.isfinite(t["val_acc"])]
        return {"trials": list(history), "best": max(ok, key=lambda t: t["val_acc"]) if ok else None}

    draw.first = True
    return Explorer(controls, draw, figsize=(6.5, 4.3), button="Run",
                    title="A new random search (MLP 40-64-64-10 on MNIST-1D)")
