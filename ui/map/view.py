"""The map dock's widget: a QWebEngineView showing the folium page, kept live through :class:`MapBridge`.

API for the rest of the console:

* ``case_clicked(int)`` — a case marker was clicked; ``select_case(id)`` highlights a case and pans to it.
* ``begin_pick()`` / ``cancel_pick()`` / ``picking`` — pick mode for the intake panel: crosshair cursor, the
  next click emits ``location_picked(lat, lon)`` once; Esc (or ``cancel_pick()``) emits ``pick_cancelled``.
* ``set_crews(list[CrewMarker])`` — the crews layer (status colour, stale positions faded and dashed).
* ``start(client)`` — fetch the districts and load the page (the markers then follow the queue model).

The page may load local files, Qt's resources and the configured tile server, nothing else
(:class:`RequestGuard`); it can never navigate away from the map (:class:`MapPage`); its console messages go
to the application log.
"""

from __future__ import annotations

import asyncio
import json
import logging
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import (
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineSettings,
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
)
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QDockWidget, QLabel, QStackedLayout, QWidget
from shiboken6 import Shiboken

from dispatcher.client import CentralClient
from dispatcher.errors import ApiError
from dispatcher.store import Store
from ui.async_tools import spawn
from ui.labels import sla_state_label
from ui.map.assets import MapAssets, MapAssetsMissing, find_assets
from ui.map.bridge import MapBridge
from ui.map.crews import CrewMarker
from ui.map.feed import CaseFeed
from ui.map.page import TileSource, build_page, tile_source
from ui.queue.model import QueueModel
from ui.settings_store import load_settings

log = logging.getLogger(__name__)
page_log = logging.getLogger("ui.map.page")

_CONSOLE_LEVEL = {
    QWebEnginePage.JavaScriptConsoleMessageLevel.InfoMessageLevel: logging.INFO,
    QWebEnginePage.JavaScriptConsoleMessageLevel.WarningMessageLevel: logging.WARNING,
    QWebEnginePage.JavaScriptConsoleMessageLevel.ErrorMessageLevel: logging.ERROR,
}
USER_AGENT = "CallSofiaDispatcher/0.1 (Sofia Municipality contact centre console)"


class RequestGuard(QWebEngineUrlRequestInterceptor):
    """Lets the page load local files, Qt resources and tiles from the configured server; blocks the rest
    (no CDN, no tracking pixel in a citizen's text — that is escaped anyway — no surprise at all)."""

    LOCAL = frozenset({"file", "qrc", "data", "blob"})

    def __init__(self, tile_origin: str | None, parent: QWebEnginePage) -> None:
        super().__init__(parent)
        self._tile_origin = tile_origin
        self.blocked: list[str] = []
        self.tile_requests = 0

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:
        url = info.requestUrl()
        if url.scheme() in self.LOCAL:
            return
        origin = f"{url.scheme()}://{url.authority()}"
        if self._tile_origin is not None and origin == self._tile_origin:
            self.tile_requests += 1
            info.setHttpHeader(b"User-Agent", USER_AGENT.encode())
            return
        info.block(True)
        if len(self.blocked) < 100:
            self.blocked.append(url.toString())
            log.warning("map: blocked a request to %s", url.toString())


