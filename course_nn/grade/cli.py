"""``course-nn-grade`` / ``python -m course_nn.grade``: grade notebooks from the command line."""
from __future__ import annotations

import argparse
import pathlib
import sys

__all__ = ["main"]

EPILOG = """\
Each notebook runs on a copy, in a fresh kernel; the test cells (hidden ones included) come
from the matching solution notebook (solutions/<assignment>/<notebook>.ipynb).
Exit status: 0 when every notebook was graded (whatever the score), 1 when one could not be
graded (missing file, invalid notebook, no solution), 2 for bad arguments.
An existing --json report is never overwritten: it is kept as REPORT.<its time>.json.
See docs/GRADING.md."""


def _expand(paths):
    for p in paths:
        p = pathlib.Path(p)
        if p.is_dir():
            found = sorted(q for q in p.rglob("*.ipynb") if ".ipynb_checkpoints" not in q.parts)
            yield from found or [p]
        else:
            yield p


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(
        prog="course-nn-grade", description="Grade course-nn exercise notebooks.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="+", metavar="PATH", help="notebooks (or folders of them)")
    ap.add_argument("--json", metavar="REPORT", help="also write a machine-readable report")
    ap.add_argument("--timeout", type=float, default=60, metavar="SECONDS",
                    help="how long each cell may run (default: 60)")
    ap.add_argument("--solutions", metavar="DIR",
                    help="folder of solution notebooks (default: the course's solutions/)")
    ap.add_argument("--assignment", metavar="NAME",
                    help="assignment name, if a notebook is not in its assignment folder")
    ap.add_argument("-q", "--quiet", action="store_true", help="only the tables, no details")
    args = ap.parse_args(argv)
    if args.timeout <= 0:
        ap.error("--timeout must be positive")

    from .grader import _pts, grade_notebook
    from .report import format_report, report_dict, write_json

    reports = []
    for path in _expand(args.paths):
        rep = grade_notebook(path, solutions=args.solutions, assignment=args.assignment,
                             timeout=args.timeout)
        reports.append(rep)
        print(format_report(rep, details=not args.quiet), file=sys.stderr if rep.error else
              sys.stdout, flush=True)
    if len(reports) > 1:
        print(f"total: {_pts(sum(r.score for r in reports))} / "
              f"{_pts(sum(r.max_score for r in reports))} over {len(reports)} notebooks")
    if args.json:
        backup = write_json(report_dict(reports, args.timeout), args.json)
        if backup:
            print(f"kept the previous report as {backup}")
        print(f"report written to {args.json}")
    return 1 if any(r.error for r in reports) else 0
