"""The training loop: ``fit``, ``evaluate``, ``predict``, ``accuracy``, ``History``.

One epoch of ``fit`` is the loop of every lesson, over mini-batches *of* ``batch_size``
examples, in a new random order each epoch::

    order = rng.permutation(N)                          # reshuffled every epoch
    for start in range(0, N, batch_size):               # the last batch may be smaller
        idx = order[start:start + batch_size]
        loss = loss_fn(model(X[idx]), y[idx])
        optimizer.zero_grad()
        model.backward(loss_fn.backward())
        regularizer.add_grad(model)                     # if a regularizer is given
        optimizer.step()

Plots hook in as callbacks (``course_nn.plots`` provides some); this module imports nothing
of plots, widgets or grading.
"""
from __future__ import annotations

import math
import numbers
import warnings

import numpy as np

from ._validation import check_finite, check_rng
from .module import Module
from .serialization import load_state_dict, state_dict

__all__ = ["fit", "evaluate", "predict", "accuracy", "History", "TrainingDiverged"]

# loss class name -> decision threshold for a single score per example (see ``accuracy``)
CLASSIFICATION_LOSSES = {"CrossEntropyLoss": 0.0, "MultiMarginLoss": 0.0, "BCEWithLogitsLoss": 0.0,
                         "HingeLoss": 0.0, "BCELoss": 0.5}


class TrainingDiverged(FloatingPointError, RuntimeError):
    """The loss became NaN or infinite. ``.epoch`` and ``.step`` count from 0."""

    def __init__(self, loss, epoch, step, lr):
        self.loss, self.epoch, self.step = loss, epoch, step
        super().__init__(f"training diverged: the loss is {loss} at epoch {epoch}, step {step} "
                         f"(counting from 0); try a smaller learning rate (lr is {lr:g})")


class History:
    """What ``fit`` measured, one entry per epoch.

    Attributes:
        train_loss: mean mini-batch loss over the epoch (the weights change during the epoch;
            a regularizer's penalty is not included).
        train_acc: mean mini-batch accuracy (train mode), or None for regression losses.
        val_loss, val_acc: on ``val_data`` at the end of each epoch in eval mode ([] without
            val_data; val_acc None for regression).
        lr: the learning rate used in each epoch.
        best_epoch: index of the lowest val_loss (train_loss without val_data).
        stopped_early: whether early stopping ended training.
    """

    def __init__(self, classification: bool):
        self.train_loss, self.val_loss, self.lr = [], [], []
        self.train_acc = [] if classification else None
        self.val_acc = [] if classification else None
        self.best_epoch = None
        self.stopped_early = False

    def __len__(self):
        return len(self.train_loss)

    def as_dict(self) -> dict:
        """The per-epoch lists (only those measured) and best_epoch, as plain Python objects."""
        keys = ["train_loss", "train_acc", "val_loss", "val_acc", "lr"]
        out = {k: list(getattr(self, k)) for k in keys if getattr(self, k)}
        return {**out, "best_epoch": self.best_epoch, "stopped_early": self.stopped_early}

    def _record(self, key, value):
        seq = getattr(self, key)
        if seq is not None and value is not None:
            seq.append(float(value))

    def _end_epoch(self, loss, acc, val) -> float:
        """Record an epoch's measurements; return the monitored loss (val_loss, else train_loss)."""
        self._record("train_loss", loss)
        self._record("train_acc", acc)
        if val is not None:
            self._record("val_loss", val["loss"])
            self._record("val_acc", val["acc"])
        return (self.val_loss or self.train_loss)[-1]

    def _summary(self, epoch) -> str:
        parts = [f"epoch {epoch}"]
        for key in ("train_loss", "train_acc", "val_loss", "val_acc"):
            seq = getattr(self, key)
            if seq:
                parts.append(f"{key} {seq[-1]:.4f}")
        return "  ".join(parts)

    def __repr__(self):
        last = self._summary(len(self) - 1) if len(self) else "empty"
        return f"History({len(self)} epochs; {last}; best_epoch={self.best_epoch})"


