"""``GET /events``: the live audit trail as Server-Sent Events, resumable with Last-Event-ID."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.sse import EventSourceResponse, ServerSentEvent

from central.api import AppState, app_state, current_user
from central.auth.models import User
from central.errors import ValidationFailed
from central.events.models import Event
from central.events.service import StreamFilter, events_after, last_event_id

router = APIRouter(tags=["events"])


def _parse_last_id(header: str | None, query: int | None) -> int | None:
    if query is not None:
        return query
    if header is None or header.strip() == "":
        return None
    try:
        value = int(header.strip())
    except ValueError:
        raise ValidationFailed(
            {"Last-Event-ID": "expected the numeric id of the last event received"}
        ) from None
    if value < 0:
        raise ValidationFailed({"Last-Event-ID": "must not be negative"})
    return value


def _sse(event: Event) -> ServerSentEvent:
    payload = {
        "id": event.id,
        "type": event.type,
        "case_id": event.case_id,
        "crew_id": event.crew_id,
        "actor_user_id": event.actor_user_id,
        "created_at": event.created_at.isoformat(),
        "data": event.data,
    }
    return ServerSentEvent(id=str(event.id), event=event.type, data=payload)


@router.get(
    "/events",
    response_class=EventSourceResponse,
    summary="Live events (SSE). Resume with Last-Event-ID; without it, starts at the newest event.",
)
async def stream_events(
    state: Annotated[AppState, Depends(app_state)],
    user: Annotated[User, Depends(current_user)],
    last_event_id_header: Annotated[str | None, Header(alias="Last-Event-ID")] = None,
    after: Annotated[
        int | None, Query(ge=0, description="Same as Last-Event-ID, for clients that cannot set it")
    ] = None,
) -> AsyncIterator[ServerSentEvent]:
    start = _parse_last_id(last_event_id_header, after)
    stream_filter = StreamFilter.for_user(user)
    state.broker.bind_loop(asyncio.get_running_loop())
    waiter = state.broker.subscribe()

    def fetch(after_id: int) -> list[Event]:
        with state.sessions() as session:
            return events_after(session, after_id, stream_filter)

    def newest() -> int:
        with state.sessions() as session:
            return last_event_id(session)

    try:
        cursor = start if start is not None else await run_in_threadpool(newest)
        # Tell the client where it stands: a later reconnect resumes from here even if nothing arrives.
        yield ServerSentEvent(id=str(cursor), event="stream.ready", data={"last_event_id": cursor})
        loop = asyncio.get_running_loop()
        last_sent = loop.time()
        while True:
            waiter.clear()
            batch = await run_in_threadpool(fetch, cursor)
            for event in batch:
                yield _sse(event)
                cursor = event.id
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
