"""Live servers for the streaming tests: uvicorn in a thread, one app (engine + broker) per server."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from tests.central.events.live import Live, ThreadServer

StartServer = Callable[..., Live]


@pytest.fixture
def start_server(database_url: str, clock) -> Iterator[StartServer]:  # type: ignore[no-untyped-def]
    """start_server(heartbeat_seconds=..., stream_poll_seconds=...) → a running server on this test's
    database. Each call builds its own app (its own engine and event broker), like a separate process."""
    from central.app import create_app
    from central.config import Settings

    started: list[tuple[ThreadServer, Live]] = []

    def start(*, heartbeat_seconds: float = 0.5, stream_poll_seconds: float = 5.0) -> Live:
        settings = Settings(
            database_url=database_url,
            heartbeat_seconds=heartbeat_seconds,
            stream_poll_seconds=stream_poll_seconds,
        )
        server = ThreadServer(create_app(settings, clock)).start()
        live = Live(server.base_url, database_url)
        started.append((server, live))
        return live

    yield start
    for server, live in reversed(started):
        live.close()
        server.stop()


@pytest.fixture
def live(start_server: StartServer) -> Live:
    """The usual server: heartbeat every 0.5 s, re-poll the table every 5 s."""
    return start_server(heartbeat_seconds=0.5, stream_poll_seconds=5.0)


@pytest.fixture
def quiet_live(start_server: StartServer) -> Live:
    """A server whose streams only wake on a commit: a 30 s heartbeat and 5 s poll, so an event that
    arrives within a second was delivered by the wake-up, not by a timer."""
    return start_server(heartbeat_seconds=30.0, stream_poll_seconds=5.0)
