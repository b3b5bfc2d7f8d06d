"""What the browser tests do in JupyterLab, as a student would: open, run, use controls, save.

JupyterLab's state is read through `window.jupyterapp` (the server runs with
--expose-app-in-browser); controls are used with the mouse and keyboard through Playwright.
"""
from __future__ import annotations

import json
import re
import time

NOTEBOOKS = ["00_start_here", "01_neuron", "02_activations", "03_losses", "04_backprop",
             "05_regularization", "06_batchnorm", "07_dropout", "08_initialization",
             "09_optimizers", "10_hyperparameter_search", "11_capstone"]

JS_READY = """() => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  return !!w && !!w.context && w.context.isReady && !!w.content && w.content.widgets.length > 0;
}"""

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

# error outputs, and tracebacks written to stderr (a warning a lesson shows on purpose is fine)
JS_ERRORS = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  const out = [];
  w.content.widgets.forEach((c, i) => {
    if (c.model.type !== 'code') return;
    for (const o of c.model.outputs.toJSON()) {
      if (o.output_type === 'error') out.push(`cell ${i}: ${o.ename}: ${o.evalue}`);
      if (o.output_type === 'stream' && o.name === 'stderr') {
        const t = Array.isArray(o.text) ? o.text.join('') : o.text;
        if (/Traceback/.test(t)) out.push(`cell ${i} (stderr): ${t.slice(0, 300)}`);
      }
    }
  });
  return out;
}"""

# An Explorer shows two outputs in its cell: its controls (a widget box with the class
# cnn-explorer) and, as the next output with an image, its figure (a plain PNG that every redraw
# replaces in place, so the <img> element itself is re-created: look it up each time).
JS_FIGURE_OF = """const figureOf = (n) => {
  const box = document.querySelector(`[data-explorer="${n}"]`);
  let o = box && box.closest('.jp-OutputArea-child');
  while (o && (o = o.nextElementSibling)) {
    const img = o.querySelector('img');
    if (img) return img;
  }
  return null;
};"""

# tag every live experiment and its cell; returns [[cell index, explorer number], ...]
JS_TAG_EXPLORERS = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  const found = [];
  let n = 0;
  w.content.widgets.forEach((c, i) => {
    if (c.model.type !== 'code') return;
    c.node.querySelectorAll('.cnn-explorer').forEach(box => {
      box.setAttribute('data-explorer', String(n));
      c.node.setAttribute('data-explorer-cell', String(i));
      found.push([i, n]);
      n += 1;
    });
  });
  return found;
}"""

JS_IMG_SRC = "(n) => { " + JS_FIGURE_OF + """
  const img = figureOf(n);
  return img ? img.getAttribute('src') || '' : null;
}"""

JS_SRC_CHANGED = "([n, before]) => { " + JS_FIGURE_OF + """
  const img = figureOf(n);
  const s = img && img.getAttribute('src');
  return !!s && s !== before;
}"""

JS_FIGURE_SHOWN = "(n) => { " + JS_FIGURE_OF + """
  const img = figureOf(n);
  return !!img && img.checkVisibility() && img.complete && img.naturalWidth > 0;
}"""

# per cell index: the images of its output area that a student sees (not display:none, not
# zero-sized, loaded) and any widget error text
JS_VISIBLE_IMAGES = """(cells) => {
  const w = window.jupyterapp.shell.currentWidget;
  const out = {};
  for (const i of cells) {
    const node = w.content.widgets[i].node;
    const area = node.querySelector('.jp-Cell-outputArea');
    const imgs = area ? [...area.querySelectorAll('img')] : [];
    const shown = imgs.filter(img => {
      const src = img.getAttribute('src') || '';
      const r = img.getBoundingClientRect();
      return src.length > 0 && img.checkVisibility() && r.width > 0 && r.height > 0
             && img.complete && img.naturalWidth > 0;
    });
    out[i] = {images: imgs.length, shown: shown.length,
              text: area ? area.innerText.slice(0, 300) : ''};
  }
  return out;
}"""


