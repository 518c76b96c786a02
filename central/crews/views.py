"""HTTP routes for crews (the crew board and the crews' own app) and the administration of crews and rosters.
Dispatching a crew is a case action: ``POST /cases/{id}/dispatch`` in ``cases/views.py``."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Response

from central.api import CtxDep, IfMatch
from central.context import Ctx
from central.crews import reports, service
from central.crews.models import Crew
from central.crews.schemas import (
    CrewCreate,
    CrewOut,
    CrewPatch,
    CrewReportIn,
    OnDutyOut,
    PositionIn,
    RosterIn,
    ShiftOut,
)
from central.errors import ValidationFailed

router = APIRouter(tags=["crews"])
admin_router = APIRouter(prefix="/admin", tags=["admin"])


def _answer(ctx: Ctx, crew: Crew, response: Response) -> CrewOut:
    ctx.session.refresh(crew)
    response.headers["ETag"] = f'"{crew.version}"'
    return service.crews_out(ctx.session, [crew], ctx.now)[0]


@router.get(
    "/crews", response_model=list[CrewOut], summary="Crews the user may see, with status and position"
)
def list_crews(ctx: CtxDep, unit: str | None = None, on_duty: bool | None = None) -> list[CrewOut]:
    return service.list_crews(ctx, unit, on_duty)


@router.get(
    "/crews/on-duty", response_model=list[OnDutyOut], summary="Who is on duty at a moment, by the roster"
)
def on_duty(
    ctx: CtxDep,
    at: Annotated[datetime | None, Query(description="Default: now. With a time zone.")] = None,
    unit: str | None = None,
) -> list[OnDutyOut]:
    if at is not None and at.tzinfo is None:
        raise ValidationFailed({"at": "give a time zone (e.g. 2026-12-24T10:00:00+02:00)"})
    if at is not None and not 2000 <= at.year <= 2100:  # rosters are of this century (and no overflow)
        raise ValidationFailed({"at": "a moment between the years 2000 and 2100"})
    return service.on_duty_answer(ctx, at or ctx.now, unit)


@router.get("/crews/{crew_id}", response_model=CrewOut, summary="One crew")
def get_crew(ctx: CtxDep, crew_id: int, response: Response) -> CrewOut:
    return _answer(ctx, service.get_crew(ctx, crew_id), response)


@router.post(
    "/crews/{crew_id}/status",
    response_model=CrewOut,
    summary="A crew's report: en_route, on_site, done (resolves), available, off_duty (If-Match: version)",
)
def report(ctx: CtxDep, crew_id: int, body: CrewReportIn, version: IfMatch, response: Response) -> CrewOut:
    crew = reports.report(ctx, crew_id, version, body)
    ctx.session.commit()
    return _answer(ctx, crew, response)


@router.post("/crews/{crew_id}/position", response_model=CrewOut, summary="A position fix of the crew")
def position(ctx: CtxDep, crew_id: int, body: PositionIn, response: Response) -> CrewOut:
    crew = service.set_position(ctx, crew_id, body)
    ctx.session.commit()
    return _answer(ctx, crew, response)


@admin_router.post("/crews", response_model=CrewOut, status_code=201, summary="Create a crew of a unit")
def create_crew(ctx: CtxDep, body: CrewCreate, response: Response) -> CrewOut:
    crew = service.create_crew(ctx, body)
    ctx.session.commit()
    return _answer(ctx, crew, response)


@admin_router.patch("/crews/{crew_id}", response_model=CrewOut, summary="Rename, (de)activate, set members")
def update_crew(ctx: CtxDep, crew_id: int, body: CrewPatch, response: Response) -> CrewOut:
    crew = service.update_crew(ctx, crew_id, body)
    ctx.session.commit()
    return _answer(ctx, crew, response)


@admin_router.get("/roster", response_model=list[ShiftOut], summary="Roster lines (of one unit, or all)")
def get_roster(ctx: CtxDep, unit: str | None = None) -> list[ShiftOut]:
    return service.get_roster(ctx, unit)


@admin_router.put(
    "/roster/{unit_code}", response_model=list[ShiftOut], summary="Replace a unit's whole roster"
)
def put_roster(ctx: CtxDep, unit_code: str, body: RosterIn) -> list[ShiftOut]:
    shifts = service.put_roster(ctx, unit_code, body)
    ctx.session.commit()
    return shifts
