"""Live experiment for the losses lecture: move the true class's score, watch each loss.

    cnn.widgets.loss_explorer()
"""
import numpy as np

from .explorer import Explorer

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

    Class 0 is the true class; the other classes keep the scores ``others``. Each loss is
    drawn against the true-class score, with a dot at the current score and a dashed tangent
    whose slope is the gradient dL/ds_true there (the legend gives both numbers). The hinge loss reaches exactly 0 once the true score
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

        fig.set_layout_engine(None)           # fixed axes, no layout pass: a cheaper redraw
        ax = fig.add_axes((0.08, 0.14, 0.9, 0.76))
        now = _losses_and_grads([score, *others], 0, margin)
        for i, (name, c) in enumerate(curves(margin).items()):
            val, grad = now[name]
            ax.plot(grid, c, color=COLORS[i], lw=2,
                    label=f"{name}: L = {val:.3f},  dL/ds0 = {grad:+.3f}")
            ds = np.array([-1.5, 1.5])             # the tangent: its slope is the gradient
            ax.plot(score + ds, val + grad * ds, color="k", lw=1.2, ls="--", alpha=0.7)
            ax.plot([score], [val], "o", color=COLORS[i], mec="k", zorder=5)
        edge = max(others) + margin
        ax.axvline(edge, color="0.5", ls=":", lw=1)
        ax.annotate(" best other score + margin", (edge, 0.6), xycoords=("data", "axes fraction"),
                    fontsize=9, color="0.3")
        top = max(float(np.max(c)) for c in curves(margin).values())
        ax.set(xlim=score_range, ylim=(-0.3, top * 1.05), xlabel="true-class score s0",
               ylabel="loss", title=f"scores [s0, {others[0]:g}, {others[1]:g}], class 0 true; "
                                    "dashed: tangents (slope = gradient)")
        ax.legend(fontsize=9, loc="upper right")
        ax.grid(alpha=0.3)
        res = {"score": float(score), "margin": float(margin)}
        for key, name in zip(("ce", "hinge", "mse"), LOSS_NAMES):
            res[key], res[f"grad_{key}"] = float(now[name][0]), float(now[name][1])
        return res

    controls = {
        "score": w.FloatSlider(value=0.5, min=score_range[0], max=score_range[1], step=0.25,
                               description="true score", continuous_update=True),
        "margin": w.FloatSlider(value=margin, min=0.0, max=3.0, step=0.5, description="margin"),
    }
    return Explorer(controls, draw, figsize=(8, 3.8),
                    title="Losses and their gradients as the true class's score moves")
