"""The case thread: who sees which visibility, who may write, and the first public response."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy.orm import Session

from central.clock import FrozenClock
from central.events.service import StreamFilter, events_after
from tests.central.api.helpers import Db, act, current, detail, iso, ok
from tests.support import DEFAULT_NOW, Api

INTERNAL = "Вътрешно: шофьорът е общински служител"


def test_responder_sees_public_and_crew_but_never_internal(
    operator: Api, as_user: Callable[[str], Api], user_ids: dict[str, int], db: Db
) -> None:
    case = operator.create_case()
    cid = case["id"]
    ok(act(operator, cid, "assign", {"user_id": user_ids["responder"]}))
    posts = [
        (operator, "public", "Благодарим за сигнала."),
        (operator, "internal", INTERNAL),
        (as_user("cgm"), "crew", "Екипът да внимава."),
        (as_user("responder"), "crew", "На място сме."),
    ]
    for api, visibility, body in posts:
        message = ok(api.post(f"/cases/{cid}/messages", {"body": body, "visibility": visibility}), 201)
        assert (message["visibility"], message["body"], message["case_id"]) == (visibility, body, cid)

    responder = as_user("responder")
    crew_view = ["Благодарим за сигнала.", "Екипът да внимава.", "На място сме."]
    assert [m["body"] for m in ok(responder.get(f"/cases/{cid}/messages"))] == crew_view
    seen = detail(responder, cid)
    assert [m["body"] for m in seen["thread"]] == crew_view
    assert INTERNAL not in json.dumps(seen, ensure_ascii=False)
    assert [m["body"] for m in ok(operator.get(f"/cases/{cid}/messages"))] == [p[2] for p in posts]
    assert [m["body"] for m in ok(as_user("cgm").get(f"/cases/{cid}/messages"))] == [p[2] for p in posts]

    # message events carry the message's visibility; the responder's stream leaves internal ones out
    audiences = [e["audience"] for e in db.events(cid) if e["type"] == "message.posted"]
    assert audiences == ["public", "internal", "crew", "crew"]
    with Session(db.engine) as session:
        stream = events_after(session, 0, StreamFilter(user_ids["responder"], "responder", "CGM"))
        assert INTERNAL not in json.dumps([e.data for e in stream], ensure_ascii=False)
        assert len([e for e in stream if e.type == "message.posted"]) == 3
        staff = events_after(session, 0, StreamFilter(user_ids["cgm"], "unit_staff", "CGM"))
        assert len([e for e in staff if e.type == "message.posted"]) == 4


def test_who_may_write_what(
    operator: Api, as_user: Callable[[str], Api], user_ids: dict[str, int], db: Db
) -> None:
    case = operator.create_case()
    cid = case["id"]
    ok(act(operator, cid, "assign", {"user_id": user_ids["responder"]}))
    before = db.state(cid)
    refusals = [
        (as_user("responder"), "internal", "your role may not post internal messages"),
        (as_user("responder"), "public", "your role may not post public messages"),
        (as_user("mladost"), "internal", "this case belongs to another unit"),
        (as_user("si_staff"), "crew", "this case belongs to another unit"),
    ]
    for api, visibility, reason in refusals:
        response = api.post(f"/cases/{cid}/messages", {"body": "текст", "visibility": visibility})
        assert response.status_code == 403, response.text
        assert response.json() == {"detail": reason}
    for body, field in (
        ({"body": "", "visibility": "public"}, "body"),
        ({"body": "x" * 5001, "visibility": "public"}, "body"),
        ({"body": "x", "visibility": "secret"}, "visibility"),
        ({"body": "x"}, "visibility"),
    ):
        response = operator.post(f"/cases/{cid}/messages", body)
        assert response.status_code == 422
        assert set(response.json()["errors"]) == {field}
    assert db.state(cid) == before
    ok(as_user("cgm").post(f"/cases/{cid}/messages", {"body": "поемаме", "visibility": "internal"}), 201)
    ok(as_user("lead").post(f"/cases/{cid}/messages", {"body": "ок", "visibility": "public"}), 201)

    other = operator.create_case()
    refused = as_user("responder").post(f"/cases/{other['id']}/messages", {"body": "x", "visibility": "crew"})
    assert (refused.status_code, refused.json()["detail"]) == (
        403,
        "responders see only the cases assigned to them",
    )

    # a final case takes no more public updates, internal notes still
    final = operator.create_case()
    fid = final["id"]
    ok(act(operator, fid, "status", {"status": "rejected", "note": "Не е нарушение."}))
    messages = db.count("case_messages")
    response = operator.post(f"/cases/{fid}/messages", {"body": "още нещо", "visibility": "public"})
    assert response.status_code == 409
    assert (
        response.json()["detail"] == f"case {final['tracking_number']} is rejected; public updates are closed"
    )
    assert db.count("case_messages") == messages
    ok(operator.post(f"/cases/{fid}/messages", {"body": "за архива", "visibility": "internal"}), 201)


def test_first_public_message_is_the_first_response(operator: Api, clock: FrozenClock, db: Db) -> None:
    case = operator.create_case()
    cid = case["id"]
    clock.advance(timedelta(minutes=15))
    ok(operator.post(f"/cases/{cid}/messages", {"body": "проверяваме", "visibility": "internal"}), 201)
    after_internal = current(operator, cid)
    assert (after_internal["first_responded_at"], after_internal["version"]) == (None, 1)

    clock.advance(timedelta(minutes=15))
    ok(operator.post(f"/cases/{cid}/messages", {"body": "Приехме сигнала.", "visibility": "public"}), 201)
    answered = current(operator, cid)
    assert answered["first_responded_at"] == iso(DEFAULT_NOW + timedelta(minutes=30))
    assert answered["version"] == 2
    assert [e["type"] for e in db.events(cid)] == [
        "case.created",
        "message.posted",
        "message.posted",
        "case.first_response",
    ]

    clock.advance(timedelta(minutes=15))
    ok(operator.post(f"/cases/{cid}/messages", {"body": "Изпратихме екип.", "visibility": "public"}), 201)
    again = current(operator, cid)
    assert (again["first_responded_at"], again["version"]) == (answered["first_responded_at"], 2)
