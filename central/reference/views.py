"""Reference data for consoles: categories, units, districts, users; and the district map."""

from __future__ import annotations

from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Query
from pydantic import BaseModel

from central.api import CtxDep
from central.auth.models import User
from central.cases import workflow
from central.cases.models import TRANSFER_REASONS
from central.context import Ctx
from central.crews.service import crew_reference
from central.geo.districts import DistrictIndex
from central.reference.models import Category
from central.reference.service import reference_snapshot
from central.reference.suggest import CategorySuggester, suggester_for

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
            "crew_id": u.crew_id,
        }
        for u in users
    ]
    snapshot["crews"] = crew_reference(ctx.session)
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


class CategorySuggestion(BaseModel):
    code: int  # the category id
    name_bg: str
    name_en: str
    score: float  # 0..100
    matched: str  # the name or synonym that matched


@router.get(
    "/categories/suggest",
    response_model=list[CategorySuggestion],
    summary="Categories a description most likely means (names and Bulgarian synonyms), best first",
)
def suggest_categories(
    ctx: CtxDep,
    text: Annotated[str, Query(max_length=5000)],
    limit: Annotated[int, Query(ge=1, le=20)] = 5,
) -> list[CategorySuggestion]:
    return [
        CategorySuggestion(
            code=s.code, name_bg=s.name_bg, name_en=s.name_en, score=s.score, matched=s.matched
        )
        for s in _suggester(ctx).suggest(text, limit=limit)
    ]


def _suggester(ctx: Ctx) -> CategorySuggester:
    """Built once per server process and version of the reference data (imports bump the version)."""
    snapshot = ctx.districts.snapshot(ctx.session)
    return snapshot.memo(
        ("category_suggester",), lambda: suggester_for(ctx.session.scalars(sa.select(Category)))
    )
