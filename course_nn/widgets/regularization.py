"""Live experiments for the regularization lecture: lambda on a polynomial fit and on a
2-D classifier's decision boundary.

    cnn.widgets.ridge_polynomial_explorer()
    cnn.widgets.l2_boundary_explorer()
"""
import numpy as np

from .explorer import Explorer

__all__ = ["ridge_polynomial_explorer", "l2_boundary_explorer"]


def _poly(x, degree):
    """Columns 1, x, x^2, ..., x^degree."""
    return np.vander(np.ravel(x), degree + 1, increasing=True)


def _ridge(Phi, y, lam):
    """argmin ||y - Phi w||^2 + lam * ||w[1:]||^2 (the intercept w[0] is not penalised)."""
    P = np.eye(Phi.shape[1])
    P[0, 0] = 0.0
    return np.linalg.solve(Phi.T @ Phi + lam * P, Phi.T @ y)


def ridge_polynomial_explorer(n_train=12, n_val=40, noise=0.3, degree=9, rng=0):
    """A lambda slider (log scale) and a degree slider on a ridge-regularized polynomial fit.

    Data from ``cnn.datasets.regression_1d``; inputs are rescaled to [-1, 1] before the
    polynomial features are built. The fit is the closed form
    ``w = (Phi^T Phi + lambda P)^-1 Phi^T y`` with P the identity except P[0, 0] = 0 (the
    intercept is not penalised), so every redraw solves a tiny linear system.
    ``ex.result`` holds the training and validation MSE and the largest |coefficient|.
    """
    import ipywidgets as w
    import course_nn as cnn

    gen = np.random.default_rng(rng)
    Xtr, ytr = cnn.datasets.regression_1d(n=n_train, noise=noise, rng=gen)
    Xva, yva = cnn.datasets.regression_1d(n=n_val, noise=noise, rng=gen)
    lo, hi = float(np.min(Xtr)), float(np.max(Xtr))
    scale = lambda x: 2 * (np.ravel(x) - lo) / (hi - lo) - 1      # noqa: E731
    xtr, xva, ytr, yva = scale(Xtr), scale(Xva), np.ravel(ytr), np.ravel(yva)
    xs = np.linspace(-1, 1, 300)
    inside = (xva >= -1) & (xva <= 1)
    ylim = (ytr.min() - 0.5 * np.ptp(ytr), ytr.max() + 0.5 * np.ptp(ytr))

    def draw(fig, lam, degree):
        from course_nn.plots import COLORS

        fig.set_layout_engine(None)           # fixed axes, no layout pass: a cheaper redraw
        ax = fig.add_axes((0.08, 0.13, 0.9, 0.78))
        wts = _ridge(_poly(xtr, degree), ytr, lam)
        tr = float(np.mean((_poly(xtr, degree) @ wts - ytr) ** 2))
        va = float(np.mean((_poly(xva[inside], degree) @ wts - yva[inside]) ** 2))
        ax.plot(xva, yva, "s", mfc="none", color="0.5", ms=4, label="validation points")
        ax.plot(xtr, ytr, "o", color="k", ms=6, label="training points")
        ax.plot(xs, _poly(xs, degree) @ wts, color=COLORS[0], lw=2.5, label=f"degree {degree} fit")
        ax.set(ylim=ylim, xlim=(-1.05, 1.05), xlabel="x (rescaled to [-1, 1])", ylabel="y",
               title=f"lambda = {lam:.1e}: train MSE {tr:.3f}, validation MSE {va:.3f}, "
                     f"max |w| = {np.max(np.abs(wts)):.1f}")
        ax.grid(alpha=0.3)
        ax.legend(fontsize=9, loc="upper right")
        return {"lam": float(lam), "degree": int(degree), "train_mse": tr, "val_mse": va,
                "max_abs_coef": float(np.max(np.abs(wts))), "coef": wts}

    controls = {
        "lam": w.FloatLogSlider(value=1e-6, base=10, min=-10, max=2, step=0.25,
                                description="lambda", readout_format=".1e"),
        "degree": w.IntSlider(value=degree, min=1, max=12, description="degree"),
    }
    return Explorer(controls, draw, figsize=(7.5, 3.8),
                    title="Ridge regression on polynomial features: move lambda and the degree")


