"""Where the time of one training step goes: each phase of bench_mlp's step timed on its own.

    .venv/bin/python benchmarks/profile_step.py [--dtype float32] [--steps 400] [--repeats 7]

The step of ``bench_mlp.py`` (MLP 40 -> 256 -> 256 -> 10, ReLU, CrossEntropyLoss, Adam, batch
128, 1 BLAS thread, no input gradient for the first layer) is cut into its phases: forward of
each layer, the loss, ``zero_grad``, backward of each layer (innermost call: the layer's
``backward``), ``Adam.step``. Each phase is timed around it, every step (by default with
the thread's CPU time, ``time.thread_time``, which on a shared machine leaves out the time
spent waiting for a core; ``--clock wall`` for ``perf_counter``),
and the per-phase mean of each repeat is kept; the table gives the median over repeats, the
share of the whole step, and next to each Linear the time of its matrix products alone (numpy
``matmul`` into preallocated arrays of the same shapes, timed in the same repeats), so the
column "above matmul" is what that phase costs beyond its unavoidable products.
The cost of one pair of timer calls is measured and printed as "timer" (with the CPU clock,
a system call: about 1 us, part of every phase's figure).
"""
from __future__ import annotations

import argparse
import pathlib
import statistics
import sys
import time

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_mlp  # noqa: E402

SIZES = bench_mlp.SIZES


def build(dtype, batch, optimizer):
    """bench_mlp's model, loss, optimizer and data, cut into its minibatches."""
    model, loss_fn, opt = bench_mlp.course_nn_model(dtype, optimizer)
    X, y = bench_mlp.make_data(dtype)
    batches = [(X[s:s + batch], y[s:s + batch]) for s in range(0, len(X), batch)]
    return model, loss_fn, opt, batches


def matmul_phases(dtype, batch):
    """Each Linear's products alone, forward and backward, on same-shaped arrays."""
    rng = np.random.default_rng(1)
    r = lambda *s: rng.normal(size=s).astype(dtype)  # noqa: E731
    out = {}
    for i, (a, b) in enumerate(zip(SIZES[:-1], SIZES[1:])):
        x, w, d = r(batch, a), r(a, b), r(batch, b)
        z, gw, dx = np.empty((batch, b), dtype), np.empty((a, b), dtype), np.empty((batch, a), dtype)

        def fwd(x=x, w=w, z=z):
            np.matmul(x, w, out=z)

        def bwd(x=x, w=w, d=d, gw=gw, dx=dx, need_dx=i > 0):
            np.matmul(x.T, d, out=gw)
            if need_dx:
                np.matmul(d, w.T, out=dx)

        out[f"fwd Linear{i}"], out[f"bwd Linear{i}"] = fwd, bwd
    return out


def profile(dtype, batch, steps, repeats, optimizer, clock=time.thread_time):
    model, loss_fn, opt, batches = build(dtype, batch, optimizer)
    mm = matmul_phases(dtype, batch)
    names = ([f"fwd {type(m).__name__}{i // 2}" for i, m in enumerate(model.layers)] + ["loss", "zero_grad"]
             + [f"bwd {type(m).__name__}{i // 2}" for i, m in reversed(list(enumerate(model.layers)))]
             + ["optimizer step", "timer"])
    per = {n: [] for n in names}
    per_mm = {n: [] for n in mm}
    whole = []
    pc = clock
    for rep in range(repeats + 1):                     # repeat 0 is the warm-up
        acc = dict.fromkeys(names, 0.0)
        t_start = pc()
        for s in range(steps):
            xb, yb = batches[s % len(batches)]
            h = xb
            for i, m in enumerate(model.layers):
                t0 = pc(); h = m(h); acc[names[i]] += pc() - t0
            k = len(model.layers)
            t0 = pc(); loss_fn(h, yb); g = loss_fn.backward(); acc["loss"] += pc() - t0
            t0 = pc(); opt.zero_grad(); acc["zero_grad"] += pc() - t0
            for j, m in enumerate(reversed(model.layers)):
                t0 = pc(); g = m.backward(g); acc[names[k + 2 + j]] += pc() - t0
            t0 = pc(); opt.step(); acc["optimizer step"] += pc() - t0
            t0 = pc(); acc["timer"] += pc() - t0
        total = (pc() - t_start) / steps
        mm_acc = {}
        for n, fn in mm.items():
            t0 = pc()
            for _ in range(steps):
                fn()
            mm_acc[n] = (pc() - t0) / steps
        if rep:
            whole.append(total)
            for n in names:
                per[n].append(acc[n] / steps)
            for n in mm:
                per_mm[n].append(mm_acc[n])
    return ({n: statistics.median(v) for n, v in per.items()},
            {n: statistics.median(v) for n, v in per_mm.items()}, statistics.median(whole))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dtype", default="float64", choices=["float64", "float32"])
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--steps", type=int, default=300)
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--optimizer", default="adam", choices=["adam", "sgd"])
    ap.add_argument("--clock", default="cpu", choices=["cpu", "wall"],
                    help="cpu: this thread's CPU time (time.thread_time; the default: on a shared "
                         "machine it leaves out the time spent waiting for a core); wall: perf_counter")
    args = ap.parse_args(argv)
    import course_nn as cnn

    cnn.set_num_threads(1)
    load = pathlib.Path("/proc/loadavg").read_text().split()[:3]
    clock = time.thread_time if args.clock == "cpu" else time.perf_counter
    per, per_mm, whole = profile(np.dtype(args.dtype).type, args.batch, args.steps, args.repeats, args.optimizer,
                                 clock)
    total_mm = sum(per_mm.values())
    print(f"{args.dtype}, batch {args.batch}, {args.optimizer}, 1 BLAS thread; "
          f"{args.clock} time, median of {args.repeats} repeats x {args.steps} steps; load before {' '.join(load)}")
    print(f"{'phase':<18} {'us':>8} {'share':>6} {'matmul us':>9} {'above matmul us':>15}")
    for n, v in per.items():
        m = per_mm.get(n)
        extra = f"{m * 1e6:9.1f} {(v - m) * 1e6:15.1f}" if m is not None else f"{'':>9} {v * 1e6:15.1f}"
        print(f"{n:<18} {v * 1e6:8.1f} {v / whole:6.1%} {extra}")
    print(f"{'sum of phases':<18} {sum(per.values()) * 1e6:8.1f}")
    print(f"{'whole step':<18} {whole * 1e6:8.1f}   (the matmuls alone: {total_mm * 1e6:.1f} us, "
          f"ratio {total_mm / whole:.2f}); load after {pathlib.Path('/proc/loadavg').read_text().split()[0]}")


if __name__ == "__main__":
    main()
