"""The HTTP shapes of acknowledging an alert."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

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