def _train_models(lams, X, y, Xv, yv, hidden, epochs, rng):
    """One MLP per lambda, same data and same initial weights; returns a list of dicts."""
    import course_nn as cnn

    out = []
    for lam in lams:
        net = cnn.mlp([2, hidden, hidden, 2], activation="relu", rng=rng)
        opt = cnn.optim.Adam(net.parameters(), lr=0.01)
        reg = cnn.regularizers.L2(lam) if lam > 0 else None
        cnn.fit(net, cnn.CrossEntropyLoss(), opt, X, y, epochs=epochs, batch_size=len(X),
                rng=rng + 1, regularizer=reg, progress=False)
        w2 = sum(float(np.sum(p.value ** 2)) for p in net.parameters() if p.decay)
        out.append({"net": net, "weight_norm": np.sqrt(w2),
                    "train_acc": cnn.evaluate(net, cnn.CrossEntropyLoss(), X, y)["acc"],
                    "val_acc": cnn.evaluate(net, cnn.CrossEntropyLoss(), Xv, yv)["acc"]})
    return out


def l2_boundary_explorer(lams=(0.0, 1e-3, 3e-3, 1e-2, 3e-2), n=80, noise=0.35,
                         hidden=64, epochs=250, rng=0):
    """A lambda slider on a 2-D classifier's decision boundary.

    When the explorer is built it trains one MLP (2-hidden-hidden-2, ReLU, Adam lr 0.01, full
    batch, ``epochs`` epochs) per lambda in ``lams`` on ``cnn.datasets.moons`` with
    ``cnn.regularizers.L2(lambda)`` (penalty lambda * sum(w^2) over weights only; biases are
    skipped), all from the same initial weights, and stores each model's class-1 probability
    on a grid (a second or two per model on a busy laptop). Moving the slider then only
    redraws. ``ex.result`` holds training/validation accuracy (400 fresh points) and ||W||.
    """
    import ipywidgets as w
    import course_nn as cnn
    from course_nn.functional import softmax

    X, y = cnn.datasets.moons(n=n, noise=noise, rng=rng)
    Xv, yv = cnn.datasets.moons(n=400, noise=noise, rng=rng + 100)
    models = _train_models(lams, X, y, Xv, yv, hidden, epochs, rng)
    pad = 0.5
    xx, yy = np.meshgrid(np.linspace(X[:, 0].min() - pad, X[:, 0].max() + pad, 100),
                         np.linspace(X[:, 1].min() - pad, X[:, 1].max() + pad, 100))
    grid = np.c_[xx.ravel(), yy.ravel()]
    for m in models:
        m["net"].eval()
        m["prob"] = softmax(m["net"](grid))[:, 1].reshape(xx.shape)

    def draw(fig, lam):
        from course_nn.plots import boundary_from_grid

        m = models[list(lams).index(lam)]
        fig.set_layout_engine(None)           # fixed axes, no layout pass: a cheaper redraw
        ax = fig.add_axes((0.12, 0.11, 0.75, 0.81))
        boundary_from_grid(xx, yy, m["prob"], X, y, ax=ax,
                           title=f"lambda = {lam:g}: train acc {m['train_acc']:.2f}, "
                                 f"val acc {m['val_acc']:.2f}, ||W|| = {m['weight_norm']:.1f}")
        return {k: m[k] for k in ("train_acc", "val_acc", "weight_norm")} | {"lam": float(lam)}

    controls = {"lam": w.SelectionSlider(options=list(lams), value=lams[0], description="lambda")}
    return Explorer(controls, draw, figsize=(5.5, 4.6),
                    title="L2 strength and the decision boundary (models trained when built)")
