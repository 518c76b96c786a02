"""Presence rules: heartbeats, leaving, expiry, and who is where. Only arrivals, changes of mode, leaving
and expiry are events (``presence.changed``); a heartbeat that changes nothing only moves the expiry."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from central.auth.models import User
from central.cases.models import Case
from central.context import Ctx
from central.events.service import append_event
from central.presence.models import CasePresence


class PresenceOut(BaseModel):
    case_id: int
    user_id: int
    username: str
    full_name: str
    mode: str
    since: datetime
    expires_at: datetime


def _out(row: CasePresence, user: User) -> PresenceOut:
    return PresenceOut(
        case_id=row.case_id,
        user_id=user.id,
        username=user.username,
        full_name=user.full_name,
        mode=row.mode,
        since=row.since,
        expires_at=row.expires_at,
    )


def present(session: Session, case_id: int, now: datetime) -> list[PresenceOut]:
    rows = session.execute(
        sa.select(CasePresence, User)
        .join(User, User.id == CasePresence.user_id)
        .where(CasePresence.case_id == case_id, CasePresence.expires_at > now)
        .order_by(CasePresence.since, User.username)
    ).all()
    return [_out(row, user) for row, user in rows]


def _changed(
    session: Session,
    case: Case,
    user: User,
    mode: str | None,
    reason: str,
    *,
    now: datetime,
    actor: User | None,
) -> None:
    append_event(
        session,
        "presence.changed",
        {
            "case_id": case.id,
            "user": {"id": user.id, "username": user.username, "full_name": user.full_name},
            "mode": mode,
            "reason": reason,
            "present": [p.model_dump(mode="json") for p in present(session, case.id, now)],
        },
        now=now,
        actor=actor,
        case_id=case.id,
        unit_code=case.owner_unit_code,
    )


def heartbeat(ctx: Ctx, case: Case, mode: str) -> list[PresenceOut]:
    """The user has the case open (``viewing``) or is changing it (``editing``); send every ~20 s."""
    expires = ctx.now + timedelta(seconds=ctx.settings.presence_ttl_seconds)
    row = ctx.session.get(CasePresence, (case.id, ctx.user.id), with_for_update=True)
    reason: str | None = None
    if row is None:
        row = CasePresence(case_id=case.id, user_id=ctx.user.id, mode=mode, since=ctx.now, expires_at=expires)
        try:
            with ctx.session.begin_nested():
                ctx.session.add(row)
            reason = "arrived"
        except IntegrityError:  # the same console's two heartbeats at once: the other one arrived
            row = ctx.session.get(CasePresence, (case.id, ctx.user.id), populate_existing=True)
            assert row is not None
    if reason is None:
        if row.expires_at <= ctx.now:  # expired but not swept yet: it is a new arrival
            row.since, reason = ctx.now, "arrived"
        elif row.mode != mode:
            reason = "mode_changed"
        row.mode, row.expires_at = mode, expires
    ctx.session.flush()
    if reason is not None:
        _changed(ctx.session, case, ctx.user, mode, reason, now=ctx.now, actor=ctx.user)
    return present(ctx.session, case.id, ctx.now)


def leave(ctx: Ctx, case: Case) -> None:
    row = ctx.session.get(CasePresence, (case.id, ctx.user.id), with_for_update=True)
    if row is None:
        return
    was_present = row.expires_at > ctx.now
    ctx.session.delete(row)
    ctx.session.flush()
    if was_present:
        _changed(ctx.session, case, ctx.user, None, "left", now=ctx.now, actor=ctx.user)


def sweep(session: Session, now: datetime) -> int:
    """Remove presences whose heartbeats stopped, each with its event. Run by the background watch."""
    rows = session.execute(
        sa.select(CasePresence, Case, User)
        .join(Case, Case.id == CasePresence.case_id)
        .join(User, User.id == CasePresence.user_id)
        .where(CasePresence.expires_at <= now)
        .with_for_update(of=CasePresence, skip_locked=True)
        .limit(500)
    ).all()
    for row, case, user in rows:
        session.delete(row)
        session.flush()
        _changed(session, case, user, None, "expired", now=now, actor=None)
    return len(rows)


def visible_presence(ctx: Ctx) -> list[PresenceOut]:
    """Everyone present on the cases this user may see."""
    query = (
        sa.select(CasePresence, User)
        .join(User, User.id == CasePresence.user_id)
        .join(Case, Case.id == CasePresence.case_id)
        .where(CasePresence.expires_at > ctx.now)
        .order_by(CasePresence.case_id, CasePresence.since)
    )
    user = ctx.user
    if user.role == "unit_staff":
        query = query.where(Case.owner_unit_code == user.unit_code)
    elif user.role == "responder":
        mine = Case.assignee_user_id == user.id
        if user.crew_id is not None:
            mine = sa.or_(mine, Case.assignee_crew_id == user.crew_id)
        query = query.where(mine)
    return [_out(row, u) for row, u in ctx.session.execute(query)]
