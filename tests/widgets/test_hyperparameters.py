"""Headless tests of the hyperparameter-search explorers and plots."""
import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

import course_nn as cnn  # noqa: E402
from course_nn.plots.hyperparameters import flat_trials  # noqa: E402


def _trials():
    rng = np.random.default_rng(0)
    lr, wd = 10 ** rng.uniform(-4, -1, 20), 10 ** rng.uniform(-5, -1, 20)
    acc = 0.9 - 0.1 * np.abs(np.log10(lr) + 2.5) - 0.05 * np.abs(np.log10(wd) + 3)
    out = [{"lr": a, "weight_decay": b, "width": 64, "val_acc": c} for a, b, c in zip(lr, wd, acc)]
    out[0]["val_acc"] = float("nan")                      # a failed (diverged) trial
    return out


def test_flat_trials_accepts_search_results():
    res = cnn.search.random_search(lambda lr: {"val_acc": -abs(np.log10(lr) + 2)},
                                   {"lr": ("log", 1e-4, 1)}, n_trials=5, rng=0, executor="serial")
    flat = flat_trials(res)
    assert len(flat) == 5 and set(flat[0]) == {"lr", "val_acc"}
    assert flat[0]["val_acc"] == res[0]["score"]


def test_trials_explorer_filters_and_switches_axes():
    ex = cnn.widgets.trials_explorer(_trials())
    assert ex.result["shown"] == 20
    best = ex.result["best"]["val_acc"]
    png = ex.png
    ex.set(min_score=0.8)                                 # hide the weaker trials
    assert ex.png != png
    assert 0 < ex.result["shown"] < 20
    assert ex.result["best"]["val_acc"] == best           # the best one is still shown
    png = ex.png
    ex.set(y="width")
    assert ex.png != png


def test_random_search_explorer_runs_new_trials(monkeypatch):
    import course_nn.experiments as E

    def fake_train(lr, weight_decay, width, epochs, seed):   # fast stand-in for training
        if lr > 0.05:
            raise cnn.TrainingDiverged(float("inf"), 0, 0, lr)
        return {"val_acc": 1.0 - abs(np.log10(lr) + 2.5) / 3}

    monkeypatch.setattr(E, "train_mlp", fake_train)
    ex = cnn.widgets.random_search_explorer(n_trials=4)
    assert ex.result == {"trials": [], "best": None}
    png = ex.png
    ex.set(lr_range=(-4.0, 0.0))
    ex.press()
    assert len(ex.result["trials"]) == 4 and ex.png != png
    ex.press()
    assert len(ex.result["trials"]) == 8                  # trials accumulate
    assert ex.progress.value == pytest.approx(1.0)
    ok = [t for t in ex.result["trials"] if np.isfinite(t["val_acc"])]
    assert ex.result["best"]["val_acc"] == max(t["val_acc"] for t in ok)
