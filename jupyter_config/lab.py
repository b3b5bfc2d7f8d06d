"""Start the student's JupyterLab (``make lab`` runs this; extra arguments go to ``jupyter lab``).

- rooted at the repository, so the file browser reaches notebooks/ and exercises/;
- opens notebooks/00_start_here.ipynb (``jupyter_lab_config.json``);
- no instructor tools: nbgrader's lab extension and server extensions are turned off by this
  folder's configuration (``labconfig/page_config.json``, ``jupyter_server_config.json``), which
  is put first on JUPYTER_CONFIG_PATH; a user's own ~/.jupyter settings still apply otherwise;
- explorers survive save and reload: ``lab_settings/overrides.json`` turns on the widget
  manager's ``saveState``, so a saved notebook keeps its controls (frozen at the student's
  values) above the explorer's latest figure, instead of "model not found";
- quiet: one printed line with the URL, for when no browser can be opened, then only errors
  (log level ERROR; on Linux and macOS the kernels talk over unix sockets (ipc) when their
  paths fit, so they do not warn about unencrypted TCP on every start).
  The port is the first free one from 8888 (or ``--port=N``); the token is random unless
  JUPYTER_TOKEN is set.
"""
from __future__ import annotations

import os
import secrets
import socket
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
START = "notebooks/00_start_here.ipynb"


def _free_port(first: int, tries: int = 50) -> int:
    for port in range(first, first + tries):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    sys.exit(f"course-nn: no free port in {first}-{first + tries - 1}; try: make lab LAB_FLAGS=--port=9000")


def _ipc_fits() -> bool:
    """Whether a kernel's unix sockets fit the ~107-byte path limit in Jupyter's runtime folder
    (else the kernels use TCP, and each start prints a warning about it)."""
    try:
        from jupyter_core.paths import jupyter_runtime_dir
    except ImportError:
        return False
    longest = os.path.join(jupyter_runtime_dir(), "kernel-" + "x" * 36 + "-ipc-5")
    return len(os.fsencode(longest)) <= 100


def main(argv: list[str]) -> None:
    ports = [a for a in argv if a.startswith("--port=")]
    argv = [a for a in argv if not a.startswith("--port=")]
    port = int(ports[-1].split("=", 1)[1]) if ports else _free_port(8888)
    env = dict(os.environ)
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(
        [str(HERE)] + [p for p in env.get("JUPYTER_CONFIG_PATH", "").split(os.pathsep) if p])
    env["JUPYTER_TOKEN"] = env.get("JUPYTER_TOKEN") or secrets.token_hex(24)
    env.pop("JUPYTER_TOKEN_FILE", None)
    url = f"http://localhost:{port}/lab/tree/{START}?token={env['JUPYTER_TOKEN']}"
    print(f"course-nn: JupyterLab at {url}  (open it if no browser window appears; Ctrl-C stops it)",
          flush=True)
    cmd = [sys.executable, "-m", "jupyterlab", f"--port={port}", "--ServerApp.port_retries=0",
           f"--ServerApp.root_dir={ROOT}", f"--LabApp.app_settings_dir={HERE / 'lab_settings'}"]
    if os.name == "posix" and _ipc_fits():
        cmd.append("--KernelManager.transport=ipc")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")      # Jupyter refuses root otherwise (containers, Binder-like)
    os.chdir(ROOT)
    os.execve(sys.executable, cmd + argv, env)


if __name__ == "__main__":
    main(sys.argv[1:])
