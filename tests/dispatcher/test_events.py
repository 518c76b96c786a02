"""EventStream against a live server (and a dead peer): live delivery, resume after a restart, liveness."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

import pytest

from dispatcher.client import CentralClient
from dispatcher.errors import AuthError
from dispatcher.events import ConnectionState, EventStream
from dispatcher.models import Case, Event
from tests.dispatcher.conftest import Login
from tests.dispatcher.helpers import new_case, until, visible_event_ids
from tests.live_server import LiveServer
from tests.support import DEMO_PASSWORD

ONLINE, RECONNECTING, OFFLINE = ConnectionState.ONLINE, ConnectionState.RECONNECTING, ConnectionState.OFFLINE
# For tests where the database plays no part: the server's backend is fixed, the time is spent once.
any_backend = pytest.mark.parametrize("backend", ["sqlite"])


class Recorder:
    """A running stream with everything it reported."""

    def __init__(self, stream: EventStream) -> None:
        self.stream = stream
        self.events: list[Event] = []
        self.states: list[ConnectionState] = []
        stream.add_event_listener(self.events.append)
        stream.add_state_listener(self.states.append)
        self.task = asyncio.create_task(stream.run())

    @property
    def ids(self) -> list[int]:
        return [e.id for e in self.events]

    async def close(self) -> None:
        self.stream.stop()
        await asyncio.wait_for(self.task, 5)  # stop() makes run() return promptly


@pytest.fixture
async def record() -> AsyncIterator[type[Recorder]]:
    started: list[Recorder] = []

    class Tracked(Recorder):
        def __init__(self, stream: EventStream) -> None:
            super().__init__(stream)
            started.append(self)

    yield Tracked
    for recorder in started:
        if not recorder.task.done():
            await recorder.close()


def fast(client: CentralClient, **options: float) -> EventStream:
    """A stream with test-sized timings: quick backoff, OFFLINE after 3 failures."""
    settings: dict[str, float] = {"heartbeat_timeout": 5.0, "backoff_initial": 0.05, "backoff_max": 0.2}
    settings.update(options)
    return EventStream(client, **settings)  # type: ignore[arg-type]


async def test_a_case_created_by_another_console_arrives_live(login: Login, record: type[Recorder]) -> None:
    operator, other = await login("operator"), await login("operator2")
    recorder = record(fast(operator))
    assert await recorder.stream.wait_ready(5)
    assert recorder.stream.state is ONLINE
    assert recorder.stream.last_event_id == 0  # stream.ready told us where we stand…
    assert recorder.events == []  # …and is not passed on as an event

    case, _ = await other.create_case(new_case("Счупена пейка"))
    await until(lambda: recorder.events, what="the case.created event")
    (event,) = recorder.events
    assert (event.type, event.case_id) == ("case.created", case.id)
    assert Case.from_json(event.data["case"]) == case
    assert recorder.stream.last_event_id == event.id

    await recorder.close()
    assert recorder.states == [ONLINE, OFFLINE]
    assert recorder.stream.connections == 1 and recorder.stream.error is None


async def test_a_server_restart_loses_nothing_and_doubles_nothing(
    live_server: LiveServer, login: Login, record: type[Recorder], clock
) -> None:  # type: ignore[no-untyped-def]
    operator = await login("operator")
    # A second server process on the same database keeps the city writing while ours is down.
    other_server = LiveServer(live_server.database_url, clock=clock).start()
    writer = CentralClient(other_server.base_url, timeout=10.0)
    try:
        await writer.login("operator2", DEMO_PASSWORD)
        recorder = record(fast(operator))
        assert await recorder.stream.wait_ready(5)
        start = recorder.stream.last_event_id
        assert start is not None

        async def write(count: int) -> None:
            for n in range(count):
                case, _ = await writer.create_case(new_case(f"Сигнал {n}"))
                await writer.post_message(case.id, f"бележка {n}", "internal")
                await asyncio.sleep(0.03)

        writing = asyncio.create_task(write(12))
        await until(lambda: len(recorder.events) >= 4, what="the first events")
        # Cut the stream while events are flowing; the city keeps writing through the other server.
        await asyncio.to_thread(live_server.stop)
        await until(lambda: recorder.stream.state is OFFLINE, what="OFFLINE after failed reconnects")
        assert recorder.states[:3] == [ONLINE, RECONNECTING, OFFLINE]
        written_while_down = [
            (await writer.create_case(new_case(f"Докато го няма {n}")))[0] for n in range(3)
        ]
        await asyncio.to_thread(live_server.start)  # the same port again
        await until(lambda: recorder.stream.state is ONLINE, what="ONLINE after the restart")
        await asyncio.wait_for(writing, 20)

        expected = await asyncio.to_thread(visible_event_ids, live_server.database_url, start)
        assert len(expected) == 27
        await until(lambda: len(recorder.events) >= len(expected), timeout=10, what="every missed event")
        await asyncio.sleep(0.3)  # nothing more may come
        assert recorder.ids == expected  # in order, none missing, none twice
        assert {c.id for c in written_while_down} <= {e.case_id for e in recorder.events}
        assert recorder.stream.connections == 2
        await recorder.close()
    finally:
        await writer.aclose()
        await asyncio.to_thread(other_server.stop)


@any_backend
async def test_heartbeats_keep_a_quiet_stream_connected(
    database_url: str, clock, record: type[Recorder]
) -> None:  # type: ignore[no-untyped-def]
    server = LiveServer(database_url, clock=clock, heartbeat_seconds=0.1, stream_poll_seconds=0.1).start()
    client = CentralClient(server.base_url)
    try:
        await client.login("operator", DEMO_PASSWORD)
        recorder = record(fast(client, heartbeat_timeout=0.6))
        assert await recorder.stream.wait_ready(5)
        await asyncio.sleep(1.5)  # 2.5 heartbeat timeouts without a single event
        assert recorder.stream.state is ONLINE and recorder.states == [ONLINE]
        assert recorder.stream.connections == 1 and recorder.events == []
        await recorder.close()
    finally:
        await client.aclose()
        await asyncio.to_thread(server.stop)


class SilentPeer:
    """A TCP server that answers like an event stream once, then never writes again: a dead peer."""

    def __init__(self) -> None:
        self.requests: list[dict[str, str]] = []
        self._writers: list[asyncio.StreamWriter] = []

    async def start(self) -> str:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        port = self._server.sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.append(writer)
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode().split("\r\n")[1:]
        self.requests.append(
            {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines if line)}
        )
        writer.write(
            b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nconnection: close\r\n\r\n"
            b'id: 7\nevent: stream.ready\ndata: {"last_event_id": 7}\n\n'
        )
        await writer.drain()
        # …and silence: no heartbeat, no close.

    async def close(self) -> None:
        self._server.close()
        for writer in self._writers:
            writer.close()


async def test_silence_longer_than_the_heartbeat_timeout_reconnects(record: type[Recorder]) -> None:
    peer = SilentPeer()
    client = CentralClient(await peer.start(), token="t0ken")
    try:
        recorder = record(fast(client, heartbeat_timeout=0.3, offline_after=3))
        assert await recorder.stream.wait_ready(5)
        await until(lambda: len(peer.requests) >= 3, what="two reconnects after silence")
        assert recorder.states[:3] == [ONLINE, RECONNECTING, ONLINE]
        first, second = peer.requests[:2]
        assert "last-event-id" not in first and first["authorization"] == "Bearer t0ken"
        assert second["last-event-id"] == "7"  # resumes from where stream.ready put us
        assert recorder.events == []
        await recorder.close()
    finally:
        await client.aclose()
        await peer.close()


async def test_a_peer_that_never_answers_goes_offline(record: type[Recorder]) -> None:
    # Accepts the connection and never sends a byte, not even response headers.
    accepted: list[asyncio.StreamWriter] = []

    async def mute(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        accepted.append(writer)

    server = await asyncio.start_server(mute, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    client = CentralClient(f"http://127.0.0.1:{port}", token="t0ken")
    try:
        recorder = record(fast(client, heartbeat_timeout=0.2, offline_after=3))
        assert recorder.stream.state is OFFLINE  # not connected yet
        await until(lambda: OFFLINE in recorder.states, what="OFFLINE after three failures")
        assert recorder.states == [RECONNECTING, OFFLINE] and len(accepted) >= 3
        await until(lambda: len(accepted) >= 4, what="retrying while OFFLINE")
        assert recorder.stream.connections == 0 and not recorder.task.done()
        await recorder.close()
    finally:
        await client.aclose()
        server.close()
        for writer in accepted:
            writer.close()


@any_backend
async def test_an_expired_login_stops_the_stream_with_the_error(live_server: LiveServer) -> None:
    client = CentralClient(live_server.base_url, token="no-such-token")
    try:
        stream = fast(client)
        states: list[ConnectionState] = []
        stream.add_state_listener(states.append)
        await asyncio.wait_for(stream.run(), 5)  # returns by itself
        assert isinstance(stream.error, AuthError) and stream.error.status == 401
        assert stream.state is OFFLINE and states == []  # it never left OFFLINE
    finally:
        await client.aclose()


@any_backend
async def test_a_failing_listener_is_logged_and_the_stream_goes_on(
    login: Login, record: type[Recorder], caplog: pytest.LogCaptureFixture
) -> None:
    operator, other = await login("operator"), await login("operator2")
    stream = fast(operator)

    def broken(event: Event) -> None:
        raise RuntimeError(f"boom on {event.id}")

    stream.add_event_listener(broken)
    recorder = record(stream)
    assert await stream.wait_ready(5)
    with caplog.at_level(logging.ERROR, logger="dispatcher.events"):
        for n in range(2):
            await other.create_case(new_case(f"Сигнал {n}"))
        await until(lambda: len(recorder.events) == 2, what="both events despite the failing listener")
    assert sum("an event listener failed" in r.message for r in caplog.records) == 2
    assert stream.state is ONLINE
    await recorder.close()


@any_backend
async def test_stop_before_run_and_cancelling_run_are_safe(login: Login) -> None:
    operator = await login("operator")
    stopped_early = fast(operator)
    stopped_early.stop()
    await asyncio.wait_for(stopped_early.run(), 1)  # returns at once

    stream = fast(operator)
    task = asyncio.create_task(stream.run())
    assert await stream.wait_ready(5)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(task, 5)  # a real cancellation goes on
    assert stream.state is OFFLINE
    stream.stop()  # harmless afterwards
