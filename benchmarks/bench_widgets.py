"""Latency of every live experiment's callback, measured headlessly.

For each factory in ``course_nn.widgets`` (every `*_explorer` in a topic module's ``__all__``): build
it with its defaults, then change *every* control ``--n`` times in turn (a slider through values
of its range, a dropdown through its options, a checkbox back and forth) and time each redraw
(``Explorer.latencies``: the draw plus the PNG render, what a user waits for in the kernel; the
browser adds the transfer and the image decode). Experiments with a button (retraining) are
pressed 3 times instead and reported apart: they show a progress bar.

Prints one row per explorer (median and p95 over all its changes) and the load average before
and after: on a shared machine the numbers are only as good as the load is low.

    python benchmarks/bench_widgets.py [--n 12] [--json benchmarks/results/widgets.json]
"""
from __future__ import annotations

import argparse
import importlib
import inspect
import json
import pathlib
import sys
import time

import numpy as np

TOPICS = ["neuron", "activations", "losses", "backprop", "regularization", "batchnorm", "dropout",
          "initialization", "optimizers", "hyperparameters", "capstone"]


def factories():
    for topic in TOPICS:
        mod = importlib.import_module(f"course_nn.widgets.{topic}")
        for name in getattr(mod, "__all__", []):
            obj = getattr(mod, name)
            if inspect.isfunction(obj) and name.endswith("_explorer"):
                yield topic, name, obj


def values_for(control, n=20):
    """n new values for a control, each different from the previous one."""
    import ipywidgets as w
    if isinstance(control, w.FloatLogSlider):      # its min and max are exponents
        return [float(control.base) ** e for e in np.linspace(control.min, control.max, n)]
    if isinstance(control, (w.FloatSlider, w.IntSlider)):
        seq = np.linspace(control.min, control.max, n)
        if isinstance(control, w.IntSlider):
            seq = np.round(seq).astype(int)
        vals = [v for v in seq.tolist() if v != control.value]
        return (vals * n)[:n] if vals else []
    if hasattr(control, "options") and len(control.options) > 1:
        opts = [o[1] if isinstance(o, tuple) else o for o in control.options]
        if isinstance(control, w.SelectMultiple):
            subsets = [tuple(opts[: i % len(opts) + 1]) for i in range(n)]
            return subsets
        return [opts[(i + 1) % len(opts)] for i in range(n)]
    if isinstance(control.value, bool):
        return [not control.value if i % 2 == 0 else control.value for i in range(n)]
    return []


def _demo_trials():
    rng = np.random.default_rng(0)
    return [{"lr": 10 ** rng.uniform(-4, 0), "weight_decay": 10 ** rng.uniform(-6, -2),
             "val_acc": rng.uniform(0.1, 0.7)} for _ in range(40)]


def _demo_confusion():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 10, 1000)
    guess = lambda acc: np.where(rng.random(1000) < acc, y, rng.integers(0, 10, 1000))  # noqa: E731
    return (y, {"model A": guess(0.6), "model B": guess(0.7)}), {}


# explorers that show data the notebook computed: built here on made-up data of the same form
DEMO_ARGS = {
    "trials_explorer": lambda: ((_demo_trials(),), {}),
    "confusion_explorer": _demo_confusion,
}


MEASURE_CPU = {}    # name -> CPU seconds of this process per change (less sensitive to load)


def measure(name, factory, n=12):
    """(controls changed, latencies in seconds) of one explorer."""
    args, kwargs = DEMO_ARGS[name]() if name in DEMO_ARGS else ((), {})
    ex = factory(*args, **kwargs)
    if ex.button is not None:
        for _ in range(3):
            ex.press()
        return "button", ex.latencies
    changed, cpu = [], []
    for key, control in ex.controls.items():
        start = control.value
        vals = values_for(control, n) + ([start] if values_for(control, n) else [])
        if vals:
            changed.append(key)
            for v in vals:               # the last one goes back to the default
                if v == control.value:
                    continue
                c0 = time.process_time()
                ex.set(**{key: v})
                cpu.append(time.process_time() - c0)
    MEASURE_CPU[name] = cpu
    return ",".join(changed) or "none", ex.latencies


def _loadavg():
    try:
        return pathlib.Path("/proc/loadavg").read_text().split()[:3]
    except OSError:
        return ["?"] * 3


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", type=pathlib.Path, default=None)
    ap.add_argument("--n", type=int, default=12, help="changes per control (default 12)")
    ap.add_argument("--only", nargs="*", default=None, help="explorer names to measure")
    args = ap.parse_args(argv)
    import matplotlib
    matplotlib.use("Agg")
    import os
    rows = []
    load0 = _loadavg()
    print(f"load average before: {' '.join(load0)}   cores: {os.cpu_count()}")
    print(f"{'explorer':44s} {'n':>4s} {'median ms':>10s} {'p95 ms':>8s} {'cpu med ms':>10s}  controls")
    for topic, name, factory in factories():
        if args.only and name not in args.only:
            continue
        control, lat = measure(name, factory, args.n)
        lat_ms = np.array(lat) * 1e3
        med = float(np.median(lat_ms)) if lat else float("nan")
        p95 = float(np.percentile(lat_ms, 95)) if lat else float("nan")
        cpu = MEASURE_CPU.get(name) or lat     # button explorers: wall time only
        cpu_med = float(np.median(np.array(cpu) * 1e3)) if cpu else float("nan")
        rows.append(dict(topic=topic, widget=name, controls=control, n=len(lat), median_ms=med,
                         p95_ms=p95, cpu_median_ms=cpu_med))
        print(f"{topic + '.' + name:44s} {len(lat):4d} {med:10.1f} {p95:8.1f} {cpu_med:10.1f}  {control}",
              flush=True)
    load1 = _loadavg()
    print(f"load average after:  {' '.join(load1)}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"loadavg_before": load0, "loadavg_after": load1,
                                         "rows": rows}, indent=1))
    return rows


if __name__ == "__main__":
    sys.exit(main() and 0)
