"""Headless tests of the optimizers explorer and plot helpers."""
import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

import course_nn as cnn  # noqa: E402
from course_nn.plots.optimizers import SURFACES, optimizer_path  # noqa: E402


@pytest.mark.parametrize("name", sorted(SURFACES))
def test_surface_gradients_match_finite_differences(name):
    s = SURFACES[name]
    rng = np.random.default_rng(0)
    for _ in range(5):
        x, y = rng.uniform(*s.xlim), rng.uniform(*s.ylim)
        h = 1e-6
        num = [(s.f(x + h, y) - s.f(x - h, y)) / (2 * h), (s.f(x, y + h) - s.f(x, y - h)) / (2 * h)]
        assert np.allclose(s.grad(x, y), num, rtol=1e-5, atol=1e-5)


def test_optimizer_path_reaches_minimum_and_stops_when_diverging():
    path = optimizer_path("quadratic", lambda ps: cnn.optim.SGD(ps, lr=0.05, momentum=0.9), steps=300)
    assert path.shape == (301, 2) and np.allclose(path[-1], 0, atol=1e-6)
    bad = optimizer_path("quadratic", lambda ps: cnn.optim.SGD(ps, lr=0.2), steps=300)
    assert len(bad) < 301


def test_optimizer_explorer_redraws_and_reports():
    ex = cnn.widgets.optimizer_explorer(surface="quadratic", optimizers=("SGD",), lr=1e-3, steps=100)
    png0, slow = ex.png, ex.result["SGD"]["final"]
    ex.set(lr=1e-2)                                  # a larger (still stable) rate gets closer
    assert ex.png != png0
    assert ex.result["SGD"]["final"] < slow
    ex.set(lr=0.2)                                   # above 2 / 20: SGD diverges
    assert ex.result["SGD"]["diverged"]
    ex.set(lr=1e-2, optimizers=("SGD", "Momentum", "Adam"))
    assert set(ex.result) == {"SGD", "Momentum", "Adam"}
    assert ex.result["Momentum"]["final"] < ex.result["SGD"]["final"]
    before = ex.result["Momentum"]["final"]
    ex.set(momentum=0.5)
    assert ex.result["Momentum"]["final"] != before
    ex.set(surface="rosenbrock")
    assert all(np.isfinite(r["final"]) or r["diverged"] for r in ex.result.values())
    assert len(ex.latencies) >= 5


def test_make_optimizer_2d_rejects_unknown_name():
    with pytest.raises(KeyError, match="unknown optimizer"):
        cnn.widgets.make_optimizer_2d("Lion", 1e-3)
