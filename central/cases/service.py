"""The rules of cases: create (route + SLA + event in one transaction), read, change, act.

Every change goes through :func:`_record_change`, which bumps the version and writes the event in the
same transaction (invariants 2 and 3). Permissions are checked here, not in the HTTP layer.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from central.attachments import service as attachments
from central.attachments.models import Attachment
from central.auth import permissions
from central.auth.models import User
from central.cases import workflow
from central.cases.models import Case, IdempotencyKey, Message, Reporter, TrackingCounter, Transfer
from central.cases.schemas import (
    MAX_ID,
    AssignIn,
    CaseCreate,
    CaseDetail,
    CasePatch,
    EventOut,
    FollowerIn,
    MergeIn,
    MessageIn,
    MessageOut,
    PauseIn,
    ResumeIn,
    StatusIn,
    TransferIn,
)
from central.cases.serialize import case_out, case_snapshot, message_out, reporter_counts
from central.context import Ctx
from central.crews import night as night_routing
from central.crews import service as crews
from central.crews.schemas import DispatchIn
from central.errors import Conflict, Forbidden, NotFound, StaleVersion, ValidationFailed
from central.events.service import append_event, case_events, take_event_order_lock
from central.notify.messages import Notice
from central.phones import is_mobile, to_e164
from central.reference.models import Category, Unit
from central.reference.service import sla_times
from central.routing.service import route
from central.sla import service as sla
from central.sla.escalation import escalation_event

# --- creation ----------------------------------------------------------------------------------------


def create_case(ctx: Ctx, body: CaseCreate, idempotency_key: str | None) -> tuple[Case, bool]:
    """Create, route and start the SLA of a case. Returns (case, created); a replayed key → (first, False)."""
    reason = permissions.can_create_case(ctx.user)
    if reason:
        raise Forbidden(reason)
    fingerprint = _fingerprint(ctx.user.id, body)
    if idempotency_key:
        earlier = _replayed_case(ctx.session, idempotency_key, ctx.user.id, fingerprint)
        if earlier is not None:
            return earlier, False

    category = ctx.session.get(Category, body.category_id)
    if category is None or not category.active:
        raise ValidationFailed({"category_id": f"unknown or retired category {body.category_id}"})
    _check_notify(body)
    try:
        photos = attachments.claimable(ctx, body.attachment_ids, None)
    except ValidationFailed:
        # The same request, sent again while the first was still running, finds the photos taken by it.
        earlier = (
            _replayed_case(ctx.session, idempotency_key, ctx.user.id, fingerprint)
            if idempotency_key
            else None
        )
        if earlier is None:
            raise
        return earlier, False

    reference = ctx.districts.snapshot(ctx.session)
    district_code, outside = None, False
    if body.lat is not None and body.lon is not None:
        match = reference.index.locate(body.lat, body.lon)
        district_code, outside = match.code, match.outside_sofia
    # Routing, the owner's calendar and the SLA depend on reference data only: each answer is computed once
    # per reference version (and server process), not queried again for every case.
    decision = reference.memo(
        ("route", category.id, district_code, outside),
        lambda: route(ctx.session, category, district_code, outside_sofia=outside),
    )
    unit = decision.unit_code
    calendar = reference.memo(("calendar", unit), lambda: _unit_calendar(ctx, unit))
    priority = body.priority or category.default_priority
    times = reference.memo(
        ("sla", category.id, priority), lambda: sla_times(ctx.session, category.id, priority)
    )

    case = Case(
        channel=body.channel,
        category_id=category.id,
        description=body.description,
        lat=body.lat,
        lon=body.lon,
        address=body.address,
        district_code=district_code,
        outside_sofia=outside,
        status="new",
        priority=priority,
        owner_unit_code=unit,
        routing_reason=decision.reason,
        routing_rule_id=decision.rule_id,
        anonymous=body.anonymous,
        created_by_user_id=ctx.user.id,
        version=1,
        created_at=ctx.now,
        updated_at=ctx.now,
        bounce_count=0,
        needs_lead=False,
    )
    sla.start_clocks(case, times, calendar, ctx.now)
    # From here to the commit, case creations run one at a time (the event order lock, then the tracking
    # counter row): everything above is read or computed first so that this stretch stays short.
    take_event_order_lock(ctx.session)
    night = _route_out_of_hours(ctx, case, category)
    case.tracking_number = _next_tracking_number(ctx.session, ctx.now.year)
    ctx.session.add(case)
    ctx.session.flush()

    reporter_count = reporter_count_of(body)
    if reporter_count:
        assert body.reporter is not None
        ctx.session.add(
            _reporter(
                case.id,
                body.reporter.name,
                body.reporter.phone,
                body.reporter.email,
                body.channel,
                ctx.now,
                follower=False,
            )
        )

    linked = attachments.link(photos, case.id)

    if idempotency_key:
        ctx.session.add(
            IdempotencyKey(
                key=idempotency_key,
                user_id=ctx.user.id,
                fingerprint=fingerprint,
                case_id=case.id,
                created_at=ctx.now,
            )
        )
    data: dict[str, Any] = {
        "case": case_snapshot(case, ctx.now, ctx.settings.due_soon_ratio, reporter_count),
        "routing": {
            "unit_code": decision.unit_code,
            "rule_id": decision.rule_id,
            "reason": decision.reason,
        },
    }
    if linked:
        data["attachment_ids"] = linked
    if night is not None:
        data["out_of_hours"] = {
            "crew_id": night.crew.id if night.crew else None,
            "lead_user_id": night.lead_user_id,
            "reason": night.reason,
        }
    append_event(
        ctx.session,
        "case.created",
        data,
        now=ctx.now,
        actor=ctx.user,
        case_id=case.id,
        unit_code=case.owner_unit_code,
        assignee_user_id=case.assignee_user_id,
        crew_id=case.assignee_crew_id,
    )
    if night is not None and night.crew is not None:
        crews.set_crew_state(
            ctx.session,
            night.crew,
            case_id=case.id,
            now=ctx.now,
            actor=ctx.user,
            reason="dispatched_out_of_hours",
            event_case_id=case.id,
        )
    try:
        ctx.session.flush()
    except IntegrityError:
        # A concurrent request with the same Idempotency-Key won the race: serve its result instead.
        ctx.session.rollback()
        earlier = _replayed_case(ctx.session, idempotency_key or "", ctx.user.id, fingerprint)
        if earlier is None:
            raise
        return earlier, False
    return case, True


def _route_out_of_hours(ctx: Ctx, case: Case, category: Category) -> night_routing.NightAssignment | None:
    """Urgent while the offices are closed: the unit's on-duty crew takes it, else the 24/7 lead. Called
    with the event-order lock held, so that two urgent cases filed at once do not take the same crew."""
    if not night_routing.applies(category, case.priority, ctx.now):
        return None
    night = night_routing.choose(ctx.session, case.owner_unit_code, ctx.now)
    if night is None:
        return None
    case.status = "assigned"
    case.assignee_crew_id = night.crew.id if night.crew else None
    case.assignee_user_id = night.lead_user_id
    case.routing_reason = f"{case.routing_reason}; {night.reason}"
    return night


def _unit_calendar(ctx: Ctx, unit_code: str) -> str:
    unit = ctx.session.get(Unit, unit_code)
    assert unit is not None  # routing only names existing units
    return unit.calendar


def reporter_count_of(body: CaseCreate) -> int:
    """How many reporters filing ``body`` stores: one, unless anonymous or without any detail."""
    reporter = body.reporter
    return int(bool(reporter and not body.anonymous and (reporter.name or reporter.phone or reporter.email)))


def _fingerprint(user_id: int, body: CaseCreate) -> str:
    values = body.model_dump(mode="json")
    # Fields added later are left out while empty, so that keys stored before they existed still match.
    for name in ("attachment_ids", "notify"):
        if not values[name]:
            del values[name]
    canonical = json.dumps([user_id, values], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _check_notify(body: CaseCreate) -> None:
    """The caller asked to be told the tracking number: we need where to send it (422 on ``notify``)."""
    if not body.notify:
        return
    reporter = body.reporter
    if body.anonymous or reporter is None:
        raise ValidationFailed({"notify": "an anonymous report has nobody to notify"})
    if "sms" in body.notify:
        e164 = to_e164(reporter.phone)
        if e164 is None:
            raise ValidationFailed(
                {"notify": "an SMS needs the caller's valid phone number (reporter.phone)"}
            )
        if not is_mobile(e164):
            raise ValidationFailed({"notify": "an SMS needs a mobile number; reporter.phone is a landline"})
    if "email" in body.notify and not reporter.email:
        raise ValidationFailed({"notify": "an email needs the caller's address (reporter.email)"})


def tracking_notice(ctx: Ctx, case: Case, body: CaseCreate) -> Notice | None:
    """What the notifier sends after the commit, when the caller asked for it (see ``_check_notify``)."""
    if not body.notify or body.reporter is None:
        return None
    category = ctx.session.get(Category, case.category_id)
    unit = ctx.session.get(Unit, case.owner_unit_code)
    return Notice(
        case_id=case.id,
        tracking_number=case.tracking_number,
        category=category.name_bg if category else "",
        unit=unit.name_bg if unit else case.owner_unit_code,
        due_at=case.due_at,
        channels=tuple(dict.fromkeys(body.notify)),
        phone_e164=to_e164(body.reporter.phone),
        email=body.reporter.email or None,
    )


def _replayed_case(session: Session, key: str, user_id: int, fingerprint: str) -> Case | None:
    row = session.get(IdempotencyKey, key)
    if row is None:
        return None
    if row.user_id != user_id or row.fingerprint != fingerprint:
        raise Conflict("this Idempotency-Key was already used for a different request")
    return session.get(Case, row.case_id)


def _next_tracking_number(session: Session, year: int) -> str:
    """SOF-YYYY-NNNNNN from a per-year counter row (locked by the UPDATE until commit)."""
    bump = (
        sa.update(TrackingCounter)
        .where(TrackingCounter.year == year)
        .values(last_value=TrackingCounter.last_value + 1)
        .returning(TrackingCounter.last_value)
    )
    value = session.execute(bump).scalar()
    if value is None:
        try:
            with session.begin_nested():
                session.add(TrackingCounter(year=year, last_value=1))
            value = 1
        except IntegrityError:  # another transaction created the year's row first
            value = session.execute(bump).scalar_one()
    return f"SOF-{year}-{value:06d}"


def _reporter(
    case_id: int, name: str, phone: str, email: str, channel: str, now: datetime, *, follower: bool
) -> Reporter:
    return Reporter(
        case_id=case_id,
        name=name,
        phone_e164=to_e164(phone),
        phone_raw=phone,
        email=email,
        channel=channel,
        is_follower=follower,
        created_at=now,
    )


# --- reading -----------------------------------------------------------------------------------------


def get_case(ctx: Ctx, case_id: int, *, for_update: bool = False) -> Case:
    if not 1 <= case_id <= MAX_ID:  # beyond the id column's range: no such case (and no driver overflow)
        raise NotFound(f"case {case_id} does not exist")
    query = sa.select(Case).where(Case.id == case_id)
    if for_update:
        query = query.with_for_update()
    case = ctx.session.scalar(query)
    if case is None:
        raise NotFound(f"case {case_id} does not exist")
    reason = permissions.can_read_case(ctx.user, case)
    if reason:
        raise Forbidden(reason)
    return case


def get_case_for_change(ctx: Ctx, case_id: int, if_match: int) -> Case:
    case = get_case(ctx, case_id, for_update=True)
    if case.version != if_match:
        raise StaleVersion(
            f"case {case.tracking_number} changed meanwhile (your version {if_match}, now {case.version})",
            case.version,
        )
    return case


def case_detail(ctx: Ctx, case: Case) -> CaseDetail:
    visible = permissions.visible_message_visibilities(ctx.user)
    messages = ctx.session.scalars(
        sa.select(Message)
        .where(Message.case_id == case.id, Message.visibility.in_(visible))
        .order_by(Message.id)
    ).all()
    events = case_events(ctx.session, case.id, visible)
    count = reporter_counts(ctx.session, [case.id]).get(case.id, 0)
    photos = attachments.ids_by_message(ctx.session, [m.id for m in messages])
    return CaseDetail(
        case=case_out(case, ctx.now, ctx.settings.due_soon_ratio, count),
        thread=[message_out(m, photos.get(m.id, ())) for m in messages],
        timeline=[EventOut.model_validate(e, from_attributes=True) for e in events],
        attachments=attachments.case_attachments(ctx.session, case.id, visible),
    )


def reporters(ctx: Ctx, case: Case) -> list[Reporter]:
    """Reporters' personal data; reading it is recorded in the audit trail (invariant 5)."""
    if not permissions.can_see_reporters(ctx.user, case):
        raise Forbidden("your role may not see reporters' personal data")
    rows = list(
        ctx.session.scalars(sa.select(Reporter).where(Reporter.case_id == case.id).order_by(Reporter.id))
    )
    append_event(
        ctx.session,
        "case.reporters_viewed",
        {"count": len(rows)},
        now=ctx.now,
        actor=ctx.user,
        case_id=case.id,
        unit_code=case.owner_unit_code,
        audience="audit",
    )
    return rows


