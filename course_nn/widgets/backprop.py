"""Live experiment for the backprop lecture: gradient size per layer against depth and activation.

    cnn.widgets.gradient_flow_explorer()
"""
import numpy as np

from .explorer import Explorer, plural

__all__ = ["gradient_flow_explorer", "layer_grad_norms"]


def layer_grad_norms(depth, activation="sigmoid", width=32, n=64, n_in=16, n_classes=4,
                     init="xavier_uniform", rng=0):
    """Gradient norm of each Linear layer's weights after one backward pass.

    Builds ``cnn.mlp([n_in] + [width] * depth + [n_classes])`` (``depth`` hidden layers, so
    ``depth + 1`` Linear layers), feeds a random batch with random labels through it and
    cross-entropy, and returns ``||dL/dW||`` of every Linear layer, input side first.
    """
    import course_nn as cnn

    rng = np.random.default_rng(rng)
    net = cnn.mlp([n_in] + [width] * depth + [n_classes], activation=activation, init=init, rng=rng)
    X = rng.normal(size=(n, n_in))
    y = rng.integers(0, n_classes, size=n)
    loss = cnn.CrossEntropyLoss()
    loss(net(X), y)
    net.zero_grad()
    net.backward(loss.backward())
    return np.array([np.linalg.norm(m.weight.grad) for m in net if isinstance(m, cnn.Linear)])


def gradient_flow_explorer(width=32, max_depth=30, rng=0, activation="sigmoid", init="xavier_uniform",
                           depth=10):
    """Pick an activation, an initialization and a depth; see ``||dL/dW_l||`` layer by layer.

    The line of the chosen network is drawn over faint lines of the other activations at the
    same depth, so the comparison stays visible. ``ex.result`` holds the norms and the ratio
    of the first layer's gradient norm to the last layer's.
    """
    import ipywidgets as w

    acts = ("sigmoid", "tanh", "relu")
    cache = {}
    art = {}                                   # the axes and lines, built by the first draw

    def norms_of(act, init, depth):
        """Cached: each (activation, init, depth) network is built and run once."""
        key = (act, init, depth)
        if key not in cache:
            cache[key] = layer_grad_norms(depth, act, width=width, init=_init_arg(init), rng=rng)
        return cache[key]

    def draw(fig, activation, init, depth):
        from matplotlib.ticker import FuncFormatter, NullFormatter
        from course_nn.plots import COLORS

        norms = {a: norms_of(a, init, depth) for a in acts}
        layers = np.arange(1, depth + 2)
        g = norms[activation]
        ratio = g[0] / g[-1]
        title = (f"{activation}, {init}, {plural(depth, 'hidden layer')} of {width}: "
                 f"first / last layer = {ratio:.1e}")
        if not art:                               # first draw: build; later: update in place
            fig.set_layout_engine(None)           # fixed axes, no layout pass: a cheaper redraw
            ax = art["ax"] = fig.add_axes((0.1, 0.13, 0.88, 0.78))
            art["lines"] = [ax.plot(layers, norms[a], "-", color=COLORS[i], ms=4)[0]
                            for i, a in enumerate(acts)]
            ax.set_yscale("log")
            ax.yaxis.set_major_formatter(FuncFormatter(_plain_log))   # "1e-06": no mathtext to typeset
            ax.yaxis.set_minor_formatter(NullFormatter())
            ax.set(xlabel="layer l (1 = next to the input)", ylabel="||dL/dW_l||")
            art["title"] = ax.set_title(title)
            ax.grid(alpha=0.3)
        ax = art["ax"]
        for a, line in zip(acts, art["lines"]):
            chosen = a == activation
            line.set_data(layers, norms[a])
            line.set(marker="o" if chosen else "None", lw=2.5 if chosen else 1,
                     alpha=1.0 if chosen else 0.35, label=a + (" (chosen)" if chosen else ""))
        art["title"].set_text(title)
        ax.relim()
        ax.autoscale_view()
        ax.legend(fontsize=9, loc="lower right")
        return {"norms": g, "ratio_first_last": float(ratio), "depth": int(depth),
                "activation": activation, "init": init}

    controls = {
        "activation": w.Dropdown(options=list(acts), value=activation, description="activation"),
        "init": w.Dropdown(options=["xavier_uniform", "he_uniform", "normal 0.01"],
                           value=init, description="init"),
        "depth": w.IntSlider(value=depth, min=1, max=max_depth, description="hidden layers"),
    }
    return Explorer(controls, draw, figsize=(8, 3.8), clear=False,
                    title="Gradient size per layer: depth, activation and initialization")


def _plain_log(value, _pos):
    return f"{value:.0e}"


def _init_arg(name):
    """The dropdown's names as ``cnn.mlp``'s ``init=``: a registered name or a callable."""
    if name != "normal 0.01":
        return name
    import course_nn as cnn
    return lambda shape, rng=None, gain=1.0: cnn.init.normal(shape, 0.01, rng)
