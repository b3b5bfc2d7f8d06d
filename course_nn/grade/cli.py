"""``course-nn-grade`` / ``python -m course_nn.grade``: grade notebooks from the command line."""
from __future__ import annotations

import argparse
import json
import math
import os
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


def _finite_positive(name):
    def parse(text):
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} must be a number of seconds, got {text!r}")
        if not math.isfinite(value) or value <= 0:
            raise argparse.ArgumentTypeError(f"{name} must be a positive number of seconds, "
                                             f"got {text!r}")
        return value
    return parse


def _jobs(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--jobs must be a whole number, got {text!r}")
    if value < 1:
        raise argparse.ArgumentTypeError(f"--jobs must be at least 1, got {value}")
    return value


def _check_report_target(ap, target, notebooks):
    """Refuse a --json target that cannot be written or would replace a notebook."""
    if target is None or target == "-":
        return
    path = pathlib.Path(target)
    if path.is_dir():
        ap.error(f"--json {target}: is a folder; name a file, e.g. {path / 'report.json'}")
    if path.exists() and not path.is_file():
        ap.error(f"--json {target}: not a regular file")
    if path.suffix == ".ipynb":
        ap.error(f"--json {target}: a report is not a notebook; use a .json name")
    resolved = path.resolve()
    for nb in notebooks:
        try:
            if nb.resolve() == resolved:
                ap.error(f"--json {target}: that is a notebook being graded")
        except OSError:
            continue
    parent = resolved.parent
    if not parent.is_dir():
        ap.error(f"--json {target}: the folder {parent} does not exist")
    if not os.access(parent, os.W_OK | os.X_OK):
        ap.error(f"--json {target}: cannot write in {parent}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(
        prog="course-nn-grade", description="Grade course-nn exercise notebooks.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="+", metavar="PATH", help="notebooks (or folders of them)")
    ap.add_argument("--json", metavar="REPORT",
                    help="also write a machine-readable report ('-': to standard output)")
    ap.add_argument("--timeout", type=_finite_positive("--timeout"), default=60,
                    metavar="SECONDS", help="how long each cell may run (default: 60)")
    ap.add_argument("--notebook-timeout", type=_finite_positive("--notebook-timeout"),
                    metavar="SECONDS",
                    help="how long one notebook may take in all (default: 20 x --timeout, "
                         "at least 600)")
    ap.add_argument("--solutions", metavar="DIR",
                    help="folder of solution notebooks (default: the course's solutions/)")
    ap.add_argument("--assignment", metavar="NAME",
                    help="assignment name, if a notebook is not in its assignment folder")
    ap.add_argument("--sandbox", choices=["auto", "bwrap", "none"], default="auto",
                    help="run each kernel inside bubblewrap: auto (if it works here, the "
                         "default), bwrap (required), none")
    ap.add_argument("-j", "--jobs", type=_jobs, default=1, metavar="N",
                    help="grade N notebooks at a time (process pool; default 1)")
    ap.add_argument("--dask", metavar="ADDRESS",
                    help="grade on a dask.distributed cluster: a scheduler address "
                         "(tcp://host:8786) or 'local' (a local cluster of --jobs workers)")
    ap.add_argument("-q", "--quiet", action="store_true", help="only the tables, no details")
    args = ap.parse_args(argv)
    if args.solutions is not None and not pathlib.Path(args.solutions).is_dir():
        ap.error(f"--solutions {args.solutions}: no such folder")
    notebooks = list(_expand(args.paths))
    _check_report_target(ap, args.json, notebooks)
    from .sandbox import bwrap_available, limitations
    why = bwrap_available() if args.sandbox != "none" else "disabled with --sandbox none"
    if args.sandbox == "bwrap" and why:
        ap.error(f"--sandbox bwrap: {why}")
    for line in limitations(not why, why):
        print(f"course-nn-grade: warning: {line}", file=sys.stderr)

    from .grader import _pts
    from .parallel import grade_many
    from .report import format_report, report_dict, write_json

    table = sys.stderr if args.json == "-" else sys.stdout
    options = dict(solutions=args.solutions, assignment=args.assignment, timeout=args.timeout,
                   sandbox=args.sandbox, notebook_timeout=args.notebook_timeout)
    reports = []
    for rep in grade_many(notebooks, options, jobs=args.jobs, dask=args.dask):
        reports.append(rep)
        print(format_report(rep, details=not args.quiet), file=sys.stderr if rep.error else
              table, flush=True)
    if len(reports) > 1:
        print(f"total: {_pts(sum(r.score for r in reports))} / "
              f"{_pts(sum(r.max_score for r in reports))} over {len(reports)} notebooks",
              file=table)
    if args.json:
        data = report_dict(reports, args.timeout)
        if args.json == "-":
            json.dump(data, sys.stdout, indent=1)
            sys.stdout.write("\n")
        else:
            try:
                backup = write_json(data, args.json)
            except OSError as exc:
                print(f"course-nn-grade: could not write {args.json}: {exc}", file=sys.stderr)
                return 1
            if backup:
                print(f"kept the previous report as {backup}", file=table)
            print(f"report written to {args.json}", file=table)
    return 1 if any(r.error for r in reports) else 0
