"""Reference data for consoles: categories, units, districts, users; and the district map."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from fastapi import APIRouter

from central.api import CtxDep
from central.auth.models import User
from central.cases import workflow
from central.cases.models import TRANSFER_REASONS
from central.geo.districts import DistrictIndex
from central.reference.service import reference_snapshot

router = APIRouter(tags=["reference"])


@router.get("/reference", summary="Categories, units, districts (no polygons), users and priorities")
def reference(ctx: CtxDep) -> dict[str, Any]:
    snapshot = reference_snapshot(ctx.session)
    users = ctx.session.scalars(sa.select(User).where(User.active).order_by(User.username)).all()
    snapshot["users"] = [
        {
            "id": u.id,
            "username": u.username,
            "full_name": u.full_name,
            "role": u.role,
            "unit_code": u.unit_code,
        }
        for u in users
    ]
    # The workflow table travels with the reference data, so consoles offer only allowed moves.
    snapshot["workflow"] = {
        "statuses": list(workflow.STATUSES),
        "open": sorted(workflow.OPEN_STATUSES),
        "final": sorted(workflow.FINAL_STATUSES),
        "transitions": {status: sorted(targets) for status, targets in workflow.TRANSITIONS.items()},
        "needs_public_note": sorted(workflow.NEEDS_PUBLIC_NOTE),
        "set_by_action_only": dict(workflow.SET_BY_ACTION_ONLY),
    }
    snapshot["transfer_reasons"] = dict(TRANSFER_REASONS)
    return snapshot


@router.get("/districts.geojson", summary="District boundaries for the map (simplified)")
def districts_geojson(ctx: CtxDep) -> dict[str, Any]:
    index: DistrictIndex = ctx.districts.get(ctx.session)
    return index.to_geojson(simplify_tolerance_m=20.0)
