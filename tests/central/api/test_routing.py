"""Automatic routing through the API: district categories, city rules, triage, admin-edited rules."""

from __future__ import annotations

from collections.abc import Callable

from tests.central.api.helpers import Db, act, ok, patch
from tests.support import DISTRICT_POINTS, Api

MLADOST = DISTRICT_POINTS["68134-15"]
SREDETS = DISTRICT_POINTS["68134-01"]
LOZENETS = DISTRICT_POINTS["68134-09"]


def _rules(admin: Api) -> dict[tuple[int, str | None], dict]:
    return {(r["category_id"], r["district_code"]): r for r in ok(admin.get("/admin/routing-rules"))}


def test_routing_reasons_for_district_city_and_unplaced_cases(
    operator: Api, as_user: Callable[[str], Api]
) -> None:
    # a district-scoped category goes to the administration of the district the point lies in
    case = operator.create_case(category_id=3, description="Дупка", lat=MLADOST[0], lon=MLADOST[1])
    assert case["district_code"] == "68134-15"
    assert case["owner_unit_code"] == "RA-15"
    assert case["routing_rule_id"] is None
    assert case["routing_reason"] == (
        "Пътна инфраструктура в район Младост → Район „Младост“: "
        "категорията се обработва от районните администрации"
    )
    other = operator.create_case(category_id=3, lat=LOZENETS[0], lon=LOZENETS[1])
    assert (other["district_code"], other["owner_unit_code"]) == ("68134-09", "RA-09")
    assert "район Лозенец" in other["routing_reason"]

    # a city-wide category follows its rule, and the reason names the rule
    rule = _rules(as_user("admin"))[(5, None)]
    assert rule["unit_code"] == "CGM"
    parking = operator.create_case(category_id=5, lat=MLADOST[0], lon=MLADOST[1])
    assert (parking["owner_unit_code"], parking["routing_rule_id"]) == ("CGM", rule["id"])
    assert parking["routing_reason"] == (
        f"Паркиране в район Младост → Център за градска мобилност ЕАД: правило №{rule['id']} (всички райони)"
        " — Платено паркиране и репатриране: ЦГМ"
    )

    # without a place, a district category cannot be routed: triage, saying why
    unplaced = operator.create_case(category_id=3, lat=None, lon=None)
    assert (unplaced["district_code"], unplaced["owner_unit_code"], unplaced["routing_rule_id"]) == (
        None,
        "CC",
        None,
    )
    assert unplaced["routing_reason"] == (
        "Пътна инфраструктура без местоположение → Контактен център Call Sofia (триаж): "
        "няма местоположение за районна категория, триаж от оператор"
    )
    # a city-wide category needs no place
    assert operator.create_case(category_id=5, lat=None, lon=None)["owner_unit_code"] == "CGM"


def test_the_most_specific_rule_wins_for_new_cases_until_deleted(
    operator: Api, as_user: Callable[[str], Api], db: Db
) -> None:
    admin = as_user("admin")
    before = operator.create_case(category_id=5, lat=MLADOST[0], lon=MLADOST[1])

    put = admin.put(
        "/admin/routing-rules",
        {"category_id": 5, "district_code": "68134-15", "unit_code": "RA-15", "note": "пилотен проект"},
    )
    rule = ok(put)
    assert (rule["category_id"], rule["district_code"], rule["unit_code"]) == (5, "68134-15", "RA-15")
    audit = db.events()[-1]
    assert (audit["type"], audit["audience"], audit["data"]["rule"]["id"]) == (
        "routing.rule_changed",
        "audit",
        rule["id"],
    )

    specific = operator.create_case(category_id=5, lat=MLADOST[0], lon=MLADOST[1])
    assert (specific["owner_unit_code"], specific["routing_rule_id"]) == ("RA-15", rule["id"])
    assert specific["routing_reason"] == (
        f"Паркиране в район Младост → Район „Младост“: правило №{rule['id']} (район Младост) — пилотен проект"
    )
    elsewhere = operator.create_case(category_id=5, lat=SREDETS[0], lon=SREDETS[1])
    assert elsewhere["owner_unit_code"] == "CGM"  # the general rule still holds in other districts
    assert ok(operator.get(f"/cases/{before['id']}"))["case"]["owner_unit_code"] == "CGM"  # no retro-routing

    # PUT on the same (category, district) replaces the rule instead of adding one
    replaced = ok(
        admin.put("/admin/routing-rules", {"category_id": 5, "district_code": "68134-15", "unit_code": "SI"})
    )
    assert replaced["id"] == rule["id"]
    assert operator.create_case(category_id=5, lat=MLADOST[0], lon=MLADOST[1])["owner_unit_code"] == "SI"

    assert admin.delete(f"/admin/routing-rules/{rule['id']}").status_code == 204
    assert db.events()[-1]["type"] == "routing.rule_deleted"
    after = operator.create_case(category_id=5, lat=MLADOST[0], lon=MLADOST[1])
    assert after["owner_unit_code"] == "CGM"
    missing = admin.delete(f"/admin/routing-rules/{rule['id']}")
    assert missing.status_code == 404
    assert missing.json()["detail"] == f"routing rule {rule['id']} does not exist"

    # a (category, district) rule also beats the district administration of a district category
    ok(admin.put("/admin/routing-rules", {"category_id": 3, "district_code": "68134-15", "unit_code": "DII"}))
    assert operator.create_case(category_id=3, lat=MLADOST[0], lon=MLADOST[1])["owner_unit_code"] == "DII"
    assert operator.create_case(category_id=3, lat=LOZENETS[0], lon=LOZENETS[1])["owner_unit_code"] == "RA-09"


