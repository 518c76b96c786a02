"""The shared tail of events (central.events.feed): the Python filter is the SQL filter, one read serves
every stream asking at once, and a cursor older than the tail goes back to the database."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import Session, sessionmaker

from central.events.feed import EventFeed, feed_event
from central.events.models import Event
from central.events.service import StreamFilter, events_after, last_event_id

T = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
FILTERS = [
    StreamFilter(1, "lead", "CC"),
    StreamFilter(2, "admin", None),
    StreamFilter(3, "operator", "CC"),
    StreamFilter(4, "unit_staff", "U1"),
    StreamFilter(5, "unit_staff", "U2"),
    StreamFilter(7, "responder", "U1", crew_id=3),
    StreamFilter(7, "responder", "U1"),
    StreamFilter(9, "responder", "U2", crew_id=4),
]


@pytest.fixture
def sessions(database_url: str) -> Iterator[sessionmaker[Session]]:
    from central.db import make_engine, make_sessionmaker

    engine = make_engine(database_url)
    yield make_sessionmaker(engine)
    engine.dispose()


def _write(sessions: sessionmaker[Session], rows: list[dict[str, object]]) -> list[int]:
    with sessions() as session:
        events = [
            Event(type="case.updated", data={"n": n}, created_at=T, **row) for n, row in enumerate(rows)
        ]
        session.add_all(events)
        session.commit()
        return [e.id for e in events]


def test_the_python_filter_lets_through_exactly_what_the_sql_filter_does(
    sessions: sessionmaker[Session],
) -> None:
    with sessions() as session:
        before = last_event_id(session)
    combinations = itertools.product(
        ("staff", "public", "internal", "crew", "audit"),
        (None, "U1", "U2"),  # unit_code
        (None, "U1"),  # prev_unit_code
        (None, 7, 8),  # assignee_user_id
        (None, 7),  # prev_assignee_user_id
        (None, 3, 4),  # crew_id
        (None, 3),  # prev_crew_id
    )
    names = ("audience", "unit_code", "prev_unit_code", "assignee_user_id", "prev_assignee_user_id")
    names += ("crew_id", "prev_crew_id")
    _write(sessions, [dict(zip(names, values, strict=True)) for values in combinations])
    with sessions() as session:
        written = events_after(session, before, StreamFilter(1, "lead", None), limit=10_000)
        assert len(written) == 5 * 3 * 2 * 3 * 2 * 3 * 2
        for allowed in FILTERS:
            by_sql = [e.id for e in events_after(session, before, allowed, limit=10_000)]
            by_python = [e.id for e in written if allowed.allows(e)]
            assert by_sql == by_python, allowed
            assert by_sql, allowed  # every filter lets something through, and…
        assert len(events_after(session, before, FILTERS[-1], limit=10_000)) < len(written)  # …not all


async def test_one_read_serves_every_stream_and_old_cursors_go_to_the_database(
    sessions: sessionmaker[Session],
) -> None:
    feed = EventFeed(sessions, keep=4)
    with sessions() as session:
        start = last_event_id(session)
    lead, mladost = StreamFilter(1, "lead", None), StreamFilter(4, "unit_staff", "U1")
    assert await feed.after(start, lead) == ([], start)  # the tail begins at the newest event
    assert await feed.after(start - 1, lead) is None  # older than the tail: the caller reads the table

    ids = _write(
        sessions, [{"unit_code": "U1"}, {"unit_code": "U2"}, {"unit_code": "U1", "audience": "audit"}]
    )
    reads = feed.reads
    answers = [a for a, _ in await asyncio.gather(*(feed.after(start, f) for f in [lead, mladost] * 5))]
    assert feed.reads == reads + 1  # ten streams woken by one commit: one query
    assert [[e.id for e in a] for a in answers[:2]] == [ids, ids[:1]]
    first = json.loads(answers[0][0].payload)  # what the stream sends, encoded once
    assert (first["id"], first["type"], first["data"]) == (ids[0], "case.updated", {"n": 0})
    assert [e.id for e in (await feed.after(ids[0], lead))[0]] == ids[1:]
    assert [e.id for e in (await feed.after(start, lead, limit=2))[0]] == ids[:2]

    more = _write(sessions, [{"unit_code": "U1"}, {"unit_code": "U1"}])
    assert [e.id for e in (await feed.after(ids[-1], mladost))[0]] == more
    # Only the newest four stay: a stream still at `start` is older than the tail now.
    assert await feed.after(start, lead) is None
    assert [e.id for e in (await feed.after(ids[0], lead))[0]] == [*ids[1:], *more]


async def test_a_stream_that_leaves_mid_read_does_not_leave_a_stale_read_behind(
    sessions: sessionmaker[Session],
) -> None:
    feed = EventFeed(sessions)
    with sessions() as session:
        start = last_event_id(session)
    lead = StreamFilter(1, "lead", None)
    await feed.after(start, lead)
    leaving = asyncio.ensure_future(feed.after(start, lead))
    await asyncio.sleep(0)  # its read is under way…
    leaving.cancel()  # …when the console disconnects
    with contextlib.suppress(asyncio.CancelledError):
        await leaving
    await asyncio.sleep(0.3)  # the read finishes without anyone waiting for it
    ids = _write(sessions, [{"unit_code": "U1"}])
    assert [e.id for e in (await feed.after(start, lead))[0]] == ids  # a fresh read, not the finished one


async def test_a_stream_arriving_during_a_read_gets_a_read_that_began_after_it(
    sessions: sessionmaker[Session],
) -> None:
    """The read under way may have missed the commit that woke a late stream: it waits for the next one."""
    feed = EventFeed(sessions)
    with sessions() as session:
        start = last_event_id(session)
    lead, quiet = StreamFilter(1, "lead", None), StreamFilter(5, "unit_staff", "U2")
    await feed.after(start, lead)
    first = _write(sessions, [{"unit_code": "U1"}])
    early = asyncio.ensure_future(feed.after(start, lead))
    await asyncio.sleep(0)  # its read has begun (the SELECT runs in a thread)…
    second = _write(sessions, [{"unit_code": "U1"}])  # …when another commit lands and wakes a late stream
    late = await feed.after(start, lead)
    assert [e.id for e in late[0]] == [*first, *second]
    assert [e.id for e in (await early)[0]][:1] == first
    # A stream that may see none of it still moves on: its next cursor is the newest event it looked at.
    assert await feed.after(start, quiet) == ([], second[0])


def test_a_payload_is_one_line_whatever_the_citizen_typed() -> None:
    text = "Дупка\u2028на\u2029улицата\x85и\nкола"
    event = Event(id=1, type="case.created", audience="staff", data={"description": text}, created_at=T)
    payload = feed_event(event).payload
    assert len(payload.splitlines()) == 1 and "Дупка" in payload  # Cyrillic stays readable
    assert json.loads(payload)["data"] == {"description": text}
