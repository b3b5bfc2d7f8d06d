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
