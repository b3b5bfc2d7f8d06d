"""Live experiments: batch normalization.

``batchnorm_explorer()``: depth, initial weight scale and batch norm on/off for a deep ReLU
net (blocks ``Linear(100, 100) -> [BatchNorm1d] -> ReLU`` on 500 standard-normal examples);
the figure shows each layer's activation histogram (one column per layer) and the per-layer
standard deviations of activations and gradients. Each setting is computed once and cached.
"""
from __future__ import annotations

from .explorer import Explorer
from .initialization import INIT_SCHEMES, explore_deep_net

__all__ = ["batchnorm_explorer"]

_SCALES = ["N(0, 0.01²)", "N(0, 0.05²)", "Xavier uniform", "He uniform", "U(-1, 1)"]


def batchnorm_explorer(depth=20, init="N(0, 0.01²)", batchnorm=False, activation="relu",
                       n=500, width=100):
    """Depth, init scale and BN on/off -> per-layer activation histograms and std curves.

    ``ex.result``: ``act_std`` and ``grad_std`` per layer, ``var_ratio`` (geometric mean of
    Var(h_{l+1}) / Var(h_l)), ``saturated`` and ``zero`` shares of the last layer.
    """
    import ipywidgets as w

    cache = {}
    controls = {
        "depth": w.IntSlider(value=depth, min=2, max=20, description="depth"),
        "init": w.Dropdown(options=_SCALES, value=init, description="init"),
        "batchnorm": w.Checkbox(value=batchnorm, description="batch norm"),
    }

    def draw(fig, depth, init, batchnorm):
        block = f"Linear({width}) -> {'BN -> ' if batchnorm else ''}{activation}"
        return explore_deep_net(fig, cache, (depth, init, batchnorm), INIT_SCHEMES[init],
                                activation, depth, batchnorm, n, width,
                                title=f"{depth} x [{block}], init {init}")

    return Explorer(controls, draw, figsize=(9, 3.4), clear=False,
                    title="Batch norm: per-layer activations of a deep net at initialization")
