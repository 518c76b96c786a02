"""Dispatching crews from the console against a real server: the crew board (duty, suggestion, live status),
dispatch by keyboard and by dropping a queue row on a crew, the read-only board of a non-lead, the crew chat
with read receipts and publishing to the citizen, alerts to acknowledge (urgent case, missed deadline,
escalation) and presence ("also open by") in the case view and the queue.

The server's clock is frozen (the ``clock`` fixture) and its background watch runs (SLA breaches, presence
expiry), as in production. The crew board judges duty and position ages by its own clock: here it is given
the server's, as NTP keeps them together in production.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QLocale, QModelIndex, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QDialogButtonBox

from central.clock import FrozenClock
from dispatcher.client import CentralClient
from dispatcher.errors import ForbiddenError
from dispatcher.models import Case
from tests.dispatcher.helpers import new_case
from tests.live_server import LiveServer
from tests.ui.harness import Console, Consoles, next_signal, open_case, pick, settle, type_text, until
from ui.case.action_dialog import ActionDialog
from ui.dispatch.board_model import COL, SUGGESTED_BRUSH, SUGGESTED_MARK
from ui.labels import priority_label
from ui.map.crews import crew_status_label
from ui.queue.model import CASE_ID_MIME, COL_TRACKING, COLUMNS
from ui.timefmt import format_duration

OK = QDialogButtonBox.StandardButton.Ok
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
DISPLAY = Qt.ItemDataRole.DisplayRole
BACKGROUND = Qt.ItemDataRole.BackgroundRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole
COPY = Qt.DropAction.CopyAction

SPOT = {"category_id": 5, "lat": 42.6975, "lon": 23.3242}  # parking: the Urban Mobility Centre's (ЦГМ)
NEAR = (42.6990, 23.3260)  # ~200 m from the spot
FAR = (42.7150, 23.2950)  # ~3 km
ROUND_THE_CLOCK = {"pattern": "daily", "starts": "08:00", "ends": "08:00"}
NIGHTS = {"pattern": "daily", "starts": "20:00", "ends": "08:00"}  # the clock says 10:00 in Sofia: off duty


@pytest.fixture
def live_server(database_url: str, clock: FrozenClock, tmp_path: Path) -> Iterator[LiveServer]:
    """The central API with its background watch ticking (SLA breaches and escalation, presence expiry)."""
    server = LiveServer(
        database_url, clock=clock, attachments_dir=tmp_path / "attachments", watch_seconds=0.1
    ).start()
    yield server
    server.stop()


@dataclass
class Crews:
    """ЦГМ's crews: ``near`` (the seeded responder's) and ``far`` available on duty, ``night`` off duty
    (its shift starts at 20:00), and a crew of another unit (СИ)."""

    near: int
    far: int
    night: int
    other_unit: int


async def set_up_crews(consoles: Consoles) -> Crews:
    """Crews and the roster through the admin API; positions and "available" reported by the unit's staff."""
    admin = await consoles.client("admin")
    responder = await (await consoles.client("responder")).me()

    async def crew(unit: str, name: str, members: list[int]) -> int:
        body = {"unit_code": unit, "name": name, "member_ids": members}
        return int((await admin.call("POST", "/admin/crews", json=body))["id"])

    near = await crew("CGM", "ЦГМ-1", [responder.id])
    far = await crew("CGM", "ЦГМ-2", [])
    night = await crew("CGM", "ЦГМ-3 (нощна)", [])
    other_unit = await crew("SI", "СИ-1", [])
    shifts = [ROUND_THE_CLOCK | {"crew_id": near}, ROUND_THE_CLOCK | {"crew_id": far}]
    shifts.append(NIGHTS | {"crew_id": night})
    await admin.call("PUT", "/admin/roster/CGM", json={"shifts": shifts})
    await admin.call("PUT", "/admin/roster/SI", json={"shifts": [ROUND_THE_CLOCK | {"crew_id": other_unit}]})
    radio = await consoles.client("cgm")  # ЦГМ's staff report for their crews by radio
    for crew_id, (lat, lon) in ((near, NEAR), (far, FAR), (night, FAR)):
        await radio.crew_position(crew_id, lat, lon)
    for crew_id in (near, far):
        state = await radio.get_crew(crew_id)
        await radio.crew_report(crew_id, state.version, "available")
    return Crews(near, far, night, other_unit)


