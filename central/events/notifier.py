"""Waking event streams when new events are committed.

In one process, a commit that wrote events wakes the streams directly. Across processes on PostgreSQL
the commit's ``pg_notify`` reaches every server's LISTEN connection. Streams also re-check on a timer,
so a lost wake-up costs latency, never an event.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

import psycopg
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session, sessionmaker

from central.events.service import NOTIFY_CHANNEL, reset_transaction_flags

log = logging.getLogger(__name__)


class EventBroker:
    """Fan-out of "something new was committed" to the waiting streams of this process."""

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._waiters: set[asyncio.Event] = set()
        self._listen_task: asyncio.Task[None] | None = None

    def bind_loop(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop

    def subscribe(self) -> asyncio.Event:
        waiter = asyncio.Event()
        self._waiters.add(waiter)
        return waiter

    def unsubscribe(self, waiter: asyncio.Event) -> None:
        self._waiters.discard(waiter)

    def wake_all(self) -> None:
        """Thread-safe: called from request threads after commit."""
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        loop.call_soon_threadsafe(self._set_all)

    def _set_all(self) -> None:
        for waiter in self._waiters:
            waiter.set()

    def watch_commits(self, factory: sessionmaker[Session]) -> None:
        """Wake streams after every commit of this process that wrote events."""

        @sa_event.listens_for(factory, "after_commit")
        def _after_commit(session: Session) -> None:
            wrote = session.info.get("events_written", False)
            reset_transaction_flags(session)
            if wrote:
                self.wake_all()

        @sa_event.listens_for(factory, "after_rollback")
        def _after_rollback(session: Session) -> None:
            reset_transaction_flags(session)

    async def start_listening(self, conninfo: str) -> None:
        """LISTEN on PostgreSQL so that commits of other server processes wake our streams."""
        self._listen_task = asyncio.create_task(self._listen(conninfo), name="pg-listen")

    async def stop(self) -> None:
        if self._listen_task is not None:
            self._listen_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._listen_task
            self._listen_task = None

    async def _listen(self, conninfo: str) -> None:
        backoff = 0.5
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(conninfo, autocommit=True) as conn:
                    await conn.execute(f"LISTEN {NOTIFY_CHANNEL}")
                    backoff = 0.5
                    self._set_all()  # we may have missed something while (re)connecting
                    async for _notify in conn.notifies():
                        self._set_all()
            except asyncio.CancelledError:
                raise
            except Exception as error:  # the database restarted or the network blinked: retry
                log.warning("event LISTEN connection lost (%s); retrying in %.1fs", error, backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 10.0)
