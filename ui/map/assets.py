"""Where the map's JavaScript comes from: Leaflet and Leaflet.markercluster from the npm registry, installed
by the set-up step (``scripts/bootstrap``: ``npm ci --ignore-scripts``, then copied into the gitignored
``resources/vendor/``), our own ``map.js`` beside this module, and ``qwebchannel.js`` from Qt's resources.
Nothing is fetched from a CDN at run time and no third-party JavaScript is committed."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QUrl

REPO_ROOT = Path(__file__).resolve().parents[2]
VENDOR_ENV = "CALLSOFIA_MAP_ASSETS"
DEFAULT_VENDOR_DIR = REPO_ROOT / "resources" / "vendor"
QWEBCHANNEL_JS = "qrc:///qtwebchannel/qwebchannel.js"
MAP_JS = Path(__file__).resolve().with_name("map.js")
MAP_CSS = Path(__file__).resolve().with_name("map.css")

# Relative to the vendor folder: exactly what scripts/bootstrap copies there.
REQUIRED = (
    "leaflet/leaflet.js",
    "leaflet/leaflet.css",
    "leaflet.markercluster/leaflet.markercluster.js",
    "leaflet.markercluster/MarkerCluster.css",
    "leaflet.markercluster/MarkerCluster.Default.css",
)


class MapAssetsMissing(RuntimeError):
    """Leaflet is not installed where the console looks for it (the set-up step did not run)."""


@dataclass(frozen=True)
class MapAssets:
    """file:// URLs of every script and style sheet the map page loads."""

    folder: Path

    def url(self, relative: str) -> str:
        return QUrl.fromLocalFile(str(self.folder / relative)).toString()

    @property
    def leaflet_js(self) -> str:
        return self.url("leaflet/leaflet.js")

    @property
    def leaflet_css(self) -> str:
        return self.url("leaflet/leaflet.css")

    @property
    def markercluster_js(self) -> str:
        return self.url("leaflet.markercluster/leaflet.markercluster.js")

    @property
    def markercluster_css(self) -> tuple[str, str]:
        return (
            self.url("leaflet.markercluster/MarkerCluster.css"),
            self.url("leaflet.markercluster/MarkerCluster.Default.css"),
        )

    @property
    def map_js(self) -> str:
        return QUrl.fromLocalFile(str(MAP_JS)).toString()

    @property
    def map_css(self) -> str:
        return QUrl.fromLocalFile(str(MAP_CSS)).toString()


def vendor_dir() -> Path:
    """``$CALLSOFIA_MAP_ASSETS`` (a packaged console points it at its own copy) or ``resources/vendor``."""
    configured = os.environ.get(VENDOR_ENV)
    return Path(configured) if configured else DEFAULT_VENDOR_DIR


def find_assets(folder: Path | None = None) -> MapAssets:
    """The installed assets, or :class:`MapAssetsMissing` saying what to run."""
    folder = folder or vendor_dir()
    missing = [name for name in REQUIRED if not (folder / name).is_file()]
    if missing:
        raise MapAssetsMissing(
            f"the map's JavaScript is not installed: {', '.join(missing)} not found in {folder}. "
            "Run scripts/bootstrap (it runs `npm ci --ignore-scripts` and copies Leaflet into "
            f"resources/vendor/), or point ${VENDOR_ENV} at a folder holding these files."
        )
    return MapAssets(folder)