def accuracy(scores, y, threshold: float = 0.0) -> float:
    """Fraction of correct predictions.

    * scores (N, C) with C > 1: the predicted class is the argmax of each row; y holds integer
      labels (N,) (or one-hot / probability rows (N, C), compared by their argmax).
    * scores (N,) or (N, 1): one score per example, positive when ``score > threshold``;
      use threshold 0 for logits and hinge scores, 0.5 for probabilities (what ``fit`` and
      ``evaluate`` pick from the loss: 0.5 for BCELoss). y may be 0/1 or -1/+1 labels.

    Example:
        >>> accuracy(np.array([[2.0, 1.0], [0.0, 3.0]]), np.array([0, 0]))
        0.5
        >>> accuracy(np.array([1.3, -0.2, 0.1]), np.array([1, 0, 0]))            # logits
        0.6666666666666666
        >>> accuracy(np.array([0.9, 0.2]), np.array([-1, -1]), threshold=0.5)    # probabilities
        0.5
    """
    scores, y = np.asarray(scores), np.asarray(y)
    if scores.ndim == 0 or len(scores) == 0:
        raise ValueError(f"accuracy needs at least one example; got scores of shape {scores.shape}")
    if len(scores) != len(y):
        raise ValueError(f"accuracy needs one label per row of scores; got {len(scores)} rows of "
                         f"scores and {len(y)} labels")
    if scores.ndim == 2 and scores.shape[1] > 1:
        pred = scores.argmax(axis=1)
        if y.shape != scores.shape and y.size != len(y):
            raise ValueError(f"accuracy expects labels of shape ({len(y)},) or one row per example of shape "
                             f"{scores.shape}; got labels of shape {y.shape}")
        labels = y.argmax(axis=1) if y.shape == scores.shape else y.reshape(len(y))
    else:
        if scores.size != len(scores) or y.size != len(y):
            raise ValueError(f"accuracy with one score per example expects scores and labels of shape (N,) "
                             f"or (N, 1); got scores {scores.shape} and labels {y.shape}")
        pred = scores.reshape(len(scores)) > threshold
        labels = y.reshape(len(y))
        labels = labels > (0.5 if labels.min(initial=0) >= 0 else 0.0)
    return float(np.mean(pred == labels))


def _threshold(loss_fn):
    """The accuracy threshold for this loss, or None if it is not a classification loss."""
    for cls in type(loss_fn).__mro__:
        if cls.__name__ in CLASSIFICATION_LOSSES:
            return CLASSIFICATION_LOSSES[cls.__name__]
    return None


def _as_examples(a, what):
    """``a`` as an ndarray; a ValueError (not numpy's) for ragged nested lists."""
    try:
        return np.asarray(a)
    except ValueError as exc:
        raise ValueError(f"{what} must be a rectangular array (every example the same shape); got a ragged "
                         f"{type(a).__name__} ({exc})") from None


def _check_data(X, y, who):
    X, y = _as_examples(X, f"{who} X"), _as_examples(y, f"{who} y")
    if X.ndim == 0 or y.ndim == 0:
        raise ValueError(f"{who} expects arrays of examples; got X of shape {X.shape} and y of shape {y.shape}")
    if len(X) != len(y):
        raise ValueError(f"{who}: X and y must hold the same number of examples; got len(X) = {len(X)} "
                         f"and len(y) = {len(y)}")
    if len(X) == 0:
        raise ValueError(f"{who} got empty data (0 examples); expected at least one")
    check_finite(X, f"{who} X")
    check_finite(y, f"{who} y")
    return X, y


def _check_model(model, who):
    if isinstance(model, type):
        raise TypeError(f"{who} needs a model instance, such as cnn.Sequential(...); got the class "
                        f"{model.__name__} itself")
    if not isinstance(model, Module):
        raise TypeError(f"{who} expects a course_nn Module as the model; got {type(model).__name__}")


def _check_loss(loss_fn, who):
    """A loss Module instance (it has ``backward``), not its class nor a functional loss."""
    if isinstance(loss_fn, type):
        raise TypeError(f"{who} needs a loss instance: write {loss_fn.__name__}() with parentheses; got the "
                        f"class {loss_fn.__name__} itself")
    if not (isinstance(loss_fn, Module) and callable(getattr(loss_fn, "backward", None))):
        name = getattr(loss_fn, "__name__", type(loss_fn).__name__)
        raise TypeError(f"{who} expects a loss Module such as cnn.CrossEntropyLoss() (it computes the loss and "
                        f"its backward()); got {name} of type {type(loss_fn).__name__}")


