"""HTTP routes for cases. Thin: parse, call the service, commit, shape the answer."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request, Response

from central.api import CtxDep, IfMatch, app_state
from central.cases import queries, service
from central.cases.models import Case
from central.cases.schemas import (
    MAX_ID,
    AssignIn,
    CallerCase,
    CaseCreate,
    CaseDetail,
    CaseOut,
    CasePage,
    CasePatch,
    FollowerIn,
    MergeIn,
    MessageIn,
    MessageOut,
    NearbyCase,
    PauseIn,
    ReporterOut,
    ResumeIn,
    StatusIn,
    TransferIn,
)
from central.cases.serialize import case_out, reporter_counts
from central.context import Ctx
from central.crews.schemas import DispatchIn
from central.errors import NotFound, ValidationFailed

router = APIRouter(tags=["cases"])

IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", min_length=8, max_length=128)]


def _answer(ctx: Ctx, case_id: int, response: Response) -> CaseOut:
    """The committed case, for the user who just changed (or filed) it.

    Not re-checked against read rights: an action may hand the case to a unit the actor does not belong
    to (a transfer, a re-routing category change, a case filed for another unit), and the actor must
    still learn the outcome of what they did instead of a 403 for a change that was committed.
    """
    case = ctx.session.get(Case, case_id, populate_existing=True)
    if case is None:
        raise NotFound(f"case {case_id} does not exist")
    response.headers["ETag"] = f'"{case.version}"'
    return case_out(
        case, ctx.now, ctx.settings.due_soon_ratio, reporter_counts(ctx.session, [case.id]).get(case.id, 0)
    )


@router.get("/cases", response_model=CasePage, summary="List cases (filters, cursor pagination)")
def list_cases(
    ctx: CtxDep,
    status: Annotated[str | None, Query(description="Comma-separated statuses")] = None,
    open: Annotated[bool | None, Query(description="Only open (true) or only closed (false) cases")] = None,
    unit: str | None = None,
    district: str | None = None,
    category: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    priority: str | None = None,
    assignee: Annotated[str | None, Query(description="User id, 'me' or 'none'")] = None,
    overdue: bool | None = None,
    needs_lead: bool | None = None,
    q: Annotated[str | None, Query(max_length=200, description="Tracking number prefix or text")] = None,
    bbox: Annotated[str | None, Query(description="min_lon,min_lat,max_lon,max_lat")] = None,
    updated_since: datetime | None = None,
    sort: Annotated[queries.SortKey, Query()] = "-created",
    limit: Annotated[int, Query(ge=1, le=queries.MAX_PAGE)] = 100,
    cursor: str | None = None,
) -> CasePage:
    filters = queries.CaseFilters(
        status=[s for s in status.split(",") if s] if status else None,
        open=open,
        unit=unit,
        district=district,
        category=category,
        priority=priority,
        assignee=assignee,
        overdue=overdue,
        needs_lead=needs_lead,
        q=q,
        bbox=bbox,
        updated_since=updated_since,
    )
    return queries.list_cases(ctx, filters, sort=sort, limit=limit, cursor=cursor)


@router.post(
    "/cases", response_model=CaseOut, status_code=201, summary="File a case (routes it, starts its SLA)"
)
def create_case(
    ctx: CtxDep,
    body: CaseCreate,
    request: Request,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> CaseOut:
    case, created = service.create_case(ctx, body, idempotency_key)
    notice = service.tracking_notice(ctx, case, body) if created else None
    ctx.session.commit()
    if notice is not None:
        app_state(request).notifier.submit(notice)  # after the commit, on the notifier's own threads
    response.headers["Location"] = f"/api/v1/cases/{case.id}"
    if not created:
        response.status_code = 200
        response.headers["Idempotent-Replayed"] = "true"
        return _answer(ctx, case.id, response)
    # Just written from this body: answer from memory instead of reading the case back.
    response.headers["ETag"] = f'"{case.version}"'
    return case_out(case, ctx.now, ctx.settings.due_soon_ratio, service.reporter_count_of(body))


@router.get("/cases/nearby", response_model=list[NearbyCase], summary="Open cases near a point (duplicates)")
def nearby(
    ctx: CtxDep,
    lat: Annotated[float, Query(ge=-90, le=90)],
    lon: Annotated[float, Query(ge=-180, le=180)],
    category: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    radius_m: Annotated[float, Query(ge=1, le=5000)] = 150.0,
) -> list[NearbyCase]:
    return queries.nearby_open_cases(ctx, lat, lon, category, radius_m)


@router.get("/cases/{case_id}", response_model=CaseDetail, summary="A case with its thread and timeline")
def get_case(ctx: CtxDep, case_id: int, response: Response) -> CaseDetail:
    case = service.get_case(ctx, case_id)
    response.headers["ETag"] = f'"{case.version}"'
    return service.case_detail(ctx, case)


@router.patch("/cases/{case_id}", response_model=CaseOut, summary="Change fields (category re-routes)")
def patch_case(ctx: CtxDep, case_id: int, body: CasePatch, version: IfMatch, response: Response) -> CaseOut:
    service.patch_case(ctx, service.get_case_for_change(ctx, case_id, version), body)
    ctx.session.commit()
    return _answer(ctx, case_id, response)


@router.post("/cases/{case_id}/assign", response_model=CaseOut, summary="Assign to a person")
def assign(ctx: CtxDep, case_id: int, body: AssignIn, version: IfMatch, response: Response) -> CaseOut:
    service.assign(ctx, service.get_case_for_change(ctx, case_id, version), body)
    ctx.session.commit()
    return _answer(ctx, case_id, response)


@router.post(
    "/cases/{case_id}/transfer", response_model=CaseOut, summary="Transfer to another unit (reason code)"
)
def transfer(ctx: CtxDep, case_id: int, body: TransferIn, version: IfMatch, response: Response) -> CaseOut:
    service.transfer(ctx, service.get_case_for_change(ctx, case_id, version), body)
    ctx.session.commit()
    return _answer(ctx, case_id, response)


@router.post("/cases/{case_id}/status", response_model=CaseOut, summary="Move through the status workflow")
def set_status(ctx: CtxDep, case_id: int, body: StatusIn, version: IfMatch, response: Response) -> CaseOut:
    service.set_status(ctx, service.get_case_for_change(ctx, case_id, version), body)
    ctx.session.commit()
    return _answer(ctx, case_id, response)


@router.post(
    "/cases/{case_id}/dispatch", response_model=CaseOut, summary="Send a crew of the owner unit (lead)"
)
def dispatch(ctx: CtxDep, case_id: int, body: DispatchIn, version: IfMatch, response: Response) -> CaseOut:
    service.dispatch(ctx, service.get_case_for_change(ctx, case_id, version), body)
    ctx.session.commit()
    return _answer(ctx, case_id, response)


@router.post("/cases/{case_id}/merge", response_model=CaseOut, summary="Merge as a duplicate of another case")
def merge(ctx: CtxDep, case_id: int, body: MergeIn, version: IfMatch, response: Response) -> CaseOut:
    service.merge(ctx, service.get_case_for_change(ctx, case_id, version), body)
    ctx.session.commit()
    return _answer(ctx, case_id, response)


@router.post(
    "/cases/{case_id}/pause", response_model=CaseOut, summary="Pause the SLA (waiting on a third party)"
)
def pause(ctx: CtxDep, case_id: int, body: PauseIn, version: IfMatch, response: Response) -> CaseOut:
    service.pause_sla(ctx, service.get_case_for_change(ctx, case_id, version), body)
    ctx.session.commit()
    return _answer(ctx, case_id, response)


@router.post("/cases/{case_id}/resume", response_model=CaseOut, summary="Resume a paused SLA clock")
def resume(ctx: CtxDep, case_id: int, body: ResumeIn, version: IfMatch, response: Response) -> CaseOut:
    service.resume_sla(ctx, service.get_case_for_change(ctx, case_id, version), body)
    ctx.session.commit()
    return _answer(ctx, case_id, response)


@router.get(
    "/cases/{case_id}/messages", response_model=list[MessageOut], summary="The thread, as the role may see it"
)
def list_messages(ctx: CtxDep, case_id: int) -> list[MessageOut]:
    return service.list_messages(ctx, service.get_case(ctx, case_id))


@router.post(
    "/cases/{case_id}/messages", response_model=MessageOut, status_code=201, summary="Post to the thread"
)
def post_message(ctx: CtxDep, case_id: int, body: MessageIn) -> MessageOut:
    message = service.post_message(ctx, service.get_case(ctx, case_id, for_update=True), body)
    ctx.session.commit()
    return service.message_answer(ctx, message)


@router.post(
    "/cases/{case_id}/followers",
    response_model=CaseOut,
    status_code=201,
    summary="One more caller about this open case (instead of a duplicate)",
)
def add_follower(
    ctx: CtxDep,
    case_id: int,
    body: FollowerIn,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> CaseOut:
    _case, added = service.add_follower(ctx, case_id, body, idempotency_key)
    ctx.session.commit()
    if not added:
        response.status_code = 200
        response.headers["Idempotent-Replayed"] = "true"
    return _answer(ctx, case_id, response)


@router.get(
    "/cases/{case_id}/reporters",
    response_model=list[ReporterOut],
    summary="Reporters' personal data (the read is recorded)",
)
def reporters(ctx: CtxDep, case_id: int) -> list[ReporterOut]:
    rows = service.reporters(ctx, service.get_case(ctx, case_id))
    ctx.session.commit()
    return [ReporterOut.model_validate(r, from_attributes=True) for r in rows]


@router.get("/callers/{phone}/cases", response_model=list[CallerCase], summary="A caller's earlier cases")
def caller_history(ctx: CtxDep, phone: str) -> list[CallerCase]:
    if len(phone) > 40:
        raise ValidationFailed({"phone": "too long for a phone number"})
    rows = queries.caller_history(ctx, phone)
    ctx.session.commit()
    return rows
