"""Bad input gives an error a learner can act on: the right type, naming expected and given."""
import re

import numpy as np
import pytest

import course_nn as cnn
from course_nn import functional as F
from course_nn import init, regularizers
from course_nn.gradcheck import numerical_grad


def _linear_backward_wrong_shape():
    layer = cnn.Linear(3, 4, rng=0)
    layer(np.ones((8, 3)))
    layer.backward(np.ones((8, 3)))


def _bn_one_example():
    cnn.BatchNorm1d(4)(np.ones((1, 4)))


X84, X83 = np.ones((8, 4)), np.ones((8, 3))
LOGITS = np.zeros((4, 3))

# (id, callable, exception type, substrings the message must contain: what was expected and
# what was given)
CASES = [
    ("linear-width", lambda: cnn.Linear(3, 4)(np.ones((8, 5))), ValueError,
     ["Linear(3 -> 4) expects inputs of shape (N, 3); got (8, 5)"]),
    ("linear-ndim", lambda: cnn.Linear(3, 4)(np.ones(3)), ValueError, ["(N, 3)", "1-d", "(3,)"]),
    ("linear-3d", lambda: cnn.Linear(3, 4)(np.ones((2, 2, 3))), ValueError, ["(N, 3)", "(2, 2, 3)"]),
    ("linear-empty-batch", lambda: cnn.Linear(3, 4)(np.ones((0, 3))), ValueError,
     ["empty batch", "(0, 3)", "at least one"]),
    ("linear-zero-features", lambda: cnn.Linear(0, 4), ValueError, ["positive int", "got 0"]),
    ("linear-unknown-init", lambda: cnn.Linear(3, 4, init="glorot"), ValueError,
     ["unknown initializer 'glorot'", "he_uniform", "xavier_uniform"]),
    ("linear-grad-shape", _linear_backward_wrong_shape, ValueError, ["(8, 4)", "got (8, 3)"]),
    ("linear-backward-first", lambda: cnn.Linear(3, 4).backward(np.ones((8, 4))), RuntimeError,
     ["backward() called before forward()"]),
    ("linear-bad-rng", lambda: cnn.Linear(3, 4, rng=np.random.RandomState(0)), TypeError,
     ["np.random.Generator", "RandomState"]),
    ("linear-string-input", lambda: cnn.Linear(3, 4)(np.array([["a", "b", "c"]])), TypeError,
     ["must hold numbers", "<U1"]),
    ("maxout-width", lambda: cnn.Maxout(3, 2, rng=0)(np.ones((5, 4))), ValueError,
     ["Maxout(3 -> 2, pieces=2)", "(N, 3)", "(5, 4)"]),
    ("prelu-channels", lambda: cnn.PReLU(3)(np.ones((5, 4))), ValueError, ["(N, 3, ...)", "(5, 4)"]),
    ("gelu-approximate", lambda: cnn.GELU(approximate="fast"), ValueError, ["'fast'", "'none'", "'tanh'"]),
    ("softmax-dim", lambda: cnn.Softmax(dim=0), ValueError, ["dim=-1", "dim=0"]),
    ("unknown-activation", lambda: cnn.activation("swish"), ValueError,
     ["unknown activation 'swish'", "'relu'", "'gelu'"]),
    ("bn-features", lambda: cnn.BatchNorm1d(4)(X83), ValueError, ["BatchNorm1d(4)", "(N, 4)", "(8, 3)"]),
    ("bn-one-example-train", _bn_one_example, ValueError, ["at least 2 examples", "(1, 4)", ".eval()"]),
    ("bn-negative-eps", lambda: cnn.BatchNorm1d(4, eps=-1e-5), ValueError, ["eps must be > 0", "-1e-05"]),
    ("bn-momentum", lambda: cnn.BatchNorm1d(4, momentum=1.5), ValueError, ["[0, 1]", "1.5"]),
    ("dropout-p-one", lambda: cnn.Dropout(1.0), ValueError,
     ["probability of dropping", "[0, 1)", "got 1.0"]),
    ("dropout-p-negative", lambda: cnn.Dropout(-0.1), ValueError, ["[0, 1)", "got -0.1"]),
    ("dropout-p-large", lambda: cnn.Dropout(1.5), ValueError,
     ["Dropout p is the probability of dropping a unit and must be in [0, 1); got 1.5"]),
    ("dropout-p-string", lambda: cnn.Dropout("0.5"), TypeError, ["must be a number", "str"]),
    ("functional-dropout-p", lambda: F.dropout_forward(X84, 1.0, 0), ValueError, ["[0, 1)", "1.0"]),
    ("mlp-sizes", lambda: cnn.mlp([3]), ValueError, ["at least 2", "[3]"]),
    ("mlp-dropout", lambda: cnn.mlp([3, 4, 2], dropout=1.0), ValueError, ["[0, 1)", "1.0"]),
    ("ce-label-range", lambda: cnn.CrossEntropyLoss()(LOGITS, [0, 1, 5, 2]), ValueError,
     ["label 5", "[0, 2]", "3 classes"]),
    ("ce-negative-label", lambda: cnn.CrossEntropyLoss()(LOGITS, [0, -1, 1, 2]), ValueError,
     ["label -1", "[0, 2]"]),
    ("ce-float-labels", lambda: cnn.CrossEntropyLoss()(LOGITS, [0.0, 0.5, 1.0, 2.0]), ValueError,
     ["integer class labels", "0.5"]),
    ("ce-label-length", lambda: cnn.CrossEntropyLoss()(LOGITS, [0, 1, 2]), ValueError,
     ["shape (4,)", "(3,)"]),
    ("ce-string-labels", lambda: cnn.CrossEntropyLoss()(LOGITS, ["a", "b", "c", "d"]), TypeError,
     ["integer class labels", "<U1"]),
    ("ce-logits-1d", lambda: cnn.CrossEntropyLoss()(np.zeros(3), [0, 1, 2]), ValueError,
     ["(N, C)", "1-d", "(3,)"]),
    ("ce-empty", lambda: cnn.CrossEntropyLoss()(np.zeros((0, 3)), []), ValueError,
     ["empty batch", "(0, 3)"]),
    ("ce-backward-first", lambda: cnn.CrossEntropyLoss().backward(), RuntimeError,
     ["before forward", "loss_fn(pred, target)"]),
    ("mse-shapes", lambda: cnn.MSELoss()(np.zeros(4), np.zeros(3)), ValueError,
     ["same shape", "(4,)", "(3,)"]),
    ("mse-column-vs-flat", lambda: cnn.MSELoss()(np.zeros((4, 1)), np.zeros(4)), ValueError,
     ["(4, 1)", "(4,)"]),
    ("bce-prob-above-one", lambda: cnn.BCELoss()(np.array([0.2, 1.5]), np.array([0.0, 1.0])),
     ValueError, ["probabilities in [0, 1]", "1.5", "sigmoid"]),
    ("bce-prob-negative", lambda: cnn.BCELoss()(np.array([-0.2, 0.5]), np.array([0.0, 1.0])),
     ValueError, ["[0, 1]", "-0.2"]),
    ("bce-logits-target", lambda: cnn.BCEWithLogitsLoss()(np.zeros(2), np.array([0.0, 2.0])),
     ValueError, ["targets in [0, 1]", "2"]),
    ("bce-negative-eps", lambda: cnn.BCELoss(eps=-1e-3), ValueError, ["> 0", "-0.001"]),
    ("hinge-zero-label", lambda: cnn.HingeLoss()(np.zeros(3), np.array([1, 0, -1])), ValueError,
     ["-1 or +1", "got 0", "2 * y - 1"]),
    ("hinge-two-label", lambda: cnn.HingeLoss()(np.zeros(2), np.array([1, 2])), ValueError,
     ["-1 or +1", "got 2"]),
    ("multimargin-label", lambda: cnn.MultiMarginLoss()(LOGITS, [3, 0, 0, 0]), ValueError,
     ["label 3", "[0, 2]"]),
    ("multimargin-margin", lambda: cnn.MultiMarginLoss(margin=-1.0), ValueError, [">= 0", "-1"]),
    ("init-unknown", lambda: init.get("xavier"), ValueError,
     ["unknown initializer 'xavier'", "xavier_uniform", "he_normal"]),
    ("init-bad-shape", lambda: init.he_uniform((3, -1)), ValueError, ["non-negative ints", "(3, -1)"]),
    ("init-uniform-bounds", lambda: init.uniform((2, 2), low=1.0, high=0.5), ValueError,
     ["low < high", "low=1.0", "high=0.5"]),
    ("init-normal-std", lambda: init.normal((2, 2), std=-1.0), ValueError, [">= 0", "-1.0"]),
    ("l2-negative", lambda: regularizers.L2(-0.1), ValueError, ["L2 lam", ">= 0", "-0.1"]),
    ("penalty-of-arrays", lambda: regularizers.L1(0.1).penalty_of([np.ones(3)]), TypeError,
     ["Module or Parameters", "ndarray"]),
    ("numerical-grad-eps", lambda: numerical_grad(np.sum, np.ones(2), eps=-1e-6), ValueError,
     ["eps must be > 0", "-1e-06"]),
]


