"""Finding cases: the filtered, cursor-paged list, possible duplicates nearby, and a caller's history."""

from __future__ import annotations

import base64
import json
import math
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

import sqlalchemy as sa

from central.cases import workflow
from central.cases.models import Case, Reporter
from central.cases.schemas import MAX_ID, CallerCase, CasePage, NearbyCase
from central.cases.serialize import case_out, reporter_counts
from central.context import Ctx
from central.errors import Forbidden, ValidationFailed
from central.events.service import append_event
from central.phones import to_e164

SortKey = Literal["-created", "due", "updated"]
MAX_PAGE = 500


@dataclass
class CaseFilters:
    status: list[str] | None = None
    open: bool | None = None
    unit: str | None = None
    district: str | None = None
    category: int | None = None
    priority: str | None = None
    assignee: str | None = None  # a user id, "me" or "none"
    overdue: bool | None = None
    needs_lead: bool | None = None
    q: str | None = None
    bbox: str | None = None  # min_lon,min_lat,max_lon,max_lat
    updated_since: datetime | None = None


def _conditions(ctx: Ctx, f: CaseFilters) -> list[sa.ColumnElement[bool]]:
    where: list[sa.ColumnElement[bool]] = []
    user = ctx.user
    for name in ("unit", "district", "priority", "assignee", "q", "bbox"):
        value = getattr(f, name)
        if value and "\x00" in value:  # PostgreSQL text cannot hold NUL: bad input, not a 500
            raise ValidationFailed({name: "must not contain NUL characters"})
    # What the role may see at all (invariant 6): a unit's staff their unit, a responder their own cases.
    if user.role == "unit_staff":
        where.append(Case.owner_unit_code == user.unit_code)
    elif user.role == "responder":
        mine = Case.assignee_user_id == user.id
        if user.crew_id is not None:  # and the cases dispatched to their crew
            mine = sa.or_(mine, Case.assignee_crew_id == user.crew_id)
        where.append(mine)
    if f.status:
        unknown = [s for s in f.status if s not in workflow.STATUSES]
        if unknown:
            raise ValidationFailed({"status": f"unknown status {', '.join(unknown)}"})
        where.append(Case.status.in_(f.status))
    if f.open is not None:
        statuses = sorted(workflow.OPEN_STATUSES)
        where.append(Case.status.in_(statuses) if f.open else Case.status.not_in(statuses))
    if f.unit:
        where.append(Case.owner_unit_code == f.unit)
    if f.district:
        where.append(Case.district_code == f.district)
    if f.category is not None:
        where.append(Case.category_id == f.category)
    if f.priority:
        where.append(Case.priority == f.priority)
    if f.assignee:
        if f.assignee == "me":  # in person, or dispatched to my crew
            mine = Case.assignee_user_id == user.id
            if user.crew_id is not None:
                mine = sa.or_(mine, Case.assignee_crew_id == user.crew_id)
            where.append(mine)
        elif f.assignee == "none":
            where.append(Case.assignee_user_id.is_(None))
        elif re.fullmatch(r"[0-9]{1,9}", f.assignee):
            where.append(Case.assignee_user_id == int(f.assignee))
        else:
            raise ValidationFailed({"assignee": "expected a user id, 'me' or 'none'"})
    if f.overdue is not None:
        late = sa.and_(
            Case.status.in_(sorted(workflow.OPEN_STATUSES)),
            Case.sla_paused_at.is_(None),
            Case.due_at <= ctx.now,
        )
        where.append(late if f.overdue else sa.not_(late))
    if f.needs_lead is not None:
        where.append(Case.needs_lead.is_(f.needs_lead))
    if f.q:
        where.append(_text_condition(f.q.strip()))
    if f.bbox:
        min_lon, min_lat, max_lon, max_lat = _parse_bbox(f.bbox)
        where.append(Case.lon.between(min_lon, max_lon))
        where.append(Case.lat.between(min_lat, max_lat))
    if f.updated_since is not None:
        if f.updated_since.tzinfo is None:
            raise ValidationFailed({"updated_since": "give a time zone (e.g. 2026-12-03T10:00:00Z)"})
        try:
            since = f.updated_since.astimezone(UTC)
        except OverflowError:
            raise ValidationFailed({"updated_since": "out of range"}) from None
        where.append(Case.updated_at >= since)
    return where


def _text_condition(q: str) -> sa.ColumnElement[bool]:
    if q.upper().startswith("SOF-"):
        return Case.tracking_number.startswith(q.upper())
    pattern = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return sa.or_(Case.description.ilike(pattern, escape="\\"), Case.address.ilike(pattern, escape="\\"))


def _parse_bbox(text: str) -> tuple[float, float, float, float]:
    try:
        values = [float(part) for part in text.split(",")]
    except ValueError:
        values = []
    if len(values) != 4 or values[0] > values[2] or values[1] > values[3]:
        raise ValidationFailed({"bbox": "expected min_lon,min_lat,max_lon,max_lat"})
    return values[0], values[1], values[2], values[3]


