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

from ._base import Explorer

__all__ = ["dropout_explorer", "train_dropout_grid"]


def train_dropout_grid(ps=(0.0, 0.2, 0.4, 0.6), n_train=100, n_val=300, noise=0.3, width=128,
                       epochs=150, batch_size=25, lr=0.01, resolution=80, rng=0, progress=None):
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

    X, y = moons(n=n_train + n_val, noise=noise, rng=rng)
    X_tr, y_tr, X_val, y_val = X[:n_train], y[:n_train], X[n_train:], y[n_train:]
    lo, hi = X.min(0) - 0.5, X.max(0) + 0.5
    gx, gy = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    grid = np.c_[gx.ravel(), gy.ravel()]
    out = {"X": X_tr, "y": y_tr, "X_val": X_val, "y_val": y_val,
           "extent": (lo[0], hi[0], lo[1], hi[1]), "runs": {}}
    loss_fn = CrossEntropyLoss()
    for i, p in enumerate(ps):
        net = mlp([2, width, width, 2], dropout=p, rng=rng)
        hist = fit(net, loss_fn, optim.Adam(net.parameters(), lr=lr), X_tr, y_tr, epochs=epochs,
                   batch_size=batch_size, rng=rng, val_data=(X_val, y_val), progress=False)
        tr, va = evaluate(net, loss_fn, X_tr, y_tr), evaluate(net, loss_fn, X_val, y_val)
        prob = softmax(predict(net, grid))[:, 1].reshape(gx.shape)
        out["runs"][p] = {"history": hist, "prob": prob, "train_acc": tr["acc"],
                          "val_acc": va["acc"], "train_loss": tr["loss"], "val_loss": va["loss"]}
        if progress is not None:
            progress((i + 1) / len(ps))
    return out


def dropout_explorer(ps=(0.0, 0.2, 0.4, 0.6), p=0.4, **train_kwargs):
    """A dropout-rate slider: decision boundary and train/validation loss curves.

    All nets are trained when the explorer is built (a few seconds); ``train_kwargs`` go to
    :func:`train_dropout_grid`. ``ex.result``: ``p``, eval-mode ``train_acc``, ``val_acc``,
    ``train_loss``, ``val_loss`` and ``gap`` (training minus validation accuracy).
    """
    import ipywidgets as w

    from ..plots._style import COLORS
    from ..plots.dropout import probability_map

    data = train_dropout_grid(ps=ps, **train_kwargs)
    controls = {"p": w.SelectionSlider(options=list(ps), value=p,
                                       description="drop p", continuous_update=True)}

    def draw(fig, p):
        run, base = data["runs"][p], data["runs"][ps[0]]
        fig.set_layout_engine(None)
        fig.subplots_adjust(left=0.07, right=0.98, bottom=0.14, top=0.9, wspace=0.25)
        ax1, ax2 = fig.subplots(1, 2)
        probability_map(data["extent"], run["prob"], data["X"], data["y"], ax=ax1,
                        X_val=data["X_val"], y_val=data["y_val"],
                        title=f"dropout p = {p:g}: training acc {run['train_acc']:.0%}, "
                              f"validation acc {run['val_acc']:.0%}")
        ax1.legend(fontsize=7, loc="lower left", ncol=2)
        for h, c, label in ((base["history"], "0.6", f"p = {ps[0]:g}"),
                            (run["history"], COLORS[0], f"p = {p:g}")):
            epochs = np.arange(1, len(h.train_loss) + 1)
            ax2.plot(epochs, h.train_loss, color=c, lw=1.5, label=f"{label}: training")
            ax2.plot(epochs, h.val_loss, color=c, lw=1.5, ls="--", label=f"{label}: validation")
        ax2.set_yscale("log")
        ax2.set_xlabel("epoch")
        ax2.set_ylabel("cross-entropy loss")
        ax2.set_title("training loss (with dropout on) and validation loss", fontsize=9)
        ax2.legend(fontsize=7)
        return {"p": p, "train_acc": run["train_acc"], "val_acc": run["val_acc"],
                "train_loss": run["train_loss"], "val_loss": run["val_loss"],
                "gap": run["train_acc"] - run["val_acc"]}

    return Explorer(controls, draw, figsize=(9.5, 4),
                    title="Dropout: move the drop probability p (nets trained in advance)")
