"""The roster decides who is on duty (a query, not a guess), holidays included; urgent cases at night go to
the on-duty crew or else to the contact centre's 24/7 lead; the roster file and the admin API."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from central.clock import FrozenClock
from tests.central.crews.conftest import make_crew, ok
from tests.support import Api, run_central

CENTRE = {"lat": 42.6876, "lon": 23.3357}


def _on_duty(api: Api, at: str, unit: str | None = None) -> list[str]:
    params = {"at": at} | ({"unit": unit} if unit else {})
    return [d["crew_name"] for d in ok(api.get("/crews/on-duty", **params))]


@pytest.fixture
def roster(as_user, user_ids: dict[str, int]) -> dict[str, dict[str, Any]]:  # type: ignore[no-untyped-def]
    """ЦГМ: day and night crews every day (24/7); a 24-on/72-off crew; Озеленяване-like working hours for
    СИ's office crew."""
    admin = as_user("admin")
    day = ok(
        admin.post(
            "/admin/crews", {"unit_code": "CGM", "name": "Ден", "member_ids": [user_ids["responder"]]}
        ),
        201,
    )
    night = ok(admin.post("/admin/crews", {"unit_code": "CGM", "name": "Нощ"}), 201)
    relay = ok(admin.post("/admin/crews", {"unit_code": "CGM", "name": "Денонощие"}), 201)
    ok(
        admin.put(
            "/admin/roster/CGM",
            {
                "shifts": [
                    {"crew_id": day["id"], "pattern": "daily", "starts": "08:00", "ends": "20:00"},
                    {"crew_id": night["id"], "pattern": "daily", "starts": "20:00", "ends": "08:00"},
                    {
                        "crew_id": relay["id"],
                        "pattern": "daily",
                        "starts": "08:00",
                        "ends": "08:00",
                        "cycle_days": 4,
                        "on_days": 1,
                        "valid_from": "2026-12-01",
                    },
                ]
            },
        )
    )
    office = make_crew(admin, "SI", "Офис", [], [{"pattern": "working_hours"}])
    return {"day": day, "night": night, "relay": relay, "office": office}


def test_who_is_on_duty_follows_the_roster_holidays_and_cycles(as_user, roster) -> None:  # type: ignore[no-untyped-def]
    operator = as_user("operator")
    # Wednesday 2 Dec 2026, 10:00 Sofia time: day shift, the relay's cycle (1 Dec + 1 day: off), office open
    assert _on_duty(operator, "2026-12-02T10:00:00+02:00") == ["Ден", "Офис"]
    assert _on_duty(operator, "2026-12-02T10:00:00+02:00", unit="CGM") == ["Ден"]
    # Tuesday 1 Dec 07:59: still the night of 30 Nov → 1 Dec; the relay starts its 24 h at 08:00
    assert _on_duty(operator, "2026-12-01T07:59:00+02:00") == ["Нощ"]
    assert _on_duty(operator, "2026-12-01T08:00:00+02:00") == ["Ден", "Денонощие"]  # office opens at 9
    assert _on_duty(operator, "2026-12-02T07:59:59+02:00") == ["Нощ", "Денонощие"]  # the relay's last second
    assert _on_duty(operator, "2026-12-05T08:00:00+02:00") == ["Ден", "Денонощие"]  # 4 days later; Saturday
    # Thursday 24 Dec 2026 (Бъдни вечер) is a public holiday: the 24/7 crews work, the office does not.
    holiday = ok(operator.get("/crews/on-duty", at="2026-12-24T11:00:00+02:00"))
    assert [d["crew_name"] for d in holiday] == ["Ден"]
    assert (holiday[0]["starts_at"], holiday[0]["ends_at"]) == (
        "2026-12-24T06:00:00Z",
        "2026-12-24T18:00:00Z",
    )
    assert _on_duty(operator, "2026-12-23T11:00:00+02:00") == ["Ден", "Офис"]  # the working day before
    # a night shift across the change to summer time (29 Mar 2026, 03:00 → 04:00) is one hour shorter
    night = ok(operator.get("/crews/on-duty", at="2026-03-29T02:30:00+02:00"))
    assert [(d["crew_name"], d["starts_at"], d["ends_at"]) for d in night] == [
        ("Нощ", "2026-03-28T18:00:00Z", "2026-03-29T05:00:00Z")
    ]
    assert operator.get("/crews/on-duty", at="2026-12-24T11:00:00").status_code == 422  # no zone
    # the board says the same for now (the test clock: Wednesday 10:00)
    board = {c["name"]: c["on_duty"] for c in ok(as_user("lead").get("/crews"))}
    assert board == {"Ден": True, "Нощ": False, "Денонощие": False, "Офис": True}
    # staff of a unit see their unit's crews only
    assert _on_duty(as_user("cgm"), "2026-12-02T10:00:00+02:00") == ["Ден"]