def _encode_cursor(values: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode()


def _decode_cursor(cursor: str) -> list[Any]:
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (ValueError, json.JSONDecodeError):
        raise ValidationFailed({"cursor": "not a cursor returned by this server"}) from None
    if (
        not isinstance(values, list)
        or len(values) != 2
        or not isinstance(values[1], int)
        or not 0 <= values[1] <= MAX_ID
    ):
        raise ValidationFailed({"cursor": "not a cursor returned by this server"})
    return values


def list_cases(
    ctx: Ctx, f: CaseFilters, sort: SortKey = "-created", limit: int = 100, cursor: str | None = None
) -> CasePage:
    if not 1 <= limit <= MAX_PAGE:
        raise ValidationFailed({"limit": f"between 1 and {MAX_PAGE}"})
    # The reporter count of each listed case rides along (PostgreSQL counts it only for the rows returned).
    reporters = sa.select(sa.func.count()).where(Reporter.case_id == Case.id).scalar_subquery()
    query = sa.select(Case, reporters).where(*_conditions(ctx, f))
    after = _decode_cursor(cursor) if cursor else None
    if sort == "-created":
        query = query.order_by(Case.id.desc())
        if after:
            query = query.where(Case.id < after[1])
    else:
        column = Case.due_at if sort == "due" else Case.updated_at
        query = query.order_by(column, Case.id)
        if after:
            try:
                moment = datetime.fromisoformat(after[0])
            except (TypeError, ValueError):
                raise ValidationFailed({"cursor": "not a cursor returned by this server"}) from None
            if moment.tzinfo is None:
                raise ValidationFailed({"cursor": "not a cursor returned by this server"})
            query = query.where(sa.or_(column > moment, sa.and_(column == moment, Case.id > after[1])))
    rows = ctx.session.execute(query.limit(limit + 1)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    items = [case_out(c, ctx.now, ctx.settings.due_soon_ratio, count) for c, count in rows]
    next_cursor = None
    if more and rows:
        last = rows[-1][0]
        key = None if sort == "-created" else (last.due_at if sort == "due" else last.updated_at).isoformat()
        next_cursor = _encode_cursor([key, last.id])
    return CasePage(items=items, next_cursor=next_cursor)


EARTH_RADIUS_M = 6_371_000.0


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def nearby_open_cases(
    ctx: Ctx, lat: float, lon: float, category: int | None, radius_m: float, limit: int = 20
) -> list[NearbyCase]:
    """Open cases within ``radius_m`` (possible duplicates of a report being typed), nearest first."""
    if not 1 <= radius_m <= 5000:
        raise ValidationFailed({"radius_m": "between 1 and 5000 metres"})
    dlat = radius_m / 111_320.0
    dlon = radius_m / (111_320.0 * max(math.cos(math.radians(lat)), 0.01))
    query = sa.select(Case).where(
        Case.status.in_(sorted(workflow.OPEN_STATUSES)),
        Case.lat.between(lat - dlat, lat + dlat),
        Case.lon.between(lon - dlon, lon + dlon),
        *_conditions(ctx, CaseFilters()),
    )
    if category is not None:
        query = query.where(Case.category_id == category)
    found = []
    for case in ctx.session.scalars(query.limit(500)):
        distance = distance_m(lat, lon, case.lat, case.lon)  # type: ignore[arg-type]
        if distance <= radius_m:
            found.append((distance, case))
    found.sort(key=lambda pair: pair[0])
    found = found[:limit]
    counts = reporter_counts(ctx.session, [c.id for _, c in found])
    return [
        NearbyCase(
            case=case_out(c, ctx.now, ctx.settings.due_soon_ratio, counts.get(c.id, 0)),
            distance_m=round(d, 1),
        )
        for d, c in found
    ]


def caller_history(ctx: Ctx, phone: str, limit: int = 50) -> list[CallerCase]:
    """Earlier cases of a caller, by phone number in any Bulgarian form. Recorded: it reads personal data."""
    if ctx.user.role not in ("operator", "lead", "admin"):
        raise Forbidden("only the contact centre looks up callers")
    e164 = to_e164(phone)
    if e164 is None:
        raise ValidationFailed({"phone": f"{phone!r} is not a valid phone number"})
    rows = ctx.session.scalars(
        sa.select(Case)
        .join(Reporter, Reporter.case_id == Case.id)
        .where(Reporter.phone_e164 == e164)
        .order_by(Case.id.desc())
        .distinct()
        .limit(limit)
    ).all()
    append_event(
        ctx.session,
        "caller.history_viewed",
        {"phone_suffix": e164[-3:], "count": len(rows)},
        now=ctx.now,
        actor=ctx.user,
        audience="audit",
    )
    return [CallerCase.model_validate(c, from_attributes=True) for c in rows]
