"""The student's JupyterLab (make lab), besides jupyter_server_config.json.

- Saved widget state stays whole: ``widget_state.keep_widget_state`` runs before every save, so
  that saving a reopened notebook (or JupyterLab's autosave doing it) does not drop the frozen
  controls' state and turn them into "Error displaying widget: model not found" (see that
  module).
- Keep the terminal quiet: when a browser tab closes while the server is writing to its
  websocket, tornado's WebSocketClosedError surfaces as asyncio's "Task exception was never
  retrieved" with a traceback: harmless, and noise for a student. Only that exception is dropped.
  Likewise a kernel's websocket that connects while the kernel is shutting down (a tab closed or
  a kernel shut down at that moment) makes jupyter_server log an uncaught AttributeError about
  ``kernel_ws_protocol`` (jupyter_server issue #1265, open upstream), then the request's headers
  and its "500 GET /api/kernels/<id>/channels" line: those three records only are dropped.
"""
import importlib.util
import logging
import os
import time
import warnings

# widget_state.py sits next to this file (a folder on JUPYTER_CONFIG_PATH, not a package)
_spec = importlib.util.spec_from_file_location(
    "course_nn_widget_state", os.path.join(os.path.dirname(os.path.abspath(__file__)), "widget_state.py"))
_widget_state = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_widget_state)

c = get_config()  # noqa: F821  (provided by traitlets when it loads this file)
c.ContentsManager.pre_save_hook = _widget_state.keep_widget_state
# the server applies its configuration to the contents manager twice, and the trait warns when a
# hook replaces one, even itself: only that warning is silenced (another hook still warns)
warnings.filterwarnings("ignore", category=UserWarning,
                        message=r"Overriding existing pre_save_hook \(keep_widget_state\) with a new one \(keep_widget_state\)")


class _DropClosedWebSocket(logging.Filter):
    def filter(self, record):
        exc = record.exc_info[1] if record.exc_info else None
        return type(exc).__name__ != "WebSocketClosedError"


logging.getLogger("asyncio").addFilter(_DropClosedWebSocket())


class _DropKernelWebSocketRace(logging.Filter):
    """jupyter_server #1265: the AttributeError, then (from the same request, within seconds) the
    error-level dump of its headers and its "500 GET /api/kernels/<id>/channels" line."""

    def __init__(self):
        super().__init__()
        self.until = 0.0

    def filter(self, record):
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, AttributeError) and "kernel_ws_protocol" in str(exc):
            self.until = time.monotonic() + 5.0
            return False
        if record.levelno >= logging.ERROR and time.monotonic() < self.until:
            msg = record.getMessage()
            if msg.startswith("{") and '"Host"' in msg:
                return False
            if msg.startswith("500 GET /api/kernels/") and "/channels" in msg:
                self.until = 0.0
                return False
        return True


def _drop_kernel_websocket_race():
    from tornado.log import app_log       # jupyter_server renames it, the object stays

    race = _DropKernelWebSocketRace()
    app_log.addFilter(race)                # the uncaught exception
    logging.getLogger("ServerApp").addFilter(race)  # the headers and the 500 line


_drop_kernel_websocket_race()
