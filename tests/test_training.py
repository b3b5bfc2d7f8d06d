"""Tests of course_nn.training: mini-batches, shuffling, History, early stopping, errors."""
from __future__ import annotations

import numpy as np
import pytest

import course_nn as cnn
from course_nn import Module, Parameter
from course_nn.training import CLASSIFICATION_LOSSES


class Recorder(Module):
    """A linear model y = x @ W that records the examples of every forward pass in training mode."""

    def __init__(self, n_in=2, n_out=2):
        super().__init__()
        self.W = Parameter(np.zeros((n_in, n_out)))
        self.batches, self.modes = [], []

    def forward(self, x):
        self._x = x
        self.modes.append(self.training)
        if self.training:
            self.batches.append(x[:, 0].astype(int).tolist())
        return x @ self.W.value

    def backward(self, dout):
        self.W.grad += self._x.T @ dout
        return dout @ self.W.value.T


def indexed_data(n=10, classes=2):
    """X[:, 0] is the example's index, so a Recorder sees which examples each batch held."""
    X = np.stack([np.arange(n, dtype=float), np.ones(n)], axis=1)
    return X, np.arange(n) % classes


def blobs(n=200, seed=0):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, n)
    X = rng.normal(size=(n, 2)) + 2.5 * np.stack([y, 1 - y], axis=1)
    return X, y


def small_net(seed=0, **kw):
    return cnn.mlp([2, 16, 2], rng=seed, **kw)


def quiet_fit(model, X, y, **kw):
    kw.setdefault("rng", 0)
    kw.setdefault("progress", False)
    loss = kw.pop("loss_fn", None) or cnn.CrossEntropyLoss()
    opt = kw.pop("optimizer", None) or cnn.optim.SGD(model.parameters(), lr=0.1)
    return cnn.fit(model, loss, opt, X, y, **kw)


# --- mini-batches -------------------------------------------------------------
def test_batches_are_of_batch_size_and_the_last_partial_batch_is_kept():
    model = Recorder()
    X, y = indexed_data(10)
    quiet_fit(model, X, y, epochs=1, batch_size=4)
    assert [len(b) for b in model.batches] == [4, 4, 2]      # batches OF 4, not 4 batches
    assert sorted(sum(model.batches, [])) == list(range(10))  # every example once per epoch


def test_data_is_reshuffled_every_epoch_with_the_given_rng():
    model = Recorder()
    X, y = indexed_data(32)
    quiet_fit(model, X, y, epochs=3, batch_size=32, rng=np.random.default_rng(5))
    orders = model.batches
    assert len(orders) == 3 and all(sorted(o) == list(range(32)) for o in orders)
    assert orders[0] != orders[1] != orders[2]
    assert orders[0] != list(range(32))
    rng = np.random.default_rng(5)
    assert orders == [rng.permutation(32).tolist() for _ in range(3)]


def test_same_seed_gives_the_same_training():
    X, y = blobs()
    runs = [quiet_fit(small_net(), X, y, epochs=3, rng=7).train_loss for _ in range(2)]
    assert runs[0] == runs[1]


# --- history -----------------------------------------------------------------
def test_history_of_a_classifier():
    X, y = blobs()
    hist = quiet_fit(small_net(), X, y, epochs=5, val_data=blobs(seed=1))
    assert len(hist) == 5
    for key in ("train_loss", "train_acc", "val_loss", "val_acc", "lr"):
        assert len(getattr(hist, key)) == 5
    assert hist.train_acc[-1] > 0.9 and hist.val_acc[-1] > 0.9
    assert hist.best_epoch == int(np.argmin(hist.val_loss))
    d = hist.as_dict()
    assert set(d) == {"train_loss", "train_acc", "val_loss", "val_acc", "lr", "best_epoch", "stopped_early"}
    assert "History(5 epochs" in repr(hist)


def test_history_of_a_regression_has_no_accuracy():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(64, 2))
    y = X @ np.array([[1.0], [-2.0]])
    model = cnn.Linear(2, 1, rng=0)
    hist = quiet_fit(model, X, y, epochs=30, loss_fn=cnn.MSELoss(),
                     optimizer=cnn.optim.SGD(model.parameters(), lr=0.1))
    assert hist.train_acc is None and hist.val_acc is None and hist.val_loss == []
    assert hist.train_loss[-1] < 1e-3 < hist.train_loss[0]
    assert "train_acc" not in hist.as_dict()
    assert cnn.evaluate(model, cnn.MSELoss(), X, y)["acc"] is None


def test_train_loss_is_the_mean_of_the_batch_losses():
    X, y = blobs(50)
    model = small_net()
    opt = cnn.optim.SGD(model.parameters(), lr=0.0)             # lr 0: weights never change
    hist = quiet_fit(model, X, y, epochs=1, batch_size=16, optimizer=opt)
    assert hist.train_loss[0] == pytest.approx(cnn.evaluate(model, cnn.CrossEntropyLoss(), X, y)["loss"])