def test_enough_cases():
    assert len(CASES) >= 25


@pytest.mark.parametrize("call, exc, parts", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_error_names_expected_and_given(call, exc, parts):
    with pytest.raises(exc) as info:
        call()
    message = str(info.value)
    for part in parts:
        assert part in message, f"{part!r} missing from {message!r}"
    assert re.search(r"got|expected|expects|must|needs", message), message


# --- training, saving and loading: the mistakes that used to fail silently or deep inside ----
def _data(n=40, seed=0):
    r = np.random.default_rng(seed)
    return r.normal(size=(n, 4)), r.integers(0, 3, n)


def _net(seed=0):
    return cnn.Sequential(cnn.Linear(4, 8, rng=seed), cnn.ReLU(), cnn.Linear(8, 3, rng=seed + 1))


def _fit(net=None, loss=None, opt=None, X=None, y=None, **kw):
    net = _net() if net is None else net
    Xd, yd = _data()
    opt = cnn.optim.SGD(net.parameters(), lr=0.1) if opt is None else opt
    return cnn.fit(net, cnn.CrossEntropyLoss() if loss is None else loss, opt,
                   Xd if X is None else X, yd if y is None else y, epochs=2, progress=False, **kw)


def _with_nan(a, index):
    a = np.array(a, dtype=float)
    a[index] = np.nan
    return a


def _with_inf(a, index):
    a = np.array(a, dtype=float)
    a[index] = np.inf
    return a


def _other_optimizer():
    return cnn.optim.Adam(_net(5).parameters())


def _scheduler_of_other_optimizer():
    net = _net()
    sched = cnn.optim.lr_scheduler.StepLR(cnn.optim.SGD(_net(5).parameters(), lr=0.1), step_size=1)
    return _fit(net, opt=cnn.optim.SGD(net.parameters(), lr=0.1), scheduler=sched)


def _save_to_missing_folder(tmp):
    cnn.save(_net(), tmp / "no_such_folder" / "net.npz")


X40, Y40 = _data()
TRAINING_CASES = [
    ("fit-optimizer-of-other-model", lambda tmp: _fit(opt=_other_optimizer()), ValueError,
     ["optimizer holds none of the model's 4 parameters", "model.parameters()"]),
    ("fit-nan-in-X", lambda tmp: _fit(X=_with_nan(X40, (3, 1))), ValueError,
     ["fit X must be finite", "NaN at fit X[3, 1]"]),
    ("fit-inf-in-X", lambda tmp: _fit(X=_with_inf(X40, (7, 0))), ValueError,
     ["fit X must be finite", "inf at fit X[7, 0]"]),
    ("fit-nan-in-y", lambda tmp: cnn.fit(cnn.Linear(4, 1, rng=0), cnn.MSELoss(),
                                         cnn.optim.SGD(cnn.Linear(4, 1).parameters(), lr=0.1),
                                         X40, _with_nan(np.zeros((40, 1)), (2, 0)), progress=False),
     ValueError, ["fit y must be finite", "NaN at fit y[2, 0]"]),
    ("fit-nan-in-val", lambda tmp: _fit(val_data=(_with_nan(X40, (0, 0)), Y40)), ValueError,
     ["val_data X must be finite", "[0, 0]"]),
    ("fit-loss-class", lambda tmp: _fit(loss=cnn.CrossEntropyLoss), TypeError,
     ["CrossEntropyLoss() with parentheses", "the class CrossEntropyLoss"]),
    ("fit-functional-loss", lambda tmp: _fit(loss=F.cross_entropy), TypeError,
     ["loss Module such as cnn.CrossEntropyLoss()", "got cross_entropy"]),
    ("fit-optimizer-class", lambda tmp: _fit(opt=cnn.optim.Adam), TypeError,
     ["optimizer instance such as Adam(model.parameters()", "the class Adam"]),
    ("fit-optimizer-none", lambda tmp: _fit(opt=False), TypeError,
     ["expects an optimizer such as cnn.optim.SGD", "got bool"]),
    ("fit-model-not-module", lambda tmp: cnn.fit(lambda x: x, cnn.CrossEntropyLoss(), None, X40, Y40),
     TypeError, ["course_nn Module", "got function"]),
    ("fit-scheduler-other-optimizer", lambda tmp: _scheduler_of_other_optimizer(), ValueError,
     ["scheduler was built on another optimizer"]),
    ("fit-scheduler-class", lambda tmp: _fit(scheduler=cnn.optim.lr_scheduler.StepLR), TypeError,
     ["scheduler must be an instance", "the class StepLR"]),
    ("fit-regularizer-number", lambda tmp: _fit(regularizer=0.01), TypeError,
     ["regularizer must be an instance such as cnn.regularizers.L2", "got float 0.01"]),
    ("fit-regularizer-class", lambda tmp: _fit(regularizer=regularizers.L2), TypeError,
     ["regularizer must be an instance", "the class L2"]),
    ("fit-single-callback", lambda tmp: _fit(callbacks=lambda *a: None), TypeError,
     ["list of callbacks", "wrap it in a list"]),
    ("fit-ragged-X", lambda tmp: _fit(X=[[1.0, 2.0, 3.0, 4.0], [1.0]], y=[0, 1]), ValueError,
     ["rectangular array", "ragged list"]),
    ("evaluate-loss-class", lambda tmp: cnn.evaluate(_net(), cnn.CrossEntropyLoss, X40, Y40), TypeError,
     ["CrossEntropyLoss() with parentheses"]),
    ("evaluate-nan-in-X", lambda tmp: cnn.evaluate(_net(), cnn.CrossEntropyLoss(), _with_nan(X40, (1, 2)), Y40),
     ValueError, ["evaluate X must be finite", "[1, 2]"]),
    ("evaluate-not-module", lambda tmp: cnn.evaluate("net", cnn.CrossEntropyLoss(), X40, Y40), TypeError,
     ["course_nn Module", "got str"]),
    ("predict-not-module", lambda tmp: cnn.predict(np.tanh, X40), TypeError, ["course_nn Module", "ufunc"]),
    ("accuracy-label-shape", lambda tmp: cnn.accuracy(np.ones((5, 3)), np.ones((5, 2))), ValueError,
     ["labels of shape (5,)", "(5, 2)"]),
    ("linear-negative-seed", lambda tmp: cnn.Linear(3, 2, rng=-1), ValueError, ["rng seed", ">= 0", "got -1"]),
    ("linear-bool-rng", lambda tmp: cnn.Linear(3, 2, rng=True), TypeError, ["int seed >= 0", "the bool True"]),
    ("save-missing-folder", _save_to_missing_folder, FileNotFoundError,
     ["net.npz", "no_such_folder does not exist"]),
    ("load-not-a-model", lambda tmp: cnn.load([1, 2], tmp / "missing.npz"), TypeError,
     ["load expects a course_nn Module", "got list"]),
]


@pytest.mark.parametrize("call, exc, parts", [c[1:] for c in TRAINING_CASES], ids=[c[0] for c in TRAINING_CASES])
def test_training_and_files_errors_name_expected_and_given(call, exc, parts, tmp_path):
    _assert_clear_error(lambda: call(tmp_path), exc, parts)


def _assert_clear_error(call, exc, parts):
    """The error names what was expected and what was given, and course_nn itself raised it
    (not numpy or the standard library from deep inside)."""
    with pytest.raises(exc) as info:
        call()
    message = str(info.value)
    for part in parts:
        assert part in message, f"{part!r} missing from {message!r}"
    assert "course_nn" in info.traceback[-1].path.parts, info.traceback[-1].path


def test_evaluate_of_a_diverged_model_reports_no_accuracy():
    net = _net()
    net[0].weight.value[:] = np.nan
    with pytest.warns(RuntimeWarning, match="NaN/inf"):
        out = cnn.evaluate(net, cnn.CrossEntropyLoss(), X40, Y40)
    assert np.isnan(out["loss"]) and np.isnan(out["acc"])
    ok = cnn.evaluate(_net(), cnn.CrossEntropyLoss(), X40, Y40)      # a healthy model: numbers
    assert np.isfinite(ok["loss"]) and 0 <= ok["acc"] <= 1


def test_load_is_all_or_nothing(tmp_path):
    net = _net()
    path = tmp_path / "bad.npz"
    good = {name: arr for name, arr in cnn.serialization.state_dict(_net(7)).items()}
    bad = dict(good, **{"layers.2.bias": np.array(["a", "b", "c"])})   # the LAST array is the bad one
    np.savez(path, __course_nn__=np.array("course_nn weights v1"), **bad)
    before = cnn.serialization.state_dict(net)
    with pytest.raises(ValueError, match="'layers.2.bias' holds <U1 values.*nothing was loaded"):
        cnn.load(net, path)
    after = cnn.serialization.state_dict(net)
    assert all(np.array_equal(before[k], after[k]) for k in before)
    np.savez(path, __course_nn__=np.array("course_nn weights v1"), **good)   # and a good file loads
    cnn.load(net, path)
    assert np.array_equal(net[0].weight.value, good["layers.0.weight"])


def test_saved_files_get_ordinary_permissions(tmp_path):
    import os
    old = os.umask(0o022)
    try:
        cnn.save(_net(), tmp_path / "net.npz")
    finally:
        os.umask(old)
    assert (tmp_path / "net.npz").stat().st_mode & 0o777 == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["net.npz"]        # no temporary file left


SEARCH_AND_DATA_CASES = [
    ("space-unknown-kind", lambda: cnn.search.sample_space({"lr": ("logg", 1e-3, 1.0)}, 2, rng=0), ValueError,
     ["unknown kind 'logg'", "'log'", "'uniform'"]),
    ("search-train-fn-not-callable", lambda: cnn.search.random_search(3, {"lr": ("log", 1e-3, 1.0)}, 2, rng=0),
     TypeError, ["train_fn must be a function", "got int"]),
    ("narrow-shrink", lambda: cnn.search.narrow_space({"lr": ("log", 1e-3, 1.0)}, {"lr": 0.01}, shrink=2),
     ValueError, ["(0, 1]", "got 2"]),
    ("narrow-missing-param", lambda: cnn.search.narrow_space({"lr": ("log", 1e-3, 1.0)}, {"wd": 1}), ValueError,
     ["params has no 'lr'", "['wd']"]),
    ("standardize-shapes", lambda: cnn.datasets.standardize(np.ones((5, 4)), np.ones((3, 5))), ValueError,
     ["array 1", "(5,)", "(4,)"]),
    ("standardize-nan", lambda: cnn.datasets.standardize(_with_nan(np.ones((5, 2)), (4, 1))), ValueError,
     ["must be finite", "NaN at standardize X_train[4, 1]"]),
    ("accuracy-empty", lambda: cnn.accuracy(np.ones((0, 3)), np.ones(0)), ValueError,
     ["at least one example", "(0, 3)"]),
]


@pytest.mark.parametrize("call, exc, parts", [c[1:] for c in SEARCH_AND_DATA_CASES],
                         ids=[c[0] for c in SEARCH_AND_DATA_CASES])
def test_search_and_data_errors_name_expected_and_given(call, exc, parts):
    _assert_clear_error(call, exc, parts)


# --- the core's own family: silent acceptance and errors from deep inside ---------------------------
CORE_CASES = [
    ("bce-nan-probability", lambda: cnn.BCELoss()(np.array([[np.nan], [0.2]]), np.array([[1.0], [0.0]])),
     ValueError, ["probabilities in [0, 1]", "1 NaN value(s)", "(0, 0)"]),
    ("ce-soft-targets-not-summing-to-one",
     lambda: cnn.CrossEntropyLoss()(np.zeros((2, 3)), np.array([[0.2, 0.2, 0.2], [0.0, 1.0, 0.0]])),
     ValueError, ["sum to 1", "row 0 summing to 0.6"]),
    ("functional-ce-soft-targets", lambda: F.cross_entropy(np.zeros((1, 2)), np.array([[0.7, 0.7]])),
     ValueError, ["sum to 1", "1.4"]),
    ("mse-column-target-hint", lambda: cnn.MSELoss()(np.zeros((4, 1)), np.zeros(4)), ValueError,
     ["target.reshape(-1, 1)"]),
    ("parameter-strings", lambda: cnn.Parameter("abc"), TypeError, ["must hold numbers", "str"]),
    ("train-mode-string", lambda: cnn.Linear(2, 2).train("yes"), TypeError, ["True or False", "'yes'"]),
    ("sequential-of-a-list", lambda: cnn.Sequential([cnn.Linear(2, 2), cnn.ReLU()]), TypeError,
     ["argument 0 is list", "Sequential(*layers)"]),
    ("mlp-sizes-int", lambda: cnn.mlp(5), TypeError, ["[in, hidden..., out]", "got 5"]),
    ("sgd-momentum-above-one", lambda: cnn.optim.SGD([cnn.Parameter(np.ones(2))], lr=0.1, momentum=1.5),
     ValueError, ["SGD momentum", "[0, 1)", "1.5"]),
    ("adam-eps-zero", lambda: cnn.optim.Adam([cnn.Parameter(np.ones(2))], eps=0.0), ValueError,
     ["eps must be > 0", "got 0"]),
    ("check-module-function", lambda: cnn.gradcheck.check_module(np.tanh, np.ones((2, 2))), TypeError,
     ["course_nn Module", "ufunc", "check_function"]),
    ("check-loss-class", lambda: cnn.gradcheck.check_loss(cnn.MSELoss, np.ones((2, 1)), np.ones((2, 1))),
     TypeError, ["MSELoss() with parentheses"]),
    ("numerical-grad-not-callable", lambda: numerical_grad(3, np.ones(3)), TypeError,
     ["function f(x) -> number", "got int"]),
]


@pytest.mark.parametrize("call, exc, parts", [c[1:] for c in CORE_CASES], ids=[c[0] for c in CORE_CASES])
def test_core_errors_name_expected_and_given(call, exc, parts):
    _assert_clear_error(call, exc, parts)


def test_cross_entropy_warns_when_given_probabilities_instead_of_logits():
    probs = np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]])
    with pytest.warns(UserWarning, match="softmax applied before the loss"):
        cnn.CrossEntropyLoss()(probs, np.array([0, 2]))
    import warnings
    with warnings.catch_warnings():                  # real logits: no warning
        warnings.simplefilter("error")
        cnn.CrossEntropyLoss()(np.log(probs) + 3.0, np.array([0, 2]))
        cnn.CrossEntropyLoss()(np.zeros((2, 3)), np.array([0, 2]))
