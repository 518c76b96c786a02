"""The shipped reference data agrees with the municipality's draft routing table (shared/data)."""

from __future__ import annotations

import csv

import pytest
import sqlalchemy as sa

from tests.support import DISTRICT_POINTS, shared_data_dir

# The draft names bodies in free text; these are the units our seed routes each active category to.
EXPECTED_PRIMARY = {
    1: "SI",
    2: "SV",
    4: "CGM",
    5: "CGM",
    7: "SI",
    11: "CC",
    22: "EKO",
    28: "LIGHT",
    30: "SI",
    33: "ICT",
    38: "CGM",
}
# Routed to the district administration of the point. For 3 (roads) the draft's primary body is the
# directorate for the *primary* street network; the point does not tell the street class, and most reports
# are about secondary streets, which the district administrations maintain (they transfer the rest).
DISTRICT_SCOPED = {3, 6, 8, 9, 27, 32, 40}


def _draft_rows() -> list[dict[str, str]]:
    path = shared_data_dir() / "callsofia_categories_routing.draft.csv"
    if not path.exists():
        pytest.skip(f"shared reference data not found at {path}")
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_every_draft_category_is_seeded_with_its_names(database_url: str) -> None:
    from central.db import make_engine
    from central.reference.models import Category

    engine = make_engine(database_url)
    with engine.connect() as conn:
        seeded = {row.id: row for row in conn.execute(sa.select(Category))}
    engine.dispose()
    for row in _draft_rows():
        category = seeded[int(row["call_sofia_cat_id"])]
        assert category.name_bg.strip() == row["name_bg"].strip()
        assert category.active == (row["status"] != "retired")


def test_every_active_draft_category_routes_to_its_primary_body(operator) -> None:  # type: ignore[no-untyped-def]
    lat, lon = DISTRICT_POINTS["68134-15"]  # Младост
    for row in _draft_rows():
        category_id = int(row["call_sofia_cat_id"])
        if row["status"] == "retired":
            continue
        case = operator.create_case(category_id=category_id, lat=lat, lon=lon, description="проверка")
        if category_id in DISTRICT_SCOPED:
            assert "Районна администрация" in row["primary_body"] + row["other_bodies"]
            assert case["owner_unit_code"] == "RA-15", row["name_bg"]
        else:
            assert case["owner_unit_code"] == EXPECTED_PRIMARY[category_id], row["name_bg"]
        assert case["routing_reason"], row["name_bg"]
