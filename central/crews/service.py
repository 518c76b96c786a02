"""The rules of crews that do not change cases: reading, positions, crew-side status, membership, roster.

Lock order, so that concurrent writers never deadlock on PostgreSQL: case rows, then the event-order lock,
then crew rows (:func:`lock_crew` takes the event-order lock itself). Every change writes its event in the
same transaction, like changes to cases.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from central.auth import permissions
from central.auth.models import User
from central.cases.models import Case
from central.cases.workflow import OPEN_STATUSES
from central.context import Ctx
from central.crews import roster
from central.crews.models import Crew, Shift
from central.crews.schemas import (
    CrewCreate,
    CrewMemberOut,
    CrewOut,
    CrewPatch,
    OnDutyOut,
    PositionIn,
    RosterIn,
    ShiftOut,
)
from central.errors import Conflict, Forbidden, NotFound, ValidationFailed
from central.events.service import append_event, take_event_order_lock
from central.reference.models import Unit

MAX_ID = 2_147_483_647
# A fix from a phone whose clock runs a little fast is fine; one from the far future is a bug.
POSITION_CLOCK_SKEW = timedelta(minutes=2)


# --- reading ------------------------------------------------------------------------------------------


def crews_out(session: Session, crews: list[Crew], now: datetime) -> list[CrewOut]:
    """The HTTP shape of crews: members and the roster's answer for ``now`` read once for all of them."""
    ids = [c.id for c in crews]
    members: dict[int, list[CrewMemberOut]] = {i: [] for i in ids}
    if ids:
        for user in session.scalars(
            sa.select(User).where(User.crew_id.in_(ids), User.active).order_by(User.username)
        ):
            members[user.crew_id].append(  # type: ignore[index]
                CrewMemberOut(id=user.id, username=user.username, full_name=user.full_name)
            )
    # Only these crews' shifts: a crew's phone posts its position every few seconds and is answered with
    # its own crew, never the whole unit's roster.
    duty = {d.crew_id: d for d in roster.on_duty(session, now, crew_ids=ids)} if ids else {}
    next_shift = roster.next_shift_starts(session, ids, now)
    return [
        CrewOut(
            id=c.id,
            unit_code=c.unit_code,
            name=c.name,
            active=c.active,
            status=c.status,
            status_changed_at=c.status_changed_at,
            current_case_id=c.current_case_id,
            lat=c.lat,
            lon=c.lon,
            position_at=c.position_at,
            version=c.version,
            members=members[c.id],
            on_duty=c.id in duty,
            shift_ends_at=duty[c.id].ends_at if c.id in duty else None,
            next_shift_at=next_shift.get(c.id),
        )
        for c in crews
    ]


def crew_snapshot(session: Session, crew: Crew, now: datetime) -> dict[str, Any]:
    """The crew as it travels inside events (JSON-ready)."""
    session.flush()
    return crews_out(session, [crew], now)[0].model_dump(mode="json")


def crew_reference(session: Session) -> list[dict[str, Any]]:
    """Crews as labels for ``GET /reference`` (the live state comes from ``GET /crews`` and events)."""
    members: dict[int, list[int]] = {}
    for user_id, crew_id in session.execute(
        sa.select(User.id, User.crew_id).where(User.crew_id.is_not(None), User.active).order_by(User.id)
    ):
        members.setdefault(crew_id, []).append(user_id)
    return [
        {
            "id": c.id,
            "unit_code": c.unit_code,
            "name": c.name,
            "active": c.active,
            "member_ids": members.get(c.id, []),
        }
        for c in session.scalars(sa.select(Crew).order_by(Crew.unit_code, Crew.name))
    ]


def _unit_param(unit: str | None) -> str | None:
    # PostgreSQL text cannot hold NUL: bad input (422), not a 500 from the driver.
    if unit is not None and ("\x00" in unit or len(unit) > 32):
        raise ValidationFailed({"unit": "not a unit code"})
    return unit


