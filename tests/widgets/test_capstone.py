"""Headless tests of the capstone explorers and plots."""
import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

import course_nn as cnn  # noqa: E402


def _predictions():
    rng = np.random.default_rng(0)
    y = np.repeat(np.arange(10), 20)
    good = np.where(rng.random(200) < 0.9, y, rng.integers(0, 10, 200))
    bad = np.where(rng.random(200) < 0.4, y, (y + 1) % 10)     # mistakes: class c -> c + 1
    X = rng.normal(size=(200, 40))
    return y, {"weak": bad, "strong": good}, X


def test_confusion_counts_rows_are_true_classes():
    cm = cnn.plots.confusion_counts([0, 0, 1, 2], [0, 1, 1, 0], n_classes=3)
    assert cm.tolist() == [[1, 1, 0], [0, 1, 0], [1, 0, 0]]


def test_confusion_explorer_switches_model_and_class():
    y, preds, X = _predictions()
    ex = cnn.widgets.confusion_explorer(y, preds, X=X, model="strong")
    strong = ex.result["accuracy"]
    assert strong == pytest.approx(np.mean(preds["strong"] == y))
    png = ex.png
    ex.set(model="weak")
    assert ex.png != png
    assert ex.result["accuracy"] < strong
    assert ex.result["confused_with"] == 1               # class 0 is mistaken for 1
    ex.set(cls=4)
    assert ex.result["confused_with"] == 5
    assert ex.result["class_accuracy"] == pytest.approx(np.mean(preds["weak"][y == 4] == 4))
    png = ex.png
    ex.set(normalize=False)
    assert ex.png != png


def test_train_explorer_trains_on_press(monkeypatch):
    import course_nn.experiments as E

    calls = []

    def fake_train(lr, weight_decay, width, dropout, epochs, seed, callbacks=()):
        calls.append(lr)
        for e in range(epochs):
            for cb in callbacks:
                cb(e, None, None)
        if lr > 0.05:
            raise cnn.TrainingDiverged(float("nan"), 0, 0, lr)
        acc = list(np.linspace(0.2, 0.5 + width / 1000, epochs))
        return {"val_acc": acc[-1], "best_val_acc": max(acc), "train_acc": 0.9,
                "history": {"train_acc": [0.9] * epochs, "val_acc": acc}}

    monkeypatch.setattr(E, "train_mlp", fake_train)
    ex = cnn.widgets.train_explorer(epochs=5)
    assert ex.result is None and not calls               # nothing trained before the press
    ex.set(width=100)
    ex.press()
    narrow = ex.result["val_acc"]
    png = ex.png
    ex.set(width=400)
    ex.press()
    assert ex.result["val_acc"] > narrow and ex.png != png
    assert ex.progress.value == pytest.approx(1.0)
    ex.set(lr=0.1)
    ex.press()
    assert np.isnan(ex.result["val_acc"])


def test_train_explorer_really_trains():
    ex = cnn.widgets.train_explorer(epochs=2, width=32)
    ex.press()
    assert 0.1 < ex.result["val_acc"] <= 1 and ex.progress.value == pytest.approx(1.0)
