"""A real central API over a real socket: ``uvicorn.Server`` in a background thread on 127.0.0.1.

httpx's ASGITransport buffers streaming responses, so the console's event stream is tested against this.
The server can be stopped and started again on the same port (a server restart as the console sees it).
Nothing here waits without a deadline.
"""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import uvicorn


def wait_for_health(base_url: str, *, deadline_s: float = 20.0, alive: Any = None) -> None:
    """Poll ``/health`` until it answers 200; fail if ``alive()`` turns False or time is up."""
    deadline = time.monotonic() + deadline_s
    last: object = None
    while time.monotonic() < deadline:
        if alive is not None and not alive():
            raise AssertionError(f"the server at {base_url} died while starting (last: {last})")
        try:
            response = httpx.get(f"{base_url}/health", timeout=1.0)
            if response.status_code == 200:
                return
            last = response.status_code
        except httpx.TransportError as error:
            last = error
        time.sleep(0.05)
    raise AssertionError(f"{base_url}/health did not answer within {deadline_s} s (last: {last})")


class LiveServer:
    """``central.app.create_app(Settings(...), clock)`` served by uvicorn in a thread.

    ``port=None`` takes a free port (bound before the thread starts, so no other test can take it);
    :meth:`stop` then :meth:`start` again serves a fresh app on the same port and database.
    """

    def __init__(
        self,
        database_url: str,
        *,
        clock: Any = None,
        port: int | None = None,
        heartbeat_seconds: float = 0.5,
        stream_poll_seconds: float = 5.0,
        attachments_dir: Path | None = None,
        **settings: Any,
    ) -> None:
        """``settings``: more ``central.config.Settings`` fields (``watch_seconds=0.1`` runs the watch)."""
        self.database_url = database_url
        self.settings = settings
        self.attachments_dir = attachments_dir
        self.clock = clock
        self.heartbeat_seconds = heartbeat_seconds
        self.stream_poll_seconds = stream_poll_seconds
        self._sock: socket.socket | None = self._bind(port or 0)
        self.port: int = self._sock.getsockname()[1]
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @staticmethod
    def _bind(port: int) -> socket.socket:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))
        return sock

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> LiveServer:
        from central.app import create_app
        from central.config import Settings

        if self.running:
            return self
        if self._sock is None:  # a restart: the same port again
            self._sock = self._bind(self.port)
        settings = Settings(
            database_url=self.database_url,
            heartbeat_seconds=self.heartbeat_seconds,
            stream_poll_seconds=self.stream_poll_seconds,
            attachments_dir=self.attachments_dir,
            **self.settings,
        )
        app = create_app(settings, self.clock)
        # A short graceful period: open event streams never finish on their own; cut them quickly.
        config = uvicorn.Config(
            app, log_level="warning", log_config=None, lifespan="on", timeout_graceful_shutdown=0.5
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run,
            kwargs={"sockets": [self._sock]},
            name=f"uvicorn-{self.port}",
            daemon=True,
        )
        self._thread.start()
        wait_for_health(self.base_url, alive=self._thread.is_alive)
        return self

    def stop(self) -> None:
        """Stop serving and close the port (open streams are cut). Blocks up to ~10 s; idempotent."""
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(timeout=5)
            if self._thread.is_alive():
                self._server.force_exit = True
                self._thread.join(timeout=5)
            assert not self._thread.is_alive(), f"uvicorn on port {self.port} did not stop"
        self._server = None
        self._thread = None
        if self._sock is not None:
            self._sock.close()
            self._sock = None