# --- changes -----------------------------------------------------------------------------------------


def _record_change(
    ctx: Ctx,
    case: Case,
    type_: str,
    changes: dict[str, Any],
    extra: dict[str, Any] | None = None,
    *,
    prev_unit_code: str | None = None,
) -> None:
    """Bump the version and write the event, in the caller's transaction."""
    case.version += 1
    case.updated_at = ctx.now
    ctx.session.flush()
    count = reporter_counts(ctx.session, [case.id]).get(case.id, 0)
    data = {"case": case_snapshot(case, ctx.now, ctx.settings.due_soon_ratio, count), "changes": changes}
    data.update(extra or {})
    append_event(
        ctx.session,
        type_,
        data,
        now=ctx.now,
        actor=ctx.user,
        case_id=case.id,
        unit_code=case.owner_unit_code,
        prev_unit_code=prev_unit_code,
        assignee_user_id=case.assignee_user_id,
        # Whoever had the case before hears that it left them (their console drops it).
        prev_assignee_user_id=changes["assignee_user_id"][0] if "assignee_user_id" in changes else None,
        crew_id=case.assignee_crew_id,
        prev_crew_id=changes["assignee_crew_id"][0] if "assignee_crew_id" in changes else None,
    )
    # A case that left its crew or was finished frees the crew that was working on it.
    crews.after_case_change(ctx.session, case, changes, ctx.now, ctx.user)


