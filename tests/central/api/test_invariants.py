"""The seven invariants of DESIGN §3, proved through the HTTP API (and a look at the database)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from central.events.service import StreamFilter, events_after
from tests.central.api.helpers import Db, act, current, detail, ok, patch
from tests.support import DISTRICT_POINTS, Api

MLADOST = DISTRICT_POINTS["68134-15"]
PLOVDIV = (42.1354, 24.7453)
FINAL = {"closed", "rejected", "duplicate"}


def _assert_owned_and_due(db: Db, case: dict[str, Any]) -> None:
    """Invariant 1 for one case, as the API answered it and as the database holds it."""
    row = db.case_row(case["id"])
    if case["status"] not in FINAL:
        assert case["owner_unit_code"], case
        assert case["due_at"], case
        assert row["owner_unit_code"] == case["owner_unit_code"]
        assert row["due_at"] is not None


# --- 1. owner unit and due_at ------------------------------------------------------------------------


def test_open_case_keeps_owner_and_due_at_through_every_action(
    operator: Api, db: Db, user_ids: dict[str, int]
) -> None:
    case = operator.create_case(lat=MLADOST[0], lon=MLADOST[1])
    cid = case["id"]
    assert (case["owner_unit_code"], case["status"]) == ("CGM", "new")
    _assert_owned_and_due(db, case)

    steps: list[tuple[str, dict[str, Any]]] = [
        ("transfer", {"unit_code": "SI", "reason_code": "not_competent"}),
        ("assign", {"user_id": user_ids["si_staff"]}),
        ("status", {"status": "in_progress"}),
        ("pause", {"reason": "чакаме Топлофикация"}),
        ("resume", {}),
        ("transfer", {"unit_code": "CGM", "reason_code": "wrong_category"}),
        ("assign", {"user_id": user_ids["cgm"]}),
        ("status", {"status": "resolved", "note": "Колата е репатрирана."}),
        ("status", {"status": "reopened", "note": "Колата пак е там."}),
    ]
    for action, body in steps:
        after = ok(act(operator, cid, action, body))
        _assert_owned_and_due(db, after)

    after = ok(patch(operator, cid, {"priority": "high", "category_id": 3}))
    assert after["owner_unit_code"] == "RA-15"  # the category change re-routed it
    _assert_owned_and_due(db, after)

    other = operator.create_case(lat=MLADOST[0], lon=MLADOST[1])
    merged = ok(act(operator, other["id"], "merge", {"into_case_id": cid}))
    assert merged["status"] == "duplicate"
    _assert_owned_and_due(db, current(operator, cid))
    # and the same holds for every case the list shows
    listed = ok(operator.get("/cases", limit=500))["items"]
    assert len(listed) == 2
    for item in listed:
        _assert_owned_and_due(db, item)


def test_point_outside_sofia_is_flagged_and_goes_to_triage(operator: Api, db: Db) -> None:
    case = operator.create_case(category_id=5, lat=PLOVDIV[0], lon=PLOVDIV[1])
    assert case["outside_sofia"] is True
    assert case["district_code"] is None
    assert case["owner_unit_code"] == "CC"
    assert case["routing_rule_id"] is None
    assert case["routing_reason"] == (
        "Паркиране извън София → Контактен център Call Sofia (триаж): точката е извън Столична община"
    )
    # CC works round the clock; parking (normal) must be resolved within 1440 minutes
    assert case["due_at"] == "2026-12-03T08:00:00Z"
    assert db.case_row(case["id"])["owner_unit_code"] == "CC"


# --- 2. every change writes its event, in the same transaction ---------------------------------------


def test_each_change_writes_exactly_its_events(operator: Api, db: Db, user_ids: dict[str, int]) -> None:
    case = operator.create_case()
    cid = case["id"]
    assert [e["type"] for e in db.events(cid)] == ["case.created"]
    assert db.events(cid)[0]["data"]["case"]["version"] == 1

    plan: list[tuple[str, dict[str, Any], list[str]]] = [
        ("assign", {"user_id": user_ids["cgm"], "note": "на място"}, ["case.assigned"]),
        ("status", {"status": "in_progress"}, ["case.status_changed"]),
        ("pause", {"reason": "чакаме КАТ"}, ["case.sla_paused"]),
        ("resume", {"note": "КАТ отговори"}, ["case.sla_resumed"]),
        ("transfer", {"unit_code": "SI", "reason_code": "other"}, ["case.transferred"]),
        (
            "status",
            {"status": "rejected", "note": "Няма нарушение."},
            ["message.posted", "case.status_changed"],
        ),
    ]
    version = 1
    for action, body, expected_types in plan:
        before = db.count("events")
        response = act(operator, cid, action, body, version=version)
        answer = ok(response)
        version += 1
        assert answer["version"] == version, action
        assert response.headers["ETag"] == f'"{version}"'
        new_events = db.events(cid)[-len(expected_types) :]
        assert db.count("events") - before == len(expected_types), action
        assert [e["type"] for e in new_events] == expected_types
        # the case snapshot inside the event is the state that was committed with it
        assert new_events[-1]["data"]["case"]["version"] == version
        assert new_events[-1]["data"]["case"]["status"] == answer["status"]

    timeline = detail(operator, cid)["timeline"]
    assert (
        [e["type"] for e in timeline]
        == [e["type"] for e in db.events(cid)]
        == [
            "case.created",
            "case.assigned",
            "case.status_changed",
            "case.sla_paused",
            "case.sla_resumed",
            "case.transferred",
            "message.posted",
            "case.status_changed",
        ]
    )
    assert [e["id"] for e in timeline] == sorted(e["id"] for e in timeline)


def test_patch_writes_one_update_event_with_the_changes(operator: Api, db: Db) -> None:
    case = operator.create_case(address="ул. Първа 1")
    answer = ok(patch(operator, case["id"], {"address": "ул. Втора 2", "reason": "уточнен адрес"}))
    assert answer["version"] == 2
    event = db.events(case["id"])[-1]
    assert event["type"] == "case.updated"
    assert event["data"]["changes"] == {"address": ["ул. Първа 1", "ул. Втора 2"]}
    assert event["data"]["reason"] == "уточнен адрес"
    # a patch that changes nothing is no change: no event, no new version
    same = ok(patch(operator, case["id"], {"address": "ул. Втора 2"}))
    assert same["version"] == 2
    assert len(db.events(case["id"])) == 2


def test_failed_actions_write_no_event_and_change_nothing(
    operator: Api, login: Callable[[str], Api], db: Db, user_ids: dict[str, int]
) -> None:
    case = operator.create_case()
    closed = operator.create_case()
    ok(act(operator, closed["id"], "status", {"status": "rejected", "note": "не е сигнал"}))
    cid = case["id"]
    mladost = login("mladost")
    attempts: list[tuple[Api, str, dict[str, Any], int | None, int]] = [
        (operator, "status", {"status": "in_progress"}, 2, 412),  # stale version
        (operator, "status", {"status": "in_progress"}, None, 409),  # new → in_progress is not allowed
        (operator, "status", {"status": "resolved"}, None, 409),
        (operator, "status", {"status": "rejected"}, None, 422),  # needs a public note
        (operator, "status", {"status": "assigned"}, None, 422),  # only through assign
        (operator, "transfer", {"unit_code": "CGM", "reason_code": "other"}, None, 422),  # same unit
        (operator, "transfer", {"unit_code": "NOPE", "reason_code": "other"}, None, 422),
        (operator, "transfer", {"unit_code": "SI", "reason_code": "bored"}, None, 422),
        (operator, "assign", {"user_id": user_ids["mladost"]}, None, 422),  # not of the owner unit
        (operator, "assign", {"user_id": 999_999}, None, 422),
        (operator, "merge", {"into_case_id": cid}, None, 422),
        (operator, "merge", {"into_case_id": closed["id"]}, None, 422),
        (operator, "resume", {}, None, 409),
        (mladost, "assign", {"user_id": user_ids["mladost"]}, None, 403),
        (mladost, "status", {"status": "triaged"}, None, 403),
    ]
    for api, action, body, version, status in attempts:
        before = db.state(cid)
        response = act(api, cid, action, body, version=version or 1)
        assert response.status_code == status, (action, body, response.text)
        assert response.json()["detail"], response.text
        assert db.state(cid) == before, (action, body)

    before = db.state(cid)
    response = operator.patch(f"/cases/{cid}", {"category_id": 999}, version=1)
    assert response.status_code == 422
    assert db.state(cid) == before
    assert [e["type"] for e in db.events(cid)] == ["case.created"]
    assert current(operator, cid)["version"] == 1


def test_no_event_no_change(app: Any, operator: Api, db: Db, monkeypatch: pytest.MonkeyPatch) -> None:
    """The event is written in the change's own transaction: when it cannot be written, nothing changes."""
    import central.cases.service

    case = operator.create_case()
    cid = case["id"]
    before = db.state(cid)

    def event_store_down(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("event store down")

    monkeypatch.setattr(central.cases.service, "append_event", event_store_down)
    client = TestClient(app, raise_server_exceptions=False)
    headers = operator.headers({"If-Match": "1"})
    for action, body in (
        ("status", {"status": "triaged"}),
        ("transfer", {"unit_code": "SI", "reason_code": "other"}),
        ("pause", {"reason": "чакаме"}),
    ):
        assert client.post(f"/api/v1/cases/{cid}/{action}", json=body, headers=headers).status_code == 500
        assert db.state(cid) == before, action
    assert client.patch(f"/api/v1/cases/{cid}", json={"priority": "high"}, headers=headers).status_code == 500
    body = {"channel": "phone", "category_id": 5, "description": "нов сигнал"}
    assert client.post("/api/v1/cases", json=body, headers=operator.headers()).status_code == 500
    assert db.state(cid) == before
    assert db.count("cases") == 1


# --- 3. If-Match ---------------------------------------------------------------------------------------

_MUTATIONS: list[tuple[str, dict[str, Any]]] = [
    ("status", {"status": "triaged"}),
    ("transfer", {"unit_code": "SI", "reason_code": "other"}),
    ("pause", {"reason": "чакаме"}),
]


def test_stale_if_match_gets_412_with_current_version_and_changes_nothing(
    operator: Api, db: Db, user_ids: dict[str, int]
) -> None:
    case = operator.create_case()
    into = operator.create_case()
    cid = case["id"]
    ok(act(operator, cid, "status", {"status": "triaged"}))  # now version 2
    stale = 1
    attempts = [
        *_MUTATIONS,
        ("assign", {"user_id": user_ids["cgm"]}),
        ("merge", {"into_case_id": into["id"]}),
        ("resume", {}),
    ]
    for action, body in attempts:
        before = db.state(cid)
        response = operator.post(f"/cases/{cid}/{action}", body, version=stale)
        assert response.status_code == 412, (action, response.text)
        assert response.json()["current_version"] == 2
        assert response.headers["ETag"] == '"2"'
        assert case["tracking_number"] in response.json()["detail"]
        assert db.state(cid) == before
    before = db.state(cid)
    response = operator.patch(f"/cases/{cid}", {"description": "друго"}, version=stale)
    assert response.status_code == 412
    assert response.json()["current_version"] == 2
    assert db.state(cid) == before
    assert current(operator, cid)["description"] == "Кола на тротоара"


def test_if_match_is_required_and_taken_as_the_etag_was_given(
    operator: Api, db: Db, user_ids: dict[str, int]
) -> None:
    case = operator.create_case()
    cid = case["id"]
    before = db.state(cid)
    for action, body in [*_MUTATIONS, ("assign", {"user_id": user_ids["cgm"]}), ("resume", {})]:
        response = operator.post(f"/cases/{cid}/{action}", body)
        assert response.status_code == 428, action
        assert "If-Match" in response.json()["detail"]
    assert operator.patch(f"/cases/{cid}", {"description": "x"}, version=None).status_code == 428
    assert db.state(cid) == before

    etag = operator.get(f"/cases/{cid}").headers["ETag"]
    assert etag == '"1"'
    strong = operator.client.post(
        f"/api/v1/cases/{cid}/status",
        json={"status": "triaged"},
        headers=operator.headers({"If-Match": etag}),
    )
    assert strong.status_code == 200
    weak = operator.client.post(
        f"/api/v1/cases/{cid}/pause", json={"reason": "x"}, headers=operator.headers({"If-Match": 'W/"2"'})
    )
    assert weak.status_code == 200
    assert weak.json()["version"] == 3


# --- 4. Idempotency-Key ----------------------------------------------------------------------------------


def test_idempotency_key_replay_returns_the_first_case_and_creates_nothing(
    operator: Api, as_user: Callable[[str], Api], db: Db
) -> None:
    body = {
        "channel": "phone",
        "category_id": 5,
        "description": "Кола пред входа",
        "lat": 42.6475,
        "lon": 23.3817,
    }
    key = {"Idempotency-Key": "intake-7f3a9c41"}
    first = operator.post("/cases", body, headers=key)
    assert first.status_code == 201
    assert "Idempotent-Replayed" not in first.headers
    counts = (db.count("cases"), db.count("events"), db.count("idempotency_keys"))

    replay = operator.post("/cases", body, headers=key)
    assert replay.status_code == 200
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert replay.json()["id"] == first.json()["id"]
    assert replay.json()["tracking_number"] == first.json()["tracking_number"]
    assert replay.headers["Location"] == f"/api/v1/cases/{first.json()['id']}"
    assert (db.count("cases"), db.count("events"), db.count("idempotency_keys")) == counts

    changed = operator.post("/cases", body | {"description": "Друго"}, headers=key)
    assert changed.status_code == 409
    assert "Idempotency-Key" in changed.json()["detail"]
    other_user = as_user("operator2").post("/cases", body, headers=key)
    assert other_user.status_code == 409
    assert (db.count("cases"), db.count("events")) == counts[:2]

    # without a key, the same body is a new case
    assert operator.post("/cases", body).status_code == 201
    assert db.count("cases") == counts[0] + 1
    # a key must be long enough to be unique
    short = operator.post("/cases", body, headers={"Idempotency-Key": "short"})
    assert short.status_code == 422
    assert "Idempotency-Key" in short.json()["errors"]
    assert db.count("cases") == counts[0] + 1


# --- 5. reporters' personal data ----------------------------------------------------------------------

NAME, PHONE, EMAIL = "Иван Петров Личнов", "0888 123 456", "ivan.lichnov@example.bg"
PII = (NAME, "Личнов", "+359888123456", "888123456", "888 123 456", EMAIL, "ivan.lichnov")


def _assert_no_pii(text: str) -> None:
    for secret in PII:
        assert secret not in text, secret


def test_reporters_personal_data_never_travels_in_events_or_case_views(
    operator: Api, as_user: Callable[[str], Api], db: Db, user_ids: dict[str, int]
) -> None:
    reporter = {"name": NAME, "phone": PHONE, "email": EMAIL}
    case = operator.create_case(reporter=reporter)
    dup = operator.create_case(reporter=reporter | {"name": NAME + " II"})
    cid = case["id"]
    assert case["reporter_count"] == 1
    ok(act(operator, cid, "assign", {"user_id": user_ids["responder"]}))
    ok(act(operator, dup["id"], "merge", {"into_case_id": cid}))
    ok(
        operator.post(f"/cases/{cid}/messages", {"body": "Благодарим за сигнала.", "visibility": "public"}),
        201,
    )
    ok(act(as_user("responder"), cid, "status", {"status": "in_progress"}))
    ok(patch(operator, cid, {"priority": "high"}))
    ok(operator.get(f"/cases/{cid}/reporters"))

    assert current(operator, cid)["reporter_count"] == 2  # the duplicate's reporter follows now
    # the events table is what every SSE stream sends
    stored = db.events()
    assert len(stored) >= 9
    _assert_no_pii(json.dumps([e["data"] for e in stored], ensure_ascii=False))
    for username in ("operator", "lead", "cgm", "responder"):
        api = as_user(username)
        _assert_no_pii(api.get(f"/cases/{cid}").text)
        _assert_no_pii(api.get("/cases").text)
        _assert_no_pii(api.get(f"/cases/{cid}/messages").text)


def test_reading_reporters_is_recorded_and_refused_to_responders(
    operator: Api, as_user: Callable[[str], Api], db: Db, user_ids: dict[str, int]
) -> None:
    case = operator.create_case(reporter={"name": NAME, "phone": PHONE, "email": EMAIL})
    cid = case["id"]
    ok(act(operator, cid, "assign", {"user_id": user_ids["responder"]}))
    before = db.count("events")

    people = ok(operator.get(f"/cases/{cid}/reporters"))
    assert [
        (p["name"], p["phone_e164"], p["phone_raw"], p["email"], p["channel"], p["is_follower"])
        for p in people
    ] == [(NAME, "+359888123456", PHONE, EMAIL, "phone", False)]
    audit = db.events()[-1]
    assert db.count("events") == before + 1
    assert (audit["type"], audit["case_id"], audit["actor_user_id"], audit["audience"], audit["data"]) == (
        "case.reporters_viewed",
        cid,
        user_ids["operator"],
        "audit",
        {"count": 1},
    )
    # the owner unit may read them too (and that is recorded as well)
    assert len(ok(as_user("cgm").get(f"/cases/{cid}/reporters"))) == 1
    assert db.events()[-1]["actor_user_id"] == user_ids["cgm"]

    count = db.count("events")
    for username, reason in [
        ("responder", "your role may not see reporters' personal data"),
        ("mladost", "this case belongs to another unit"),
    ]:
        response = as_user(username).get(f"/cases/{cid}/reporters")
        assert response.status_code == 403
        assert response.json()["detail"] == reason
    assert db.count("events") == count  # a refused read writes no audit record

    # the audit trail is for leads and administrators, not on the operators' stream or timeline
    with Session(db.engine) as session:
        lead = StreamFilter(user_ids["lead"], "lead", "CC")
        oper = StreamFilter(user_ids["operator"], "operator", "CC")
        assert "case.reporters_viewed" in [e.type for e in events_after(session, 0, lead)]
        assert "case.reporters_viewed" not in [e.type for e in events_after(session, 0, oper)]
    assert "case.reporters_viewed" not in [e["type"] for e in detail(operator, cid)["timeline"]]


# --- 6. roles -------------------------------------------------------------------------------------------


def test_unit_staff_of_another_unit_is_refused_with_a_reason(
    operator: Api, as_user: Callable[[str], Api], user_ids: dict[str, int], db: Db
) -> None:
    case = operator.create_case()  # parking → CGM
    cid = case["id"]
    mladost = as_user("mladost")
    before = db.state(cid)
    refusals = [
        mladost.get(f"/cases/{cid}"),
        mladost.get(f"/cases/{cid}/messages"),
        mladost.post(f"/cases/{cid}/messages", {"body": "x", "visibility": "internal"}),
        act(mladost, cid, "assign", {"user_id": user_ids["mladost"]}, version=1),
        act(mladost, cid, "transfer", {"unit_code": "RA-15", "reason_code": "other"}, version=1),
        act(mladost, cid, "status", {"status": "triaged"}, version=1),
        act(mladost, cid, "pause", {"reason": "x"}, version=1),
        mladost.patch(f"/cases/{cid}", {"priority": "high"}, version=1),
    ]
    for response in refusals:
        assert response.status_code == 403, response.text
        assert response.json() == {"detail": "this case belongs to another unit"}
    assert db.state(cid) == before
    # the owner unit may act
    assert (
        ok(act(as_user("cgm"), cid, "assign", {"user_id": user_ids["cgm"]}))["assignee_user_id"]
        == user_ids["cgm"]
    )


def test_the_actor_learns_the_outcome_when_the_case_leaves_their_unit(
    as_user: Callable[[str], Api], operator: Api, db: Db
) -> None:
    mladost = as_user("mladost")
    # filing a case that routes to another unit: filed and answered, not a 403 after the commit
    body = {"channel": "phone", "category_id": 5, "description": "Паркирала кола"}
    filed = mladost.post("/cases", body | {"lat": MLADOST[0], "lon": MLADOST[1]})
    assert filed.status_code == 201, filed.text
    assert filed.json()["owner_unit_code"] == "CGM"
    assert db.count("cases") == 1
    assert mladost.get(f"/cases/{filed.json()['id']}").status_code == 403  # from then on it is CGM's

    # transferring a case away: the answer is the case as it now is
    case = operator.create_case(category_id=3)  # road at Mladost → RA-15
    moved = act(mladost, case["id"], "transfer", {"unit_code": "DII", "reason_code": "other_unit_owns_asset"})
    assert moved.status_code == 200, moved.text
    assert (moved.json()["owner_unit_code"], moved.json()["version"]) == ("DII", 2)
    assert mladost.get(f"/cases/{case['id']}").status_code == 403


def test_responder_does_only_what_a_responder_may(
    operator: Api, as_user: Callable[[str], Api], user_ids: dict[str, int], db: Db
) -> None:
    responder = as_user("responder")
    response = responder.post("/cases", {"channel": "phone", "category_id": 5, "description": "x"})
    assert response.status_code == 403
    assert response.json()["detail"] == "responders do not file cases"
    assert db.count("cases") == 0

    mine = operator.create_case()
    other = operator.create_case()
    assert (
        responder.get(f"/cases/{mine['id']}").json()["detail"]
        == "responders see only the cases assigned to them"
    )
    ok(act(operator, mine["id"], "assign", {"user_id": user_ids["responder"]}))
    assert ok(responder.get(f"/cases/{mine['id']}"))["case"]["id"] == mine["id"]

    refusals = [
        (
            act(responder, mine["id"], "status", {"status": "rejected", "note": "x"}),
            "a responder may only start or resolve work",
        ),
        (
            act(responder, mine["id"], "transfer", {"unit_code": "SI", "reason_code": "other"}),
            "responders may only report progress on their own cases",
        ),
        (
            act(responder, mine["id"], "assign", {"user_id": user_ids["cgm"]}),
            "responders may only report progress on their own cases",
        ),
        (
            act(responder, mine["id"], "pause", {"reason": "x"}),
            "responders may only report progress on their own cases",
        ),
        (
            patch(responder, mine["id"], {"priority": "high"}),
            "responders may only report progress on their own cases",
        ),
        (
            responder.post(f"/cases/{mine['id']}/messages", {"body": "x", "visibility": "public"}),
            "your role may not post public messages",
        ),
        (responder.get(f"/cases/{other['id']}"), "responders see only the cases assigned to them"),
        (responder.get("/callers/0888123456/cases"), "only the contact centre looks up callers"),
    ]
    for response, reason in refusals:
        assert response.status_code == 403, response.text
        assert response.json()["detail"] == reason

    assert ok(act(responder, mine["id"], "status", {"status": "in_progress"}))["status"] == "in_progress"
    posted = ok(
        responder.post(f"/cases/{mine['id']}/messages", {"body": "На място сме.", "visibility": "crew"}), 201
    )
    assert posted["visibility"] == "crew"
    resolved = ok(act(responder, mine["id"], "status", {"status": "resolved", "note": "Репатрирана."}))
    assert resolved["status"] == "resolved"


def test_admin_api_is_for_administrators_only(as_user: Callable[[str], Api], db: Db) -> None:
    rule = {"category_id": 5, "district_code": "68134-15", "unit_code": "RA-15"}
    for username in ("operator", "lead", "mladost", "responder"):
        api = as_user(username)
        for response in (
            api.get("/admin/routing-rules"),
            api.get("/admin/routing-rules.csv"),
            api.put("/admin/routing-rules", rule),
            api.delete("/admin/routing-rules/1"),
        ):
            assert response.status_code == 403, (username, response.text)
            assert response.json()["detail"] == "only administrators may change reference data"
    assert db.count("routing_rules", "district_code IS NOT NULL") == 0
    assert len(ok(as_user("admin").get("/admin/routing-rules"))) == 12


def test_list_shows_each_role_only_what_it_may_see(
    operator: Api, as_user: Callable[[str], Api], user_ids: dict[str, int]
) -> None:
    parking = operator.create_case()  # CGM
    road = operator.create_case(category_id=3)  # RA-15
    litter = operator.create_case(category_id=1)  # SI
    assigned = operator.create_case()  # CGM, given to the responder
    ok(act(operator, assigned["id"], "assign", {"user_id": user_ids["responder"]}))

    def ids(api: Api, **params: Any) -> set[int]:
        return {c["id"] for c in ok(api.get("/cases", **params))["items"]}

    everything = {parking["id"], road["id"], litter["id"], assigned["id"]}
    assert ids(operator) == everything
    assert ids(as_user("lead")) == everything
    assert ids(as_user("mladost")) == {road["id"]}
    assert ids(as_user("mladost"), unit="CGM") == set()  # a filter cannot widen what the role sees
    assert ids(as_user("cgm")) == {parking["id"], assigned["id"]}
    assert ids(as_user("si_staff")) == {litter["id"]}
    assert ids(as_user("responder")) == {assigned["id"]}
    assert ids(as_user("responder"), assignee="none") == set()
    near = ok(as_user("mladost").get("/cases/nearby", lat=MLADOST[0], lon=MLADOST[1], radius_m=100))
    assert [n["case"]["id"] for n in near] == [road["id"]]


# --- 7. citizen text is data --------------------------------------------------------------------------

MARKUP = "<script>alert(1)</script> & <b>\"дупка\"</b> 'x' &amp; <img src=x onerror=alert(2)>"


def test_citizen_text_is_stored_and_returned_verbatim_as_json(
    operator: Api, db: Db, user_ids: dict[str, int]
) -> None:
    case = operator.create_case(description=MARKUP, address=MARKUP[:300], reporter={"name": "<i>Мария</i>"})
    cid = case["id"]
    assert case["description"] == MARKUP
    ok(operator.post(f"/cases/{cid}/messages", {"body": MARKUP, "visibility": "public"}), 201)

    response = operator.get(f"/cases/{cid}")
    assert response.headers["content-type"] == "application/json"
    assert "&lt;" not in response.text
    body = response.json()
    assert body["case"]["description"] == MARKUP
    assert body["case"]["address"] == MARKUP[:300]
    assert body["thread"][0]["body"] == MARKUP
    assert ok(operator.get(f"/cases/{cid}/reporters"))[0]["name"] == "<i>Мария</i>"
    assert db.case_row(cid)["description"] == MARKUP
    assert db.events(cid)[0]["data"]["case"]["description"] == MARKUP
    listed = operator.get("/cases", q="script")
    assert listed.headers["content-type"] == "application/json"
    assert [c["description"] for c in listed.json()["items"]] == [MARKUP]

    text = "Дупка 🕳️ на ул. „Шипка“ — ½ м, 𝔘𝔫𝔦𝔠𝔬𝔡𝔢, עברית, 漢字, \u200b zero-width, tab\there"
    assert current(operator, operator.create_case(description=text)["id"])["description"] == text
