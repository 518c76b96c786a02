"""Alerts to acknowledge (dispatcher.alerts): which stream events raise one and for whom; the pending list."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from dispatcher.alerts import Alert, AlertBook, alert_for
from dispatcher.models import Event, User
from tests.dispatcher.test_store import snapshot

T0 = datetime(2026, 12, 2, 21, 30, tzinfo=UTC)

OPERATOR = User(2, "operator", "Оператор", "operator", "CC")
OPERATOR2 = User(3, "operator2", "Оператор 2", "operator", "CC")
LEAD = User(4, "lead", "Ръководител", "lead", "CC")
MLADOST = User(5, "mladost", "Район Младост", "unit_staff", "RA-15")
RESPONDER = User(6, "responder", "Екип", "responder", "CGM", crew_id=7)
ADMIN = User(1, "admin", "Администратор", "admin", None)


def created(event_id: int, case_id: int = 1, *, by: User = OPERATOR2, **data: Any) -> Event:
    """``case.created`` as the server writes it: the case snapshot, its routing, maybe ``out_of_hours``."""
    case = snapshot(case_id, 1, **data.pop("case", {}))
    routing = {"unit_code": case["owner_unit_code"], "rule_id": None, "reason": case["routing_reason"]}
    return Event(event_id, "case.created", case_id, by.id, {"case": case, "routing": routing} | data, T0)


def sla_breached(event_id: int, case_id: int = 1, **case: Any) -> Event:
    """``case.sla_breached`` from the SLA watch (no actor)."""
    data = {
        "case": snapshot(case_id, 2, sla_state="breached", needs_lead=True, **case),
        "changes": {"needs_lead": [False, True]},
        "due_at": "2026-12-09T12:00:00+00:00",
    }
    return Event(event_id, "case.sla_breached", case_id, None, data, T0)


def escalated(event_id: int, lead: User | None, case_id: int = 1, reason: str = "sla_breached") -> Event:
    data = {
        "case": snapshot(case_id, 2, needs_lead=True),
        "reason": reason,
        "lead_user_id": lead.id if lead else None,
        "lead": lead.username if lead else None,
    }
    return Event(event_id, "case.escalated", case_id, None, data, T0)


def acknowledgement(
    event_id: int, raised_by: int, by: User, alert: str = "urgent", case_id: int = 1
) -> Event:
    data = {"alert": alert, "event_id": raised_by, "username": by.username}
    return Event(event_id, "case.alert_acknowledged", case_id, by.id, data, T0)


URGENT = {"case": {"priority": "urgent"}}
# Routed by the out-of-hours rule (an urgent-out-of-hours category at night): the priority may be anything.
OUT_OF_HOURS = {
    "out_of_hours": {"crew_id": 7, "lead_user_id": None, "reason": "извън работно време: спешно към екипа"},
    "case": {"priority": "high", "status": "assigned", "assignee_crew_id": 7},
}


# --- which events raise an alert, for whom ------------------------------------------------------------


@pytest.mark.parametrize("me", [OPERATOR, LEAD, MLADOST], ids=lambda u: u.role)
def test_an_urgent_new_case_alerts_operators_leads_and_unit_staff(me: User) -> None:
    alert = alert_for(created(10, 1, **URGENT), me)
    assert alert == Alert(
        kind="urgent",
        event_id=10,
        case_id=1,
        raised_at=T0,
        tracking_number="SOF-2026-000001",
        description="Дупка",
    )


@pytest.mark.parametrize("me", [RESPONDER, ADMIN, None], ids=["responder", "admin", "nobody"])
def test_an_urgent_new_case_does_not_alert_responders_admins_or_nobody(me: User | None) -> None:
    assert alert_for(created(10, 1, **URGENT), me) is None


def test_an_urgent_new_case_does_not_alert_whoever_filed_it() -> None:
    mine = created(10, 1, by=OPERATOR, **URGENT)
    assert alert_for(mine, OPERATOR) is None
    assert alert_for(mine, OPERATOR2) is not None


def test_a_case_routed_out_of_hours_counts_as_urgent() -> None:
    alert = alert_for(created(10, 1, **OUT_OF_HOURS), OPERATOR)
    assert alert is not None and alert.kind == "urgent"


def test_an_ordinary_new_case_raises_nothing() -> None:
    assert alert_for(created(10, 1), OPERATOR) is None
    assert alert_for(created(11, 2, case={"priority": "high"}), LEAD) is None


@pytest.mark.parametrize("me", [LEAD, MLADOST], ids=lambda u: u.role)
def test_a_missed_deadline_alerts_leads_and_unit_staff(me: User) -> None:
    alert = alert_for(sla_breached(20), me)
    assert alert is not None and (alert.kind, alert.event_id, alert.case_id) == ("sla_breached", 20, 1)


def test_a_missed_deadline_alerts_an_operator_only_when_assigned_to_the_case() -> None:
    assert alert_for(sla_breached(20), OPERATOR) is None
    assigned = sla_breached(21, assignee_user_id=OPERATOR.id, status="assigned")
    assert alert_for(assigned, OPERATOR) is not None
    assert alert_for(assigned, OPERATOR2) is None
    assert alert_for(sla_breached(22, assignee_user_id=RESPONDER.id), RESPONDER) is None


def test_an_escalation_alerts_only_the_lead_it_went_up_to() -> None:
    event = escalated(30, LEAD, reason="bounced")
    alert = alert_for(event, LEAD)
    assert alert is not None and (alert.kind, alert.reason) == ("escalated", "bounced")
    other_lead = User(8, "lead2", "Друг ръководител", "lead", "RA-15")
    for me in (other_lead, OPERATOR, MLADOST):
        assert alert_for(event, me) is None, me.username
    assert alert_for(escalated(31, None), LEAD) is None  # nobody to go up to


def test_other_events_raise_nothing() -> None:
    updated = Event(40, "case.updated", 1, OPERATOR2.id, {"case": snapshot(1, 2, priority="urgent")}, T0)
    assert alert_for(updated, LEAD) is None
    warning = Event(41, "case.sla_warning", 1, None, {"case": snapshot(1, 2), "share": 0.8}, T0)
    assert alert_for(warning, LEAD) is None


# --- the book of pending alerts -----------------------------------------------------------------------


def observed(book: AlertBook) -> list[tuple[int | None, int | None]]:
    """What the book's listeners hear, as (added event id, removed event id)."""
    heard: list[tuple[int | None, int | None]] = []
    book.add_listener(
        lambda added, removed: heard.append(
            (added.event_id if added else None, removed.event_id if removed else None)
        )
    )
    return heard


