"""Coarse stand-in districts for the demo, when no official district file has been imported.

Each district is the Voronoi cell of one point known to lie inside it, clipped to a hand-made outline of
the municipality. The result tiles the outline, puts each demo point in its own district and is good for
a demo map and for routing demo reports; it is NOT the real boundary (near borders it is often wrong).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from importlib import resources

import shapely
from shapely.geometry import MultiPoint, Polygon

from central.geo.districts import LocalProjection, _geojson_geometry, _polygonal_part

# Coarse outline of Stolichna municipality (lon, lat), drawn by hand around the real boundary: it only
# has to contain all 24 demo points with a margin and look roughly like Sofia on a map.
SOFIA_OUTLINE_LONLAT: tuple[tuple[float, float], ...] = (
    (23.13, 42.58),
    (23.16, 42.64),
    (23.04, 42.70),
    (23.18, 42.76),
    (23.26, 42.87),
    (23.37, 42.84),
    (23.47, 42.86),
    (23.57, 42.83),
    (23.66, 42.82),
    (23.59, 42.71),
    (23.50, 42.67),
    (23.56, 42.60),
    (23.60, 42.47),
    (23.52, 42.44),
    (23.42, 42.47),
    (23.28, 42.55),
)

_POINTS_RESOURCE = ("seed", "data", "demo_district_points.csv")


@dataclass(frozen=True)
class DemoDistrictPoint:
    nsi_code: str
    district_no: int
    name_bg: str
    name_en: str
    lat: float
    lon: float


def load_demo_district_points() -> list[DemoDistrictPoint]:
    """The 24 districts with one point inside each, from the packaged CSV."""
    resource = resources.files("central").joinpath(*_POINTS_RESOURCE)
    text = resource.read_text(encoding="utf-8")
    points = [
        DemoDistrictPoint(
            nsi_code=row["nsi_code"],
            district_no=int(row["district_no"]),
            name_bg=row["name_bg"],
            name_en=row["name_en"],
            lat=float(row["lat"]),
            lon=float(row["lon"]),
        )
        for row in csv.DictReader(io.StringIO(text))
    ]
    if len({p.nsi_code for p in points}) != len(points):
        raise ValueError("demo_district_points.csv: duplicate nsi_code")
    return points


def demo_district_geojson() -> dict:
    """A FeatureCollection of coarse demo districts, accepted by ``parse_district_geojson``.

    Properties: nsi_code, district_no, name_bg, name_en and ``demo: true`` (so that nobody mistakes them
    for the official boundaries).
    """
    points = load_demo_district_points()
    outline_lonlat = Polygon(SOFIA_OUTLINE_LONLAT)

    # Voronoi in metres, not degrees: a degree of longitude is only ~0.73 of a degree of latitude here,
    # and cells drawn in degrees would be visibly skewed east-west.
    projection = LocalProjection(42.68, 23.33)
    outline = projection.forward(outline_lonlat)
    seeds = [projection.xy(p.lat, p.lon) for p in points]
    cells = shapely.get_parts(shapely.voronoi_polygons(MultiPoint(seeds), extend_to=outline))

    features = []
    for point, (x, y) in zip(points, seeds, strict=True):
        # Pair cells with their seed by containment: the output order of voronoi_polygons is not the
        # input order on every GEOS version.
        holding = [cell for cell in cells if shapely.contains_xy(cell, x, y)]
        if len(holding) != 1:
            raise RuntimeError(f"demo districts: no Voronoi cell for {point.nsi_code}")
        district = _polygonal_part(shapely.intersection(holding[0], outline))
        if district is None:
            raise RuntimeError(f"demo districts: {point.nsi_code} lies outside the outline")
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "nsi_code": point.nsi_code,
                    "district_no": point.district_no,
                    "name_bg": point.name_bg,
                    "name_en": point.name_en,
                    "demo": True,
                },
                "geometry": _geojson_geometry(projection.inverse(district)),
            }
        )
    return {"type": "FeatureCollection", "name": "sofia_districts_demo", "features": features}
