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


# ---- activations ----
# Notebook 02: is ReLU faster than tanh (Krizhevsky et al. 2012), and dying ReLUs.
# tools/precompute_activations.py runs these over seeds; the notebook re-runs one live.

def alexnet_normal_init(shape, rng=None, gain=1.0):
    """Weights from N(0, 0.01^2), the initialization Krizhevsky et al. (2012) used."""
    import course_nn as cnn

    return cnn.init.normal(shape, std=0.01, rng=rng)


ACTIVATION_INITS = {"normal_0.01": alexnet_normal_init, "glorot": "xavier_uniform"}


def steps_to_error(activation="relu", init="normal_0.01", seed=0, target=0.5, max_steps=3000,
                   every=10, lr=0.1, momentum=0.9, batch_size=100, n_eval=1000):
    """Train a 40-100-100-10 MLP on MNIST-1D with SGD + momentum on random mini-batches of the
    4000 training signals; every ``every`` steps measure the training error on the first
    ``n_eval`` of them. Returns ``{"steps": first step at which error <= target (None if never
    within max_steps), "curve_steps": [...], "curve_error": [...]}``."""
    import course_nn as cnn

    d = cnn.datasets.mnist1d()
    X, y = np.asarray(d["x"], dtype=np.float32), np.asarray(d["y"])
    X_eval, y_eval = X[:n_eval], y[:n_eval]
    rng = np.random.default_rng(seed)
    net = cnn.mlp([40, 100, 100, 10], activation=activation, init=ACTIVATION_INITS.get(init, init),
                  rng=rng)
    opt = cnn.optim.SGD(net.parameters(), lr=lr, momentum=momentum)
    loss_fn = cnn.CrossEntropyLoss()
    steps, errors, reached = [], [], None
    for step in range(1, max_steps + 1):
        idx = rng.integers(0, len(X), batch_size)
        loss_fn(net(X[idx]), y[idx])
        opt.zero_grad()
        net.backward(loss_fn.backward())
        opt.step()
        if step % every == 0:
            steps.append(step)
            errors.append(float(1 - cnn.accuracy(net(X_eval), y_eval)))
            if errors[-1] <= target:
                reached = step
                break
    return {"steps": reached, "curve_steps": steps, "curve_error": errors}


def dead_relu_fraction(lr=0.1, seed=0, epochs=1, batch_size=32):
    """Train a 40-100-100-10 ReLU MLP (He init, plain SGD) on MNIST-1D at ``lr``; return
    ``{"dead": [share of never-active units in hidden layer 1, 2], "train_acc": ...}``
    (dead and train_acc are None if training diverged)."""
    import course_nn as cnn

    d = cnn.datasets.mnist1d()
    X, y = np.asarray(d["x"], dtype=np.float32), np.asarray(d["y"])
    net = cnn.mlp([40, 100, 100, 10], activation="relu", rng=seed)
    try:
        cnn.fit(net, cnn.CrossEntropyLoss(), cnn.optim.SGD(net.parameters(), lr=lr), X, y,
                epochs=epochs, batch_size=batch_size, rng=seed, progress=False)
    except cnn.TrainingDiverged:
        return {"dead": None, "train_acc": None}
    h, dead = X, []
    for layer in net:
        h = layer(h)
        if isinstance(layer, cnn.ReLU):
            dead.append(float(np.mean(~(h > 0).any(axis=0))))
    return {"dead": dead, "train_acc": float(cnn.accuracy(net(X), y))}


# ---- neuron ----
# Notebook 01: a small net against a big L2-regularised one on noisy spirals, with the
# penalty chosen on validation data. tools/precompute_neuron.py runs it over seeds.

