"""Crews on the map: what the map needs to draw one crew, and when its position counts as stale.

Crews arrive with a later issue; :meth:`ui.map.view.MapView.set_crews` takes a list of :class:`CrewMarker`
so whatever feeds them (the crews API, events) only has to build these.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

STALE_AFTER = timedelta(minutes=10)  # a position older than this is drawn faded, with a dashed outline

CREW_STATUS = {
    "off_duty": QT_TRANSLATE_NOOP("Map", "Off duty"),
    "available": QT_TRANSLATE_NOOP("Map", "Available"),
    "en_route": QT_TRANSLATE_NOOP("Map", "En route"),
    "on_site": QT_TRANSLATE_NOOP("Map", "On site"),
}


def crew_status_label(code: str) -> str:
    source = CREW_STATUS.get(code)
    return QCoreApplication.translate("Map", source) if source else code


@dataclass(frozen=True, slots=True)
class CrewMarker:
    """One crew as the map shows it: status colour, last known position and when it was reported."""

    id: int
    name: str
    status: str  # off_duty, available, en_route, on_site
    lat: float
    lon: float
    position_at: datetime | None = None  # None: unknown age, counts as stale

    def is_stale(self, now: datetime, stale_after: timedelta = STALE_AFTER) -> bool:
        return self.position_at is None or now - self.position_at > stale_after

    def to_json(self, now: datetime | None = None, stale_after: timedelta = STALE_AFTER) -> dict[str, object]:
        """The crew for the page: plain values only (the page shows every text with textContent)."""
        now = now or datetime.now(UTC)
        stale = self.is_stale(now, stale_after)
        if self.position_at is None:
            age = QCoreApplication.translate("Map", "position time unknown")
        else:
            minutes = max(0, int((now - self.position_at).total_seconds() // 60))
            age = QCoreApplication.translate("Map", "position %n min old", "", minutes)
        return {
            "id": self.id,
            "name": self.name,
            "status": self.status,
            "status_label": crew_status_label(self.status),
            "lat": round(self.lat, 6),
            "lon": round(self.lon, 6),
            "stale": stale,
            "age": age,
        }
