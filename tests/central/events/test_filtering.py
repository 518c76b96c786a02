"""Who sees what on the stream (invariants 5 and 6): units, responders, audit records, personal data."""

from __future__ import annotations

import contextlib
import json
from collections import Counter

from tests.central.events.live import Live, Received, db_events, drain_all, newest_event_id

MLADOST_POINT = {"lat": 42.6475, "lon": 23.3817}  # район Младост → RA-15 for district categories
CENTRE_POINT = {"lat": 42.6876, "lon": 23.3357}  # район Средец
REPORTERS = (
    {"name": "Радослава Тестова", "phone": "0887 654 321", "email": "radoslava.testova@example.bg"},
    {"name": "Кирил Проверков", "phone": "+359 88 912 3456", "email": "kiril.proverkov@example.bg"},
    {"name": "Зорница Сигнална", "phone": "02 987 6543", "email": ""},
)
# Every form a phone number could take on the wire: as typed, E.164, and the bare national digits.
NEEDLES = (
    "Радослава",
    "Тестова",
    "Кирил",
    "Проверков",
    "Зорница",
    "Сигнална",
    "0887 654 321",
    "+359887654321",
    "887654321",
    "+359889123456",
    "889123456",
    "+35929876543",
    "29876543",
    "radoslava.testova",
    "kiril.proverkov",
)


def _post_ok(api, path: str, body: dict, *, version: int | None = None, status: int = 200) -> dict:  # type: ignore[no-untyped-def]
    response = api.post(path, body, version=version)
    assert response.status_code == status, response.text
    return response.json()


def _pairs(events: list[Received]) -> Counter[tuple[int, str]]:
    return Counter((e.data["case_id"], e.event) for e in events)


def _assert_no_personal_data(username: str, events: list[Received]) -> None:
    raw = "\n".join(e.raw for e in events)
    # The wire may escape non-ASCII (\\u0420...): look at the decoded text too.
    decoded = "\n".join(json.dumps(e.data, ensure_ascii=False) for e in events)
    for needle in NEEDLES:
        assert needle not in raw and needle not in decoded, f"{needle!r} reached {username}'s stream"


def test_each_role_sees_only_what_it_may(live: Live) -> None:
    db = live.database_url
    operator, lead, mladost, responder = (live.api(n) for n in ("operator", "lead", "mladost", "responder"))
    responder_id = responder.get("/me").json()["id"]
    before = newest_event_id(db)

    # A: a road problem in Младост, owned by RA-15, which works on it.
    case_a = operator.create_case(category_id=3, description="Дупка", reporter=REPORTERS[0], **MLADOST_POINT)
    assert case_a["owner_unit_code"] == "RA-15"
    _post_ok(
        mladost,
        f"/cases/{case_a['id']}/messages",
        {"body": "Ще огледаме", "visibility": "internal"},
        status=201,
    )
    # B: parking in the centre, owned by CGM and assigned to its responder.
    case_b = operator.create_case(
        category_id=5, description="Кола на тротоара", reporter=REPORTERS[1], **CENTRE_POINT
    )
    assert case_b["owner_unit_code"] == "CGM"
    _post_ok(operator, f"/cases/{case_b['id']}/assign", {"user_id": responder_id}, version=case_b["version"])
    for visibility in ("internal", "crew", "public"):
        _post_ok(
            operator,
            f"/cases/{case_b['id']}/messages",
            {"body": f"{visibility} бележка", "visibility": visibility},
            status=201,
        )
    _post_ok(
        responder,
        f"/cases/{case_b['id']}/messages",
        {"body": "На място съм", "visibility": "crew"},
        status=201,
    )
    # C: filed in Младост, then transferred away to Искър; what happens to it afterwards is not RA-15's.
    case_c = operator.create_case(
        category_id=3, description="Пропаднал асфалт", reporter=REPORTERS[2], **MLADOST_POINT
    )
    assert case_c["owner_unit_code"] == "RA-15"
    _post_ok(
        operator,
        f"/cases/{case_c['id']}/transfer",
        {"unit_code": "RA-14", "reason_code": "wrong_district", "note": ""},
        version=case_c["version"],
    )
    _post_ok(
        operator,
        f"/cases/{case_c['id']}/messages",
        {"body": "За Искър", "visibility": "internal"},
        status=201,
    )
    # Reading reporters is itself recorded: an audit event for leads and administrators only.
    assert lead.get(f"/cases/{case_a['id']}/reporters").status_code == 200
    assert operator.get(f"/cases/{case_b['id']}/reporters").status_code == 200

    rows = db_events(db, after=before)
    audit_ids = [r.id for r in rows if r.audience == "audit"]
    assert len(audit_ids) == 2

    # Every role replays the same stretch of history, each on its own connection.
    with contextlib.ExitStack() as stack:
        streams = {
            username: stack.enter_context(live.stream(username, last_event_id=before))
            for username in ("operator", "lead", "admin", "mladost", "cgm", "si_staff", "responder")
        }
        for stream in streams.values():
            assert stream.next().data == {"last_event_id": before}
        seen = drain_all(streams)

    a, b, c = case_a["id"], case_b["id"], case_c["id"]
    all_ids = [r.id for r in rows]
    ids = {name: [e.event_id for e in events] for name, events in seen.items()}
    assert ids["lead"] == all_ids
    assert ids["admin"] == all_ids
    assert ids["operator"] == [i for i in all_ids if i not in audit_ids]
    assert "case.reporters_viewed" not in {e.event for e in seen["operator"]}
    assert Counter(e.event for e in seen["lead"])["case.reporters_viewed"] == 2

    assert _pairs(seen["mladost"]) == Counter(
        {(a, "case.created"): 1, (a, "message.posted"): 1, (c, "case.created"): 1, (c, "case.transferred"): 1}
    )
    transfer = next(e for e in seen["mladost"] if e.event == "case.transferred")
    assert transfer.data["data"]["case"]["owner_unit_code"] == "RA-14"
    assert _pairs(seen["cgm"]) == Counter(
        {(b, "case.created"): 1, (b, "case.assigned"): 1, (b, "message.posted"): 4}
    )
    assert seen["si_staff"] == []

    # The responder: only the case assigned to them, and never the internal part of its thread.
    assert _pairs(seen["responder"]) == Counter({(b, "case.assigned"): 1, (b, "message.posted"): 3})
    visibilities = sorted(
        e.data["data"]["message"]["visibility"] for e in seen["responder"] if e.event == "message.posted"
    )
    assert visibilities == ["crew", "crew", "public"]
    assert "internal бележка" not in "".join(e.raw for e in seen["responder"])

    for username, events in seen.items():
        _assert_no_personal_data(username, events)
    # ...while the API itself does hold them (so the search above looked for something real).
    stored = lead.get(f"/cases/{a}/reporters").json()
    assert stored[0]["name"] == REPORTERS[0]["name"] and stored[0]["phone_e164"] == "+359887654321"
