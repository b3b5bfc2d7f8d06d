"""Ready-made, picklable training runs for hyperparameter searches.

A search sends each trial to a worker (a thread, a process, a cluster node); a process or
a cluster needs a *module-level* function it can import by name, which a lambda or a
function defined in a notebook is not. These are such functions: each takes plain numbers,
trains a small model on MNIST-1D (Greydanus 2020) and returns plain data (floats and lists).

    >>> from course_nn.experiments import train_mlp
    >>> r = train_mlp(lr=1e-2, epochs=1, width=16, seed=0, n_train=500)
    >>> sorted(r)
    ['best_epoch', 'best_val_acc', 'history', 'train_acc', 'val_acc']

The validation set is the last 20% of MNIST-1D's training set (the same for every trial);
the test set is only touched with ``test=True``.
"""
from __future__ import annotations

import numpy as np

__all__ = ["mnist1d_split", "train_mlp", "train_logreg"]

_CACHE = {}


def mnist1d_split(val=0.2, dtype=np.float32):
    """MNIST-1D as ``(X_train, y_train, X_val, y_val, X_test, y_test)``.

    The validation set is the last ``val`` fraction of the 4000 training examples (a fixed split:
    MNIST-1D's examples are already in random order), so all trials are judged on the same data.
    """
    key = (val, np.dtype(dtype).str)
    if key not in _CACHE:
        from .datasets import mnist1d

        d = mnist1d()
        X, y = np.asarray(d["x"], dtype=dtype), np.asarray(d["y"])
        n_val = int(round(val * len(X)))
        _CACHE[key] = (X[:-n_val], y[:-n_val], X[-n_val:], y[-n_val:],
                       np.asarray(d["x_test"], dtype=dtype), np.asarray(d["y_test"]))
    return _CACHE[key]


def _run(model, lr, weight_decay, epochs, seed, batch_size, n_train, test, momentum=None,
         return_model=False, callbacks=()):
    import course_nn as cnn

    Xtr, ytr, Xva, yva, Xte, yte = mnist1d_split()
    if n_train is not None:
        Xtr, ytr = Xtr[:n_train], ytr[:n_train]
    groups = cnn.optim.split_decay(model.parameters())
    if momentum is None:
        opt = cnn.optim.AdamW(groups, lr=lr, weight_decay=weight_decay)
    else:
        opt = cnn.optim.SGD(groups, lr=lr, momentum=momentum, weight_decay=weight_decay)
    h = cnn.fit(model, cnn.CrossEntropyLoss(), opt, Xtr, ytr, epochs=epochs, batch_size=batch_size,
                rng=seed, val_data=(Xva, yva), progress=False, callbacks=callbacks)
    out = {}
    hist = {k: [float(v) for v in getattr(h, k)] for k in ("train_loss", "train_acc", "val_loss", "val_acc")}
    out.update(val_acc=hist["val_acc"][-1], best_val_acc=max(hist["val_acc"]),
               train_acc=hist["train_acc"][-1], best_epoch=int(np.argmax(hist["val_acc"])),
               history=hist)
    model.eval()
    if test:
        out["test_acc"] = float(cnn.accuracy(cnn.predict(model, Xte), yte))
    if return_model:
        out["model"] = model
    return out


def train_mlp(lr=1e-3, weight_decay=0.0, width=100, dropout=0.0, epochs=20, seed=0,
              data="mnist1d", depth=2, batch_size=100, n_train=None, test=False, momentum=None,
              return_model=False, callbacks=()):
    """Train a ReLU MLP 40-width-...-width-10 (He init) on MNIST-1D; return its scores.

    Args:
        lr, weight_decay: AdamW's (decoupled decay on weights only, not biases); with
            ``momentum`` given, SGD with that momentum and coupled L2 ``weight_decay`` instead.
        width, depth, dropout: ``depth`` hidden layers of ``width`` units, dropout ``p`` (drop).
        epochs, batch_size, seed: training length, mini-batch size, the seed of init and shuffling.
        n_train: use only the first n training examples (quick trials, overfitting tests).
        test: also report ``test_acc`` (touch the test set once, at the very end).
        return_model: also return the trained model (in eval mode) under ``"model"``.
        callbacks: passed to ``cnn.fit`` (``cb(epoch, history, model)`` after each epoch).

    Returns:
        ``{"val_acc", "best_val_acc", "train_acc", "best_epoch", "history"}`` (+ ``"test_acc"``):
        the validation accuracy after the last epoch, the best one and its epoch, the last
        training accuracy, and the per-epoch ``train_loss``, ``train_acc``, ``val_loss``, ``val_acc``.

    Raises:
        cnn.TrainingDiverged: the loss became NaN or infinite (``cnn.search`` records such a
        trial as failed and goes on).
    """
    import course_nn as cnn

    if data != "mnist1d":
        raise ValueError(f"data must be 'mnist1d'; got {data!r}")
    model = cnn.mlp([40] + [int(width)] * int(depth) + [10], activation="relu", dropout=dropout,
                    init="he_uniform", rng=seed)
    return _run(model, lr, weight_decay, epochs, seed, batch_size, n_train, test, momentum,
                return_model, callbacks)


