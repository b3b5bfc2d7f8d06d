"""Where the learner's kernel runs: inside bubblewrap when possible, and what that guarantees.

With ``bwrap`` (Debian/Ubuntu package ``bubblewrap``) working on this machine, the kernel runs
in its own mount and PID namespaces: the whole file system is read-only except the kernel's
temporary working folder and a private /tmp; the solution folders and the Jupyter runtime
folder (other kernels' connection files) are hidden; it cannot see or signal any process
outside (the grader included); it gets a new terminal session; and every process it started
dies with it. Without bwrap the grader still kills every process of the kernel's process group
and every process carrying the kernel's marker in its environment, and says which guarantees
it cannot give (:func:`limitations`).
"""
from __future__ import annotations

import functools
import os
import pathlib
import shutil
import signal
import subprocess
import time

__all__ = ["bwrap_available", "wrap", "limitations", "reap", "TOKEN_VAR"]

TOKEN_VAR = "COURSE_NN_GRADE_TOKEN"


@functools.lru_cache(maxsize=None)
def bwrap_available() -> str:
    """'' if bwrap works here, else why not."""
    exe = shutil.which("bwrap")
    if not exe:
        return "bwrap (package bubblewrap) is not installed"
    try:
        proc = subprocess.run([exe, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
                               "--unshare-pid", "--die-with-parent", "--new-session", "true"],
                              capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"bwrap could not start ({exc})"
    if proc.returncode != 0:
        return f"bwrap cannot create namespaces here ({proc.stderr.strip()[:200]})"
    return ""


def _needed_under_tmp() -> list:
    """The paths the kernel imports from (the interpreter's prefixes, sys.path, the course_nn
    package itself) that the private /tmp and /dev/shm would otherwise hide: a course checked
    out under /tmp must still grade. Only the package folder is bound, not the checkout around
    it, so the solutions stay out of reach."""
    import sys

    import course_nn
    candidates = {sys.prefix, sys.base_prefix, sys.exec_prefix, *sys.path,
                  str(pathlib.Path(course_nn.__file__).parent)}
    out = set()
    for c in candidates:
        if not c:
            continue
        r = pathlib.Path(c).resolve()
        if r.exists() and (r.parts[1:2] == ("tmp",) or r.parts[1:3] == ("dev", "shm")):
            out.add(str(r))
    return sorted(out, key=len)          # parents before children


def wrap(cmd: list, work, hide=(), private=()) -> list:
    """``cmd`` run inside bubblewrap: ``work`` writable, ``hide`` folders replaced by empty
    ones, ``private`` paths (files or folders) bound read-only."""
    args = [shutil.which("bwrap") or "bwrap", "--ro-bind", "/", "/", "--dev", "/dev",
            "--proc", "/proc", "--tmpfs", "/tmp", "--tmpfs", "/dev/shm"]
    for p in _needed_under_tmp():       # Python and the course, if they live under /tmp
        args += ["--ro-bind", p, p]
    for h in hide:
        h = pathlib.Path(h)
        if h.is_dir():
            args += ["--tmpfs", str(h.resolve())]
    for p in private:
        p = str(pathlib.Path(p).resolve())
        args += ["--ro-bind", p, p]
    work = str(pathlib.Path(work).resolve())
    args += ["--bind", work, work, "--chdir", work, "--unshare-pid", "--unshare-ipc",
             "--unshare-uts", "--die-with-parent", "--new-session",
             "--setenv", "HOME", "/tmp", "--setenv", "TMPDIR", "/tmp",
             "--setenv", "IPYTHONDIR", "/tmp/.ipython", "--setenv", "MPLCONFIGDIR", "/tmp/.mpl",
             "--setenv", "JUPYTER_RUNTIME_DIR", "/tmp/.jupyter-runtime",
             "--unsetenv", "JPY_PARENT_PID", "--"]  # its pid differs in the namespace
    return args + list(cmd)


def limitations(sandboxed: bool, why: str = "") -> list:
    """The guarantees the grader cannot give in this set-up (empty when sandboxed)."""
    if sandboxed:
        return []
    return [
        f"no sandbox ({why or 'disabled'}): the notebook's code runs as this user, so it can "
        "read the solutions and any file this user can, write files (the report included, "
        "until the grader rewrites it), and signal processes of this user",
        "a process that leaves the kernel's process group AND clears its environment may "
        "outlive grading",
        "recommended: install bubblewrap, or grade as a separate user / in a container per batch "
        "(docs/GRADING.md)",
    ]


def _pids_with_token(token: str) -> list:
    found = []
    needle = f"{TOKEN_VAR}={token}".encode()
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            with open(f"/proc/{entry.name}/environ", "rb") as fh:
                if needle in fh.read().split(b"\0"):
                    found.append(int(entry.name))
        except OSError:
            continue
    return found


def reap(token: str, pgid: int | None = None, rounds: int = 20) -> int:
    """Kill the kernel's process group and every process carrying ``token``; how many."""
    killed = 0
    if pgid and pgid > 1 and pgid != os.getpgrp():
        try:
            os.killpg(pgid, signal.SIGKILL)
        except OSError:
            pass
    if not os.path.isdir("/proc"):
        return killed
    for _ in range(rounds):              # repeated: a process may fork while we kill
        pids = _pids_with_token(token)
        if not pids:
            break
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
                killed += 1
            except OSError:
                pass
        time.sleep(0.05)
    return killed
