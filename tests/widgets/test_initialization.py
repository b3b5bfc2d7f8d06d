"""Headless tests of the initialization explorer and plots."""
import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402

import course_nn as cnn  # noqa: E402
from course_nn.widgets.initialization import deep_net_statistics  # noqa: E402


def test_init_explorer_relu_xavier_halves_he_keeps_variance():
    ex = cnn.widgets.init_explorer(scheme="He uniform", activation="relu", depth=10)
    assert 0.8 < ex.result["var_ratio"] < 1.25                   # He: stable
    png = ex.png
    ex.set(scheme="Xavier uniform")
    assert ex.png != png
    assert 0.35 < ex.result["var_ratio"] < 0.65                  # about 1/2 per layer
    assert ex.result["act_std"][-1] < ex.result["act_std"][0] / 10


def test_init_explorer_depth_and_saturation():
    ex = cnn.widgets.init_explorer(scheme="U(-1, 1)", activation="tanh", depth=4)
    assert len(ex.result["act_std"]) == 4
    assert ex.result["saturated"] > 0.5                          # large weights saturate tanh
    ex.set(depth=12)
    assert len(ex.result["act_std"]) == 12 and len(ex.result["grad_std"]) == 12
    ex.set(scheme="N(0, 0.01²)")
    assert ex.result["saturated"] == 0.0
    assert ex.result["act_std"][-1] < 1e-10                      # tiny weights: the signal vanishes


def test_init_explorer_zero_weights_are_finite():
    ex = cnn.widgets.init_explorer(scheme="zeros", activation="relu", depth=5)
    assert ex.result["zero"] == 1.0
    assert all(s == 0 for s in ex.result["act_std"])


def test_deep_net_statistics_shapes():
    acts, grads = deep_net_statistics("he_uniform", "relu", depth=3, n=20, width=8)
    assert [a.shape for a in acts] == [(20, 8)] * 3 and [g.shape for g in grads] == [(20, 8)] * 3


def test_initialization_plots_return_figures():
    rng = np.random.default_rng(0)
    rows = {"a": [rng.normal(size=50) for _ in range(4)], "b": [np.zeros(50)] * 4}
    fig = cnn.plots.layer_histograms(rows, layers=[1, 3])
    assert len(fig.axes) == 4
    ax = cnn.plots.layer_stat_curves({"x": [1.0, 0.5, 0.25]})
    assert ax.get_yscale() == "log" and ax.get_legend() is not None
    fig = cnn.plots.weight_matrices({"W": rng.normal(size=(2, 4))})
    assert len(fig.axes) == 2                                      # the image and its colour bar
    ax = cnn.plots.initializer_histograms({"u": rng.uniform(-1, 1, 100)}, bounds={"u": 1.0})
    assert ax.get_xlabel() == "weight value"
    ax = cnn.plots.preactivation_histograms({"z": rng.normal(size=100) * 5})
    assert ax.get_yscale() == "log"