def _require_open(case: Case, action: str) -> None:
    if case.status not in workflow.OPEN_STATUSES:
        raise Conflict(f"cannot {action}: case {case.tracking_number} is {case.status}")


def _mark_first_response(case: Case, now: datetime) -> None:
    if case.first_responded_at is None:
        case.first_responded_at = now


def _diff(case: Case, new_values: dict[str, Any]) -> dict[str, list[Any]]:
    """Set the values on the case; return {field: [old, new]} for those that changed (JSON-ready)."""
    changes: dict[str, list[Any]] = {}
    for name, value in new_values.items():
        old = getattr(case, name)
        if old != value:
            setattr(case, name, value)
            changes[name] = [_jsonable(old), _jsonable(value)]
    return changes


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def patch_case(ctx: Ctx, case: Case, body: CasePatch) -> None:
    reason = permissions.can_act_on_case(ctx.user, case)
    if reason:
        raise Forbidden(reason)
    if workflow.is_final(case.status):
        raise Conflict(f"case {case.tracking_number} is {case.status} and can no longer change")
    values: dict[str, Any] = {}
    for name in ("description", "address", "priority"):
        if getattr(body, name) is not None:
            values[name] = getattr(body, name)
    category = None
    if body.category_id is not None and body.category_id != case.category_id:
        category = ctx.session.get(Category, body.category_id)
        if category is None or not category.active:
            raise ValidationFailed({"category_id": f"unknown or retired category {body.category_id}"})
        values["category_id"] = category.id
    relocated = body.lat is not None and (body.lat, body.lon) != (case.lat, case.lon)
    if relocated:
        match = ctx.districts.get(ctx.session).locate(body.lat, body.lon)  # type: ignore[arg-type]
        values.update(lat=body.lat, lon=body.lon, district_code=match.code, outside_sofia=match.outside_sofia)
    prev_unit = case.owner_unit_code
    changes = _diff(case, values)
    if not changes:
        return
    extra: dict[str, Any] = {"reason": body.reason}
    if "category_id" in changes or "district_code" in changes:
        # A new category (or place) may belong to another unit: route again and say why.
        category = category or ctx.session.get(Category, case.category_id)
        assert category is not None
        decision = route(ctx.session, category, case.district_code, outside_sofia=case.outside_sofia)
        if decision.unit_code != case.owner_unit_code:
            moved: dict[str, Any] = {
                "owner_unit_code": decision.unit_code,
                "assignee_user_id": None,
                "assignee_crew_id": None,
            }
            if case.status in ("assigned", "in_progress"):
                moved["status"] = "triaged"  # as in a transfer: the new unit decides who does it
            changes.update(_diff(case, moved))
        changes.update(_diff(case, {"routing_reason": decision.reason, "routing_rule_id": decision.rule_id}))
        extra["routing"] = {
            "unit_code": decision.unit_code,
            "rule_id": decision.rule_id,
            "reason": decision.reason,
        }
    if "priority" in changes or "category_id" in changes:
        old_due = case.due_at
        sla.recompute_deadlines(case, sla_times(ctx.session, case.category_id, case.priority))
        if case.due_at != old_due:
            changes["due_at"] = [old_due.isoformat(), case.due_at.isoformat()]
    _record_change(
        ctx,
        case,
        "case.updated",
        changes,
        extra,
        prev_unit_code=prev_unit if prev_unit != case.owner_unit_code else None,
    )


