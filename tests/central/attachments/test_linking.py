"""Photos claimed by a case or a message: who may claim them, who may see them afterwards."""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa

from tests.central.attachments.images import jpeg

MLADOST_ROAD = {"channel": "phone", "category_id": 3, "description": "Дупка", "lat": 42.6475, "lon": 23.3817}


def events_of(database_url: str, case_id: int) -> list[dict[str, Any]]:
    from central.db import make_engine

    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                sa.text("SELECT type, data FROM events WHERE case_id = :id ORDER BY id"), {"id": case_id}
            )
            # SQLite hands JSON back as text, PostgreSQL as a dict.
            return [
                {"type": row.type, "data": json.loads(row.data) if isinstance(row.data, str) else row.data}
                for row in rows
            ]
    finally:
        engine.dispose()


def test_a_case_claims_its_photos_and_lists_them(operator: Any, upload: Any, database_url: str) -> None:
    first = upload(operator, jpeg(color="red")).json()
    second = upload(operator, jpeg(color="blue"), filename="second.png").json()
    case = operator.create_case(**MLADOST_ROAD, attachment_ids=[first["id"], second["id"], first["id"]])

    detail = operator.get(f"/cases/{case['id']}").json()
    listed = detail["attachments"]
    assert [a["id"] for a in listed] == [first["id"], second["id"]]
    assert {k: listed[0][k] for k in ("filename", "content_type", "size", "width", "height")} == {
        k: first[k] for k in ("filename", "content_type", "size", "width", "height")
    }
    assert listed[0]["message_id"] is None
    created = events_of(database_url, case["id"])[0]
    assert created["type"] == "case.created"
    assert created["data"]["attachment_ids"] == [first["id"], second["id"]]


def test_only_own_unlinked_uploads_can_be_claimed(login: Any, upload: Any) -> None:
    operator, other = login("operator"), login("operator2")
    mine = upload(operator, jpeg(color="red")).json()["id"]
    theirs = upload(other, jpeg(color="green")).json()["id"]

    for ids, expected in (
        ([theirs], f"{theirs} is not one of your uploads"),
        ([999_999], "999999 is not one of your uploads"),
    ):
        response = operator.post("/cases", {**MLADOST_ROAD, "attachment_ids": ids})
        assert response.status_code == 422, response.text
        assert expected in response.json()["errors"]["attachment_ids"]
    assert operator.post("/cases", {**MLADOST_ROAD, "attachment_ids": [0]}).status_code == 422

    operator.create_case(**MLADOST_ROAD, attachment_ids=[mine])
    again = operator.post("/cases", {**MLADOST_ROAD, "attachment_ids": [mine]})
    assert again.status_code == 422
    assert "already attached to another case" in again.json()["errors"]["attachment_ids"]
    # A refused request claimed nothing: the other user's photo is still theirs to use.
    other.create_case(**MLADOST_ROAD, attachment_ids=[theirs])


def test_a_replayed_case_with_photos_is_the_first_case(operator: Any, upload: Any) -> None:
    photo = upload(operator, jpeg()).json()["id"]
    body = {**MLADOST_ROAD, "attachment_ids": [photo]}
    headers = {"Idempotency-Key": "replay-with-photo-1"}
    first = operator.post("/cases", body, headers=headers)
    # The console lost the answer: it uploads the same photo again (same id) and sends the same body.
    assert upload(operator, jpeg()).json()["id"] == photo
    again = operator.post("/cases", body, headers=headers)
    assert first.status_code == 201 and again.status_code == 200
    assert again.json()["id"] == first.json()["id"]


def test_whoever_may_see_the_case_may_see_its_photos(login: Any, upload: Any) -> None:
    operator, mladost, cgm, responder = login("operator"), login("mladost"), login("cgm"), login("responder")
    photo = upload(operator, jpeg()).json()["id"]
    operator.create_case(**MLADOST_ROAD, attachment_ids=[photo])  # routed to RA-15 (Младост)
    path = f"/api/v1/attachments/{photo}"
    assert mladost.client.get(path, headers=mladost.headers()).status_code == 200
    refused = cgm.client.get(path, headers=cgm.headers())
    assert refused.status_code == 403 and "another unit" in refused.json()["detail"]
    assert responder.client.get(path, headers=responder.headers()).status_code == 403


def test_photos_of_an_internal_message_stay_internal(login: Any, upload: Any, client: Any) -> None:
    operator, responder = login("operator"), login("responder")
    case = operator.create_case(channel="phone", category_id=5, description="Кола", lat=42.6475, lon=23.3817)
    responder_id = responder.get("/me").json()["id"]
    assigned = operator.post(
        f"/cases/{case['id']}/assign", {"user_id": responder_id}, version=case["version"]
    )
    assert assigned.status_code == 200, assigned.text

    internal_photo = upload(operator, jpeg(color="red")).json()["id"]
    crew_photo = upload(operator, jpeg(color="blue")).json()["id"]
    posted = operator.post(
        f"/cases/{case['id']}/messages",
        {"body": "Снимка от гражданина", "visibility": "internal", "attachment_ids": [internal_photo]},
    )
    assert posted.status_code == 201, posted.text
    assert posted.json()["attachment_ids"] == [internal_photo]
    for_crew = operator.post(
        f"/cases/{case['id']}/messages",
        {"body": "За екипа", "visibility": "crew", "attachment_ids": [crew_photo]},
    )
    assert for_crew.json()["attachment_ids"] == [crew_photo]

    seen_by_operator = operator.get(f"/cases/{case['id']}").json()
    assert [a["id"] for a in seen_by_operator["attachments"]] == [internal_photo, crew_photo]
    assert [m["attachment_ids"] for m in seen_by_operator["thread"]] == [[internal_photo], [crew_photo]]

    seen_by_responder = responder.get(f"/cases/{case['id']}").json()
    assert [a["id"] for a in seen_by_responder["attachments"]] == [crew_photo]
    refused = client.get(f"/api/v1/attachments/{internal_photo}", headers=responder.headers())
    assert refused.status_code == 403 and "internal" in refused.json()["detail"]
    assert client.get(f"/api/v1/attachments/{crew_photo}", headers=responder.headers()).status_code == 200
    listed = responder.get(f"/cases/{case['id']}/messages").json()
    assert [m["attachment_ids"] for m in listed] == [[crew_photo]]


def test_a_message_cannot_take_a_photo_of_another_case(operator: Any, upload: Any) -> None:
    photo = upload(operator, jpeg()).json()["id"]
    first = operator.create_case(**MLADOST_ROAD, attachment_ids=[photo])
    second = operator.create_case(**MLADOST_ROAD)
    refused = operator.post(
        f"/cases/{second['id']}/messages", {"body": "x", "visibility": "internal", "attachment_ids": [photo]}
    )
    assert refused.status_code == 422 and "attachment_ids" in refused.json()["errors"]
    # Naming a photo already on the same case is harmless: it stays where it is.
    same = operator.post(
        f"/cases/{first['id']}/messages", {"body": "x", "visibility": "internal", "attachment_ids": [photo]}
    )
    assert same.status_code == 201 and same.json()["attachment_ids"] == []
