"""The one mechanism every live experiment uses: an ``Explorer``.

An Explorer is a matplotlib figure plus ipywidgets controls. A ``draw(fig, **values)``
function draws the figure for the current control values (on a cleared figure) and may
return a dict of the numbers it measured. Light experiments redraw when a control moves;
heavy ones (retraining) redraw when a button is pressed, and their ``draw`` receives a
``progress(fraction)`` callback that drives a progress bar.

Displayed in a notebook, an Explorer shows its controls and below them a static PNG of its
figure (so a stored notebook shows the figure without a kernel); on the first change a live
image takes the static figure's place.

Headless use (tests, benchmarks): ``ex.set(p=0.3)`` changes a control exactly as a user
would; ``ex.result`` holds the numbers the last draw returned, ``ex.png`` the last image,
``ex.latencies`` the seconds each redraw took.
"""
from __future__ import annotations

import io
import time

__all__ = ["Explorer"]

PLACEHOLDER = "[live experiment: run this cell to get its controls]"


class Explorer:
    """A live figure driven by controls.

    Args:
        controls: name -> ipywidgets control (a slider, dropdown, checkbox...). The names are
            the keyword arguments ``draw`` receives.
        draw: ``draw(fig, **values) -> dict | None``; with ``button``, also ``progress=``.
        figsize: the figure size in inches.
        button: a label (e.g. "Train") for heavy experiments: then only the button redraws.
        title: an optional line of text shown above the controls.
        dpi: resolution of the rendered image.
    """

    def __init__(self, controls, draw, figsize=(8, 3.5), button=None, title=None, dpi=80):
        import ipywidgets as w
        from matplotlib.figure import Figure

        self.controls = dict(controls)
        self._draw = draw
        self.fig = Figure(figsize=figsize, dpi=dpi, layout="constrained")
        self.dpi = dpi
        self.result = None
        self.png = b""
        self.latencies = []
        self.draw_count = 0
        self._static = None
        self._w = w
        # shown at the figure's own pixel size: a stretched PNG looks blurred
        self.image = w.Image(format="png", layout=w.Layout(display="none", width=f"{round(figsize[0] * dpi)}px"))
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
                          + extra + [self.image])
        self.redraw(first=True)

    @property
    def values(self):
        return {k: c.value for k, c in self.controls.items()}

    def _set_progress(self, fraction):
        if self.progress is not None:
            self.progress.value = min(1.0, max(0.0, float(fraction)))

    def redraw(self, first=False):
        """Draw the figure for the current values and render it to PNG."""
        t0 = time.perf_counter()
        self.fig.clear()
        kwargs = self.values
        if self.button is not None:
            self._set_progress(0.0)
            kwargs["progress"] = self._set_progress
        self.result = self._draw(self.fig, **kwargs)
        buf = io.BytesIO()
        self.fig.savefig(buf, format="png", dpi=self.dpi)
        self.png = buf.getvalue()
        self.image.value = self.png
        self.draw_count += 1
        if not first:
            self.latencies.append(time.perf_counter() - t0)
            self._go_live()
        return self.result

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

    def _go_live(self):
        if self.image.layout.display == "none":
            self.image.layout.display = None
            if self._static is not None:
                from IPython.display import HTML
                self._static.update(HTML(""))

    def _ipython_display_(self):
        from IPython.display import Image, display
        bundle = self.box._repr_mimebundle_()
        bundle["text/plain"] = PLACEHOLDER      # what shows where no kernel renders the controls
        display(bundle, raw=True)
        self._static = display(Image(data=self.png, format="png"), display_id=True)

    def __repr__(self):
        return f"Explorer(controls={sorted(self.controls)}, draws={self.draw_count})"
