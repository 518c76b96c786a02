"""The live event stream (``GET /api/v1/events``, Server-Sent Events) with resume, liveness and backoff.

How the pieces fit:

* Connection: ``httpx_sse.aconnect_sse`` over the client's ``httpx.AsyncClient``, sending ``Last-Event-ID``
  once we know where we stand, so a reconnect replays exactly what was missed.
* Liveness: the server writes a heartbeat comment every few seconds when it has nothing to say. httpx-sse
  drops comments (0.4.3 at most yields an empty "message" for them once an id was seen), so we do not
  count on seeing them: the request's httpx *read* timeout is the heartbeat timeout instead. Any bytes
  (event or comment) reset it; silence for ``heartbeat_timeout`` raises ``ReadTimeout`` and we reconnect.
  This also catches a dead peer that accepted the connection and never wrote anything.
* Failures: network errors, timeouts, 5xx → RECONNECTING with exponential backoff and jitter, OFFLINE after
  ``offline_after`` consecutive failures (still retrying). 401 (and other refusals that retrying cannot
  fix) → OFFLINE, ``run()`` returns with the error in :attr:`EventStream.error`.
* Only plain asyncio: the UI runs this on a qasync loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import json
import logging
import random
from collections.abc import Callable

import httpx
from httpx_sse import ServerSentEvent, SSEError, aconnect_sse

from dispatcher.client import CentralClient, transport_error
from dispatcher.errors import ApiError, ServerError, UnreachableError, error_from_response
from dispatcher.models import Event
from dispatcher.tasks import await_stoppable

log = logging.getLogger(__name__)

READY_EVENT = "stream.ready"
# Refusals worth retrying (the server or a proxy asks us to come back later); other 4xx would repeat.
_RETRY_STATUSES = frozenset({408, 425, 429})


class ConnectionState(enum.Enum):
    ONLINE = "online"  # connected, events arrive live
    RECONNECTING = "reconnecting"  # the connection dropped or failed; trying again shortly
    OFFLINE = "offline"  # not connected: not started, stopped, refused, or failing for a while


class EventStream:
    """Consumes the event stream of one server for the client's user, until :meth:`stop`."""

    def __init__(
        self,
        client: CentralClient,
        *,
        last_event_id: int | None = None,
        heartbeat_timeout: float = 45.0,
        backoff_initial: float = 0.5,
        backoff_max: float = 30.0,
        offline_after: int = 3,
    ) -> None:
        self._client = client
        self._last_event_id = last_event_id
        self._heartbeat_timeout = heartbeat_timeout
        self._backoff_initial = backoff_initial
        self._backoff_max = backoff_max
        self._offline_after = max(1, offline_after)
        self._event_listeners: list[Callable[[Event], None]] = []
        self._state_listeners: list[Callable[[ConnectionState], None]] = []
        self._state = ConnectionState.OFFLINE
        self._failures = 0
        self._stopping = False
        self._inner: asyncio.Task[None] | None = None
        self._ready = asyncio.Event()
        self.error: ApiError | None = None
        #: How many times a stream was established (each ``stream.ready``): diagnostics and tests.
        self.connections = 0

    # --- public --------------------------------------------------------------------------------------

    @property
    def state(self) -> ConnectionState:
        return self._state

    @property
    def last_event_id(self) -> int | None:
        """The id of the newest event received (or the cursor of ``stream.ready``); resume from here."""
        return self._last_event_id

    def add_event_listener(self, callback: Callable[[Event], None]) -> None:
        self._event_listeners.append(callback)

    def add_state_listener(self, callback: Callable[[ConnectionState], None]) -> None:
        self._state_listeners.append(callback)

    async def wait_ready(self, timeout: float | None = None) -> bool:
        """Wait until the first connection told us where the stream stands (``stream.ready``).

        Load the case list *after* this: from then on every change is either in the pages or on the stream.
        Returns False on timeout.
        """
        try:
            await asyncio.wait_for(self._ready.wait(), timeout)
        except TimeoutError:
            return False
        return True

    async def run(self) -> None:
        """Stream until :meth:`stop` (returns) or a refusal such as 401 (returns, see :attr:`error`).

        Cancelling the task that runs this is safe: the connection is closed and the cancellation goes on.
        """
        if self._stopping:
            return
        # The work runs in an inner task so that stop() can cut a pending read or backoff sleep at once
        # without cancelling the caller's task (which would be indistinguishable from a real cancel).
        self._inner = asyncio.ensure_future(self._run_forever())
        try:
            await await_stoppable(self._inner, lambda: self._stopping)
        finally:
            self._inner = None
            self._set_state(ConnectionState.OFFLINE)

    def stop(self) -> None:
        """Make :meth:`run` return promptly. Safe to call at any time, also before ``run()`` and twice."""
        self._stopping = True
        if self._inner is not None and not self._inner.done():
            self._inner.cancel()

    # --- the loop --------------------------------------------------------------------------------------

    async def _run_forever(self) -> None:
        while not self._stopping:
            try:
                await self._stream_once()
                problem: ApiError = UnreachableError("the server ended the event stream")
            except (UnreachableError, ServerError) as error:
                problem = error
            except ApiError as error:
                if error.status in _RETRY_STATUSES:
                    problem = error
                else:
                    # 401 (log in again), 403, 404, 422…: trying again would get the same answer.
                    log.warning("event stream refused: %s", error)
                    self.error = error
                    self._set_state(ConnectionState.OFFLINE)
                    return
            except Exception as error:
                # A bug or something unforeseen on the wire must not end live updates for the shift.
                log.exception("event stream failed unexpectedly")
                problem = ApiError(0, f"unexpected {type(error).__name__}: {error}")
            self._failures += 1
            delay = self._backoff_delay()
            log.info(
                "event stream interrupted (%s); attempt %d, retrying in %.1f s",
                problem,
                self._failures,
                delay,
            )
            failing_long = self._failures >= self._offline_after
            self._set_state(ConnectionState.OFFLINE if failing_long else ConnectionState.RECONNECTING)
            await asyncio.sleep(delay)

    def _backoff_delay(self) -> float:
        # The exponent is capped: after a night of failures 2**n would overflow a float.
        ceiling = min(self._backoff_max, self._backoff_initial * 2 ** min(self._failures - 1, 32))
        # Jitter keeps a room full of consoles from reconnecting in lockstep after a server restart.
        return ceiling * random.uniform(0.5, 1.0)

    async def _stream_once(self) -> None:
        """One connection: read events until it ends or fails (raises an :class:`ApiError`)."""
        headers = self._client.auth_headers()
        if self._last_event_id is not None:
            headers["Last-Event-ID"] = str(self._last_event_id)
        # The read timeout is the heartbeat watchdog (see the module docstring).
        timeout = httpx.Timeout(
            connect=min(10.0, self._heartbeat_timeout), read=self._heartbeat_timeout, write=10.0, pool=10.0
        )
        try:
            async with aconnect_sse(
                self._client.http, "GET", self._client.url("/events"), headers=headers, timeout=timeout
            ) as source:
                response = source.response
                if not response.is_success:
                    await response.aread()
                    raise error_from_response(response.status_code, response.content, response.reason_phrase)
                async for sse in source.aiter_sse():
                    self._handle(sse)
        except SSEError as error:  # a 200 that is not an event stream: some proxy in the way
            raise ServerError(502, f"the server did not answer with an event stream: {error}") from error
        except httpx.HTTPError as error:
            raise transport_error(error) from error

    def _handle(self, sse: ServerSentEvent) -> None:
        if not sse.data:
            return  # a heartbeat comment as httpx-sse surfaces it: liveness is the read timeout's job
        if sse.event == READY_EVENT:
            with contextlib.suppress(ValueError):
                self._last_event_id = int(sse.id)
            self.connections += 1
            self._connected()
            return
        try:
            event = Event.from_json(json.loads(sse.data))
        except (ValueError, KeyError, TypeError) as error:
            log.warning("skipping a malformed event (id %r): %s", sse.id, error)
            with contextlib.suppress(ValueError):
                self._last_event_id = max(self._last_event_id or 0, int(sse.id))
            return
        self._connected()
        if self._last_event_id is not None and event.id <= self._last_event_id:
            return  # already delivered (cannot happen with a correct server; costs nothing to guard)
        self._last_event_id = event.id
        for callback in list(self._event_listeners):
            try:
                callback(event)
            except Exception:
                log.exception("an event listener failed on event %d (%s)", event.id, event.type)

    def _connected(self) -> None:
        if self._state is not ConnectionState.ONLINE:
            self._failures = 0
            self._ready.set()
            self._set_state(ConnectionState.ONLINE)

    def _set_state(self, state: ConnectionState) -> None:
        if state is self._state:
            return
        self._state = state
        for callback in list(self._state_listeners):
            try:
                callback(state)
            except Exception:
                log.exception("a connection state listener failed on %s", state.name)
