"""HTTP route of acknowledging an alert about a case."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from central.alerts import service
from central.alerts.schemas import AcknowledgeIn, AcknowledgementOut, AlertEventOut, RecentAlertsOut
from central.api import CtxDep
from central.cases import service as cases

router = APIRouter(tags=["cases"])


@router.post(
    "/cases/{case_id}/acknowledge",
    response_model=AcknowledgementOut,
    status_code=201,
    summary="Acknowledge an alert about the case (urgent, sla_breached, escalated); recorded as an event",
)
def acknowledge(ctx: CtxDep, case_id: int, body: AcknowledgeIn, response: Response) -> AcknowledgementOut:
    acknowledgement, created = service.acknowledge(ctx, cases.get_case(ctx, case_id, for_update=True), body)
    ctx.session.commit()
    if not created:
        response.status_code = 200  # acknowledged before: the first acknowledgement, nothing new written
    return acknowledgement


@router.get(
    "/alerts/recent",
    response_model=RecentAlertsOut,
    summary="Events of the last hours that may raise an alert for the user, and which the user acknowledged",
)
def recent_alerts(
    ctx: CtxDep, hours: Annotated[int, Query(ge=1, le=168, description="How far back (default: a day)")] = 24
) -> RecentAlertsOut:
    events, acknowledged = service.recent(ctx, hours)
    return RecentAlertsOut(
        events=[
            AlertEventOut(
                id=e.id,
                type=e.type,
                case_id=e.case_id,
                crew_id=e.crew_id,
                actor_user_id=e.actor_user_id,
                created_at=e.created_at,
                data=e.data or {},
            )
            for e in events
        ],
        acknowledged_event_ids=acknowledged,
    )