def list_crews(ctx: Ctx, unit: str | None = None, on_duty: bool | None = None) -> list[CrewOut]:
    unit = _unit_param(unit)
    query = sa.select(Crew).order_by(Crew.unit_code, Crew.name)
    if ctx.user.role not in permissions.CITY_WIDE_ROLES:
        query = query.where(Crew.unit_code == ctx.user.unit_code)
    if unit:
        query = query.where(Crew.unit_code == unit)
    found = crews_out(ctx.session, list(ctx.session.scalars(query)), ctx.now)
    if on_duty is not None:
        found = [c for c in found if c.on_duty == on_duty]
    return found


def get_crew(ctx: Ctx, crew_id: int) -> Crew:
    crew = ctx.session.get(Crew, crew_id) if 1 <= crew_id <= MAX_ID else None
    if crew is None:
        raise NotFound(f"crew {crew_id} does not exist")
    reason = permissions.can_read_crew(ctx.user, crew)
    if reason:
        raise Forbidden(reason)
    return crew


def lock_crew(session: Session, crew_id: int) -> Crew | None:
    """The crew row, locked until commit (after the event-order lock: see the module's lock order)."""
    take_event_order_lock(session)
    return session.scalar(
        sa.select(Crew).where(Crew.id == crew_id).with_for_update().execution_options(populate_existing=True)
    )


def on_duty_answer(ctx: Ctx, at: datetime, unit: str | None) -> list[OnDutyOut]:
    """Who is on duty at ``at`` (by the roster), with each crew's shift window."""
    unit = _unit_param(unit)
    duty = roster.on_duty(ctx.session, at, unit)
    crews = {
        c.id: c for c in ctx.session.scalars(sa.select(Crew).where(Crew.id.in_([d.crew_id for d in duty])))
    }
    return [
        OnDutyOut(
            crew_id=d.crew_id,
            crew_name=crews[d.crew_id].name,
            unit_code=crews[d.crew_id].unit_code,
            shift_id=d.shift_id,
            starts_at=d.starts_at,
            ends_at=d.ends_at,
        )
        for d in duty
        if permissions.can_read_crew(ctx.user, crews[d.crew_id]) is None
    ]


# --- events -------------------------------------------------------------------------------------------


def append_crew_event(
    session: Session,
    type_: str,
    crew: Crew,
    data: dict[str, Any],
    *,
    now: datetime,
    actor: User | None,
    case_id: int | None = None,
) -> None:
    """A crew's event: staff of its unit, city-wide roles and the crew's own members see it."""
    append_event(
        session,
        type_,
        {"crew": crew_snapshot(session, crew, now)} | data,
        now=now,
        actor=actor,
        case_id=case_id,
        crew_id=crew.id,
        unit_code=crew.unit_code,
    )


def _bump(crew: Crew, now: datetime) -> None:
    crew.version += 1
    if crew.status_changed_at is None or crew.status_changed_at < now:
        crew.status_changed_at = now


def set_crew_state(
    session: Session,
    crew: Crew,
    *,
    status: str | None = None,
    case_id: int | None | str = "keep",
    now: datetime,
    actor: User | None,
    reason: str,
    note: str = "",
    event_case_id: int | None = None,
) -> dict[str, list[Any]]:
    """Change a crew's status and/or current case, bump its version and write ``crew.status_changed``.
    Returns {field: [old, new]} (empty, and no event, when nothing changed)."""
    changes: dict[str, list[Any]] = {}
    if status is not None and status != crew.status:
        changes["status"] = [crew.status, status]
        crew.status = status
    if case_id != "keep" and case_id != crew.current_case_id:
        changes["current_case_id"] = [crew.current_case_id, case_id]
        crew.current_case_id = case_id  # type: ignore[assignment]
    if not changes:
        return changes
    _bump(crew, now)
    append_crew_event(
        session,
        "crew.status_changed",
        crew,
        {"changes": changes, "reason": reason, "note": note},
        now=now,
        actor=actor,
        case_id=event_case_id,
    )
    return changes


