"""Fixtures for the end-to-end tests: the student's JupyterLab (started by `make lab` itself) and
headless Chromium.

`lab_server` runs the repository's own `make lab` target, on a copy of the course (notebooks/,
exercises/, solutions/, the Makefile and jupyter_config/) in a temporary folder, so running and
saving notebooks in the browser never touches the repository's files. The only additions to
what a student gets are test plumbing passed through the Makefile's LAB_FLAGS: --no-browser,
a fixed free port, and --expose-app-in-browser (the tests read JupyterLab's state through
`window.jupyterapp`); plus a known token and a private settings folder (JupyterLab 4 renders
off-screen cells lazily by default; the tests need every cell in the page). Each pytest-xdist
worker starts its own server.

Chromium is Debian's (/usr/bin/chromium), driven by Playwright. Without Chromium the tests are
skipped, unless COURSE_NN_REQUIRE_BROWSER=1 (set by .ci/run): then a missing browser fails.
Screenshots and the server's output go to test-artifacts/browser/.
"""
from __future__ import annotations

import json
import os
import pathlib
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "browser"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage"]
# what the course copy needs for `make lab` and for the exercises' check()
COPY = ["Makefile", "pyproject.toml", "jupyter_config", "notebooks", "exercises", "solutions"]


def _chromium_path():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def _missing(reason):
    if os.environ.get("COURSE_NN_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (COURSE_NN_REQUIRE_BROWSER=1: CI must run the browser test)")
    pytest.skip(reason)


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url, proc, log, timeout=180):
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"make lab exited early with code {proc.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"JupyterLab did not answer at {url} within {timeout} s:\n{log.read_text()}")


class Lab:
    """A running `make lab`: its base URL, token, course copy and printed output."""

    def __init__(self, base, token, root, log):
        self.base, self.token, self.root, self.log = base, token, root, log

    def url(self, path="lab"):
        sep = "&" if "?" in path else "?"
        return f"{self.base}/{path}{sep}token={self.token}"

    def output(self):
        return self.log.read_text()

    def api(self, path):
        with urllib.request.urlopen(self.url(path), timeout=10) as r:
            return r.status, r.read()


def _worker():
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory):
    """A `make lab` of a copy of the course; stopped at the end of the session."""
    if shutil.which("make") is None:
        _missing("make is not installed")
    tmp = tmp_path_factory.mktemp("lab")
    course = tmp / "course-nn"
    course.mkdir()
    for name in COPY:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, course / name, ignore=shutil.ignore_patterns(
                ".ipynb_checkpoints", "__pycache__"))
        else:
            shutil.copy2(src, course / name)
    settings = tmp / "settings"
    # render every cell (JupyterLab 4 virtualises off-screen cells by default); no news pop-up
    for plugin, value in [("notebook-extension/tracker", {"windowingMode": "none"}),
                          ("apputils-extension/notification", {"fetchNews": "false",
                                                               "checkForUpdates": False})]:
        f = settings / "@jupyterlab" / f"{plugin}.jupyterlab-settings"
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(json.dumps(value))
    venv = pathlib.Path(sys.prefix)
    # short: make lab's kernels talk over unix sockets in the runtime folder (path limit ~107)
    runtime = tempfile.mkdtemp(prefix="cnn-rt-")
    token = secrets.token_hex(16)
    port = _free_port()
    env = dict(os.environ, JUPYTER_TOKEN=token, JUPYTERLAB_SETTINGS_DIR=str(settings),
               JUPYTERLAB_WORKSPACES_DIR=str(tmp / "workspaces"),
               JUPYTER_RUNTIME_DIR=runtime)
    for var in ("MPLBACKEND", "JUPYTER_CONFIG_PATH", "MAKEFLAGS", "MFLAGS", "MAKELEVEL"):
        env.pop(var, None)
    log = tmp / f"make_lab_{_worker()}.log"
    # -o: the course copy uses this environment, already installed (its stamp is not remade)
    cmd = ["make", "-s", "-o", str(venv / ".installed-lab"), "lab", f"VENV={venv}",
           f"LAB_FLAGS=--no-browser --expose-app-in-browser --port={port}"]
    with open(log, "w") as out:
        proc = subprocess.Popen(cmd, cwd=course, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
    try:
        _wait_for(f"http://127.0.0.1:{port}/api/status?token={token}", proc, log)
        yield Lab(f"http://127.0.0.1:{port}", token, course, log)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        shutil.rmtree(runtime, ignore_errors=True)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(log, ARTIFACTS / log.name)


@pytest.fixture(scope="session")
def browser():
    chromium = _chromium_path()
    if chromium is None:
        _missing("Chromium is not installed (Debian/Ubuntu: apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed (pip install -e '.[dev]')")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_FLAGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="session")
def artifacts():
    """Where screenshots and the server's output are saved (test-artifacts/browser/)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def _close_quietly(page, lab):
    """Shut the page's kernels down before closing it: a tab closed while a kernel's websocket is
    still connecting makes the server log an error (and the tests check the server's output)."""
    from . import _lab
    try:
        _lab.close_everything(page, lab)
    except Exception:       # the page is broken: nothing left to close cleanly
        pass


@pytest.fixture
def page(browser, lab_server):
    """A new browser tab for one test."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    try:
        yield pg
    finally:
        if pg.url.startswith(lab_server.base):
            _close_quietly(pg, lab_server)
        context.close()


@pytest.fixture(scope="session")
def lab_page(browser, lab_server):
    """One JupyterLab tab for the whole session (per worker), as a student keeps one tab open:
    the lecture walks open and close their notebooks in it instead of loading JupyterLab again."""
    from . import _lab
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(_lab.JS_RECORD_WIDGET_ERRORS)
    pg = context.new_page()
    try:
        _lab.start_lab(pg, lab_server)
        yield pg
    finally:
        _close_quietly(pg, lab_server)
        context.close()
