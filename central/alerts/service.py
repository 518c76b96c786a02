"""Acknowledging an alert: the user has seen that a case is urgent, breached its deadline or was escalated.

The acknowledgement is an event (``case.alert_acknowledged``, written in the request's transaction); the case
itself does not change (no version bump). Each user acknowledges each alert once: a repeat answers with the
first acknowledgement and writes nothing.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import sqlalchemy as sa

from central.alerts.schemas import AcknowledgeIn, AcknowledgementOut
from central.auth import permissions
from central.cases.models import Case
from central.context import Ctx
from central.errors import Forbidden, ValidationFailed
from central.events.models import Event
from central.events.service import StreamFilter, append_event

ACKNOWLEDGED = "case.alert_acknowledged"
# The kind of alert → the event type that raises it.
RAISED_BY = {"urgent": "case.created", "sla_breached": "case.sla_breached", "escalated": "case.escalated"}


def is_urgent_creation(data: dict[str, Any]) -> bool:
    """A case filed as urgent, or routed by the out-of-hours rule (urgent while the offices are closed)."""
    case = data.get("case") or {}
    return case.get("priority") == "urgent" or bool(data.get("out_of_hours"))


def _out(event: Event, username: str) -> AcknowledgementOut:
    return AcknowledgementOut(
        case_id=event.case_id or 0,
        alert=event.data["alert"],
        event_id=event.data["event_id"],
        acknowledgement_event_id=event.id,
        user_id=event.actor_user_id or 0,
        username=username,
        acknowledged_at=event.created_at,
    )


def acknowledge(ctx: Ctx, case: Case, body: AcknowledgeIn) -> tuple[AcknowledgementOut, bool]:
    """Record the acknowledgement. Returns (acknowledgement, created): False when this user had already
    acknowledged that alert (nothing is written then). The caller holds the case row locked."""
    reason = permissions.can_acknowledge_alert(ctx.user, case)
    if reason:
        raise Forbidden(reason)
    raised = ctx.session.get(Event, body.event_id)
    expected = RAISED_BY[body.alert]
    if raised is None or raised.case_id != case.id:
        raise ValidationFailed({"event_id": f"event {body.event_id} is not an event of this case"})
    if raised.type != expected or (body.alert == "urgent" and not is_urgent_creation(raised.data or {})):
        what = "an urgent new case" if body.alert == "urgent" else expected
        raise ValidationFailed({"event_id": f"event {body.event_id} ({raised.type}) is not {what}"})
    earlier = ctx.session.scalars(
        sa.select(Event)
        .where(Event.case_id == case.id, Event.type == ACKNOWLEDGED, Event.actor_user_id == ctx.user.id)
        .order_by(Event.id)
    )
    for event in earlier:
        if event.data.get("event_id") == body.event_id:
            return _out(event, ctx.user.username), False
    event = append_event(
        ctx.session,
        ACKNOWLEDGED,
        {"alert": body.alert, "event_id": body.event_id, "username": ctx.user.username},
        now=ctx.now,
        actor=ctx.user,
        case_id=case.id,
        unit_code=case.owner_unit_code,
        assignee_user_id=case.assignee_user_id,
        crew_id=case.assignee_crew_id,
    )
    ctx.session.flush()
    return _out(event, ctx.user.username), True


def recent(ctx: Ctx, hours: int) -> tuple[list[Event], list[int]]:
    """The events of the last ``hours`` that may raise an alert and that the user may see (urgent new cases,
    missed deadlines, escalations), oldest first, and the ids of those the user has acknowledged.

    Which of them is an alert *for this user* is the console's rule (the same one it applies to the live
    stream); this is what a console starting its shift needs to rebuild the list of unacknowledged alerts.
    """
    since = ctx.now - timedelta(hours=hours)
    visible = StreamFilter.for_user(ctx.user).where()
    candidates = ctx.session.scalars(
        sa.select(Event)
        .where(Event.created_at >= since, Event.type.in_(set(RAISED_BY.values())), visible)
        .order_by(Event.id)
    )
    events = [e for e in candidates if e.type != "case.created" or is_urgent_creation(e.data or {})]
    acknowledged = ctx.session.scalars(
        sa.select(Event).where(
            Event.created_at >= since, Event.type == ACKNOWLEDGED, Event.actor_user_id == ctx.user.id
        )
    )
    raised = {e.id for e in events}
    done = sorted({a.data.get("event_id") for a in acknowledged} & raised)
    return events, [int(event_id) for event_id in done]
