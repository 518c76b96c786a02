"""HTTP routes of presence: heartbeat, leave, and who is on which case."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter

from central.api import CtxDep
from central.cases import service as cases
from central.cases.schemas import Strict
from central.presence import service
from central.presence.service import PresenceOut

router = APIRouter(tags=["presence"])


class PresenceIn(Strict):
    mode: Literal["viewing", "editing"]


@router.post(
    "/cases/{case_id}/presence",
    response_model=list[PresenceOut],
    summary="I am viewing or editing this case (send every ~20 s); answers who is on it",
)
def heartbeat(ctx: CtxDep, case_id: int, body: PresenceIn) -> list[PresenceOut]:
    present = service.heartbeat(ctx, cases.get_case(ctx, case_id), body.mode)
    ctx.session.commit()
    return present


@router.delete("/cases/{case_id}/presence", status_code=204, summary="I left this case")
def leave(ctx: CtxDep, case_id: int) -> None:
    service.leave(ctx, cases.get_case(ctx, case_id))
    ctx.session.commit()


@router.get("/cases/{case_id}/presence", response_model=list[PresenceOut], summary="Who is on this case")
def on_case(ctx: CtxDep, case_id: int) -> list[PresenceOut]:
    case = cases.get_case(ctx, case_id)
    return service.present(ctx.session, case.id, ctx.now)


@router.get("/presence", response_model=list[PresenceOut], summary="Who is on which case (of those you see)")
def everywhere(ctx: CtxDep) -> list[PresenceOut]:
    return service.visible_presence(ctx)