async def cgm_case(client: CentralClient, description: str = "Кола на тротоара", **fields: Any) -> Case:
    case, _ = await client.create_case(new_case(description, **{**SPOT, **fields}))
    return case


async def open_console(consoles: Consoles, username: str, clock: FrozenClock) -> Console:
    console = await consoles.open(username)
    console.window.crew_board.model.now = clock.now  # the server's clock (see the module docstring)
    return console


async def activate(console: Console) -> None:
    """Make the console's window the active one: window shortcuts only work there."""
    window = console.window
    window.activateWindow()
    window.raise_()
    await until(lambda: QApplication.activeWindow() is window, what="the console's window to be active")


def cell(console: Console, crew_id: int, column: str, role: int = DISPLAY) -> Any:
    model = console.window.crew_board.model
    row = model.row_of(crew_id)
    assert row is not None, f"crew {crew_id} is not on the board"
    return model.data(model.index(row, COL[column]), role)


async def test_a_lead_dispatches_the_suggested_crew_by_keyboard_and_the_board_follows_the_crew(
    consoles: Consoles, clock: FrozenClock
) -> None:
    async with consoles:
        crews = await set_up_crews(consoles)
        operator = await consoles.client("operator")
        case = await cgm_case(operator)
        lead = await open_console(consoles, "lead", clock)
        board = lead.window.crew_board
        model = board.model

        # Every crew the lead may see, with its status and duty by the roster.
        assert model.rowCount() == 4
        assert cell(lead, crews.near, "status") == crew_status_label("available")
        assert cell(lead, crews.night, "status") == crew_status_label("off_duty")
        thursday = QLocale().dayName(4, QLocale.FormatType.ShortFormat)  # the shift ends Thursday 08:00
        assert cell(lead, crews.near, "duty") == model.tr("on duty until %1").replace(
            "%1", f"{thursday} 08:00"
        )
        assert cell(lead, crews.night, "duty") == model.tr("next shift %1").replace("%1", "20:00")
        assert cell(lead, crews.near, "position") == format_duration(0)
        assert cell(lead, crews.near, "case") == ""

        # The case open: its unit's crews first, the nearest available one on duty suggested.
        await open_case(lead, case.id)
        assert model.case_id == case.id and model.suggested_crew_id == crews.near
        assert model.crew_id_at(0) == crews.near
        assert cell(lead, crews.near, "crew") == SUGGESTED_MARK + "ЦГМ-1"
        assert cell(lead, crews.near, "crew", BACKGROUND) == SUGGESTED_BRUSH
        assert cell(lead, crews.far, "crew") == "ЦГМ-2"
        assert [model.crew_id_at(n) for n in range(3)] == [crews.near, crews.far, crews.night]
        assert model.crew_id_at(3) == crews.other_unit  # another unit's crew: last, never offered
        assert cell(lead, crews.near, "distance").endswith(" m")
        assert cell(lead, crews.far, "distance").endswith(" km")
        assert "ЦГМ-1" in board.header.text() and case.tracking_number in board.header.text()

        # Ctrl+Shift+G: the form offers the unit's crews, the suggested one chosen.
        await activate(lead)
        assert lead.window.dispatch_action.isEnabled()
        opened = next_signal(board.dispatch_form_opened)
        QTest.keyClick(lead.window.queue.table, Qt.Key.Key_G, CTRL_SHIFT)
        assert await asyncio.wait_for(opened, 5) == (case.id,)
        dialog = board.dialog
        assert isinstance(dialog, ActionDialog) and dialog.isVisible()
        crew_box = dialog.widget("crew_id")
        assert isinstance(crew_box, QComboBox)
        assert crew_box.currentData() == crews.near
        offered = [crew_box.itemData(n) for n in range(crew_box.count())]
        assert offered == [crews.near, crews.far, crews.night]
        type_text(dialog.widget("note"), "Вход откъм двора")
        dispatched = next_signal(board.dispatched)
        QTest.keyClick(dialog.widget("note"), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert await asyncio.wait_for(dispatched, 5) == (case.id, crews.near)
        await settle()

        detail = await operator.get_case(case.id)
        assert detail.case.assignee_crew_id == crews.near and detail.case.status == "assigned"
        assert [(m.body, m.visibility) for m in detail.thread] == [("Вход откъм двора", "crew")]
        await until(
            lambda: cell(lead, crews.near, "case") == case.tracking_number, what="the case on the crew's row"
        )
        assert model.suggested_crew_id == crews.far  # the busy crew is no longer the one to send
        assert case.tracking_number in board.message.text()

        # The crew reports from the field: the board follows without any action.
        crew_app = await consoles.client("responder")
        state = await crew_app.get_crew(crews.near)
        clock.advance(timedelta(minutes=3))
        await crew_app.crew_report(crews.near, state.version, "en_route", note="Тръгваме")
        await until(
            lambda: cell(lead, crews.near, "status") == crew_status_label("en_route"),
            what="en route on the board",
        )
        assert cell(lead, crews.near, "in_status") == format_duration(0)
        await crew_app.crew_position(crews.near, 42.6980, 23.3250)
        await until(
            lambda: cell(lead, crews.near, "position") == format_duration(0), what="the fresh position"
        )

        # The map's crews layer follows as well: the crews with a position, ЦГМ-1 en route.
        tooltips = "window.callsofia.crews.getLayers().map(m => m.getTooltip().getContent().textContent)"
        en_route = crew_status_label("en_route")
        deadline = asyncio.get_running_loop().time() + 15
        while True:
            shown = await lead.window.map_view.evaluate(tooltips) if lead.window.map_view.up_to_date else None
            if shown and any("ЦГМ-1" in text and en_route in text for text in shown):
                break
            assert asyncio.get_running_loop().time() < deadline, f"ЦГМ-1 en route on the map: {shown}"
            await asyncio.sleep(0.1)
        assert len(shown) == 3  # СИ-1 has reported no position

        # The lead's queue names the crew as the case's assignee; the crew member's "assigned to me" has it.
        queue = lead.window.queue_model
        row = queue.view_row_of(case.id)
        assert row is not None
        assert queue.data(queue.index(row, COLUMNS.index("assignee"))) == "ЦГМ-1"
        member = await consoles.open("responder")
        member.window.queue_model.set_preset("assigned_to_me")
        assert member.window.queue_model.case_id_at(0) == case.id
        lead.window.queue_model.set_preset("assigned_to_me")
        assert lead.window.queue_model.view_row_of(case.id) is None  # not the lead's own


def drop_on_row(console: Console, case_id: int, crew_id: int) -> bool:
    """Drag the case's queue row onto the crew's row of the board: the events a drag delivers to the view
    (enter, move, drop), carrying the queue's drag data. ``QDrag.exec()`` itself needs a window system.
    True if the board took the drop."""
    queue = console.window.queue_model
    row = queue.view_row_of(case_id)
    assert row is not None, "the case is not in the queue's view"
    data = queue.mimeData([queue.index(row, 0)])
    assert data.hasFormat(CASE_ID_MIME)
    console.window.focus_crew_board()  # the board in view, as it must be to drop on it
    table = console.window.crew_board.table
    target = console.window.crew_board.model.row_of(crew_id)
    assert target is not None
    point = table.visualRect(table.model().index(target, COL["status"])).center().toPointF()
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    viewport = table.viewport()
    enter = QDragEnterEvent(point.toPoint(), COPY, data, buttons, keys)
    QApplication.sendEvent(viewport, enter)
    move = QDragMoveEvent(point.toPoint(), COPY, data, buttons, keys)
    QApplication.sendEvent(viewport, move)
    drop = QDropEvent(point, COPY, data, buttons, keys)
    QApplication.sendEvent(viewport, drop)
    return drop.isAccepted()


async def test_a_case_dropped_on_a_crew_opens_the_dispatch_form_with_that_crew(
    consoles: Consoles, clock: FrozenClock
) -> None:
    async with consoles:
        crews = await set_up_crews(consoles)
        case = await cgm_case(await consoles.client("operator"))
        lead = await open_console(consoles, "lead", clock)
        await open_case(lead, case.id)
        board = lead.window.crew_board
        model = board.model
        assert model.suggested_crew_id == crews.near

        # Between rows or onto another unit's crew: no drop (the server would refuse that crew anyway).
        queue = lead.window.queue_model
        data = queue.mimeData([queue.index(queue.view_row_of(case.id) or 0, 0)])
        assert not model.canDropMimeData(data, COPY, -1, -1, QModelIndex())
        assert model.canDropMimeData(data, COPY, -1, -1, model.index(0, 0))
        assert not drop_on_row(lead, case.id, crews.other_unit)
        assert board.dialog is None

        opened = next_signal(board.dispatch_form_opened)
        assert drop_on_row(lead, case.id, crews.far)
        assert await asyncio.wait_for(opened, 5) == (case.id,)
        dialog = board.dialog
        assert isinstance(dialog, ActionDialog) and dialog.isVisible()
        # The crew it was dropped on, not the suggested one.
        assert dialog.widget("crew_id").currentData() == crews.far
        assert case.tracking_number in dialog.windowTitle()
        accepted = next_signal(dialog.accepted)
        dialog.buttons.button(OK).click()
        await asyncio.wait_for(accepted, 5)
        await settle()
        assert (await lead.client.get_case(case.id)).case.assignee_crew_id == crews.far

        # Dropped on a crew that is busy now: the form says why the server refused, and stays open.
        second = await cgm_case(lead.client, "Още една кола")
        await until(lambda: queue.view_row_of(second.id) is not None, what="the second case in the queue")
        opened = next_signal(board.dispatch_form_opened)
        assert drop_on_row(lead, second.id, crews.far)
        await asyncio.wait_for(opened, 5)
        dialog = board.dialog
        assert isinstance(dialog, ActionDialog)
        assert dialog.widget("crew_id").currentData() == crews.far
        dialog.buttons.button(OK).click()
        await until(lambda: dialog.message.isVisible(), what="the refusal in the form")
        await settle()
        assert "busy" in dialog.message.text() and dialog.isVisible()
        assert (await lead.client.get_case(second.id)).case.assignee_crew_id is None

        # The lead picks the free crew; meanwhile an operator raised the priority: the form says what
        # changed and stays, and confirming again dispatches the case as it is now.
        pick(dialog, "crew_id", crews.near)
        operator = await consoles.client("operator")
        await operator.patch_case(second.id, second.version, priority="high", reason="дете на пътя")
        dialog.buttons.button(OK).click()
        priority = priority_label("high")
        await until(lambda: priority in dialog.message.text(), what="what changed, in the form")
        await settle()
        assert dialog.isVisible() and dialog.widget("crew_id").currentData() == crews.near
        accepted = next_signal(dialog.accepted)
        dialog.buttons.button(OK).click()
        await asyncio.wait_for(accepted, 5)
        await settle()
        detail = await lead.client.get_case(second.id)
        assert (detail.case.assignee_crew_id, detail.case.priority) == (crews.near, "high")


async def test_the_board_of_an_operator_is_read_only_and_the_server_refuses_an_operators_dispatch(
    consoles: Consoles, clock: FrozenClock
) -> None:
    async with consoles:
        crews = await set_up_crews(consoles)
        operator = await open_console(consoles, "operator", clock)
        case = await cgm_case(operator.client)
        await until(lambda: operator.window.queue_model.view_row_of(case.id) is not None, what="the case row")
        await open_case(operator, case.id)
        window = operator.window
        board = window.crew_board
        model = board.model

        assert model.rowCount() == 4 and model.suggested_crew_id == crews.near  # it sees who would go
        assert not window.dispatch_action.isEnabled()
        assert not window.case_view.buttons["dispatch"].isVisible()
        assert board.header.text().endswith(board.tr("Read-only: only a lead dispatches crews."))
        await activate(operator)
        QTest.keyClick(window.queue.table, Qt.Key.Key_G, CTRL_SHIFT)
        await asyncio.sleep(0.1)
        assert board.dialog is None
        assert board.start_dispatch(case.id, crews.near) is None
        assert board.dialog is None and board.message.text() == board.tr("Only a lead dispatches crews.")

        # No drops either.
        queue = window.queue_model
        data = queue.mimeData([queue.index(queue.view_row_of(case.id) or 0, 0)])
        target = model.index(model.row_of(crews.near) or 0, 0)
        assert not model.flags(target) & Qt.ItemFlag.ItemIsDropEnabled
        assert not board.table.acceptDrops()
        assert not model.canDropMimeData(data, COPY, -1, -1, target)
        assert not model.dropMimeData(data, COPY, -1, -1, target)
        assert not drop_on_row(operator, case.id, crews.near)
        assert board.dialog is None

        # And the server says no to an operator whatever the console shows.
        with pytest.raises(ForbiddenError):
            await operator.client.dispatch(case.id, case.version, crews.near)
        assert (await operator.client.get_case(case.id)).case.assignee_crew_id is None


async def test_the_crew_chat_round_trip_with_read_receipts_and_publishing_to_the_citizen(
    consoles: Consoles, clock: FrozenClock
) -> None:
    async with consoles:
        crews = await set_up_crews(consoles)
        lead = await open_console(consoles, "lead", clock)
        case = await cgm_case(lead.client)
        case = await lead.client.dispatch(case.id, case.version, crews.near)
        await until(lambda: lead.window.queue_model.view_row_of(case.id) is not None, what="the case row")
        await open_case(lead, case.id)
        view = lead.window.case_view
        chat = view.crew_chat
        view.tabs.setCurrentWidget(chat)
        crew_line = chat.tr("Crew: %1 · %2").replace("%1", "ЦГМ-1")
        assert chat.header.text() == crew_line.replace("%2", crew_status_label("available")) + " (Responder)"
        assert chat.model.rowCount() == 0 and not chat.publish_button.isEnabled()

        # The lead writes to the crew: type, Ctrl+Enter.
        await activate(lead)
        chat.editor.setFocus()
        type_text(chat.editor, "Колата е бяла, пред вход Б")
        QTest.keyClick(chat.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        await until(lambda: chat.model.rowCount() == 1, what="the message in the crew chat")
        assert chat.editor.toPlainText() == ""
        crew_app = await consoles.client("responder")
        (asked,) = (await crew_app.get_case(case.id)).thread  # the crew's app sees it
        assert (asked.body, asked.visibility) == ("Колата е бяла, пред вход Б", "crew")
        assert asked.author_user_id == lead.session.user.id

        # The crew answers and reads the thread (its own answer included): both show up here live.
        answer = await crew_app.post_message(case.id, "Прието, на място сме след 5 минути", "crew")
        await until(lambda: chat.model.rowCount() == 2, what="the crew's answer in the crew chat")
        rows = chat.model.rows
        assert rows[1].message.body == "Прието, на място сме след 5 минути" and rows[1].from_crew
        assert not rows[0].from_crew
        assert rows[0].read_by == ""
        await crew_app.mark_read(case.id, answer.id)
        await until(lambda: chat.model.rows[0].read_by != "", what="'read by' under the lead's message")
        assert chat.model.rows[0].read_by.startswith("Responder ")
        text = chat.model.data(chat.model.index(0), DISPLAY)
        assert chat.model.tr("read by %1").replace("%1", "Responder") in text
        assert chat.publish_button.isEnabled()

        # Ctrl+Shift+U: the crew's newest message, editable, goes to the citizen as a public update (the
        # list got the focus by keyboard: its first row is current but not selected, so not the one).
        chat.list.setFocus()
        QTest.keyClick(chat.list, Qt.Key.Key_U, CTRL_SHIFT)
        await until(lambda: chat.findChildren(ActionDialog), what="the publish form")
        (dialog,) = [d for d in chat.findChildren(ActionDialog) if d.isVisible()]
        body = dialog.widget("body")
        assert body.toPlainText() == "Прието, на място сме след 5 минути"
        body.setPlainText("Екипът ще е на място до 5 минути.")
        published = next_signal(chat.published)
        dialog.buttons.button(OK).click()
        assert await asyncio.wait_for(published, 5) == (answer.id,)
        await settle()
        public = [m for m in (await crew_app.get_case(case.id)).thread if m.visibility == "public"]
        assert [m.body for m in public] == ["Екипът ще е на място до 5 минути."]
        await until(
            lambda: "Екипът ще е на място до 5 минути." in view.thread.browser.toPlainText(),
            what="the public update in the thread",
        )


def acknowledgements(timeline: tuple[Any, ...]) -> list[tuple[str, int, int | None]]:
    """(alert, the event that raised it, who acknowledged) of the case's ``case.alert_acknowledged``."""
    return [
        (e.data["alert"], e.data["event_id"], e.actor_user_id)
        for e in timeline
        if e.type == "case.alert_acknowledged"
    ]


async def test_an_urgent_case_alerts_the_operators_and_one_acknowledgement_clears_every_console_of_theirs(
    consoles: Consoles,
) -> None:
    async with consoles:
        first = await consoles.open("operator")
        second = await consoles.open("operator")
        lead = await consoles.open("lead")
        panel = first.window.alerts
        title = first.window.tr("Alerts")
        assert panel.model.rowCount() == 0 and first.window.alerts_dock.windowTitle() == title

        raised = next_signal(panel.alert_raised)
        other = await consoles.client("operator2")
        case, _ = await other.create_case(new_case("Паднал стълб на платното", priority="urgent"))
        (event_id,) = await asyncio.wait_for(raised, 5)
        for console in (first, second, lead):
            await until(lambda c=console: c.window.alerts.model.rowCount() == 1, what="the alert everywhere")
        alert = panel.book.pending[0]
        assert (alert.kind, alert.case_id, alert.tracking_number) == ("urgent", case.id, case.tracking_number)
        assert panel.model.data(panel.model.index(0, 2), DISPLAY) == case.tracking_number
        assert panel.model.data(panel.model.index(0, 3), DISPLAY) == "Паднал стълб на платното"
        assert first.window.alerts_dock.windowTitle() == f"{title} (1)"
        assert first.window.alerts_dock.isVisible()
        first.window.alerts.open_button.click()  # "Open case": the alert's case in the case view
        await until(lambda: first.window.case_view.case_id == case.id, what="the alert's case opening")
        # Whoever filed it is not alerted about their own report.
        own = await consoles.open("operator2")
        assert own.window.alerts.model.rowCount() == 0

        # Ctrl+Shift+K in one console: recorded on the server, gone from both of this operator's consoles.
        await activate(first)
        acknowledged = next_signal(panel.alert_acknowledged)
        QTest.keyClick(first.window.queue.table, Qt.Key.Key_K, CTRL_SHIFT)
        assert await asyncio.wait_for(acknowledged, 5) == (event_id,)
        assert panel.model.rowCount() == 0 and first.window.alerts_dock.windowTitle() == title
        await until(
            lambda: second.window.alerts.model.rowCount() == 0, what="the alert leaving the 2nd console"
        )
        timeline = (await first.client.get_case(case.id)).timeline
        assert acknowledgements(timeline) == [("urgent", event_id, first.session.user.id)]
        assert lead.window.alerts.model.rowCount() == 1  # the lead's own alert waits for the lead


async def test_a_missed_deadline_and_the_escalation_reach_the_lead_who_acknowledges_them_by_enter(
    consoles: Consoles, clock: FrozenClock
) -> None:
    async with consoles:
        lead = await consoles.open("lead")
        operator = await consoles.open("operator")
        case = await cgm_case(operator.client, priority="high")  # ЦГМ, high: 4 hours to resolve
        assert case.due_at == clock.now() + timedelta(hours=4)
        panel = lead.window.alerts
        await asyncio.sleep(0.3)  # the watch ticked a few times: nothing is due yet
        assert panel.model.rowCount() == 0

        clock.advance(timedelta(hours=4, minutes=1))
        await until(lambda: panel.model.rowCount() == 2, what="the breach and the escalation", timeout=10)
        kinds = [a.kind for a in panel.book.pending]
        assert kinds == ["escalated", "sla_breached"]  # newest first
        assert all(a.case_id == case.id for a in panel.book.pending)
        assert lead.window.alerts_dock.windowTitle() == lead.window.tr("Alerts") + " (2)"
        tooltip = panel.model.data(panel.model.index(0, 1), TOOLTIP)
        assert case.tracking_number in tooltip
        # The operator is not the case's lead nor its assignee: no alert there.
        await asyncio.sleep(0.2)
        assert operator.window.alerts.model.rowCount() == 0

        # Enter acknowledges the selected alert (the one selected first stays selected as more arrive);
        # the other one is selected next, so Enter again acknowledges it.
        raised = {a.kind: a.event_id for a in panel.book.pending}
        lead.window.alerts_dock.raise_()
        panel.table.setFocus()
        for remaining in (1, 0):
            selected = panel.selected_alert()
            assert selected is not None and panel.table.currentIndex().isValid()
            acknowledged = next_signal(panel.alert_acknowledged)
            QTest.keyClick(panel.table, Qt.Key.Key_Return)
            assert await asyncio.wait_for(acknowledged, 5) == (selected.event_id,)
            assert panel.model.rowCount() == remaining and selected not in panel.book.pending
        timeline = (await lead.client.get_case(case.id)).timeline
        me = lead.session.user.id
        assert sorted(acknowledgements(timeline)) == sorted((kind, raised[kind], me) for kind in raised)
        assert panel.summary.text() == panel.tr("No alerts to acknowledge.")


def queue_tooltip(console: Console, case_id: int) -> Any:
    model = console.window.queue_model
    row = model.view_row_of(case_id)
    assert row is not None
    return model.data(model.index(row, COL_TRACKING), TOOLTIP)


async def test_presence_shows_who_else_has_the_case_open_until_they_leave_or_go_silent(
    consoles: Consoles, clock: FrozenClock
) -> None:
    async with consoles:
        operator = await consoles.open("operator")
        lead = await consoles.open("lead")
        case = await cgm_case(operator.client)
        other_case = await cgm_case(operator.client, "Друга кола")
        for console in (operator, lead):
            await until(lambda c=console: c.window.queue_model.view_row_of(other_case.id) is not None)
        mine, theirs = operator.window.case_view, lead.window.case_view

        sent = next_signal(mine.presence.sent)
        await open_case(operator, case.id)
        await asyncio.wait_for(sent, 5)
        assert not mine.also_open.isVisible()  # nobody else yet
        await until(lambda: queue_tooltip(lead, case.id) is not None, what="the marker in the lead's queue")
        assert queue_tooltip(lead, case.id) == lead.window.queue_model.tr("Also open by: %1").replace(
            "%1", "Operator"
        )
        assert lead.window.queue_model.data(
            lead.window.queue_model.index(lead.window.queue_model.view_row_of(case.id) or 0, COL_TRACKING),
            Qt.ItemDataRole.DecorationRole,
        )
        assert queue_tooltip(operator, case.id) is None  # never oneself

        await open_case(lead, case.id)
        also = mine.tr("Also open by: %1")
        await until(lambda: theirs.also_open.isVisible(), what="'also open by' in the lead's case view")
        assert theirs.also_open.text() == also.replace("%1", "Operator")
        await until(lambda: mine.also_open.isVisible(), what="'also open by' in the operator's case view")
        assert mine.also_open.text() == also.replace("%1", "Lead")
        assert queue_tooltip(operator, case.id) == also.replace("%1", "Lead")

        # The lead starts typing a message: "editing" within a second.
        theirs.thread.editor.setFocus()
        type_text(theirs.thread.editor, "Проверявам")
        editing = also.replace("%1", "Lead (" + mine.tr("editing") + ")")
        await until(lambda: mine.also_open.text() == editing, what="the lead editing")
        theirs.thread.editor.clear()

        # The lead moves on to another case: gone from the operator's case view and queue marker.
        await open_case(lead, other_case.id)
        await until(lambda: not mine.also_open.isVisible(), what="the lead leaving the case")
        assert queue_tooltip(operator, case.id) is None
        await until(
            lambda: queue_tooltip(operator, other_case.id) == also.replace("%1", "Lead"),
            what="the lead on the other case in the operator's queue",
        )

        # A console that goes silent (crashed, cable pulled) expires with the server's clock.
        silent = await consoles.client("operator2")
        await silent.presence_heartbeat(case.id)
        await until(lambda: mine.also_open.isVisible(), what="the silent console arriving")
        assert mine.also_open.text() == also.replace("%1", "Operator2")
        assert "Operator2" in queue_tooltip(lead, case.id)
        clock.advance(timedelta(seconds=61))  # the server's presence TTL is 60 s
        await until(lambda: not mine.also_open.isVisible(), what="the silent console expiring")
        # (The operator's own presence expired too: the server's clock jumped past its next heartbeat.)
        await until(
            lambda: "Operator2" not in (queue_tooltip(lead, case.id) or ""), what="the expiry in the queue"
        )


async def test_an_alert_about_a_case_transferred_away_leaves_the_units_list_when_acknowledged(
    consoles: Consoles,
) -> None:
    """The unit no longer sees the case (the server answers 403): acknowledging just clears it here."""
    async with consoles:
        staff = await consoles.open("cgm")
        panel = staff.window.alerts
        operator = await consoles.client("operator")
        raised = next_signal(panel.alert_raised)
        case = await cgm_case(operator, "Паднал светофар", priority="urgent")
        await asyncio.wait_for(raised, 5)
        await operator.transfer(case.id, case.version, "SI", "not_competent")
        assert await panel.acknowledge(panel.book.pending[0])
        assert panel.model.rowCount() == 0 and panel.status.text() == ""
