"""The whole console against the live server: what another console does shows up here without any action,
and the status bar tells the truth about the connection through a server restart."""

from __future__ import annotations

import asyncio

from dispatcher.client import CentralClient
from tests.dispatcher.helpers import new_case
from tests.live_server import LiveServer
from tests.support import DEMO_PASSWORD
from tests.ui.harness import Console, Consoles, next_signal, open_case, until
from ui.labels import event_label, name_of
from ui.queue.model import COLUMNS

UNIT = COLUMNS.index("unit")
TRACKING = COLUMNS.index("tracking")


def unit_name(console: Console, code: str) -> str:
    return name_of(console.store.reference.units[code], code)


async def test_a_case_filed_and_transferred_by_another_console_shows_up_without_any_action(
    consoles: Consoles,
) -> None:
    async with consoles:
        console = await consoles.open("operator")
        window, model = console.window, console.window.queue_model
        assert model.rowCount() == 0
        other = await consoles.client("operator2")

        inserted = next_signal(model.rowsInserted)
        case, _ = await other.create_case(new_case("Дупка пред училището"))
        await asyncio.wait_for(inserted, 5)
        row = model.view_row_of(case.id)
        assert row is not None and model.data(model.index(row, TRACKING)) == case.tracking_number
        assert "1" in window.queue.count_label.text()

        await open_case(console, case.id)
        view = window.case_view
        owner = view.details.values["owner"]
        assert owner.text() == unit_name(console, "RA-15")
        entries = view.timeline.topLevelItemCount()
        assert entries >= 1

        await other.transfer(case.id, case.version, "SI", "not_competent", note="към инспектората")
        await until(lambda: owner.text() == unit_name(console, "SI"), what="the new owner in the case view")
        await until(lambda: view.timeline.topLevelItemCount() > entries, what="a new timeline entry")
        last = view.timeline.topLevelItem(view.timeline.topLevelItemCount() - 1)
        assert last.text(1) == event_label("case.transferred")
        assert unit_name(console, "SI") in last.text(3) and "към инспектората" in last.text(3)
        row = model.view_row_of(case.id)
        assert row is not None and model.data(model.index(row, UNIT)) == unit_name(console, "SI")
        assert view.case is not None and view.case.owner_unit_code == "SI"


async def test_a_case_that_leaves_the_unit_leaves_its_queue_and_the_case_view_says_so(
    consoles: Consoles,
) -> None:
    async with consoles:
        operator = await consoles.client("operator")
        case, _ = await operator.create_case(new_case("Дупка в Младост"))
        console = await consoles.open("mladost")
        model = console.window.queue_model
        await open_case(console, case.id)
        view = console.window.case_view
        assert view.banner.isHidden()

        removed = next_signal(model.rowsRemoved)
        await operator.transfer(case.id, case.version, "SI", "not_competent")
        await asyncio.wait_for(removed, 5)
        assert model.view_row_of(case.id) is None and model.rowCount() == 0
        assert not view.banner.isHidden()
        gone = view.tr("This case is no longer visible to you (it moved to another unit).")
        assert view.banner.text() == gone


async def test_the_status_bar_follows_a_server_restart_and_nothing_is_lost_or_doubled(
    consoles: Consoles, live_server: LiveServer, clock
) -> None:  # type: ignore[no-untyped-def]
    async with consoles:
        console = await consoles.open("operator")
        window, model, label = console.window, console.window.queue_model, console.window.connection_label
        assert label.text() == window.tr("● Live")
        states: list[str] = []
        window.connection_changed.connect(states.append)

        down = next_signal(window.connection_changed, lambda state: state != "online")
        await asyncio.to_thread(live_server.stop)
        await asyncio.wait_for(down, 10)
        assert label.text() in (window.tr("● Reconnecting…"), window.tr("● Offline"))

        # Meanwhile the city goes on working through another server on the same database.
        elsewhere = LiveServer(live_server.database_url, clock=clock)
        await asyncio.to_thread(elsewhere.start)
        writer = CentralClient(elsewhere.base_url, timeout=10.0)
        try:
            await writer.login("operator2", DEMO_PASSWORD)
            case, _ = await writer.create_case(new_case("Подаден докато конзолата е офлайн"))
            if "offline" not in states:  # three failed attempts in a row: offline (still retrying)
                await asyncio.wait_for(next_signal(window.connection_changed, lambda s: s == "offline"), 10)
            assert label.text() == window.tr("● Offline")
            assert model.view_row_of(case.id) is None

            online = next_signal(window.connection_changed, lambda state: state == "online")
            inserted = next_signal(model.rowsInserted)
            await asyncio.to_thread(live_server.start)  # the same port again
            await asyncio.wait_for(online, 10)
            await asyncio.wait_for(inserted, 10)
            assert label.text() == window.tr("● Live")
            await asyncio.sleep(0.5)  # nothing more may arrive
            assert model.visible_case_ids() == [case.id]
            assert list(console.store.cases) == [case.id]
            assert console.stream.connections == 2
            assert states[0] == "reconnecting" and states[-1] == "online"
        finally:
            await writer.aclose()
            await asyncio.to_thread(elsewhere.stop)
