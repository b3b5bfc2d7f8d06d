"""Live experiments: initialization.

``init_explorer()``: choose an initialization scheme, an activation and a depth; a batch of
500 standard-normal examples goes forward through ``depth`` blocks ``Linear(200, 200) -> act``
built from ``course_nn`` layers, a standard-normal gradient comes back, and the figure shows
every layer's activation histogram (one column per layer) beside the per-layer standard
deviations of activations and gradients. Results are cached, so revisiting a setting is free.

The machinery (``deep_net_statistics`` and ``draw_deep_net_statistics``) is shared with the
batch-normalization explorer.
"""
from __future__ import annotations

import numpy as np

from .explorer import Explorer, plural

__all__ = ["init_explorer", "INIT_SCHEMES", "deep_net_statistics"]


def _normal(std):
    def init(shape, rng=None, gain=1.0, dtype=np.float64):
        from .. import init as _init
        return _init.normal(shape, std, rng=rng, gain=gain, dtype=dtype)
    init.__name__ = f"normal_std_{std:g}"
    return init


def _uniform(bound):
    def init(shape, rng=None, gain=1.0, dtype=np.float64):
        from .. import init as _init
        return _init.uniform(shape, -bound, bound, rng=rng, gain=gain, dtype=dtype)
    init.__name__ = f"uniform_{bound:g}"
    return init


#: label -> initializer name of ``cnn.init`` or a callable ``f(shape, rng=None, gain=1.0)``
INIT_SCHEMES = {
    "N(0, 0.01²)": _normal(0.01),
    "N(0, 0.05²)": _normal(0.05),
    "Xavier uniform": "xavier_uniform",
    "He uniform": "he_uniform",
    "U(-1, 1)": _uniform(1.0),
    "zeros": "zeros",
}


def deep_net_statistics(init, activation="relu", depth=20, batchnorm=False, n=500, width=200,
                        rng=0, dtype=np.float32):
    """Activations and gradients of every block of a deep plain net at initialization.

    ``depth`` blocks ``Linear(width, width, init) -> [BatchNorm1d] -> activation`` (course_nn
    layers, train mode) see ``n`` standard-normal examples; a standard-normal gradient is sent
    back from the last block.

    Returns:
        (acts, grads): lists of ``depth`` arrays of shape (n, width); ``acts[l]`` is the output
        h of block l + 1, ``grads[l]`` is dL/dh at that output.
    """
    rng = np.random.default_rng(rng)
    x = rng.standard_normal((n, width)).astype(dtype)
    blocks = [_block(init, activation, batchnorm, width, rng, dtype) for _ in range(depth)]
    acts, h = [], x
    with np.errstate(over="ignore", invalid="ignore"):
        for block in blocks:
            for layer in block:
                h = layer(h)
            acts.append(h)
        g = rng.standard_normal((n, width)).astype(dtype)
        grads = [g]
        for block in reversed(blocks[1:]):
            for layer in reversed(block):
                g = layer.backward(g)
            grads.append(g)
    return acts, grads[::-1]


def _block(init, activation, batchnorm, width, rng, dtype):
    """[Linear(width, width), (BatchNorm1d,) activation] of course_nn layers."""
    from .. import BatchNorm1d, Linear, activation as make_activation

    block = [Linear(width, width, init=init, rng=rng, dtype=dtype)]
    if batchnorm:
        block.append(BatchNorm1d(width, dtype=dtype))
    return block + [make_activation(activation)]


def _std(a):
    with np.errstate(over="ignore", invalid="ignore"):
        return float(np.std(a, dtype=np.float64))


def _value_range(activation, acts):
    if activation in ("tanh",):
        return -1.0, 1.0
    if activation in ("sigmoid",):
        return 0.0, 1.0
    s = _std(acts[0])
    s = s if np.isfinite(s) and s > 0 else 1.0
    lo = -3.0 * s if activation not in ("relu",) else 0.0
    return lo, 4.0 * s