def assign(ctx: Ctx, case: Case, body: AssignIn) -> None:
    reason = permissions.can_act_on_case(ctx.user, case)
    if reason:
        raise Forbidden(reason)
    _require_open(case, "assign")
    assignee = ctx.session.get(User, body.user_id)
    if assignee is None or not assignee.active:
        raise ValidationFailed({"user_id": f"unknown or inactive user {body.user_id}"})
    if assignee.role not in ("operator", "lead", "admin") and assignee.unit_code != case.owner_unit_code:
        raise ValidationFailed({"user_id": f"{assignee.username} does not work for the owner unit"})
    values: dict[str, Any] = {"assignee_user_id": assignee.id}
    if case.status in ("new", "triaged", "reopened"):
        values["status"] = "assigned"
    changes = _diff(case, values)
    if not changes:
        return
    _mark_first_response(case, ctx.now)
    _record_change(ctx, case, "case.assigned", changes, {"note": body.note, "assignee": assignee.username})


def transfer(ctx: Ctx, case: Case, body: TransferIn) -> None:
    reason = permissions.can_act_on_case(ctx.user, case)
    if reason:
        raise Forbidden(reason)
    _require_open(case, "transfer")
    target = ctx.session.get(Unit, body.unit_code)
    if target is None or not target.active:
        raise ValidationFailed({"unit_code": f"unknown or inactive unit {body.unit_code!r}"})
    if target.code == case.owner_unit_code:
        raise ValidationFailed({"unit_code": "the case already belongs to this unit"})
    units_left = set(
        ctx.session.scalars(sa.select(Transfer.from_unit_code).where(Transfer.case_id == case.id))
    )
    from_unit = case.owner_unit_code
    ctx.session.add(
        Transfer(
            case_id=case.id,
            from_unit_code=from_unit,
            to_unit_code=target.code,
            reason_code=body.reason_code,
            note=body.note,
            actor_user_id=ctx.user.id,
            created_at=ctx.now,
        )
    )
    values: dict[str, Any] = {
        "owner_unit_code": target.code,
        "assignee_user_id": None,
        "assignee_crew_id": None,
    }
    if case.status in ("assigned", "in_progress"):
        values["status"] = "triaged"  # the new unit decides who does it
    bounced = target.code in units_left
    if bounced:
        values["bounce_count"] = case.bounce_count + 1
        if case.bounce_count + 1 >= 2:
            values["needs_lead"] = True  # bounced twice: a lead must settle who owns it
    changes = _diff(case, values)
    _record_change(
        ctx,
        case,
        "case.transferred",
        changes,
        {"reason_code": body.reason_code, "note": body.note, "bounced": bounced},
        prev_unit_code=from_unit,
    )
    if "needs_lead" in changes:  # bounced back and forth: up to a lead, in the same transaction
        count = reporter_counts(ctx.session, [case.id]).get(case.id, 0)
        snapshot = case_snapshot(case, ctx.now, ctx.settings.due_soon_ratio, count)
        escalation_event(ctx.session, case, "bounced", snapshot, now=ctx.now, actor=ctx.user)


