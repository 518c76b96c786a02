"""``central seed``: the reference data every installation starts from (units, categories, SLA, rules)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from central.geo.demo_districts import demo_district_geojson
from central.reference.models import District
from central.reference.service import (
    bump_reference_version,
    get_meta,
    import_categories,
    import_districts,
    import_sla_policies,
    import_units,
    set_meta,
)
from central.routing.models import RoutingRule
from central.routing.service import DEFAULT_TRIAGE_UNIT, TRIAGE_UNIT_KEY, import_rules
from central.seed.reference import SEED_DATA_DIR


def seed_reference(session: Session, *, demo_districts: bool = False) -> dict[str, int]:
    """Load the shipped reference files. Idempotent; routing rules only when there are none yet, so that
    an administrator's edits are never overwritten by a re-run."""
    counts: dict[str, int] = {}
    if session.scalar(sa.select(sa.func.count()).select_from(District)) == 0:
        if not demo_districts:
            raise LookupError(
                "no districts yet: run `central import-districts FILE.geojson` with the official boundaries "
                "(or `central seed --demo` for coarse demo districts)"
            )
        counts["demo districts"] = import_districts(session, demo_district_geojson(), demo=True)
    counts["units"] = import_units(session, SEED_DATA_DIR / "units.csv")
    counts["categories"] = import_categories(session, SEED_DATA_DIR / "categories.csv")
    counts["SLA policies"] = import_sla_policies(session, SEED_DATA_DIR / "sla_policies.csv")
    if session.scalar(sa.select(sa.func.count()).select_from(RoutingRule)) == 0:
        counts["routing rules"] = import_rules(session, SEED_DATA_DIR / "routing_rules.csv")
    if get_meta(session, TRIAGE_UNIT_KEY) is None:
        set_meta(session, TRIAGE_UNIT_KEY, DEFAULT_TRIAGE_UNIT)
    bump_reference_version(session)
    return counts
