"""The status workflow through the API: allowed moves, refused moves, notes, assignment, merge."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from central.clock import FrozenClock
from tests.central.api.helpers import Db, act, current, detail, iso, ok, patch
from tests.support import DEFAULT_NOW, Api


def _move(api: Api, case_id: int, status: str, note: str = "") -> Any:
    return act(api, case_id, "status", {"status": status, "note": note})


def test_the_happy_path_through_the_workflow(
    operator: Api, as_user: Callable[[str], Api], user_ids: dict[str, int], clock: FrozenClock, db: Db
) -> None:
    case = operator.create_case()
    cid = case["id"]
    assert (case["status"], case["first_responded_at"], case["resolved_at"]) == ("new", None, None)

    assert ok(_move(operator, cid, "triaged"))["status"] == "triaged"
    clock.advance(timedelta(minutes=10))
    assigned = ok(act(operator, cid, "assign", {"user_id": user_ids["responder"], "note": "спешно"}))
    assert (assigned["status"], assigned["assignee_user_id"]) == ("assigned", user_ids["responder"])
    started = ok(_move(as_user("responder"), cid, "in_progress"))
    assert started["status"] == "in_progress"

    clock.advance(timedelta(minutes=50))
    resolved = ok(_move(as_user("cgm"), cid, "resolved", "Колата е репатрирана."))
    assert resolved["status"] == "resolved"
    assert resolved["resolved_at"] == iso(DEFAULT_NOW + timedelta(hours=1))
    assert resolved["sla_state"] == "met"

    reopened = ok(_move(operator, cid, "reopened", "Гражданинът казва, че колата се е върнала."))
    assert (reopened["status"], reopened["resolved_at"]) == ("reopened", None)
    again = ok(act(operator, cid, "assign", {"user_id": user_ids["cgm"]}))
    assert (again["status"], again["assignee_user_id"]) == ("assigned", user_ids["cgm"])
    ok(_move(operator, cid, "resolved", "Отново репатрирана."))
    closed = ok(_move(as_user("lead"), cid, "closed"))
    assert (closed["status"], closed["closed_at"]) == ("closed", iso(DEFAULT_NOW + timedelta(hours=1)))

    statuses = [e["data"]["case"]["status"] for e in db.events(cid) if e["type"].startswith("case.")]
    assert statuses == [
        "new",
        "triaged",
        "assigned",
        "in_progress",
        "resolved",
        "reopened",
        "assigned",
        "resolved",
        "closed",
    ]


def test_refused_moves_get_409_with_the_reason(operator: Api, user_ids: dict[str, int], db: Db) -> None:
    new = operator.create_case()
    resolved = operator.create_case()
    ok(act(operator, resolved["id"], "assign", {"user_id": user_ids["cgm"]}))
    ok(_move(operator, resolved["id"], "resolved", "готово"))
    triaged = operator.create_case()
    ok(_move(operator, triaged["id"], "triaged"))

    refused = [
        (new, "in_progress", "a new case cannot become in_progress"),
        (new, "resolved", "a new case cannot become resolved"),
        (new, "closed", "a new case cannot become closed"),
        (new, "reopened", "a new case cannot become reopened"),
        (new, "new", f"case {new['tracking_number']} is already new"),
        (triaged, "in_progress", "a triaged case cannot become in_progress"),
        (triaged, "new", "a triaged case cannot become new"),
        (resolved, "in_progress", "a resolved case cannot become in_progress"),
        (resolved, "rejected", "a resolved case cannot become rejected"),
        (resolved, "triaged", "a resolved case cannot become triaged"),
    ]
    for case, target, reason in refused:
        before = db.state(case["id"])
        response = _move(operator, case["id"], target, "a note")
        assert response.status_code == 409, (case["status"], target, response.text)
        assert response.json() == {"detail": reason}
        assert db.state(case["id"]) == before

    for target, action in (("assigned", "assign"), ("duplicate", "merge")):
        response = _move(operator, new["id"], target)
        assert response.status_code == 422
        assert response.json()["errors"] == {"status": f"use the {action} action for {target}"}
    unknown = _move(operator, new["id"], "done")
    assert unknown.status_code == 422
    assert set(unknown.json()["errors"]) == {"status"}


def test_resolve_and_reject_need_a_public_note_which_becomes_a_message(
    operator: Api, user_ids: dict[str, int], db: Db
) -> None:
    case = operator.create_case()
    cid = case["id"]
    ok(act(operator, cid, "assign", {"user_id": user_ids["cgm"]}))
    for target in ("resolved", "rejected"):
        for note in ("", "   "):
            response = _move(operator, cid, target, note)
            assert response.status_code == 422
            assert response.json()["errors"] == {
                "note": f"a public note to the citizen is required to mark a case {target}"
            }
    assert detail(operator, cid)["thread"] == []

    ok(_move(operator, cid, "resolved", "Премахнахме колата."))
    thread = detail(operator, cid)["thread"]
    assert [(m["visibility"], m["body"], m["author_kind"], m["author_user_id"]) for m in thread] == [
        ("public", "Премахнахме колата.", "user", user_ids["operator"])
    ]
    status_event = db.events(cid)[-1]
    assert status_event["type"] == "case.status_changed"
    assert status_event["data"]["message_id"] == thread[0]["id"]
    assert status_event["data"]["changes"]["status"] == ["assigned", "resolved"]

    other = operator.create_case()
    rejected = ok(_move(operator, other["id"], "rejected", "Това не е нарушение."))
    assert (rejected["status"], rejected["sla_state"]) == ("rejected", "met")
    assert [m["body"] for m in detail(operator, other["id"])["thread"]] == ["Това не е нарушение."]


def test_assign_sets_assigned_and_first_response_and_triage_unassigns(
    operator: Api, user_ids: dict[str, int], clock: FrozenClock, db: Db
) -> None:
    case = operator.create_case()
    cid = case["id"]
    clock.advance(timedelta(minutes=7))
    assigned = ok(act(operator, cid, "assign", {"user_id": user_ids["cgm"], "note": "твой е"}))
    assert assigned["status"] == "assigned"
    assert assigned["assignee_user_id"] == user_ids["cgm"]
    assert assigned["first_responded_at"] == iso(DEFAULT_NOW + timedelta(minutes=7))
    event = db.events(cid)[-1]
    assert (event["type"], event["data"]["assignee"], event["data"]["note"]) == (
        "case.assigned",
        "cgm",
        "твой е",
    )
    assert event["data"]["changes"] == {
        "assignee_user_id": [None, user_ids["cgm"]],
        "status": ["new", "assigned"],
    }

    # assigning the same person again is no change at all
    same = ok(act(operator, cid, "assign", {"user_id": user_ids["cgm"]}))
    assert same["version"] == assigned["version"]

    clock.advance(timedelta(minutes=5))
    reassigned = ok(act(operator, cid, "assign", {"user_id": user_ids["responder"]}))
    assert reassigned["first_responded_at"] == iso(DEFAULT_NOW + timedelta(minutes=7))  # the first one counts

    triaged = ok(_move(operator, cid, "triaged"))
    assert (triaged["status"], triaged["assignee_user_id"]) == ("triaged", None)

    # only people of the owner unit (or the contact centre) can be assignees
    response = act(operator, cid, "assign", {"user_id": user_ids["si_staff"]})
    assert response.status_code == 422
    assert response.json()["errors"] == {"user_id": "si_staff does not work for the owner unit"}
    response = act(operator, cid, "assign", {"user_id": 424242})
    assert response.json()["errors"] == {"user_id": "unknown or inactive user 424242"}
    assert ok(act(operator, cid, "assign", {"user_id": user_ids["operator2"]}))["status"] == "assigned"


def test_final_states_are_final(operator: Api, user_ids: dict[str, int], db: Db) -> None:
    case = operator.create_case()
    cid = case["id"]
    ok(act(operator, cid, "assign", {"user_id": user_ids["cgm"]}))
    ok(_move(operator, cid, "resolved", "готово"))
    ok(_move(operator, cid, "closed"))
    tn = case["tracking_number"]
    other = operator.create_case()

    before = db.state(cid)
    refusals = [
        (patch(operator, cid, {"description": "друго"}), f"case {tn} is closed and can no longer change"),
        (_move(operator, cid, "reopened", "x"), "a closed case cannot become reopened"),
        (act(operator, cid, "assign", {"user_id": user_ids["cgm"]}), f"cannot assign: case {tn} is closed"),
        (
            act(operator, cid, "transfer", {"unit_code": "SI", "reason_code": "other"}),
            f"cannot transfer: case {tn} is closed",
        ),
        (act(operator, cid, "pause", {"reason": "x"}), f"cannot pause the SLA of: case {tn} is closed"),
        (act(operator, cid, "merge", {"into_case_id": other["id"]}), f"cannot merge: case {tn} is closed"),
        (
            operator.post(f"/cases/{cid}/messages", {"body": "x", "visibility": "public"}),
            f"case {tn} is closed; public updates are closed",
        ),
    ]
    for response, reason in refusals:
        assert response.status_code == 409, response.text
        assert response.json() == {"detail": reason}
    assert db.state(cid) == before
    # the municipality may still write internally about a closed case
    ok(operator.post(f"/cases/{cid}/messages", {"body": "за архива", "visibility": "internal"}), 201)

    rejected = operator.create_case()
    ok(_move(operator, rejected["id"], "rejected", "не е сигнал"))
    assert _move(operator, rejected["id"], "reopened", "x").status_code == 409
    assert patch(operator, rejected["id"], {"priority": "high"}).status_code == 409


def test_merge_marks_a_duplicate_and_moves_reporters_as_followers(
    operator: Api, clock: FrozenClock, db: Db, user_ids: dict[str, int]
) -> None:
    target = operator.create_case(reporter={"name": "Първи", "phone": "0888 111 222"})
    dup = operator.create_case(reporter={"name": "Втори", "phone": "0888 333 444", "email": "v@example.bg"})
    clock.advance(timedelta(minutes=3))

    merged = ok(act(operator, dup["id"], "merge", {"into_case_id": target["id"], "note": "същата кола"}))
    assert merged["status"] == "duplicate"
    assert merged["duplicate_of_id"] == target["id"]
    assert merged["closed_at"] == iso(DEFAULT_NOW + timedelta(minutes=3))
    assert merged["sla_state"] == "met"

    survivor = current(operator, target["id"])
    assert survivor["version"] == 2  # the attached duplicate is a change of the target too
    assert survivor["reporter_count"] == 2
    people = ok(operator.get(f"/cases/{target['id']}/reporters"))
    assert [(p["name"], p["phone_e164"], p["email"], p["is_follower"]) for p in people] == [
        ("Първи", "+359888111222", "", False),
        ("Втори", "+359888333444", "v@example.bg", True),
    ]
    thread = detail(operator, target["id"])["thread"]
    assert [(m["visibility"], m["author_kind"], m["body"]) for m in thread] == [
        (
            "internal",
            "system",
            f"Сигнал {dup['tracking_number']} е обединен с този като дубликат. същата кола",
        )
    ]
    attached = db.events(target["id"])[-2]  # the last one records that we just read the reporters
    assert attached["type"] == "case.duplicate_attached"
    assert attached["data"]["duplicate_id"] == dup["id"]
    assert attached["data"]["followers_added"] == 1
    assert db.events(dup["id"])[-1]["data"]["into"] == target["tracking_number"]

    # a duplicate is final
    assert _move(operator, dup["id"], "triaged").status_code == 409
    # the same case cannot be merged twice
    assert act(operator, dup["id"], "merge", {"into_case_id": target["id"]}).status_code == 409

    # the target must be another case that is still open
    case = operator.create_case()
    cid = case["id"]
    rejected = operator.create_case()
    ok(_move(operator, rejected["id"], "rejected", "не"))
    resolved = operator.create_case()
    ok(act(operator, resolved["id"], "assign", {"user_id": user_ids["cgm"]}))
    ok(_move(operator, resolved["id"], "resolved", "готово"))

    before = db.state(cid)
    refusals = [
        (cid, "a case cannot be a duplicate of itself"),
        (987_654, "no case 987654 that you may see"),
        (rejected["id"], f"{rejected['tracking_number']} is rejected; merge into an open case"),
        (resolved["id"], f"{resolved['tracking_number']} is resolved; merge into an open case"),
    ]
    for into, reason in refusals:
        response = act(operator, cid, "merge", {"into_case_id": into})
        assert response.status_code == 422, (into, response.text)
        assert response.json()["errors"] == {"into_case_id": reason}
    assert db.state(cid) == before
    assert current(operator, resolved["id"])["reporter_count"] == 0


def test_unit_staff_cannot_merge_into_another_units_case(
    operator: Api, as_user: Callable[[str], Api], db: Db
) -> None:
    mladost_case = operator.create_case(category_id=3)  # roads in Младост → RA-15
    cgm_case = operator.create_case(category_id=5)  # parking → CGM
    before = db.state(mladost_case["id"]), db.state(cgm_case["id"])
    response = act(as_user("mladost"), mladost_case["id"], "merge", {"into_case_id": cgm_case["id"]})
    assert response.status_code == 422
    assert cgm_case["tracking_number"] not in response.text  # nothing about the other unit's case leaks
    assert (db.state(mladost_case["id"]), db.state(cgm_case["id"])) == before


def test_merging_a_paused_case_stops_its_clock(operator: Api) -> None:
    first, second = operator.create_case(), operator.create_case()
    paused = ok(act(operator, first["id"], "pause", {"reason": "Чака се становище"}))
    assert paused["sla_paused_at"] is not None
    merged = ok(act(operator, first["id"], "merge", {"into_case_id": second["id"]}))
    assert (merged["status"], merged["sla_paused_at"]) == ("duplicate", None)
