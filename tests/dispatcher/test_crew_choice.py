"""Choosing the crew to dispatch (dispatcher.crews): distance, duty aged locally, stale positions, ranking."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from dispatcher.crews import (
    BUSY,
    FREE,
    READY,
    READY_STALE,
    haversine_m,
    on_duty_now,
    position_is_stale,
    rank_crews,
    suggest,
    tier_of,
)
from dispatcher.models import Case, Crew
from tests.dispatcher.test_store import snapshot

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
METRES_PER_DEGREE_OF_LATITUDE = 111_195.08  # on the mean Earth sphere

# A case in Младост (RA-15), as the server serialises it; the crews stand due north of it.
CASE = Case.from_json(snapshot(1, 1))


def crew(crew_id: int, name: str, km_north: float | None = 1.0, **fields: object) -> Crew:
    """A crew of RA-15, available and on duty until 16:00 UTC, that reported its position 2 minutes ago from
    ``km_north`` kilometres due north of the case (None: no position)."""
    assert CASE.lat is not None and CASE.lon is not None
    at = (
        {"lat": CASE.lat + km_north * 1000 / METRES_PER_DEGREE_OF_LATITUDE, "lon": CASE.lon}
        if km_north is not None
        else {"lat": None, "lon": None, "position_at": None}
    )
    base = Crew(
        id=crew_id,
        unit_code="RA-15",
        name=name,
        active=True,
        status="available",
        status_changed_at=NOW - timedelta(hours=1),
        current_case_id=None,
        lat=None,
        lon=None,
        position_at=NOW - timedelta(minutes=2),
        version=1,
        members=(),
        on_duty=True,
        shift_ends_at=NOW + timedelta(hours=6),
        next_shift_at=NOW + timedelta(hours=22),
    )
    return replace(base, **at, **fields)  # type: ignore[arg-type]


def suggested(case: Case, crews: list[Crew], now: datetime) -> int | None:
    """The id of the crew :func:`suggest` offers (None: no suggestion)."""
    chosen = suggest(case, crews, now)
    return chosen.crew.id if chosen is not None else None


# --- distance -----------------------------------------------------------------------------------------


def test_distance_between_two_known_sofia_points() -> None:
    serdika = (42.6977, 23.3219)  # the centre
    airport = (42.6952, 23.4062)  # Sofia Airport, ~6.9 km east in a straight line
    assert haversine_m(*serdika, *airport) == pytest.approx(6_895, abs=50)
    assert haversine_m(*airport, *serdika) == pytest.approx(haversine_m(*serdika, *airport))
    assert haversine_m(*serdika, *serdika) == 0.0


def test_one_degree_along_a_meridian_is_about_111_km() -> None:
    assert haversine_m(42.0, 23.3, 43.0, 23.3) == pytest.approx(METRES_PER_DEGREE_OF_LATITUDE, abs=1)


def test_crew_positions_in_these_tests_are_where_they_claim() -> None:
    near = rank_crews(CASE, [crew(1, "A", km_north=2.5)], NOW)[0]
    assert near.distance_m == pytest.approx(2_500, abs=1)


# --- on duty, by the server's answer aged locally ------------------------------------------------------


def test_on_duty_until_the_shift_ends() -> None:
    on = crew(1, "A", shift_ends_at=NOW + timedelta(minutes=1))
    assert on_duty_now(on, NOW)
    assert not on_duty_now(on, NOW + timedelta(minutes=1))  # the shift ended since the server answered
    assert not on_duty_now(on, NOW + timedelta(hours=2))


def test_on_duty_without_a_known_end_stays_on_duty() -> None:
    assert on_duty_now(crew(1, "A", shift_ends_at=None, next_shift_at=None), NOW + timedelta(days=1))


def test_off_duty_until_the_next_shift_begins() -> None:
    off = crew(1, "A", on_duty=False, shift_ends_at=None, next_shift_at=NOW + timedelta(minutes=30))
    assert not on_duty_now(off, NOW)
    assert on_duty_now(off, NOW + timedelta(minutes=30))  # the next shift began since
    assert not on_duty_now(replace(off, next_shift_at=None), NOW + timedelta(days=1))


def test_a_shift_that_ended_followed_by_one_that_began_is_on_duty() -> None:
    handover = crew(1, "A", shift_ends_at=NOW + timedelta(hours=1), next_shift_at=NOW + timedelta(hours=1))
    assert on_duty_now(handover, NOW + timedelta(hours=1, minutes=5))
    gap = replace(handover, next_shift_at=NOW + timedelta(hours=3))
    assert not on_duty_now(gap, NOW + timedelta(hours=2))


# --- stale positions ----------------------------------------------------------------------------------


def test_a_position_is_stale_after_ten_minutes_or_when_unknown() -> None:
    reported = crew(1, "A", position_at=NOW)
    assert not position_is_stale(reported, NOW + timedelta(minutes=10))
    assert position_is_stale(reported, NOW + timedelta(minutes=10, seconds=1))
    assert position_is_stale(reported, NOW + timedelta(minutes=3), stale_after=timedelta(minutes=2))
    assert position_is_stale(crew(2, "B", km_north=None), NOW)


# --- tiers --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "tier"),
    [
        ({}, READY),
        ({"position_at": NOW - timedelta(minutes=30)}, READY_STALE),
        ({"status": "off_duty"}, FREE),  # on the roster, but has not reported available
        ({"on_duty": False, "shift_ends_at": None, "next_shift_at": None}, FREE),  # available off the roster
        ({"status": "off_duty", "on_duty": False, "shift_ends_at": None, "next_shift_at": None}, BUSY),
        ({"status": "off_duty", "shift_ends_at": NOW - timedelta(minutes=5)}, BUSY),  # shift ended since
        ({"status": "en_route", "current_case_id": 9}, BUSY),
        ({"current_case_id": 9}, BUSY),
        ({"active": False}, BUSY),
    ],
)
def test_tier_of_a_crew(fields: dict[str, object], tier: int) -> None:
    assert tier_of(crew(1, "A", **fields), NOW) == tier


# --- ranking and the suggestion -----------------------------------------------------------------------


def test_ranking_ready_nearest_first_then_stale_then_free_then_busy_and_only_the_owner_units() -> None:
    crews = [
        crew(1, "Зает наблизо", km_north=0.1, status="on_site", current_case_id=9),
        crew(2, "Далечен", km_north=8.0),
        crew(3, "Чужд наблизо", km_north=0.1, unit_code="RA-02"),
        crew(4, "Стар сигнал", km_north=0.5, position_at=NOW - timedelta(minutes=45)),
        crew(5, "Близък", km_north=3.0),
        crew(6, "Без позиция", km_north=None),
        crew(7, "Не е докладвал", km_north=0.2, status="off_duty"),
        crew(8, "Смяната свърши", km_north=0.3, shift_ends_at=NOW - timedelta(minutes=1)),
    ]
    ranked = rank_crews(CASE, crews, NOW)
    assert [c.crew.id for c in ranked] == [5, 2, 4, 6, 7, 8, 1]
    assert [c.tier for c in ranked] == [READY, READY, READY_STALE, READY_STALE, FREE, FREE, BUSY]
    assert [c.stale for c in ranked[:4]] == [False, False, True, True]
    assert ranked[3].distance_m is None
    assert ranked[0].distance_m == pytest.approx(3_000, abs=1)


def test_unknown_distances_go_last_within_a_tier_then_by_name() -> None:
    stale = NOW - timedelta(hours=1)
    crews = [crew(1, "Б", km_north=None), crew(2, "А", km_north=None), crew(3, "В", 5.0, position_at=stale)]
    ranked = rank_crews(CASE, crews, NOW)
    assert {c.tier for c in ranked} == {READY_STALE}
    assert [c.crew.name for c in ranked] == ["В", "А", "Б"]


def test_suggest_the_nearest_available_crew_on_duty_with_a_fresh_position() -> None:
    crews = [
        crew(1, "Стар сигнал", km_north=0.2, position_at=NOW - timedelta(minutes=20)),
        crew(2, "Далечен", km_north=6.0),
        crew(3, "Близък", km_north=2.0),
    ]
    assert suggested(CASE, crews, NOW) == 3


def test_suggest_a_stale_crew_when_no_crew_has_a_fresh_position() -> None:
    crews = [
        crew(1, "Стар", km_north=0.2, position_at=NOW - timedelta(minutes=20)),
        crew(2, "Зает", current_case_id=9),
    ]
    chosen = suggest(CASE, crews, NOW)
    assert chosen is not None and (chosen.crew.id, chosen.tier, chosen.stale) == (1, READY_STALE, True)


def test_suggest_skips_a_crew_whose_shift_ended_since_the_server_answered() -> None:
    crews = [
        crew(1, "Смяната свърши", km_north=0.1, shift_ends_at=NOW + timedelta(minutes=5)),
        crew(2, "Нощ", km_north=4.0),
    ]
    assert suggested(CASE, crews, NOW) == 1
    assert suggested(CASE, crews, NOW + timedelta(minutes=6)) == 2


def test_no_suggestion_for_a_closed_case() -> None:
    closed = Case.from_json(snapshot(1, 3, status="closed", closed_at="2026-12-02T09:00:00+00:00"))
    assert suggested(CASE, [crew(1, "Близък")], NOW) == 1
    assert suggested(closed, [crew(1, "Близък")], NOW) is None


def test_no_suggestion_without_a_suggestible_crew_of_the_owner_unit() -> None:
    assert suggested(CASE, [], NOW) is None
    assert suggested(CASE, [crew(1, "Чужд", unit_code="CGM")], NOW) is None
    not_ready = [
        crew(1, "Зает", current_case_id=9, status="en_route"),
        crew(2, "Не е докладвал", status="off_duty"),
        crew(3, "Извън графика", on_duty=False, shift_ends_at=None, next_shift_at=None),
        crew(4, "Неактивен", active=False),
    ]
    assert suggested(CASE, not_ready, NOW) is None
