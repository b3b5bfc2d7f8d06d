"""Headless tests of the losses lecture's explorer."""
import pytest

pytest.importorskip("ipywidgets")
import course_nn as cnn  # noqa: E402


def test_loss_explorer_draws_and_responds():
    ex = cnn.widgets.loss_explorer()
    first_png, first = ex.png, dict(ex.result)
    assert first_png.startswith(b"\x89PNG")
    ex.set(score=6.0)                         # the true class now wins by a wide margin
    assert ex.png != first_png
    r = ex.result
    assert r["ce"] < first["ce"]
    assert r["hinge"] == 0.0 and r["grad_hinge"] == 0.0    # margin met: hinge loss exactly 0
    assert r["ce"] > 0.0                                   # cross-entropy never reaches 0
    assert abs(r["grad_ce"]) < abs(first["grad_ce"])
    assert ex.latencies and len(ex.latencies) == 1


def test_loss_explorer_gradients_point_the_right_way():
    ex = cnn.widgets.loss_explorer()
    r = ex.set(score=-5.0)                    # badly wrong: every loss wants the score up
    assert r["grad_ce"] < 0 and r["grad_hinge"] < 0 and r["grad_mse"] < 0
    assert abs(r["grad_mse"]) < abs(r["grad_ce"])          # MSE on probabilities saturates


def test_loss_explorer_margin_moves_the_hinge():
    ex = cnn.widgets.loss_explorer()
    ex.set(score=2.5)                         # beats the best other score (2) by 0.5
    assert ex.result["hinge"] > 0             # margin 1 not met
    ex.set(margin=0.0)
    assert ex.result["hinge"] == 0.0
