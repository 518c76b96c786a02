"""POST /cases/{id}/followers: one more caller about an open case, instead of a duplicate case."""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa

CALLER = {"name": "Мария Иванова", "phone": "0888 123 456", "email": "maria@example.org"}


def case_events(database_url: str, case_id: int) -> list[tuple[str, str]]:
    """(type, data as JSON text) of a case's events, oldest first."""
    from central.db import make_engine

    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                sa.text("SELECT type, data FROM events WHERE case_id = :id ORDER BY id"), {"id": case_id}
            )
            return [
                (
                    row.type,
                    row.data if isinstance(row.data, str) else json.dumps(row.data, ensure_ascii=False),
                )
                for row in rows
            ]
    finally:
        engine.dispose()


def test_a_second_caller_follows_the_case(operator: Any, database_url: str) -> None:
    case = operator.create_case()
    response = operator.post(f"/cases/{case['id']}/followers", {**CALLER, "note": "Обади се отново"})
    assert response.status_code == 201, response.text
    after = response.json()
    assert after["id"] == case["id"]
    assert after["reporter_count"] == case["reporter_count"] + 1
    assert after["version"] == case["version"] + 1
    assert response.headers["ETag"] == f'"{after["version"]}"'

    reporters = operator.get(f"/cases/{case['id']}/reporters").json()
    (follower,) = [r for r in reporters if r["is_follower"]]
    assert follower["phone_e164"] == "+359888123456" and follower["email"] == CALLER["email"]
    assert follower["channel"] == "phone"

    detail = operator.get(f"/cases/{case['id']}").json()
    (message,) = detail["thread"]
    assert message["visibility"] == "internal" and message["author_kind"] == "system"
    assert "по телефона" in message["body"] and "Обади се отново" in message["body"]
    assert CALLER["name"] not in message["body"]

    events = case_events(database_url, case["id"])
    assert [t for t, _ in events if t not in ("case.reporters_viewed",)] == [
        "case.created",
        "message.posted",
        "case.follower_added",
    ]
    for _type, data in events:
        for secret in ("Мария", "888123456", "888 123 456", "maria@example.org"):
            assert secret not in data, (_type, secret)
    (added,) = [json.loads(d) for t, d in events if t == "case.follower_added"]
    assert added["channel"] == "phone" and added["case"]["reporter_count"] == after["reporter_count"]


def test_a_follower_without_details_still_counts(operator: Any) -> None:
    case = operator.create_case()
    response = operator.post(f"/cases/{case['id']}/followers", {"channel": "email"})
    assert response.status_code == 201
    assert response.json()["reporter_count"] == case["reporter_count"] + 1


def test_replaying_the_idempotency_key_adds_nobody_twice(operator: Any) -> None:
    case = operator.create_case()
    key = {"Idempotency-Key": "follow-once-0001"}
    first = operator.post(f"/cases/{case['id']}/followers", CALLER, headers=key)
    again = operator.post(f"/cases/{case['id']}/followers", CALLER, headers=key)
    assert first.status_code == 201 and again.status_code == 200
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["reporter_count"] == first.json()["reporter_count"]
    assert len(operator.get(f"/cases/{case['id']}/reporters").json()) == first.json()["reporter_count"]
    other_body = operator.post(f"/cases/{case['id']}/followers", {"name": "Друг"}, headers=key)
    assert other_body.status_code == 409
    creation_key = operator.post("/cases", {**_case_body()}, headers=key)
    assert creation_key.status_code == 409  # one key, one request


def test_only_open_cases_take_followers(operator: Any) -> None:
    case = operator.create_case()
    rejected = operator.post(
        f"/cases/{case['id']}/status", {"status": "rejected", "note": "Не е наш"}, version=case["version"]
    )
    assert rejected.status_code == 200
    response = operator.post(f"/cases/{case['id']}/followers", CALLER)
    assert response.status_code == 409 and "rejected" in response.json()["detail"]
    assert operator.post("/cases/999999/followers", CALLER).status_code == 404


def test_only_the_contact_centre_adds_followers(login: Any) -> None:
    operator = login("operator")
    case = operator.create_case()  # CGM's case
    for username in ("cgm", "responder"):
        refused = login(username).post(f"/cases/{case['id']}/followers", CALLER)
        assert refused.status_code == 403, username
        assert "contact centre" in refused.json()["detail"]
    assert login("lead").post(f"/cases/{case['id']}/followers", CALLER).status_code == 201


def test_bad_follower_details_are_refused_per_field(operator: Any) -> None:
    case = operator.create_case()
    bad_email = operator.post(f"/cases/{case['id']}/followers", {"email": "not-an-address"})
    assert bad_email.status_code == 422 and "email" in bad_email.json()["errors"]
    bad_channel = operator.post(f"/cases/{case['id']}/followers", {"channel": "pigeon"})
    assert bad_channel.status_code == 422 and "channel" in bad_channel.json()["errors"]
    unknown = operator.post(f"/cases/{case['id']}/followers", {"address": "x"})
    assert unknown.status_code == 422


def _case_body() -> dict[str, Any]:
    return {"channel": "phone", "category_id": 5, "description": "Кола", "lat": 42.6475, "lon": 23.3817}
