"""SLA clocks of a case: deadlines at creation, pause and resume, and the state shown to operators."""

from __future__ import annotations

from datetime import datetime, timedelta

from central.cases.models import Case
from central.reference.service import SlaTimes
from central.sla.calendar import add_business_time, business_time_between, get_calendar

SLA_STATES = ("ok", "due_soon", "overdue", "paused", "met", "breached")
# The SLA watch warns when this share of the time to resolve has passed (the console's "due soon" colour
# starts at the same point with the default due_soon_ratio of 0.2).
WARNING_SHARE = 0.8


def warning_at(case: Case) -> datetime:
    """When ``case.sla_warning`` is due: WARNING_SHARE of the way from creation to the deadline."""
    return case.due_at - (case.due_at - case.created_at) * (1 - WARNING_SHARE)


def arm_watch(case: Case) -> None:
    """After the deadline was set or moved: when the SLA watch must look at the case next. A warning or a
    breach already announced for this very deadline is not announced again; a new deadline re-arms both."""
    if case.sla_breached_for == case.due_at:
        case.sla_next_check_at = None  # after the breach, a warning would say nothing new
    elif case.sla_warned_for == case.due_at:
        case.sla_next_check_at = case.due_at
    else:
        case.sla_next_check_at = min(warning_at(case), case.due_at)


def start_clocks(case: Case, times: SlaTimes, calendar_code: str, now: datetime) -> None:
    """Set both deadlines from the creation time on the owner unit's calendar."""
    calendar = get_calendar(calendar_code)
    case.sla_calendar = calendar_code
    case.sla_paused_seconds = 0.0
    case.first_response_due_at = add_business_time(
        now, timedelta(minutes=times.first_response_minutes), calendar
    )
    case.due_at = add_business_time(now, timedelta(minutes=times.resolve_minutes), calendar)
    arm_watch(case)


def recompute_deadlines(case: Case, times: SlaTimes) -> None:
    """After a priority or category change: the new policy counted from creation, plus time paused."""
    calendar = get_calendar(case.sla_calendar)
    case.first_response_due_at = add_business_time(
        case.created_at, timedelta(minutes=times.first_response_minutes), calendar
    )
    case.due_at = add_business_time(
        case.created_at, timedelta(minutes=times.resolve_minutes, seconds=case.sla_paused_seconds), calendar
    )
    arm_watch(case)


def pause(case: Case, now: datetime, reason: str) -> None:
    case.sla_paused_at = now
    case.sla_paused_reason = reason


def resume(case: Case, now: datetime) -> timedelta:
    """Restart the clock; the deadline moves later by the calendar time spent paused. Returns that time."""
    assert case.sla_paused_at is not None
    calendar = get_calendar(case.sla_calendar)
    paused_for = business_time_between(case.sla_paused_at, now, calendar)
    if case.due_at > case.sla_paused_at:
        # Only time paused before the deadline moves it: an overdue case stays overdue.
        case.due_at = add_business_time(case.due_at, paused_for, calendar)
        arm_watch(case)
    case.sla_paused_seconds += paused_for.total_seconds()
    case.sla_paused_at = None
    case.sla_paused_reason = None
    return paused_for


def sla_state(case: Case, now: datetime, due_soon_ratio: float) -> str:
    if case.status in ("resolved", "closed"):
        return "met" if (case.resolved_at or now) <= case.due_at else "breached"
    if case.status in ("rejected", "duplicate"):
        return "met"
    if case.sla_paused_at is not None:
        return "paused"
    if now >= case.due_at:
        return "overdue"
    total = (case.due_at - case.created_at).total_seconds()
    left = (case.due_at - now).total_seconds()
    return "due_soon" if total > 0 and left < total * due_soon_ratio else "ok"
