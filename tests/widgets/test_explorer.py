"""The Explorer mechanism itself: how it shows its figure live, and what a saved notebook keeps.

The save-and-reload test runs a real kernel (nbclient): it displays an explorer, moves a
control from a later cell, and checks what would be written to the .ipynb: the explorer's
cell holds exactly one figure, a plain PNG output (no widget image, nothing hidden), and it
is the latest figure, not the first one. A front end without a kernel or widget state renders
that PNG as it renders any image.
"""
import base64
import hashlib

import pytest

pytest.importorskip("ipywidgets")
pytest.importorskip("matplotlib")

import course_nn as cnn  # noqa: E402
from course_nn.widgets.explorer import PLACEHOLDER, SCREEN_DPI, Explorer  # noqa: E402

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _tiny(button=None):
    import ipywidgets as w

    def draw(fig, a, progress=None):
        ax = fig.add_subplot()
        ax.plot([0, 1], [0, a])
        if progress is not None:
            progress(1.0)
        return {"a": a}
    return Explorer({"a": w.IntSlider(value=1, min=0, max=5, description="a long label")}, draw,
                    figsize=(3, 2), button=button)


def test_png_is_drawn_at_screen_dpi_and_updates_on_change():
    ex = _tiny()
    assert ex.png.startswith(b"\x89PNG")
    assert ex.size_px == (3 * SCREEN_DPI, 2 * SCREEN_DPI)
    from PIL import Image
    import io
    assert Image.open(io.BytesIO(ex.png)).size == ex.size_px
    first = ex.png
    assert ex.set(a=4) == {"a": 4}
    assert ex.png != first and len(ex.latencies) == 1


def test_controls_show_their_whole_description():
    ex = _tiny()
    assert ex.controls["a"].style.description_width == "initial"


def test_no_widget_image_nothing_hidden():
    import ipywidgets as w
    ex = _tiny()
    kids, stack = [], [ex.box]
    while stack:
        node = stack.pop()
        kids.append(node)
        stack.extend(getattr(node, "children", ()))
    assert not any(isinstance(k, w.Image) for k in kids)
    assert all(getattr(k.layout, "display", None) != "none" for k in kids if hasattr(k, "layout"))


def test_figure_bundle_is_a_plain_png_with_its_pixel_size():
    ex = _tiny()
    data, metadata = ex.figure_bundle()
    assert WIDGET_VIEW not in data
    assert base64.b64decode(data["image/png"]) == ex.png
    assert metadata["image/png"] == {"width": ex.size_px[0], "height": ex.size_px[1]}


def test_button_explorer_redraws_only_on_press():
    ex = _tiny(button="Go")
    png = ex.png
    ex.set(a=3)
    assert ex.png == png and ex.draw_count == 1
    ex.press()
    assert ex.png != png and ex.result == {"a": 3} and ex.progress.value == 1.0


NOTEBOOK_CELLS = [
    "import course_nn as cnn\nex = cnn.widgets.{factory}()\nex",
    "import hashlib\nfirst = hashlib.sha256(ex.png).hexdigest()\n"
    "ex.set({change})\nprint(first, hashlib.sha256(ex.png).hexdigest())",
]


@pytest.mark.parametrize("factory,change", [("ridge_polynomial_explorer", "lam=1.0"),
                                            ("loss_explorer", "score=3.0")])
def test_saved_notebook_keeps_the_latest_figure(tmp_path, factory, change):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src.format(factory=factory, change=change))
                for src in NOTEBOOK_CELLS]
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    path = tmp_path / "saved.ipynb"
    nbformat.write(nb, path)                       # "save"
    saved = nbformat.read(path, as_version=4)      # "reopen": no kernel from here on

    first, latest = saved.cells[1].outputs[0]["text"].split()
    assert first != latest, "the control change did not redraw the figure"
    outs = saved.cells[0].outputs
    controls = [o for o in outs if WIDGET_VIEW in o.get("data", {})]
    figures = [o for o in outs if "image/png" in o.get("data", {})]
    assert len(controls) == 1 and controls[0]["data"]["text/plain"] == PLACEHOLDER
    assert len(figures) == 1, f"expected one figure output, got {len(figures)}"
    fig = figures[0]
    assert WIDGET_VIEW not in fig["data"]           # rendered with no kernel and no widget state
    png = base64.b64decode(fig["data"]["image/png"])
    assert hashlib.sha256(png).hexdigest() == latest   # the latest figure, not the first
    assert fig["metadata"]["image/png"]["width"] > 100


@pytest.mark.parametrize("factory,changes,final", [
    ("dropout_explorer", [dict(p=0.0), dict(p=0.6), dict(p=0.2)], dict(p=0.2)),
    ("dropout_explorer", [dict(p=0.6), dict(p=0.0)], dict(p=0.0)),
    ("gradient_flow_explorer", [dict(depth=25), dict(activation="relu"), dict(init="he_uniform"),
                                dict(depth=4)], dict(depth=4, activation="relu", init="he_uniform")),
    ("neuron_explorer", [dict(w1=0.0), dict(w2=0.0), dict(b=1.5), dict(w1=-2.0, w2=0.7)],
     dict(w1=-2.0, w2=0.7, b=1.5)),
    ("neuron_explorer", [dict(w1=2.0), dict(w1=0.0, w2=0.0)], dict(w1=0.0, w2=0.0)),
    ("init_explorer", [dict(depth=3), dict(scheme="N(0, 0.05²)", activation="relu"), dict(depth=17)],
     dict(scheme="N(0, 0.05²)", activation="relu", depth=17)),
    ("batchnorm_explorer", [dict(batchnorm=True), dict(depth=5), dict(init="He uniform")],
     dict(batchnorm=True, depth=5, init="He uniform")),
])
def test_in_place_updates_draw_the_same_figure_as_a_fresh_build(factory, changes, final):
    """Explorers with clear=False update artists instead of rebuilding: after any sequence of
    changes the picture must be exactly what a fresh explorer draws for the final values."""
    ex = getattr(cnn.widgets, factory)()
    for change in changes:
        ex.set(**change)
    fresh = getattr(cnn.widgets, factory)(**final)
    assert ex.png == fresh.png
