"""End to end, as a learner meets the course: JupyterLab in headless Chromium.

For each notebook: open it, clear its outputs, run all cells, check that no cell shows an
error and that the widgets render as controls (not as text such as "IntSlider(value=...)"),
then move a slider or press a button of a live experiment and check that its figure changed
(the screenshots before and after differ). Screenshots go to test-artifacts/browser/.
"""
from __future__ import annotations

import re
import time

import pytest

from course_nn.widgets._base import PLACEHOLDER

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# (notebook, the control to use): one with a slider experiment, one with a button and a
# progress bar, and the start-here notebook.
CASES = [
    ("00_start_here.ipynb", "slider"),
    ("01_neuron.ipynb", "slider"),
    ("02_activations.ipynb", "button"),
]

JS_KERNEL_IDLE = """() => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
  return !!k && k.status === 'idle' && w.content && w.content.widgets.length > 0;
}"""

JS_ALL_RUN = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  const code = w.content.widgets.filter(c => c.model.type === 'code' && c.model.sharedModel.getSource().trim());
  const k = w.sessionContext.session.kernel;
  return k.status === 'idle' && code.every(c => c.model.executionCount !== null);
}"""

JS_ERRORS = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  const out = [];
  w.content.widgets.forEach((c, i) => {
    if (c.model.type !== 'code') return;
    for (const o of c.model.outputs.toJSON()) {
      if (o.output_type === 'error') out.push(`cell ${i}: ${o.ename}: ${o.evalue}`);
    }
  });
  return out;
}"""

JS_EXPLORER_CELLS = """(kind) => {
  const w = window.jupyterapp.shell.currentWidget;
  const found = [];
  w.content.widgets.forEach((c, i) => {
    if (c.model.type !== 'code') return;
    const n = c.node;
    const ok = kind === 'slider' ? n.querySelector('.widget-slider') : n.querySelector('.widget-button');
    if (ok && n.querySelector('.widget-image')) found.push(i);
  });
  return found;
}"""


def _open_and_run(page, base, name):
    page.goto(f"{base}/lab/tree/{name}?reset")      # ?reset: no tabs restored from earlier tests
    page.wait_for_function(JS_KERNEL_IDLE, timeout=90_000)
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs')")
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    time.sleep(1.0)
    page.wait_for_function(JS_ALL_RUN, timeout=180_000, polling=500)


def _figure_png(cell):
    """Screenshot of the explorer's output area (static figure or live image)."""
    area = cell.locator(".jp-Cell-outputArea")
    area.scroll_into_view_if_needed()
    return area.screenshot()


def _wait_changed(cell, before, timeout=30):
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        after = _figure_png(cell)
        if after != before:
            return after
        time.sleep(0.5)
    return None


def _move_slider(cell):
    track = cell.locator(".widget-slider .noUi-base").first
    track.scroll_into_view_if_needed()
    box = track.bounding_box()
    cell.page.mouse.click(box["x"] + 0.8 * box["width"], box["y"] + box["height"] / 2)


def _press_button(cell):
    cell.locator(".widget-button").first.click()


@pytest.mark.parametrize("name,kind", CASES)
def test_notebook_runs_and_its_experiment_responds(lab_server, page, artifacts, name, kind):
    base, root = lab_server
    assert (root / name).exists(), f"notebooks/{name} is missing"
    stem = name.removesuffix(".ipynb")
    _open_and_run(page, base, name)
    page.screenshot(path=artifacts / f"{stem}_run.png", full_page=True)

    errors = page.evaluate(JS_ERRORS)
    assert errors == [], f"{name}: cells show errors in JupyterLab: {errors}"
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")     # this notebook's tab only
    texts = panel.locator(".jp-OutputArea-output").all_inner_texts()
    as_text = [t for t in texts if re.match(r"^\s*(IntSlider|FloatSlider|Dropdown|VBox|HBox|Button)\(", t)
               or PLACEHOLDER in t]
    assert as_text == [], f"{name}: widgets rendered as text, not controls: {as_text[:3]}"
    assert panel.locator(".jp-OutputArea .jupyter-widgets").count() > 0, f"{name}: no widget rendered"

    cells = page.evaluate(JS_EXPLORER_CELLS, kind)
    assert cells, f"{name}: no live experiment with a {kind} and a figure"
    cell = panel.locator(".jp-Notebook .jp-Cell").nth(cells[0])
    before = _figure_png(cell)
    (artifacts / f"{stem}_{kind}_before.png").write_bytes(before)
    (_move_slider if kind == "slider" else _press_button)(cell)
    after = _wait_changed(cell, before, timeout=60 if kind == "button" else 20)
    page.screenshot(path=artifacts / f"{stem}_{kind}_after_page.png", full_page=False)
    assert after is not None, f"{name}: the figure did not change after using the {kind}"
    (artifacts / f"{stem}_{kind}_after.png").write_bytes(after)
    assert page.evaluate(JS_ERRORS) == [], f"{name}: an error appeared after using the {kind}"
