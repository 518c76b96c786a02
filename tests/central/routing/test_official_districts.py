"""The official districts imported from ../shared/data route points across Sofia to the right district
and unit: district administrations for district categories, city-wide units for the rest, the nearest
district just outside the municipal border, and the triage unit for a point elsewhere in Bulgaria."""

from __future__ import annotations

import math

import pytest
import shapely
from shapely.geometry import shape

from tests.support import DISTRICT_POINTS, Api

ROADS = 3  # Пътна инфраструктура: handled by the district administrations
DOGS, WATER = 22, 2  # city-wide: ОП „Екоравновесие“, „Софийска вода“
PLOVDIV = (42.1354, 24.7453)
M_PER_DEG_LAT = 111_132.0


def _file_case(api: Api, category: int, lat: float, lon: float) -> dict:  # type: ignore[type-arg]
    return api.create_case(category_id=category, lat=lat, lon=lon, description="Проверка на маршрутизацията")


@pytest.fixture(scope="module")
def names(official_geojson: dict) -> dict[str, str]:  # type: ignore[type-arg]
    return {f["properties"]["nsi_code"]: f["properties"]["name_bg"] for f in official_geojson["features"]}


@pytest.mark.parametrize("code", sorted(DISTRICT_POINTS))
def test_district_category_goes_to_the_district_administration(
    operator_api: Api, names: dict[str, str], code: str
) -> None:
    lat, lon = DISTRICT_POINTS[code]
    case = _file_case(operator_api, ROADS, lat, lon)
    assert case["district_code"] == code
    assert case["outside_sofia"] is False
    assert case["owner_unit_code"] == f"RA-{code[-2:]}"
    assert case["routing_rule_id"] is None
    assert f"в район {names[code]}" in case["routing_reason"]
    assert "районните администрации" in case["routing_reason"]


@pytest.mark.parametrize(("category", "unit"), [(DOGS, "EKO"), (WATER, "SV")])
def test_city_wide_categories_go_to_their_unit_from_every_district(
    operator_api: Api, names: dict[str, str], category: int, unit: str
) -> None:
    for code in ("68134-01", "68134-15", "68134-22", "68134-24"):  # centre, Младост, Кремиковци, Банкя
        case = _file_case(operator_api, category, *DISTRICT_POINTS[code])
        assert case["district_code"] == code  # the district is still recorded
        assert case["owner_unit_code"] == unit
        assert case["routing_rule_id"] is not None
        assert f"в район {names[code]}" in case["routing_reason"]
        assert "всички райони" in case["routing_reason"]


def _extremes(geojson: dict) -> list[tuple[str, float, float, float, float]]:  # type: ignore[type-arg]
    """The northernmost, southernmost, easternmost and westernmost vertices of the municipality, with
    the district they belong to and the direction (dlat, dlon) pointing out of Sofia."""
    found = []
    vertices = []
    for feature in geojson["features"]:
        for lon, lat in shapely.get_coordinates(shape(feature["geometry"])):
            vertices.append((feature["properties"]["nsi_code"], float(lat), float(lon)))
    for key, pick, dlat, dlon in (
        (1, max, 1, 0),
        (1, min, -1, 0),
        (2, max, 0, 1),
        (2, min, 0, -1),
    ):
        code, lat, lon = pick(vertices, key=lambda v, k=key: v[k])
        found.append((code, lat, lon, dlat, dlon))
    return found


def test_a_point_just_outside_the_border_goes_to_the_nearest_district(
    operator_api: Api,
    official_geojson: dict,  # type: ignore[type-arg]
) -> None:
    for code, lat, lon, dlat, dlon in _extremes(official_geojson):
        metres_per_deg_lon = M_PER_DEG_LAT * math.cos(math.radians(lat))
        out_lat, out_lon = lat + dlat * 10 / M_PER_DEG_LAT, lon + dlon * 10 / metres_per_deg_lon  # ~10 m out
        case = _file_case(operator_api, ROADS, out_lat, out_lon)
        assert (case["district_code"], case["outside_sofia"]) == (code, False), (out_lat, out_lon)
        assert case["owner_unit_code"] == f"RA-{code[-2:]}"
        # ...while 200 m out is no longer a GPS wobble on the border: outside Sofia, to triage.
        far = _file_case(
            operator_api, ROADS, lat + dlat * 200 / M_PER_DEG_LAT, lon + dlon * 200 / metres_per_deg_lon
        )
        assert (far["district_code"], far["outside_sofia"], far["owner_unit_code"]) == (None, True, "CC")


def test_plovdiv_is_outside_sofia_and_goes_to_triage(operator_api: Api) -> None:
    case = _file_case(operator_api, ROADS, *PLOVDIV)
    assert case["outside_sofia"] is True
    assert case["district_code"] is None
    assert case["owner_unit_code"] == "CC"
    assert "извън Столична община" in case["routing_reason"]
    assert case["due_at"]  # flagged, never dropped: it still has an owner and a deadline (invariant 1)