def set_status(ctx: Ctx, case: Case, body: StatusIn) -> None:
    reason = permissions.can_set_status(ctx.user, case, body.status)
    if reason:
        raise Forbidden(reason)
    target = body.status
    if target == case.status:
        raise Conflict(f"case {case.tracking_number} is already {target}")
    if target in workflow.SET_BY_ACTION_ONLY:
        raise ValidationFailed(
            {"status": f"use the {workflow.SET_BY_ACTION_ONLY[target]} action for {target}"}
        )
    if not workflow.can_move(case.status, target):
        raise Conflict(f"a {case.status} case cannot become {target}")
    if target in workflow.NEEDS_PUBLIC_NOTE and not body.note:
        raise ValidationFailed({"note": f"a public note to the citizen is required to mark a case {target}"})
    values: dict[str, Any] = {"status": target}
    if target == "resolved":
        values["resolved_at"] = ctx.now
    elif target == "closed":
        values["closed_at"] = ctx.now
    elif target == "reopened":
        values["resolved_at"] = None
    elif target == "triaged":
        values["assignee_user_id"] = None
        values["assignee_crew_id"] = None
    if case.sla_paused_at is not None and target not in workflow.OPEN_STATUSES:
        sla.resume(case, ctx.now)  # a finished case has no clock to keep paused
    changes = _diff(case, values)
    _mark_first_response(case, ctx.now)
    extra: dict[str, Any] = {"note": body.note}
    if body.note and target in workflow.NEEDS_PUBLIC_NOTE | {"reopened", "closed"}:
        message = _add_message(ctx, case, body.note, "public")
        extra["message_id"] = message.id
    _record_change(ctx, case, "case.status_changed", changes, extra)


