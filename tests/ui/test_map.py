"""The live map in the whole console against the live server: it loads with no network, shows exactly the
queue's current view, follows other consoles without reloading, selects both ways, picks a point for the
intake panel, draws crews, never runs a citizen's text as markup and never leaves its page.

Each test shares one loaded page for many checks (a page costs ~1 s on two cores). Clicks are real mouse
events on the view's focus proxy, at the pixel the page itself reports for a marker or a point.
"""

from __future__ import annotations

import asyncio
import http.server
import logging
import socket
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest

from tests.dispatcher.helpers import new_case
from tests.ui.harness import Console, Consoles, next_signal, until
from ui.map.crews import CrewMarker
from ui.map.view import MapView

# Points in three districts (Младост, the centre, Люлин) and one just outside the centre.
MLADOST = (42.6475, 23.3817)
CENTRE = (42.6977, 23.3219)
LYULIN = (42.7160, 23.2560)
XSS_DESCRIPTION = (
    '<img src=x onerror="window.__xss_img = 1"><script>window.__xss_script = 1</script>'
    "<b id=xss-bold>bold?</b>"
)
XSS_ADDRESS = '<svg onload="window.__xss_svg = 1"></svg> ул. „Шипка“ 6'


async def ready_map(console: Console) -> MapView:
    view = console.window.map_view
    assert await view.wait_up_to_date(timeout=20), "the map did not load and draw its markers"
    return view


async def markers(view: MapView) -> int:
    return int(await view.evaluate("window.callsofia.markers.size"))


async def stats(view: MapView) -> dict[str, Any]:
    return await view.evaluate("window.callsofia.stats()")


async def eventually(check: Any, what: str, timeout: float = 5.0) -> None:
    """Like ``until`` for conditions that need the page (an awaitable check)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not await check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"{what} did not happen within {timeout} s")
        await asyncio.sleep(0.05)


async def show_unclustered(view: MapView, case_id: int) -> dict[str, Any]:
    """Zoom in on the case's marker until it stands alone; its pixel in the view."""
    point = await view.evaluate(f"window.callsofia.markerPoint({case_id})")
    assert point is not None, f"case {case_id} has no marker"
    await view.evaluate(
        f"!!window.callsofia.map.setView([{point['lat']}, {point['lng']}], 18, {{animate: false}})"
    )
    await eventually(
        lambda: _unclustered(view, case_id), f"the marker of case {case_id} standing alone", timeout=5
    )
    return await view.evaluate(f"window.callsofia.markerPoint({case_id})")


async def _unclustered(view: MapView, case_id: int) -> bool:
    point = await view.evaluate(f"window.callsofia.markerPoint({case_id})")
    return point is not None and not point["clustered"]


def click(view: MapView, x: float, y: float) -> None:
    target = view.view.focusProxy()
    assert target is not None, "the web view has no focus proxy yet (page not shown?)"
    QTest.mouseClick(
        target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(round(x), round(y))
    )


def hover(view: MapView, x: float, y: float) -> None:
    QTest.mouseMove(view.view.focusProxy(), QPoint(round(x), round(y)))


def located(console: Console) -> list[int]:
    """The cases of the queue's current view that have a location (the ones the map must show)."""
    cases = console.store.cases
    return [i for i in console.window.queue_model.visible_case_ids() if cases[i].lat is not None]


