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


def test_recent_alerts_let_a_console_rebuild_its_list(as_user, db: Db, clock: FrozenClock) -> None:  # type: ignore[no-untyped-def]
    """A console starting its shift asks for the alert-raising events of the last hours it may see, and
    which of them its user has already acknowledged."""
    operator, lead, mladost = as_user("operator"), as_user("lead"), as_user("mladost")
    urgent = operator.create_case(category_id=5, priority="urgent", **CENTRE)  # → ЦГМ
    operator.create_case(category_id=5, **CENTRE)  # normal priority in office hours: raises nothing
    late = operator.create_case(category_id=5, **CENTRE)
    clock.advance(timedelta(hours=25))  # `late` (and the normal one) miss their deadline
    _breach(db, clock)
    (created,) = _events(db, urgent["id"], "case.created")
    (breached,) = _events(db, late["id"], "case.sla_breached")
    (escalated,) = _events(db, late["id"], "case.escalated")

    seen = ok(lead.get("/alerts/recent", hours="48"))
    types = {(e["case_id"], e["type"]) for e in seen["events"]}
    assert {
        (urgent["id"], "case.created"),
        (late["id"], "case.sla_breached"),
        (late["id"], "case.escalated"),
    } <= types
    assert all(e["type"] != "case.created" or e["case_id"] == urgent["id"] for e in seen["events"])
    ids = [e["id"] for e in seen["events"]]
    assert ids == sorted(ids) and seen["acknowledged_event_ids"] == []
    as_event = next(e for e in seen["events"] if e["id"] == escalated["id"])
    assert as_event["data"]["lead_user_id"] == escalated["data"]["lead_user_id"]  # as the stream carries it

    ok(
        lead.post(f"/cases/{late['id']}/acknowledge", {"alert": "escalated", "event_id": escalated["id"]}),
        201,
    )
    assert ok(lead.get("/alerts/recent", hours="48"))["acknowledged_event_ids"] == [escalated["id"]]
    assert (
        ok(operator.get("/alerts/recent", hours="48"))["acknowledged_event_ids"] == []
    )  # the lead's, not mine

    # The window: the urgent case was filed 25 h ago.
    assert created["id"] not in [e["id"] for e in ok(lead.get("/alerts/recent"))["events"]]
    assert breached["id"] in [e["id"] for e in ok(lead.get("/alerts/recent"))["events"]]
    # What a user may see: another unit's staff see none of ЦГМ's cases.
    assert ok(mladost.get("/alerts/recent", hours="48"))["events"] == []
    for bad in ("0", "169", "x"):
        assert lead.get("/alerts/recent", hours=bad).status_code == 422
