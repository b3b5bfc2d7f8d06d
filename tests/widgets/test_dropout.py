"""Headless tests of the dropout explorer and plots."""
import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

import course_nn as cnn  # noqa: E402


@pytest.fixture(scope="module")
def explorer():
    # a smaller grid than the notebook's, enough to see the trend
    return cnn.widgets.dropout_explorer(ps=(0.0, 0.5), p=0.0, epochs=80, width=96)


def test_dropout_explorer_gap_narrows_with_dropout(explorer):
    ex = explorer
    ex.set(p=0.0)
    no_drop, png = dict(ex.result), ex.png
    assert no_drop["train_acc"] > 0.95                      # the large net memorizes 100 points
    ex.set(p=0.5)
    assert ex.png != png
    assert ex.result["p"] == 0.5
    assert ex.result["gap"] < no_drop["gap"]                # dropout narrows the train/val gap
    assert ex.result["val_loss"] < no_drop["val_loss"]
    assert ex.result["train_loss"] > no_drop["train_loss"]


def test_train_dropout_grid_shapes():
    data = cnn.widgets.train_dropout_grid(ps=(0.0,), n_train=20, n_val=20, epochs=2, width=8,
                                          resolution=10)
    run = data["runs"][0.0]
    assert run["prob"].shape == (10, 10) and np.all((run["prob"] >= 0) & (run["prob"] <= 1))
    assert len(run["history"].val_loss) == 2 and data["X"].shape == (20, 2)


def test_dropout_plots():
    fig = cnn.plots.thinned_networks(sizes=(3, 4, 2), n=2, rng=0)
    assert len(fig.axes) == 3
    h = type("H", (), {"train_loss": [1.0, 0.5], "val_loss": [1.1, 0.9]})()
    ax = cnn.plots.train_val_curves({"a": h}, metric="loss")
    assert len(ax.get_lines()) == 2
    ax = cnn.plots.mc_average_error([1, 4, 16], [0.1, 0.05, 0.03])
    assert ax.get_xscale() == "log"
    ax = cnn.plots.mean_activation_bars({"a": 1.0, "b": 0.25}, reference=1.0)
    assert len(ax.patches) == 2
    ax = cnn.plots.probability_map((0, 1, 0, 1), np.linspace(0, 1, 16).reshape(4, 4),
                                   np.array([[0.2, 0.2], [0.8, 0.8]]), np.array([0, 1]))
    assert ax.get_xlim() == (0, 1)
