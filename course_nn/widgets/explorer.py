"""The one mechanism every live experiment uses: an ``Explorer``.

An Explorer is a matplotlib figure plus ipywidgets controls. A ``draw(fig, **values)``
function draws the figure for the current control values (on a cleared figure) and may
return a dict of the numbers it measured. Light experiments redraw when a control moves;
heavy ones (retraining) redraw when a button is pressed, and their ``draw`` receives a
``progress(fraction)`` callback that drives a progress bar.

How it shows, live and stored. Displayed in a notebook, an Explorer emits two outputs: its
controls (an ipywidgets view) and its figure as a plain ``image/png`` display output with a
display id. Every redraw *updates that same output in place* (``update_display_data``), so:

* while the kernel runs there is exactly one figure, the latest one (no second, widget image);
* the notebook file always stores the latest figure as an ordinary PNG output, which every
  front end (JupyterLab, JupyterLite, Notebook 7, VS Code, nbviewer, GitHub) renders without
  a kernel and without widget state: after save and reopen the figure is still there;
* nothing is ever hidden and re-shown (a ``display: none`` layout toggled back is not honoured
  by every front end), and the image carries its pixel width and height, so an update does
  not collapse and re-grow the output.

The controls themselves are a widget view: without a kernel they render only from saved
widget state (JupyterLab's "Save Widget State Automatically", or nbclient's
``store_widget_state``); the figure does not depend on that.

Figures are drawn at ``dpi=96`` and shown at their pixel size, so a font size in points is
its size on screen (a CSS pixel is 1/96 inch).

Headless use (tests, benchmarks): ``ex.set(p=0.3)`` changes a control exactly as a user
would; ``ex.result`` holds the numbers the last draw returned, ``ex.png`` the last image,
``ex.latencies`` the seconds each redraw took.
"""
from __future__ import annotations

import base64
import io
import time

__all__ = ["Explorer", "SCREEN_DPI"]

PLACEHOLDER = "[live experiment: run this cell to get its controls]"

#: pixels per inch of a CSS pixel: a figure drawn at this dpi and shown at its pixel size
#: shows its text at the point sizes matplotlib was given
SCREEN_DPI = 96


class Explorer:
    """A live figure driven by controls.

    Args:
        controls: name -> ipywidgets control (a slider, dropdown, checkbox...). The names are
            the keyword arguments ``draw`` receives.
        draw: ``draw(fig, **values) -> dict | None``; with ``button``, also ``progress=``.
        figsize: the figure size in inches.
        button: a label (e.g. "Train") for heavy experiments: then only the button redraws.
        title: an optional line of text shown above the controls.
        dpi: resolution of the rendered image (shown at its pixel size).
        clear: clear the figure before each ``draw`` (the default). With ``clear=False`` the
            figure is kept and ``draw`` updates its artists in place after the first call
            (``set_data``, ``set_text``...), which skips rebuilding axes and ticks.
    """

    def __init__(self, controls, draw, figsize=(8, 3.5), button=None, title=None, dpi=SCREEN_DPI,
                 clear=True):
        import ipywidgets as w
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        self.controls = dict(controls)
        self._draw = draw
        self.fig = Figure(figsize=figsize, dpi=dpi, layout="constrained")
        self.canvas = FigureCanvasAgg(self.fig)     # drawn once per redraw, then encoded
        self.dpi = dpi
        self._clear = clear
        self.result = None
        self.png = b""
        self.latencies = []
        self.draw_count = 0
        self._displays = []                          # DisplayHandles of the figure output
        for c in self.controls.values():
            _full_description(c)
        self.button = None
        self.progress = None
        if button is not None:
            self.button = w.Button(description=button, button_style="primary")
            self.progress = w.FloatProgress(value=0.0, min=0.0, max=1.0, description="progress")
            self.button.on_click(lambda _b: self.redraw())
        else:
            for c in self.controls.values():
                c.observe(lambda _change: self.redraw(), names="value")
        head = [w.HTML(f"<b>{title}</b>")] if title else []
        extra = [self.button, self.progress] if self.button is not None else []
        self.box = w.VBox(head + [w.HBox(list(self.controls.values()), layout=w.Layout(flex_flow="row wrap"))]
                          + extra)
        self.box.add_class("cnn-explorer")     # lets a browser test find the controls and figure
        self.redraw(first=True)

    @property
    def values(self):
        return {k: c.value for k, c in self.controls.items()}

    @property
    def size_px(self):
        """(width, height) of the image in pixels."""
        w, h = self.fig.get_size_inches() * self.dpi
        return round(w), round(h)

    def _set_progress(self, fraction):
        if self.progress is not None:
            self.progress.value = min(1.0, max(0.0, float(fraction)))

    def redraw(self, first=False):
        """Draw the figure for the current values, render it to PNG and show it."""
        t0 = time.perf_counter()
        if self._clear:
            self.fig.clear()
        kwargs = self.values
        if self.button is not None:
            self._set_progress(0.0)
            kwargs["progress"] = self._set_progress
        self.result = self._draw(self.fig, **kwargs)
        self.png = self._render_png()
        self.draw_count += 1
        self._show()
        if not first:
            self.latencies.append(time.perf_counter() - t0)
        return self.result

    def _render_png(self):
        """One Agg draw and a fast PNG encoding (``savefig`` would draw the figure again)."""
        from PIL import Image

        self.canvas.draw()
        width, height = self.canvas.get_width_height()
        image = Image.frombuffer("RGBA", (width, height), self.canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
        buf = io.BytesIO()
        image.convert("RGB").save(buf, format="png", compress_level=1)
        return buf.getvalue()

    def figure_bundle(self):
        """(data, metadata) of the figure output: the PNG with its pixel size."""
        width, height = self.size_px
        data = {"image/png": base64.b64encode(self.png).decode("ascii"),
                "text/plain": f"<figure of a live experiment, {width}x{height} px>"}
        return data, {"image/png": {"width": width, "height": height}}

    def _show(self):
        """Replace the figure output(s) of this explorer with the current PNG."""
        if not self._displays:
            return
        data, metadata = self.figure_bundle()
        for handle in self._displays:
            handle.update(data, metadata=metadata, raw=True)

    def set(self, **values):
        """Change controls as a user would (then the figure redraws, or press() for a button)."""
        for k, v in values.items():
            if k not in self.controls:
                raise KeyError(f"no control named {k!r}; this explorer has {sorted(self.controls)}")
            self.controls[k].value = v
        return self.result

    def press(self):
        """Press the button of a heavy experiment (headless)."""
        if self.button is None:
            raise RuntimeError("this explorer has no button: it redraws when a control changes")
        self.button.click()
        return self.result

    def _ipython_display_(self):
        from IPython.display import display

        bundle = self.box._repr_mimebundle_()
        bundle["text/plain"] = PLACEHOLDER      # what shows where no kernel renders the controls
        display(bundle, raw=True)
        data, metadata = self.figure_bundle()
        self._displays.append(display(data, metadata=metadata, raw=True, display_id=True))

    def __repr__(self):
        return f"Explorer(controls={sorted(self.controls)}, draws={self.draw_count})"


def _full_description(control):
    """Let a control's label take the width it needs ("learning rate", not "learning r...")."""
    style = getattr(control, "style", None)
    if getattr(control, "description", "") and style is not None and hasattr(style, "description_width"):
        style.description_width = "initial"


def plural(n, word):
    """``"1 hidden unit"``, ``"2 hidden units"``."""
    return f"{n} {word}{'' if n == 1 else 's'}"