def open_notebook(page, lab, path, reset=True):
    """Load JupyterLab at `path` (a fresh page: the student's first visit or a reload)."""
    page.goto(lab.url(f"lab/tree/{path}" + ("?reset" if reset else "")))
    page.wait_for_function(JS_READY, timeout=120_000, polling=250)


def start_lab(page, lab):
    """Load JupyterLab once (the browser tab a student keeps open), with no document open."""
    page.goto(lab.url("lab?reset"))
    page.wait_for_function("() => !!window.jupyterapp && !!window.jupyterapp.shell"
                           " && window.jupyterapp.commands.hasCommand('docmanager:open')",
                           timeout=120_000, polling=250)
    page.evaluate("async () => { await window.jupyterapp.restored; }")


# test plumbing between two tests in the same tab: close any dialog a failed test left, shut every
# kernel down and close every document without saving; resolves once the server has no session
JS_CLOSE_EVERYTHING = """async () => {
  const app = window.jupyterapp;
  document.querySelectorAll('.jp-Dialog .jp-mod-reject').forEach(b => b.click());
  const widgets = [...app.shell.widgets('main')];
  for (const w of widgets) {
    if (w.sessionContext && w.sessionContext.session) await w.sessionContext.shutdown();
  }
  for (const w of widgets) { if (w.context) w.context.model.dirty = false; w.dispose(); }
  await app.serviceManager.sessions.refreshRunning();
  return [...app.serviceManager.sessions.running()].length;
}"""


def close_everything(page, lab):
    """Leave the tab as a fresh JupyterLab: no document, no kernel (reloads it if it is broken)."""
    try:
        left = page.evaluate(JS_CLOSE_EVERYTHING)
    except Exception:       # the page crashed or navigated away in a failed test: load it again
        start_lab(page, lab)
        left = page.evaluate(JS_CLOSE_EVERYTHING)
    assert left == 0, f"{left} kernel sessions still running after closing every document"


def open_document(page, path):
    """Open `path` in the running JupyterLab, as a double click in the file browser does
    (`docmanager:open`); wait until its notebook is the current tab and loaded."""
    page.evaluate("async (path) => { await window.jupyterapp.restored;"
                  " window.jupyterapp.commands.execute('docmanager:open', {path}); }", path)
    page.wait_for_function(
        """(path) => { const app = window.jupyterapp;
             const mine = [...app.shell.widgets('main')].find(w => w.context && w.context.path === path);
             if (!mine) return false;
             if (app.shell.currentWidget !== mine) { app.shell.activateById(mine.id); return false; }
             return mine.context.isReady && !!mine.content && mine.content.widgets.length > 0; }""",
        arg=path, timeout=120_000, polling=250)


def wait_kernel_idle(page, timeout_s=180):
    page.wait_for_function(JS_KERNEL_IDLE, timeout=timeout_s * 1000, polling=250)


# run every cell with JupyterLab's own command and resolve when it is done (true: no cell failed);
# the race only bounds a hung kernel
JS_RUN_ALL = """async (timeoutMs) => {
  const app = window.jupyterapp;
  await app.commands.execute('notebook:clear-all-cell-outputs');
  const run = app.commands.execute('notebook:run-all-cells');
  const timer = new Promise(res => setTimeout(() => res('timeout'), timeoutMs));
  return await Promise.race([run, timer]);
}"""


def run_all(page, timeout_s=300):
    """Clear the outputs and run every cell (Run > Run All Cells); wait until the last has run."""
    wait_kernel_idle(page)
    result = page.evaluate(JS_RUN_ALL, timeout_s * 1000)
    assert result != "timeout", f"Run All Cells did not finish within {timeout_s} s"
    page.wait_for_function(JS_ALL_RUN, timeout=60_000, polling=250)
    return result


def panel(page):
    """The notebook of the current tab."""
    return page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")


def _slider(page, ctl):
    track = ctl.locator(".noUi-base").first
    handle = ctl.locator(".noUi-handle").first
    track.scroll_into_view_if_needed()
    t, h = track.bounding_box(), handle.bounding_box()
    frac = 0.1 if (h["x"] + h["width"] / 2 - t["x"]) > 0.5 * t["width"] else 0.9
    page.mouse.click(t["x"] + frac * t["width"], t["y"] + t["height"] / 2)


