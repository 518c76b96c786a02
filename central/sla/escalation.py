"""Escalation: who a case goes up to (the owner unit's lead, else the contact centre's 24/7 lead), and the
``case.escalated`` event that puts it in the lead's queue (``GET /cases?needs_lead=true``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from central.auth.models import User
from central.cases.models import Case
from central.events.service import append_event
from central.reference.models import Unit
from central.routing.service import triage_unit_code


def contact_centre_lead(session: Session) -> User | None:
    """The lead on duty round the clock: the triage unit's lead, else a lead of that unit, else any lead."""
    triage = triage_unit_code(session)
    unit = session.get(Unit, triage)
    if unit is not None and unit.lead_user_id is not None:
        lead = session.get(User, unit.lead_user_id)
        if lead is not None and lead.active:
            return lead
    leads = sa.select(User).where(User.role == "lead", User.active)
    return session.scalar(leads.where(User.unit_code == triage).order_by(User.id)) or session.scalar(
        leads.order_by(User.id)
    )


def unit_lead(session: Session, unit_code: str) -> User | None:
    """The owner unit's own lead (units.lead_user_id) when set and active, else the contact centre's."""
    unit = session.get(Unit, unit_code)
    if unit is not None and unit.lead_user_id is not None:
        lead = session.get(User, unit.lead_user_id)
        if lead is not None and lead.active:
            return lead
    return contact_centre_lead(session)


def escalation_event(
    session: Session,
    case: Case,
    reason: str,
    snapshot: dict[str, Any],
    *,
    now: datetime,
    actor: User | None,
    extra: dict[str, Any] | None = None,
) -> User | None:
    """Write ``case.escalated`` (the caller has set ``needs_lead`` in the same change). Returns the lead."""
    lead = unit_lead(session, case.owner_unit_code)
    append_event(
        session,
        "case.escalated",
        {
            "case": snapshot,
            "reason": reason,
            "lead_user_id": lead.id if lead else None,
            "lead": lead.username if lead else None,
        }
        | (extra or {}),
        now=now,
        actor=actor,
        case_id=case.id,
        unit_code=case.owner_unit_code,
        # Leads see every event; the case's assignee and crew hear that it went up too.
        assignee_user_id=case.assignee_user_id,
        crew_id=case.assignee_crew_id,
    )
    return lead
