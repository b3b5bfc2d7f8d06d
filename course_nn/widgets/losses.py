"""Live experiment for the losses lecture: move the true class's score, watch each loss.

    cnn.widgets.loss_explorer()
"""
import numpy as np

from ._base import Explorer

__all__ = ["loss_explorer"]

LOSS_NAMES = ("cross-entropy", "multiclass hinge", "MSE on softmax")


def _losses_and_grads(logits, label, margin):
    """Each loss and its gradient w.r.t. the true class's score, from the package's losses."""
    import course_nn as cnn

    z = np.asarray(logits, dtype=float)[None, :]
    y = np.array([label])
    out = {}
    ce = cnn.CrossEntropyLoss()
    out["cross-entropy"] = (ce(z, y), ce.backward()[0, label])
    hinge = cnn.MultiMarginLoss(margin=margin)
    out["multiclass hinge"] = (hinge(z, y), hinge.backward()[0, label])
    soft, mse = cnn.Softmax(), cnn.MSELoss()
    p = soft(z)
    onehot = np.eye(z.shape[1])[y]
    val = mse(p, onehot)
    out["MSE on softmax"] = (val, soft.backward(mse.backward())[0, label])
    return out


def loss_explorer(others=(2.0, -1.0), score_range=(-6.0, 8.0), margin=1.0):
    """Slide the true class's score (logit) of a 3-class example; see three losses and
    their gradients with respect to that score.

    Class 0 is the true class; the other classes keep the scores ``others``. Left: each loss
    against the true-class score (the dot is the current score). Right: the gradient
    dL/ds_true at the current score. The hinge loss reaches exactly 0 once the true score
    beats every other score by the margin; cross-entropy keeps shrinking but never reaches 0;
    MSE on softmax probabilities has a tiny gradient when the example is badly wrong.

    Note: the hinge loss is ``cnn.MultiMarginLoss`` (PyTorch's form: the sum over wrong
    classes divided by the number of classes C); MSE is ``cnn.MSELoss`` (mean, no 1/2).

    Returns:
        An Explorer; ``ex.result`` holds each loss and gradient at the current score.
    """
    import ipywidgets as w

    grid = np.linspace(*score_range, 141)
    curves_cache = {}

    def curves(m):
        if m not in curves_cache:
            vals = [_losses_and_grads([s, *others], 0, m) for s in grid]
            curves_cache[m] = {k: np.array([v[k][0] for v in vals]) for k in LOSS_NAMES}
        return curves_cache[m]

    def draw(fig, score, margin):
        from course_nn.plots import COLORS

        a1, a2 = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.6, 1]})
        now = _losses_and_grads([score, *others], 0, margin)
        for i, (name, c) in enumerate(curves(margin).items()):
            a1.plot(grid, c, color=COLORS[i], lw=2, label=f"{name} = {now[name][0]:.3f}")
            a1.plot([score], [now[name][0]], "o", color=COLORS[i], mec="k")
        a1.axvline(max(others) + margin, color="0.5", ls=":", lw=1)
        a1.annotate(" best other score + margin", (max(others) + margin, 0.55),
                    xycoords=("data", "axes fraction"), fontsize=8, color="0.3")
        a1.set(xlabel="true-class score $s_0$", ylabel="loss",
               title=f"scores [$s_0$, {others[0]:g}, {others[1]:g}], class 0 true")
        a1.legend(fontsize=8, loc="upper right")
        a1.grid(alpha=0.3)
        grads = [now[k][1] for k in LOSS_NAMES]
        a2.barh(np.arange(3), grads, color=COLORS[:3])
        for i, g in enumerate(grads):
            a2.text(0.03, i, f"{g:.3f}", va="center", ha="left", fontsize=9)
        a2.set_yticks(np.arange(3), ["CE", "hinge", "MSE"])
        a2.axvline(0, color="k", lw=0.8)
        a2.set(xlim=(-1.1, 0.45), xlabel="$\\partial L / \\partial s_0$",
               title="gradient at this score")
        a2.invert_yaxis()
        res = {"score": float(score), "margin": float(margin)}
        for key, name in zip(("ce", "hinge", "mse"), LOSS_NAMES):
            res[key], res[f"grad_{key}"] = float(now[name][0]), float(now[name][1])
        return res

    controls = {
        "score": w.FloatSlider(value=-2.0, min=score_range[0], max=score_range[1], step=0.25,
                               description="true score", continuous_update=True),
        "margin": w.FloatSlider(value=margin, min=0.0, max=3.0, step=0.5, description="margin"),
    }
    return Explorer(controls, draw, figsize=(9, 3.6),
                    title="Losses and their gradients as the true class's score moves")
