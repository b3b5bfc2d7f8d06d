"""Run code cells one at a time in a fresh Jupyter kernel (nbclient), with a per-cell timeout.

A cell that runs too long or kills its kernel (``os._exit``, a segfault, or IPython's ``exit()``,
which shuts the kernel down just after the cell) does not stop the run:
:meth:`KernelSession.run` returns an :class:`Outcome` saying ``"timeout"`` or ``"died"``, and
:meth:`KernelSession.restart` starts a new kernel, on which the caller replays what it needs.
Stream output is capped per cell, so a cell printing megabytes costs memory only once.
"""
from __future__ import annotations

import logging
import os
import pathlib
import re
import subprocess
import time
import uuid
from dataclasses import dataclass

from .sandbox import TOKEN_VAR, reap, wrap

__all__ = ["Outcome", "KernelSession", "KernelStartError"]

_RPC_MIME = "application/vnd.course-nn.rpc"
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# nbclient logs timeouts and dead kernels as errors; the grader reports them itself
_QUIET = logging.getLogger("course_nn.grade.kernel")
_QUIET.addHandler(logging.NullHandler())
_QUIET.propagate = False


class KernelStartError(RuntimeError):
    """No kernel could be started (after retries)."""


@dataclass
class Outcome:
    """What running one cell did."""
    status: str                 # "ok", "error", "timeout" or "died"
    ename: str = ""
    evalue: str = ""
    traceback: str = ""
    stderr: str = ""
    stdout: str = ""
    result: object = None       # text/plain of the first execute_result, if any
    seconds: float = 0.0
    rpc: str = ""               # the grader's own reply (course_nn.grade._agent), if any
    reply_status: str = ""      # status of the kernel's execute_reply ("ok", "error", ...)


def _client_class():
    from nbclient import NotebookClient

    class CappedClient(NotebookClient):
        """A NotebookClient that keeps at most ``max_stream`` characters per stream and cell."""

        def output(self, outs, msg, display_id, cell_index):
            if msg["msg_type"] == "stream":
                name = msg["content"].get("name", "stdout")
                used = self.stream_chars.get(name, 0)
                self.stream_chars[name] = used + len(msg["content"].get("text", ""))
                if used >= self.max_stream:
                    return None
            return super().output(outs, msg, display_id, cell_index)

    return CappedClient


def _outcome(outputs, seconds) -> Outcome:
    out = Outcome("ok", seconds=seconds)
    for o in outputs:
        kind = o.get("output_type")
        if kind == "error" and out.status == "ok":
            out.status, out.ename, out.evalue = "error", o.get("ename", ""), o.get("evalue", "")
            out.traceback = _ANSI.sub("", "\n".join(o.get("traceback", [])))
        elif kind == "stream":
            if o.get("name") == "stderr":
                out.stderr += o.get("text", "")
            else:
                out.stdout += o.get("text", "")
        elif kind == "execute_result" and out.result is None:
            out.result = o.get("data", {}).get("text/plain", "")
        elif kind == "display_data" and _RPC_MIME in (o.get("data") or {}) and not out.rpc:
            out.rpc = str(o["data"][_RPC_MIME])
    return out


def _kernel_pid(km):
    prov = getattr(km, "provisioner", None)
    proc = getattr(prov, "process", None)
    return getattr(proc, "pid", None)


