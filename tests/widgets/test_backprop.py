"""Headless tests of the backprop lecture's explorer."""
import numpy as np
import pytest

pytest.importorskip("ipywidgets")
import course_nn as cnn  # noqa: E402


def test_layer_grad_norms_one_per_linear_layer():
    g = cnn.widgets.layer_grad_norms(5, "tanh", width=8, rng=0)
    assert g.shape == (6,) and np.all(g > 0)


def test_gradient_flow_explorer_sigmoid_vanishes_with_depth():
    ex = cnn.widgets.gradient_flow_explorer()
    png = ex.png
    ex.set(activation="sigmoid", depth=3)
    shallow = ex.result["ratio_first_last"]
    ex.set(depth=20)
    deep = ex.result["ratio_first_last"]
    assert ex.png != png
    assert len(ex.result["norms"]) == 21
    assert deep < shallow / 100               # the first layer's gradient shrinks with depth


def test_gradient_flow_explorer_relu_he_keeps_gradients():
    ex = cnn.widgets.gradient_flow_explorer()
    ex.set(depth=20, activation="sigmoid")
    sig = ex.result["ratio_first_last"]
    ex.set(activation="relu", init="he_uniform")
    assert ex.result["ratio_first_last"] > 100 * sig
    he = ex.result["norms"]
    ex.set(init="normal 0.01")                # tiny weights: every layer's gradient vanishes
    assert ex.result["norms"].max() < 1e-6 * he.max()
