"""The student's path around the lectures, in `make lab`'s own JupyterLab and headless Chromium:

- `make lab` prints one line with the URL to open and little else, and serves the repository's
  root (notebooks/ and exercises/), landing on notebooks/00_start_here.ipynb;
- no instructor tools (nbgrader's menu, Create Assignment panel, Validate button, formgrader);
- an exercise notebook opened from the file browser: a wrong answer gets short feedback without
  frames from the grader's code, the right one passes its test cell and `cnn.grade.check()`.
Screenshots of each step go to test-artifacts/browser/path_*.png.
"""
from __future__ import annotations

import json
import re
import urllib.error

import pytest

from . import _lab

pytestmark = [pytest.mark.browser, pytest.mark.slow]

EXERCISE = "exercises/01_neuron/01_neuron.ipynb"
WRONG = '''def sigmoid(x):
    """The logistic sigmoid, as a hurried student writes it."""
    return np.exp(x)
'''
RIGHT = '''def sigmoid(x):
    """The logistic sigmoid 1 / (1 + exp(-x)), element-wise, without overflow."""
    x = np.asarray(x, dtype=float)
    z = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + z), z / (1.0 + z))
'''

JS_INSTRUCTOR_UI = """() => {
  const app = window.jupyterapp;
  const found = [];
  for (const id of app.commands.listCommands()) if (/nbgrader|formgrader/i.test(id)) found.push('command ' + id);
  for (const el of document.querySelectorAll('.lm-MenuBar-itemLabel, .jp-ToolbarButtonComponent-label, .lm-TabBar-tabLabel, .jp-SideBar .lm-TabBar-tab'))
    if (/nbgrader|validate|create assignment|formgrader|assignment list|course list/i.test(el.textContent + ' ' + (el.getAttribute('title') || '')))
      found.push('element ' + el.className + ': ' + (el.textContent || el.getAttribute('title')));
  for (const p of app.shell.widgets('right')) if (/assignment|nbgrader/i.test(p.id + ' ' + p.title.label + ' ' + p.title.caption)) found.push('panel ' + p.id);
  for (const p of app.shell.widgets('left')) if (/assignment|nbgrader/i.test(p.id + ' ' + p.title.label + ' ' + p.title.caption)) found.push('panel ' + p.id);
  return found;
}"""


def _cells_by_grade_id(path):
    nb = json.loads(path.read_text())
    return {(c.get("metadata", {}).get("nbgrader") or {}).get("grade_id"): (i, "".join(c["source"]))
            for i, c in enumerate(nb["cells"])}


def test_make_lab_prints_one_line_with_the_url(lab_server):
    out = lab_server.output()
    lines = [ln for ln in out.splitlines() if ln.strip()]
    assert lines, "make lab printed nothing: the student does not learn which URL to open"
    port = lab_server.base.rsplit(":", 1)[1]
    assert re.search(rf"http://localhost:{port}/lab/tree/notebooks/00_start_here\.ipynb\?token="
                     rf"{lab_server.token}\b", lines[0]), f"no URL on the first line: {lines[0]!r}"
    assert lines[1:] == [], f"make lab printed more than its URL line: {lines[1:6]}"
    assert not re.search(r"nbgrader|formgrader", out, re.I), f"instructor tooling in the output: {out[:500]}"


def test_lab_serves_the_repository_root_and_opens_start_here(lab_server, page, artifacts):
    status, body = lab_server.api("api/contents/")
    names = {c["name"] for c in json.loads(body)["content"]}
    assert {"notebooks", "exercises"} <= names, f"the file browser's root holds only {sorted(names)}"
    try:        # the server's front page, where a browser opened by make lab lands
        status, _ = lab_server.api("")
    except urllib.error.HTTPError as e:
        status = e.code
    assert status == 200, f"the front page answers {status}"
    printed = re.search(r"http://localhost:\d+/\S+", lab_server.output()).group(0)
    # the URL make lab printed (&reset: no tabs restored from the other tests' visits)
    page.goto(printed.replace("localhost", "127.0.0.1") + "&reset")
    page.wait_for_function(_lab.JS_READY, timeout=120_000, polling=250)
    title = page.evaluate("() => window.jupyterapp.shell.currentWidget.context.path")
    page.screenshot(path=artifacts / "path_1_landing.png")
    assert title == "notebooks/00_start_here.ipynb", f"make lab's URL opens {title!r}"


