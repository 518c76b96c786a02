"""Acknowledging alerts: POST /cases/{id}/acknowledge records a case.alert_acknowledged event in the same
transaction, once per user and alert, without changing the case; only for the event that raised that alert,
and only for operators, leads and the owner unit's staff."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from central.clock import FrozenClock
from tests.central.api.helpers import Db
from tests.central.crews.conftest import ok

CENTRE = {"lat": 42.6876, "lon": 23.3357}  # category 5 there: ЦГМ, 24/7


def _events(db: Db, case_id: int, type_: str) -> list[dict[str, Any]]:
    return [e for e in db.events(case_id) if e["type"] == type_]


def _breach(db: Db, clock: FrozenClock) -> None:
    """Run the SLA watch once at the clock's time (what the background watch does every few seconds)."""
    from central.db import make_sessionmaker, session_scope
    from central.sla.watch import announce_due

    with session_scope(make_sessionmaker(db.engine)) as session:
        announce_due(session, clock.now(), 0.2)


def test_an_urgent_case_is_acknowledged_once_per_user_as_an_event(as_user, db: Db) -> None:  # type: ignore[no-untyped-def]
    operator, lead = as_user("operator"), as_user("lead")
    case = operator.create_case(category_id=5, priority="urgent", **CENTRE)
    (created,) = _events(db, case["id"], "case.created")
    body = {"alert": "urgent", "event_id": created["id"]}

    first = ok(operator.post(f"/cases/{case['id']}/acknowledge", body), 201)
    assert (first["case_id"], first["alert"], first["event_id"], first["username"]) == (
        case["id"],
        "urgent",
        created["id"],
        "operator",
    )
    (recorded,) = _events(db, case["id"], "case.alert_acknowledged")
    assert recorded["id"] == first["acknowledgement_event_id"]
    assert recorded["data"] == {"alert": "urgent", "event_id": created["id"], "username": "operator"}
    assert recorded["actor_user_id"] == first["user_id"]
    assert recorded["unit_code"] == case["owner_unit_code"]

    again = ok(operator.post(f"/cases/{case['id']}/acknowledge", body), 200)  # the same, nothing new
    assert again == first
    assert len(_events(db, case["id"], "case.alert_acknowledged")) == 1
    ok(lead.post(f"/cases/{case['id']}/acknowledge", body), 201)  # each user acknowledges for themselves
    assert len(_events(db, case["id"], "case.alert_acknowledged")) == 2

    after = ok(operator.get(f"/cases/{case['id']}"))
    assert after["case"]["version"] == case["version"]  # the case did not change
    assert "case.alert_acknowledged" in [e["type"] for e in after["timeline"]]


def test_breach_and_escalation_are_acknowledged_by_their_own_events(  # type: ignore[no-untyped-def]
    as_user, db: Db, clock: FrozenClock
) -> None:
    operator, lead, cgm = as_user("operator"), as_user("lead"), as_user("cgm")
    case = operator.create_case(category_id=5, **CENTRE)
    other = operator.create_case(category_id=5, **CENTRE)
    clock.advance(timedelta(hours=25))  # past the 24 h deadline
    _breach(db, clock)
    (breached,) = _events(db, case["id"], "case.sla_breached")
    (escalated,) = _events(db, case["id"], "case.escalated")
    (created,) = _events(db, case["id"], "case.created")
    url = f"/cases/{case['id']}/acknowledge"

    ok(lead.post(url, {"alert": "escalated", "event_id": escalated["id"]}), 201)
    ok(cgm.post(url, {"alert": "sla_breached", "event_id": breached["id"]}), 201)  # the owner unit's staff
    kinds = [
        (e["data"]["alert"], e["data"]["event_id"])
        for e in _events(db, case["id"], "case.alert_acknowledged")
    ]
    assert kinds == [("escalated", escalated["id"]), ("sla_breached", breached["id"])]

    # Only the event that raised that kind of alert, of this case.
    for body in (
        {"alert": "sla_breached", "event_id": escalated["id"]},
        {"alert": "urgent", "event_id": created["id"]},  # filed with normal priority, in office hours
        {"alert": "escalated", "event_id": _events(db, other["id"], "case.escalated")[0]["id"]},
        {"alert": "escalated", "event_id": 2_000_000_000},
    ):
        response = lead.post(url, body)
        assert response.status_code == 422, body
        assert "event_id" in response.text
    assert lead.post(url, {"alert": "overdue", "event_id": breached["id"]}).status_code == 422
    assert lead.post(url, {"alert": "escalated"}).status_code == 422
    assert len(_events(db, case["id"], "case.alert_acknowledged")) == 2


def test_who_may_acknowledge(as_user, db: Db) -> None:  # type: ignore[no-untyped-def]
    operator = as_user("operator")
    case = operator.create_case(category_id=5, priority="urgent", **CENTRE)  # → ЦГМ
    (created,) = _events(db, case["id"], "case.created")
    body = {"alert": "urgent", "event_id": created["id"]}
    url = f"/cases/{case['id']}/acknowledge"
    for username in ("admin", "mladost", "responder"):
        response = as_user(username).post(url, body)
        assert response.status_code == 403, username
        assert response.json()["detail"], username  # with the reason
    assert operator.post("/cases/2000000000/acknowledge", body).status_code == 404
    assert _events(db, case["id"], "case.alert_acknowledged") == []
    ok(as_user("cgm").post(url, body), 201)
