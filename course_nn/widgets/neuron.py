"""Live experiments of the neuron lesson.

- ``neuron_explorer``: sliders for one sigmoid neuron's w1, w2 and b; its decision boundary
  over the data, with the cross-entropy loss and accuracy it reaches.
- ``hidden_units_explorer``: a slider over the width of a one-hidden-layer net (and a weight
  decay choice); the nets are trained once, when the explorer is built.

Both redraw in a few tens of milliseconds: everything that does not depend on the controls
(the grid, the data, the trained nets' predictions on the grid) is computed up front.
"""
from __future__ import annotations

import numpy as np

from .explorer import Explorer

__all__ = ["neuron_explorer", "hidden_units_explorer"]


def _two_blobs(rng):
    from .. import datasets
    X, y = datasets.blobs(n=100, centers=[(-1.0, -0.5), (1.0, 0.8)], noise=0.6, rng=rng)
    return X, y


def neuron_explorer(X=None, y=None, w1=1.0, w2=1.0, b=0.0, resolution=160, rng=0):
    """One sigmoid neuron a = sigmoid(w1 x1 + w2 x2 + b) on 2-D data with labels 0/1.

    The shading is the neuron's output a (the probability of class 1: white at a = 0.5, the
    colour of a class where the neuron is sure of it), the black line is z = 0 (a = 0.5), the
    arrow is the weight vector w (it points towards class 1).
    ``ex.result`` holds ``loss`` (binary cross-entropy) and ``accuracy`` on the data.
    """
    import ipywidgets as w
    from .. import BCEWithLogitsLoss, Linear
    from ..plots import grid_points, scatter_classes
    if X is None:
        X, y = _two_blobs(np.random.default_rng(rng))
    y = np.asarray(y).ravel()
    xx, yy, pts = grid_points(X, resolution, margin=0.5)
    extent = (xx.min(), xx.max(), yy.min(), yy.max())
    neuron = Linear(2, 1, rng=rng)
    loss_fn = BCEWithLogitsLoss()
    cmap = _probability_cmap()
    art = {}                                       # the artists, built by the first draw

    def slider(name, v):
        return w.FloatSlider(value=v, min=-4.0, max=4.0, step=0.1, description=name,
                             continuous_update=True, readout_format=".1f")

    def draw(fig, w1, w2, b):
        neuron.weight.value[:] = [[w1], [w2]]
        neuron.bias.value[:] = [b]
        a = 1 / (1 + np.exp(-np.clip(neuron(pts), -30, 30)))
        z = neuron(X)
        loss = loss_fn(z, y.reshape(-1, 1).astype(float))
        acc = float(np.mean((z.ravel() > 0) == (y == 1)))
        title = f"w = ({w1:.1f}, {w2:.1f}), b = {b:.1f}:  loss {loss:.3f}, accuracy {acc:.0%}"
        c = X.mean(0)
        tip = c + 0.4 * np.array([w1, w2])
        if not art:                                # first draw: build; later: update in place
            fig.set_layout_engine("none")          # fixed axes: no layout pass per redraw
            ax = fig.add_axes((0.1, 0.12, 0.7, 0.8))
            art["im"] = ax.imshow(a.reshape(xx.shape), origin="lower", extent=extent, cmap=cmap,
                                  vmin=0, vmax=1, aspect="auto", interpolation="nearest")
            fig.colorbar(art["im"], cax=fig.add_axes((0.83, 0.12, 0.03, 0.8)), label="a = P(class 1)",
                         ticks=[0, 0.5, 1])
            (art["line"],) = ax.plot(*_line_points(w1, w2, b, extent), "k-", lw=1.5,
                                     label="boundary $z = 0$")
            scatter_classes(X, y, ax=ax, s=16)
            art["arrow"] = ax.annotate("", xy=tip, xytext=c,
                                       arrowprops=dict(arrowstyle="->", lw=2, color="k"))
            ax.set(xlim=extent[:2], ylim=extent[2:])
            art["title"] = ax.set_title(title)
        else:
            art["im"].set_data(a.reshape(xx.shape))
            art["line"].set_data(*_line_points(w1, w2, b, extent))
            art["arrow"].xy = tip
            art["title"].set_text(title)
        return {"loss": float(loss), "accuracy": acc}

    return Explorer({"w1": slider("w1", w1), "w2": slider("w2", w2), "b": slider("b", b)}, draw,
                    figsize=(5.6, 4.4), clear=False, title="One sigmoid neuron: move its weights and bias. "
                    "Shading: the neuron's output a = P(class 1), from blue (class 0) through white "
                    "(a = 0.5) to orange (class 1); black line: the boundary z = 0; arrow: w.")


