"""One lecture notebook walked as a student would (shared by test_lectures_*.py, which split the
twelve notebooks between pytest-xdist workers).

1. open it in `make lab`'s JupyterLab, clear its outputs, run all cells: no cell shows an
   error (nor a traceback on stderr), and widgets render as controls (not as text such as "IntSlider(...)");
2. every live experiment (Explorer) answers every one of its controls: move a slider, pick
   another dropdown entry, tick a checkbox, change a multiple selection, and its image changes
   (for an experiment with a button, change each control, then press the button once), and
   the live figure (the image output after the controls) is visible;
3. save, shut the kernel down, reopen the notebook: every experiment's cell still shows a
   figure, an <img> with a non-empty src that is visible and loaded, and no widget error.
Screenshots of each step go to test-artifacts/browser/<notebook>_*.png.
"""
from __future__ import annotations

import json
import re
import time

from course_nn.widgets.explorer import PLACEHOLDER

from . import _lab


def walk(lab, page, artifacts, stem):
    path = f"notebooks/{stem}.ipynb"
    assert (lab.root / path).exists(), f"{path} is missing"
    _lab.open_notebook(page, lab, path)
    _lab.run_all(page)
    page.screenshot(path=artifacts / f"{stem}_1_run.png", full_page=True)

    errors = page.evaluate(_lab.JS_ERRORS)
    assert errors == [], f"{stem}: cells show errors in JupyterLab: {errors}"
    nb = _lab.panel(page)
    texts = nb.locator(".jp-OutputArea-output").all_inner_texts()
    as_text = [t for t in texts if re.match(r"^\s*(IntSlider|FloatSlider|Dropdown|VBox|HBox|Button)\(", t)
               or PLACEHOLDER in t]
    assert as_text == [], f"{stem}: widgets rendered as text, not controls: {as_text[:3]}"

    explorers = page.evaluate(_lab.JS_TAG_EXPLORERS)
    assert explorers, f"{stem}: no live experiment rendered"
    dead, used, hidden, last_src = [], [], [], {}
    for cell_index, n in explorers:
        box = page.locator(f'[data-explorer="{n}"]')
        box.scroll_into_view_if_needed()
        controls = _lab.controls_of(page, n)
        assert controls, f"{stem}: experiment {n} (cell {cell_index}) shows no control"
        button = box.locator(".widget-button")
        if button.count():
            before = page.evaluate(_lab.JS_IMG_SRC, n)
            for _label, ctl, action in controls:
                action(page, ctl)
                time.sleep(0.2)
            button.first.click()
            if not _lab.wait_src_changed(page, n, before, timeout_s=180):
                dead.append(f"experiment {n} (cell {cell_index}): its button")
        else:
            for label, ctl, action in controls:
                before = page.evaluate(_lab.JS_IMG_SRC, n)
                action(page, ctl)
                if not _lab.wait_src_changed(page, n, before, timeout_s=60):
                    dead.append(f"experiment {n} (cell {cell_index}): {label}")
        try:    # the new image loads asynchronously
            page.wait_for_function(_lab.JS_FIGURE_SHOWN, arg=n, timeout=15_000, polling=250)
        except Exception:   # playwright TimeoutError: reported below
            hidden.append(f"experiment {n} (cell {cell_index})")
        last_src[n] = page.evaluate(_lab.JS_IMG_SRC, n)
        used.append({"cell": cell_index, "controls": [label for label, _c, _a in controls],
                     "button": bool(button.count())})
        box.screenshot(path=artifacts / f"{stem}_2_explorer{n}_moved.png")
    (artifacts / f"{stem}_controls.json").write_text(json.dumps(used, indent=1))
    assert dead == [], f"{stem}: the figure did not change after using: {dead}"
    assert hidden == [], f"{stem}: the live figure is not visible after using the controls: {hidden}"
    assert page.evaluate(_lab.JS_ERRORS) == [], f"{stem}: an error appeared after using the controls"

    _lab.save_and_shut_down(page)
    _lab.open_notebook(page, lab, path)
    cells = sorted({i for i, _n in explorers})
    try:        # images load asynchronously: give them a moment, then look
        page.wait_for_function(
            "(cells) => { const w = window.jupyterapp.shell.currentWidget;"
            " return cells.every(i => [...w.content.widgets[i].node.querySelectorAll('.jp-Cell-outputArea img')]"
            ".some(img => img.checkVisibility() && img.complete && img.naturalWidth > 0)); }",
            arg=cells, timeout=20_000, polling=250)
    except Exception:
        pass
    for i in cells:     # JupyterLab scrolls inside its panel: a shot of each experiment's cell
        c = _lab.cell(page, i)
        c.scroll_into_view_if_needed()
        c.screenshot(path=artifacts / f"{stem}_3_reopened_cell{i}.png")
    seen = page.evaluate(_lab.JS_VISIBLE_IMAGES, cells)
    missing = {i: v for i, v in seen.items() if v["shown"] == 0}
    assert missing == {}, (
        f"{stem}: after moving the controls, saving and reopening without a kernel, these "
        f"experiment cells show no visible figure: {missing}")
    broken = {i: v["text"] for i, v in seen.items() if "model not found" in v["text"]
              or "Error displaying widget" in v["text"]}
    assert broken == {}, f"{stem}: widget errors after reopening: {broken}"
    # the figure in each experiment's cell is the one the student last saw, not the one the
    # notebook was shipped with
    shown = page.evaluate("""(cells) => { const w = window.jupyterapp.shell.currentWidget; const out = {};
      for (const i of cells) { out[i] = [...w.content.widgets[i].node.querySelectorAll('.jp-Cell-outputArea img')]
                                         .map(img => img.getAttribute('src') || ''); }
      return out; }""", cells)
    stale = [(i, n) for i, n in explorers if last_src[n] not in shown[str(i)]]
    assert stale == [], f"{stem}: after reopening, these experiments show an older figure: {stale}"