# --- modes -------------------------------------------------------------------
@pytest.mark.parametrize("start_in_train", [True, False])
def test_train_mode_for_training_eval_mode_for_evaluation_and_mode_restored(start_in_train):
    model = Recorder()
    model.train(start_in_train)
    X, y = indexed_data(8)
    quiet_fit(model, X, y, epochs=2, batch_size=4, val_data=(X, y))
    # per epoch: two training batches, then the validation pass
    assert model.modes == [True, True, False] * 2
    assert model.training is start_in_train
    model.modes.clear()
    cnn.evaluate(model, cnn.CrossEntropyLoss(), X, y)
    cnn.predict(model, X)
    assert model.modes == [False, False] and model.training is start_in_train


def test_dropout_is_off_in_evaluate_and_predict():
    model = cnn.mlp([2, 32, 2], dropout=0.5, rng=0)
    X, _ = blobs(20)
    np.testing.assert_array_equal(cnn.predict(model, X), cnn.predict(model, X))
    assert model.training


# --- early stopping, callbacks, scheduler, regularizer -----------------------------
def test_early_stopping_stops_and_restores_the_best_weights():
    X, y = blobs(40)
    Xv, yv = blobs(40, seed=1)
    yv = 1 - yv                                              # validation labels flipped: val loss rises
    model = small_net()
    hist = quiet_fit(model, X, y, epochs=50, val_data=(Xv, yv), early_stopping=3,
                     optimizer=cnn.optim.SGD(model.parameters(), lr=0.5))
    assert hist.stopped_early and len(hist) == hist.best_epoch + 4
    assert cnn.evaluate(model, cnn.CrossEntropyLoss(), Xv, yv)["loss"] == pytest.approx(min(hist.val_loss))


def test_early_stopping_restores_batchnorm_statistics():
    X, y = blobs(64)
    Xv, yv = blobs(64, seed=1)
    model = small_net(batchnorm=True)
    hist = quiet_fit(model, X, y, epochs=15, val_data=(Xv, 1 - yv), early_stopping=2)
    assert cnn.evaluate(model, cnn.CrossEntropyLoss(), Xv, 1 - yv)["loss"] == pytest.approx(hist.val_loss[hist.best_epoch])


def test_early_stopping_needs_validation_data():
    with pytest.raises(ValueError, match="early_stopping watches the validation loss: pass val_data"):
        quiet_fit(small_net(), *blobs(), early_stopping=3)


def test_callbacks_see_each_epoch_and_can_stop_training():
    seen = []

    class StopAtTwo:
        def on_epoch_end(self, epoch, history, model):
            return epoch == 2

    def log(epoch, history, model):
        seen.append((epoch, len(history.train_loss), isinstance(model, Module)))

    hist = quiet_fit(small_net(), *blobs(), epochs=10, callbacks=[log, StopAtTwo()])
    assert len(hist) == 3 and seen == [(0, 1, True), (1, 2, True), (2, 3, True)]
    with pytest.raises(TypeError, match="a callback must be callable"):
        quiet_fit(small_net(), *blobs(), callbacks=[42])


def test_scheduler_steps_once_per_epoch():
    model = small_net()
    opt = cnn.optim.SGD(model.parameters(), lr=0.1)
    sched = cnn.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
    hist = quiet_fit(model, *blobs(), epochs=5, optimizer=opt, scheduler=sched)
    assert hist.lr == pytest.approx([0.1, 0.1, 0.05, 0.05, 0.025])
    assert sched.last_step == 5


def test_regularizer_shrinks_weights_but_not_biases():
    X, y = blobs()
    plain, reg = small_net(seed=3), small_net(seed=3)
    quiet_fit(plain, X, y, epochs=5)
    quiet_fit(reg, X, y, epochs=5, regularizer=cnn.regularizers.L2(0.05))
    norm = lambda m: sum(float(np.sum(p.value**2)) for p in m.parameters() if p.decay)  # noqa: E731
    assert norm(reg) < 0.8 * norm(plain)
    lone = cnn.Linear(2, 2, rng=0)
    lone.bias.value[:] = 1.0
    quiet_fit(lone, X, y, epochs=1, regularizer=cnn.regularizers.L2(1.0),
              optimizer=cnn.optim.SGD(lone.parameters(), lr=0.0))
    np.testing.assert_array_equal(lone.bias.value, 1.0)


# --- divergence, validation, progress ------------------------------------------------
def test_nan_loss_raises_training_diverged_naming_epoch_step_and_the_cure():
    X, y = blobs()
    model = small_net()
    with pytest.raises(cnn.TrainingDiverged, match=r"epoch \d+, step \d+ .*smaller learning rate") as err:
        quiet_fit(model, X * 1e3, y, epochs=20, batch_size=16,
                  optimizer=cnn.optim.SGD(model.parameters(), lr=1e3))
    assert isinstance(err.value, FloatingPointError) and isinstance(err.value, RuntimeError)
    assert err.value.epoch >= 0 and err.value.step >= 0


