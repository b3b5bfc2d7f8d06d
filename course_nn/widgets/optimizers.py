"""Live experiments: optimizers.

``optimizer_explorer()``: pick a surface, some optimizers, a learning rate and a momentum;
the ``cnn.optim`` optimizers run a few hundred steps on the 2-D surface (cheap) and their
paths are drawn over precomputed contours.
"""
from __future__ import annotations

import numpy as np

from .explorer import Explorer

__all__ = ["optimizer_explorer", "OPTIMIZERS_2D", "LR_SCALE", "make_optimizer_2d"]

#: the optimizers the explorer offers, in the lecture's order
OPTIMIZERS_2D = ("SGD", "Momentum", "Nesterov", "AdaGrad", "RMSProp", "Adam")

#: each optimizer's learning rate in the explorer is the slider's value times this factor.
#: SGD-type steps are lr x gradient; the adaptive methods divide the gradient by its own size,
#: so their step is about lr whatever the gradient: on these surfaces (gradients of 1-100)
#: they need a far larger lr to move at all. Factors chosen so that at the default lr every
#: method gets somewhere on every surface (measured: see tests/widgets/test_optimizers.py).
LR_SCALE = {"SGD": 1, "Momentum": 1, "Nesterov": 1, "AdaGrad": 300, "RMSProp": 10, "Adam": 100}

# one colour, line style and width per optimizer, whatever else is selected; paths that
# overlap stay visible (dashes and dots over a wider solid line)
_STYLE = {"SGD": dict(ls="-", lw=3.0), "Momentum": dict(ls="--", lw=2.2),
          "Nesterov": dict(ls=":", lw=2.2), "AdaGrad": dict(ls="-", lw=2.6),
          "RMSProp": dict(ls="--", lw=2.2), "Adam": dict(ls="-.", lw=2.2)}


def make_optimizer_2d(name, lr, momentum=0.9):
    """``params -> optimizer`` for one of ``OPTIMIZERS_2D``.

    ``momentum`` is used by Momentum and Nesterov (``cnn.optim.SGD(momentum=...)``); RMSProp
    uses Hinton's decay 0.9, Adam the paper's betas (0.9, 0.999).
    """
    from .. import optim

    makers = {
        "SGD": lambda ps: optim.SGD(ps, lr=lr),
        "Momentum": lambda ps: optim.SGD(ps, lr=lr, momentum=momentum),
        "Nesterov": lambda ps: optim.SGD(ps, lr=lr, momentum=momentum, nesterov=True),
        "AdaGrad": lambda ps: optim.Adagrad(ps, lr=lr),
        "RMSProp": lambda ps: optim.RMSprop(ps, lr=lr, alpha=0.9),
        "Adam": lambda ps: optim.Adam(ps, lr=lr),
    }
    if name not in makers:
        raise KeyError(f"unknown optimizer {name!r}; expected one of {list(makers)}")
    return makers[name]


def optimizer_explorer(surface="rosenbrock", optimizers=("SGD", "Momentum", "Adam"), lr=1e-3,
                       momentum=0.9, steps=300):
    """Optimizer paths on a 2-D surface; controls: surface, optimizers, lr, momentum, steps.

    The lr slider sets the SGD-type methods' learning rate; AdaGrad, RMSProp and Adam use it
    times their ``LR_SCALE`` factor (shown in the legend). Every optimizer has a fixed colour
    and line style, and its last point is marked, so even a short path is visible.
    ``ex.result`` maps each chosen optimizer to ``{"final": f(x_T), "steps": T, "diverged": bool,
    "lr": the learning rate it used}``.
    """
    import ipywidgets as w
    from ..plots import COLORS
    from ..plots.optimizers import SURFACES, contour_lines, optimizer_path, surface_contour

    for s in SURFACES.values():             # contour lines computed once, drawn as one collection
        contour_lines(s)
    controls = {
        "surface": w.Dropdown(options=list(SURFACES), value=surface, description="surface"),
        "optimizers": w.SelectMultiple(options=OPTIMIZERS_2D, value=tuple(optimizers), rows=6,
                                       description="optimizers"),
        "lr": w.FloatLogSlider(value=lr, base=10, min=-4, max=0, step=0.1, description="lr (SGD)",
                               readout_format=".1e"),
        "momentum": w.FloatSlider(value=momentum, min=0.0, max=0.99, step=0.01,
                                  description="momentum"),
        "steps": w.IntSlider(value=steps, min=20, max=500, step=20, description="steps"),
    }

    def draw(fig, surface, optimizers, lr, momentum, steps):
        s = SURFACES[surface]
        fig.set_layout_engine("none")      # a fixed layout redraws faster than a constrained one
        ax = fig.add_axes((0.11, 0.1, 0.86, 0.8))
        surface_contour(s, ax=ax, title=False)
        result = {}
        for name in OPTIMIZERS_2D:          # the lecture's order, whatever the selection order
            if name not in optimizers:
                continue
            rate = lr * LR_SCALE[name]
            path = optimizer_path(s, make_optimizer_2d(name, rate, momentum), steps)
            diverged = len(path) < steps + 1
            result[name] = {"final": float(s.f(*path[-1])), "steps": len(path) - 1,
                            "diverged": diverged, "lr": rate}
            color = COLORS[OPTIMIZERS_2D.index(name)]
            scale = "" if LR_SCALE[name] == 1 else f" (lr x {LR_SCALE[name]})"
            label = f"{name}{scale}" + (": diverged" if diverged else f": f = {result[name]['final']:.2g}")
            ax.plot(path[:, 0], path[:, 1], color=color, label=label, marker="o", ms=8, mfc=color,
                    mec="k", mew=0.8, markevery=[len(path) - 1], **_STYLE[name])   # dot: where it ends
        if result:
            ax.legend(fontsize=9, loc="lower right", framealpha=0.85,
                      title="dot: where the path ends", title_fontsize=9)
        ax.set_title(f"{s.name}\nlr = {lr:.1e}, momentum = {momentum:.2f}", fontsize=10)
        return result

    return Explorer(controls, draw, figsize=(6.2, 4.8),
                    title="Optimizer paths: pick optimizers (ctrl/shift-click), lr and momentum")
