"""Transfers between units: reason codes, bounce counting, the lead's attention, and who sees what."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from central.events.service import StreamFilter, events_after
from tests.central.api.helpers import Db, act, current, ok
from tests.support import Api


def _transfer(api: Api, case_id: int, unit: str, reason: str = "not_competent", note: str = "") -> Any:
    return act(api, case_id, "transfer", {"unit_code": unit, "reason_code": reason, "note": note})


def test_transfer_moves_the_case_resets_assignee_and_records_why(
    operator: Api, as_user: Callable[[str], Api], user_ids: dict[str, int], db: Db
) -> None:
    case = operator.create_case()
    cid = case["id"]
    ok(act(operator, cid, "assign", {"user_id": user_ids["cgm"]}))
    ok(act(as_user("cgm"), cid, "status", {"status": "in_progress"}))

    moved = ok(_transfer(as_user("cgm"), cid, "SI", "other_unit_owns_asset", "колата е в градинка"))
    assert moved["owner_unit_code"] == "SI"
    assert (moved["status"], moved["assignee_user_id"]) == ("triaged", None)
    assert (moved["bounce_count"], moved["needs_lead"]) == (0, False)
    assert moved["due_at"] == case["due_at"]  # the citizen's deadline does not move with the case

    [row] = db.rows(
        "SELECT from_unit_code, to_unit_code, reason_code, note, actor_user_id FROM case_transfers"
    )
    assert row == {
        "from_unit_code": "CGM",
        "to_unit_code": "SI",
        "reason_code": "other_unit_owns_asset",
        "note": "колата е в градинка",
        "actor_user_id": user_ids["cgm"],
    }
    event = db.events(cid)[-1]
    assert (event["type"], event["unit_code"], event["prev_unit_code"]) == ("case.transferred", "SI", "CGM")
    assert event["data"]["reason_code"] == "other_unit_owns_asset"
    assert event["data"]["bounced"] is False
    assert event["data"]["changes"]["owner_unit_code"] == ["CGM", "SI"]

    # the old unit loses the case, the new one gets it; both see the transfer on their stream
    assert as_user("cgm").get(f"/cases/{cid}").status_code == 403
    assert ok(as_user("si_staff").get(f"/cases/{cid}"))["case"]["owner_unit_code"] == "SI"
    with Session(db.engine) as session:
        for username, unit in (("cgm", "CGM"), ("si_staff", "SI")):
            stream = StreamFilter(user_ids[username], "unit_staff", unit)
            assert "case.transferred" in [e.type for e in events_after(session, 0, stream)]
        mladost = StreamFilter(user_ids["mladost"], "unit_staff", "RA-15")
        assert events_after(session, 0, mladost) == []

    # a new case stays new when transferred before anyone looked at it
    fresh = operator.create_case()
    assert ok(_transfer(operator, fresh["id"], "SI"))["status"] == "new"

    # a transfer names a known reason and another unit
    cid = fresh["id"]
    before = db.state(cid)
    bad = [
        ({"unit_code": "SI", "reason_code": "because"}, "reason_code"),
        ({"unit_code": "SI", "reason_code": ""}, "reason_code"),
        ({"unit_code": "SI"}, "reason_code"),
        ({"reason_code": "other"}, "unit_code"),
        ({"unit_code": "", "reason_code": "other"}, "unit_code"),
    ]
    for body, field in bad:
        response = act(operator, cid, "transfer", body)
        assert response.status_code == 422, body
        assert field in response.json()["errors"], response.text

    response = _transfer(operator, cid, "SI")
    assert response.status_code == 422
    assert response.json()["errors"] == {"unit_code": "the case already belongs to this unit"}
    response = _transfer(operator, cid, "XYZ")
    assert response.json()["errors"] == {"unit_code": "unknown or inactive unit 'XYZ'"}
    assert db.state(cid) == before


def test_bouncing_back_and_forth_is_counted_and_needs_a_lead(operator: Api, db: Db) -> None:
    case = operator.create_case()  # starts at CGM
    calm = operator.create_case()
    cid = case["id"]

    first = ok(_transfer(operator, cid, "SI"))  # CGM → SI
    assert (first["bounce_count"], first["needs_lead"]) == (0, False)
    back = ok(_transfer(operator, cid, "CGM", "wrong_category"))  # SI → CGM: back where it was
    assert (back["bounce_count"], back["needs_lead"]) == (1, False)
    assert db.events(cid)[-1]["data"]["bounced"] is True
    again = ok(_transfer(operator, cid, "SI"))  # CGM → SI again
    assert (again["bounce_count"], again["needs_lead"]) == (2, True)
    third = ok(_transfer(operator, cid, "CGM"))
    assert (third["bounce_count"], third["needs_lead"]) == (3, True)
    # moving on to a unit it never visited is not a bounce
    onward = ok(_transfer(operator, cid, "EKO"))
    assert (onward["bounce_count"], onward["needs_lead"]) == (3, True)

    assert [c["id"] for c in ok(operator.get("/cases", needs_lead="true"))["items"]] == [cid]
    assert [c["id"] for c in ok(operator.get("/cases", needs_lead="false"))["items"]] == [calm["id"]]
    assert db.count("case_transfers", "case_id = :id", id=cid) == 5
    assert current(operator, cid)["version"] == 6
