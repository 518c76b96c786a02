"""The tail of the event table, read once per wake-up for every stream of this process.

Without it, each open stream ran its own query on every commit: with 10 consoles and 40 crew positions a
second that is 400 reads a second, all queued on SQLite's write lock (bench/crew_delivery.py measured a p99
delivery of over a second). Here one read brings the new events into memory, each already encoded as the
stream sends it, and every stream picks what its user may see with :meth:`StreamFilter.allows` — the same
rule as the SQL one (a test holds the two together). A stream whose cursor is older than the cached tail
(a console resuming after a long break) reads from the database as before.

Event ids are handed out in commit order (one writer at a time on SQLite, the event-order lock on
PostgreSQL), so reading ``id > newest`` never skips a later-committed smaller id.
"""

from __future__ import annotations

import asyncio
import bisect
import json
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from central.events.models import Event
from central.events.service import StreamFilter, last_event_id

KEEP = 5_000  # events kept in memory: minutes of a busy city, enough for any stream that keeps up
READ_LIMIT = 1_000  # events per query when catching up on a burst


@dataclass(frozen=True, slots=True)
class FeedEvent:
    """An event as the streams need it: the columns the filter looks at, and the encoded payload."""

    id: int
    type: str
    audience: str
    unit_code: str | None
    prev_unit_code: str | None
    assignee_user_id: int | None
    prev_assignee_user_id: int | None
    crew_id: int | None
    prev_crew_id: int | None
    payload: str  # the JSON of the SSE ``data:`` field, encoded once for all streams


# Characters JSON leaves raw (without ensure_ascii) that a client splitting lines like str.splitlines()
# would take for line ends inside the SSE data field: escaped, the JSON stays the same.
_LINE_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def payload_of(event: Event) -> str:
    return _dumps(
        {
            "id": event.id,
            "type": event.type,
            "case_id": event.case_id,
            "crew_id": event.crew_id,
            "actor_user_id": event.actor_user_id,
            "created_at": event.created_at.isoformat(),
            "data": event.data,
        },
    )


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).translate(_LINE_BREAKS)


def feed_event(event: Event) -> FeedEvent:
    return FeedEvent(
        id=event.id,
        type=event.type,
        audience=event.audience,
        unit_code=event.unit_code,
        prev_unit_code=event.prev_unit_code,
        assignee_user_id=event.assignee_user_id,
        prev_assignee_user_id=event.prev_assignee_user_id,
        crew_id=event.crew_id,
        prev_crew_id=event.prev_crew_id,
        payload=payload_of(event),
    )


class EventFeed:
    """The newest events of the table, shared by the streams of one server process (on its event loop)."""

    def __init__(self, sessions: sessionmaker[Session], keep: int = KEEP) -> None:
        self._sessions = sessions
        self._keep = keep
        self._events: list[FeedEvent] = []
        self._ids: list[int] = []  # the same events' ids, for bisect
        self._base: int | None = None  # the cache holds every event with an id above this
        self._reading: asyncio.Future[None] | None = None
        self._asked = 0  # tickets handed to callers of refresh()
        self._served = 0  # every ticket up to this was handed out before a read that has finished began
        self.reads = 0  # database reads made (tests, benchmarks)

    async def after(
        self, cursor: int, allowed: StreamFilter, limit: int = 500
    ) -> tuple[list[FeedEvent], int] | None:
        """Events after ``cursor`` that ``allowed`` lets through, oldest first, once the tail is fresh, and
        how far the stream has now looked (its next cursor, even when it was shown nothing: a quiet stream
        keeps up with the tail). None when the cursor is older than the cache (the caller reads the
        database)."""
        await self.refresh()
        if self._base is None or cursor < self._base:
            return None
        start = bisect.bisect_right(self._ids, cursor)
        found: list[FeedEvent] = []
        for event in self._events[start:]:
            if allowed.allows(event):
                found.append(event)
                if len(found) == limit:
                    return found, event.id
        return found, max(cursor, self._ids[-1] if self._ids else self._base)

    async def refresh(self) -> None:
        """Bring the tail up to date with a read that began after this call: one read for all the streams
        asking meanwhile. A caller arriving while a read is under way (it may have missed the commit that
        woke the caller) waits for the next read, which it shares with everyone else who arrived."""
        self._asked += 1
        ticket = self._asked
        loop = asyncio.get_running_loop()
        while self._served < ticket:
            reading = self._reading
            # A finished read (even one that failed or whose callers all went away), or one of another
            # event loop, never stands in for a fresh one.
            if reading is None or reading.done() or reading.get_loop() is not loop:
                reading = self._reading = asyncio.ensure_future(self._catch_up())
            await asyncio.shield(reading)

    async def _catch_up(self) -> None:
        """Read what is new. It serves the tickets handed out before it began to read: the callers woken
        by the same commit, which run before this task does, all share it."""
        serves = self._asked
        while True:
            base = self._base
            newest = self._ids[-1] if self._ids else base
            first, events = await run_in_threadpool(self._read_tail, newest)
            self.reads += 1
            if base is None:
                self._base = first  # the cache starts at the newest event of the first read
            self._append(events)
            if len(events) < READ_LIMIT:
                self._served = max(self._served, serves)
                return

    def _append(self, events: list[FeedEvent]) -> None:
        self._events.extend(events)
        self._ids.extend(e.id for e in events)
        extra = len(self._events) - self._keep
        if extra > 0:
            self._base = self._ids[extra - 1]
            del self._events[:extra]
            del self._ids[:extra]

    def _read_tail(self, newest: int | None) -> tuple[int, list[FeedEvent]]:
        """(the newest id when starting from nothing, the events after ``newest``), in a thread."""
        with self._sessions() as session:
            if newest is None:
                return last_event_id(session), []
            rows = session.scalars(
                sa.select(Event).where(Event.id > newest).order_by(Event.id).limit(READ_LIMIT)
            )
            return newest, [feed_event(event) for event in rows]
