"""Live experiments: the MNIST-1D capstone.

``confusion_explorer(y_true, predictions, X)``: pick a model and a class; see the confusion
matrix, the class's accuracy, and a few test signals of that class the model got wrong.
``train_explorer()``: press Train to train an MLP with the chosen hyperparameters (a short run)
and see its learning curves.
"""
from __future__ import annotations

import numpy as np

from .explorer import Explorer

__all__ = ["confusion_explorer", "train_explorer"]


def confusion_explorer(y_true, predictions, X=None, model=None, cls=0):
    """Confusion matrix of several models' predictions, a chosen class outlined, and a few test
    signals of that class the model got wrong.

    Args:
        y_true: the true labels, shape (N,).
        predictions: ``{model name: predicted labels (N,)}``.
        X: the inputs (N, 40); if given, up to 4 misclassified signals of the chosen class are drawn.

    ``ex.result``: ``{"accuracy", "class_accuracy", "confused_with"}`` for the chosen model and
    class (``confused_with``: the class it is most often mistaken for).
    """
    import ipywidgets as w

    from matplotlib.patches import Rectangle

    from ..plots._style import COLORS
    from ..plots.capstone import confusion_counts, confusion_heatmap

    y_true = np.asarray(y_true)
    n_classes = int(y_true.max()) + 1
    cms = {k: confusion_counts(y_true, p, n_classes) for k, p in predictions.items()}   # once
    preds = {k: np.asarray(p) for k, p in predictions.items()}
    names = list(predictions)
    controls = {
        "model": w.Dropdown(options=names, value=model or names[-1], description="model"),
        "cls": w.IntSlider(value=cls, min=0, max=n_classes - 1, description="class"),
        "normalize": w.Checkbox(value=True, description="row-normalized"),
    }

    def draw(fig, model, cls, normalize):
        cm = cms[model]
        per_class = cm.diagonal() / np.maximum(cm.sum(axis=1), 1)
        overall = cm.trace() / cm.sum()
        row = cm[cls].copy()
        row[cls] = -1
        confused = int(row.argmax())
        fig.set_layout_engine("none")      # fixed positions: much faster than a constrained layout
        a1 = fig.add_axes((0.07, 0.14, 0.36, 0.74) if X is not None else (0.1, 0.14, 0.8, 0.74))
        confusion_heatmap(cm, ax=a1, normalize=normalize, colorbar=True, rows=[cls],
                          title=f"{model}: test accuracy {overall:.1%}")
        a1.add_patch(Rectangle((-0.5, cls - 0.5), n_classes, 1, fill=False, ec=COLORS[3], lw=2))
        if X is not None:
            a2 = fig.add_axes((0.52, 0.14, 0.45, 0.74))
            wrong = np.flatnonzero((y_true == cls) & (preds[model] != cls))[:4]
            for k, i in enumerate(wrong):
                a2.plot(X[i], color=COLORS[k], lw=1.3, label=f"predicted {preds[model][i]}")
            a2.set(title=f"class {cls}: {per_class[cls]:.0%} correct, most often taken for {confused}",
                   xlabel="position (misclassified test signals)", yticks=[], xticks=[0, 10, 20, 30, 39])
            if len(wrong):
                a2.legend(fontsize=9, loc="upper right")
        return {"accuracy": float(overall), "class_accuracy": float(per_class[cls]),
                "confused_with": confused}

    return Explorer(controls, draw, figsize=(9.5, 3.8), title="Where do the models go wrong?")


def train_explorer(lr=3e-3, width=100, dropout=0.1, weight_decay=1e-3, epochs=15, seed=0):
    """Press Train: an MLP 40-width-width-10 on MNIST-1D (AdamW) with these hyperparameters;
    the figure shows training and validation accuracy per epoch.

    ``ex.result``: ``{"val_acc", "best_val_acc", "train_acc"}`` (from ``experiments.train_mlp``).
    """
    import ipywidgets as w

    import course_nn as cnn

    from ..experiments import train_mlp
    from ..plots._style import COLORS

    controls = {
        "lr": w.FloatLogSlider(value=lr, base=10, min=-4, max=-1, step=0.25, description="lr",
                               readout_format=".1e"),
        "width": w.IntSlider(value=width, min=16, max=512, step=16, description="width"),
        "dropout": w.FloatSlider(value=dropout, min=0.0, max=0.6, step=0.05, description="dropout"),
        "weight_decay": w.FloatLogSlider(value=weight_decay, base=10, min=-5, max=0, step=0.5,
                                         description="weight decay", readout_format=".0e",
                                         style={"description_width": "initial"}),
        "epochs": w.IntSlider(value=epochs, min=1, max=60, description="epochs"),
    }

    def draw(fig, lr, width, dropout, weight_decay, epochs, progress):
        ax = fig.add_subplot()
        if draw.first:
            draw.first = False
            ax.text(0.5, 0.5, "choose hyperparameters and press Train", ha="center", va="center",
                    transform=ax.transAxes, fontsize=11)
            ax.set(xlabel="epoch", ylabel="accuracy", xticks=[], yticks=[])
            return None
        try:
            r = train_mlp(lr=lr, weight_decay=weight_decay, width=width, dropout=dropout,
                          epochs=epochs, seed=seed,
                          callbacks=[lambda epoch, _h, _m: progress((epoch + 1) / epochs)])
        except cnn.TrainingDiverged:
            progress(1.0)
            ax.text(0.5, 0.5, "diverged: lower the learning rate", ha="center", va="center",
                    transform=ax.transAxes)
            return {"val_acc": float("nan"), "best_val_acc": float("nan"), "train_acc": float("nan")}
        progress(1.0)
        hist = r["history"]
        ep = np.arange(1, len(hist["val_acc"]) + 1)
        ax.plot(ep, hist["train_acc"], color=COLORS[0], lw=2, label="training")
        ax.plot(ep, hist["val_acc"], color=COLORS[1], lw=2, label="validation")
        ax.set(xlabel="epoch", ylabel="accuracy", ylim=(0, 1),
               title=f"best validation accuracy {r['best_val_acc']:.3f}")
        ax.legend(fontsize=9)
        return {k: r[k] for k in ("val_acc", "best_val_acc", "train_acc")}

    draw.first = True
    return Explorer(controls, draw, figsize=(6.5, 3.6), button="Train",
                    title="Train an MLP on MNIST-1D")
