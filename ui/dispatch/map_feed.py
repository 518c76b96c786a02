"""The map's crews layer, fed from the store's crew board: status colour, stale positions marked.

Crew events (a status, a position fix) only mark the layer dirty; one ``set_crews`` goes to the map per
``FLUSH_MS`` at most, and once a minute anyway, since a position goes stale with time alone.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from dispatcher.store import Store
from ui.map.crews import CrewMarker
from ui.map.view import MapView

FLUSH_MS = 200
RESTALE_MS = 60_000


def crew_markers(store: Store) -> list[CrewMarker]:
    """Every active crew with a known position."""
    return [
        CrewMarker(crew.id, crew.name, crew.status, crew.lat, crew.lon, crew.position_at)
        for crew in sorted(store.crews.values(), key=lambda c: (c.unit_code, c.name, c.id))
        if crew.active and crew.lat is not None and crew.lon is not None
    ]


class CrewMapFeed(QObject):
    def __init__(self, store: Store, map_view: MapView, parent: QObject | None = None) -> None:
        super().__init__(parent if parent is not None else map_view)
        self._store = store
        self._map = map_view
        self.sent = 0  # how many times the layer was sent (tests)
        self._flush = QTimer(self, singleShot=True, interval=FLUSH_MS)
        self._flush.timeout.connect(self.flush)
        self._restale = QTimer(self, interval=RESTALE_MS)
        self._restale.timeout.connect(self.flush)
        self._restale.start()
        store.add_crew_listener(lambda _ids: self._flush.start() if not self._flush.isActive() else None)
        self.flush()

    def flush(self) -> None:
        self._flush.stop()
        self._map.set_crews(crew_markers(self._store))
        self.sent += 1