def _probability_cmap():
    """Class-0 colour -> white (a = 0.5) -> class-1 colour, light enough to show the points."""
    from matplotlib.colors import LinearSegmentedColormap, to_rgb
    from ..plots import COLORS
    light = [tuple(0.55 + 0.45 * c for c in to_rgb(COLORS[k])) for k in (0, 1)]
    return LinearSegmentedColormap.from_list("p1", [light[0], (1, 1, 1), light[1]])


def _line_points(w1, w2, b, extent):
    """(xs, ys) of the line w1 x1 + w2 x2 + b = 0 across the extent (empty if w = 0)."""
    x0, x1, y0, y1 = extent
    if abs(w2) > 1e-9:
        xs = np.array([x0, x1])
        return xs, -(w1 * xs + b) / w2
    if abs(w1) > 1e-9:
        return np.array([-b / w1] * 2), np.array([y0, y1])
    return np.array([]), np.array([])


def _train_width(X, y, hidden, weight_decay, steps, rng):
    """A 2-hidden-C tanh net trained full-batch with Adam; L2 on the weights (not biases)."""
    from .. import CrossEntropyLoss, mlp, optim
    from ..regularizers import L2
    net = mlp([2, hidden, int(y.max()) + 1], activation="tanh", init="xavier_uniform", rng=rng)
    opt = optim.Adam(net.parameters(), lr=0.04)
    loss_fn, reg = CrossEntropyLoss(), L2(weight_decay)
    for _ in range(steps):
        opt.zero_grad()
        loss_fn(net(X), y)
        net.backward(loss_fn.backward())
        if weight_decay:
            reg.add_grad(net.parameters())
        opt.step()
    return net


def _capacity_table(X, y, n, pts, shape, widths, decays, steps, gen):
    """Train every (width, L2) pair on the first n points; keep what the pictures need."""
    from .. import accuracy
    table = {}
    for h in widths:
        for lam in decays:
            net = _train_width(X[:n], y[:n], h, lam, steps, gen)
            net.eval()
            table[h, lam] = dict(cls=net(pts).argmax(1).reshape(shape),
                                 train_acc=float(accuracy(net(X[:n]), y[:n])),
                                 val_acc=float(accuracy(net(X[n:]), y[n:])), params=net.num_parameters())
    return table


def hidden_units_explorer(widths=(1, 2, 3, 6, 20, 100), decays=(0.0, 3e-3), data="spirals",
                          n=150, noise=0.6, steps=250, resolution=150, rng=0):
    """A slider over the hidden width of a 2-h-C net (and a choice of L2 strength).

    All nets are trained when the explorer is built (full-batch Adam, ``steps`` steps), so
    moving a control only swaps pictures. ``ex.result`` holds the width, the number of
    parameters, and the training and validation accuracy.
    """
    import ipywidgets as w
    from matplotlib.colors import ListedColormap
    from .. import datasets
    from ..plots import COLORS, grid_points, scatter_classes
    gen = np.random.default_rng(rng)
    X, y = getattr(datasets, data)(n=5 * n, noise=noise, rng=gen)
    Xtr, ytr = X[:n], y[:n]                                  # validation: the 4n other points
    xx, yy, pts = grid_points(X, resolution, margin=0.3)
    extent = (xx.min(), xx.max(), yy.min(), yy.max())
    k = int(y.max()) + 1                                       # number of classes
    cmap = ListedColormap(COLORS[:k])
    table = _capacity_table(X, y, n, pts, xx.shape, widths, decays, steps, gen)

    def draw(fig, hidden, weight_decay):
        r = table[hidden, weight_decay]
        fig.set_layout_engine("none")              # fixed axes: no layout pass per redraw
        ax = fig.add_axes((0.12, 0.1, 0.84, 0.78))
        ax.imshow(r["cls"], origin="lower", extent=extent, cmap=cmap,
                  vmin=-0.5, vmax=k - 0.5, alpha=0.3, aspect="auto", interpolation="nearest")
        scatter_classes(Xtr, ytr, ax=ax, s=12)
        ax.set(xlim=extent[:2], ylim=extent[2:],
               title=f"{hidden} hidden unit{'s' if hidden != 1 else ''} ({r['params']} parameters), L2 {weight_decay:g}\n"
                     f"train accuracy {r['train_acc']:.0%}, validation accuracy {r['val_acc']:.0%}")
        return {"hidden": hidden, "weight_decay": weight_decay, "params": r["params"],
                "train_acc": r["train_acc"], "val_acc": r["val_acc"]}

    controls = {"hidden": w.SelectionSlider(options=list(widths), value=widths[len(widths) // 2],
                                            description="hidden units"),
                "weight_decay": w.Dropdown(options=list(decays), value=decays[0],
                                           description="L2 lambda")}
    return Explorer(controls, draw, figsize=(5.5, 4.6),
                    title=f"Capacity: one hidden layer of tanh units on {data}")
