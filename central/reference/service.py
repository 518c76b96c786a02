"""Reference data rules: importing and reading districts, units, categories and SLA policies."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa
from shapely.geometry import mapping
from sqlalchemy.orm import Session

from central.geo.districts import DistrictIndex, DistrictRecord, parse_district_geojson
from central.reference.models import (
    PRIORITIES,
    ROUTING_SCOPES,
    UNIT_CALENDARS,
    Category,
    District,
    Meta,
    SlaPolicy,
    Unit,
)
from central.seed.reference import ReferenceFileError, parse_bool, read_csv_rows

REFERENCE_VERSION_KEY = "reference_version"
T = TypeVar("T")


def bump_reference_version(session: Session) -> None:
    """Tell every server process that cached reference data (the district index, routing decisions, SLA
    times: see :class:`ReferenceSnapshot`) must be rebuilt. Every change to reference data must call it."""
    meta = session.get(Meta, REFERENCE_VERSION_KEY)
    if meta is None:
        session.add(Meta(key=REFERENCE_VERSION_KEY, value="1"))
    else:
        meta.value = str(int(meta.value) + 1)


def reference_version(session: Session) -> int:
    meta = session.get(Meta, REFERENCE_VERSION_KEY)
    return int(meta.value) if meta else 0


def get_meta(session: Session, key: str) -> str | None:
    meta = session.get(Meta, key)
    return meta.value if meta else None


def set_meta(session: Session, key: str, value: str) -> None:
    session.merge(Meta(key=key, value=value))


# --- districts -------------------------------------------------------------------------------------


def import_districts(session: Session, data: dict, *, demo: bool = False) -> int:
    """Replace-or-update the districts from a GeoJSON FeatureCollection. Returns how many were loaded."""
    records = parse_district_geojson(data)
    for record in records:
        session.merge(
            District(
                code=record.code,
                number=record.number,
                name_bg=record.name_bg,
                name_en=record.name_en,
                geometry=mapping(record.geometry),
                demo=demo,
            )
        )
    bump_reference_version(session)
    return len(records)


def load_district_records(session: Session) -> list[DistrictRecord]:
    from shapely.geometry import shape

    rows = session.scalars(sa.select(District).order_by(District.code)).all()
    return [
        DistrictRecord(
            code=row.code,
            number=row.number,
            name_bg=row.name_bg,
            name_en=row.name_en,
            geometry=shape(row.geometry),
        )
        for row in rows
    ]


@dataclass
class ReferenceSnapshot:
    """What one reference version gives a server process: the district index, and answers that depend on
    reference data alone (a routing decision, SLA times), each computed once on first use."""

    version: int
    index: DistrictIndex
    _answers: dict[Hashable, Any] = field(default_factory=dict)

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The answer stored under ``key``, computed (from reference data only!) the first time."""
        if key not in self._answers:
            self._answers[key] = compute()
        return self._answers[key]  # type: ignore[no-any-return]


class DistrictIndexCache:
    """One district index per server process, rebuilt when the reference version changes (together with
    the other answers of the :class:`ReferenceSnapshot`)."""

    def __init__(self) -> None:
        self._snapshot: ReferenceSnapshot | None = None

    def get(self, session: Session) -> DistrictIndex:
        return self.snapshot(session).index

    def snapshot(self, session: Session) -> ReferenceSnapshot:
        version = reference_version(session)
        current = self._snapshot
        if current is None or current.version != version:
            index = DistrictIndex(load_district_records(session))
            current = self._snapshot = ReferenceSnapshot(version, index)
        return current


# --- units, categories, SLA policies ---------------------------------------------------------------


def import_units(session: Session, path: Path) -> int:
    count = 0
    known_districts = set(session.scalars(sa.select(District.code)))
    for line, row in read_csv_rows(path, ("code", "name_bg", "name_en", "kind", "calendar")):
        where = f"{path.name}:{line}"
        if not row["code"]:
            raise ReferenceFileError(f"{where}: empty unit code")
        if row["calendar"] not in UNIT_CALENDARS:
            raise ReferenceFileError(f"{where}: calendar must be one of {', '.join(UNIT_CALENDARS)}")
        district = row.get("district_code") or None
        if district and district not in known_districts:
            raise ReferenceFileError(f"{where}: unknown district {district!r} (import districts first)")
        existing = session.get(Unit, row["code"])
        unit = existing or Unit(code=row["code"])
        unit.name_bg, unit.name_en, unit.kind = row["name_bg"], row["name_en"], row["kind"]
        unit.calendar, unit.district_code = row["calendar"], district
        unit.phone = row.get("phone") or None
        unit.active = parse_bool(row.get("active", "true") or "true", where)
        if existing is None:
            session.add(unit)
        count += 1
    session.flush()
    return count