def _dropdown(page, ctl):
    sel = ctl.locator("select").first
    n, cur = sel.evaluate("s => [s.options.length, s.selectedIndex]")
    sel.select_option(index=(cur + 1) % n)


def _checkbox(page, ctl):
    ctl.locator("input[type=checkbox]").first.click()


def _select_multiple(page, ctl):
    sel = ctl.locator("select").first
    n, k = sel.evaluate("s => [s.options.length, [...s.options].filter(o => o.selected).length]")
    sel.select_option(index=list(range(n)) if k < n else [0])


# (CSS class of an ipywidgets control, how to change it)
CONTROLS = [(".widget-slider", _slider), (".widget-dropdown", _dropdown),
            (".widget-checkbox", _checkbox), (".widget-select-multiple", _select_multiple)]


def controls_of(page, n):
    """[(label, locator, action)] of the controls of explorer n, in page order."""
    box = page.locator(f'[data-explorer="{n}"]')
    out = []
    for css, action in CONTROLS:
        loc = box.locator(css)
        for j in range(loc.count()):
            ctl = loc.nth(j)
            label = ctl.locator(".widget-label").first
            text = label.inner_text().strip() if label.count() else ""
            out.append((f"{css[8:]} {text or j}", ctl, action))
    return out


def wait_src_changed(page, n, before, timeout_s):
    try:
        page.wait_for_function(JS_SRC_CHANGED, arg=[n, before], timeout=timeout_s * 1000,
                               polling=200)
        return True
    except Exception:   # playwright TimeoutError: reported by the caller's assert
        return False


def save(page):
    """File > Save; wait until the file on disk is the notebook shown."""
    page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
    page.wait_for_function(
        "() => { const w = window.jupyterapp.shell.currentWidget; return !w.context.model.dirty; }",
        timeout=60_000, polling=250)


def save_and_shut_down(page):
    save(page)
    page.evaluate("() => window.jupyterapp.shell.currentWidget.sessionContext.shutdown()")
    page.wait_for_function(
        "() => !window.jupyterapp.shell.currentWidget.sessionContext.session", timeout=60_000)


def close_and_shut_down(page, lab, path):
    """File > Close and Shut Down Notebook, and its dialog's "Shut Down" button, as a student
    does; then the server runs no kernel for `path` any more."""
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:close-and-shutdown'); }")
    accept = page.locator(".jp-Dialog .jp-mod-accept")
    accept.wait_for(timeout=30_000)
    accept.click()
    page.wait_for_function(
        "(path) => ![...window.jupyterapp.shell.widgets('main')].some(w => w.context && w.context.path === path)",
        arg=path, timeout=60_000, polling=250)
    t0 = time.monotonic()
    while True:
        _status, body = lab.api("api/sessions")
        running = [s for s in json.loads(body) if s.get("path") == path]
        if not running:
            return
        assert time.monotonic() - t0 < 60, f"the kernel of {path} still runs after shutting it down: {running}"
        time.sleep(0.25)


# what a student sees where an explorer's controls go, per cell index: its restored or live
# controls, the hint to run the cell (the placeholder), the widget manager's "Loading widget..."
# or "Error displaying widget..." text, or none of these
JS_WIDGET_STATES = """([cells, placeholder]) => {
  const w = window.jupyterapp.shell.currentWidget;
  const out = {};
  for (const i of cells) {
    const area = w.content.widgets[i].node.querySelector('.jp-Cell-outputArea');
    const text = area ? area.innerText : '';
    let state = 'none';
    if (/Error displaying widget/.test(text)) state = 'error';
    else if (/Loading widget/.test(text)) state = 'loading';
    else if (area && area.querySelector('.cnn-explorer .widget-hbox, .cnn-explorer .widget-box')) state = 'controls';
    else if (text.includes(placeholder)) state = 'placeholder';
    out[i] = state;
  }
  return out;
}"""

SETTLED = ("controls", "placeholder")

