"""The console's own settings, declared once and typed. The UI persists them (QSettings lives in ``ui/``);
``SETTINGS_VERSION`` lets it migrate what older versions saved."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

# The map's default background: OpenStreetMap's standard tiles (their usage policy asks for this attribution).
OSM_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = "© OpenStreetMap contributors"


@dataclass
class ConsoleSettings:
    server_url: str | None = None  # None: run the embedded default
    language: str = "bg"  # "bg" or "en"
    last_username: str = ""
    remember_me: bool = False  # keep the login token in the system keyring
    # Map background tiles: a {z}/{x}/{y} URL template (e.g. a municipal tile server); "" for none (the map
    # then shows districts and markers on a plain background).
    map_tile_url: str = OSM_TILE_URL
    map_tile_attribution: str = OSM_ATTRIBUTION

    SETTINGS_VERSION: ClassVar[int] = 2