def train_logreg(lr=1e-2, weight_decay=0.0, epochs=20, seed=0, batch_size=100, test=False,
                 return_model=False):
    """Multinomial logistic regression on MNIST-1D: one ``Linear(40, 10)`` + cross-entropy
    (AdamW); arguments and result as :func:`train_mlp`."""
    import course_nn as cnn

    model = cnn.Sequential(cnn.Linear(40, 10, init="xavier_uniform", rng=seed))
    return _run(model, lr, weight_decay, epochs, seed, batch_size, None, test, None, return_model)


# ---- capstone ----
# The MNIST-1D paper's MLP baseline (Greydanus 2020; its repository's notebooks/models.py,
# ``MLPBase``): Linear(40, 100), ReLU, a residual block h + ReLU(Linear(100, 100) h),
# Linear(100, 10), with PyTorch's default initialization, trained with Adam (lr 1e-2) on
# mini-batches of 100 for 6000 steps on all 4000 training examples (its notebooks/train.py walks
# through the training set in the same order every epoch). The core has no residual module, so
# it is built here from the package's Linear and ReLU.

from .module import Module as _Module  # noqa: E402


class ResidualReLU(_Module):
    """``h + ReLU(linear(h))``: a residual block around one Linear layer (square, in == out).

    Backward: d/dh [h + relu(W h + b)] = I + W-path, so the incoming gradient flows once
    unchanged (the skip connection) and once through ReLU and the Linear layer; the two add.
    """

    def __init__(self, linear):
        super().__init__()
        import course_nn as cnn

        if not isinstance(linear, cnn.Linear) or linear.in_features != linear.out_features:
            raise ValueError("ResidualReLU needs a square cnn.Linear (in_features == out_features); "
                             f"got {linear!r}")
        self.linear, self.relu = linear, cnn.ReLU()

    def forward(self, x):
        return x + self.relu(self.linear(x))

    def backward(self, grad_out):
        return grad_out + self.linear.backward(self.relu.backward(grad_out))


def torch_default_init_(linear, rng):
    """PyTorch's default ``nn.Linear`` init, in place: weight and bias ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in))."""
    import course_nn as cnn

    bound = 1.0 / np.sqrt(linear.in_features)
    linear.weight.value[...] = cnn.init.uniform(linear.weight.value.shape, -bound, bound, rng=rng)
    if linear.bias is not None:
        linear.bias.value[...] = cnn.init.uniform(linear.bias.value.shape, -bound, bound, rng=rng)
    return linear


def paper_mlp(seed=0, hidden=100, residual=True, init="torch"):
    """The MNIST-1D paper's MLP (``residual=True``, ``init="torch"``) or a plain 40-h-h-10 variant.

    ``residual=False`` replaces the residual block by a plain Linear + ReLU; ``init="he"`` uses
    the package's He-uniform weights and zero biases instead of PyTorch's default.
    """
    import course_nn as cnn

    if init not in ("torch", "he"):
        raise ValueError(f"init must be 'torch' or 'he'; got {init!r}")
    rng = np.random.default_rng(seed)
    l1, l2, l3 = (cnn.Linear(a, b, init="he_uniform", rng=rng)
                  for a, b in ((40, hidden), (hidden, hidden), (hidden, 10)))
    if init == "torch":
        for lin in (l1, l2, l3):
            torch_default_init_(lin, rng)
    middle = [ResidualReLU(l2)] if residual else [l2, cnn.ReLU()]
    return cnn.Sequential(l1, cnn.ReLU(), *middle, l3)


