"""HTTP route of acknowledging an alert about a case."""

from __future__ import annotations

from fastapi import APIRouter, Response

from central.alerts import service
from central.alerts.schemas import AcknowledgeIn, AcknowledgementOut
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
