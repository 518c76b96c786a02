"""The map page: folium builds it (Sofia, the districts overlay, an empty marker-cluster layer for the cases,
a layer for crews), every script and style sheet points at a local file, and ``map.js`` takes it from there.

The page is written to a file and loaded with ``QWebEngineView.load`` (``setHtml`` silently shows a blank
page above 2 MB). Markers are never part of the HTML: they arrive through the QWebChannel bridge.
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import folium
from branca.element import CssLink, JavascriptLink, MacroElement
from folium.plugins import MarkerCluster
from folium.template import Template

from dispatcher.settings import ConsoleSettings
from ui.map.assets import QWEBCHANNEL_JS, MapAssets
from ui.map.feed import SLA_CODES

SOFIA_CENTER = (42.6977, 23.3219)
START_ZOOM = 12
MIN_ZOOM = 10  # the whole municipality fits at 10
MAX_ZOOM = 19
TILES_ENV = "CALLSOFIA_MAP_TILES"  # "none" or a tile URL template: overrides the setting (CI, offline)

CLUSTER_OPTIONS = {
    # 100k markers are added in slices of ~300 ms with a short breath between them: the page stays
    # responsive while loading, and the pauses add little (50 ms after every 200 ms cost ~20 % more).
    "chunkedLoading": True,
    "chunkInterval": 300,
    "chunkDelay": 10,
    "showCoverageOnHover": False,
    "maxClusterRadius": 50,
    # Every zoom level with clusters costs time per marker added: from MIN_ZOOM (all of Sofia) to 16.
    "disableClusteringAtZoom": 17,
    "spiderfyOnMaxZoom": True,
    "removeOutsideVisibleBounds": True,
}
DISTRICT_STYLE = {
    "color": "#3949ab",
    "weight": 1.5,
    "opacity": 0.8,
    "fillColor": "#5c6bc0",
    "fillOpacity": 0.05,
}


@dataclass(frozen=True)
class TileSource:
    """Where background tiles come from; ``url == ""`` means none (a plain background)."""

    url: str
    attribution: str

    @property
    def origin(self) -> str | None:
        """scheme://host[:port] of the tile server (the only remote origin the page may reach)."""
        if not self.url:
            return None
        parts = urlsplit(self.url.replace("{s}", "a"))
        return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") else None


def tile_source(settings: ConsoleSettings) -> TileSource:
    """The configured tiles; ``$CALLSOFIA_MAP_TILES`` (``none`` or a URL template) overrides the setting."""
    override = os.environ.get(TILES_ENV)
    if override is not None:
        url = "" if override.strip().lower() in ("", "none", "off") else override.strip()
        return TileSource(url, settings.map_tile_attribution if url == settings.map_tile_url else "")
    return TileSource(settings.map_tile_url.strip(), settings.map_tile_attribution.strip())


class _Start(MacroElement):
    """The last script of the page: hands folium's map and layers to map.js."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            window.callsofia = CallSofiaMap.start(
                {{ this.fmap.get_name() }}, {{ this.cases.get_name() }}, {{ this.crews.get_name() }},
                {{ this.districts_name }}, {{ this.tiles_name }}, {{ this.options|tojson }}
            );
        {% endmacro %}
        """
    )

    def __init__(
        self,
        fmap: folium.Map,
        cases: MarkerCluster,
        crews: folium.FeatureGroup,
        districts: folium.GeoJson | None,
        tiles: folium.TileLayer | None,
        options: dict[str, Any],
    ) -> None:
        super().__init__()
        self._name = "CallSofiaStart"
        self.fmap, self.cases, self.crews = fmap, cases, crews
        self.districts_name = districts.get_name() if districts is not None else "null"
        self.tiles_name = tiles.get_name() if tiles is not None else "null"
        self.options = options


def _districts_layer(geojson: dict[str, Any], name: str) -> folium.GeoJson | None:
    """The district boundaries (names escaped: they are shown as text, never as markup)."""
    features = [f for f in geojson.get("features") or () if isinstance(f, dict) and f.get("geometry")]
    if not features:
        return None
    cleaned = []
    for feature in features:
        props = feature.get("properties") or {}
        cleaned.append(
            {
                "type": "Feature",
                "geometry": feature["geometry"],
                "properties": {
                    "code": html.escape(str(props.get("code") or props.get("nsi_code") or "")),
                    "name_bg": html.escape(str(props.get("name_bg") or "")),
                    "name_en": html.escape(str(props.get("name_en") or "")),
                },
            }
        )
    return folium.GeoJson(
        {"type": "FeatureCollection", "features": cleaned},
        name=name,
        style_function=lambda _feature: DISTRICT_STYLE,
        interactive=False,  # clicks go to the map (and to pick mode), not to the polygons
        smooth_factor=1.0,
    )


def build_page(
    assets: MapAssets,
    tiles: TileSource,
    districts: dict[str, Any] | None,
    texts: dict[str, Any],
    status_codes: tuple[str, ...],
) -> str:
    """The complete HTML of the map page. ``texts`` are the translated labels map.js shows;
    ``status_codes`` the case statuses in the order the feed's patches index them."""
    fmap = folium.Map(
        location=SOFIA_CENTER,
        zoom_start=START_ZOOM,
        tiles=None,
        prefer_canvas=True,  # circle markers on one canvas: cheap at 100k
        maxZoom=MAX_ZOOM,  # without tiles, markercluster needs the map's own maxZoom
        minZoom=MIN_ZOOM,
    )
    # Local files only, set on the instances (never .append() to folium's class-level lists of CDN URLs).
    fmap.default_js = [("leaflet", assets.leaflet_js)]
    fmap.default_css = [("leaflet_css", assets.leaflet_css)]
    tile_layer = None
    if tiles.url:
        tile_layer = folium.TileLayer(
            tiles=tiles.url,
            attr=html.escape(tiles.attribution or tiles.origin or "tiles"),
            name=texts["tiles"],
            max_zoom=MAX_ZOOM,
            control=False,
        )
        tile_layer.add_to(fmap)
    district_layer = _districts_layer(districts or {}, texts["districts"])
    if district_layer is not None:
        district_layer.add_to(fmap)
    cases = MarkerCluster(name=texts["cases"], options=CLUSTER_OPTIONS)
    cases.default_js = [("markerclusterjs", assets.markercluster_js)]
    cases.default_css = [
        ("markerclustercss", assets.markercluster_css[0]),
        ("markerclusterdefaultcss", assets.markercluster_css[1]),
    ]
    cases.add_to(fmap)
    crews = folium.FeatureGroup(name=texts["crews"])
    crews.add_to(fmap)
    folium.LayerControl(collapsed=True).add_to(fmap)
    options = {
        "texts": texts,
        "center": SOFIA_CENTER,
        "maxZoom": MAX_ZOOM,
        "sla_codes": SLA_CODES,
        "status_codes": status_codes,
    }
    _Start(fmap, cases, crews, district_layer, tile_layer, options).add_to(fmap)

    header = fmap.get_root().header
    header.add_child(JavascriptLink(QWEBCHANNEL_JS), name="qwebchannel")
    header.add_child(JavascriptLink(assets.map_js), name="callsofia_map_js")
    header.add_child(CssLink(assets.map_css), name="callsofia_map_css")
    return fmap.get_root().render()
