"""Headless tests of the neuron lesson's explorers: they build, redraw, and measure sensibly."""
import numpy as np
import pytest

pytest.importorskip("ipywidgets")
pytest.importorskip("matplotlib")

import course_nn as cnn  # noqa: E402


def test_neuron_explorer_draws_and_reports_loss_and_accuracy():
    ex = cnn.widgets.neuron_explorer()
    assert ex.png.startswith(b"\x89PNG")          # the static figure exists before any change
    first_png = ex.png
    good = ex.set(w1=2.0, w2=1.5, b=-0.5)          # points from class 0 towards class 1
    assert ex.png != first_png
    assert good["accuracy"] > 0.9
    bad = ex.set(w1=-2.0, w2=-1.5, b=0.5)          # the same line, the classes swapped
    assert bad["accuracy"] < 0.1
    assert bad["loss"] > good["loss"]
    assert len(ex.latencies) == 6                  # one redraw per changed control


def test_neuron_explorer_loss_matches_the_package():
    X, y = cnn.datasets.blobs(n=40, centers=[(-1.0, 0.0), (1.0, 0.0)], noise=0.5, rng=1)
    ex = cnn.widgets.neuron_explorer(X, y, w1=1.0, w2=0.0, b=0.0)
    z = X @ np.array([[1.0], [0.0]])
    expected = cnn.BCEWithLogitsLoss()(z, y[:, None].astype(float))
    assert ex.result["loss"] == pytest.approx(expected)


def test_neuron_explorer_degenerate_weights():
    ex = cnn.widgets.neuron_explorer()
    ex.set(w2=0.0)                                 # boundary x1 = -b / w1: a vertical line
    assert 0.5 < ex.result["accuracy"] <= 1.0
    ex.set(w1=0.0)                                 # w = 0, b = 0: a = 0.5 everywhere, no line
    assert ex.result["loss"] == pytest.approx(np.log(2))


def test_hidden_units_explorer_capacity_and_regularization():
    ex = cnn.widgets.hidden_units_explorer(widths=(1, 20), decays=(0.0, 1e-2), steps=150)
    png = ex.png
    small = ex.set(hidden=1)
    assert ex.png != png
    big = ex.set(hidden=20)
    assert big["params"] > small["params"]
    assert big["train_acc"] > small["train_acc"] + 0.1     # more units fit the spirals better
    strong = ex.set(weight_decay=1e-2)
    assert strong["train_acc"] < big["train_acc"]         # a strong penalty costs training fit