def merge(ctx: Ctx, case: Case, body: MergeIn) -> Case:
    """Mark ``case`` a duplicate of another open case; its reporters follow the surviving case."""
    reason = permissions.can_act_on_case(ctx.user, case)
    if reason:
        raise Forbidden(reason)
    _require_open(case, "merge")
    if body.into_case_id == case.id:
        raise ValidationFailed({"into_case_id": "a case cannot be a duplicate of itself"})
    target = ctx.session.scalar(sa.select(Case).where(Case.id == body.into_case_id).with_for_update())
    if target is None or permissions.can_read_case(ctx.user, target):
        # Same answer for "missing" and "not yours": another unit's case is not revealed, nor changed.
        raise ValidationFailed({"into_case_id": f"no case {body.into_case_id} that you may see"})
    if target.status not in workflow.OPEN_STATUSES:  # final, or resolved (reopen it first)
        raise ValidationFailed(
            {"into_case_id": f"{target.tracking_number} is {target.status}; merge into an open case"}
        )
    if case.sla_paused_at is not None:
        sla.resume(case, ctx.now)  # a finished case has no clock to keep paused (as in set_status)
    changes = _diff(case, {"status": "duplicate", "duplicate_of_id": target.id, "closed_at": ctx.now})
    moved = 0
    for reporter in ctx.session.scalars(sa.select(Reporter).where(Reporter.case_id == case.id)):
        ctx.session.add(
            _reporter(
                target.id,
                reporter.name,
                reporter.phone_raw,
                reporter.email,
                reporter.channel,
                ctx.now,
                follower=True,
            )
        )
        moved += 1
    _record_change(ctx, case, "case.merged", changes, {"into": target.tracking_number, "note": body.note})
    note = f"Сигнал {case.tracking_number} е обединен с този като дубликат." + (
        f" {body.note}" if body.note else ""
    )
    _add_message(ctx, target, note, "internal", author_kind="system")
    _record_change(
        ctx,
        target,
        "case.duplicate_attached",
        {},
        {"duplicate": case.tracking_number, "duplicate_id": case.id, "followers_added": moved},
    )
    return target


