"""The server's background watch: SLA warnings and breaches (with escalation), and presence expiry.

Exactly one server process watches at a time. On PostgreSQL the leader holds a session-level advisory lock
on a connection of its own: when that process stops or loses its connection, the lock goes with it and
another process takes over on its next try. SQLite serves from one process, which always leads.

What was announced is stored on the case (``sla_warned_for`` / ``sla_breached_for``: the deadline it was
announced for), written in the same transaction as the event: each warning and each breach is announced
once per deadline, across restarts and leader changes; a new deadline re-arms both
(:func:`central.sla.service.arm_watch`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import datetime
from typing import Literal

import psycopg
import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from central.cases.models import Case
from central.cases.serialize import case_snapshot, reporter_counts
from central.cases.workflow import OPEN_STATUSES
from central.clock import Clock
from central.config import Settings
from central.db import session_scope
from central.events.service import append_event
from central.presence.service import sweep as sweep_presence
from central.sla.escalation import escalation_event
from central.sla.service import WARNING_SHARE, arm_watch, warning_at

log = logging.getLogger(__name__)

# An arbitrary constant naming the advisory lock of the watch's leader (one per database).
_LEADER_LOCK = 727_0002
BATCH = 200  # cases announced per transaction; the rest follow at once in the next one

Role = Literal["off", "standby", "leader"]


def announce_due(session: Session, now: datetime, due_soon_ratio: float) -> int:
    """Announce every warning and breach that is due at ``now`` (one batch). Returns how many cases."""
    cases = session.scalars(
        sa.select(Case)
        .where(
            Case.sla_next_check_at <= now,
            Case.status.in_(sorted(OPEN_STATUSES)),
            Case.sla_paused_at.is_(None),
        )
        .order_by(Case.sla_next_check_at, Case.id)
        .limit(BATCH)
        .with_for_update(skip_locked=True)  # a case being changed right now is looked at next time
    ).all()
    for case in cases:
        _announce(session, case, now, due_soon_ratio)
    return len(cases)


def _announce(session: Session, case: Case, now: datetime, due_soon_ratio: float) -> None:
    count = reporter_counts(session, [case.id]).get(case.id, 0)
    where = {
        "case_id": case.id,
        "unit_code": case.owner_unit_code,
        "assignee_user_id": case.assignee_user_id,
        "crew_id": case.assignee_crew_id,
    }
    deadline = {"due_at": case.due_at.isoformat()}
    if case.sla_warned_for != case.due_at and now >= warning_at(case):
        # Announced even when the deadline has passed too (the server was down): once each, in order.
        case.sla_warned_for = case.due_at
        append_event(
            session,
            "case.sla_warning",
            {"case": case_snapshot(case, now, due_soon_ratio, count), "share": WARNING_SHARE} | deadline,
            now=now,
            actor=None,
            **where,
        )
    if case.sla_breached_for != case.due_at and now >= case.due_at:
        case.sla_breached_for = case.due_at
        changes = {}
        if not case.needs_lead:
            # Up to the owner unit's lead: the case appears in the lead's queue (needs_lead).
            case.needs_lead = True
            case.version += 1
            case.updated_at = now
            changes["needs_lead"] = [False, True]
        snapshot = case_snapshot(case, now, due_soon_ratio, count)
        append_event(
            session,
            "case.sla_breached",
            {"case": snapshot, "changes": changes} | deadline,
            now=now,
            actor=None,
            **where,
        )
        escalation_event(session, case, "sla_breached", snapshot, now=now, actor=None, extra=deadline)
    arm_watch(case)
    session.flush()


class Watch:
    """The background job of one server process; :attr:`role` says whether it leads."""

    def __init__(self, settings: Settings, sessions: sessionmaker[Session], clock: Clock) -> None:
        self._settings = settings
        self._sessions = sessions
        self._clock = clock
        self._task: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()
        self._conn: psycopg.AsyncConnection | None = None  # PostgreSQL: holds (or tries for) the lock
        self._leading = False
        self.role: Role = "off"

    @property
    def enabled(self) -> bool:
        return self._settings.watch_seconds > 0

    def start(self, postgres_conninfo: str | None) -> None:
        if not self.enabled:
            return
        self.role = "standby"
        self._stopping = asyncio.Event()
        self._task = asyncio.create_task(self._run(postgres_conninfo), name="central-watch")

    async def stop(self) -> None:
        """Finish the round in progress (its thread must not outlive the engine), then resign."""
        if self._task is not None:
            self._stopping.set()
            await self._task
            self._task = None
        await self._resign()
        self.role = "off"

    def tick(self) -> None:
        """One round of work (the leader's): announce what is due, expire presences. Blocking."""
        now = self._clock.now()
        while True:
            with session_scope(self._sessions) as session:
                done = announce_due(session, now, self._settings.due_soon_ratio)
            if done < BATCH:
                break
        with session_scope(self._sessions) as session:
            sweep_presence(session, now)

    async def _run(self, conninfo: str | None) -> None:
        while not self._stopping.is_set():
            try:
                if await self._lead(conninfo):
                    await asyncio.to_thread(self.tick)
            except Exception:  # the database blinked: try again next round, maybe as a standby
                log.exception("the background watch failed; retrying")
                await self._resign()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), timeout=self._settings.watch_seconds)

    async def _lead(self, conninfo: str | None) -> bool:
        """Whether this process leads now (taking the lead if nobody holds it)."""
        if conninfo is None:  # SQLite: one process
            self.role = "leader"
            return True
        if self._conn is None or self._conn.closed:
            self._conn, self._leading = (
                await psycopg.AsyncConnection.connect(conninfo, autocommit=True),
                False,
            )
        if self._leading:
            await self._conn.execute("SELECT 1")  # still connected: a lost connection lost the lock too
        else:
            cursor = await self._conn.execute("SELECT pg_try_advisory_lock(%s)", (_LEADER_LOCK,))
            row = await cursor.fetchone()
            self._leading = bool(row and row[0])
            if self._leading:
                log.info("this process leads the background watch")
        self.role = "leader" if self._leading else "standby"
        return self._leading

    async def _resign(self) -> None:
        conn, self._conn, self._leading = self._conn, None, False
        if conn is not None:
            with contextlib.suppress(psycopg.Error):
                await conn.close()  # closing the session releases the advisory lock
        if self.role == "leader":
            self.role = "standby"
