"""``GET /events``: the live audit trail as Server-Sent Events, resumable with Last-Event-ID."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials
from fastapi.sse import EventSourceResponse, ServerSentEvent

from central.api import AppState, app_state, bearer, current_user
from central.auth.models import User
from central.auth.service import user_for_token
from central.errors import ValidationFailed
from central.events.feed import FeedEvent, feed_event
from central.events.service import StreamFilter, events_after, last_event_id

router = APIRouter(tags=["events"])
# Event ids are 64-bit integers; anything larger cannot be compared in SQL (SQLite raises OverflowError).
MAX_EVENT_ID = 2**63 - 1


def _parse_last_id(header: str | None, query: int | None) -> int | None:
    # The header wins: an EventSource reconnects to the same URL (with the ?after= it started from) and
    # sends the id it really got to in Last-Event-ID; preferring the query would replay duplicates.
    if header is None or header.strip() == "":
        return query
    try:
        value = int(header.strip())
    except ValueError:
        raise ValidationFailed(
            {"Last-Event-ID": "expected the numeric id of the last event received"}
        ) from None
    if value < 0:
        raise ValidationFailed({"Last-Event-ID": "must not be negative"})
    if value > MAX_EVENT_ID:
        raise ValidationFailed({"Last-Event-ID": "is larger than any event id can be"})
    return value


def _start_cursor(
    last_event_id_header: Annotated[str | None, Header(alias="Last-Event-ID")] = None,
    after: Annotated[
        int | None,
        Query(ge=0, le=MAX_EVENT_ID, description="Same as Last-Event-ID, for clients that cannot set it"),
    ] = None,
) -> int | None:
    """Where the stream starts. A dependency, so that a bad value is a 422 before the stream begins
    (inside the generator the 200 and its headers are already on their way)."""
    return _parse_last_id(last_event_id_header, after)


def _sse(event: FeedEvent) -> ServerSentEvent:
    return ServerSentEvent(id=str(event.id), event=event.type, raw_data=event.payload)


@router.get(
    "/events",
    response_class=EventSourceResponse,
    summary="Live events (SSE). Resume with Last-Event-ID; without it, starts at the newest event.",
)
async def stream_events(
    state: Annotated[AppState, Depends(app_state)],
    user: Annotated[User, Depends(current_user)],
    start: Annotated[int | None, Depends(_start_cursor)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> AsyncIterator[ServerSentEvent]:
    assert credentials is not None  # current_user required it
    token = credentials.credentials
    stream_filter = StreamFilter.for_user(user)
    state.broker.bind_loop(asyncio.get_running_loop())
    waiter = state.broker.subscribe()

    def fetch(after_id: int, allowed: StreamFilter) -> list[FeedEvent]:
        with state.sessions() as session:
            return [feed_event(event) for event in events_after(session, after_id, allowed)]

    async def next_batch(after_id: int, allowed: StreamFilter) -> tuple[list[FeedEvent], int]:
        """(events, the next cursor): from the tail all streams share (one read per wake-up), which also
        moves a quiet stream's cursor past what it may not see; from the database when resuming from
        further back than the tail reaches."""
        cached = await state.feed.after(after_id, allowed)
        if cached is not None:
            return cached
        batch = await run_in_threadpool(fetch, after_id, allowed)
        return batch, batch[-1].id if batch else after_id

    def recheck() -> StreamFilter | None:
        """The user's filter as of now; None once the token is revoked or expired or the user deactivated.
        A stream lives for hours: what it may carry must follow logouts and role changes (invariant 6)."""
        with state.sessions() as session:
            now_user = user_for_token(session, token, now=state.clock.now())
            return StreamFilter.for_user(now_user) if now_user is not None else None

    def newest() -> int:
        with state.sessions() as session:
            return last_event_id(session)

    try:
        latest = await run_in_threadpool(newest)
        # A cursor beyond the newest event (the database was recreated) would silence the stream until
        # new ids pass it: start from the newest instead.
        cursor = latest if start is None or start > latest else start
        # Tell the client where it stands: a later reconnect resumes from here even if nothing arrives.
        yield ServerSentEvent(id=str(cursor), event="stream.ready", data={"last_event_id": cursor})
        loop = asyncio.get_running_loop()
        last_sent = last_checked = loop.time()
        while True:
            waiter.clear()
            if loop.time() - last_checked >= state.settings.heartbeat_seconds:
                rechecked = await run_in_threadpool(recheck)
                if rechecked is None:
                    return  # the client reconnects, gets 401 and asks its user to log in again
                stream_filter, last_checked = rechecked, loop.time()
            batch, looked_to = await next_batch(cursor, stream_filter)
            for event in batch:
                yield _sse(event)
                cursor = event.id
            cursor = max(cursor, looked_to)
            if batch:
                last_sent = loop.time()
            if len(batch) == 500:
                continue  # replaying a backlog: keep going before waiting
            # Wake on a commit, or re-check now and then in case a wake-up was lost.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(
                    waiter.wait(),
                    timeout=min(state.settings.stream_poll_seconds, state.settings.heartbeat_seconds),
                )
            if loop.time() - last_sent >= state.settings.heartbeat_seconds:
                yield ServerSentEvent(comment="heartbeat")
                last_sent = loop.time()
    finally:
        state.broker.unsubscribe(waiter)
