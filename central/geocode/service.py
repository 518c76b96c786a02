"""Geocoding over the imported gazetteer, with the district of every answer."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from pydantic import BaseModel
from sqlalchemy.orm import Session

from central.geocode.files import read_gazetteer_csv
from central.geocode.matcher import GazetteerEntry, GazetteerMatcher, parse_coordinates
from central.geocode.models import GazetteerPlace
from central.reference.service import DistrictIndexCache, bump_reference_version, reference_version


class GeocodeResult(BaseModel):
    label: str
    kind: str  # street, neighbourhood, village, town, place, or "coordinates"
    lat: float
    lon: float
    house_number: str | None
    district_code: str | None
    outside_sofia: bool
    score: float


def import_gazetteer(session: Session, path: Path) -> int:
    """Insert or update entries from a CSV (our layout or the shared neighbourhood/settlement files)."""
    entries = read_gazetteer_csv(path)
    existing = {(p.kind, p.name_bg, p.district_code): p for p in session.scalars(sa.select(GazetteerPlace))}
    for entry in entries:
        key = (entry.kind, entry.name_bg, entry.district_code)
        place = existing.get(key)
        if place is None:
            place = GazetteerPlace(kind=entry.kind, name_bg=entry.name_bg, district_code=entry.district_code)
            session.add(place)
            existing[key] = place
        place.name_en, place.lat, place.lon = entry.name_en, entry.lat, entry.lon
        place.aliases = list(entry.aliases)
    session.flush()
    bump_reference_version(session)
    return len(entries)


class GazetteerCache:
    """One matcher per server process, rebuilt when the reference data changes."""

    def __init__(self) -> None:
        self._version = -1
        self._matcher: GazetteerMatcher | None = None

    def get(self, session: Session) -> GazetteerMatcher:
        version = reference_version(session)
        if self._matcher is None or version != self._version:
            places = session.scalars(sa.select(GazetteerPlace).order_by(GazetteerPlace.id)).all()
            self._matcher = GazetteerMatcher(
                [
                    GazetteerEntry(
                        kind=p.kind,
                        name_bg=p.name_bg,
                        name_en=p.name_en,
                        lat=p.lat,
                        lon=p.lon,
                        district_code=p.district_code,
                        aliases=tuple(p.aliases),
                    )
                    for p in places
                ]
            )
            self._version = version
        return self._matcher


def geocode(
    session: Session, query: str, gazetteer: GazetteerCache, districts: DistrictIndexCache, limit: int = 10
) -> list[GeocodeResult]:
    """Coordinates pasted from a phone, or the best gazetteer matches; each with its district."""
    index = districts.get(session)
    coordinates = parse_coordinates(query)
    if coordinates is not None:
        lat, lon = coordinates
        match = index.locate(lat, lon)
        return [
            GeocodeResult(
                label=f"{lat:.6f}, {lon:.6f}",
                kind="coordinates",
                lat=lat,
                lon=lon,
                house_number=None,
                district_code=match.code,
                outside_sofia=match.outside_sofia,
                score=100.0,
            )
        ]
    results = []
    for found in gazetteer.get(session).search(query, limit=limit):
        entry = found.entry
        # The point decides the district (the file's district may be the one holding most of an area).
        match = index.locate(entry.lat, entry.lon)
        label = entry.name_bg + (f" {found.house_number}" if found.house_number else "")
        results.append(
            GeocodeResult(
                label=label,
                kind=entry.kind,
                lat=entry.lat,
                lon=entry.lon,
                house_number=found.house_number,
                district_code=match.code or entry.district_code,
                outside_sofia=match.outside_sofia,
                score=round(found.score, 1),
            )
        )
    return results