def test_the_roster_is_administered_whole_and_checked(as_user, roster) -> None:  # type: ignore[no-untyped-def]
    admin = as_user("admin")
    lines = ok(admin.get("/admin/roster", unit="CGM"))
    assert [(s["pattern"], s["starts"], s["ends"]) for s in lines] == [
        ("daily", "08:00:00", "20:00:00"),
        ("daily", "20:00:00", "08:00:00"),
        ("daily", "08:00:00", "08:00:00"),
    ]
    bad = admin.put(
        "/admin/roster/CGM",
        {
            "shifts": [
                {"crew_id": roster["day"]["id"], "pattern": "daily", "starts": "08:00"},
                {"crew_id": roster["office"]["id"], "pattern": "working_hours"},
                {
                    "crew_id": roster["day"]["id"],
                    "pattern": "daily",
                    "starts": "08:00",
                    "ends": "09:00",
                    "cycle_days": 2,
                },
            ]
        },
    )
    assert bad.status_code == 422
    errors = bad.json()["errors"]
    assert "starts and ends" in errors["shifts.0"]
    assert "not a crew of CGM" in errors["shifts.1"]
    assert "valid_from" in errors["shifts.2"]
    assert len(ok(admin.get("/admin/roster", unit="CGM"))) == 3  # nothing changed
    assert as_user("lead").put("/admin/roster/CGM", {"shifts": []}).status_code == 403
    ok(admin.put("/admin/roster/CGM", {"shifts": []}))
    assert _on_duty(admin, "2026-12-02T10:00:00+02:00", unit="CGM") == []

    # members are responders of the crew's unit, one crew each
    crews = {c["name"]: c for c in ok(admin.get("/crews"))}
    refused = admin.patch(f"/admin/crews/{crews['Нощ']['id']}", {"member_ids": [1]}, version=None)
    assert (
        refused.status_code == 422
        and "crews are made of responders" in refused.json()["errors"]["member_ids"]
    )
    moved = ok(
        admin.patch(
            f"/admin/crews/{crews['Нощ']['id']}",
            {"member_ids": [crews["Ден"]["members"][0]["id"]]},
            version=None,
        )
    )
    assert [m["username"] for m in moved["members"]] == ["responder"]
    assert ok(admin.get(f"/crews/{crews['Ден']['id']}"))["members"] == []
    duplicate = admin.post("/admin/crews", {"unit_code": "CGM", "name": "Ден"})
    assert duplicate.status_code == 409


def test_urgent_cases_at_night_go_to_the_on_duty_crew_else_to_the_24_7_lead(
    as_user, roster, clock: FrozenClock, user_ids: dict[str, int], db
) -> None:  # type: ignore[no-untyped-def]
    operator = as_user("operator")
    # By day an urgent category is routed as usual: the unit's inbox is staffed.
    day = operator.create_case(category_id=4, description="Не работи светофар", **CENTRE)  # → ЦГМ
    assert (day["status"], day["assignee_crew_id"], day["assignee_user_id"]) == ("new", None, None)

    clock.set(datetime(2026, 12, 2, 21, 30, tzinfo=UTC))  # 23:30 Sofia time: the night crew is on
    first = operator.create_case(category_id=4, description="Светофарът мига жълто", **CENTRE)
    assert (first["status"], first["assignee_crew_id"]) == ("assigned", roster["night"]["id"])
    assert "дежурния екип „Нощ“" in first["routing_reason"]
    night = ok(as_user("lead").get(f"/crews/{roster['night']['id']}"))
    assert night["current_case_id"] == first["id"]
    created = [e for e in db.events(first["id"]) if e["type"] == "case.created"][0]
    assert created["crew_id"] == roster["night"]["id"]
    assert created["data"]["out_of_hours"]["crew_id"] == roster["night"]["id"]

    # The night crew is busy: the next urgent case goes to the contact centre's lead, not to an inbox.
    second = operator.create_case(category_id=4, description="Паднал знак", **CENTRE)
    assert (second["status"], second["assignee_crew_id"]) == ("assigned", None)
    assert second["assignee_user_id"] == user_ids["lead"]
    assert "няма свободен дежурен екип" in second["routing_reason"]
    # A unit without crews at all (water → Софийска вода): the lead as well.
    water = operator.create_case(category_id=2, description="Тече вода", **CENTRE)
    assert (water["owner_unit_code"], water["assignee_user_id"]) == ("SV", user_ids["lead"])
    # Not urgent at night: stays with its unit as usual.
    parking = operator.create_case(category_id=5, **CENTRE)
    assert (parking["status"], parking["assignee_user_id"]) == ("new", None)
    # On Christmas Day at noon the offices are closed: the day crew takes an urgent case.
    clock.set(datetime(2026, 12, 25, 10, 0, tzinfo=UTC))
    holiday = operator.create_case(category_id=4, description="Светофарът не работи", **CENTRE)
    assert holiday["assignee_crew_id"] == roster["day"]["id"]
    # the crew's member sees the case dispatched to their crew, and may read it
    assert ok(as_user("responder").get(f"/cases/{holiday['id']}"))["case"]["id"] == holiday["id"]
    assert [c["id"] for c in ok(as_user("responder").get("/cases"))["items"]] == [holiday["id"]]


