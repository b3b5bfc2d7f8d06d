"""Live experiments: optimizers.

``optimizer_explorer()``: pick a surface, some optimizers, a learning rate and a momentum;
the ``cnn.optim`` optimizers run a few hundred steps on the 2-D surface (cheap) and their
paths are drawn over precomputed contours.
"""
from __future__ import annotations

import numpy as np

from ._base import Explorer

__all__ = ["optimizer_explorer", "OPTIMIZERS_2D", "make_optimizer_2d"]

#: the optimizers the explorer offers, in the lecture's order
OPTIMIZERS_2D = ("SGD", "Momentum", "Nesterov", "AdaGrad", "RMSProp", "Adam")


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

    ``ex.result`` maps each chosen optimizer to ``{"final": f(x_T), "steps": T, "diverged": bool}``.
    """
    import ipywidgets as w

    from ..plots.optimizers import SURFACES, contour_lines, optimizer_path, optimizer_paths_figure

    for s in SURFACES.values():             # contour lines computed once, drawn as one collection
        contour_lines(s)
    style = {"description_width": "initial"}
    controls = {
        "surface": w.Dropdown(options=list(SURFACES), value=surface, description="surface"),
        "optimizers": w.SelectMultiple(options=OPTIMIZERS_2D, value=tuple(optimizers), rows=6,
                                       description="optimizers", style=style),
        "lr": w.FloatLogSlider(value=lr, base=10, min=-4, max=0, step=0.1, description="lr",
                               readout_format=".1e"),
        "momentum": w.FloatSlider(value=momentum, min=0.0, max=0.99, step=0.01,
                                  description="momentum"),
        "steps": w.IntSlider(value=steps, min=20, max=500, step=20, description="steps"),
    }

    def draw(fig, surface, optimizers, lr, momentum, steps):
        s = SURFACES[surface]
        paths, result = {}, {}
        for name in optimizers:
            path = optimizer_path(s, make_optimizer_2d(name, lr, momentum), steps)
            diverged = len(path) < steps + 1
            paths[name + (" (diverged)" if diverged else "")] = path
            result[name] = {"final": float(s.f(*path[-1])), "steps": len(path) - 1,
                            "diverged": diverged}
        fig.set_layout_engine("none")      # a fixed layout redraws faster than a constrained one
        ax = fig.add_axes((0.12, 0.11, 0.85, 0.82))
        optimizer_paths_figure(s, paths, ax=ax, legend="lower right", markers=False)
        ax.set_title(f"{s.name}   lr={lr:.1e}, momentum={momentum:.2f}", fontsize=9)
        return result

    return Explorer(controls, draw, figsize=(5.6, 4.3),
                    title="Optimizer paths: pick optimizers (ctrl/shift-click), lr and momentum")
