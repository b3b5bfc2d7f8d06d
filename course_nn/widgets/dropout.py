"""Live experiments: dropout.

``dropout_explorer()``: a dropout-rate slider over a large ReLU net trained on a small, noisy
two-moons set. One net per dropout rate on the slider's grid is trained when the explorer is
built (``cnn.fit``, Adam); moving the slider only redraws: the decision boundary of that net
with its training and validation points, and its training/validation loss curves beside the
curves of the net without dropout.

``train_dropout_grid`` does the training and is usable on its own.
"""
from __future__ import annotations

import numpy as np

from .explorer import Explorer
from .initialization import _fast_log_axis

__all__ = ["dropout_explorer", "train_dropout_grid"]


def train_dropout_grid(ps=(0.0, 0.2, 0.4, 0.6), n_train=100, n_val=300, noise=0.3, width=128,
                       epochs=150, batch_size=25, lr=0.01, resolution=150, rng=0, progress=None):
    """Train one ``mlp([2, width, width, 2], dropout=p)`` per drop probability p.

    Args:
        ps: drop probabilities (PyTorch's convention: p is the probability of *dropping*).
        n_train, n_val, noise: the two-moons data (few, noisy training points: easy to overfit).
        width, epochs, batch_size, lr: the net and its training (Adam).
        resolution: grid points per axis for the decision boundary.
        rng: seed of the data, the weights and the masks (the same for every p).
        progress: optional callback ``progress(fraction)``.

    Returns:
        dict with ``X, y, X_val, y_val``, ``extent`` of the grid and per p (``runs[p]``): the
        History, the class-1 probability on the grid ``prob``, and eval-mode ``train_acc``,
        ``val_acc``, ``train_loss``, ``val_loss`` at the end.
    """
    from .. import CrossEntropyLoss, evaluate, fit, mlp, optim, predict
    from ..datasets import moons
    from ..functional import softmax
    from ..plots.dropout import boundary_lines

    X, y = moons(n=n_train + n_val, noise=noise, rng=rng)
    X_tr, y_tr, X_val, y_val = X[:n_train], y[:n_train], X[n_train:], y[n_train:]
    extent, grid = _grid(X, resolution)
    out = {"X": X_tr, "y": y_tr, "X_val": X_val, "y_val": y_val, "extent": extent, "runs": {}}
    loss_fn = CrossEntropyLoss()
    for i, p in enumerate(ps):
        net = mlp([2, width, width, 2], dropout=p, rng=rng)
        hist = fit(net, loss_fn, optim.Adam(net.parameters(), lr=lr), X_tr, y_tr, epochs=epochs,
                   batch_size=batch_size, rng=rng, val_data=(X_val, y_val), progress=False)
        tr, va = evaluate(net, loss_fn, X_tr, y_tr), evaluate(net, loss_fn, X_val, y_val)
        prob = softmax(predict(net, grid))[:, 1].reshape(resolution, resolution)
        out["runs"][p] = {"history": hist, "prob": prob, "train_acc": tr["acc"],
                          "boundary": boundary_lines(extent, prob),
                          "val_acc": va["acc"], "train_loss": tr["loss"], "val_loss": va["loss"]}
        if progress is not None:
            progress((i + 1) / len(ps))
    return out


def _grid(X, resolution, margin=0.5):
    """(extent, points): a resolution x resolution grid over the data, row = y, column = x."""
    lo, hi = X.min(0) - margin, X.max(0) + margin
    gx, gy = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    return (lo[0], hi[0], lo[1], hi[1]), np.c_[gx.ravel(), gy.ravel()]


def _loss_curves(ax, runs, colors):
    """Training (solid) and validation (dashed) loss of each ``{label: History}``, log scale."""
    for (label, h), c in zip(runs.items(), colors):
        epochs = np.arange(1, len(h.train_loss) + 1)
        ax.plot(epochs, h.train_loss, color=c, lw=1.5, label=f"{label}: training")
        ax.plot(epochs, h.val_loss, color=c, lw=1.5, ls="--", label=f"{label}: validation")
    _fast_log_axis(ax, np.concatenate([np.ravel(h.train_loss + h.val_loss) for h in runs.values()]))
    ax.set_xlabel("epoch")
    ax.set_ylabel("cross-entropy loss")
    ax.set_title("training loss (with dropout on) and validation loss", fontsize=9, y=1.01)
    ax.legend(fontsize=9)


def dropout_explorer(ps=(0.0, 0.2, 0.4, 0.6), p=0.4, **train_kwargs):
    """A dropout-rate slider: decision boundary and train/validation loss curves.

    All nets are trained when the explorer is built (a few seconds); ``train_kwargs`` go to
    :func:`train_dropout_grid`. ``ex.result``: ``p``, eval-mode ``train_acc``, ``val_acc``,
    ``train_loss``, ``val_loss`` and ``gap`` (training minus validation accuracy).
    """
    import ipywidgets as w

    from matplotlib.ticker import MaxNLocator

    from ..plots._style import COLORS
    from ..plots.dropout import probability_map

    data = train_dropout_grid(ps=ps, **train_kwargs)
    controls = {"p": w.SelectionSlider(options=list(ps), value=p,
                                       description="drop p", continuous_update=True)}

    art = {}                                   # the artists, built by the first draw

    def draw(fig, p):
        run, base = data["runs"][p], data["runs"][ps[0]]
        title = (f"dropout p = {p:g}: training acc {run['train_acc']:.0%}, validation acc "
                 f"{run['val_acc']:.0%}\n(filled: training points, hollow: validation points)")
        curves = {f"p = {ps[0]:g}": base["history"], f"p = {p:g}": run["history"]}
        if not art:                            # first draw: build; later: update in place
            fig.set_layout_engine(None)
            fig.subplots_adjust(left=0.07, right=0.98, bottom=0.14, top=0.9, wspace=0.4)
            ax1, ax2 = fig.subplots(1, 2)
            probability_map(data["extent"], run["prob"], data["X"], data["y"], ax=ax1,
                            X_val=data["X_val"], y_val=data["y_val"], boundary=run["boundary"],
                            title=None, legend=False)
            art.update(ax1=ax1, ax2=ax2, im=ax1.images[0], bounds=list(ax1.lines),
                       title=ax1.set_title(title, fontsize=9, y=1.01))
            for ax in (ax1, ax2):
                ax.xaxis.set_major_locator(MaxNLocator(5))
            ax1.yaxis.set_major_locator(MaxNLocator(5))
            _loss_curves(ax2, curves, ["0.6", COLORS[0]])
            return _summary(p, run)
        ax1, ax2 = art["ax1"], art["ax2"]
        art["im"].set_data(run["prob"])
        for line in art["bounds"]:
            line.remove()
        art["bounds"] = [ax1.plot(ln[:, 0], ln[:, 1], color="k", lw=1.0)[0] for ln in run["boundary"]]
        art["title"].set_text(title)
        for line in ax2.get_lines():            # 2 or 4 curves (p = 0 is drawn once): redraw them
            line.remove()
        ax2.relim()
        _loss_curves(ax2, curves, ["0.6", COLORS[0]])
        return _summary(p, run)

    def _summary(p, run):
        return {"p": p, "train_acc": run["train_acc"], "val_acc": run["val_acc"],
                "train_loss": run["train_loss"], "val_loss": run["val_loss"],
                "gap": run["train_acc"] - run["val_acc"]}

    return Explorer(controls, draw, figsize=(9.5, 4), clear=False,
                    title="Dropout: move the drop probability p (nets trained in advance)")