# --- dispatch: the crew side (cases.service.dispatch calls these) -------------------------------------


def check_dispatchable(session: Session, crew: Crew, case: Case, now: datetime) -> None:
    if not crew.active:
        raise ValidationFailed({"crew_id": f"crew {crew.name} is not active"})
    if crew.unit_code != case.owner_unit_code:
        raise ValidationFailed(
            {
                "crew_id": f"crew {crew.name} belongs to {crew.unit_code} and the case to "
                f"{case.owner_unit_code}: transfer the case first"
            }
        )
    if crew.current_case_id == case.id:
        raise Conflict(f"crew {crew.name} is already on case {case.tracking_number}")
    if crew.current_case_id is not None:
        busy = session.get(Case, crew.current_case_id)
        number = busy.tracking_number if busy else crew.current_case_id
        raise Conflict(f"crew {crew.name} is busy with case {number}; it reports done or leaves it first")
    if crew.status == "off_duty" and not any(d.crew_id == crew.id for d in roster.on_duty(session, now)):
        raise Conflict(f"crew {crew.name} is off duty and not on the roster now")


def after_case_change(
    session: Session, case: Case, changes: dict[str, list[Any]], now: datetime, actor: User | None
) -> None:
    """Keep crews free of cases they no longer have: a case that left its crew (transfer, re-dispatch,
    back to triage) or was finished (resolved, rejected, merged, closed) releases the crew working on it."""
    leaving: list[int] = []
    if "assignee_crew_id" in changes and changes["assignee_crew_id"][0] is not None:
        leaving.append(changes["assignee_crew_id"][0])
    if case.assignee_crew_id is not None and case.status not in OPEN_STATUSES:
        leaving.append(case.assignee_crew_id)
    for crew_id in leaving:
        crew = session.get(Crew, crew_id)
        if crew is None or crew.current_case_id != case.id:
            continue  # already released (e.g. the crew reported done first)
        crew = lock_crew(session, crew_id)
        if crew is None or crew.current_case_id != case.id:
            continue
        set_crew_state(
            session,
            crew,
            status="available" if crew.status in ("en_route", "on_site") else None,
            case_id=None,
            now=now,
            actor=actor,
            reason=f"case_{case.status}" if case.status not in OPEN_STATUSES else "case_left_crew",
            event_case_id=case.id,
        )


# --- positions ----------------------------------------------------------------------------------------


def set_position(ctx: Ctx, crew_id: int, body: PositionIn) -> Crew:
    """Record a position fix; an older fix than the one we have changes nothing (phones resend)."""
    crew = get_crew(ctx, crew_id)
    reason = permissions.can_report_for_crew(ctx.user, crew)
    if reason:
        raise Forbidden(reason)
    at = body.at or ctx.now
    if at.tzinfo is None:
        raise ValidationFailed({"at": "give a time zone (e.g. 2026-12-03T10:00:00Z)"})
    if at > ctx.now + POSITION_CLOCK_SKEW:
        raise ValidationFailed({"at": "the fix is from the future; check the device's clock"})
    crew = lock_crew(ctx.session, crew_id)
    assert crew is not None
    if crew.position_at is not None and at <= crew.position_at:
        return crew
    place_crew(ctx.session, crew, body.lat, body.lon, at, now=ctx.now, actor=ctx.user)
    return crew


def place_crew(
    session: Session, crew: Crew, lat: float, lon: float, at: datetime, *, now: datetime, actor: User | None
) -> None:
    """Record the crew's position. Positions are frequent: the event carries the fix, not a snapshot."""
    crew.lat, crew.lon, crew.position_at = lat, lon, at
    append_event(
        session,
        "crew.position",
        {"crew_id": crew.id, "lat": lat, "lon": lon, "at": at.isoformat()},
        now=now,
        actor=actor,
        crew_id=crew.id,
        unit_code=crew.unit_code,
    )


# --- administration: crews and their members -----------------------------------------------------------


def _require_admin(ctx: Ctx) -> None:
    reason = permissions.can_admin(ctx.user)
    if reason:
        raise Forbidden(reason)