def _check_optimizer(optimizer, model, who):
    """An optimizer instance that updates at least one of the model's parameters."""
    if isinstance(optimizer, type):
        raise TypeError(f"{who} needs an optimizer instance such as {optimizer.__name__}(model.parameters(), "
                        f"lr=...); got the class {optimizer.__name__} itself")
    groups = getattr(optimizer, "param_groups", None)
    if groups is None or not callable(getattr(optimizer, "step", None)):
        raise TypeError(f"{who} expects an optimizer such as cnn.optim.SGD(model.parameters(), lr=0.1); "
                        f"got {type(optimizer).__name__}")
    held = {id(p) for g in groups for p in g["params"]}
    mine = [p for p in model.parameters()]
    if mine and not any(id(p) in held for p in mine):
        raise ValueError(f"{who}: the optimizer holds none of the model's {len(mine)} parameters, so training "
                         f"would change nothing; build it on this model: optimizer(model.parameters(), ...) "
                         f"(it holds {len(held)} parameters of another model)")


def _check_hooks(regularizer, scheduler, callbacks, optimizer):
    if regularizer is not None and (isinstance(regularizer, type)
                                    or not callable(getattr(regularizer, "add_grad", None))):
        raise TypeError(f"fit regularizer must be an instance such as cnn.regularizers.L2(1e-4); got "
                        f"{_describe(regularizer)}")
    if scheduler is not None:
        if isinstance(scheduler, type) or not callable(getattr(scheduler, "step", None)):
            raise TypeError(f"fit scheduler must be an instance such as cnn.optim.lr_scheduler.StepLR(optimizer, "
                            f"step_size=10); got {_describe(scheduler)}")
        if getattr(scheduler, "optimizer", optimizer) is not optimizer:
            raise ValueError("fit scheduler was built on another optimizer than the one fit steps, so it would "
                             "change that optimizer's learning rate, not this one's: build it on this optimizer")
    if callable(callbacks) or hasattr(callbacks, "on_epoch_end"):
        raise TypeError(f"fit callbacks takes a list of callbacks; got a single {_describe(callbacks)}: wrap it "
                        "in a list, callbacks=[cb]")
    try:
        return [_callback(cb) for cb in callbacks]
    except TypeError as exc:
        if "not iterable" in str(exc):
            raise TypeError(f"fit callbacks takes a list of callbacks; got {_describe(callbacks)}") from None
        raise


def _describe(obj):
    if isinstance(obj, type):
        return f"the class {obj.__name__} itself (add parentheses and arguments)"
    return f"{type(obj).__name__} {obj!r}"[:80]


def _check_count(value, what, allow_none=False):
    if value is None and allow_none:
        return None
    if not isinstance(value, numbers.Integral) or isinstance(value, bool) or value < 1:
        raise ValueError(f"{what} must be a positive integer; got {value!r}")
    return int(value)


def _batches(n, batch_size):
    return range(0, n, batch_size) if batch_size else range(0, n, n)


def evaluate(model, loss_fn, X, y, batch_size=None) -> dict:
    """Loss and accuracy on (X, y) in eval mode: ``{"loss": float, "acc": float or None}``.

    The model's mode is restored afterwards. ``batch_size`` splits the forward passes (for
    memory); the result is the same. ``acc`` is None for regression losses.
    """
    _check_model(model, "evaluate")
    _check_loss(loss_fn, "evaluate")
    X, y = _check_data(X, y, "evaluate")
    batch_size = _check_count(batch_size, "evaluate batch_size", allow_none=True)
    threshold, was_training = _threshold(loss_fn), model.training
    total_loss = correct = 0.0
    n_bad = 0
    model.eval()
    try:
        for start in _batches(len(X), batch_size):
            stop = start + (batch_size or len(X))
            out = model(X[start:stop])
            n = len(out)
            n_bad += int(np.count_nonzero(~np.isfinite(out)))
            total_loss += loss_fn(out, y[start:stop]) * n
            if threshold is not None:
                correct += accuracy(out, y[start:stop], threshold) * n
    finally:
        model.train(was_training)
    acc = None if threshold is None else correct / len(X)
    if n_bad:                      # an argmax over NaN is no prediction: report no accuracy
        warnings.warn(f"evaluate: the model output {n_bad} NaN/inf value(s) (has training diverged?); the "
                      "loss is not finite and the accuracy is reported as NaN", RuntimeWarning, stacklevel=2)
        acc = None if threshold is None else math.nan
    return {"loss": total_loss / len(X), "acc": acc}