def test_the_book_lists_alerts_newest_first_and_tells_its_listeners() -> None:
    book = AlertBook(LEAD)
    heard = observed(book)
    assert book.on_event(created(10, 1, **URGENT)) is not None
    assert book.on_event(created(11, 2)) is None  # not urgent
    assert book.on_event(sla_breached(12, 3)) is not None
    assert [a.event_id for a in book.pending] == [12, 10]
    assert heard == [(10, None), (12, None)]


def test_the_same_event_twice_raises_once() -> None:
    book = AlertBook(OPERATOR)
    heard = observed(book)
    event = created(10, 1, **URGENT)
    assert book.on_event(event) is not None
    assert book.on_event(event) is None
    assert [a.event_id for a in book.pending] == [10]
    assert heard == [(10, None)]


def test_my_acknowledgement_removes_the_alert_and_it_is_never_raised_again() -> None:
    book = AlertBook(OPERATOR)
    heard = observed(book)
    book.on_event(created(10, 1, **URGENT))
    book.on_event(created(11, 2, **URGENT))
    assert book.on_event(acknowledgement(12, raised_by=10, by=OPERATOR)) is None
    assert [a.event_id for a in book.pending] == [11]
    assert heard == [(10, None), (11, None), (None, 10)]
    book.on_event(created(10, 1, **URGENT))  # replayed after a reconnect
    assert [a.event_id for a in book.pending] == [11]
    assert len(heard) == 3


def test_an_acknowledgement_before_the_alert_arrives_keeps_it_away() -> None:
    book = AlertBook(LEAD)
    book.on_event(acknowledgement(31, raised_by=30, by=LEAD, alert="escalated"))
    assert book.on_event(escalated(30, LEAD)) is None
    assert book.pending == []


def test_acknowledging_through_the_book_removes_the_alert() -> None:
    book = AlertBook(LEAD)
    heard = observed(book)
    raised = book.on_event(sla_breached(20))
    assert book.acknowledged(20) == raised
    assert book.acknowledged(20) is None  # already gone: nothing more to tell
    assert book.pending == [] and heard == [(20, None), (None, 20)]


def test_another_users_acknowledgement_does_not_remove_my_alert() -> None:
    book = AlertBook(OPERATOR)
    heard = observed(book)
    book.on_event(created(10, 1, **URGENT))
    book.on_event(acknowledgement(12, raised_by=10, by=LEAD))
    assert [a.event_id for a in book.pending] == [10]
    assert heard == [(10, None)]


def test_a_book_without_a_user_raises_nothing() -> None:
    book = AlertBook(None)
    assert book.on_event(created(10, 1, **URGENT)) is None
    assert book.on_event(acknowledgement(12, raised_by=10, by=OPERATOR)) is None
    assert book.pending == []


def test_a_starting_console_rebuilds_its_list_from_the_recent_events() -> None:
    """``load`` takes GET /alerts/recent: what the user acknowledged stays away, what arrived live meanwhile
    is not doubled, and the list stays newest first whatever the order of arrival."""
    book = AlertBook(LEAD)
    heard = observed(book)
    live = sla_breached(30, 3)
    assert book.on_event(live) is not None  # the stream was first
    recent = [created(10, 1, **URGENT), created(11, 2), escalated(20, LEAD, case_id=2), live]
    added = book.load(recent, acknowledged=[20])
    assert [a.event_id for a in added] == [10]
    assert [a.event_id for a in book.pending] == [30, 10]
    assert heard == [(30, None), (10, None)]
    assert book.on_event(escalated(20, LEAD, case_id=2)) is None  # acknowledged on another console
    assert book.load(recent, acknowledged=[]) == []  # loading again changes nothing
