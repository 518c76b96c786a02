"""Reference data for consoles: categories, units, districts, users; and the district map."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from fastapi import APIRouter

from central.api import CtxDep
from central.auth.models import User
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
    return snapshot


@router.get("/districts.geojson", summary="District boundaries for the map (simplified)")
def districts_geojson(ctx: CtxDep) -> dict[str, Any]:
    index: DistrictIndex = ctx.districts.get(ctx.session)
    return index.to_geojson(simplify_tolerance_m=20.0)