def predict(model, X, batch_size=None) -> np.ndarray:
    """The model's outputs on X in eval mode (the mode is restored afterwards)."""
    _check_model(model, "predict")
    X = _as_examples(X, "predict X")
    if X.ndim == 0 or len(X) == 0:
        raise ValueError(f"predict expects a non-empty array of examples; got shape {X.shape}")
    batch_size = _check_count(batch_size, "predict batch_size", allow_none=True)
    was_training = model.training
    model.eval()
    try:
        outs = [model(X[s:s + (batch_size or len(X))]) for s in _batches(len(X), batch_size)]
    finally:
        model.train(was_training)
    return outs[0] if len(outs) == 1 else np.concatenate(outs)


def _current_lr(optimizer):
    return optimizer.param_groups[0]["lr"] if hasattr(optimizer, "param_groups") else optimizer.lr


def _train_epoch(model, loss_fn, optimizer, X, y, batch_size, rng, regularizer, epoch):
    """One pass over the data in mini-batches of batch_size; returns (mean loss, mean acc or None)."""
    threshold, n = _threshold(loss_fn), len(X)
    order = rng.permutation(n)
    total_loss = correct = 0.0
    for step, start in enumerate(range(0, n, batch_size)):
        idx = order[start:start + batch_size]
        xb, yb = X[idx], y[idx]
        out = model(xb)
        loss = loss_fn(out, yb)
        if not math.isfinite(loss):
            raise TrainingDiverged(loss, epoch, step, _current_lr(optimizer))
        optimizer.zero_grad()
        model.backward(loss_fn.backward())
        if regularizer is not None:
            regularizer.add_grad(model)
        optimizer.step()
        total_loss += loss * len(idx)
        if threshold is not None:
            correct += accuracy(out, yb, threshold) * len(idx)
    return total_loss / n, (None if threshold is None else correct / n)


def _check_fit_data(model, X, y, val_data, rng):
    _check_model(model, "fit")
    X, y = _check_data(X, y, "fit")
    if val_data is not None:
        if not isinstance(val_data, (tuple, list)) or len(val_data) != 2:
            raise ValueError("fit val_data must be a pair (X_val, y_val)")
        val_data = _check_data(*val_data, "fit val_data")
    return X, y, val_data, check_rng(rng, "fit")


def _callback(cb):
    if hasattr(cb, "on_epoch_end"):
        return cb.on_epoch_end
    if callable(cb):
        return cb
    raise TypeError(f"a callback must be callable as cb(epoch, history, model) or have an "
                    f"on_epoch_end method; got {type(cb).__name__}")


class _Progress:
    """A tqdm bar over epochs (tqdm.auto: a widget in Jupyter), or nothing."""

    def __init__(self, epochs, enabled, verbose):
        self.bar, self.verbose = None, verbose
        if enabled:
            from tqdm.auto import tqdm
            self.bar = tqdm(total=epochs, desc="fit", unit="epoch")

    def update(self, history, epoch):
        if self.bar is not None:
            self.bar.set_postfix_str(history._summary(epoch).split("  ", 1)[-1], refresh=False)
            self.bar.update(1)
        if self.verbose:
            (self.bar.write if self.bar is not None else print)(history._summary(epoch))

    def close(self):
        if self.bar is not None:
            self.bar.close()


