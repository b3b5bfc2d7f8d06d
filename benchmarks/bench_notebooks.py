"""Execution time of every notebook in a fresh kernel: the median of 3 runs, and the total.

    python benchmarks/bench_notebooks.py [--repeat 3] [--json benchmarks/results/notebooks.json]

Each run executes a copy of the notebook with nbclient (the stored file is not modified).
"""
from __future__ import annotations

import argparse
import json
import pathlib
import statistics
import sys
import time

import nbformat
from nbclient import NotebookClient

ROOT = pathlib.Path(__file__).resolve().parents[1]


def run_once(path: pathlib.Path) -> float:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    t0 = time.perf_counter()
    client.execute()
    return time.perf_counter() - t0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", type=pathlib.Path)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", type=pathlib.Path, default=None)
    args = ap.parse_args(argv)
    paths = args.paths or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    rows, total = [], 0.0
    for p in paths:
        times = [run_once(p) for _ in range(args.repeat)]
        med = statistics.median(times)
        total += med
        rows.append(dict(notebook=p.name, median_s=med, runs_s=times))
        print(f"{p.name:36s} median {med:6.1f} s   runs {', '.join(f'{t:.1f}' for t in times)}", flush=True)
    print(f"{'total (sum of medians)':36s}        {total:6.1f} s")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(dict(notebooks=rows, total_s=total), indent=1))
    return rows


if __name__ == "__main__":
    main()
    sys.exit(0)
