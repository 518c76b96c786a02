"""The map without a browser: the feed that turns the store and the queue model's view into patches, the page
folium builds (local assets only, escaped names), where Leaflet is looked for, and the tile setting."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings

from dispatcher.models import Case, Reference, User
from dispatcher.settings import OSM_ATTRIBUTION, OSM_TILE_URL, ConsoleSettings
from dispatcher.store import Store
from ui.map.assets import REQUIRED, MapAssetsMissing, find_assets
from ui.map.bridge import MapBridge
from ui.map.feed import SLA_CODES, CaseFeed
from ui.map.page import TileSource, build_page, tile_source
from ui.map.view import MapView
from ui.queue.model import QueueModel
from ui.settings_store import load_settings, qsettings, save_settings

NOW = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)
# The statuses travel as indexes into the server's workflow table (GET /reference): any order works.
WORKFLOW = {"closed": (), "assigned": ("closed",), "new": ("assigned",)}
STATUSES = tuple(WORKFLOW)
TEXTS = {"cases": "Cases", "crews": "Crews", "districts": "Districts", "tiles": "Tiles", "pick_hint": "…"}


def case(case_id: int, *, lat: float | None = 42.69, lon: float | None = 23.32, **fields: Any) -> Case:
    values: dict[str, Any] = {
        "id": case_id,
        "tracking_number": f"SOF-2026-{case_id:06d}",
        "channel": "phone",
        "category_id": 1,
        "description": f"case {case_id}",
        "lat": lat,
        "lon": lon,
        "address": "",
        "district_code": None,
        "outside_sofia": False,
        "status": "new",
        "priority": "normal",
        "owner_unit_code": "CC",
        "assignee_user_id": None,
        "routing_reason": "",
        "routing_rule_id": None,
        "sla_calendar": "24x7",
        "first_response_due_at": NOW + timedelta(hours=1),
        "first_responded_at": None,
        "due_at": NOW + timedelta(days=1),
        "sla_paused_at": None,
        "sla_paused_reason": None,
        "sla_state": "ok",
        "bounce_count": 0,
        "needs_lead": False,
        "duplicate_of_id": None,
        "anonymous": False,
        "reporter_count": 1,
        "version": 1,
        "created_at": NOW,
        "updated_at": NOW,
        "resolved_at": None,
        "closed_at": None,
    }
    values.update(fields)
    return Case(**values)


class Clock:
    def __init__(self) -> None:
        self.now = NOW.timestamp()

    def __call__(self) -> float:
        return self.now


class Page:
    """Stands in for the page: a ready bridge whose patches are collected."""

    def __init__(self, store: Store, model: QueueModel, clock: Clock) -> None:
        self.bridge = MapBridge(lambda _id: None)
        self.patches: list[dict[str, Any]] = []
        self.bridge.patch.connect(lambda text: self.patches.append(json.loads(text)))
        self.feed = CaseFeed(store, model, self.bridge, now=clock)
        self.bridge.page_ready()

    def take(self) -> list[dict[str, Any]]:
        self.feed.flush()
        patches, self.patches = self.patches, []
        return patches


def markers(patches: list[dict[str, Any]]) -> tuple[dict[int, tuple[Any, ...]], set[int]]:
    upserts = {
        row[0]: (row[1], row[2], SLA_CODES[row[3]], STATUSES[row[4]]) for p in patches for row in p["upsert"]
    }
    removed = {case_id for p in patches for case_id in p["remove"]}
    return upserts, removed


@pytest.fixture
def city(qapp):  # type: ignore[no-untyped-def]
    store = Store(User(1, "operator", "Operator", "operator", "CC"))
    store.reference = Reference(transitions=WORKFLOW)
    store.cases = {
        1: case(1),
        2: case(2, lat=42.70, lon=23.30, status="assigned"),
        3: case(3, lat=None, lon=None),  # no place: in the queue, never on the map
        4: case(4, status="closed", sla_state="met"),  # not in the default view (all open)
    }
    clock = Clock()
    model = QueueModel(store, now=clock)
    page = Page(store, model, clock)
    yield store, model, page, clock
    page.feed.deleteLater()
    model.deleteLater()


def test_the_first_patch_is_the_queue_view_with_a_place(city) -> None:  # type: ignore[no-untyped-def]
    _store, model, page, _clock = city
    first = page.take()
    assert len(first) == 1 and first[0]["remove"] == []
    upserts, _ = markers(first)
    assert set(upserts) == {1, 2} and set(model.visible_case_ids()) == {1, 2, 3}
    assert upserts[2] == (42.70, 23.30, "ok", "assigned")
    assert page.feed.marker_count == 2 and page.take() == []  # nothing twice


def test_live_changes_and_filters_become_one_small_patch_each(city) -> None:  # type: ignore[no-untyped-def]
    store, model, page, _clock = city
    page.take()
    store.upsert(case(5, lat=42.65, lon=23.38))
    store.upsert(dataclasses.replace(store.cases[1], lat=42.66, version=2))  # moved
    store.upsert(dataclasses.replace(store.cases[2], status="resolved", version=2))  # leaves "all open"
    store.upsert(dataclasses.replace(store.cases[3], description="still nowhere", version=2))
    patches = page.take()
    assert len(patches) == 1
    upserts, removed = markers(patches)
    assert set(upserts) == {5, 1} and upserts[1][0] == 42.66 and removed == {2}

    model.set_preset("all")  # the queue's filter is the map's filter
    upserts, removed = markers(page.take())
    assert set(upserts) == {2, 4} and removed == set()
    model.set_text_filter("SOF-2026-000005")
    upserts, removed = markers(page.take())
    assert upserts == {} and removed == {1, 2, 4}
    model.set_text_filter("")
    upserts, removed = markers(page.take())
    assert set(upserts) == {1, 2, 4} and removed == set()
    assert page.feed.marker_count == 4  # 1, 2, 4, 5 (3 has no place)


def test_time_alone_recolours_a_marker(city) -> None:  # type: ignore[no-untyped-def]
    _store, _model, page, clock = city
    page.take()
    clock.now += timedelta(hours=20).total_seconds()  # past 80 % of the day it had: due soon
    page.feed._sla_tick()
    upserts, _ = markers(page.take())
    assert {k: v[2] for k, v in upserts.items()} == {1: "due_soon", 2: "due_soon"}
    clock.now += timedelta(hours=5).total_seconds()
    page.feed._sla_tick()
    upserts, _ = markers(page.take())
    assert {k: v[2] for k, v in upserts.items()} == {1: "overdue", 2: "overdue"}
    page.feed._sla_tick()
    assert page.take() == []


def test_a_new_page_gets_everything_again(city) -> None:  # type: ignore[no-untyped-def]
    _store, _model, page, _clock = city
    page.take()
    page.bridge.reset()
    page.bridge.page_ready()
    upserts, _ = markers(page.patches)
    assert set(upserts) == {1, 2}


def test_the_page_loads_local_files_only_and_escapes_district_names() -> None:
    assets = find_assets()
    districts = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[23.3, 42.7], [23.4, 42.7], [23.4, 42.6], [23.3, 42.7]]],
                },
                "properties": {
                    "nsi_code": "68134-01",
                    "name_bg": "</script><script>alert(1)</script>",
                    "name_en": "x",
                },
            }
        ],
    }
    page = build_page(assets, TileSource("", ""), districts, TEXTS, STATUSES)
    assert "</script><script>alert" not in page and "alert(1)" in page  # the name is there, as text
    sources = [part.split('"', 1)[0] for part in page.split('src="')[1:] + page.split('href="')[1:]]
    assert sources and all(s.startswith(("file:///", "qrc:///")) for s in sources), sources
    assert "http://" not in page and "https://" not in page and "cdn" not in page.lower()
    assert "L.tileLayer" not in page

    tiled = build_page(
        assets,
        TileSource("https://tiles.sofia.bg/{z}/{x}/{y}.png", "© Столична община"),
        None,
        TEXTS,
        STATUSES,
    )
    assert "L.tileLayer" in tiled and "https://tiles.sofia.bg/{z}/{x}/{y}.png" in tiled
    assert [u for u in tiled.split('"') if u.startswith("http")] == ["https://tiles.sofia.bg/{z}/{x}/{y}.png"]


def test_a_missing_set_up_step_says_what_to_run(tmp_path: Path) -> None:
    with pytest.raises(MapAssetsMissing, match="scripts/bootstrap"):
        find_assets(tmp_path)
    for name in REQUIRED:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")
    assert find_assets(tmp_path).folder == tmp_path


async def test_without_the_set_up_step_the_dock_says_so(
    city, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot
) -> None:  # type: ignore[no-untyped-def]
    store, model, _page, _clock = city
    monkeypatch.setenv("CALLSOFIA_MAP_ASSETS", str(tmp_path))
    view = MapView(store, model)
    qtbot.addWidget(view)
    assert await view.load(None) is False
    assert view.notice.isVisibleTo(view) and "scripts/bootstrap" in view.notice.text()
    assert not view.is_ready


def test_the_tile_source_is_a_setting_with_openstreetmap_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CALLSOFIA_MAP_TILES", raising=False)
    # Settings saved by a console before the map existed (version 1): OpenStreetMap with its attribution.
    old = qsettings()
    old.setValue("settings_version", 1)
    old.setValue("language", "en")
    old.sync()
    settings = load_settings()
    assert (settings.map_tile_url, settings.map_tile_attribution) == (OSM_TILE_URL, OSM_ATTRIBUTION)
    assert tile_source(settings) == TileSource(OSM_TILE_URL, OSM_ATTRIBUTION)
    assert tile_source(settings).origin == "https://tile.openstreetmap.org"

    save_settings(ConsoleSettings(map_tile_url="", map_tile_attribution=""))  # no tiles: a plain background
    assert load_settings().map_tile_url == "" and tile_source(load_settings()).origin is None
    save_settings(ConsoleSettings(map_tile_url="https://gis.sofia.bg/tiles/{z}/{x}/{y}.png"))
    assert tile_source(load_settings()).origin == "https://gis.sofia.bg"

    monkeypatch.setenv("CALLSOFIA_MAP_TILES", "none")  # CI and offline machines
    assert tile_source(load_settings()).url == ""
    assert isinstance(qsettings(), QSettings)
