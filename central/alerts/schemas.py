"""The HTTP shapes of acknowledging an alert."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from central.cases.schemas import RowId, Strict

AlertKind = Literal["urgent", "sla_breached", "escalated"]


class AcknowledgeIn(Strict):
    alert: AlertKind = Field(description="urgent (a new urgent case), sla_breached, escalated")
    event_id: RowId = Field(
        description="The event that raised the alert (case.created, case.sla_breached, case.escalated)"
    )


class AcknowledgementOut(BaseModel):
    case_id: int
    alert: AlertKind
    event_id: int  # the event that raised the alert
    acknowledgement_event_id: int  # the case.alert_acknowledged event that records it
    user_id: int
    username: str
    acknowledged_at: datetime


class AlertEventOut(BaseModel):
    """An event as the stream carries it (``GET /events``)."""

    id: int
    type: str
    case_id: int | None
    crew_id: int | None
    actor_user_id: int | None
    created_at: datetime
    data: dict[str, Any]


class RecentAlertsOut(BaseModel):
    events: list[AlertEventOut]  # urgent case.created, case.sla_breached, case.escalated the user may see
    acknowledged_event_ids: list[int]  # those of them the user has acknowledged