def _members(session: Session, unit_code: str, member_ids: list[int]) -> list[User]:
    users = list(session.scalars(sa.select(User).where(User.id.in_(member_ids))))
    missing = set(member_ids) - {u.id for u in users}
    if missing:
        raise ValidationFailed({"member_ids": f"unknown user(s) {', '.join(map(str, sorted(missing)))}"})
    problems = [p for p in (roster.member_problem(u, unit_code) for u in users) if p]
    if problems:
        raise ValidationFailed({"member_ids": "; ".join(problems)})
    return users


def _set_members(session: Session, crew: Crew, users: list[User]) -> list[int]:
    """Make ``users`` the crew's members (a responder is in one crew at a time). Returns the member ids."""
    wanted = {u.id for u in users}
    for user in session.scalars(sa.select(User).where(User.crew_id == crew.id)):
        if user.id not in wanted:
            user.crew_id = None
    for user in users:
        user.crew_id = crew.id
    session.flush()
    return sorted(wanted)


def create_crew(ctx: Ctx, body: CrewCreate) -> Crew:
    _require_admin(ctx)
    unit = ctx.session.get(Unit, _unit_param(body.unit_code))
    if unit is None:
        raise ValidationFailed({"unit_code": f"unknown unit {body.unit_code!r}"})
    if ctx.session.scalar(sa.select(Crew.id).where(Crew.unit_code == unit.code, Crew.name == body.name)):
        raise Conflict(f"{unit.code} already has a crew named {body.name!r}")
    users = _members(ctx.session, unit.code, body.member_ids)
    take_event_order_lock(ctx.session)
    crew = Crew(
        unit_code=unit.code, name=body.name, active=True, status="off_duty", version=1, created_at=ctx.now
    )
    ctx.session.add(crew)
    ctx.session.flush()
    _set_members(ctx.session, crew, users)
    append_crew_event(ctx.session, "crew.created", crew, {}, now=ctx.now, actor=ctx.user)
    return crew


def update_crew(ctx: Ctx, crew_id: int, body: CrewPatch) -> Crew:
    _require_admin(ctx)
    get_crew(ctx, crew_id)
    crew = lock_crew(ctx.session, crew_id)
    assert crew is not None
    changes: dict[str, list[Any]] = {}
    if body.name is not None and body.name != crew.name:
        if ctx.session.scalar(
            sa.select(Crew.id).where(
                Crew.unit_code == crew.unit_code, Crew.name == body.name, Crew.id != crew.id
            )
        ):
            raise Conflict(f"{crew.unit_code} already has a crew named {body.name!r}")
        changes["name"] = [crew.name, body.name]
        crew.name = body.name
    if body.active is not None and body.active != crew.active:
        if not body.active and crew.current_case_id is not None:
            raise Conflict(f"crew {crew.name} is on a case; it reports done or leaves it first")
        changes["active"] = [crew.active, body.active]
        crew.active = body.active
    if body.member_ids is not None:
        before = sorted(ctx.session.scalars(sa.select(User.id).where(User.crew_id == crew.id)))
        after = _set_members(ctx.session, crew, _members(ctx.session, crew.unit_code, body.member_ids))
        if before != after:
            changes["member_ids"] = [before, after]
    if changes:
        _bump(crew, ctx.now)
        append_crew_event(
            ctx.session, "crew.updated", crew, {"changes": changes}, now=ctx.now, actor=ctx.user
        )
    return crew


# --- administration: the roster ------------------------------------------------------------------------


def shifts_out(session: Session, unit_code: str | None) -> list[ShiftOut]:
    query = sa.select(Shift).order_by(Shift.unit_code, Shift.crew_id, Shift.id)
    if unit_code:
        query = query.where(Shift.unit_code == unit_code)
    return [ShiftOut.model_validate(s, from_attributes=True) for s in session.scalars(query)]


