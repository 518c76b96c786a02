"""District file parsing, point-in-district lookup and the demo districts."""

from __future__ import annotations

import copy
import itertools
import json
import math
import os
from pathlib import Path

import pytest
import shapely
from shapely.geometry import Point, Polygon

from central.geo.demo_districts import SOFIA_OUTLINE_LONLAT, demo_district_geojson, load_demo_district_points
from central.geo.districts import (
    DistrictFileError,
    DistrictIndex,
    DistrictMatch,
    DistrictRecord,
    LocalProjection,
    parse_district_geojson,
)

REPO_ROOT = Path(__file__).resolve().parents[3]

# README of shared/data: "A point inside each district (lat, lon)".
README_POINTS: list[tuple[str, str, float, float]] = [
    ("68134-01", "Средец", 42.6876, 23.3357),
    ("68134-02", "Красно село", 42.6812, 23.2878),
    ("68134-03", "Възраждане", 42.6981, 23.3093),
    ("68134-04", "Оборище", 42.6959, 23.3430),
    ("68134-05", "Сердика", 42.7336, 23.3372),
    ("68134-06", "Подуяне", 42.7068, 23.3686),
    ("68134-07", "Слатина", 42.6865, 23.3987),
    ("68134-08", "Изгрев", 42.6704, 23.3518),
    ("68134-09", "Лозенец", 42.6596, 23.3250),
    ("68134-10", "Триадица", 42.6693, 23.3029),
    ("68134-11", "Красна поляна", 42.6973, 23.2634),
    ("68134-12", "Илинден", 42.7125, 23.2876),
    ("68134-13", "Надежда", 42.7520, 23.3148),
    ("68134-14", "Искър", 42.6621, 23.4160),
    ("68134-15", "Младост", 42.6475, 23.3817),
    ("68134-16", "Студентски", 42.6463, 23.3496),
    ("68134-17", "Витоша", 42.6167, 23.2743),
    ("68134-18", "Овча купел", 42.6783, 23.2055),
    ("68134-19", "Люлин", 42.7216, 23.2358),
    ("68134-20", "Връбница", 42.7598, 23.2467),
    ("68134-21", "Нови Искър", 42.8063, 23.3619),
    ("68134-22", "Кремиковци", 42.7697, 23.5439),
    ("68134-23", "Панчарево", 42.5601, 23.4231),
    ("68134-24", "Банкя", 42.7031, 23.1241),
]

PLOVDIV = (42.1354, 24.7453)

# Independent of the module's projection: metres per degree near lat 42.7 (spherical approximation).
M_PER_DEG_LAT = 111_090.0
M_PER_DEG_LON_AT = 111_320.0  # times cos(lat)


def shared_data_dir() -> Path:
    env = os.environ.get("CALLSOFIA_SHARED_DATA")
    return Path(env) if env else REPO_ROOT.parent / "shared" / "data"