def test_import_roster_from_a_file(database_url: str, tmp_path: Path, as_user) -> None:  # type: ignore[no-untyped-def]
    good = tmp_path / "roster.csv"
    good.write_text(
        "unit_code,crew,pattern,starts,ends,weekdays,cycle_days,on_days,valid_from,valid_until,members,note\n"
        "CGM,Нощен екип,daily,20:00,08:00,1-5,,,,,responder,делнични нощи\n"
        "CGM,Уикенд,daily,08:00,08:00,67,,,,,,\n"
        "SI,Офис,working_hours,,,,,,2026-01-01,2026-12-31,,\n",
        encoding="utf-8",
    )
    done = run_central("import-roster", str(good), database_url=database_url)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"3 shifts for 2 units imported from {good} (3 new crews)"
    operator = as_user("operator")
    assert _on_duty(operator, "2026-12-02T23:00:00+02:00") == ["Нощен екип"]  # Wednesday night
    assert _on_duty(operator, "2026-12-05T23:00:00+02:00") == ["Уикенд"]  # Saturday
    crews = {c["name"]: c for c in ok(operator.get("/crews"))}
    assert [m["username"] for m in crews["Нощен екип"]["members"]] == ["responder"]

    bad = tmp_path / "bad.csv"
    bad.write_text(
        "unit_code,crew,pattern,starts,ends\nCGM,Друг,daily,20:00,08:00\nCGM,Трети,daily,25:00,08:00\n",
        encoding="utf-8",
    )
    refused = run_central("import-roster", str(bad), database_url=database_url)
    assert refused.returncode == 2
    assert (
        refused.stderr.strip()
        == "central import-roster: error: bad.csv:3: starts must be HH:MM (Sofia time), got '25:00'"
    )
    assert {c["name"] for c in ok(operator.get("/crews"))} == set(crews)  # all or nothing


def test_bad_input_is_refused_never_a_server_error(as_user) -> None:  # type: ignore[no-untyped-def]
    admin, lead = as_user("admin"), as_user("lead")
    huge = 2**40
    for response, status in (
        (lead.get("/crews", unit="CG\x00M"), 422),
        (lead.get("/crews/on-duty", unit="x" * 40), 422),
        (lead.get("/crews/on-duty", at="9999-12-31T23:00:00-05:00"), 422),
        (lead.get(f"/crews/{huge}"), 404),
        (lead.post(f"/crews/{huge}/position", {"lat": 42.7, "lon": 23.3}), 404),
        (lead.post(f"/crews/{huge}/status", {"status": "available"}, version=1), 404),
        (lead.post("/crews/1/status", {"status": "asleep"}, version=1), 422),
        (admin.get("/admin/roster", unit="\x00"), 422),
        (admin.put("/admin/roster/%00", {"shifts": []}), 422),
        (admin.put("/admin/roster/NOPE", {"shifts": []}), 404),
        (admin.post("/admin/crews", {"unit_code": "CGM", "name": "a\x00b"}), 422),
        (admin.patch(f"/admin/crews/{huge}", {"name": "Нов"}, version=None), 404),
        (lead.post(f"/cases/{huge}/presence", {"mode": "viewing"}), 404),
        (lead.post("/cases/1/presence", {"mode": "sleeping"}), 422),
        (lead.post(f"/cases/{huge}/messages/read", {"message_id": 1}), 404),
        (lead.post(f"/cases/{huge}/messages/{huge}/publish", {}), 404),
    ):
        assert response.status_code == status, (response.request.url, response.text)
