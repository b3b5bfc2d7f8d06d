"""Every explorer's figure reads well at the size it is shown, and its controls show their labels.

Explorers are drawn at ``ex.dpi`` and shown at their pixel size; a CSS pixel is 1/96 inch, so
text of s points appears at ``s * ex.dpi / 96`` points. Every visible, non-empty Text artist
of the figure (titles, labels, tick labels, legend texts, annotations) must appear at 9 pt or
more. A control's description is cut by the default label width ("learning r..."): each must
let its label take the width it needs, or be short enough to fit.

Also a static guard over the plot and widget sources: no explicit font size under 9.
"""
import ast
import pathlib
import sys

import pytest

pytest.importorskip("ipywidgets")
pytest.importorskip("matplotlib")

import matplotlib  # noqa: E402

matplotlib.use("Agg")

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
import bench_widgets  # noqa: E402

MIN_PT = 9.0
FACTORIES = list(bench_widgets.factories())


def _undrawn_tick_labels(fig):
    """Tick labels matplotlib keeps but does not draw (their tick lies outside the view)."""
    skip = set()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            lo, hi = sorted(axis.get_view_interval())
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                loc = tick.get_loc()
                if loc is None or not (lo - 1e-9 * abs(hi - lo) <= loc <= hi + 1e-9 * abs(hi - lo)):
                    skip.update({id(tick.label1), id(tick.label2)})
    return skip


def _texts(fig):
    """The texts that are drawn: visible, non-empty, not tick labels outside the view."""
    from matplotlib.text import Text
    skip = _undrawn_tick_labels(fig)
    for t in fig.findobj(Text):
        if t.get_visible() and t.get_text().strip() and t.get_figure() is not None and id(t) not in skip:
            yield t


def small_texts(fig, shown_dpi, min_pt=MIN_PT):
    """(text, size at display) of every visible text under ``min_pt`` at display size."""
    fig.canvas.draw()                 # tick labels exist only after a draw
    scale = shown_dpi / 96.0
    return [(t.get_text(), round(t.get_fontsize() * scale, 1)) for t in _texts(fig)
            if t.get_fontsize() * scale < min_pt - 1e-9]


def cut_texts(fig, tol=1.0):
    """Visible texts that stick out of the figure (cut off in the PNG)."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    W, H = fig.canvas.get_width_height()
    out = []
    for t in _texts(fig):
        bb = t.get_window_extent(renderer)
        if bb.x0 < -tol or bb.y0 < -tol or bb.x1 > W + tol or bb.y1 > H + tol:
            out.append(t.get_text())
    return out


@pytest.mark.parametrize("topic,name,factory", FACTORIES, ids=[f[1] for f in FACTORIES])
def test_explorer_text_is_at_least_9pt_and_labels_fit(topic, name, factory):
    args, kwargs = bench_widgets.DEMO_ARGS[name]() if name in bench_widgets.DEMO_ARGS else ((), {})
    ex = factory(*args, **kwargs)
    if ex.button is not None:
        ex.press()
    small = small_texts(ex.fig, ex.dpi)
    assert small == [], f"{name}: text under {MIN_PT} pt at display size: {small[:8]}"
    cut = cut_texts(ex.fig)
    assert cut == [], f"{name}: text cut off at the figure's edge: {cut[:8]}"
    for key, c in ex.controls.items():
        desc = getattr(c, "description", "")
        fits = len(desc) <= 10 or c.style.description_width == "initial"
        assert fits, f"{name}: control {key!r} label {desc!r} would be cut"


def test_small_text_detector_catches_small_text():
    from matplotlib.figure import Figure
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    fig = Figure(figsize=(3, 2), dpi=96)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.set_title("fine", fontsize=10)
    ax.text(0.5, 0.5, "tiny", fontsize=7)
    ax.tick_params(labelsize=10)
    assert small_texts(fig, 96) == [("tiny", 7.0)]
    assert ("fine", 8.3) in small_texts(fig, 80)      # 10 pt drawn at 80 dpi shows as 8.3 pt


def _explicit_small_sizes(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg in ("fontsize", "labelsize", "title_fontsize"):
            v = node.value
            if isinstance(v, ast.Constant) and (
                    (isinstance(v.value, (int, float)) and v.value < MIN_PT)
                    or v.value in ("xx-small", "x-small", "small")):
                yield f"{path.name}:{node.lineno}: {node.arg}={v.value!r}"


def test_no_explicit_font_size_under_9pt_in_plots_and_widgets():
    files = sorted((ROOT / "course_nn" / "plots").glob("*.py")) + sorted((ROOT / "course_nn" / "widgets").glob("*.py"))
    found = [hit for f in files for hit in _explicit_small_sizes(f)]
    assert found == []