def train_steps(model, X, y, steps, batch_size=100, lr=1e-2, order="reshuffle", seed=0,
                optimizer="adam", momentum=0.9):
    """Train ``model`` for ``steps`` mini-batch steps with cross-entropy; return the per-step losses.

    ``order`` says how the examples are visited:
      - ``"fixed"``: in the order given, the same every epoch (no shuffling at all);
      - ``"once"``: one random permutation drawn before training, then the same every epoch;
      - ``"reshuffle"``: a new random permutation every epoch (what ``cnn.fit`` does).
    ``optimizer``: ``"adam"`` (Adam, ``lr``) or ``"sgd"`` (SGD with ``momentum``).
    """
    import course_nn as cnn

    if order not in ("fixed", "once", "reshuffle"):
        raise ValueError(f"order must be 'fixed', 'once' or 'reshuffle'; got {order!r}")
    if optimizer not in ("adam", "sgd"):
        raise ValueError(f"optimizer must be 'adam' or 'sgd'; got {optimizer!r}")
    rng = np.random.default_rng(seed)
    opt = (cnn.optim.Adam(model.parameters(), lr=lr) if optimizer == "adam"
           else cnn.optim.SGD(model.parameters(), lr=lr, momentum=momentum))
    loss_fn, n = cnn.CrossEntropyLoss(), len(X)
    perm = np.arange(n) if order == "fixed" else rng.permutation(n)
    per_epoch = -(-n // batch_size)
    losses = []
    model.train()
    for step in range(int(steps)):
        k = step % per_epoch
        if k == 0 and step > 0 and order == "reshuffle":
            perm = rng.permutation(n)
        idx = perm[k * batch_size:(k + 1) * batch_size]
        losses.append(float(loss_fn(model(X[idx]), y[idx])))
        opt.zero_grad()
        model.backward(loss_fn.backward())
        opt.step()
    model.eval()
    return losses


def paper_baseline(seed=0, residual=True, init="torch", steps=6000, n_train=4000, order="fixed",
                   lr=1e-2, batch_size=100):
    """Train the paper's MLP (or a plain variant) under the paper's conditions; return accuracies.

    ``n_train=4000`` uses all of MNIST-1D's training examples, as the paper does (then there is no
    validation set and ``val_acc`` is None); ``n_train=3200`` trains on ``mnist1d_split``'s
    training part and also reports the validation accuracy. Returns ``{"train_acc", "val_acc",
    "test_acc", "final_loss"}``.
    """
    import course_nn as cnn

    Xtr, ytr, Xva, yva, Xte, yte = mnist1d_split()
    if n_train == 4000:
        Xtr, ytr = np.concatenate([Xtr, Xva]), np.concatenate([ytr, yva])
    elif n_train != len(Xtr):
        raise ValueError(f"n_train must be 4000 (all) or {len(Xtr)} (the split); got {n_train}")
    model = paper_mlp(seed=seed, residual=residual, init=init)
    losses = train_steps(model, Xtr, ytr, steps, batch_size=batch_size, lr=lr, order=order, seed=seed)
    acc = lambda X, y: float(cnn.accuracy(cnn.predict(model, X), y))  # noqa: E731
    return {"train_acc": acc(Xtr, ytr), "val_acc": acc(Xva, yva) if n_train != 4000 else None,
            "test_acc": acc(Xte, yte), "final_loss": float(np.mean(losses[-40:]))}


def train_mlp_full(seed=0, test=True, **params):
    """``train_mlp`` with ``params``, but trained on all 4000 training examples (no validation).

    For the final model of a search: the hyperparameters were chosen on the validation split;
    this retrains them on train + validation and reports the test accuracy.
    """
    import course_nn as cnn

    Xtr, ytr, Xva, yva, Xte, yte = mnist1d_split()
    X, y = np.concatenate([Xtr, Xva]), np.concatenate([ytr, yva])
    width, depth = int(params.get("width", 100)), int(params.get("depth", 2))
    model = cnn.mlp([40] + [width] * depth + [10], activation="relu", dropout=params.get("dropout", 0.0),
                    init="he_uniform", rng=seed)
    opt = cnn.optim.AdamW(cnn.optim.split_decay(model.parameters()), lr=params["lr"],
                          weight_decay=params.get("weight_decay", 0.0))
    cnn.fit(model, cnn.CrossEntropyLoss(), opt, X, y, epochs=int(params["epochs"]),
            batch_size=int(params.get("batch_size", 100)), rng=seed, progress=False)
    model.eval()
    return {"train_acc": float(cnn.accuracy(cnn.predict(model, X), y)),
            "test_acc": float(cnn.accuracy(cnn.predict(model, Xte), yte))}
