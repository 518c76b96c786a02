"""The districts (райони) of Sofia municipality and point-in-district lookup.

A district file is a GeoJSON FeatureCollection of (Multi)Polygons in WGS84 lon/lat with the properties
``nsi_code`` ("68134-NN", the key), ``name_bg``, ``name_en`` and optionally ``district_no`` (1..24).
The municipality supplies the real file; :mod:`central.geo.demo_districts` builds a coarse stand-in.

Distances are in metres, computed in a local equirectangular projection (see :class:`LocalProjection`):
at the scale of one municipality this is good to well under 1 % and needs no projection library.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Point, Polygon, mapping, shape
from shapely.geometry.base import BaseGeometry

NSI_CODE_RE = re.compile(r"^\d{5}-\d{2}$")
DISTRICT_COUNT = 24  # Sofia's districts, fixed by the Law on the Territorial Division of the Capital

# WGS84 ellipsoid, for the local radii of curvature used by LocalProjection.
_WGS84_A = 6_378_137.0
_WGS84_E2 = 6.694_379_990_14e-3


@dataclass(frozen=True)
class DistrictRecord:
    code: str  # NSI code "68134-NN", the key
    number: int | None  # district_no 1..24 when present
    name_bg: str
    name_en: str
    geometry: BaseGeometry  # shapely (Multi)Polygon, lon/lat WGS84


class DistrictFileError(ValueError):
    """A district file that cannot be used; the message names the feature and the problem."""


# --------------------------------------------------------------------------------------------------------
# Parsing


def parse_district_geojson(data: dict) -> list[DistrictRecord]:
    """Validate a district FeatureCollection and turn it into records (in file order).

    Raises :class:`DistrictFileError` with a message meant for the person importing the file.
    """
    if not isinstance(data, dict):
        raise DistrictFileError(
            f"district file must be a GeoJSON FeatureCollection object, got a JSON {type(data).__name__}"
        )
    if data.get("type") != "FeatureCollection":
        raise DistrictFileError(
            f"district file must be a GeoJSON FeatureCollection, got type={data.get('type')!r}"
        )
    features = data.get("features")
    if not isinstance(features, list):
        raise DistrictFileError("district file has no 'features' list")
    if not features:
        raise DistrictFileError("district file has no features")

    records: list[DistrictRecord] = []
    seen_codes: dict[str, int] = {}
    seen_numbers: dict[int, int] = {}
    for index, feature in enumerate(features):
        record = _parse_feature(index, feature)
        if record.code in seen_codes:
            raise DistrictFileError(
                f"feature #{index}: duplicate nsi_code {record.code!r} (already used by feature "
                f"#{seen_codes[record.code]})"
            )
        seen_codes[record.code] = index
        if record.number is not None:
            if record.number in seen_numbers:
                raise DistrictFileError(
                    f"feature #{index} ({record.code}): duplicate district_no {record.number} "
                    f"(already used by feature #{seen_numbers[record.number]})"
                )
            seen_numbers[record.number] = index
        records.append(record)
    return records


def _parse_feature(index: int, feature: Any) -> DistrictRecord:
    where = f"feature #{index}"
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        raise DistrictFileError(f"{where}: not a GeoJSON Feature")
    props = feature.get("properties")
    if not isinstance(props, dict):
        raise DistrictFileError(f"{where}: has no properties")

    code = props.get("nsi_code")
    if code is None or (isinstance(code, str) and not code.strip()):
        raise DistrictFileError(f"{where}: missing nsi_code (expected e.g. '68134-01')")
    if not isinstance(code, str) or not NSI_CODE_RE.match(code.strip()):
        raise DistrictFileError(f"{where}: nsi_code {code!r} is not of the form '68134-NN'")
    code = code.strip()
    where = f"feature #{index} ({code})"

    names: dict[str, str] = {}
    for key in ("name_bg", "name_en"):
        value = props.get(key)
        if not isinstance(value, str) or not value.strip():
            raise DistrictFileError(f"{where}: missing {key}")
        names[key] = value.strip()

    number = _parse_district_no(where, props.get("district_no"))
    geometry = _parse_geometry(where, feature.get("geometry"))
    return DistrictRecord(
        code=code, number=number, name_bg=names["name_bg"], name_en=names["name_en"], geometry=geometry
    )


def _parse_district_no(where: str, value: Any) -> int | None:
    if value is None or value == "":
        return None
    # bool is an int in Python; a true/false district number is a broken file, not district 1.
    if isinstance(value, bool):
        raise DistrictFileError(f"{where}: district_no {value!r} is not a number")
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    elif isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or not 1 <= value <= DISTRICT_COUNT:
        raise DistrictFileError(f"{where}: district_no {value!r} is not a number from 1 to {DISTRICT_COUNT}")
    return value


def _parse_geometry(where: str, geojson: Any) -> BaseGeometry:
    if not isinstance(geojson, dict) or "type" not in geojson:
        raise DistrictFileError(f"{where}: missing geometry")
    if geojson["type"] not in ("Polygon", "MultiPolygon"):
        raise DistrictFileError(
            f"{where}: geometry is a {geojson['type']}, expected a Polygon or MultiPolygon"
        )
    try:
        geometry = shape(geojson)
    except Exception as exc:  # shapely raises several types for malformed coordinates
        raise DistrictFileError(f"{where}: malformed {geojson['type']} coordinates ({exc})") from exc
    if geometry.is_empty:
        raise DistrictFileError(f"{where}: geometry is empty")
    geometry = shapely.force_2d(geometry)

    # The commonest wrong file is one exported in a projected CRS (metres, e.g. BGS2005 / EPSG:7801).
    minx, miny, maxx, maxy = geometry.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise DistrictFileError(
            f"{where}: coordinates {geometry.bounds!r} are not WGS84 lon/lat; re-export the file as EPSG:4326"
        )

    if not geometry.is_valid:
        reason = shapely.is_valid_reason(geometry)
        repaired = _polygonal_part(shapely.make_valid(geometry))
        if repaired is None or repaired.area <= 0:
            raise DistrictFileError(f"{where}: invalid geometry that cannot be repaired ({reason})")
        geometry = repaired
    return geometry


def _polygonal_part(geometry: BaseGeometry) -> BaseGeometry | None:
    """The polygons of what make_valid returned (it may add stray lines or points)."""
    polygons: list[Polygon] = []
    for part in shapely.get_parts(geometry):
        if isinstance(part, Polygon):
            polygons.append(part)
        elif isinstance(part, MultiPolygon):
            polygons.extend(part.geoms)
        elif part.geom_type == "GeometryCollection":
            nested = _polygonal_part(part)
            if nested is not None:
                polygons.extend(shapely.get_parts(nested))
    polygons = [p for p in polygons if not p.is_empty and p.area > 0]
    if not polygons:
        return None
    return polygons[0] if len(polygons) == 1 else MultiPolygon(polygons)


# --------------------------------------------------------------------------------------------------------
# Projection


class LocalProjection:
    """Equirectangular projection to metres around an origin (lat0, lon0).

    x = (lon - lon0) * N * cos(lat0),  y = (lat - lat0) * M, with M and N the WGS84 radii of curvature at
    lat0 (per radian). The only real error is that cos(lat) is frozen at lat0: across Sofia municipality
    (lat 42.41..42.90, origin at its middle) east-west lengths are off by at most ~0.4 %, north-south by
    far less. Good enough for "within 25 m" decisions and for reporting distances.
    """

    def __init__(self, lat0: float, lon0: float) -> None:
        self.lat0 = lat0
        self.lon0 = lon0
        phi = math.radians(lat0)
        w = 1.0 - _WGS84_E2 * math.sin(phi) ** 2
        meridional = _WGS84_A * (1.0 - _WGS84_E2) / w**1.5
        normal = _WGS84_A / math.sqrt(w)
        self.m_per_deg_lat = math.radians(1.0) * meridional
        self.m_per_deg_lon = math.radians(1.0) * normal * math.cos(phi)

    def xy(self, lat: float, lon: float) -> tuple[float, float]:
        return (lon - self.lon0) * self.m_per_deg_lon, (lat - self.lat0) * self.m_per_deg_lat

    def forward(self, geometry: BaseGeometry) -> BaseGeometry:
        """lon/lat geometry -> metres."""
        scale = np.array([self.m_per_deg_lon, self.m_per_deg_lat])
        origin = np.array([self.lon0, self.lat0])
        return shapely.transform(geometry, lambda coords: (coords - origin) * scale)

    def inverse(self, geometry: BaseGeometry) -> BaseGeometry:
        """metres -> lon/lat geometry."""
        scale = np.array([self.m_per_deg_lon, self.m_per_deg_lat])
        origin = np.array([self.lon0, self.lat0])
        return shapely.transform(geometry, lambda coords: coords / scale + origin)


# --------------------------------------------------------------------------------------------------------
# Lookup


@dataclass(frozen=True)
class DistrictMatch:
    code: str | None  # None when outside Sofia
    method: Literal["inside", "nearest", "outside"]
    distance_m: float  # 0 when inside; distance to the chosen/nearest district otherwise

    @property
    def outside_sofia(self) -> bool:
        return self.method == "outside"


class DistrictIndex:
    """Point -> district lookup over a set of district polygons.

    The polygons are projected to metres once and prepared, so that a lookup is one STRtree bounding-box
    query plus a prepared point-in-polygon test on the (usually one or two) candidates.
    """

    # The official file has digitising slivers (gaps of a few m²) and citizens' GPS points on the
    # municipal border; both should land in the nearest district rather than "outside Sofia".
    SLIVER_TOLERANCE_M = 25.0

    def __init__(self, records: Sequence[DistrictRecord]) -> None:
        if not records:
            raise ValueError("DistrictIndex needs at least one district")
        codes = [r.code for r in records]
        if len(set(codes)) != len(codes):
            raise ValueError("DistrictIndex: duplicate district codes")
        self._records: tuple[DistrictRecord, ...] = tuple(records)
        self._by_code = {r.code: r for r in self._records}

        minx, miny, maxx, maxy = shapely.total_bounds([r.geometry for r in self._records])
        self._projection = LocalProjection((miny + maxy) / 2.0, (minx + maxx) / 2.0)
        self._geoms = np.array([self._projection.forward(r.geometry) for r in self._records], dtype=object)
        shapely.prepare(self._geoms)
        # Only needed to rank a point that lies in two overlapping polygons; computed once here.
        self._boundaries = shapely.boundary(self._geoms)
        self._tree = shapely.STRtree(self._geoms)

    @property
    def records(self) -> tuple[DistrictRecord, ...]:
        return self._records

    def get(self, code: str) -> DistrictRecord | None:
        return self._by_code.get(code)

    def locate(self, lat: float, lon: float) -> DistrictMatch:
        if not (math.isfinite(lat) and math.isfinite(lon)):
            raise ValueError(f"not a coordinate: lat={lat!r}, lon={lon!r}")
        x, y = self._projection.xy(lat, lon)
        point = Point(x, y)

        candidates = self._tree.query(point)  # bounding boxes only: cheap
        if len(candidates):
            # intersects (not contains) so that a point exactly on a boundary counts as inside.
            inside = candidates[shapely.intersects_xy(self._geoms[candidates], x, y)]
            if len(inside) == 1:
                return DistrictMatch(self._records[inside[0]].code, "inside", 0.0)
            if len(inside) > 1:
                return DistrictMatch(self._deepest(inside, point), "inside", 0.0)

        near = self._tree.query(point, predicate="dwithin", distance=self.SLIVER_TOLERANCE_M)
        if len(near):
            distances = shapely.distance(self._geoms[near], point)
            code, distance = min(
                ((self._records[i].code, float(d)) for i, d in zip(near, distances, strict=True)),
                key=lambda item: (item[1], item[0]),
            )
            return DistrictMatch(code, "nearest", distance)

        _, distances = self._tree.query_nearest(point, return_distance=True)
        return DistrictMatch(None, "outside", float(np.min(distances)))

    def _deepest(self, indices: np.ndarray, point: Point) -> str:
        """Of several districts holding the point (an overlap sliver or a shared boundary), the one whose
        boundary is farthest from it; ties (a point on the boundary itself) go to the smallest code."""
        depths = shapely.distance(self._boundaries[indices], point)
        best = min(
            ((-float(d), self._records[i].code) for i, d in zip(indices, depths, strict=True)),
        )
        return best[1]

    def to_geojson(self, simplify_tolerance_m: float | None = None) -> dict:
        """The districts as a lon/lat FeatureCollection for maps.

        With ``simplify_tolerance_m`` each district is simplified on its own (topology of the district
        kept, not of the tiling), so neighbours may show hairline gaps: fine for drawing, not for lookup.
        """
        features = []
        for record, projected in zip(self._records, self._geoms, strict=True):
            geometry = record.geometry
            if simplify_tolerance_m is not None and simplify_tolerance_m > 0:
                simplified = shapely.simplify(projected, simplify_tolerance_m, preserve_topology=True)
                geometry = self._projection.inverse(simplified)
            features.append(
                {
                    "type": "Feature",
                    "properties": {
                        "code": record.code,
                        # nsi_code and district_no too, so that the output is itself a valid district file.
                        "nsi_code": record.code,
                        "district_no": record.number,
                        "name_bg": record.name_bg,
                        "name_en": record.name_en,
                    },
                    "geometry": _geojson_geometry(geometry),
                }
            )
        return {"type": "FeatureCollection", "features": features}


def _geojson_geometry(geometry: BaseGeometry, decimals: int = 7) -> dict:
    """GeoJSON dict with list coordinates rounded to ~1 cm (7 decimals of a degree)."""

    def clean(value: Any) -> Any:
        if isinstance(value, (tuple, list)):
            if value and isinstance(value[0], (int, float)):
                return [round(float(c), decimals) for c in value]
            return [clean(v) for v in value]
        return value

    geo = mapping(geometry)
    return {"type": geo["type"], "coordinates": clean(geo["coordinates"])}
