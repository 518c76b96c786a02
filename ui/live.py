"""Keeping the console live: the event stream feeding the store, restarted after a new login.

When the server says the token is no longer valid (expired at the end of a shift, revoked), the stream
stops with an ``AuthError``. The console then asks for a login again (or, on the embedded demo server, logs
in by itself) and resumes the stream from the last event it saw, so nothing is missed in between.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from dispatcher.client import CentralClient
from dispatcher.errors import AuthError
from dispatcher.events import ConnectionState, EventStream
from dispatcher.store import Store
from ui.async_tools import spawn

log = logging.getLogger(__name__)


class LiveLink:
    def __init__(
        self, client: CentralClient, store: Store, relogin: Callable[[], Awaitable[str | None]]
    ) -> None:
        """``relogin`` returns a new token, or None when the operator gave up."""
        self._client = client
        self._store = store
        self._relogin = relogin
        self._state_listeners: list[Callable[[ConnectionState], None]] = []
        self._task: asyncio.Task[None] | None = None
        self._relogging = False
        self.stream = self._new_stream(None)

    def add_state_listener(self, callback: Callable[[ConnectionState], None]) -> None:
        self._state_listeners.append(callback)

    @property
    def state(self) -> ConnectionState:
        return self.stream.state

    def start(self) -> None:
        self._task = asyncio.ensure_future(self.stream.run())

    async def stop(self) -> None:
        self.stream.stop()
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    def _new_stream(self, last_event_id: int | None) -> EventStream:
        stream = EventStream(self._client, last_event_id=last_event_id)
        stream.add_event_listener(self._store.apply)
        stream.add_state_listener(self._on_state)
        return stream

    def _on_state(self, state: ConnectionState) -> None:
        for callback in self._state_listeners:
            callback(state)
        if (
            state is ConnectionState.OFFLINE
            and isinstance(self.stream.error, AuthError)
            and not self._relogging
        ):
            spawn(self._login_again())

    async def _login_again(self) -> None:
        self._relogging = True
        try:
            token = await self._relogin()
            if token is None:
                log.warning("the operator did not log in again: the console stays offline")
                return
            self._client.set_token(token)
            await self.stop()
            self.stream = self._new_stream(self.stream.last_event_id)  # resume where we were
            self.start()
        finally:
            self._relogging = False