@pytest.fixture(scope="module")
def official_geojson() -> dict:
    folder = shared_data_dir()
    if not folder.is_dir():
        pytest.skip(f"shared reference data folder not found at {folder} (set CALLSOFIA_SHARED_DATA)")
    # The folder exists: a missing file is a broken checkout and must fail, not skip.
    return json.loads((folder / "sofia_districts.geojson").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def official_records(official_geojson: dict) -> list[DistrictRecord]:
    return parse_district_geojson(official_geojson)


@pytest.fixture(scope="module")
def official_index(official_records: list[DistrictRecord]) -> DistrictIndex:
    return DistrictIndex(official_records)


# --------------------------------------------------------------------------------------------------------
# Official file


def test_official_file_has_24_districts(official_records: list[DistrictRecord]) -> None:
    assert len(official_records) == 24
    assert [r.code for r in official_records] == [f"68134-{n:02d}" for n in range(1, 25)]
    assert [r.number for r in official_records] == list(range(1, 25))
    by_code = {r.code: r for r in official_records}
    for code, name_bg, _lat, _lon in README_POINTS:
        assert by_code[code].name_bg == name_bg
    assert by_code["68134-15"].name_en == "Mladost"
    assert all(
        r.geometry.is_valid and r.geometry.geom_type in ("Polygon", "MultiPolygon") for r in official_records
    )


@pytest.mark.parametrize(("code", "name_bg", "lat", "lon"), README_POINTS)
def test_readme_point_is_inside_its_district(
    official_index: DistrictIndex, code: str, name_bg: str, lat: float, lon: float
) -> None:
    match = official_index.locate(lat, lon)
    assert match == DistrictMatch(code, "inside", 0.0)
    assert not match.outside_sofia
    record = official_index.get(code)
    assert record is not None and record.name_bg == name_bg


def test_far_point_is_outside(official_index: DistrictIndex) -> None:
    match = official_index.locate(*PLOVDIV)
    assert match.code is None
    assert match.method == "outside"
    assert match.outside_sofia
    # Plovdiv is ~120 km from central Sofia and ~95 km from the municipal border.
    assert 80_000 < match.distance_m < 110_000


def _extreme_vertices(union: Polygon) -> list[tuple[str, float, float]]:
    """(direction, lon, lat) of the northernmost, southernmost, easternmost and westernmost vertices."""
    coords = list(union.exterior.coords)
    north = max(coords, key=lambda c: c[1])
    south = min(coords, key=lambda c: c[1])
    east = max(coords, key=lambda c: c[0])
    west = min(coords, key=lambda c: c[0])
    return [("N", *north), ("S", *south), ("E", *east), ("W", *west)]


def _move(lon: float, lat: float, direction: str, metres: float) -> tuple[float, float]:
    """Move due N/S/E/W by `metres`; returns (lat, lon)."""
    dlat = metres / M_PER_DEG_LAT
    dlon = metres / (M_PER_DEG_LON_AT * math.cos(math.radians(lat)))
    step = {"N": (0.0, dlat), "S": (0.0, -dlat), "E": (dlon, 0.0), "W": (-dlon, 0.0)}[direction]
    return lat + step[1], lon + step[0]


def test_points_just_outside_the_municipal_border(
    official_records: list[DistrictRecord], official_index: DistrictIndex
) -> None:
    union = shapely.union_all([r.geometry for r in official_records])
    assert union.geom_type == "Polygon"
    for direction, lon, lat in _extreme_vertices(union):
        # Everything in the union lies on the inner side of an extreme vertex, so moving straight outward
        # from it puts the point at exactly that distance from the municipality.
        owner = [r.code for r in official_records if r.geometry.covers(Point(lon, lat))]
        assert owner, direction

        near = official_index.locate(*_move(lon, lat, direction, 10.0))
        assert near.method == "nearest", direction
        assert near.code in owner
        assert near.distance_m == pytest.approx(10.0, abs=0.2)
        assert not near.outside_sofia

        far = official_index.locate(*_move(lon, lat, direction, 200.0))
        assert far.method == "outside", direction
        assert far.code is None
        assert far.distance_m == pytest.approx(200.0, rel=0.02)


def _shared_vertices(a: DistrictRecord, b: DistrictRecord) -> list[tuple[float, float]]:
    coords_a = {tuple(c) for c in shapely.get_coordinates(a.geometry)}
    return sorted(coords_a & {tuple(c) for c in shapely.get_coordinates(b.geometry)})


def test_point_on_inner_boundary_is_deterministic(official_index: DistrictIndex) -> None:
    sredets, oborishte = official_index.get("68134-01"), official_index.get("68134-04")
    assert sredets is not None and oborishte is not None
    shared = _shared_vertices(sredets, oborishte)
    assert len(shared) >= 2, "Sredets and Oborishte are neighbours and should share vertices"

    points = [shared[len(shared) // 2]]
    # Also the middle of a shared edge: rounding may put it a hair to either side, or on neither.
    (x1, y1), (x2, y2) = shared[0], shared[1]
    points.append(((x1 + x2) / 2, (y1 + y2) / 2))
    for lon, lat in points:
        first = official_index.locate(lat, lon)
        assert first.method in ("inside", "nearest")
        assert first.code in ("68134-01", "68134-04")
        assert first.distance_m < 1.0
        for _ in range(3):
            assert official_index.locate(lat, lon) == first


def test_lookup_rejects_non_finite_coordinates(official_index: DistrictIndex) -> None:
    with pytest.raises(ValueError):
        official_index.locate(float("nan"), 23.3)


def test_to_geojson_round_trip_and_simplify(
    official_records: list[DistrictRecord], official_index: DistrictIndex
) -> None:
    full = official_index.to_geojson()
    assert full["type"] == "FeatureCollection"
    assert full["features"][0]["properties"]["code"] == "68134-01"
    again = parse_district_geojson(full)
    assert [r.code for r in again] == [r.code for r in official_records]
    assert [r.name_en for r in again] == [r.name_en for r in official_records]

    simplified = official_index.to_geojson(simplify_tolerance_m=20.0)
    assert len(json.dumps(simplified)) < len(json.dumps(full)) / 2
    simple_records = parse_district_geojson(simplified)
    for original, simple in zip(official_records, simple_records, strict=True):
        assert simple.geometry.area == pytest.approx(original.geometry.area, rel=0.01), original.code


def test_lookup_speed_smoke(official_index: DistrictIndex) -> None:
    # A generous floor: the real throughput is far higher; this only catches a lost STRtree/prepare.
    import time

    points = [(lat, lon) for _code, _name, lat, lon in README_POINTS] * 100
    started = time.perf_counter()
    for lat, lon in points:
        official_index.locate(lat, lon)
    rate = len(points) / (time.perf_counter() - started)
    assert rate > 2_000, f"{rate:.0f} lookups/s"


# --------------------------------------------------------------------------------------------------------
# Synthetic districts: slivers and overlaps


def _square(code: str, lon1: float, lon2: float, lat1: float = 42.69, lat2: float = 42.70) -> DistrictRecord:
    geometry = Polygon([(lon1, lat1), (lon2, lat1), (lon2, lat2), (lon1, lat2)])
    return DistrictRecord(code, None, f"р-н {code}", f"District {code}", geometry)


def test_gap_between_districts_goes_to_nearest() -> None:
    # A gap of 0.0002° of longitude (~16 m) between A and B.
    index = DistrictIndex([_square("68134-02", 23.3102, 23.32), _square("68134-01", 23.30, 23.31)])
    match = index.locate(42.695, 23.31005)  # ~4 m from A, ~12 m from B
    assert match.code == "68134-01"
    assert match.method == "nearest"
    assert 3.0 < match.distance_m < 5.0
    assert index.locate(42.695, 23.31015).code == "68134-02"


def test_overlap_goes_to_the_deeper_district() -> None:
    # A and B overlap on lon 23.3098..23.31 (~16 m wide).
    index = DistrictIndex([_square("68134-01", 23.30, 23.31), _square("68134-02", 23.3098, 23.32)])
    assert index.locate(42.695, 23.30985) == DistrictMatch("68134-01", "inside", 0.0)  # 12 m into A
    assert index.locate(42.695, 23.30995) == DistrictMatch("68134-02", "inside", 0.0)  # 12 m into B


def test_index_refuses_empty_and_duplicates() -> None:
    with pytest.raises(ValueError):
        DistrictIndex([])
    with pytest.raises(ValueError):
        DistrictIndex([_square("68134-01", 23.30, 23.31), _square("68134-01", 23.31, 23.32)])


def test_local_projection_distance_is_accurate() -> None:
    # Sofia centre to Pancharevo demo point; haversine with the mean Earth radius for reference.
    (lat1, lon1), (lat2, lon2) = (42.6976, 23.3219), (42.5601, 23.4231)
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    h = (
        math.sin((phi2 - phi1) / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    haversine = 2 * 6_371_008.8 * math.asin(math.sqrt(h))
    projection = LocalProjection(42.65, 23.36)
    (x1, y1), (x2, y2) = projection.xy(lat1, lon1), projection.xy(lat2, lon2)
    assert math.hypot(x2 - x1, y2 - y1) == pytest.approx(haversine, rel=0.005)


# --------------------------------------------------------------------------------------------------------
# Bad files


def _feature(code: str | None = "68134-01", geometry: dict | None = None, **props: object) -> dict:
    properties: dict[str, object] = {"name_bg": "Средец", "name_en": "Sredets", **props}
    if code is not None:
        properties["nsi_code"] = code
    if geometry is None:
        ring = [[23.30, 42.69], [23.31, 42.69], [23.31, 42.70], [23.30, 42.70], [23.30, 42.69]]
        geometry = {"type": "Polygon", "coordinates": [ring]}
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def _collection(*features: dict) -> dict:
    return {"type": "FeatureCollection", "features": list(features)}


def test_minimal_valid_file() -> None:
    [record] = parse_district_geojson(_collection(_feature(district_no=1)))
    assert record == DistrictRecord("68134-01", 1, "Средец", "Sredets", record.geometry)
    assert record.geometry.geom_type == "Polygon"


@pytest.mark.parametrize(
    ("data", "fragments"),
    [
        ([_feature()], ["FeatureCollection"]),
        (_feature(), ["FeatureCollection", "'Feature'"]),
        ({"type": "FeatureCollection"}, ["features"]),
        (_collection(), ["no features"]),
        (_collection(_feature(), _feature(code=None)), ["feature #1", "missing nsi_code"]),
        (_collection(_feature(code="RSR")), ["feature #0", "'RSR'", "68134-NN"]),
        (_collection(_feature(), _feature()), ["feature #1", "duplicate nsi_code '68134-01'", "#0"]),
        (
            _collection(_feature(geometry={"type": "Point", "coordinates": [23.3, 42.69]})),
            ["feature #0 (68134-01)", "Point", "Polygon"],
        ),
        (_collection(_feature(geometry={})), ["feature #0 (68134-01)", "missing geometry"]),
        (_collection(_feature(name_en="  ")), ["feature #0 (68134-01)", "name_en"]),
        (_collection(_feature(district_no=31)), ["district_no 31"]),
        (
            _collection(_feature(district_no=1), _feature(code="68134-02", district_no=1)),
            ["feature #1 (68134-02)", "duplicate district_no 1"],
        ),
        (
            # Coordinates in metres (BGS2005 / UTM-like): not lon/lat.
            _collection(
                _feature(
                    geometry={
                        "type": "Polygon",
                        "coordinates": [
                            [[322000, 4729000], [323000, 4729000], [323000, 4730000], [322000, 4729000]]
                        ],
                    }
                )
            ),
            ["not WGS84 lon/lat", "EPSG:4326"],
        ),
        (
            # All on one line: make_valid cannot make an area of it.
            _collection(
                _feature(
                    geometry={
                        "type": "Polygon",
                        "coordinates": [[[23.30, 42.69], [23.31, 42.69], [23.32, 42.69], [23.30, 42.69]]],
                    }
                )
            ),
            ["feature #0 (68134-01)", "invalid geometry"],
        ),
        (
            _collection(_feature(geometry={"type": "Polygon", "coordinates": [[[23.3, 42.69], [23.31]]]})),
            ["feature #0 (68134-01)", "malformed Polygon"],
        ),
    ],
)
def test_bad_files_are_refused_with_a_helpful_message(data: object, fragments: list[str]) -> None:
    with pytest.raises(DistrictFileError) as info:
        parse_district_geojson(copy.deepcopy(data))  # type: ignore[arg-type]
    for fragment in fragments:
        assert fragment in str(info.value)


def test_self_intersecting_polygon_is_repaired() -> None:
    # A bow-tie: invalid, but make_valid turns it into two triangles.
    bowtie = [[23.30, 42.69], [23.31, 42.70], [23.31, 42.69], [23.30, 42.70], [23.30, 42.69]]
    [record] = parse_district_geojson(
        _collection(_feature(geometry={"type": "Polygon", "coordinates": [bowtie]}))
    )
    assert record.geometry.is_valid
    assert record.geometry.area > 0
    assert DistrictIndex([record]).locate(42.695, 23.3012).code == "68134-01"


# --------------------------------------------------------------------------------------------------------
# Demo districts


@pytest.fixture(scope="module")
def demo_geojson() -> dict:
    return demo_district_geojson()


def test_demo_points_csv_matches_the_readme() -> None:
    points = load_demo_district_points()
    assert [(p.nsi_code, p.name_bg, p.lat, p.lon) for p in points] == README_POINTS
    assert [p.district_no for p in points] == list(range(1, 25))
    assert points[0].name_en == "Sredets" and points[23].name_en == "Bankya"


def test_demo_points_csv_names_match_the_official_file(official_records: list[DistrictRecord]) -> None:
    official = {r.code: (r.number, r.name_bg, r.name_en) for r in official_records}
    for p in load_demo_district_points():
        assert official[p.nsi_code] == (p.district_no, p.name_bg, p.name_en)


def test_demo_districts_are_a_valid_district_file(demo_geojson: dict) -> None:
    assert len(demo_geojson["features"]) == 24
    assert all(f["properties"]["demo"] is True for f in demo_geojson["features"])
    records = parse_district_geojson(demo_geojson)
    assert [r.code for r in records] == [f"68134-{n:02d}" for n in range(1, 25)]
    assert all(r.geometry.is_valid for r in records)
    # Plain JSON, so that it can be served or written out as is.
    assert json.loads(json.dumps(demo_geojson)) == demo_geojson


def test_each_demo_point_is_in_its_own_demo_district(demo_geojson: dict) -> None:
    index = DistrictIndex(parse_district_geojson(demo_geojson))
    for code, _name, lat, lon in README_POINTS:
        assert index.locate(lat, lon) == DistrictMatch(code, "inside", 0.0)
    assert index.locate(*PLOVDIV).outside_sofia


def test_demo_districts_tile_the_outline(demo_geojson: dict) -> None:
    projection = LocalProjection(42.68, 23.33)
    records = parse_district_geojson(demo_geojson)
    cells = [projection.forward(r.geometry) for r in records]
    outline = projection.forward(Polygon(SOFIA_OUTLINE_LONLAT))
    union = shapely.union_all(cells)

    for _code, _name, lat, lon in README_POINTS:
        point = Point(projection.xy(lat, lon))
        assert union.contains(point)
        assert outline.exterior.distance(point) > 1_000  # the outline holds every point with a margin

    overlap_m2 = sum(a.intersection(b).area for a, b in itertools.combinations(cells, 2))
    assert overlap_m2 < 1.0
    assert union.area == pytest.approx(outline.area, rel=1e-6)
    assert 1_200e6 < outline.area < 1_500e6  # Sofia municipality is 1,342 km²