@pytest.fixture
def tile_server() -> Iterator[tuple[str, list[str]]]:
    """A tile server on loopback (the municipal one, as far as the map can tell): every tile is one PNG."""
    image = QImage(256, 256, QImage.Format.Format_RGB32)
    image.fill(QColor("#cfe3c8"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    png = bytes(data.data())
    requests: list[str] = []

    class Tiles(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(png)))
            self.end_headers()
            self.wfile.write(png)

        def log_message(self, *_args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Tiles)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{{z}}/{{x}}/{{y}}.png", requests
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def unreachable_tiles() -> Iterator[str]:
    """A tile server that is configured but down: a loopback port nobody listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))  # bound, never listening: connections are refused at once
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/{{z}}/{{x}}/{{y}}.png"


async def test_the_map_shows_the_queue_view_live_and_selects_both_ways(
    consoles: Consoles, unreachable_tiles: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CALLSOFIA_MAP_TILES", unreachable_tiles)
    async with consoles:
        other = await consoles.client("operator2")
        first, _ = await other.create_case(new_case("Дупка в Младост"))
        second, _ = await other.create_case(new_case("Паднал клон в центъра", lat=CENTRE[0], lon=CENTRE[1]))
        third, _ = await other.create_case(new_case("Кола на тротоара в Люлин", lat=LYULIN[0], lon=LYULIN[1]))
        nowhere, _ = await other.create_case(new_case("Без място", lat=None, lon=None, address="някъде"))
        console = await consoles.open("operator")
        window, model = console.window, console.window.queue_model
        view = await ready_map(console)

        # Loaded from a local file, with no request but to local files and the (unreachable) tile server.
        assert view.view.url().isLocalFile()
        assert view.guard.blocked == []
        # No tiles to be had: a plain background, and the rest works the same.
        await eventually(
            lambda: view.evaluate("window.callsofia.map.getContainer().classList.contains('cs-no-tiles')"),
            "the map falling back to a plain background",
        )
        assert (await stats(view))["districts"] == 24  # the overlay from the server's districts.geojson
        # map.js keeps each marker's projection; it must match Leaflet's own, at every zoom.
        same = await view.evaluate(
            "[10, 13, 16, 19].every(z => { var p = window.callsofia.map.project(L.latLng(42.7, 23.3), z),"
            " q = L.CRS.EPSG3857.latLngToPoint(L.latLng(42.7, 23.3), z);"
            " return Math.abs(p.x - q.x) < 1e-6 && Math.abs(p.y - q.y) < 1e-6; })"
        )
        assert same is True
        # The markers are the queue's view: every located case, not the one without a place.
        assert nowhere.id in model.visible_case_ids()
        assert await markers(view) == len(located(console)) == 3
        await view.evaluate("window.__same_page = 42")

        # The queue's filter is the map's filter.
        model.set_text_filter(second.tracking_number)
        assert model.visible_case_ids() == [second.id]
        await eventually(lambda: _count_is(view, 1), "the map following the filter")
        model.set_text_filter("")
        await eventually(lambda: _count_is(view, 3), "the map following the cleared filter")

        # A case filed by another console appears, then moves, without any reload.
        fourth, _ = await other.create_case(new_case("Тече вода", lat=42.6800, lon=23.3000))
        await eventually(lambda: _count_is(view, 4), "the new case on the map")
        moved = await other.patch_case(fourth.id, fourth.version, lat=42.6900, lon=23.3500)
        await eventually(
            lambda: _marker_at(view, fourth.id, (42.6900, 23.3500)), "the marker moved to the new place"
        )
        assert await view.evaluate("window.__same_page") == 42
        assert moved.version > fourth.version

        # Click on a marker: the case is selected in the queue and opened.
        point = await show_unclustered(view, third.id)
        clicked = next_signal(view.case_clicked)
        click(view, point["x"], point["y"])
        assert await asyncio.wait_for(clicked, 5) == (third.id,)
        assert window.queue.selected_case_id() == third.id
        case_view = window.case_view
        await until(
            lambda: case_view.case is not None and case_view.case.id == third.id, what="the case opening"
        )

        # Selecting in the queue highlights the marker and pans the map to it.
        assert window.queue.select_case(first.id)
        await eventually(lambda: _selected(view, first.id), "the highlight on the selected case")
        await eventually(
            lambda: _centred_on(view, MLADOST), "the map panning to the selected case", timeout=5
        )


async def _count_is(view: MapView, count: int) -> bool:
    return await markers(view) == count


async def _marker_at(view: MapView, case_id: int, where: tuple[float, float]) -> bool:
    point = await view.evaluate(f"window.callsofia.markerPoint({case_id})")
    return point is not None and abs(point["lat"] - where[0]) < 1e-6 and abs(point["lng"] - where[1]) < 1e-6


async def _selected(view: MapView, case_id: int) -> bool:
    state = await stats(view)
    return state["selected"] == case_id and state["highlighted"]


async def _centred_on(view: MapView, where: tuple[float, float]) -> bool:
    lat, lon = (await stats(view))["center"]
    return abs(lat - where[0]) < 1e-4 and abs(lon - where[1]) < 1e-4


async def test_pick_on_map_crews_citizen_text_and_a_page_that_never_leaves(
    consoles: Consoles, tile_server: tuple[str, list[str]], monkeypatch: pytest.MonkeyPatch, caplog
) -> None:  # type: ignore[no-untyped-def]
    tiles_url, tile_requests = tile_server
    monkeypatch.setenv("CALLSOFIA_MAP_TILES", tiles_url)  # a municipal tile server on loopback
    async with consoles:
        other = await consoles.client("operator2")
        payload, _ = await other.create_case(
            new_case(XSS_DESCRIPTION, lat=CENTRE[0], lon=CENTRE[1], address=XSS_ADDRESS)
        )
        console = await consoles.open("operator")
        view = await ready_map(console)
        await until(lambda: view.guard.tile_requests > 0, what="tiles requested from the tile server")
        await until(lambda: len(tile_requests) > 0, what="the tile server answering")
        assert view.guard.blocked == []

        # --- citizen text is shown as text, runs nothing ---------------------------------------------------
        point = await show_unclustered(view, payload.id)
        hover(view, point["x"] - 20, point["y"] - 20)
        await asyncio.sleep(0.1)  # Leaflet looks at the pointer at most every 32 ms
        hover(view, point["x"], point["y"])  # the tooltip, as the mouse passes over the marker
        await eventually(
            lambda: view.evaluate("!!document.querySelector('.cs-tooltip .cs-description')"), "the tooltip"
        )
        click(view, point["x"], point["y"])  # the popup, as an operator opens it
        await eventually(
            lambda: view.evaluate("!!document.querySelector('.cs-popup .cs-description')"), "the popup"
        )
        await asyncio.sleep(0.3)  # an onerror or onload would have fired by now
        shown = await view.evaluate(
            "[...document.querySelectorAll('.cs-description, .cs-address')].map(n => n.textContent)"
        )
        assert shown.count(XSS_DESCRIPTION) == 2 and shown.count(XSS_ADDRESS) == 2  # popup and tooltip
        ran = await view.evaluate(
            "[typeof window.__xss_img, typeof window.__xss_script, typeof window.__xss_svg]"
        )
        assert ran == ["undefined", "undefined", "undefined"]
        injected = await view.evaluate(
            "document.querySelectorAll('img[src=\"x\"], #xss-bold, .cs-card script, .cs-card svg').length"
        )
        assert injected == 0

        # --- pick mode: crosshair, one point, once; Esc and cancel_pick() cancel ----------------------------
        picked = next_signal(view.location_picked)
        view.begin_pick()
        assert view.picking
        await eventually(lambda: view.evaluate("window.callsofia.picking"), "pick mode in the page")
        cursor = await view.evaluate("getComputedStyle(window.callsofia.map.getContainer()).cursor")
        assert cursor == "crosshair"
        expected = await view.evaluate("window.callsofia.map.containerPointToLatLng([120, 90])")
        clicks = []
        view.case_clicked.connect(clicks.append)
        click(view, 120, 90)
        lat, lon = await asyncio.wait_for(picked, 5)
        assert abs(lat - expected["lat"]) < 1e-6 and abs(lon - expected["lng"]) < 1e-6
        assert not view.picking and not await view.evaluate("window.callsofia.picking")
        again: list[tuple[float, float]] = []
        view.location_picked.connect(lambda la, lo: again.append((la, lo)))
        click(view, 150, 110)  # only the first click after begin_pick() counts
        await asyncio.sleep(0.3)
        assert again == []

        # A click on a case marker while picking picks that point; it does not open the case.
        point = await view.evaluate(f"window.callsofia.markerPoint({payload.id})")
        picked = next_signal(view.location_picked)
        view.begin_pick()
        await eventually(lambda: view.evaluate("window.callsofia.picking"), "pick mode again")
        click(view, point["x"] + 2, point["y"])
        lat, lon = await asyncio.wait_for(picked, 5)
        assert abs(lat - CENTRE[0]) < 1e-4 and abs(lon - CENTRE[1]) < 1e-4
        assert clicks == []

        cancelled = next_signal(view.pick_cancelled)
        view.begin_pick()
        await eventually(lambda: view.evaluate("window.callsofia.picking"), "pick mode for Esc")
        QTest.keyClick(view.view.focusProxy(), Qt.Key.Key_Escape)
        await asyncio.wait_for(cancelled, 5)
        assert not view.picking
        await eventually(lambda: _not_picking(view), "the page leaving pick mode")

        cancelled = next_signal(view.pick_cancelled)
        console.window.intake.pick_on_map_requested.emit()  # the intake panel's "Pick on map"
        assert view.picking
        view.cancel_pick()
        await asyncio.wait_for(cancelled, 1)
        await eventually(lambda: _not_picking(view), "the page leaving pick mode after cancel_pick()")

        # --- crews: status colours, a stale position marked, names as text -------------------------------
        now = datetime.now(UTC)
        view.set_crews(
            [
                CrewMarker(
                    1, "Екип „Младост“", "available", *MLADOST, position_at=now - timedelta(minutes=1)
                ),
                CrewMarker(2, "<b>Екип 2</b>", "en_route", *LYULIN, position_at=now - timedelta(minutes=45)),
                CrewMarker(3, "Екип 3", "on_site", *CENTRE, position_at=None),
            ]
        )
        await eventually(lambda: _crews_are(view, 3, 2), "three crews, two of them stale")
        names = await view.evaluate(
            "window.callsofia.crews.getLayers().map(m => m.getTooltip().getContent().textContent)"
        )
        assert any("<b>Екип 2</b>" in name and "45" in name for name in names)

        # --- the page never leaves the map, and its console goes to the log ------------------------------
        caplog.set_level(logging.INFO, logger="ui.map.page")
        await view.evaluate("console.info('hello from the map page')")
        await until(lambda: "hello from the map page" in caplog.text, what="the page's console in the log")
        await view.evaluate("window.__same_page = 7")
        await view.evaluate("(window.location.href = 'https://example.org/elsewhere', 1)")
        opened = await view.evaluate("window.open('https://example.org/popup') === null")
        await until(lambda: view.page.blocked_navigations, what="the navigation being refused")
        await asyncio.sleep(0.2)
        assert opened is True
        assert await view.evaluate("window.__same_page") == 7
        assert view.view.url().isLocalFile()
        assert "example.org/elsewhere" in view.page.blocked_navigations[0]
        assert view.guard.blocked == []


async def _not_picking(view: MapView) -> bool:
    return not await view.evaluate("window.callsofia.picking")


async def _crews_are(view: MapView, count: int, stale: int) -> bool:
    state = await stats(view)
    return state["crews"] == count and state["staleCrews"] == stale
