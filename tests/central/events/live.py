"""A real uvicorn server in a thread, and a synchronous SSE reader with timeouts on every read.

httpx's ASGITransport buffers a streaming response until it ends, so live streams are read from a real
server over a real socket. Nothing here may hang: every read has a timeout, every wait a deadline.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import httpx
import sqlalchemy as sa
import uvicorn
from httpx_sse import EventSource, connect_sse

from tests.live_server import wait_for_health
from tests.support import DEMO_PASSWORD, Api

READ_TIMEOUT = 3.0  # no single socket read waits longer than this


class ThreadServer:
    """``uvicorn.Server`` for one app, in a background thread, on 127.0.0.1 and a free port."""

    def __init__(self, app: Any) -> None:
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))  # the port is ours from here on: no race with other tests
        self.port = self._sock.getsockname()[1]
        self.base_url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            app, log_level="warning", log_config=None, lifespan="on", timeout_graceful_shutdown=2
        )
        self.server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self._sock]}, name=f"uvicorn-{self.port}", daemon=True
        )

    def start(self) -> ThreadServer:
        self._thread.start()
        wait_for_health(self.base_url, alive=self._thread.is_alive)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self._thread.join(timeout=10)
        if self._thread.is_alive():  # a stream left open: cut it
            self.server.force_exit = True
            self._thread.join(timeout=5)
        self._sock.close()
        assert not self._thread.is_alive(), f"uvicorn on port {self.port} did not stop"


@dataclass
class Live:
    """What a test talks to: a base URL, and logged-in API clients and streams for the seeded users."""

    base_url: str
    database_url: str
    _clients: list[httpx.Client] = field(default_factory=list)
    _tokens: dict[str, str] = field(default_factory=dict)

    def http(self) -> httpx.Client:
        client = httpx.Client(base_url=self.base_url, timeout=httpx.Timeout(10.0, read=READ_TIMEOUT))
        self._clients.append(client)
        return client

    def token(self, username: str) -> str:
        """A bearer token for a seeded user (one login per user and server: Argon2 is slow on purpose)."""
        if username not in self._tokens:
            response = self.http().post(
                "/api/v1/auth/token", json={"username": username, "password": DEMO_PASSWORD}
            )
            assert response.status_code == 200, response.text
            self._tokens[username] = response.json()["access_token"]
        return self._tokens[username]

    def api(self, username: str) -> Api:
        """The same JSON helper as the in-process tests, over a real socket (slow requests time out)."""
        client = httpx.Client(base_url=self.base_url, timeout=10.0)
        self._clients.append(client)
        return Api(client, self.token(username))

    def stream(self, username: str, last_event_id: int | str | None = None, **params: Any) -> Stream:
        return Stream(self.http(), self.token(username), last_event_id=last_event_id, params=params)

    def close(self) -> None:
        for client in self._clients:
            client.close()


@dataclass(frozen=True)
class Received:
    """One event off the wire: the SSE fields, and the JSON payload decoded."""

    id: str
    event: str
    raw: str  # the data line(s) exactly as sent
    at: float  # time.monotonic() when it arrived

    @property
    def data(self) -> dict[str, Any]:
        return json.loads(self.raw)

    @property
    def event_id(self) -> int:
        return int(self.id)


class Stream:
    """``GET /events`` through ``httpx_sse.connect_sse``, read synchronously.

    httpx-sse dispatches an empty event (no type, no data, the previous id) for every heartbeat comment
    once an id has been seen; we skip those, and use them as a clock tick to notice quiet periods.
    """

    def __init__(
        self, client: httpx.Client, token: str, *, last_event_id: int | str | None, params: dict[str, Any]
    ) -> None:
        headers = {"Authorization": f"Bearer {token}"}
        if last_event_id is not None:
            headers["Last-Event-ID"] = str(last_event_id)
        self._connect = connect_sse(client, "GET", "/api/v1/events", headers=headers, params=params)
        self._stack = contextlib.ExitStack()
        self.source: EventSource | None = None

    def __enter__(self) -> Stream:
        self.source = self._stack.enter_context(self._connect)
        assert self.source.response.status_code == 200, self.source.response.read()
        self._events = self.source.iter_sse()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()

    def _next_raw(self) -> Any:
        try:
            return next(self._events)
        except httpx.ReadTimeout:
            raise AssertionError(f"the stream sent nothing for {READ_TIMEOUT} s") from None

    def next(self, timeout: float = READ_TIMEOUT) -> Received:
        """The next real event (heartbeats skipped); fails after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            sse = self._next_raw()
            if sse.data:  # a heartbeat comes through as an empty "message"
                return Received(sse.id, sse.event, sse.data, time.monotonic())
            if time.monotonic() > deadline:
                raise AssertionError(f"no event within {timeout} s (only heartbeats)")

    def until_closed(self, limit: float = 5.0) -> list[Received]:
        """Read until the server ends the stream; the events that came before. Fails if it stays open."""
        deadline = time.monotonic() + limit
        received: list[Received] = []
        while time.monotonic() < deadline:
            try:
                sse = self._next_raw()
            except StopIteration:
                return received
            if sse.data:
                received.append(Received(sse.id, sse.event, sse.data, time.monotonic()))
        raise AssertionError(f"the stream was still open after {limit} s")

    def take(self, count: int, timeout: float = 10.0) -> list[Received]:
        deadline = time.monotonic() + timeout
        return [self.next(max(0.1, deadline - time.monotonic())) for _ in range(count)]

    def drain(self, quiet: float = 1.2, limit: float = 20.0) -> list[Received]:
        """Every event until the stream has been quiet (heartbeats only) for ``quiet`` seconds.

        Needs a server with a short heartbeat: the heartbeats are what lets us look at the clock.
        """
        start = last = time.monotonic()
        received: list[Received] = []
        while True:
            sse = self._next_raw()
            now = time.monotonic()
            if sse.data:  # a heartbeat comes through as an empty "message"
                received.append(Received(sse.id, sse.event, sse.data, now))
                last = now
            elif now - last >= quiet:
                return received
            if now - start > limit:
                raise AssertionError(f"the stream did not go quiet within {limit} s ({len(received)} events)")


def drain_all(streams: dict[str, Stream], quiet: float = 1.2) -> dict[str, list[Received]]:
    """Drain several open streams at once (each on its own connection), one thread per stream."""
    with ThreadPoolExecutor(max_workers=len(streams)) as pool:
        futures = {name: pool.submit(stream.drain, quiet) for name, stream in streams.items()}
        return {name: future.result(timeout=60) for name, future in futures.items()}


def db_events(database_url: str, after: int = 0) -> list[sa.Row[Any]]:
    """The events table as the server wrote it (id, type, case_id, audience, unit codes, assignee)."""
    from central.db import make_engine

    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            return list(
                connection.execute(
                    sa.text(
                        "SELECT id, type, case_id, audience, unit_code, prev_unit_code, assignee_user_id "
                        "FROM events WHERE id > :after ORDER BY id"
                    ),
                    {"after": after},
                )
            )
    finally:
        engine.dispose()


def newest_event_id(database_url: str) -> int:
    rows = db_events(database_url)
    return rows[-1].id if rows else 0