# Installed in every page of the lecture walk before JupyterLab loads: records each moment a
# widget output is given the text "Error displaying widget..." (the widget manager writes it into
# an otherwise empty output node), however briefly, so that a flash between two polls is seen.
JS_RECORD_WIDGET_ERRORS = """(() => {
  window.__cnnWidgetErrors = [];
  new MutationObserver(records => {
    for (const m of records) {
      const t = m.target;
      if (t && t.nodeType === 1 && t.childElementCount === 0
          && (t.textContent || '').startsWith('Error displaying widget'))
        window.__cnnWidgetErrors.push([Math.round(performance.now()), t.textContent]);
    }
  }).observe(document.documentElement, {childList: true, subtree: true});
})();"""


def widget_errors_seen(page, reset=False):
    """[(ms since the page loaded, text)] of every widget error shown since the page loaded (or
    since the last reset)."""
    seen = page.evaluate("() => window.__cnnWidgetErrors || null")
    assert seen is not None, "the widget error recorder is not installed in this page"
    if reset:
        page.evaluate("() => { window.__cnnWidgetErrors = []; }")
    return seen


def wait_widgets_settled(page, cells, placeholder, timeout_s=90):
    """Poll what each explorer cell shows until none shows "Loading widget..." or a widget error
    (or timeout_s passes). Returns (last states {cell: state}, timeline [(seconds, states)])."""
    t0 = time.monotonic()
    timeline, last = [], None
    while True:
        states = page.evaluate(JS_WIDGET_STATES, [list(cells), placeholder])
        dt = time.monotonic() - t0
        if states != last:
            timeline.append((round(dt, 2), states))
            last = states
        if all(v in SETTLED for v in states.values()) or dt > timeout_s:
            return states, timeline
        time.sleep(0.25)


# each control's value as the page shows it: slider readouts, selected entries, check marks
JS_CONTROL_VALUES = """(n) => {
  const box = document.querySelector(`[data-explorer="${n}"]`);
  if (!box) return null;
  const vals = [];
  box.querySelectorAll('.widget-readout').forEach(r => vals.push('readout ' + r.innerText.trim()));
  box.querySelectorAll('select').forEach(s => vals.push('select ' + [...s.options].filter(o => o.selected).map(o => o.text).join('|')));
  box.querySelectorAll('input[type=checkbox]').forEach(c => vals.push('checkbox ' + c.checked));
  return vals;
}"""


def cell(page, i):
    return panel(page).locator(".jp-Notebook .jp-Cell").nth(i)


def type_into_cell(page, i, code):
    """Replace cell i's code as a student would: click in it, select all, type (paste) new code."""
    editor = cell(page, i).locator(".jp-Editor .cm-content").first
    editor.scroll_into_view_if_needed()
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(code)


def run_cell(page, i):
    """Select cell i and press Shift+Enter; wait until the kernel is idle again."""
    c = cell(page, i)
    c.locator(".jp-InputPrompt").first.click()
    count = page.evaluate(f"() => window.jupyterapp.shell.currentWidget.content.widgets[{i}].model.executionCount")
    page.keyboard.press("Shift+Enter")
    page.wait_for_function(
        f"""() => {{ const w = window.jupyterapp.shell.currentWidget; const c = w.content.widgets[{i}];
            return c.model.executionCount !== null && c.model.executionCount !== {json_null(count)}
                   && w.sessionContext.session.kernel.status === 'idle'; }}""",
        timeout=120_000, polling=250)
    return output_text(page, i)


def json_null(v):
    return "null" if v is None else str(v)


def output_text(page, i):
    return page.evaluate(f"""() => {{
      const c = window.jupyterapp.shell.currentWidget.content.widgets[{i}];
      return c.model.outputs.toJSON().map(o => {{
        if (o.output_type === 'stream') return Array.isArray(o.text) ? o.text.join('') : o.text;
        if (o.output_type === 'error') return o.ename + ': ' + o.evalue + '\\n' + o.traceback.join('\\n');
        const d = o.data || {{}}; const t = d['text/plain'];
        return Array.isArray(t) ? t.join('') : (t || '');
      }}).join('\\n');
    }}""")


ANSI = re.compile(r"\x1b\[[0-9;]*m")


def strip_ansi(text):
    return ANSI.sub("", text)