def layer_histogram_image(acts, activation, bins=40):
    """Per-layer histograms as an image: column l holds the share of layer l's values in
    each of ``bins`` equal bins of a common range (values outside are clipped to it).
    Returns (image of shape (bins, depth), (lo, hi))."""
    lo, hi = _value_range(activation, acts)
    image = np.empty((bins, len(acts)))
    for l, a in enumerate(acts):
        with np.errstate(over="ignore", invalid="ignore"):
            scaled = (np.ravel(a).astype(np.float64) - lo) * (bins / (hi - lo))
        idx = np.clip(np.nan_to_num(scaled, nan=0.0, posinf=bins, neginf=0), 0, bins - 1)
        image[:, l] = np.bincount(idx.astype(np.intp), minlength=bins) / idx.size
    return image, (lo, hi)


def summarize_deep_net(acts, grads, activation):
    """Numbers the explorers report: per-layer ``act_std`` and ``grad_std``, the geometric
    mean per-layer variance ratio ``var_ratio`` of the activations, and of the last layer the
    share ``saturated`` (|tanh| > 0.99, or |2 sigmoid - 1| > 0.99; 0 for other activations)
    and the share ``zero`` of exact zeros."""
    act_std = [_std(a) for a in acts]
    grad_std = [_std(g) for g in grads]
    var = np.square(act_std)
    ok = (var[:-1] > 0) & np.isfinite(var[:-1]) & np.isfinite(var[1:])
    ratios = var[1:][ok] / var[:-1][ok]
    ratio = float(np.exp(np.mean(np.log(np.maximum(ratios, 1e-300))))) if ratios.size else float("nan")
    last = np.asarray(acts[-1], dtype=np.float64)
    saturated = 0.0
    if activation in ("tanh", "sigmoid"):
        centred = 2 * last - 1 if activation == "sigmoid" else last
        saturated = float(np.mean(np.abs(centred) > 0.99))
    return {"act_std": act_std, "grad_std": grad_std, "var_ratio": ratio,
            "saturated": saturated, "zero": float(np.mean(last == 0))}


def draw_deep_net_statistics(fig, image, value_range, summary, title=""):
    """Left: the per-layer histogram image (darker = more values in that bin) with its colour
    bar. Right: per-layer standard deviations of activations and gradients on a log scale.

    The first call builds the axes; later calls on the same figure (an explorer's, which is
    not cleared between redraws) only update the image, the lines, the limits and the title:
    rebuilding axes, ticks and colour bar is most of the cost of a redraw."""
    from matplotlib.colors import PowerNorm
    from matplotlib.ticker import MaxNLocator

    from ..plots._style import COLORS

    depth = image.shape[1]
    lo, hi = value_range
    layers = np.arange(1, depth + 1)
    act = np.maximum(summary["act_std"], 1e-30)
    grad = np.maximum(summary["grad_std"], 1e-30)
    art = getattr(fig, "_deep_net_artists", None)
    if art is None or art["ax1"] not in fig.axes:
        fig.set_layout_engine(None)
        fig.subplots_adjust(left=0.085, right=0.985, bottom=0.15, top=0.86, wspace=0.45)
        ax1, ax2 = fig.subplots(1, 2, width_ratios=[1.25, 1])
        im = ax1.imshow(image, origin="lower", aspect="auto", cmap="magma_r", interpolation="nearest",
                        extent=(0.5, depth + 0.5, lo, hi), norm=PowerNorm(0.5, vmin=0, vmax=0.2))
        fig.colorbar(im, ax=ax1, label="share of values", ticks=[0, 0.05, 0.1, 0.2],
                     fraction=0.05, pad=0.02)
        ax1.set_xlabel("layer")
        ax1.set_ylabel("activation value")
        ax1.set_title("histogram of each layer's activations\n(one column per layer)",
                      fontsize=9, y=1.01)               # a fixed y skips matplotlib's slow auto-placement
        (l_act,) = ax2.plot(layers, act, "-", lw=2, color=COLORS[0], label="activations h")
        (l_grad,) = ax2.plot(layers, grad, "--", lw=2, color=COLORS[3], label="gradients dL/dh")
        for ax in (ax1, ax2):
            ax.xaxis.set_major_locator(MaxNLocator(6, integer=True))
        ax2.set_xlabel("layer")
        ax2.set_ylabel("standard deviation")
        ax2.legend(fontsize=9)
        art = fig._deep_net_artists = dict(ax1=ax1, ax2=ax2, im=im, act=l_act, grad=l_grad,
                                           title=ax2.set_title(title, fontsize=9, y=1.01))
    else:
        art["im"].set_data(image)
        art["im"].set_extent((0.5, depth + 0.5, lo, hi))
        art["act"].set_data(layers, act)
        art["grad"].set_data(layers, grad)
        art["title"].set_text(title)
    art["ax1"].set(xlim=(0.5, depth + 0.5), ylim=(lo, hi))
    _fast_log_axis(art["ax2"], np.concatenate([act, grad]))
    art["ax2"].set_xlim(0.5, depth + 0.5)