def test_rules_export_validation_and_deleting_a_city_rule(
    operator: Api, as_user: Callable[[str], Api], db: Db
) -> None:
    admin = as_user("admin")
    note = "пилотен, с „кавички“, и запетая"
    ok(
        admin.put(
            "/admin/routing-rules",
            {"category_id": 5, "district_code": "68134-15", "unit_code": "RA-15", "note": note},
        )
    )
    response = admin.get("/admin/routing-rules.csv")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    lines = response.text.splitlines()
    assert lines[0] == "category_id,district_code,unit_code,note"
    assert len(lines) == 1 + 13
    assert lines[1] == "1,,SI,Чистотата се контролира от Столичен инспекторат"
    at = lines.index("5,,CGM,Платено паркиране и репатриране: ЦГМ")
    assert lines[at + 1] == f'5,68134-15,RA-15,"{note}"'

    count = db.count("routing_rules")
    refused = [
        ({"category_id": 999, "unit_code": "CGM"}, "unknown category 999"),
        ({"category_id": 5, "district_code": "68134-99", "unit_code": "CGM"}, "unknown district '68134-99'"),
        ({"category_id": 5, "unit_code": "NOPE"}, "unknown unit 'NOPE'"),
    ]
    for body, message in refused:
        response = admin.put("/admin/routing-rules", body)
        assert response.status_code == 422
        assert response.json()["errors"] == {"rule": message}
    assert admin.put("/admin/routing-rules", {"category_id": 5}).status_code == 422
    assert db.count("routing_rules") == count

    # with its city rule gone, a city-wide category goes to triage, saying so
    rule = _rules(admin)[(28, None)]
    assert admin.delete(f"/admin/routing-rules/{rule['id']}").status_code == 204
    case = operator.create_case(category_id=28, lat=MLADOST[0], lon=MLADOST[1])
    assert (case["owner_unit_code"], case["routing_rule_id"]) == ("CC", None)
    assert case["routing_reason"] == (
        "Улично осветление в район Младост → Контактен център Call Sofia (триаж): "
        "няма правило, триаж от оператор"
    )


def test_category_change_reroutes_with_a_new_reason(operator: Api, db: Db, user_ids: dict[str, int]) -> None:
    case = operator.create_case(category_id=5, lat=MLADOST[0], lon=MLADOST[1])
    ok(act(operator, case["id"], "assign", {"user_id": user_ids["cgm"]}))
    changed = ok(patch(operator, case["id"], {"category_id": 3, "reason": "всъщност е дупка"}))
    assert changed["category_id"] == 3
    assert changed["owner_unit_code"] == "RA-15"
    assert changed["routing_rule_id"] is None
    assert changed["routing_reason"].startswith("Пътна инфраструктура в район Младост → Район „Младост“")
    assert changed["assignee_user_id"] is None
    assert changed["status"] == "triaged"  # like a transfer: the new unit decides who does it
    # the deadline follows the new category's policy, on the calendar the case started with (CGM: 24x7)
    assert changed["sla_calendar"] == "24x7"
    assert changed["due_at"] == "2026-12-16T08:00:00Z"
    event = db.events(case["id"])[-1]
    assert (event["type"], event["unit_code"], event["prev_unit_code"]) == ("case.updated", "RA-15", "CGM")
    assert event["data"]["changes"]["owner_unit_code"] == ["CGM", "RA-15"]
    assert event["data"]["routing"]["unit_code"] == "RA-15"
    assert event["data"]["reason"] == "всъщност е дупка"

    moved = ok(patch(operator, case["id"], {"lat": LOZENETS[0], "lon": LOZENETS[1]}))
    assert (moved["district_code"], moved["owner_unit_code"]) == ("68134-09", "RA-09")
    assert "район Лозенец" in moved["routing_reason"]
