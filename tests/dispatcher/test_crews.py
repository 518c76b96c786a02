"""The console core's side of crews: typed client calls against a live server, and the store's crew board."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from dispatcher.errors import ForbiddenError, ValidationError
from dispatcher.models import Crew, Event, User
from dispatcher.store import Store
from tests.dispatcher.conftest import Login

CENTRE = {
    "channel": "phone",
    "category_id": 5,
    "description": "Кола на тротоара",
    "lat": 42.6876,
    "lon": 23.3357,
}


async def test_dispatch_report_chat_and_presence_through_the_client(login: Login) -> None:
    admin, lead = await login("admin"), await login("lead")
    responder, operator = await login("responder"), await login("operator")
    me = await responder.me()
    made = await admin.call(
        "POST", "/admin/crews", json={"unit_code": "CGM", "name": "ЦГМ-1", "member_ids": [me.id]}
    )
    shifts = [{"crew_id": made["id"], "pattern": "daily", "starts": "08:00", "ends": "08:00"}]
    await admin.call("PUT", "/admin/roster/CGM", json={"shifts": shifts})
    assert (await responder.me()).crew_id == made["id"]

    board = await lead.list_crews()
    assert [(c.name, c.on_duty, c.status) for c in board] == [("ЦГМ-1", True, "off_duty")]
    store = Store()
    assert await store.load_crews(lead) == frozenset({made["id"]})
    assert store.crews[made["id"]] == board[0]
    assert [d.crew_name for d in await lead.on_duty(at=datetime(2026, 12, 24, 9, tzinfo=UTC))] == ["ЦГМ-1"]
    assert (await lead.reference()).crews[made["id"]].member_ids == (me.id,)

    case, _ = await operator.create_case(CENTRE)
    with pytest.raises(ForbiddenError):
        await operator.dispatch(case.id, case.version, made["id"])
    case = await lead.dispatch(case.id, case.version, made["id"], note="Вход откъм двора")
    assert case.assignee_crew_id == made["id"] and case.status == "assigned"
    mine, _ = await responder.list_cases(assignee="me")  # "assigned to me": in person, or to my crew
    assert [c.id for c in mine] == [case.id]
    assert (await operator.list_cases(assignee="me"))[0] == []

    crew = await responder.get_crew(made["id"])
    crew = await responder.crew_report(crew.id, crew.version, "en_route", note="Тръгваме")
    assert (crew.status, crew.current_case_id) == ("en_route", case.id)
    crew = await responder.crew_position(crew.id, 42.69, 23.33)
    assert (crew.lat, crew.lon) == (42.69, 23.33)

    note = await responder.post_message(case.id, "Колата е още тук", "crew")
    receipt = await operator.mark_read(case.id, note.id)
    assert (receipt.username, receipt.message_id) == ("operator", note.id)
    assert [r.username for r in await responder.read_receipts(case.id)] == ["operator"]
    public = await operator.publish_message(case.id, note.id, "Екипът е на място.")
    assert (public.visibility, public.body) == ("public", "Екипът е на място.")

    present = await operator.presence_heartbeat(case.id, "editing")
    assert [(p.username, p.mode) for p in present] == [("operator", "editing")]
    assert [p.username for p in await lead.presence()] == ["operator"]
    await operator.presence_leave(case.id)
    assert await lead.presence(case.id) == []

    with pytest.raises(ValidationError):
        await responder.crew_report(crew.id, crew.version, "done")  # no public resolution note
    crew = await responder.crew_report(crew.id, crew.version, "done", resolution="Колата е преместена.")
    assert crew.current_case_id is None
    assert (await lead.get_case(case.id)).case.status == "resolved"


async def test_alerts_acknowledged_and_rebuilt_through_the_client(login: Login) -> None:
    operator, lead = await login("operator"), await login("lead")
    case, _ = await operator.create_case(CENTRE | {"priority": "urgent"})
    events, acknowledged = await lead.recent_alerts()
    raised = [e for e in events if e.case_id == case.id]
    assert [e.type for e in raised] == ["case.created"] and acknowledged == []
    assert raised[0].data["case"]["priority"] == "urgent"

    done = await lead.acknowledge_alert(case.id, "urgent", raised[0].id)
    assert (done.case_id, done.alert, done.event_id, done.username) == (
        case.id,
        "urgent",
        raised[0].id,
        "lead",
    )
    assert (await lead.recent_alerts(hours=2))[1] == [raised[0].id]
    assert (await operator.recent_alerts())[1] == []  # each user acknowledges for themselves
    with pytest.raises(ValidationError):
        await lead.acknowledge_alert(case.id, "escalated", raised[0].id)  # not an escalation


def _crew(version: int, **fields: object) -> dict[str, object]:
    return {
        "id": 7,
        "unit_code": "CGM",
        "name": "ЦГМ-1",
        "active": True,
        "status": "available",
        "status_changed_at": "2026-12-02T08:00:00+00:00",
        "current_case_id": None,
        "lat": 42.69,
        "lon": 23.32,
        "position_at": "2026-12-02T08:00:00+00:00",
        "version": version,
        "members": [{"id": 4, "username": "responder", "full_name": "Responder"}],
        "on_duty": True,
        "shift_ends_at": None,
    } | fields


def _event(event_id: int, type_: str, data: dict[str, object]) -> Event:
    return Event(event_id, type_, None, None, data, datetime(2026, 12, 2, 8, tzinfo=UTC))


def test_the_store_keeps_the_newest_crew_and_positions_and_presence() -> None:
    store = Store()
    seen: list[frozenset[int]] = []
    store.add_crew_listener(seen.append)
    store.apply(_event(1, "crew.status_changed", {"crew": _crew(3, status="en_route", current_case_id=9)}))
    store.apply(_event(2, "crew.created", {"crew": _crew(2)}))  # older: ignored
    assert (store.crews[7].status, store.crews[7].current_case_id) == ("en_route", 9)
    store.apply(
        _event(
            3, "crew.position", {"crew_id": 7, "lat": 42.7, "lon": 23.4, "at": "2026-12-02T08:05:00+00:00"}
        )
    )
    store.apply(
        _event(4, "crew.position", {"crew_id": 7, "lat": 1.0, "lon": 2.0, "at": "2026-12-02T08:01:00+00:00"})
    )
    assert (store.crews[7].lat, store.crews[7].lon) == (42.7, 23.4)
    assert isinstance(store.crews[7], Crew) and seen == [frozenset({7}), frozenset({7})]
    present = {
        "case_id": 9,
        "user_id": 1,
        "username": "operator",
        "full_name": "Operator",
        "mode": "editing",
        "since": "2026-12-02T08:00:00+00:00",
        "expires_at": "2026-12-02T08:01:00+00:00",
    }
    store.apply(_event(5, "presence.changed", {"case_id": 9, "present": [present]}))
    assert [p.username for p in store.presence[9]] == ["operator"]
    assert [p.username for p in store.others_on(9)] == ["operator"]  # long expired by now: the server says
    store.me = User(1, "operator", "Operator", "operator", "CC")
    assert store.others_on(9) == []  # never myself
    store.apply(_event(6, "presence.changed", {"case_id": 9, "present": []}))
    assert store.presence[9] == ()
