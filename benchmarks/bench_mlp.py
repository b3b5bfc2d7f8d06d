"""Training-step throughput of a course_nn MLP against the bound set by its matrix products.

    .venv/bin/python benchmarks/bench_mlp.py [--quick] [--torch-python PATH] [--json FILE]

An MLP 40 -> 256 -> 256 -> 10 (ReLU, cross-entropy, Adam) is trained on random data with
batches of 128 (and 32), in float64 and float32, with 1 and 2 BLAS threads. Reported:

* step: one full training step (forward, loss, zero_grad, backward, Adam step), as in ``fit``;
* matmul bound: the 8 matrix products that step needs (3 forward, 5 backward: dW for each
  layer, dx for the two upper layers), done directly with numpy into preallocated arrays;
  a numpy MLP cannot be faster than this;
* ratio = matmul bound time / step time (1.0 would mean zero overhead); target >= 0.6.
  The two are timed alternately, repeat by repeat, and the ratio is the median of the
  per-repeat ratios, so a burst of load from other processes hits both alike;
* fit: samples/s of ``cnn.fit`` over whole epochs (adds shuffling, indexing and accuracy).

Times are medians over repeats (the machines are shared and noisy). If torch is importable,
or ``--torch-python`` names a Python that has it, the same MLP is timed in PyTorch (CPU).
Like for like: the same dtype, the same data and batches, the same thread count for both
(numpy's BLAS through threadpoolctl, torch through ``torch.set_num_threads``; both are read
back and recorded per row), no input gradient for the first layer in either (torch's input
has no ``requires_grad``; ``Linear(needs_input_grad=False)`` here, ``--input-grad`` to compute
it anyway), ``--warmup`` steps of each before timing, and course_nn, the bound and torch timed
in turn within every repeat. ``vs torch`` is the median over repeats of torch's step time
divided by course_nn's (> 1: course_nn is faster). The load average (/proc/loadavg) is
recorded before and after every row. Results go to stdout as a table and to
``benchmarks/results/`` as JSON.
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import platform
import statistics
import subprocess
import sys
import time

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SIZES = [40, 256, 256, 10]
N_DATA = 4096


def interleaved_times(fns, steps, repeats, warmup=2):
    """For each repeat, the mean time of one call of each fn (timed one after another, so that
    the load of a shared machine hits all of them alike). Returns one list per fn."""
    for fn in fns:
        for _ in range(warmup):
            fn()
    times = [[] for _ in fns]
    for _ in range(repeats):
        for fn, out in zip(fns, times):
            t0 = time.perf_counter()
            for _ in range(steps):
                fn()
            out.append((time.perf_counter() - t0) / steps)
    return times


def make_data(dtype, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(N_DATA, SIZES[0])).astype(dtype), rng.integers(0, SIZES[-1], N_DATA)


OPTIMIZERS = {"adam": ("Adam", dict(lr=1e-3)), "sgd": ("SGD", dict(lr=1e-3)),
              "momentum": ("SGD", dict(lr=1e-3, momentum=0.9))}


def course_nn_model(dtype, optimizer="adam", input_grad=False, cnn=None):
    """The benchmark's MLP, loss and optimizer, built with ``cnn`` (course_nn by default; another
    version of it for benchmarks/compare_versions.py)."""
    if cnn is None:
        import course_nn as cnn
    layers = []
    for i, (a, b) in enumerate(zip(SIZES[:-1], SIZES[1:])):
        layers.append(cnn.Linear(a, b, rng=i, dtype=dtype, needs_input_grad=input_grad or i > 0))
        if i < len(SIZES) - 2:
            layers.append(cnn.ReLU())
    model, loss_fn = cnn.Sequential(*layers), cnn.CrossEntropyLoss()
    name, kwargs = OPTIMIZERS[optimizer]
    return model, loss_fn, getattr(cnn.optim, name)(model.parameters(), **kwargs)


def training_step(model, loss_fn, opt, X, y, batch):
    """One call = one training step on the next minibatch of (X, y), in order, wrapping around."""
    batches = [(X[s:s + batch], y[s:s + batch]) for s in range(0, len(X), batch)]
    state = {"i": 0}

    def step():
        xb, yb = batches[state["i"] % len(batches)]
        state["i"] += 1
        loss_fn(model(xb), yb)
        opt.zero_grad()
        model.backward(loss_fn.backward())
        opt.step()

    return step


def course_nn_step(dtype, batch, optimizer="adam", input_grad=False):
    import course_nn as cnn

    model, loss_fn, opt = course_nn_model(dtype, optimizer, input_grad, cnn)
    X, y = make_data(dtype)
    step = training_step(model, loss_fn, opt, X, y, batch)

    def epoch():
        cnn.fit(model, loss_fn, opt, X, y, epochs=1, batch_size=batch, rng=0, progress=False)

    return step, epoch


def matmul_bound(dtype, batch):
    """The step's 8 matrix products on same-shaped arrays, into preallocated outputs."""
    rng = np.random.default_rng(1)
    r = lambda *s: rng.normal(size=s).astype(dtype)  # noqa: E731
    (i, h1, h2, o), n = SIZES, batch
    x, W1, W2, W3 = r(n, i), r(i, h1), r(h1, h2), r(h2, o)
    a1, a2, z3 = np.empty((n, h1), dtype), np.empty((n, h2), dtype), np.empty((n, o), dtype)
    d3, d2, d1 = r(n, o), np.empty((n, h2), dtype), np.empty((n, h1), dtype)
    g1, g2, g3 = np.empty_like(W1), np.empty_like(W2), np.empty_like(W3)

    def products():
        np.matmul(x, W1, out=a1)          # forward
        np.matmul(a1, W2, out=a2)
        np.matmul(a2, W3, out=z3)
        np.matmul(a2.T, d3, out=g3)       # backward: dW3, dh2, dW2, dh1, dW1
        np.matmul(d3, W3.T, out=d2)
        np.matmul(a1.T, d2, out=g2)
        np.matmul(d2, W2.T, out=d1)
        np.matmul(x.T, d1, out=g1)

    return products


