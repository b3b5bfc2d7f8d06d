"""The student's JupyterLab (make lab), besides jupyter_server_config.json: keep the terminal quiet.

When a browser tab closes while the server is writing to its websocket, tornado's
WebSocketClosedError surfaces as asyncio's "Task exception was never retrieved" with a
traceback: harmless, and noise for a student. Only that exception is dropped.
"""
import logging


class _DropClosedWebSocket(logging.Filter):
    def filter(self, record):
        exc = record.exc_info[1] if record.exc_info else None
        return type(exc).__name__ != "WebSocketClosedError"


logging.getLogger("asyncio").addFilter(_DropClosedWebSocket())