class KernelSession:
    """One kernel at a time in directory ``cwd``; ``run(source)`` -> :class:`Outcome`.

    Args:
        cwd: the kernel's working directory.
        timeout: seconds each cell may run before it is cut off.
        env: extra environment variables for the kernel.
        max_stream: characters kept per output stream and cell (the rest is dropped).
    """

    def __init__(self, cwd, timeout: float = 30, env=None, max_stream: int = 100_000,
                 kernel_name: str = "python3", sandbox: bool = False, hide=()):
        self.cwd, self.timeout, self.kernel_name = str(cwd), max(1, int(round(timeout))), kernel_name
        self.token = uuid.uuid4().hex
        self.env = {**os.environ, **(env or {}), TOKEN_VAR: self.token}
        self.max_stream = max_stream
        self.client = None
        self.starts = 0
        self.sandbox, self.hide = sandbox, tuple(hide)
        self.reaped = 0
        self._pgid = None

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.close()

    def start(self, attempts: int = 3):
        """Start a kernel; retried, since a busy machine can lose the race for a free port."""
        for attempt in range(attempts):
            try:
                self.client = self._start_once()
                self.starts += 1
                return
            except Exception as exc:  # noqa: BLE001 - "Kernel died before replying ..."
                if attempt == attempts - 1:
                    raise KernelStartError(f"{type(exc).__name__}: {exc}") from exc
                time.sleep(0.5 * (attempt + 1))

    def _start_once(self):
        import nbformat

        client = _client_class()(
            nbformat.v4.new_notebook(), timeout=self.timeout, kernel_name=self.kernel_name,
            allow_errors=True, shutdown_kernel="immediate", record_timing=False,
            startup_timeout=120, log=_QUIET)
        client.max_stream, client.stream_chars = self.max_stream, {}
        client.on_cell_executed = self._on_executed
        client.km = km = client.create_kernel_manager()
        conn_dir = pathlib.Path(self.cwd).parent / ".kernel"
        conn_dir.mkdir(exist_ok=True)
        km.connection_file = str(conn_dir / f"kernel-{uuid.uuid4().hex}.json")
        if self.sandbox:
            from jupyter_core.paths import jupyter_runtime_dir

            plain = km.format_kernel_cmd
            hide = (*self.hide, jupyter_runtime_dir())
            km.format_kernel_cmd = lambda extra_arguments=None: wrap(
                plain(extra_arguments), self.cwd, hide=hide, private=[km.connection_file])
        try:
            client.start_new_kernel(cwd=self.cwd, env=self.env,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            client.start_new_kernel_client()
            self._pgid = _kernel_pid(km)
        except Exception:
            try:
                client._cleanup_kernel()
            except Exception:  # noqa: BLE001 - nothing more to clean
                pass
            raise
        return client

    def _on_executed(self, cell=None, cell_index=None, execute_reply=None, **_):
        self._reply = execute_reply or {}

    def close(self):
        client, self.client = self.client, None
        if client is not None:
            try:
                client._cleanup_kernel()
            except Exception:  # noqa: BLE001 - a dead kernel may fail to clean up; nothing to save
                pass
        # whatever the kernel started (background jobs, detached children) goes too
        self.reaped += reap(self.token, self._pgid)
        self._pgid = None

    def restart(self):
        self.close()
        self.start()

    def run(self, source: str, store_history: bool = True, timeout=None) -> Outcome:
        import nbformat
        from nbclient.exceptions import CellTimeoutError, DeadKernelError

        if self.client is None:
            self.start()
        cell = nbformat.v4.new_code_cell(source)
        self.client.nb.cells = [cell]
        self.client.stream_chars = {}
        self._reply = {}
        self.client.timeout = self.timeout if timeout is None else max(1, int(timeout + 0.999))
        t0 = time.perf_counter()
        try:
            self.client.execute_cell(cell, 0, store_history=store_history)
        except CellTimeoutError:
            return Outcome("timeout", seconds=time.perf_counter() - t0)
        except DeadKernelError:
            return Outcome("died", seconds=time.perf_counter() - t0)
        except Exception as exc:  # noqa: BLE001 - lost contact with the kernel: treat as a crash
            return Outcome("died", evalue=f"{type(exc).__name__}: {exc}",
                           seconds=time.perf_counter() - t0)
        out = _outcome(cell.outputs, time.perf_counter() - t0)
        out.reply_status = (self._reply.get("content") or {}).get("status", "")
        payload = (self._reply.get("content") or {}).get("payload") or []
        if any(p.get("source") == "ask_exit" and not p.get("keepkernel") for p in payload):
            # exit() / quit(): IPython shuts the kernel down right after this cell
            out.status, out.evalue = "died", "exit() was called"
        return out
