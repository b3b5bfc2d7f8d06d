"""The training step of two versions of course_nn, timed in turn in one process.

    .venv/bin/python benchmarks/compare_versions.py --old HEAD~1 [--dtypes float64 float32]
        [--threads 1] [--steps 50] [--repeats 31] [--clock cpu]

On a shared machine two separate runs measure two different loads; timing the old and the
new code alternately, repeat by repeat, lets a burst of load hit both alike. The old version
(any git ref) is exported with ``git archive`` into a temporary folder as a package of another
name (``course_nn_old``: the package's own imports are relative, so it runs unchanged), the new
one is this worktree's ``course_nn``. Each repeat times ``--steps`` steps of bench_mlp's MLP
(40 -> 256 -> 256 -> 10, ReLU, CrossEntropyLoss, Adam, batch 128, no input gradient for the
first layer) for the old version, the new one and the 8 matrix products alone, in that
order. Reported: medians over repeats, the median of the per-repeat ratios new / old, and each
version's share of the matmul bound. ``--clock cpu`` (the default with 1 thread) measures the
process's CPU time, which leaves out the time spent waiting for a core; with 2 threads use
``--clock wall`` (CPU time would add up both threads).
"""
from __future__ import annotations

import argparse
import importlib
import io
import pathlib
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_mlp  # noqa: E402


def import_old(ref, where):
    """``course_nn`` as of git ``ref``, imported as the package ``course_nn_old``."""
    tar = subprocess.run(["git", "-C", str(ROOT), "archive", ref, "course_nn"], check=True,
                         capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(tar)) as tf:
        tf.extractall(where, filter="data")
    pathlib.Path(where, "course_nn").rename(pathlib.Path(where, "course_nn_old"))
    sys.path.insert(0, str(where))
    return importlib.import_module("course_nn_old")


def step_of(cnn, dtype, batch):
    """bench_mlp's Adam step (no first-layer input gradient) built with ``cnn``; and its model."""
    model, loss_fn, opt = bench_mlp.course_nn_model(dtype, "adam", cnn=cnn)
    X, y = bench_mlp.make_data(dtype)
    return bench_mlp.training_step(model, loss_fn, opt, X, y, batch), model


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--old", required=True, help="git ref of the old version (e.g. HEAD~1, a commit)")
    ap.add_argument("--dtypes", nargs="+", default=["float64", "float32"])
    ap.add_argument("--threads", type=int, nargs="+", default=[1])
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--steps", type=int, default=50)
    ap.add_argument("--repeats", type=int, default=31)
    ap.add_argument("--warmup", type=int, default=20)
    ap.add_argument("--clock", choices=["cpu", "wall"], default=None,
                    help="cpu: process CPU time (default with 1 thread); wall: perf_counter (default otherwise)")
    args = ap.parse_args(argv)
    import course_nn as new

    with tempfile.TemporaryDirectory(prefix="course_nn_old_") as where:
        old = import_old(args.old, where)
        short = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", args.old],
                               capture_output=True, text=True).stdout.strip()
        print(f"old = {args.old} ({short}), new = the worktree; batch {args.batch}, "
              f"{args.repeats} repeats x {args.steps} steps")
        print(f"{'dtype':>7} {'thr':>3} {'clock':>5} {'old ms':>7} {'new ms':>7} {'new/old':>7} {'bound ms':>8} "
              f"{'ratio old':>9} {'ratio new':>9} {'load 1-min':>10}")
        for threads in args.threads:
            clock_name = args.clock or ("cpu" if threads == 1 else "wall")
            clock = time.process_time if clock_name == "cpu" else time.perf_counter
            for name in args.dtypes:
                dtype = np.dtype(name).type
                new.set_num_threads(threads)           # both packages drive the same BLAS
                load0 = pathlib.Path("/proc/loadavg").read_text().split()[0]
                s_old, m_old = step_of(old, dtype, args.batch)
                s_new, m_new = step_of(new, dtype, args.batch)
                bound = bench_mlp.matmul_bound(dtype, args.batch)
                for fn in (s_old, s_new, bound):
                    for _ in range(args.warmup):
                        fn()
                times = [[], [], []]
                for _ in range(args.repeats):
                    for fn, out in zip((s_old, s_new, bound), times):
                        t0 = clock()
                        for _ in range(args.steps):
                            fn()
                        out.append((clock() - t0) / args.steps)
                same = all(np.array_equal(a.value, b.value)
                           for a, b in zip(m_old.parameters(), m_new.parameters()))
                t_old, t_new, t_mm = (statistics.median(t) for t in times)
                speed = statistics.median([n / o for o, n in zip(times[0], times[1])])
                r_old = statistics.median([m / o for o, m in zip(times[0], times[2])])
                r_new = statistics.median([m / n for n, m in zip(times[1], times[2])])
                load1 = pathlib.Path("/proc/loadavg").read_text().split()[0]
                print(f"{name:>7} {threads:>3} {clock_name:>5} {t_old * 1e3:7.3f} {t_new * 1e3:7.3f} {speed:7.3f} "
                      f"{t_mm * 1e3:8.3f} {r_old:9.2f} {r_new:9.2f} {load0:>4}-{load1:<5}"
                      + ("" if same else "  (the two versions' weights differ after the same steps)"), flush=True)


if __name__ == "__main__":
    main()