def import_categories(session: Session, path: Path) -> int:
    count = 0
    required = ("id", "name_bg", "name_en", "default_priority", "routing_scope")
    for line, row in read_csv_rows(path, required):
        where = f"{path.name}:{line}"
        try:
            category_id = int(row["id"])
        except ValueError:
            raise ReferenceFileError(f"{where}: category id must be a number, got {row['id']!r}") from None
        if row["default_priority"] not in PRIORITIES:
            raise ReferenceFileError(f"{where}: priority must be one of {', '.join(PRIORITIES)}")
        if row["routing_scope"] not in ROUTING_SCOPES:
            raise ReferenceFileError(f"{where}: routing_scope must be one of {', '.join(ROUTING_SCOPES)}")
        existing = session.get(Category, category_id)
        category = existing or Category(id=category_id)
        category.name_bg, category.name_en = row["name_bg"], row["name_en"]
        category.group = row.get("group", "")
        category.default_priority, category.routing_scope = row["default_priority"], row["routing_scope"]
        category.urgent_out_of_hours = parse_bool(row.get("urgent_out_of_hours", ""), where)
        category.active = parse_bool(row.get("active", "true") or "true", where)
        category.synonyms = [s.strip() for s in row.get("synonyms", "").split("|") if s.strip()]
        if existing is None:
            session.add(category)
        count += 1
    session.flush()
    return count


def import_sla_policies(session: Session, path: Path) -> int:
    count = 0
    required = ("category_id", "priority", "first_response_minutes", "resolve_minutes")
    for line, row in read_csv_rows(path, required):
        where = f"{path.name}:{line}"
        category_id = int(row["category_id"]) if row["category_id"] else None
        if category_id is not None and session.get(Category, category_id) is None:
            raise ReferenceFileError(f"{where}: unknown category {category_id}")
        if row["priority"] not in PRIORITIES:
            raise ReferenceFileError(f"{where}: priority must be one of {', '.join(PRIORITIES)}")
        try:
            first, resolve = int(row["first_response_minutes"]), int(row["resolve_minutes"])
        except ValueError:
            raise ReferenceFileError(f"{where}: minutes must be whole numbers") from None
        if first <= 0 or resolve <= 0 or first > resolve:
            raise ReferenceFileError(f"{where}: need 0 < first_response_minutes <= resolve_minutes")
        policy = session.scalar(
            sa.select(SlaPolicy).where(
                SlaPolicy.category_id.is_(None)
                if category_id is None
                else SlaPolicy.category_id == category_id,
                SlaPolicy.priority == row["priority"],
            )
        )
        if policy is None:
            policy = SlaPolicy(category_id=category_id, priority=row["priority"])
            session.add(policy)
        policy.first_response_minutes, policy.resolve_minutes = first, resolve
        count += 1
    session.flush()
    return count


# --- reading -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SlaTimes:
    first_response_minutes: int
    resolve_minutes: int


def sla_times(session: Session, category_id: int, priority: str) -> SlaTimes:
    """The category's own policy for the priority if it has one, else the default for the priority."""
    rows = session.execute(
        sa.select(SlaPolicy.category_id, SlaPolicy.first_response_minutes, SlaPolicy.resolve_minutes).where(
            SlaPolicy.priority == priority,
            sa.or_(SlaPolicy.category_id == category_id, SlaPolicy.category_id.is_(None)),
        )
    ).all()
    if not rows:
        raise LookupError(f"no SLA policy for priority {priority!r}; import sla_policies first")
    best = max(rows, key=lambda r: r.category_id is not None)
    return SlaTimes(best.first_response_minutes, best.resolve_minutes)


def reference_snapshot(session: Session) -> dict[str, Any]:
    """Everything a console needs to label and route things (no polygons)."""
    categories = session.scalars(sa.select(Category).order_by(Category.id)).all()
    units = session.scalars(sa.select(Unit).order_by(Unit.code)).all()
    districts = session.scalars(sa.select(District).order_by(District.code)).all()
    return {
        "categories": [
            {
                "id": c.id,
                "name_bg": c.name_bg,
                "name_en": c.name_en,
                "group": c.group,
                "synonyms": list(c.synonyms),
                "default_priority": c.default_priority,
                "routing_scope": c.routing_scope,
                "active": c.active,
            }
            for c in categories
        ],
        "units": [
            {
                "code": u.code,
                "name_bg": u.name_bg,
                "name_en": u.name_en,
                "kind": u.kind,
                "calendar": u.calendar,
                "district_code": u.district_code,
                "lead_user_id": u.lead_user_id,
                "active": u.active,
            }
            for u in units
        ],
        "districts": [
            {"code": d.code, "number": d.number, "name_bg": d.name_bg, "name_en": d.name_en}
            for d in districts
        ],
        "priorities": list(PRIORITIES),
        "crews": [],
    }