def _fast_log_axis(ax, values):
    """A log y axis with a few plain-text labels (mathtext labels and minor ticks are what
    makes a redraw slow)."""
    from matplotlib.ticker import FuncFormatter, LogLocator, NullLocator

    if ax.get_yscale() != "log":
        ax.set_yscale("log")
    lo, hi = float(np.min(values)), float(np.max(values))
    if lo > 0 and hi > 0:
        ax.set_ylim(lo / 1.6, hi * 1.6)
    decades = np.log10(hi / lo) if lo > 0 and hi > lo else 0.0
    subs = (1.0,) if decades >= 2 else (1.0, 2.0, 5.0)
    ax.yaxis.set_major_locator(LogLocator(base=10, subs=subs, numticks=7))
    ax.yaxis.set_minor_locator(NullLocator())
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0e}" if (v < 1e-2 or v >= 1e3) else f"{v:g}"))


def explore_deep_net(fig, cache, key, init, activation, depth, batchnorm, n, width, title):
    """Compute (once per key) and draw; returns the summary dict."""
    if key not in cache:
        acts, grads = deep_net_statistics(init, activation, depth, batchnorm=batchnorm, n=n,
                                          width=width)
        image, value_range = layer_histogram_image(acts, activation)
        cache[key] = image, value_range, summarize_deep_net(acts, grads, activation)
    image, value_range, summary = cache[key]
    draw_deep_net_statistics(fig, image, value_range, summary, title=title)
    return summary


def init_explorer(scheme="Xavier uniform", activation="tanh", depth=10, n=500, width=200):
    """Scheme, activation and depth -> per-layer activation histograms and std curves.

    ``ex.result``: see :func:`draw_deep_net_statistics` (``act_std``, ``grad_std``,
    ``var_ratio``, ``saturated``, ``zero``).
    """
    import ipywidgets as w

    cache = {}
    controls = {
        "scheme": w.Dropdown(options=list(INIT_SCHEMES), value=scheme, description="init"),
        "activation": w.Dropdown(options=["tanh", "relu", "sigmoid"], value=activation,
                                 description="activation"),
        "depth": w.IntSlider(value=depth, min=2, max=20, description="depth"),
    }

    def draw(fig, scheme, activation, depth):
        return explore_deep_net(fig, cache, (scheme, activation, depth), INIT_SCHEMES[scheme],
                                activation, depth, False, n, width,
                                title=f"{scheme} + {activation}, {plural(depth, 'layer')} of {width}")

    return Explorer(controls, draw, figsize=(9, 3.4), clear=False,
                    title="Initialization: how activations and gradients travel through depth")