class MapPage(QWebEnginePage):
    """The page's console goes to the log; it never leaves the map page nor opens windows."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(QWebEngineProfile.defaultProfile(), parent)
        self.map_url: QUrl | None = None
        self.blocked_navigations: list[str] = []

    def javaScriptConsoleMessage(
        self, level: QWebEnginePage.JavaScriptConsoleMessageLevel, message: str, line: int, source: str
    ) -> None:
        page_log.log(_CONSOLE_LEVEL.get(level, logging.INFO), "%s (%s:%d)", message, source, line)

    def acceptNavigationRequest(
        self, url: QUrl | str, kind: QWebEnginePage.NavigationType, is_main_frame: bool
    ) -> bool:
        target = QUrl(url)
        if (
            is_main_frame
            and self.map_url is not None
            and target.isLocalFile()
            and target.toLocalFile() == self.map_url.toLocalFile()
        ):
            return True
        self.blocked_navigations.append(target.toString())
        log.warning("map: blocked navigation to %s", target.toString())
        return False

    def createWindow(self, _kind: QWebEnginePage.WebWindowType) -> QWebEnginePage | None:
        return None  # target=_blank links and window.open() go nowhere


class MapView(QWidget):
    case_clicked = Signal(int)
    """A case marker was clicked (its id): select it in the queue and open it."""
    location_picked = Signal(float, float)
    """Pick mode: the map was clicked at (lat, lon). Fires once per ``begin_pick()``."""
    pick_cancelled = Signal()
    """Pick mode ended without a location (Esc, or ``cancel_pick()``)."""
    ready = Signal()
    """The page is loaded and connected; the markers of the queue's view are on their way."""
    markers_applied = Signal(int, int)
    """The page applied patch ``seq`` and now holds ``count`` markers (for tests and benchmarks)."""

    def __init__(
        self,
        store: Store,
        model: QueueModel,
        parent: QWidget | None = None,
        *,
        tiles: TileSource | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("map")
        self._tiles = tiles if tiles is not None else tile_source(load_settings())
        self._folder = tempfile.TemporaryDirectory(prefix="callsofia-map-")
        self._page_file = Path(self._folder.name) / "map.html"
        self._picking = False
        self._selected: int | None = None
        self._crews: list[dict[str, object]] = []
        self._applied_seq = 0

        self.bridge = MapBridge(self._case_info, self)
        self.feed = CaseFeed(store, model, self.bridge, self)
        self.view = QWebEngineView(self)
        self.view.setAccessibleName(self.tr("Map of cases and crews"))
        self.page = MapPage(self.view)
        self.guard = RequestGuard(self._tiles.origin, self.page)
        self.page.setUrlRequestInterceptor(self.guard)
        settings = self.page.settings()
        # A file:// page may load remote tiles only with this; the guard lets through the tile server only.
        settings.setAttribute(
            QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, self._tiles.origin is not None
        )
        settings.setAttribute(QWebEngineSettings.WebAttribute.JavascriptCanOpenWindows, False)
        self.channel = QWebChannel(self.page)
        self.channel.registerObject("bridge", self.bridge)
        self.page.setWebChannel(self.channel)
        self.view.setPage(self.page)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.notice.setMargin(16)
        self._stack = QStackedLayout(self)
        self._stack.addWidget(self.view)
        self._stack.addWidget(self.notice)

        # Esc while the map has the focus (begin_pick() gives it the focus); the page also listens for it.
        self._escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.cancel_pick)
        self._escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._escape.setEnabled(False)

        self.bridge.page_ready_changed.connect(self._on_page_ready)
        self.bridge.patch_applied_to_page.connect(self._on_patch_applied)
        self.bridge.case_clicked.connect(self._on_marker_clicked)
        self.bridge.location_picked.connect(self._on_location_picked)
        self.bridge.pick_cancelled.connect(self._on_pick_cancelled_in_page)
        self.bridge.tiles_unreachable.connect(self._on_tiles_unreachable)
        self.page.renderProcessTerminated.connect(self._on_render_process_gone)

    # --- loading --------------------------------------------------------------------------------------------

    @property
    def is_ready(self) -> bool:
        return self.bridge.ready

    @property
    def tiles(self) -> TileSource:
        return self._tiles

    def start(self, client: CentralClient) -> None:
        """Fetch the districts and load the page, in the background."""
        spawn(self.load(client))

    async def load(self, client: CentralClient | None) -> bool:
        """Build and load the page; False (with a notice in the dock) if Leaflet is not installed."""
        try:
            assets = find_assets()
        except MapAssetsMissing as error:
            log.warning("map: %s", error)  # the console works without its map; the dock says why
            self.notice.setText(self.tr("The map is not available: %1").replace("%1", str(error)))
            self._stack.setCurrentWidget(self.notice)
            return False
        districts = None
        if client is not None:
            try:
                districts = await client.districts_geojson()
            except ApiError as error:
                log.warning("map: no district boundaries (%s); showing the map without them", error)
            if not Shiboken.isValid(self):
                return False  # the window closed while the districts were on their way
        self.load_page(assets, districts)
        return True

    def load_page(self, assets: MapAssets, districts: dict[str, Any] | None) -> None:
        self._page_file.write_text(
            build_page(assets, self._tiles, districts, self._texts(), self.feed.status_codes), "utf-8"
        )
        url = QUrl.fromLocalFile(str(self._page_file))
        self.page.map_url = url
        self.bridge.reset()
        self.view.load(url)  # never setHtml(): a page over 2 MB would silently stay blank

    def _texts(self) -> dict[str, Any]:
        return {
            "cases": self.tr("Cases"),
            "crews": self.tr("Crews"),
            "districts": self.tr("Districts"),
            "tiles": self.tr("Map tiles"),
            "pick_hint": self.tr("Click the map to set the location — Esc cancels"),
            "legend": [[code, sla_state_label(code)] for code in ("ok", "due_soon", "overdue", "paused")],
        }

    @property
    def up_to_date(self) -> bool:
        """The page is connected, nothing waits to be sent and the page applied every patch."""
        return self.bridge.ready and not self.feed.pending and self._applied_seq >= self.feed.last_seq

    async def wait_up_to_date(self, timeout: float = 10.0) -> bool:
        """Until the page shows every marker sent so far (or ``timeout``): for ``--screenshot`` and tests."""
        deadline = asyncio.get_running_loop().time() + timeout
        while not self.up_to_date:
            if asyncio.get_running_loop().time() > deadline:
                return False
            await asyncio.sleep(0.02)
        return True

    def _on_patch_applied(self, seq: int, count: int) -> None:
        self._applied_seq = max(self._applied_seq, seq)
        self.markers_applied.emit(seq, count)

    def _on_page_ready(self, ready: bool) -> None:
        if not ready:
            return
        # Whatever the page was told before it (re)connected: tell it again.
        if self._crews:
            self.bridge.send_command("crews", crews=self._crews)
        if self._selected is not None:
            self.bridge.send_command("select", id=self._selected, pan=True)
        if self._picking:
            self.bridge.send_command("pick", on=True)
        self.ready.emit()

    def _on_render_process_gone(self, *_args: object) -> None:
        log.warning("map: the page's renderer process ended; reloading the map")
        self.bridge.reset()
        if self.page.map_url is not None:
            self.view.load(self.page.map_url)

    def _on_tiles_unreachable(self, url: str) -> None:
        log.warning("map: tiles unreachable (%s); showing districts and markers on a plain background", url)

    def _case_info(self, case_id: int) -> dict[str, Any] | None:
        return self.feed.case_info(case_id)

    # --- selection ------------------------------------------------------------------------------------------

    def select_case(self, case_id: int | None) -> None:
        """Highlight the case's marker and pan to it (the queue's selection)."""
        self._selected = case_id
        if self.bridge.ready:
            self.feed.flush()  # a case selected right after it arrived: its marker first
            self.bridge.send_command("select", id=case_id, pan=True)

    def _on_marker_clicked(self, case_id: int) -> None:
        self.case_clicked.emit(case_id)

    # --- pick mode (the intake panel's "pick on map") -------------------------------------------------------

    @property
    def picking(self) -> bool:
        return self._picking

    def begin_pick(self) -> None:
        """Crosshair cursor; the next click on the map emits ``location_picked(lat, lon)``; Esc cancels."""
        self._picking = True
        self._escape.setEnabled(True)
        dock = self._dock()
        if dock is not None:
            dock.show()
            dock.raise_()
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.bridge.ready:
            self.bridge.send_command("pick", on=True)

    def cancel_pick(self) -> None:
        """Leave pick mode without a location (emits ``pick_cancelled`` if it was picking)."""
        if not self._picking:
            return
        self._end_pick()
        if self.bridge.ready:
            self.bridge.send_command("pick", on=False)
        self.pick_cancelled.emit()

    def _end_pick(self) -> None:
        self._picking = False
        self._escape.setEnabled(False)

    def _on_location_picked(self, lat: float, lon: float) -> None:
        if not self._picking:
            return
        self._end_pick()
        self.location_picked.emit(lat, lon)

    def _on_pick_cancelled_in_page(self) -> None:
        if self._picking:
            self._end_pick()
            self.pick_cancelled.emit()

    def _dock(self) -> QDockWidget | None:
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QDockWidget):
            parent = parent.parentWidget()
        return parent

    # --- crews ----------------------------------------------------------------------------------------------

    def set_crews(self, crews: Iterable[CrewMarker]) -> None:
        """Show these crews (replacing the previous ones): status colour, stale positions marked."""
        self._crews = [crew.to_json() for crew in crews]
        if self.bridge.ready:
            self.bridge.send_command("crews", crews=self._crews)

    # --- scripting (tests, benchmarks) ----------------------------------------------------------------------

    async def evaluate(self, expression: str, timeout: float = 5.0) -> Any:
        """The value of a JavaScript expression in the page, through JSON (objects come back as dicts)."""
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()

        def done(result: object) -> None:  # on the GUI thread, from Qt's event loop
            if not future.done():
                future.set_result(result)

        script = f"(function () {{ return JSON.stringify({expression}); }})()"
        self.page.runJavaScript(script, 0, done)
        raw = await asyncio.wait_for(future, timeout)
        return json.loads(raw) if isinstance(raw, str) and raw else None
