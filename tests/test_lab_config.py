"""The student's JupyterLab configuration (jupyter_config/jupyter_server_config.py) keeps the
terminal quiet about one known, harmless server race (jupyter_server #1265) and nothing else."""
import logging
import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def configured():
    pytest.importorskip("tornado")
    from traitlets.config import Config
    from tornado.log import app_log

    before = (list(app_log.filters), list(logging.getLogger("ServerApp").filters))
    source = (ROOT / "jupyter_config" / "jupyter_server_config.py").read_text()
    ns = {"get_config": Config, "__file__": str(ROOT / "jupyter_config" / "jupyter_server_config.py")}
    exec(compile(source, "jupyter_server_config.py", "exec"), ns)
    yield ns
    app_log.filters[:] = before[0]
    logging.getLogger("ServerApp").filters[:] = before[1]


class _Keep(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records = []

    def emit(self, record):
        self.records.append(record.getMessage())


def _capture(logger):
    h = _Keep()
    logger.addHandler(h)
    return h


def _race_exception():
    try:
        None.kernel_ws_protocol
    except AttributeError:
        return sys.exc_info()


def test_the_websocket_race_is_dropped_and_other_errors_are_kept(configured):
    from tornado.log import app_log

    server = logging.getLogger("ServerApp")
    got_app, got_server = _capture(app_log), _capture(server)
    try:
        app_log.error("Uncaught exception GET /api/kernels/k1/channels?session_id=s (127.0.0.1)",
                      exc_info=_race_exception())
        server.error('{\n  "Host": "127.0.0.1:8888",\n  "User-Agent": "Chromium"\n}')
        server.error("500 GET /api/kernels/k1/channels?session_id=s (u@127.0.0.1) 12.00ms referer=None")
        # what follows is not the race: it is shown
        server.error("500 GET /api/kernels/k1/channels?session_id=s (u@127.0.0.1) 3.00ms referer=None")
        try:
            {}["missing"]
        except KeyError:
            app_log.error("Uncaught exception GET /api/contents", exc_info=True)
        try:
            None.something_else
        except AttributeError:
            app_log.error("Uncaught exception GET /api/sessions", exc_info=True)
    finally:
        app_log.removeHandler(got_app)
        server.removeHandler(got_server)
    assert got_app.records == ["Uncaught exception GET /api/contents",
                               "Uncaught exception GET /api/sessions"]
    assert got_server.records == [
        "500 GET /api/kernels/k1/channels?session_id=s (u@127.0.0.1) 3.00ms referer=None"]
