"""``GET /geocode?q=``: Sofia addresses, neighbourhoods, villages and places (or pasted coordinates)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from central.api import CtxDep
from central.geocode.service import GazetteerCache, GeocodeResult, geocode

router = APIRouter(tags=["geocode"])


def _cache(request: Request) -> GazetteerCache:
    state = request.app.state
    if not hasattr(state, "gazetteer"):
        state.gazetteer = GazetteerCache()
    return state.gazetteer


@router.get("/geocode", response_model=list[GeocodeResult], summary="Find a place in Sofia")
def geocode_view(
    ctx: CtxDep,
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=200)],
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> list[GeocodeResult]:
    return geocode(ctx.session, q, _cache(request), ctx.districts, limit=limit)
