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

from .grader import _pts, extra_lines, format_line, id_width

__all__ = ["format_report", "report_dict", "write_json"]

FORMAT = "course-nn-grade/1"


def format_report(report, details: bool = True) -> str:
    """The per-exercise table of one notebook, its total, and the full feedback of failures."""
    lines = [f"{report.path}"]
    if report.error:
        return "\n".join(lines + [f"  error: {report.error}"])
    lines.append(f"  graded with {report.solution}  ({report.seconds:.1f} s)")
    w = id_width(report.results)
    lines.append("  " + f"{'test cell':<{w}} {'points':>12} {'status':<16} feedback".rstrip())
    lines += ["  " + format_line(r, id_width=w) for r in report.results]
    lines.append("  " + f"{'total':<{w}} {_pts(report.score):>5} / {_pts(report.max_score):<4}")
    for note in report.notes:
        lines.append(f"  note: {note}")
    if details:
        for r in report.results:
            extra = extra_lines(r)
            if extra:
                lines.append(f"  {r.grade_id}:\n" + "\n".join("      " + ln for ln in extra))
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


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_json(data: dict, target) -> pathlib.Path | None:
    """Write ``data`` to ``target`` atomically. An existing report is kept: it is first saved as
    ``<name>.<its mtime as YYYYmmdd-HHMMSS>.json``. Returns that backup's path (or None).

    The file gets the usual mode (0666 minus the umask, 0644 typically). Graders writing the
    same report at once take turns (a lock file beside it), so none is lost."""
    import fcntl

    target = pathlib.Path(target)
    if target.parent and not target.parent.is_dir():
        raise FileNotFoundError(f"the folder {target.parent} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=1)
            fh.write("\n")
            fh.flush()
            os.fsync(fh.fileno())
        lock = os.open(target.with_name(f".{target.name}.lock"), os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX)
            backup = None
            if target.exists():
                backup = _backup_name(target)
                try:
                    os.link(target, backup)      # the old report stays readable at all times
                except OSError:
                    shutil.copy2(target, backup)
            os.replace(tmp, target)
        finally:
            os.close(lock)
        return backup
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
