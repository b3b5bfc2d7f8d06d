"""Headless tests of the batch-normalization explorer and plots."""
import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402

import course_nn as cnn  # noqa: E402


def test_batchnorm_explorer_rescues_small_init():
    ex = cnn.widgets.batchnorm_explorer(depth=12, init="N(0, 0.01²)", batchnorm=False)
    assert ex.result["act_std"][-1] < 1e-10                      # collapsed without BN
    png = ex.png
    ex.set(batchnorm=True)
    assert ex.png != png
    assert 0.3 < ex.result["act_std"][-1] < 1.0                  # BN: unit-variance pre-activations
    assert 0.8 < ex.result["var_ratio"] < 1.25


def test_batchnorm_explorer_depth_and_init():
    ex = cnn.widgets.batchnorm_explorer(depth=5, init="He uniform", batchnorm=False)
    assert len(ex.result["act_std"]) == 5
    ex.set(depth=15)
    assert len(ex.result["grad_std"]) == 15
    ex.set(init="Xavier uniform")                                # ReLU + Xavier: shrinks by ~1/2
    assert 0.35 < ex.result["var_ratio"] < 0.65


def test_batchnorm_plots():
    rng = np.random.default_rng(0)
    x = rng.normal(3, 2, size=(50, 3))
    fig = cnn.plots.normalization_scatter(x, (x - x.mean(0)) / x.std(0))
    assert len(fig.axes) == 2
    ax = cnn.plots.accuracy_vs_lr([0.1, 1, 10], {"a": [0.5, 0.6, np.nan]}, chance=0.1)
    assert ax.get_xscale() == "log"
    ax = cnn.plots.running_average_curves(rng.normal(size=20), np.linspace(0, 1, 20), 1.0)
    assert ax.get_xlabel() == "training step"
    ax = cnn.plots.eval_output_std([1, 2, 3], {"a": [3.0, 2.0, 1.5]})
    assert ax.get_yscale() == "log"
    ax = cnn.plots.accuracy_bars({"a": 0.5, "b": 0.9}, chance=0.1)
    assert len(ax.patches) == 2
