"""Urgent reports outside working hours: to the owner unit's on-duty crew, else to the contact centre's 24/7
lead. Never to an inbox nobody reads until morning."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from central.crews.models import Crew
from central.crews.roster import WORKING_HOURS, on_duty
from central.reference.models import Category
from central.sla.calendar import is_open
from central.sla.escalation import contact_centre_lead


@dataclass(frozen=True)
class NightAssignment:
    crew: Crew | None
    lead_user_id: int | None
    reason: str  # appended to the routing reason (Bulgarian, shown to operators)


def applies(category: Category, priority: str, now: datetime) -> bool:
    """An urgent case (an urgent-out-of-hours category, or urgent priority) while offices are closed."""
    return (category.urgent_out_of_hours or priority == "urgent") and not is_open(now, WORKING_HOURS)


def choose(session: Session, unit_code: str, now: datetime) -> NightAssignment | None:
    """A free on-duty crew of the unit (one that reported available first), else the 24/7 lead.

    Called with the event-order lock held (case creation), so two urgent cases filed at once cannot both
    take the same free crew.
    """
    duty = on_duty(session, now, unit_code)
    if duty:
        crews = session.scalars(
            sa.select(Crew).where(Crew.id.in_([d.crew_id for d in duty]), Crew.current_case_id.is_(None))
        ).all()
        if crews:
            crew = min(crews, key=lambda c: (c.status != "available", c.id))
            return NightAssignment(crew, None, f"извън работно време: спешно към дежурния екип „{crew.name}“")
    lead = contact_centre_lead(session)
    if lead is None:
        return None  # no lead at all: it stays in triage, where the contact centre sees it round the clock
    why = "няма свободен дежурен екип" if duty else "няма дежурен екип"
    return NightAssignment(
        None, lead.id, f"извън работно време, {why}: към дежурния ръководител {lead.full_name}"
    )
