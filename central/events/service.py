"""Writing events (in the caller's transaction) and reading them back for a user's stream."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.orm import Session

from central.auth.models import User
from central.auth.permissions import CITY_WIDE_ROLES
from central.events.models import Event

NOTIFY_CHANNEL = "callsofia_events"
# An arbitrary constant naming our advisory lock: event ids must be handed out in commit order.
_EVENT_ORDER_LOCK = 727_0001


def append_event(
    session: Session,
    type_: str,
    data: dict[str, Any],
    *,
    now: datetime,
    actor: User | None,
    case_id: int | None = None,
    crew_id: int | None = None,
    unit_code: str | None = None,
    prev_unit_code: str | None = None,
    assignee_user_id: int | None = None,
    prev_assignee_user_id: int | None = None,
    prev_crew_id: int | None = None,
    audience: str = "staff",
) -> Event:
    """Add an event to the current transaction. No event, no change: callers never commit without one."""
    take_event_order_lock(session)
    event = Event(
        type=type_,
        case_id=case_id,
        crew_id=crew_id,
        actor_user_id=actor.id if actor else None,
        unit_code=unit_code,
        prev_unit_code=prev_unit_code,
        assignee_user_id=assignee_user_id,
        prev_assignee_user_id=prev_assignee_user_id,
        prev_crew_id=prev_crew_id,
        audience=audience,
        data=data,
        created_at=now,
    )
    session.add(event)
    session.info["events_written"] = True
    return event


def take_event_order_lock(session: Session) -> None:
    """On PostgreSQL, serialise event-writing transactions from here to commit.

    Sequence values are handed out when a row is inserted, not when it commits, so without this a
    stream reading "id > last seen" could skip an event whose transaction committed late. The lock is
    taken just before the first event of a transaction (events are written last) and released by the
    commit, so it costs little. SQLite already serialises writers. The NOTIFY rides on the same
    transaction: other server processes wake only once the event is visible.

    A transaction that must run one at a time for another reason too (case creation: the tracking
    counter row) takes this lock first, so that waiters queue here rather than on the row.
    """
    if session.info.get("event_lock_taken"):
        return
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            sa.text("SELECT pg_advisory_xact_lock(:key), pg_notify(:channel, '')"),  # one round trip
            {"key": _EVENT_ORDER_LOCK, "channel": NOTIFY_CHANNEL},
        )
    session.info["event_lock_taken"] = True


def reset_transaction_flags(session: Session) -> None:
    session.info.pop("event_lock_taken", None)
    session.info.pop("events_written", None)


@dataclass(frozen=True)
class StreamFilter:
    """What one user may see on the stream (invariant 6; reporters never travel in events: invariant 5)."""

    user_id: int
    role: str
    unit_code: str | None
    crew_id: int | None = None

    @classmethod
    def for_user(cls, user: User) -> StreamFilter:
        return cls(user.id, user.role, user.unit_code, user.crew_id)

    def where(self) -> sa.ColumnElement[bool]:
        if self.role in ("lead", "admin"):
            return sa.true()
        if self.role in CITY_WIDE_ROLES:
            return Event.audience != "audit"  # who read personal data is for leads and administrators
        if self.role == "unit_staff":
            return sa.and_(
                Event.audience != "audit",
                sa.or_(Event.unit_code == self.unit_code, Event.prev_unit_code == self.unit_code),
            )
        # responders: their own cases and their crew's (its cases and its own events), and of the thread
        # only what a crew may read
        mine = [Event.assignee_user_id == self.user_id, Event.prev_assignee_user_id == self.user_id]
        if self.crew_id is not None:
            mine += [Event.crew_id == self.crew_id, Event.prev_crew_id == self.crew_id]
        return sa.and_(sa.or_(*mine), Event.audience.in_(("staff", "public", "crew")))

    def allows(self, event: FilteredColumns) -> bool:
        """The same rule as :meth:`where`, in Python, for events already in memory (``events.feed``)."""
        if self.role in ("lead", "admin"):
            return True
        if self.role in CITY_WIDE_ROLES:
            return event.audience != "audit"
        if self.role == "unit_staff":
            return event.audience != "audit" and self.unit_code in (event.unit_code, event.prev_unit_code)
        mine = self.user_id in (event.assignee_user_id, event.prev_assignee_user_id) or (
            self.crew_id is not None and self.crew_id in (event.crew_id, event.prev_crew_id)
        )
        return mine and event.audience in ("staff", "public", "crew")


class FilteredColumns(Protocol):
    """What :meth:`StreamFilter.allows` reads of an event (an ``Event`` row or a cached copy of it)."""

    audience: str
    unit_code: str | None
    prev_unit_code: str | None
    assignee_user_id: int | None
    prev_assignee_user_id: int | None
    crew_id: int | None
    prev_crew_id: int | None


def events_after(
    session: Session, after_id: int, stream_filter: StreamFilter, limit: int = 500
) -> list[Event]:
    """Events later than ``after_id`` that the user may see, oldest first."""
    return list(
        session.scalars(
            sa.select(Event).where(Event.id > after_id, stream_filter.where()).order_by(Event.id).limit(limit)
        )
    )


def last_event_id(session: Session) -> int:
    return session.scalar(sa.select(sa.func.max(Event.id))) or 0


def case_events(session: Session, case_id: int, visible_audiences: frozenset[str]) -> list[Event]:
    return list(
        session.scalars(
            sa.select(Event)
            .where(Event.case_id == case_id, Event.audience.in_(visible_audiences | {"staff"}))
            .order_by(Event.id)
        )
    )