# How the thread says which way another caller reached us (no personal data: the event carries the message).
_BY_CHANNEL = {
    "phone": "по телефона",
    "app": "през приложението",
    "portal": "през портала",
    "email": "по имейл",
    "facebook": "през Facebook",
    "open311": "през Open311",
}


def add_follower(ctx: Ctx, case_id: int, body: FollowerIn, idempotency_key: str | None) -> tuple[Case, bool]:
    """Record one more caller about an open case instead of filing a duplicate. Returns (case, added); a
    replayed Idempotency-Key → (case, False) and nothing is added twice."""
    reason = permissions.can_add_follower(ctx.user)
    if reason:
        raise Forbidden(reason)
    canonical = json.dumps(
        [ctx.user.id, "follow", case_id, body.model_dump(mode="json")], sort_keys=True, ensure_ascii=False
    )
    fingerprint = hashlib.sha256(canonical.encode()).hexdigest()
    if idempotency_key:
        earlier = _replayed_case(ctx.session, idempotency_key, ctx.user.id, fingerprint)
        if earlier is not None:
            return earlier, False
    case = get_case(ctx, case_id, for_update=True)
    _require_open(case, "add a caller to")
    ctx.session.add(
        _reporter(case.id, body.name, body.phone, body.email, body.channel, ctx.now, follower=True)
    )
    if idempotency_key:
        ctx.session.add(
            IdempotencyKey(
                key=idempotency_key,
                user_id=ctx.user.id,
                fingerprint=fingerprint,
                case_id=case.id,
                created_at=ctx.now,
            )
        )
    try:
        ctx.session.flush()
    except IntegrityError:
        ctx.session.rollback()  # the same key, sent twice at once: the other request added the caller
        earlier = _replayed_case(ctx.session, idempotency_key or "", ctx.user.id, fingerprint)
        if earlier is None:
            raise
        return earlier, False
    text = f"Още един гражданин съобщи за същия проблем {_BY_CHANNEL[body.channel]}." + (
        f" {body.note}" if body.note else ""
    )
    message = _add_message(ctx, case, text, "internal", author_kind="system")
    _record_change(ctx, case, "case.follower_added", {}, {"channel": body.channel, "message_id": message.id})
    return case, True


def pause_sla(ctx: Ctx, case: Case, body: PauseIn) -> None:
    reason = permissions.can_act_on_case(ctx.user, case)
    if reason:
        raise Forbidden(reason)
    _require_open(case, "pause the SLA of")
    if case.sla_paused_at is not None:
        raise Conflict("the SLA clock is already paused")
    sla.pause(case, ctx.now, body.reason)
    _record_change(
        ctx, case, "case.sla_paused", {"sla_paused_at": [None, ctx.now.isoformat()]}, {"reason": body.reason}
    )


def resume_sla(ctx: Ctx, case: Case, body: ResumeIn) -> None:
    reason = permissions.can_act_on_case(ctx.user, case)
    if reason:
        raise Forbidden(reason)
    if case.sla_paused_at is None:
        raise Conflict("the SLA clock is not paused")
    old_due = case.due_at
    paused_for = sla.resume(case, ctx.now)
    _record_change(
        ctx,
        case,
        "case.sla_resumed",
        {"due_at": [old_due.isoformat(), case.due_at.isoformat()]},
        {"note": body.note, "paused_seconds": paused_for.total_seconds()},
    )


