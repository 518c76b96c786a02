"""Choosing a crew for a case, without Qt: who is on duty now, how old a position is, and which crew of the
case's owner unit to offer first (the nearest available crew on duty, by great-circle distance from its last
known position; a stale position counts for less than a fresh one)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from dispatcher.models import Case, Crew

STALE_AFTER = timedelta(minutes=10)  # a position older than this is "stale" (the map fades it too)
EARTH_RADIUS_M = 6_371_008.8

# Ranking tiers, best first.
READY = 0  # available, on duty, free, with a fresh position
READY_STALE = 1  # the same, but its position is stale or unknown
FREE = 2  # free but not reporting available (e.g. off duty by its last report, yet on the roster)
BUSY = 3  # on another case, off the roster or inactive: the server would refuse it


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres between two points (degrees)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi, d_lambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def on_duty_now(crew: Crew, now: datetime) -> bool:
    """On duty by the roster at ``now``: the server's answer, aged locally (a shift that ended since, or the
    next one that began since)."""
    if crew.on_duty and (crew.shift_ends_at is None or now < crew.shift_ends_at):
        return True
    return crew.next_shift_at is not None and crew.next_shift_at <= now


def position_is_stale(crew: Crew, now: datetime, stale_after: timedelta = STALE_AFTER) -> bool:
    return crew.position_at is None or now - crew.position_at > stale_after


def distance_to(crew: Crew, case: Case) -> float | None:
    """Metres from the crew's last position to the case (None when either is unknown)."""
    if crew.lat is None or crew.lon is None or case.lat is None or case.lon is None:
        return None
    return haversine_m(crew.lat, crew.lon, case.lat, case.lon)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A crew of the case's owner unit, as the dispatch offer ranks it."""

    crew: Crew
    tier: int  # READY, READY_STALE, FREE, BUSY
    distance_m: float | None
    stale: bool

    @property
    def suggestible(self) -> bool:
        return self.tier <= READY_STALE


def tier_of(crew: Crew, now: datetime, stale_after: timedelta = STALE_AFTER) -> int:
    if not crew.active or crew.current_case_id is not None:
        return BUSY
    on_duty = on_duty_now(crew, now)
    if crew.status == "available" and on_duty:
        return READY_STALE if position_is_stale(crew, now, stale_after) else READY
    if on_duty or crew.status != "off_duty":
        return FREE
    return BUSY


def rank_crews(
    case: Case, crews: Iterable[Crew], now: datetime, stale_after: timedelta = STALE_AFTER
) -> list[Candidate]:
    """The owner unit's crews, best first: by tier, then by distance (unknown last), then by name."""
    found = [
        Candidate(
            crew,
            tier_of(crew, now, stale_after),
            distance_to(crew, case),
            position_is_stale(crew, now, stale_after),
        )
        for crew in crews
        if crew.unit_code == case.owner_unit_code
    ]
    found.sort(
        key=lambda c: (
            c.tier,
            c.distance_m is None,
            c.distance_m if c.distance_m is not None else 0.0,
            c.crew.name,
            c.crew.id,
        )
    )
    return found


def suggest(case: Case, crews: Iterable[Crew], now: datetime) -> Candidate | None:
    """The crew to offer first for the case: the nearest available on-duty crew (None if there is none)."""
    if not case.is_open:
        return None
    ranked = rank_crews(case, crews, now)
    return ranked[0] if ranked and ranked[0].suggestible else None