def torch_step(dtype, batch, threads, optimizer="adam"):
    import torch

    torch.set_num_threads(threads)
    tdtype = {np.float64: torch.float64, np.float32: torch.float32}[dtype]
    torch.manual_seed(0)
    mods = []
    for i, (a, b) in enumerate(zip(SIZES[:-1], SIZES[1:])):
        mods.append(torch.nn.Linear(a, b, dtype=tdtype))
        if i < len(SIZES) - 2:
            mods.append(torch.nn.ReLU())
    model, loss_fn = torch.nn.Sequential(*mods), torch.nn.CrossEntropyLoss()
    name, kwargs = OPTIMIZERS[optimizer]
    opt = getattr(torch.optim, name)(model.parameters(), **kwargs)
    X, y = make_data(dtype)
    X, y = torch.from_numpy(X), torch.from_numpy(y)
    batches = [(X[s:s + batch], y[s:s + batch]) for s in range(0, N_DATA, batch)]
    state = {"i": 0}

    def step():
        xb, yb = batches[state["i"] % len(batches)]
        state["i"] += 1
        opt.zero_grad()
        loss_fn(model(xb), yb).backward()
        opt.step()

    return step


def measure(args, dtypes, threads_list, batches):
    from threadpoolctl import threadpool_limits

    rows = []
    for batch in batches:
        for dtype in dtypes:
            for threads in threads_list:
                with threadpool_limits(limits=threads, user_api="blas"):
                    row = {"batch": batch, "dtype": np.dtype(dtype).name, "threads": threads,
                           "load_before": _loadavg()}
                    if args.torch_only:
                        (t,) = interleaved_times([torch_step(dtype, batch, threads, args.optimizer)], args.steps,
                                                 args.repeats, args.warmup)
                        row["torch_step_s"] = statistics.median(t)
                    else:
                        row.update(measure_one(args, dtype, batch, threads))
                    row["threads_in_effect"] = _threads_in_effect()
                    row["load_after"] = _loadavg()
                rows.append(row)
                print(".", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    return rows


def measure_one(args, dtype, batch, threads):
    step, epoch = course_nn_step(dtype, batch, args.optimizer, args.input_grad)
    fns = [step, matmul_bound(dtype, batch)]
    fns += [torch_step(dtype, batch, threads, args.optimizer)] if _has_torch() else []
    times = interleaved_times(fns, args.steps, args.repeats, args.warmup)
    row = {"step_s": statistics.median(times[0]), "matmul_s": statistics.median(times[1]),
           "ratio": statistics.median([m / s for s, m in zip(times[0], times[1])])}
    if len(times) > 2:
        row["torch_step_s"] = statistics.median(times[2])
        row["torch_ratio"] = statistics.median([m / t for t, m in zip(times[2], times[1])])
        row["vs_torch"] = statistics.median([t / s for s, t in zip(times[0], times[2])])
    (fit_times,) = interleaved_times([epoch], 1, max(3, args.repeats // 4))
    row["fit_epoch_s"] = statistics.median(fit_times)
    return row


def _loadavg():
    try:
        return [float(v) for v in pathlib.Path("/proc/loadavg").read_text().split()[:3]]
    except OSError:  # not Linux
        return list(os.getloadavg())


def _threads_in_effect():
    """The thread counts actually in force: numpy's BLAS (threadpoolctl) and torch's intra-op."""
    from threadpoolctl import threadpool_info

    out = {"numpy_blas": [d["num_threads"] for d in threadpool_info() if d.get("user_api") == "blas"]}
    if "torch" in sys.modules:
        out["torch"] = sys.modules["torch"].get_num_threads()
    return out


def _has_torch():
    try:
        import torch  # noqa: F401
        return True
    except ImportError:
        return False


def torch_rows_from(python, args, batches):
    """Run the torch part in another interpreter (one that has torch) and return its rows."""
    cmd = [python, __file__, "--torch-only", "--steps", str(args.steps), "--repeats", str(args.repeats),
           "--warmup", str(args.warmup),
           "--optimizer", args.optimizer, "--threads", *map(str, args.threads),
           "--batches", *map(str, batches), "--json", "-"]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return json.loads(out.stdout)["rows"]


def machine():
    from threadpoolctl import threadpool_info

    model = cores = "?"
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        info = dict(line.split(":", 1) for line in lscpu.splitlines() if ":" in line)
        model, cores = info.get("Model name", "?").strip(), info.get("CPU(s)", "?").strip()
    except OSError:
        pass
    blas = [{k: d.get(k) for k in ("internal_api", "version", "architecture")}
            for d in threadpool_info() if d.get("user_api") == "blas"]
    return {"cpu": model, "cpus": cores, "python": platform.python_version(), "numpy": np.__version__,
            "blas": blas, "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE")}


def table(rows):
    head = (f"{'batch':>5} {'dtype':>7} {'thr':>3} {'step ms':>8} {'samples/s':>10} {'matmul ms':>9} "
            f"{'ratio':>6} {'fit samples/s':>13} {'torch ms':>8} {'torch ratio':>11} {'vs torch':>8} "
            f"{'load 1-min':>10}")
    lines = [head, "-" * len(head)]
    for r in rows:
        torch_ms = f"{r['torch_step_s'] * 1e3:8.3f}" if "torch_step_s" in r else f"{'-':>8}"
        torch_ratio = r.get("torch_ratio", r["matmul_s"] / r["torch_step_s"]) if "torch_step_s" in r else None
        torch_ratio = f"{torch_ratio:11.2f}" if torch_ratio else f"{'-':>11}"
        lines.append(f"{r['batch']:>5} {r['dtype']:>7} {r['threads']:>3} {r['step_s'] * 1e3:8.3f} "
                     f"{r['batch'] / r['step_s']:10.0f} {r['matmul_s'] * 1e3:9.3f} "
                     f"{r['ratio']:6.2f} {N_DATA / r['fit_epoch_s']:13.0f} {torch_ms} {torch_ratio} "
                     + (f"{r['vs_torch']:8.2f}" if "vs_torch" in r else f"{'-':>8}")
                     + f" {r['load_before'][0]:4.1f}-{r['load_after'][0]:<4.1f}")
    return "\n".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--steps", type=int, default=50, help="steps per timed repeat")
    ap.add_argument("--repeats", type=int, default=21, help="repeats (the median is reported)")
    ap.add_argument("--batches", type=int, nargs="+", default=[128, 32])
    ap.add_argument("--quick", action="store_true", help="a few repeats only (a smoke test)")
    ap.add_argument("--optimizer", choices=sorted(OPTIMIZERS), default="adam",
                    help="the optimizer of the step (default adam, the benchmark's setting)")
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2], help="BLAS thread counts to compare")
    ap.add_argument("--torch-python", help="a Python interpreter with torch, for the PyTorch column")
    ap.add_argument("--warmup", type=int, default=20, help="untimed steps of each before timing")
    ap.add_argument("--input-grad", action="store_true",
                    help="compute the first layer's input gradient too (torch does not)")
    ap.add_argument("--torch-only", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--json", help="output file ('-' for stdout); default benchmarks/results/mlp.json")
    args = ap.parse_args(argv)
    if args.quick:
        args.steps, args.repeats, args.warmup = 10, 3, 2
    load_before = os.getloadavg()
    rows = measure(args, [np.float64, np.float32], args.threads, args.batches)
    if args.torch_python and not args.torch_only:
        for row, trow in zip(rows, torch_rows_from(args.torch_python, args, args.batches)):
            row["torch_step_s"] = trow["torch_step_s"]
    load = {"before": load_before, "after": os.getloadavg(), "cpus": os.cpu_count()}
    result = {"benchmark": "bench_mlp", "sizes": SIZES, "optimizer": args.optimizer, "machine": machine(), "load_average": load, "rows": rows,
              "time": time.strftime("%Y-%m-%dT%H:%M:%S")}
    if args.json == "-":
        print(json.dumps(result))
        return result
    print(table(rows))
    print(f"\nload average (1 min) before/after: {load['before'][0]:.1f} / {load['after'][0]:.1f} "
          f"on {load['cpus']} CPUs (a busy machine slows everything, 2 BLAS threads most)")
    path = pathlib.Path(args.json or ROOT / "benchmarks" / "results" / "mlp.json")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=1) + "\n")
    print(f"\nwritten to {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return result


if __name__ == "__main__":
    main()
