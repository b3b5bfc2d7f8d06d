"""Grading a class: N submissions of one assignment, serial vs --jobs vs a local dask cluster.

    .venv/bin/python benchmarks/bench_grading.py                 # 100 submissions of 01_neuron
    .venv/bin/python benchmarks/bench_grading.py -n 10 --assignment 03_losses

The submissions are copies of the solution notebook in which every third answer is replaced by
its first mutant and every third left as the exercise's stub (a realistic mix of passes, fails
and "not implemented"), each in its own folder ``<student>/<assignment>/``. Each way grades all
of them with the same options through :func:`course_nn.grade.parallel.grade_many` and must give
the same scores; the wall time, the time per submission and the load average (before and after)
are printed and written to ``benchmarks/results/grading.json``.
"""
from __future__ import annotations

import argparse
import json
import pathlib
import shutil
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "grading"))


def _load():
    with open("/proc/loadavg") as fh:
        return " ".join(fh.read().split()[:3])


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=100, help="submissions (default 100)")
    ap.add_argument("--assignment", default="01_neuron")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--modes", default="serial,jobs,dask")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "grading.json"))
    args = ap.parse_args(argv)

    from grading_support import mixed_notebook
    from course_nn.grade.parallel import grade_many
    from course_nn.grade.sandbox import bwrap_available

    solution = ROOT / "solutions" / args.assignment / f"{args.assignment}.ipynb"
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="bench-grading-"))
    try:
        paths = [mixed_notebook(solution, tmp / f"student{k:03d}") for k in range(args.n)]
        options = dict(timeout=args.timeout, solution_path=str(solution))
        rows, scores, detail = [], {}, {}
        for mode in args.modes.split(","):
            kw = {"serial": dict(jobs=1), "jobs": dict(jobs=args.jobs),
                  "dask": dict(jobs=args.jobs, dask="local")}[mode]
            load0, t0 = _load(), time.perf_counter()
            reports = list(grade_many(paths, options, **kw))
            wall = time.perf_counter() - t0
            errors = [r.error for r in reports if r.error]
            scores[mode] = [r.score for r in reports]
            detail[mode] = [[(x.grade_id, x.status) for x in r.results] for r in reports]
            row = dict(mode=mode, submissions=len(paths), workers=kw["jobs"], wall_s=round(wall, 1),
                       per_submission_s=round(wall / len(paths), 2), errors=len(errors),
                       load_before=load0, load_after=_load())
            rows.append(row)
            print(json.dumps(row), flush=True)
        first = rows[0]["mode"]
        same = all(s == scores[first] for s in scores.values())
        for mode in scores:
            for k, (a, b) in enumerate(zip(detail[first], detail[mode])):
                if a != b:
                    print(f"submission {k}: {first} {sorted(set(a) - set(b))} vs {mode} "
                          f"{sorted(set(b) - set(a))}")
        result = dict(assignment=args.assignment, sandbox="bwrap" if not bwrap_available()
                      else "none", same_scores=same, rows=rows)
        pathlib.Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        pathlib.Path(args.out).write_text(json.dumps(result, indent=1) + "\n")
        print("same scores in every mode:", same)
        return 0 if same else 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
