"""The queue model over a store loaded from the live server: Qt's model checks, sorting, presets, the text
filter, and live changes as single-row signals (never a reset), selections surviving a re-sort."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QTableView

from dispatcher.client import CentralClient
from dispatcher.store import Store
from tests.dispatcher.helpers import new_case
from tests.live_server import LiveServer
from tests.support import DEFAULT_NOW, DEMO_PASSWORD, Api
from tests.ui.harness import EVERYTHING, Consoles, next_signal
from ui.labels import sla_state_label
from ui.queue.model import CASE_ID_ROLE, COLUMNS, PRESETS, QueueModel

ASC, DESC = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder
CENTRE = {"lat": 42.6975, "lon": 23.3242}
RANK = {"urgent": 0, "high": 1, "normal": 2, "low": 3}


@dataclass
class City:
    """Seven cases in five units, one closed, one paused; ``ids`` by nickname."""

    ids: dict[str, int]
    operator: Store
    mladost: Store

    def id(self, name: str) -> int:
        return self.ids[name]

    def named(self, *names: str) -> set[int]:
        return {self.ids[name] for name in names}


@dataclass(frozen=True)
class CityDatabase:
    path: Path
    ids: dict[str, int]


@pytest.fixture(scope="module")
def city_database(templates, tmp_path_factory: pytest.TempPathFactory) -> CityDatabase:  # type: ignore[no-untyped-def]
    """The city's cases, written once per module through the API (in-process) into a copy of the seeded
    database; every test serves a fresh copy of it."""
    from fastapi.testclient import TestClient

    from central.app import create_app
    from central.clock import FrozenClock
    from central.config import Settings

    url = templates["sqlite"].clone(tmp_path_factory.mktemp("city"))
    clock = FrozenClock(DEFAULT_NOW)
    with TestClient(create_app(Settings(database_url=url), clock)) as http:

        def login(username: str) -> Api:
            response = http.post("/api/v1/auth/token", json={"username": username, "password": DEMO_PASSWORD})
            assert response.status_code == 200, response.text
            return Api(http, response.json()["access_token"])

        def act(api: Api, case: dict[str, Any], action: str, body: dict[str, Any]) -> None:
            response = api.post(f"/cases/{case['id']}/{action}", body, version=case["version"])
            assert response.status_code == 200, response.text

        operator, mladost = login("operator"), login("mladost")
        users = {u["username"]: u["id"] for u in operator.get("/reference").json()["users"]}
        bodies = {
            "pothole": new_case("Дупка на платното в Младост", address="бул. Александър Малинов 1"),
            "parking": new_case("Кола на тротоара пред блок 5", category_id=5, channel="app", **CENTRE),
            "litter": new_case("Неизметена улица", category_id=1, channel="email", priority="low", **CENTRE),
            "branch": new_case("Паднал клон на алеята", category_id=6, channel="portal", priority="high"),
            "question": new_case("Въпрос за данъци", category_id=11, **CENTRE),
            "dogs": new_case("Глутница кучета", category_id=22, priority="urgent", **CENTRE),
            "spam": new_case("Спам"),
        }
        cases = {}
        for name, body in bodies.items():
            clock.advance(timedelta(minutes=7))  # every case a different age
            cases[name] = operator.create_case(**body)
        act(mladost, cases["pothole"], "assign", {"user_id": users["mladost"], "note": "поемам"})
        act(mladost, cases["spam"], "status", {"status": "rejected", "note": "Не е сигнал."})
        act(operator, cases["litter"], "status", {"status": "triaged"})
        act(operator, cases["question"], "assign", {"user_id": users["operator"]})
        act(operator, cases["dogs"], "pause", {"reason": "чакаме полицията"})
    path = Path(url.removeprefix("sqlite:///"))
    assert not path.with_name(path.name + "-wal").exists()  # the server closed it: one self-contained file
    return CityDatabase(path, {name: case["id"] for name, case in cases.items()})


@pytest.fixture
def database_url(city_database: CityDatabase, tmp_path: Path) -> str:
    target = tmp_path / "city.sqlite3"
    shutil.copyfile(city_database.path, target)
    return f"sqlite:///{target}"


@pytest.fixture
def clock():  # type: ignore[no-untyped-def]
    """The server's clock, an hour after the city's cases were filed."""
    from central.clock import FrozenClock

    return FrozenClock(DEFAULT_NOW + timedelta(hours=1))


async def loaded_store(server: LiveServer, username: str) -> Store:
    client = CentralClient(server.base_url, timeout=10.0)
    try:
        await client.login(username, DEMO_PASSWORD)
        store = Store()
        await store.load(client, recent_days=EVERYTHING)
        return store
    finally:
        await client.aclose()


@pytest.fixture
async def city(city_database: CityDatabase, live_server: LiveServer) -> City:
    return City(
        city_database.ids,
        await loaded_store(live_server, "operator"),
        await loaded_store(live_server, "mladost"),
    )


class Signals:
    """Which structural signals a model emitted, in order."""

    NAMES = ("rowsInserted", "rowsRemoved", "dataChanged", "modelReset", "layoutChanged", "rowsMoved")

    def __init__(self, model: QueueModel) -> None:
        self.seen: list[tuple[str, tuple[object, ...]]] = []
        for name in self.NAMES:
            getattr(model, name).connect(lambda *args, name=name: self.seen.append((name, args)))

    def names(self) -> list[str]:
        return [name for name, _args in self.seen]

    def clear(self) -> None:
        self.seen.clear()


def ids(model: QueueModel) -> list[int]:
    return model.visible_case_ids()


def column(name: str) -> int:
    return COLUMNS.index(name)


def sort_keys(model: QueueModel, store: Store, column_name: str) -> list[object]:
    """What each visible row must be ordered by, from the cases themselves or from what the column shows."""
    col = column(column_name)
    keys: list[object] = []
    for row in range(model.rowCount()):
        case = store.cases[model.data(model.index(row, col), CASE_ID_ROLE)]
        if column_name == "sla":
            keys.append(case.due_at)
        elif column_name == "age":
            keys.append(-case.created_at.timestamp())  # "age ascending": youngest first
        elif column_name == "priority":
            keys.append(RANK[case.priority])
        else:
            keys.append(model.data(model.index(row, col)))
    return keys


def assert_sorted(model: QueueModel, store: Store, column_name: str, order: Qt.SortOrder) -> None:
    keys = sort_keys(model, store, column_name)
    expected = sorted(keys, reverse=order == DESC)  # type: ignore[type-var]
    assert keys == expected, f"not sorted by {column_name} {order.name}: {keys}"


def fixed_now(start: float) -> tuple[list[float], Callable[[], float]]:
    """A clock for the model that moves only when the test says so."""
    now = [start]
    return now, lambda: now[0]


# --- Qt's model checks ------------------------------------------------------------------------------------


async def test_the_live_queue_passes_qt_model_checks_through_inserts_updates_and_removals(
    consoles: Consoles, qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    async with consoles:
        operator = await consoles.client("operator")
        for n in range(3):
            await operator.create_case(new_case(f"Дупка {n}"))
        console = await consoles.open("mladost")
        model = console.window.queue_model
        assert model.rowCount() == 5  # the city's two open cases in Младост and the three new ones
        qtmodeltester.check(model)  # Qt's QAbstractItemModelTester: it keeps checking every change below

        inserted = next_signal(model.rowsInserted)
        case, _ = await operator.create_case(new_case("Още една дупка"))
        await asyncio.wait_for(inserted, 5)
        assert case.id in ids(model)

        # Updated in place (dataChanged on column 0, not the countdown ticks) or moved (out and back in).
        changed = next_signal(model.dataChanged, lambda first, last, roles=(): first.column() == 0)
        moved = next_signal(model.rowsInserted)
        case = await operator.patch_case(case.id, case.version, priority="urgent", reason="опасно")
        done, pending = await asyncio.wait([changed, moved], timeout=5, return_when=asyncio.FIRST_COMPLETED)
        assert done, "the update did not reach the queue"
        for future in pending:
            future.cancel()

        removed = next_signal(model.rowsRemoved)
        await operator.transfer(case.id, case.version, "SI", "not_competent")
        await asyncio.wait_for(removed, 5)
        assert case.id not in ids(model) and model.rowCount() == 5
        for preset in PRESETS:
            model.set_preset(preset)
        model.set_text_filter("дупка 1")
        assert model.rowCount() == 1


# --- sorting --------------------------------------------------------------------------------------------


async def test_sorting_by_every_column_keeps_every_row_in_order(city: City, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = QueueModel(city.operator, now=lambda: DEFAULT_NOW.timestamp())
    qtmodeltester.check(model)
    model.set_preset("all")
    everything = set(city.ids.values())
    assert set(ids(model)) == everything
    for name in COLUMNS:
        for order in (ASC, DESC):
            model.sort(column(name), order)
            assert sorted(ids(model)) == sorted(everything), f"rows lost or doubled sorting by {name}"
            assert_sorted(model, city.operator, name, order)
    # A few orders spelled out, so the checks above cannot pass by sorting nothing.
    model.sort(column("priority"), ASC)
    assert ids(model)[0] == city.id("dogs") and ids(model)[-1] == city.id("litter")
    model.sort(column("age"), ASC)
    assert ids(model)[0] == city.id("spam") and ids(model)[-1] == city.id("pothole")
    model.sort(column("tracking"), DESC)
    assert ids(model) == sorted(everything, reverse=True)  # numbers are handed out in id order


# --- presets ----------------------------------------------------------------------------------------------


async def test_presets_for_an_operator(city: City) -> None:
    now, clock = fixed_now(DEFAULT_NOW.timestamp() + 3600)
    model = QueueModel(city.operator, now=clock)
    open_ = city.named("pothole", "parking", "litter", "branch", "question", "dogs")
    expected = {
        "all_open": open_,
        "new": city.named("parking", "branch", "dogs"),
        "my_unit": city.named("question"),  # the contact centre's own case
        "assigned_to_me": city.named("question"),
        "overdue": set(),
        "all": open_ | city.named("spam"),
    }
    for preset, wanted in expected.items():
        model.set_preset(preset)
        assert set(ids(model)) == wanted, preset
        assert model.rowCount() == len(wanted)


async def test_presets_for_unit_staff(city: City) -> None:
    model = QueueModel(city.mladost, now=lambda: DEFAULT_NOW.timestamp())
    assert set(city.mladost.cases) == city.named("pothole", "branch", "spam")  # the server's rule
    expected = {
        "my_unit": city.named("pothole", "branch"),
        "assigned_to_me": city.named("pothole"),
        "new": city.named("branch"),
        "all_open": city.named("pothole", "branch"),
        "all": city.named("pothole", "branch", "spam"),
    }
    for preset, wanted in expected.items():
        model.set_preset(preset)
        assert set(ids(model)) == wanted, preset
    with pytest.raises(ValueError):
        model.set_preset("mine")


async def test_overdue_follows_the_models_clock_and_skips_paused_and_closed_cases(city: City) -> None:
    now, clock = fixed_now(DEFAULT_NOW.timestamp())
    model = QueueModel(city.operator, now=clock)
    model.set_preset("overdue")
    assert ids(model) == []

    cases = city.operator.cases
    parking_due = cases[city.id("parking")].due_at.timestamp()
    now[0] = parking_due + 1
    assert ids(model) == []  # nothing moves until the periodic refilter…
    model.refilter()  # …which the queue widget runs for the time-based presets
    running = [c for c in cases.values() if c.is_open and c.sla_paused_at is None]
    wanted = {c.id for c in running if c.due_at.timestamp() <= now[0]}
    assert city.id("parking") in wanted and wanted != {c.id for c in running}  # some, not all
    assert set(ids(model)) == wanted

    now[0] += 400 * 86400  # a year later every running case is overdue; paused and closed ones never
    model.refilter()
    assert set(ids(model)) == {c.id for c in running}
    assert city.id("dogs") not in ids(model) and city.id("spam") not in ids(model)
    row = model.view_row_of(city.id("parking"))
    assert row is not None
    assert model.data(model.index(row, column("sla"))).startswith("-")  # the countdown is negative


async def test_due_soon_is_the_last_fifth_of_the_time_to_resolve(city: City) -> None:
    parking = city.operator.cases[city.id("parking")]
    due, filed = parking.due_at.timestamp(), parking.created_at.timestamp()
    now, clock = fixed_now(due - 0.5 * (due - filed))  # half the time left: on time
    model = QueueModel(city.operator, now=clock)
    model.set_preset("due_soon")
    assert parking.id not in ids(model)
    now[0] = due - 0.1 * (due - filed)  # a tenth left: due soon
    model.refilter()
    assert parking.id in ids(model) and city.id("dogs") not in ids(model)  # paused: never due soon
    row = model.view_row_of(parking.id)
    assert row is not None
    tooltip = model.data(model.index(row, column("sla")), Qt.ItemDataRole.ToolTipRole)
    assert tooltip == sla_state_label("due_soon")
    now[0] = due + 1  # past the deadline it is overdue, no longer due soon
    model.refilter()
    assert parking.id not in ids(model)


# --- text filter ------------------------------------------------------------------------------------------


async def test_the_text_filter_narrows_widens_and_ignores_case_in_cyrillic(city: City) -> None:
    model = QueueModel(city.operator, now=lambda: DEFAULT_NOW.timestamp())
    model.set_preset("all")
    everything = set(ids(model))
    filtered: list[None] = []
    model.filter_changed.connect(lambda: filtered.append(None))
    steps = [
        ("АЛЕ", city.named("pothole", "branch")),  # "Александър" in an address, "алеята" in a description
        ("АЛЕЯ", city.named("branch")),  # typing more narrows
        ("АЛЕ", city.named("pothole", "branch")),  # deleting widens again
        ("", everything),
        ("МЛАДОСТ", city.named("pothole", "branch", "spam")),  # Район „Младост“, Cyrillic, any case
        ("младост", city.named("pothole", "branch", "spam")),
        ("  тротоара ", city.named("parking")),  # surrounding spaces do not count
        ("няма такъв текст", set()),
        ("", everything),
    ]
    for text, wanted in steps:
        model.set_text_filter(text)
        assert set(ids(model)) == wanted, text
    assert len(filtered) == len(steps)

    model.set_text_filter("младост")
    model.set_preset("all_open")  # preset and text together
    assert set(ids(model)) == city.named("pothole", "branch")
    model.set_preset("new")
    assert set(ids(model)) == city.named("branch")


# --- live changes -----------------------------------------------------------------------------------------


async def test_live_changes_are_single_row_signals_and_keep_the_view_sorted(
    city: City, consoles: Consoles
) -> None:
    store = city.operator
    model = QueueModel(store, now=lambda: DEFAULT_NOW.timestamp())  # all open cases
    model.sort(column("priority"), ASC)
    signals = Signals(model)
    async with consoles:
        client = await consoles.client("operator")

        # A new case lands where the sort order puts it.
        case, _ = await client.create_case(new_case("Нова дупка", priority="high"))
        store.upsert(case)
        assert signals.names() == ["rowsInserted"]
        (_parent, first, last) = signals.seen[0][1]
        assert first == last == model.view_row_of(case.id)
        assert_sorted(model, store, "priority", ASC)
        assert len(ids(model)) == len(set(ids(model))) == 7

        # A change that keeps the row where it is: one dataChanged over that row.
        signals.clear()
        case = await client.patch_case(case.id, case.version, description="Нова голяма дупка", reason="")
        store.upsert(case)
        assert signals.names() == ["dataChanged"]
        top_left, bottom_right = signals.seen[0][1][:2]
        assert top_left.row() == bottom_right.row() == model.view_row_of(case.id)

        # A change that moves the row: it leaves its place and comes back where it belongs.
        signals.clear()
        litter = store.cases[city.id("litter")]
        litter = await client.patch_case(litter.id, litter.version, priority="urgent", reason="опасно")
        store.upsert(litter)
        assert signals.names() == ["rowsRemoved", "rowsInserted"]
        assert_sorted(model, store, "priority", ASC)
        assert ids(model).count(litter.id) == 1

        # A case that leaves the preset leaves the view.
        model.set_preset("new")
        signals.clear()
        parking = store.cases[city.id("parking")]
        parking = await client.set_status(parking.id, parking.version, "triaged")
        store.upsert(parking)
        assert signals.names() == ["rowsRemoved"]
        assert parking.id not in ids(model)
        assert "modelReset" not in signals.names()


async def test_live_changes_under_the_all_preset(city: City, consoles: Consoles) -> None:
    store = city.mladost
    model = QueueModel(store, now=lambda: DEFAULT_NOW.timestamp())
    model.set_preset("all")
    signals = Signals(model)
    async with consoles:
        client = await consoles.client("operator")
        case, _ = await client.create_case(new_case("Нова дупка"))
        store.upsert(case)
        assert signals.names() == ["rowsInserted"]
        assert ids(model).count(case.id) == 1 and model.rowCount() == len(store.cases)
        signals.clear()
        moved = await client.transfer(case.id, case.version, "SI", "not_competent")
        store.upsert(moved)
        assert signals.names() == ["rowsRemoved"]
        assert sorted(ids(model)) == sorted(store.cases)


async def test_a_case_transferred_away_from_a_unit_is_removed_as_one_row(
    city: City, consoles: Consoles
) -> None:
    store = city.mladost
    model = QueueModel(store, now=lambda: DEFAULT_NOW.timestamp())
    signals = Signals(model)
    async with consoles:
        client = await consoles.client("operator")
        branch = store.cases[city.id("branch")]
        row = model.view_row_of(branch.id)
        assert row is not None
        moved = await client.transfer(branch.id, branch.version, "SI", "not_competent", note="не е наше")
        store.upsert(moved)  # the store drops what the unit may no longer see
    assert signals.names() == ["rowsRemoved"]
    assert signals.seen[0][1][1:] == (row, row)
    assert branch.id not in ids(model) and model.rowCount() == 1


# --- selection --------------------------------------------------------------------------------------------


async def test_the_selected_case_stays_selected_across_a_resort_and_live_inserts(
    city: City, consoles: Consoles, qtbot
) -> None:  # type: ignore[no-untyped-def]
    model = QueueModel(city.operator, now=lambda: DEFAULT_NOW.timestamp())
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.sortByColumn(column("tracking"), ASC)
    chosen = city.id("litter")
    row = model.view_row_of(chosen)
    assert row is not None
    view.selectRow(row)

    def selected() -> list[int]:
        return [model.case_id_at(index.row()) for index in view.selectionModel().selectedRows()]  # type: ignore[misc]

    assert selected() == [chosen]
    rows = {row}
    for name, order in (("priority", DESC), ("age", ASC), ("unit", DESC), ("sla", ASC)):
        view.sortByColumn(column(name), order)
        rows.add(model.view_row_of(chosen))  # type: ignore[arg-type]
        assert selected() == [chosen], name
        assert model.case_id_at(view.currentIndex().row()) == chosen
    assert len(rows) > 1, "the selected case never moved: the re-sorts proved nothing"

    async with consoles:
        client = await consoles.client("operator")
        for n in range(3):
            case, _ = await client.create_case(new_case(f"Дупка {n}", priority="urgent"))
            city.operator.upsert(case)
    assert selected() == [chosen]
    model.set_text_filter("улица")  # still visible: stays selected
    assert selected() == [chosen]
    model.set_text_filter("кучета")  # filtered out: nothing selected, nothing else selected instead
    assert selected() == []
    assert model.rowCount(QModelIndex()) == 1