@pytest.mark.parametrize("kwargs, X, y, match", [
    ({}, np.zeros((10, 2)), np.zeros(9, int), r"len\(X\) = 10 and len\(y\) = 9"),
    ({}, np.zeros((0, 2)), np.zeros(0, int), r"empty data \(0 examples\)"),
    ({"batch_size": 0}, np.zeros((4, 2)), np.zeros(4, int), r"batch_size .* must be a positive integer; got 0"),
    ({"batch_size": 2.5}, np.zeros((4, 2)), np.zeros(4, int), r"got 2.5"),
    ({"epochs": 0}, np.zeros((4, 2)), np.zeros(4, int), r"epochs must be a positive integer; got 0"),
    ({"val_data": np.zeros((4, 2))}, np.zeros((4, 2)), np.zeros(4, int), r"val_data must be a pair"),
    ({"val_data": (np.zeros((3, 2)), np.zeros(4))}, np.zeros((4, 2)), np.zeros(4, int), r"len\(X\) = 3 and len\(y\) = 4"),
])
def test_bad_arguments_raise_clear_errors(kwargs, X, y, match):
    with pytest.raises(ValueError, match=match):
        quiet_fit(small_net(), X, y, **kwargs)


def test_progress_false_prints_nothing_and_progress_true_draws_a_bar(capfd):
    quiet_fit(small_net(), *blobs(), epochs=2, progress=False)
    out, err = capfd.readouterr()
    assert out == "" and err == ""
    quiet_fit(small_net(), *blobs(), epochs=2, progress=True)
    out, err = capfd.readouterr()
    assert "2/2" in err and out == ""
    quiet_fit(small_net(), *blobs(), epochs=2, progress=False, verbose=True)
    out, err = capfd.readouterr()
    assert out.count("train_loss") == 2 and err == ""


# --- evaluate, predict, accuracy --------------------------------------------------
def test_evaluate_and_predict_in_batches_match_one_pass():
    X, y = blobs(50)
    model = small_net()
    loss = cnn.CrossEntropyLoss()
    whole, parts = cnn.evaluate(model, loss, X, y), cnn.evaluate(model, loss, X, y, batch_size=7)
    assert parts["loss"] == pytest.approx(whole["loss"]) and parts["acc"] == whole["acc"]
    np.testing.assert_allclose(cnn.predict(model, X, batch_size=7), cnn.predict(model, X))
    assert whole["acc"] == cnn.accuracy(cnn.predict(model, X), y)


def test_accuracy_conventions():
    assert cnn.accuracy(np.array([[0.1, 0.9], [0.8, 0.2], [0.3, 0.7]]), np.array([1, 0, 0])) == pytest.approx(2 / 3)
    onehot = np.array([[0.0, 1.0], [1.0, 0.0]])
    assert cnn.accuracy(np.array([[0.1, 0.9], [0.2, 0.8]]), onehot) == 0.5
    logits = np.array([2.0, -1.0, 0.5, -0.1])
    assert cnn.accuracy(logits, np.array([1, 0, 0, 0])) == 0.75            # logits: threshold 0
    assert cnn.accuracy(logits, np.array([1, -1, -1, -1])) == 0.75         # hinge labels +-1
    assert cnn.accuracy(logits[:, None], np.array([1, 0, 0, 0])) == 0.75   # (N, 1) scores
    probs = np.array([0.9, 0.4, 0.6])
    assert cnn.accuracy(probs, np.array([1, 0, 0]), threshold=0.5) == pytest.approx(2 / 3)
    with pytest.raises(ValueError, match="got 3 rows of scores and 2 labels"):
        cnn.accuracy(probs, np.array([1, 0]))


@pytest.mark.parametrize("loss_name", sorted(CLASSIFICATION_LOSSES))
def test_every_classification_loss_gets_an_accuracy(loss_name):
    X, y = blobs(40)
    loss_fn = getattr(cnn, loss_name)()
    if loss_name in ("CrossEntropyLoss", "MultiMarginLoss"):
        model, target = small_net(), y
    else:
        model = cnn.Sequential(cnn.Linear(2, 1, rng=0), cnn.Flatten())
        model = cnn.Sequential(cnn.Linear(2, 1, rng=0), cnn.Sigmoid()) if loss_name == "BCELoss" else model
        target = (2 * y - 1 if loss_name == "HingeLoss" else y).astype(float)[:, None]
    hist = quiet_fit(model, X, target, epochs=10, loss_fn=loss_fn,
                     optimizer=cnn.optim.Adam(model.parameters(), lr=0.05))
    assert hist.train_acc[-1] > 0.9, hist.train_acc
