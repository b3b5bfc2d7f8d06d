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


def _path_lines(ex):
    """{legend label: Line2D} of the explorer's optimizer paths."""
    ax = ex.fig.axes[0]
    return {ln.get_label(): ln for ln in ax.get_lines() if not ln.get_label().startswith("_")}


def test_each_optimizer_keeps_its_colour_whatever_else_is_selected():
    names = cnn.widgets.OPTIMIZERS_2D
    ex = cnn.widgets.optimizer_explorer(optimizers=names)
    colours = {lab.split()[0].rstrip(":"): ln.get_color() for lab, ln in _path_lines(ex).items()}
    assert set(colours) == set(names) and len(set(colours.values())) == len(names)
    for subset in [("Adam",), ("RMSProp", "SGD"), ("Nesterov", "AdaGrad", "Adam")]:
        ex.set(optimizers=subset)
        now = {lab.split()[0].rstrip(":"): ln.get_color() for lab, ln in _path_lines(ex).items()}
        assert now == {k: colours[k] for k in subset}


@pytest.mark.parametrize("surface", sorted(SURFACES))
def test_every_optimizer_in_the_legend_has_a_visible_path(surface):
    """At the default lr every chosen method moves at least 2% of the window from the start
    (or diverges, which the legend says), and its end point is marked."""
    ex = cnn.widgets.optimizer_explorer(surface=surface, optimizers=cnn.widgets.OPTIMIZERS_2D)
    s = SURFACES[surface]
    span = np.hypot(s.xlim[1] - s.xlim[0], s.ylim[1] - s.ylim[0])
    lines = _path_lines(ex)
    assert len(lines) == 6
    for label, ln in lines.items():
        xy = np.c_[ln.get_xdata(), ln.get_ydata()]
        if "diverged" in label:
            continue
        moved = np.hypot(*(xy[-1] - xy[0]))
        assert moved > 0.02 * span, f"{surface}: {label} moved only {moved:.3g}"
        assert ln.get_marker() == "o" and list(ln.get_markevery()) == [len(xy) - 1]


def test_adaptive_methods_use_the_scaled_lr_and_say_so():
    ex = cnn.widgets.optimizer_explorer(optimizers=("SGD", "Adam"), lr=1e-3)
    assert ex.result["SGD"]["lr"] == pytest.approx(1e-3)
    assert ex.result["Adam"]["lr"] == pytest.approx(1e-3 * cnn.widgets.LR_SCALE["Adam"])
    assert any(f"lr x {cnn.widgets.LR_SCALE['Adam']}" in lab for lab in _path_lines(ex))