def dispatch(ctx: Ctx, case: Case, body: DispatchIn) -> None:
    """Send a crew of the owner unit to the case (a lead's decision); the note goes to the crew thread."""
    unit = ctx.session.get(Unit, case.owner_unit_code)
    reason = permissions.can_dispatch(ctx.user, unit.lead_user_id if unit else None)
    if reason:
        raise Forbidden(reason)
    _require_open(case, "dispatch a crew to")
    crew = crews.lock_crew(ctx.session, body.crew_id)
    if crew is None:
        raise ValidationFailed({"crew_id": f"unknown crew {body.crew_id}"})
    crews.check_dispatchable(ctx.session, crew, case, ctx.now)
    values: dict[str, Any] = {"assignee_crew_id": crew.id}
    if case.status in ("new", "triaged", "reopened"):
        values["status"] = "assigned"
    changes = _diff(case, values)
    _mark_first_response(case, ctx.now)
    crews.set_crew_state(
        ctx.session,
        crew,
        case_id=case.id,
        now=ctx.now,
        actor=ctx.user,
        reason="dispatched",
        event_case_id=case.id,
    )
    if body.note:
        _add_message(ctx, case, body.note, "crew")
    snapshot = crews.crew_snapshot(ctx.session, crew, ctx.now)
    _record_change(ctx, case, "case.dispatched", changes, {"note": body.note, "crew": snapshot})


def release_from_crew(ctx: Ctx, case: Case, note: str) -> None:
    """The crew leaves the case unfinished (its report said why): back to the owner unit to decide."""
    values: dict[str, Any] = {"assignee_crew_id": None}
    if case.status in ("assigned", "in_progress"):
        values["status"] = "triaged"
    changes = _diff(case, values)
    _record_change(ctx, case, "case.crew_released", changes, {"note": note})


# --- thread -------------------------------------------------------------------------------------------


def _add_message(
    ctx: Ctx,
    case: Case,
    body: str,
    visibility: str,
    *,
    author_kind: str = "user",
    photos: list[Attachment] | None = None,
) -> Message:
    message = Message(
        case_id=case.id,
        author_kind=author_kind,
        author_user_id=ctx.user.id if author_kind == "user" else None,
        author_name=ctx.user.full_name if author_kind == "user" else "Call Sofia",
        visibility=visibility,
        body=body,
        created_at=ctx.now,
    )
    ctx.session.add(message)
    ctx.session.flush()
    linked = attachments.link(photos or [], case.id, message.id)
    append_event(
        ctx.session,
        "message.posted",
        {"message": message_out(message, linked).model_dump(mode="json")},
        now=ctx.now,
        actor=ctx.user,
        case_id=case.id,
        unit_code=case.owner_unit_code,
        assignee_user_id=case.assignee_user_id,
        crew_id=case.assignee_crew_id,
        audience=visibility,
    )
    return message


def post_message(ctx: Ctx, case: Case, body: MessageIn) -> Message:
    if body.visibility not in permissions.allowed_message_visibilities(ctx.user):
        raise Forbidden(f"your role may not post {body.visibility} messages")
    if ctx.user.role == "unit_staff" and case.owner_unit_code != ctx.user.unit_code:
        raise Forbidden("only the owner unit may write in this thread")
    if workflow.is_final(case.status) and body.visibility == "public":
        raise Conflict(f"case {case.tracking_number} is {case.status}; public updates are closed")
    photos = attachments.claimable(ctx, body.attachment_ids, case)
    message = _add_message(ctx, case, body.body, body.visibility, photos=photos)
    if body.visibility == "public" and case.first_responded_at is None:
        _mark_first_response(case, ctx.now)
        _record_change(ctx, case, "case.first_response", {"first_responded_at": [None, ctx.now.isoformat()]})
    return message


def list_messages(ctx: Ctx, case: Case) -> list[MessageOut]:
    visible = permissions.visible_message_visibilities(ctx.user)
    messages = list(
        ctx.session.scalars(
            sa.select(Message)
            .where(Message.case_id == case.id, Message.visibility.in_(visible))
            .order_by(Message.id)
        )
    )
    photos = attachments.ids_by_message(ctx.session, [m.id for m in messages])
    return [message_out(m, photos.get(m.id, ())) for m in messages]


def message_answer(ctx: Ctx, message: Message) -> MessageOut:
    return message_out(message, attachments.ids_by_message(ctx.session, [message.id]).get(message.id, ()))