def spiral_net(hidden=20, lam=0.0, seed=0, n_train=150, n_eval=600, noise=0.6, epochs=300,
               lr=0.02):
    """Train a 2-hidden-3 ReLU net (He init, full-batch Adam) on ``n_train`` noisy spiral points
    drawn with seed ``seed`` (the same seed initialises the net), with an L2 penalty ``lam`` on
    the weights (not the biases). Returns train / validation / test accuracy and the final
    training loss; validation and test are fresh samples of ``n_eval`` points each."""
    import course_nn as cnn

    def sample(n, part):
        return cnn.datasets.spirals(n=n, noise=noise, rng=np.random.default_rng([seed, part]))

    (X, y), (Xv, yv), (Xt, yt) = sample(n_train, 0), sample(n_eval, 1), sample(n_eval, 2)
    net = cnn.mlp([2, hidden, 3], activation="relu", rng=seed)
    reg = cnn.regularizers.L2(lam) if lam else None
    loss_fn = cnn.CrossEntropyLoss()
    cnn.fit(net, loss_fn, cnn.optim.Adam(net.parameters(), lr=lr), X, y, epochs=epochs,
            batch_size=n_train, regularizer=reg, rng=seed, progress=False)
    return {"train_acc": float(cnn.accuracy(net(X), y)), "val_acc": float(cnn.accuracy(net(Xv), yv)),
            "test_acc": float(cnn.accuracy(net(Xt), yt)), "train_loss": float(loss_fn(net(X), y))}


# ---- batchnorm ----
def _sigmoid_mlp(sizes, batchnorm, init, seed, placement="before"):
    """40-100-100-100-10 sigmoid MLP; BatchNorm1d before each sigmoid ("before", as in
    ``cnn.mlp(batchnorm=True)``) or after it ("after")."""
    import course_nn as cnn

    if not batchnorm or placement == "before":
        return cnn.mlp(sizes, activation="sigmoid", batchnorm=batchnorm, init=init, rng=seed)
    if placement != "after":
        raise ValueError(f"placement must be 'before' or 'after'; got {placement!r}")
    rng = np.random.default_rng(seed)
    layers = []
    for n_in, n_out in zip(sizes[:-2], sizes[1:-1]):
        layers += [cnn.Linear(n_in, n_out, init=init, rng=rng), cnn.Sigmoid(), cnn.BatchNorm1d(n_out)]
    return cnn.Sequential(*layers, cnn.Linear(sizes[-2], sizes[-1], init=init, rng=rng))


def _init_by_name(name):
    import course_nn as cnn

    if name.startswith("normal_"):                       # e.g. "normal_0.01": N(0, 0.01^2)
        std = float(name.split("_", 1)[1])
        return lambda shape, rng: cnn.init.normal(shape, std, rng=rng)
    return name


def train_sigmoid_mlp(lr=1.0, batchnorm=False, init="xavier_uniform", seed=0, epochs=40,
                      batch_size=60, placement="before", n_train=None, sizes=(40, 100, 100, 100, 10),
                      return_model=False):
    """Train a sigmoid MLP (Ioffe & Szegedy's MNIST architecture: 3 hidden layers of 100) with
    plain SGD on MNIST-1D's 3200 training examples; return its scores.

    Args:
        lr: SGD's learning rate.  batchnorm, placement: BatchNorm1d before ("before") or after
            ("after") each sigmoid, or none.  init: a ``cnn.init`` name or ``"normal_<std>"``.
        seed: the seed of initialization and shuffling.  epochs, batch_size: the budget.
        n_train: use only the first n training examples (quick runs).

    Returns:
        ``{"val_acc": per-epoch validation accuracies (the last 800 training examples),
        "test_acc": the final net's test accuracy, "train_acc": its last training accuracy,
        "diverged": bool}``; a run whose loss became NaN/inf is recorded with accuracies ``None``.
    """
    import course_nn as cnn

    Xtr, ytr, Xva, yva, Xte, yte = mnist1d_split()
    if n_train is not None:
        Xtr, ytr = Xtr[:n_train], ytr[:n_train]
    model = _sigmoid_mlp(list(sizes), batchnorm, _init_by_name(init), seed, placement)
    opt = cnn.optim.SGD(model.parameters(), lr=lr)
    try:
        h = cnn.fit(model, cnn.CrossEntropyLoss(), opt, Xtr, ytr, epochs=epochs,
                    batch_size=batch_size, rng=seed, val_data=(Xva, yva), progress=False)
    except cnn.TrainingDiverged:
        return {"val_acc": None, "test_acc": None, "train_acc": None, "diverged": True}
    out = {"val_acc": [float(v) for v in h.val_acc], "train_acc": float(h.train_acc[-1]),
           "test_acc": float(cnn.accuracy(cnn.predict(model, Xte), yte)), "diverged": False}
    if return_model:
        out["model"] = model
    return out