def get_roster(ctx: Ctx, unit_code: str | None) -> list[ShiftOut]:
    _require_admin(ctx)
    unit_code = _unit_param(unit_code)
    return shifts_out(ctx.session, unit_code)


def put_roster(ctx: Ctx, unit_code: str, body: RosterIn) -> list[ShiftOut]:
    """Replace a unit's whole roster; every line is checked first (a bad one changes nothing)."""
    _require_admin(ctx)
    if _unit_param(unit_code) is None or ctx.session.get(Unit, unit_code) is None:
        raise NotFound(f"unit {unit_code!r} does not exist")
    crews = {c.id: c for c in ctx.session.scalars(sa.select(Crew).where(Crew.unit_code == unit_code))}
    specs: list[roster.ShiftSpec] = []
    errors: dict[str, str] = {}
    for number, line in enumerate(body.shifts):
        spec = roster.ShiftSpec(
            crew_id=line.crew_id,
            pattern=line.pattern,
            starts=line.starts,
            ends=line.ends,
            weekdays=roster.normalise_weekdays(line.weekdays),
            cycle_days=line.cycle_days,
            on_days=line.on_days,
            valid_from=line.valid_from,
            valid_until=line.valid_until,
            note=line.note,
        )
        problems = roster.check_shift(spec)
        if line.crew_id not in crews:
            problems.append(f"crew {line.crew_id} is not a crew of {unit_code}")
        if problems:
            errors[f"shifts.{number}"] = "; ".join(problems)
        specs.append(spec)
    if errors:
        raise ValidationFailed(errors)
    roster.replace_unit_roster(ctx.session, unit_code, specs)
    _roster_event(ctx.session, unit_code, len(specs), now=ctx.now, actor=ctx.user)
    return shifts_out(ctx.session, unit_code)


def _roster_event(session: Session, unit_code: str, count: int, *, now: datetime, actor: User | None) -> None:
    append_event(
        session,
        "roster.changed",
        {"unit_code": unit_code, "shifts": count},
        now=now,
        actor=actor,
        unit_code=unit_code,
    )


@dataclass
class RosterImport:
    units: int
    shifts: int
    crews_created: int


def import_roster(session: Session, path: Path, now: datetime) -> RosterImport:
    """``central import-roster``: crews are created by name when new; each unit in the file gets exactly
    the file's lines as its roster; members are set for the crews that list them. All or nothing."""
    parsed = roster.read_roster_file(session, path)
    created = 0
    take_event_order_lock(session)
    crews: dict[tuple[str, str], Crew] = {}
    for unit_code, lines in parsed.lines.items():
        for name, _spec in lines:
            key = (unit_code, name)
            if key in crews:
                continue
            crew = session.scalar(sa.select(Crew).where(Crew.unit_code == unit_code, Crew.name == name))
            new = crew is None
            if crew is None:
                crew = Crew(
                    unit_code=unit_code, name=name, active=True, status="off_duty", version=1, created_at=now
                )
                session.add(crew)
                session.flush()
                created += 1
            crews[key] = crew
            changes: dict[str, list[Any]] = {}
            if key in parsed.members:
                before = sorted(session.scalars(sa.select(User.id).where(User.crew_id == crew.id)))
                users = list(session.scalars(sa.select(User).where(User.username.in_(parsed.members[key]))))
                after = _set_members(session, crew, users)
                if before != after:
                    changes["member_ids"] = [before, after]
            if new:
                append_crew_event(session, "crew.created", crew, {}, now=now, actor=None)
            elif changes:
                _bump(crew, now)
                append_crew_event(session, "crew.updated", crew, {"changes": changes}, now=now, actor=None)
    total = 0
    for unit_code, lines in parsed.lines.items():
        specs = []
        for name, spec in lines:
            spec.crew_id = crews[(unit_code, name)].id
            specs.append(spec)
        roster.replace_unit_roster(session, unit_code, specs)
        _roster_event(session, unit_code, len(specs), now=now, actor=None)
        total += len(specs)
    return RosterImport(units=len(parsed.lines), shifts=total, crews_created=created)
