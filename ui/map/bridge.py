"""The one object the map page sees: ``MapBridge`` on a QWebChannel, JSON in and out.

Python → page: two signals carrying JSON (``patch``: markers to add, update or remove, batched; ``command``:
select, pick mode, crews). Page → Python: slots, turned into Qt signals for the widget. No properties: the
channel would send them on every connection.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger(__name__)


class MapBridge(QObject):
    # --- to the page -------------------------------------------------------------------------------------
    patch = Signal(str)
    """JSON ``{"seq": n, "upsert": [[id, lat, lon, sla, status], …], "remove": [id, …]}`` for the page."""
    command = Signal(str)
    """JSON ``{"op": "select" | "pick" | "crews", …}`` for the page."""

    # --- from the page (Python side) -----------------------------------------------------------------------
    page_ready_changed = Signal(bool)
    """The page connected to the channel (True) — send it everything — or went away (False)."""
    patch_applied_to_page = Signal(int, int)
    """The page applied patch ``seq`` (markers added to the clusters too); it now holds ``count`` markers."""
    case_clicked = Signal(int)
    """A case marker was clicked (its id)."""
    location_picked = Signal(float, float)
    """In pick mode, the map was clicked here (lat, lon)."""
    pick_cancelled = Signal()
    """Pick mode ended without a point (Esc in the page)."""
    tiles_unreachable = Signal(str)
    """A background tile could not be loaded (the first failure only)."""

    def __init__(
        self, case_info: Callable[[int], dict[str, Any] | None], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._case_info = case_info
        self.ready = False

    def send_patch(self, patch: dict[str, Any]) -> None:
        self.patch.emit(json.dumps(patch, ensure_ascii=False, separators=(",", ":")))

    def send_command(self, op: str, **values: Any) -> None:
        self.command.emit(json.dumps({"op": op, **values}, ensure_ascii=False, separators=(",", ":")))

    def reset(self) -> None:
        """The page is gone (reloading after a crash, or closing): nothing it had counts any more."""
        if self.ready:
            self.ready = False
            self.page_ready_changed.emit(False)

    # --- slots the page calls -------------------------------------------------------------------------

    @Slot()
    def page_ready(self) -> None:
        self.ready = True
        self.page_ready_changed.emit(True)

    @Slot(int, int)
    def patch_applied(self, seq: int, count: int) -> None:
        self.patch_applied_to_page.emit(seq, count)

    @Slot(int)
    def marker_clicked(self, case_id: int) -> None:
        self.case_clicked.emit(case_id)

    @Slot(float, float)
    def location_picked_at(self, lat: float, lon: float) -> None:
        self.location_picked.emit(lat, lon)

    @Slot()
    def pick_cancelled_in_page(self) -> None:
        self.pick_cancelled.emit()

    @Slot(str)
    def tiles_failed(self, url: str) -> None:
        self.tiles_unreachable.emit(url)

    @Slot(int, result=str)
    def case_info(self, case_id: int) -> str:
        """Text for a marker's tooltip or popup, as JSON (the page puts each value in with textContent)."""
        try:
            info = self._case_info(case_id)
        except Exception:
            log.exception("map: no text for case %s", case_id)
            return ""
        return json.dumps(info, ensure_ascii=False) if info is not None else ""