def train_logreg_sgd(lr=0.1, seed=0, epochs=40, batch_size=60, n_train=None):
    """Multinomial logistic regression (one ``Linear(40, 10)``) on MNIST-1D with plain SGD,
    the same data, batches and budget as :func:`train_sigmoid_mlp`; returns the same keys."""
    import course_nn as cnn

    Xtr, ytr, Xva, yva, Xte, yte = mnist1d_split()
    if n_train is not None:
        Xtr, ytr = Xtr[:n_train], ytr[:n_train]
    model = cnn.Sequential(cnn.Linear(40, 10, init="xavier_uniform", rng=seed))
    h = cnn.fit(model, cnn.CrossEntropyLoss(), cnn.optim.SGD(model.parameters(), lr=lr), Xtr, ytr,
                epochs=epochs, batch_size=batch_size, rng=seed, val_data=(Xva, yva), progress=False)
    return {"val_acc": [float(v) for v in h.val_acc], "train_acc": float(h.train_acc[-1]),
            "test_acc": float(cnn.accuracy(cnn.predict(model, Xte), yte)), "diverged": False}


# ---- dropout ----
def train_moons_dropout(p=0.5, seed=0, n_train=100, n_val=300, noise=0.3, width=128, epochs=150,
                        batch_size=25, lr=0.01):
    """A 2-width-width-2 ReLU MLP with Dropout(p) after each hidden layer, trained with Adam on
    ``n_train`` noisy two-moons points; scored in eval mode on them and on ``n_val`` fresh ones.

    ``seed`` draws the data (``default_rng(seed)``), the weights and masks (``seed + 1``) and the
    shuffling (``seed + 2``). Returns ``{"train_acc", "val_acc", "train_loss", "val_loss"}``
    (floats, the final net in eval mode) and ``"val_loss_curve"`` (one value per epoch).
    """
    import course_nn as cnn

    X_all, y_all = cnn.datasets.moons(n=n_train + n_val, noise=noise, rng=np.random.default_rng(seed))
    X, y, X_val, y_val = X_all[:n_train], y_all[:n_train], X_all[n_train:], y_all[n_train:]
    net = cnn.mlp([2, width, width, 2], dropout=p, rng=seed + 1)
    loss_fn = cnn.CrossEntropyLoss()
    h = cnn.fit(net, loss_fn, cnn.optim.Adam(net.parameters(), lr=lr), X, y, epochs=epochs,
                batch_size=batch_size, rng=seed + 2, val_data=(X_val, y_val), progress=False)
    tr, va = cnn.evaluate(net, loss_fn, X, y), cnn.evaluate(net, loss_fn, X_val, y_val)
    return {"train_acc": float(tr["acc"]), "val_acc": float(va["acc"]), "train_loss": float(tr["loss"]),
            "val_loss": float(va["loss"]), "val_loss_curve": [float(v) for v in h.val_loss]}


# ---- initialization ----
def train_deep_relu(init="he_uniform", lr=0.03, seed=0, depth=8, width=100, epochs=20, batch_size=60,
                    n_train=None):
    """A deep ReLU MLP 40-width x depth-10 with the given initializer (a ``cnn.init`` name or
    ``"normal_<std>"``), trained with plain SGD on MNIST-1D's 3200 training examples.

    Returns ``{"val_acc": per-epoch validation accuracies, "train_loss": per-epoch training
    losses, "test_acc": the final net's test accuracy, "diverged": bool}`` (``None`` values for a
    run whose loss became NaN/inf).
    """
    import course_nn as cnn

    Xtr, ytr, Xva, yva, Xte, yte = mnist1d_split()
    if n_train is not None:
        Xtr, ytr = Xtr[:n_train], ytr[:n_train]
    model = cnn.mlp([40] + [int(width)] * int(depth) + [10], activation="relu", init=_init_by_name(init), rng=seed)
    try:
        h = cnn.fit(model, cnn.CrossEntropyLoss(), cnn.optim.SGD(model.parameters(), lr=lr), Xtr, ytr,
                    epochs=epochs, batch_size=batch_size, rng=seed, val_data=(Xva, yva), progress=False)
    except cnn.TrainingDiverged:
        return {"val_acc": None, "train_loss": None, "test_acc": None, "diverged": True}
    return {"val_acc": [float(v) for v in h.val_acc], "train_loss": [float(v) for v in h.train_loss],
            "test_acc": float(cnn.accuracy(cnn.predict(model, Xte), yte)), "diverged": False}


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
