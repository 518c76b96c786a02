"""Finding cases: list filters, cursor pagination for every sort, nearby duplicates, caller history."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from central.clock import FrozenClock
from tests.central.api.helpers import Db, act, ok, patch
from tests.support import DISTRICT_POINTS, Api

MLADOST = DISTRICT_POINTS["68134-15"]
SREDETS = DISTRICT_POINTS["68134-01"]
LOZENETS = DISTRICT_POINTS["68134-09"]


def _ids(api: Api, **params: Any) -> set[int]:
    page = ok(api.get("/cases", limit=500, **params))
    assert page["next_cursor"] is None
    return {c["id"] for c in page["items"]}


def test_filters(operator: Api, user_ids: dict[str, int], clock: FrozenClock) -> None:
    c1 = operator.create_case(category_id=5, description="Кола на тротоара", lat=MLADOST[0], lon=MLADOST[1])
    c2 = operator.create_case(
        category_id=3, description="Голяма ДУПКА на улицата", priority="high", lat=MLADOST[0], lon=MLADOST[1]
    )
    c3 = operator.create_case(
        category_id=1,
        description="Боклук 100% навсякъде",
        address="ул. Шипка 6",
        lat=SREDETS[0],
        lon=SREDETS[1],
    )
    c4 = operator.create_case(
        category_id=5, description="Паркирал на зебра", priority="urgent", lat=LOZENETS[0], lon=LOZENETS[1]
    )
    c5 = operator.create_case(category_id=3, description="Пропаднал тротоар", lat=None, lon=None)
    ok(act(operator, c1["id"], "assign", {"user_id": user_ids["operator"]}))
    ok(act(operator, c3["id"], "status", {"status": "rejected", "note": "почистено"}))
    ok(act(operator, c4["id"], "status", {"status": "triaged"}))
    i1, i2, i3, i4, i5 = (c["id"] for c in (c1, c2, c3, c4, c5))

    assert _ids(operator) == {i1, i2, i3, i4, i5}
    expectations: list[tuple[dict[str, Any], set[int]]] = [
        ({"status": "new,triaged"}, {i2, i4, i5}),
        ({"status": "rejected"}, {i3}),
        ({"open": "true"}, {i1, i2, i4, i5}),
        ({"open": "false"}, {i3}),
        ({"unit": "CGM"}, {i1, i4}),
        ({"unit": "CC"}, {i5}),
        ({"district": "68134-15"}, {i1, i2}),
        ({"category": 3}, {i2, i5}),
        ({"priority": "high"}, {i2}),
        ({"priority": "urgent", "unit": "CGM", "open": "true"}, {i4}),
        ({"assignee": "me"}, {i1}),
        ({"assignee": str(user_ids["operator"])}, {i1}),
        ({"assignee": "none"}, {i2, i3, i4, i5}),
        ({"q": c2["tracking_number"]}, {i2}),
        ({"q": c2["tracking_number"].lower()}, {i2}),
        ({"q": "SOF-2026-00000"}, {i1, i2, i3, i4, i5}),
        ({"q": "SOF-2025"}, set()),
        ({"q": "дупка"}, {i2}),  # case-insensitive, in Cyrillic too
        ({"q": "шипка"}, {i3}),  # the address is searched as well
        ({"q": "100%"}, {i3}),
        ({"q": "%"}, {i3}),  # a wildcard character is just a character
        ({"q": "_"}, set()),
        ({"q": "тротоар"}, {i1, i5}),
        ({"bbox": "23.37,42.64,23.39,42.66"}, {i1, i2}),
        ({"bbox": "23.0,42.0,24.0,43.0"}, {i1, i2, i3, i4}),  # cases without a place are never in a box
        ({"needs_lead": "true"}, set()),
        ({"overdue": "true"}, set()),
    ]
    for params, expected in expectations:
        assert _ids(operator, **params) == expected, params

    clock.advance(timedelta(hours=1))
    ok(patch(operator, i5, {"address": "до блок 5"}))
    assert _ids(operator, updated_since="2026-12-02T08:30:00Z") == {i5}
    assert _ids(operator, updated_since="2026-12-02T10:30:00+02:00") == {i5}
    assert _ids(operator, updated_since="2026-12-02T08:00:00Z") == {i1, i2, i3, i4, i5}


def _walk(api: Api, sort: str, limit: int, cursor: str | None = None, **params: Any) -> list[dict[str, Any]]:
    seen: list[dict[str, Any]] = []
    for _ in range(50):
        page = ok(
            api.get("/cases", sort=sort, limit=limit, **({"cursor": cursor} if cursor else {}), **params)
        )
        seen.extend(page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            return seen
        assert len(page["items"]) == limit
    raise AssertionError("pagination did not end")


def test_cursor_pagination_yields_every_case_once_in_order(
    operator: Api, clock: FrozenClock, user_ids: dict[str, int]
) -> None:
    # ties on purpose: several cases share a creation (and so update) time and a deadline
    made: list[dict[str, Any]] = []
    for minute, (category, priority) in enumerate(
        [(5, "normal"), (5, "high"), (3, "normal"), (5, "normal"), (1, "urgent"), (5, "high"), (3, "low")]
    ):
        if minute % 3 == 0:
            clock.advance(timedelta(minutes=5))
        made.append(operator.create_case(category_id=category, priority=priority))
    clock.advance(timedelta(minutes=5))
    ok(patch(operator, made[0]["id"], {"address": "обновен"}))  # the oldest is now the latest updated
    ok(act(operator, made[2]["id"], "assign", {"user_id": user_ids["mladost"]}))
    everything = ok(operator.get("/cases", limit=500))["items"]
    assert len(everything) == 7

    by_id = {c["id"]: c for c in everything}
    expected = {
        "-created": sorted(by_id, reverse=True),
        "due": sorted(by_id, key=lambda i: (by_id[i]["due_at"], i)),
        "updated": sorted(by_id, key=lambda i: (by_id[i]["updated_at"], i)),
    }
    assert expected["updated"][-2:] == [made[0]["id"], made[2]["id"]]
    for sort, order in expected.items():
        for limit in (1, 3):
            walked = [c["id"] for c in _walk(operator, sort, limit)]
            assert walked == order, (sort, limit)
    # filters and pages together
    cgm = [c["id"] for c in _walk(operator, "due", 2, unit="CGM")]
    assert cgm == [i for i in expected["due"] if by_id[i]["owner_unit_code"] == "CGM"]
    assert len(cgm) == 4

    # new cases arriving while paging do not shift the pages (keyset, not offset)
    first = ok(operator.get("/cases", sort="-created", limit=3))
    operator.create_case()
    operator.create_case()
    rest = _walk(operator, "-created", 3, cursor=first["next_cursor"])
    assert [c["id"] for c in first["items"]] + [c["id"] for c in rest] == expected["-created"]


def _offset(lat: float, lon: float, north_m: float, east_m: float) -> tuple[float, float]:
    return lat + north_m / 111_320.0, lon + east_m / (111_320.0 * math.cos(math.radians(lat)))


def test_nearby_finds_open_cases_of_the_category_nearest_first(operator: Api) -> None:
    lat, lon = MLADOST

    def at(north: float, east: float, **fields: Any) -> dict[str, Any]:
        p_lat, p_lon = _offset(lat, lon, north, east)
        return operator.create_case(lat=p_lat, lon=p_lon, **fields)

    m120 = at(120, 0)
    m50 = at(50, 0)
    m100 = at(0, -100)
    m400 = at(-400, 0)
    other_category = at(0, 0, category_id=3)
    finished = at(10, 10)
    ok(act(operator, finished["id"], "status", {"status": "rejected", "note": "няма кола"}))

    found = ok(operator.get("/cases/nearby", lat=lat, lon=lon, category=5, radius_m=150))
    assert [n["case"]["id"] for n in found] == [m50["id"], m100["id"], m120["id"]]
    for item, metres in zip(found, (50, 100, 120), strict=True):
        assert abs(item["distance_m"] - metres) < 1.0, item["distance_m"]

    any_category = ok(operator.get("/cases/nearby", lat=lat, lon=lon, radius_m=150))
    assert [n["case"]["id"] for n in any_category] == [
        other_category["id"],
        m50["id"],
        m100["id"],
        m120["id"],
    ]
    assert any_category[0]["distance_m"] == 0.0
    wide = ok(operator.get("/cases/nearby", lat=lat, lon=lon, category=5, radius_m=500))
    assert [n["case"]["id"] for n in wide] == [m50["id"], m100["id"], m120["id"], m400["id"]]
    default_radius = ok(operator.get("/cases/nearby", lat=lat, lon=lon, category=5))  # 150 m
    assert len(default_radius) == 3


def test_caller_history_matches_any_form_of_the_number_and_is_recorded(
    operator: Api, as_user: Callable[[str], Api], db: Db, user_ids: dict[str, int]
) -> None:
    first = operator.create_case(reporter={"name": "Иван", "phone": "0888 123 456"}, address="ул. Шипка 6")
    other = operator.create_case(reporter={"name": "Мария", "phone": "0899 111 222"})
    second = operator.create_case(category_id=3, reporter={"name": "Иван", "phone": "+359 888 123 456"})
    operator.create_case(anonymous=True)
    before = db.count("events")

    answers = []
    for form in ("0888 123 456", "+359888123456", "00359 888 123456", "0888-123-456"):
        answers.append(ok(operator.get(f"/callers/{form}/cases")))
    assert all(answer == answers[0] for answer in answers)
    history = answers[0]
    assert [c["id"] for c in history] == [second["id"], first["id"]]  # newest first
    assert history[1] == {
        "id": first["id"],
        "tracking_number": first["tracking_number"],
        "status": "new",
        "category_id": 5,
        "address": "ул. Шипка 6",
        "created_at": first["created_at"],
        "due_at": first["due_at"],
    }
    assert [c["id"] for c in ok(as_user("lead").get("/callers/0899111222/cases"))] == [other["id"]]
    assert ok(operator.get("/callers/0877000000/cases")) == []

    audits = db.events()[before:]
    assert len(audits) == 6
    assert {(e["type"], e["audience"], e["case_id"]) for e in audits} == {
        ("caller.history_viewed", "audit", None)
    }
    assert audits[0]["actor_user_id"] == user_ids["operator"]
    assert audits[0]["data"] == {"phone_suffix": "456", "count": 2}
    assert audits[4]["actor_user_id"] == user_ids["lead"]

    refused = as_user("mladost").get("/callers/0888123456/cases")
    assert (refused.status_code, refused.json()["detail"]) == (
        403,
        "only the contact centre looks up callers",
    )
    assert db.count("events") == before + 6
