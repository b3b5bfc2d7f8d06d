"""Headless tests of the regularization lecture's explorers."""
import pytest

pytest.importorskip("ipywidgets")
import course_nn as cnn  # noqa: E402


def test_ridge_polynomial_explorer_lambda_tames_coefficients():
    ex = cnn.widgets.ridge_polynomial_explorer()
    png = ex.png
    ex.set(lam=1e-10, degree=9)
    loose = dict(ex.result)
    ex.set(lam=1.0)
    tight = ex.result
    assert ex.png != png
    assert tight["max_abs_coef"] < loose["max_abs_coef"] / 10
    assert tight["train_mse"] > loose["train_mse"]         # a penalty never fits training data better


def test_ridge_polynomial_explorer_degree():
    ex = cnn.widgets.ridge_polynomial_explorer()
    ex.set(lam=1e-10, degree=1)
    line = ex.result["train_mse"]
    ex.set(degree=9)
    assert ex.result["train_mse"] < line
    assert len(ex.result["coef"]) == 10


def test_l2_boundary_explorer_shrinks_weights():
    lams = (0.0, 1e-3, 3e-2)
    ex = cnn.widgets.l2_boundary_explorer(lams=lams, epochs=60, hidden=16)
    png, none = ex.png, dict(ex.result)
    ex.set(lam=3e-2)
    assert ex.png != png
    assert ex.result["weight_norm"] < none["weight_norm"]
    assert 0.0 <= ex.result["val_acc"] <= 1.0
