"""Headless tests of the activations lesson's explorers."""
import numpy as np
import pytest

pytest.importorskip("ipywidgets")
pytest.importorskip("matplotlib")

import course_nn as cnn  # noqa: E402


def test_activation_explorer_derivatives_and_saturation():
    ex = cnn.widgets.activation_explorer()
    assert ex.result["name"] == "sigmoid"
    assert ex.result["max_derivative"] == pytest.approx(0.25, abs=1e-6)
    png = ex.png
    narrow = ex.set(scale=0.5)["saturated"]
    assert ex.png != png
    wide = ex.set(scale=5.0)["saturated"]
    assert wide > narrow + 0.3                     # wider pre-activations saturate a sigmoid
    tanh = ex.set(name="tanh")
    assert tanh["max_derivative"] == pytest.approx(1.0, abs=1e-6)
    relu = ex.set(name="relu", scale=1.0)
    assert relu["saturated"] == pytest.approx(0.5, abs=0.05)   # ReLU blocks the negative half


def test_activation_explorer_offers_every_elementwise_activation():
    ex = cnn.widgets.activation_explorer()
    options = set(ex.controls["name"].options)
    assert {"sigmoid", "tanh", "relu", "leaky_relu", "elu", "gelu"} <= options
    for name in options:
        ex.set(name=name)
        assert np.isfinite(ex.result["max_derivative"])


@pytest.fixture(scope="module")
def small_mnist1d():
    d = cnn.datasets.mnist1d()
    return {"x": d["x"][:1500], "y": d["y"][:1500]}


def test_dead_relu_explorer_dead_fraction_grows_with_lr(small_mnist1d):
    ex = cnn.widgets.dead_relu_explorer(lr=0.01, epochs=2, data=small_mnist1d)
    low = ex.result
    assert low["dead"] == 0.0 and ex.png.startswith(b"\x89PNG")
    png = ex.png
    ex.set(lr=2.0)
    assert ex.result is low                        # a heavy explorer waits for its button
    high = ex.press()
    assert ex.png != png
    assert high["lr"] == pytest.approx(2.0)
    assert high["dead"] > low["dead"] + 0.1
    assert ex.progress.value == 1.0


def test_dead_relu_explorer_reports_divergence(small_mnist1d):
    ex = cnn.widgets.dead_relu_explorer(lr=0.01, epochs=1, data=small_mnist1d)
    ex.set(lr=5.0)
    r = ex.press()
    assert np.isnan(r["train_acc"]) and np.isnan(r["dead"])