def fit(model, loss_fn, optimizer, X, y, epochs=10, batch_size=32, rng=None, val_data=None,
        early_stopping=None, regularizer=None, callbacks=(), scheduler=None, progress=True,
        verbose=False) -> History:
    """Train ``model`` with mini-batches of ``batch_size`` examples, reshuffled every epoch.

    Args:
        model: a Module; trained in train mode, evaluated in eval mode, its mode restored at the end.
        loss_fn: a loss Module (``cnn.CrossEntropyLoss()``, ...). Accuracy is recorded for
            classification losses (cross-entropy, BCE, hinge).
        optimizer: an optimizer over ``model.parameters()``.
        X, y: the training examples and targets (same length; the last batch may be smaller).
        epochs: number of passes over the data.
        batch_size: examples per mini-batch (not the number of batches).
        rng: np.random.Generator or int seed for the shuffling (None: unseeded).
        val_data: optional (X_val, y_val), evaluated after every epoch.
        early_stopping: patience (an int): stop after that many epochs without a lower
            val_loss, and restore the weights (and BatchNorm statistics) of ``best_epoch``.
            Needs val_data.
        regularizer: a ``cnn.regularizers`` object; its gradient is added for every parameter
            with ``decay=True`` before each step (the recorded loss leaves the penalty out).
        callbacks: callables ``cb(epoch, history, model)`` or objects with an ``on_epoch_end``
            method of that signature, called after each epoch; returning True stops training.
        scheduler: a learning-rate scheduler; ``scheduler.step()`` is called once per epoch.
        progress: show a tqdm progress bar over epochs (on stderr, or a widget in Jupyter);
            progress=False prints nothing.
        verbose: print one line per epoch.

    Returns:
        A History. Raises TrainingDiverged if a loss is NaN or infinite (numpy's overflow
        warnings are silenced during the training steps: this error is the one signal).

    Example:
        >>> import course_nn as cnn
        >>> rng = np.random.default_rng(0)
        >>> X = rng.normal(size=(200, 2)); y = (X[:, 0] > 0).astype(int)
        >>> net = cnn.Sequential(cnn.Linear(2, 8, rng=0), cnn.ReLU(), cnn.Linear(8, 2, rng=1))
        >>> opt = cnn.optim.Adam(net.parameters(), lr=1e-2)
        >>> hist = fit(net, cnn.CrossEntropyLoss(), opt, X, y, epochs=20, rng=0, progress=False)
        >>> len(hist.train_loss), hist.train_acc[-1] > 0.95
        (20, True)
    """
    X, y, val_data, rng = _check_fit_data(model, X, y, val_data, rng)
    _check_loss(loss_fn, "fit")
    _check_optimizer(optimizer, model, "fit")
    epochs = _check_count(epochs, "fit epochs")
    batch_size = _check_count(batch_size, "fit batch_size (examples per mini-batch)")
    patience = _check_count(early_stopping, "fit early_stopping (the patience, in epochs)", allow_none=True)
    if patience is not None and val_data is None:
        raise ValueError("fit early_stopping watches the validation loss: pass val_data=(X_val, y_val)")
    hooks = _check_hooks(regularizer, scheduler, callbacks, optimizer)
    history = History(classification=_threshold(loss_fn) is not None)
    was_training, best, best_state = model.training, math.inf, None
    bar = _Progress(epochs, progress, verbose)
    try:
        for epoch in range(epochs):
            history._record("lr", _current_lr(optimizer))
            model.train()
            with np.errstate(over="ignore", invalid="ignore"):     # divergence -> TrainingDiverged
                loss, acc = _train_epoch(model, loss_fn, optimizer, X, y, batch_size, rng, regularizer, epoch)
            val = None if val_data is None else evaluate(model, loss_fn, *val_data)
            monitored = history._end_epoch(loss, acc, val)
            if monitored < best:
                best, history.best_epoch = monitored, epoch
                best_state = state_dict(model) if patience is not None else None
            if scheduler is not None:
                scheduler.step()
            bar.update(history, epoch)
            last_best = -1 if history.best_epoch is None else history.best_epoch
            if patience is not None and epoch - last_best >= patience:
                history.stopped_early = True
            if any([bool(hook(epoch, history, model)) for hook in hooks]) or history.stopped_early:
                break
    finally:
        bar.close()
        model.train(was_training)
    if best_state is not None:
        load_state_dict(model, best_state)
    return history
