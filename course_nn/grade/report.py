"""The grader's console table and its JSON report (written atomically, never losing an old one).

JSON layout (``"format": "course-nn-grade/1"``)::

    {"format": ..., "created": ISO time, "timeout": s, "score": x, "max_score": y,
     "notebooks": [{"path", "assignment", "solution", "score", "max_score", "error",
                    "seconds", "kernel_restarts", "notes",
                    "results": [{"grade_id", "exercise", "points", "max_points",
                                 "status", "message", "details"}]}]}
"""
from __future__ import annotations

import datetime as _dt
import json
import os
import pathlib
import shutil
import tempfile

from .grader import _pts, format_line

__all__ = ["format_report", "report_dict", "write_json"]

FORMAT = "course-nn-grade/1"


def format_report(report, details: bool = True) -> str:
    """The per-exercise table of one notebook, its total, and the full feedback of failures."""
    lines = [f"{report.path}"]
    if report.error:
        return "\n".join(lines + [f"  error: {report.error}"])
    lines.append(f"  graded with {report.solution}  ({report.seconds:.1f} s)")
    lines.append("  " + f"{'test cell':<24} {'points':>12} {'status':<16} feedback".rstrip())
    lines += ["  " + format_line(r) for r in report.results]
    lines.append("  " + f"{'total':<24} {_pts(report.score):>5} / {_pts(report.max_score):<4}")
    for note in report.notes:
        lines.append(f"  note: {note}")
    if details:
        for r in report.results:
            if r.details and r.details.strip() != r.message.strip():
                body = "\n".join("      " + ln for ln in r.details.strip().splitlines()[:15])
                lines.append(f"  {r.grade_id}:\n{body}")
    return "\n".join(lines)


def report_dict(reports, timeout) -> dict:
    return {
        "format": FORMAT,
        "created": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "timeout": timeout,
        "score": sum(r.score for r in reports),
        "max_score": sum(r.max_score for r in reports),
        "notebooks": [r.to_dict() for r in reports],
    }


def _backup_name(path: pathlib.Path) -> pathlib.Path:
    stamp = _dt.datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y%m%d-%H%M%S")
    for k in range(1000):
        cand = path.with_name(f"{path.stem}.{stamp}{'' if k == 0 else f'-{k}'}{path.suffix}")
        if not cand.exists():
            return cand
    raise FileExistsError(f"too many backups of {path}")


def write_json(data: dict, target) -> pathlib.Path | None:
    """Write ``data`` to ``target`` atomically. An existing report is kept: it is first saved as
    ``<name>.<its mtime as YYYYmmdd-HHMMSS>.json``. Returns that backup's path (or None)."""
    target = pathlib.Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=1)
            fh.write("\n")
            fh.flush()
            os.fsync(fh.fileno())
        backup = None
        if target.exists():
            backup = _backup_name(target)
            try:
                os.link(target, backup)      # the old report stays readable at all times
            except OSError:
                shutil.copy2(target, backup)
        os.replace(tmp, target)
        return backup
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