def test_no_instructor_tools_in_the_students_lab(lab_server, page, artifacts):
    for route in ("formgrader", "api/nbgrader_version"):
        try:
            status, _ = lab_server.api(route)
        except urllib.error.HTTPError as e:
            status = e.code
        assert status == 404, f"nbgrader's server extension answers at /{route} ({status})"
    _lab.open_notebook(page, lab_server, "notebooks/00_start_here.ipynb")
    page.wait_for_timeout(2000)             # let every lab extension finish activating
    page.screenshot(path=artifacts / "path_2_no_instructor_ui.png")
    found = page.evaluate(JS_INSTRUCTOR_UI)
    assert found == [], f"instructor tools in the student's JupyterLab: {found}"


def test_exercise_from_the_file_browser_wrong_then_right(lab_server, page, artifacts):
    cells = _cells_by_grade_id(lab_server.root / EXERCISE)
    answer, _ = cells["sigmoid"]
    test, test_source = cells["sigmoid_test"]
    hint = re.search(r'hint="([^"]+)"', test_source).group(1)
    what = re.search(r'what="([^"]+)"', test_source).group(1)

    _lab.open_notebook(page, lab_server, "notebooks/00_start_here.ipynb")     # where make lab lands
    browser_tab = page.locator('.jp-SideBar .lm-TabBar-tab[data-id="filebrowser"]')
    if "lm-mod-current" not in (browser_tab.get_attribute("class") or ""):
        browser_tab.click()
    page.locator(".jp-FileBrowser .jp-BreadCrumbs-home").click()
    names = page.locator(".jp-FileBrowser .jp-DirListing-content .jp-DirListing-itemText")
    for step, name in enumerate(["exercises", "01_neuron", "01_neuron.ipynb"]):
        item = names.get_by_text(name, exact=True).first
        item.wait_for(timeout=30_000)
        page.screenshot(path=artifacts / f"path_3_filebrowser_{step}.png")
        item.dblclick()
    page.wait_for_function(
        f"() => {{ const w = window.jupyterapp.shell.currentWidget; return !!w && !!w.context"
        f" && w.context.path === '{EXERCISE}' && w.context.isReady; }}", timeout=120_000, polling=250)
    page.wait_for_function(_lab.JS_KERNEL_IDLE, timeout=120_000, polling=250)
    page.screenshot(path=artifacts / "path_4_exercise_open.png")

    _lab.run_cell(page, cells["setup"][0])
    _lab.type_into_cell(page, answer, WRONG)
    _lab.run_cell(page, answer)
    _lab.run_cell(page, test)
    shown = _lab.cell(page, test).locator(".jp-Cell-outputArea").inner_text()
    _lab.cell(page, test).scroll_into_view_if_needed()
    page.screenshot(path=artifacts / "path_5_wrong_answer.png")
    model = _lab.strip_ansi(_lab.output_text(page, test))
    assert what in shown and hint in shown, (
        f"the feedback does not say what was tried ({what!r}) and the hint ({hint!r}):\n{shown}")
    assert "course_nn/grade" not in shown and "course_nn/grade" not in model, (
        f"the feedback shows frames from the grader's own code:\n{shown}")
    assert len(shown.strip().splitlines()) <= 12, (
        f"the feedback is {len(shown.strip().splitlines())} lines long, not one short block:\n{shown}")

    _lab.type_into_cell(page, answer, RIGHT)
    _lab.run_cell(page, answer)
    out = _lab.run_cell(page, test)
    assert out.strip() == "", f"the right answer does not pass the visible tests:\n{out}"
    page.evaluate(f"() => {{ const w = window.jupyterapp.shell.currentWidget;"
                  f" w.content.activeCellIndex = {test}; w.content.mode = 'command';"
                  f" return window.jupyterapp.commands.execute('notebook:insert-cell-below'); }}")
    _lab.type_into_cell(page, test + 1, 'cnn.grade.check("sigmoid")')
    out = _lab.strip_ansi(_lab.run_cell(page, test + 1))
    _lab.cell(page, test + 1).scroll_into_view_if_needed()
    page.screenshot(path=artifacts / "path_6_right_answer_check.png")
    m = re.search(r"sigmoid_test\s+(\S+)\s*/\s*(\S+)\s+pass\b", out)
    assert m and m.group(1) == m.group(2), f"check() does not report a pass with full points:\n{out}"
