"""Phone intake, as an operator does it, against a real server: the whole report by keyboard (keystrokes
beyond the free text counted), the caller's history, adding a call to a duplicate, the outbox across a
server outage and a console restart, a draft restored after a crash, and bad input at every field."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from dispatcher.client import CentralClient
from tests.dispatcher.helpers import new_case
from tests.live_server import LiveServer
from tests.ui.harness import Console, Consoles, settle, type_text, until
from ui.intake.panel import IntakePanel

GAZETTEER = Path(__file__).resolve().parents[2] / "central" / "seed" / "data" / "demo_gazetteer.csv"
ROADS = 3  # Пътна инфраструктура (district administrations)
VITOSHA = (42.6925, 23.3210)  # бул. Витоша in the demo gazetteer
Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier


def load_gazetteer(server: LiveServer) -> None:
    from central.db import make_engine, make_sessionmaker, session_scope
    from central.geocode.service import import_gazetteer

    engine = make_engine(server.database_url)
    with session_scope(make_sessionmaker(engine)) as session:
        import_gazetteer(session, GAZETTEER)
    engine.dispose()


@dataclass
class Operator:
    """Types at the keyboard of a console: free text into whatever has the focus, and named keys, which
    are counted (the issue's budget is on keys beyond the free text)."""

    console: Console
    keys: int = 0
    characters: int = 0
    log: list[str] = field(default_factory=list)

    def focus(self) -> QWidget:
        widget = QApplication.focusWidget()
        assert widget is not None, "nothing has the keyboard focus"
        return widget

    def type(self, text: str) -> None:
        self.characters += len(text)
        type_text(self.focus(), text)

    def press(self, key: Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        self.keys += 1
        self.log.append(f"{modifiers.name}+{key.name}" if modifiers else key.name)
        QTest.keyClick(self.focus(), key, modifiers)


async def open_intake(consoles: Consoles, username: str = "operator", **kwargs: object) -> Console:
    console = await consoles.open(username, **kwargs)  # type: ignore[arg-type]
    window = console.window
    window.activateWindow()
    window.raise_()
    await until(lambda: QApplication.activeWindow() is window, what="the console's window to be active")
    return console


def panel(console: Console) -> IntakePanel:
    return console.window.intake


async def focus_on(widget: QWidget, what: str) -> None:
    await until(lambda: QApplication.focusWidget() is widget, what=f"the focus on {what}")


async def test_a_whole_report_by_keyboard_in_at_most_twelve_keys(consoles: Consoles) -> None:
    load_gazetteer(consoles.server)
    async with consoles:
        console = await open_intake(consoles)
        intake = panel(console)
        operator = Operator(console)
        console.window.queue.table.setFocus()
        started = time.perf_counter()

        operator.press(Key.Key_N, CTRL)  # from anywhere
        await focus_on(intake.phone, "the caller's number")
        operator.type("0888 123 456")
        operator.press(Key.Key_Return)
        await focus_on(intake.category.edit, "the category")
        operator.type("дупка")
        operator.press(Key.Key_Return)  # the top match
        await focus_on(intake.location.edit, "the location")
        operator.type("Витоша 10")
        operator.press(Key.Key_Return)  # the top place, once the server answered
        await focus_on(intake.description, "the description")
        operator.type("Дълбока дупка на платното пред номер 10, колите заобикалят в насрещното.")
        operator.press(Key.Key_Return, CTRL)
        await until(lambda: intake.result.isVisible(), what="the tracking number")
        elapsed = time.perf_counter() - started

        assert operator.keys <= 12, operator.log
        assert operator.keys == 5, operator.log
        number = intake.result.number.text()
        assert number.startswith("SOF-"), number
        case = next(c for c in console.store.cases.values() if c.tracking_number == number)
        assert case.category_id == ROADS
        assert case.channel == "phone"
        assert (case.lat, case.lon) == VITOSHA
        # Routed to the administration of the district the point lies in: never asked of the caller.
        owner = console.store.reference.units[case.owner_unit_code]
        assert case.district_code is not None and owner.district_code == case.district_code
        reporters = await console.client.reporters(case.id)
        assert [r.phone_e164 for r in reporters] == ["+359888123456"]
        assert owner.name_bg in intake.result.owner.text()
        assert intake.result.deadline.text()
        # The form is empty again, ready for the next call, and no draft is left behind.
        assert intake.phone.text() == "" and intake.form.empty
        assert await intake._drafts.aload("intake") is None
        print(
            f"\nintake by keyboard: {operator.keys} keys, {operator.characters} characters, {elapsed:.2f} s"
        )


async def test_the_callers_history_and_adding_the_call_to_an_earlier_case(consoles: Consoles) -> None:
    async with consoles:
        other = await consoles.client("operator2")
        earlier, _ = await other.create_case(
            new_case("Паднал клон на тротоара", category_id=6, reporter={"phone": "+359 888 555 111"})
        )
        console = await open_intake(consoles)
        intake = panel(console)
        operator = Operator(console)
        operator.press(Key.Key_F2)
        await focus_on(intake.phone, "the caller's number")
        operator.type("0888 555 111")
        await until(lambda: intake.history.count() == 1, what="the caller's history")
        assert intake.history.tree.topLevelItem(0).text(0) == earlier.tracking_number
        operator.type("")  # nothing more to type: the operator goes to the list and adds the call
        intake.history.tree.setFocus()
        operator.type("")
        operator.press(Key.Key_Return)
        await until(lambda: intake.result.isVisible(), what="the result")
        assert intake.result.number.text() == earlier.tracking_number
        reporters = await other.reporters(earlier.id)
        assert [(r.phone_e164, r.is_follower) for r in reporters] == [
            ("+359888555111", False),
            ("+359888555111", True),
        ]
        assert len(console.store.cases) == 1  # nothing new was filed


async def test_one_key_adds_the_caller_to_a_possible_duplicate(consoles: Consoles) -> None:
    async with consoles:
        other = await consoles.client("operator2")
        existing, _ = await other.create_case(
            new_case("Дупка", category_id=ROADS, lat=42.69252, lon=23.32105, address="бул. Витоша 12")
        )
        console = await open_intake(consoles)
        intake = panel(console)
        operator = Operator(console)
        operator.press(Key.Key_N, CTRL)
        operator.type("0899 111 222")
        operator.press(Key.Key_Return)
        operator.type("дупк")
        operator.press(Key.Key_Return)
        await focus_on(intake.location.edit, "the location")
        operator.type("42.6925, 23.3210")  # pasted from the caller's phone
        operator.press(Key.Key_Return)
        await until(lambda: intake.duplicates.count() == 1, what="the possible duplicate")
        assert intake.duplicates.tree.topLevelItem(0).text(0) == existing.tracking_number
        operator.type("Същата дупка, обажда се втори човек")
        operator.press(Key.Key_D, CTRL)
        await until(lambda: intake.result.isVisible(), what="the result")
        assert intake.result.number.text() == existing.tracking_number
        reporters = await other.reporters(existing.id)
        assert [(r.phone_e164, r.is_follower) for r in reporters][-1] == ("+359899111222", True)
        detail = await other.get_case(existing.id)
        assert any("Същата дупка" in m.body and m.visibility == "internal" for m in detail.thread)
        cases = [c async for page in other.iter_cases() for c in page]
        assert len(cases) == 1


async def fill(operator: Operator, intake: IntakePanel, description: str) -> None:
    operator.press(Key.Key_N, CTRL)
    await focus_on(intake.phone, "the caller's number")
    operator.type("0888 777 888")
    operator.press(Key.Key_Return)
    operator.type("лампа")
    operator.press(Key.Key_Return)
    await focus_on(intake.location.edit, "the location")
    operator.type("бул. Витоша 25")
    operator.press(Key.Key_Return)  # the server is down: the address is kept as typed
    await focus_on(intake.description, "the description")
    operator.type(description)


async def test_a_report_filed_while_the_server_is_down_arrives_once_after_a_restart(
    consoles: Consoles, tmp_path: Path
) -> None:
    server = consoles.server
    async with consoles:
        console = await open_intake(consoles, data_dir=tmp_path)
        intake = panel(console)
        operator = Operator(console)
        server.stop()
        await fill(operator, intake, "Не свети уличната лампа")
        operator.press(Key.Key_Return, CTRL)
        await until(lambda: intake.result.isVisible(), what="the queued result")
        assert intake.result.queued_key is not None
        strip = console.window.outbox_strip
        await until(lambda: strip.isVisible() and strip.tree.topLevelItemCount() == 1, what="pending row")
        assert console.window.outbox_badge.isVisible()
        assert "1" in console.window.outbox_badge.text()
        await console.close()  # the console is closed before the server is back
        consoles._consoles.remove(console)

        server.start()
        again = await open_intake(consoles, data_dir=tmp_path)
        await until(
            lambda: any(c.description == "Не свети уличната лампа" for c in again.store.cases.values()),
            what="the queued report on the server",
            timeout=15,
        )
        await until(lambda: not again.window.outbox_strip.isVisible(), what="the pending row to go")
        checker = await consoles.client("operator2")
        cases = [c async for page in checker.iter_cases() for c in page]
        assert [c.description for c in cases] == ["Не свети уличната лампа"]
        assert not again.window.outbox_badge.isVisible()


async def test_a_draft_is_offered_again_after_a_crash(consoles: Consoles, tmp_path: Path) -> None:
    async with consoles:
        console = await open_intake(consoles, data_dir=tmp_path)
        intake = panel(console)
        intake._autosave.setInterval(100)
        operator = Operator(console)
        operator.press(Key.Key_N, CTRL)
        await focus_on(intake.phone, "the caller's number")
        operator.type("02 981 2345")
        operator.press(Key.Key_Return)
        operator.type("клон")
        operator.press(Key.Key_Return)
        await focus_on(intake.location.edit, "the location")
        intake.description.setFocus()
        operator.type("Клон виси над детската площадка")
        await until(lambda: (tmp_path / "drafts" / "intake.json").exists(), what="the autosaved draft")
        await asyncio.sleep(0.3)  # the last keystrokes reach the draft too
        # A crash: nothing is closed properly, the draft stays as the last autosave left it.
        await console.close()
        consoles._consoles.remove(console)

        again = await open_intake(consoles, data_dir=tmp_path)
        restored = panel(again)
        assert await restored.offer_draft()
        assert restored.draft_banner.isVisible()
        restored.restore_button.click()
        await settle()
        assert restored.phone.text() == "02 981 2345"
        assert restored.form.category_id == 6
        assert restored.description.toPlainText() == "Клон виси над детската площадка"
        assert not restored.draft_banner.isVisible()


async def test_bad_input_is_shown_at_its_field_and_nothing_is_lost(consoles: Consoles) -> None:
    async with consoles:
        console = await open_intake(consoles)
        intake = panel(console)
        operator = Operator(console)
        operator.press(Key.Key_N, CTRL)
        await focus_on(intake.phone, "the caller's number")

        # Nothing typed: the category and the description are asked for, the cursor goes to the first.
        operator.press(Key.Key_Return, CTRL)
        await settle()
        errors = intake.field_errors
        assert errors["category_id"].isVisible() and errors["description"].isVisible()
        assert QApplication.focusWidget() is intake.category.edit

        # A number that cannot exist is flagged but does not stop the report.
        intake.phone.setFocus()
        operator.type("0111 111 111 111")
        assert "⚠" in intake.phone_note.text()
        assert not intake.notify_sms.isEnabled()  # no SMS to a number that does not exist

        # A wrong email address is refused at its field.
        intake.email.setFocus()
        operator.type("ivan.at.example")
        intake.category.setFocus()
        operator.type("лампа")
        operator.press(Key.Key_Return)
        intake.description.setFocus()
        operator.type("Не свети")
        operator.press(Key.Key_Return, CTRL)
        await settle()
        assert errors["reporter.email"].isVisible()
        assert QApplication.focusWidget() is intake.email
        assert intake.description.toPlainText() == "Не свети"  # nothing the operator typed is lost

        # The server's own refusal (an inactive category) comes back to the category field.
        intake.email.clear()
        intake._set_category(39)  # COVID-19: no longer active
        operator.press(Key.Key_Return, CTRL)
        await until(lambda: errors["category_id"].isVisible(), what="the server's refusal at the category")
        assert intake.description.toPlainText() == "Не свети"
        assert (await console.window.outbox.acounts()).failed == 0  # the form holds it, not the outbox
        assert not console.store.cases

        # Fixed, it goes through.
        intake.category.setFocus()
        intake.category.edit.selectAll()
        operator.type("лампа")
        operator.press(Key.Key_Return)
        operator.press(Key.Key_Return, CTRL)
        await until(lambda: intake.result.isVisible(), what="the filed report")
        assert len(console.store.cases) == 1


async def test_a_point_picked_on_the_map_sets_the_location_and_district(consoles: Consoles) -> None:
    async with consoles:
        console = await open_intake(consoles)
        intake = panel(console)
        picks: list[bool] = []
        intake.pick_on_map_requested.connect(lambda: picks.append(True))
        console.window.open_intake()
        QTest.keyClick(intake.phone, Key.Key_M, CTRL)
        assert picks == [True]
        intake.set_location_from_map(*VITOSHA)
        await until(lambda: intake.form.district_code is not None, what="the district of the point")
        assert "✓" in intake.location_note.text()
        intake.set_location_from_map(42.30, 23.00)  # far outside the municipality
        await until(lambda: intake.form.outside_sofia, what="the outside-Sofia warning")
        assert "⚠" in intake.location_note.text()


async def test_a_caller_of_another_client_is_not_a_match_for_history(consoles: Consoles) -> None:
    """The history asks the server by the normalised number: any way of dictating it finds the caller."""
    async with consoles:
        other: CentralClient = await consoles.client("operator2")
        await other.create_case(new_case("Счупена люлка", category_id=32, reporter={"phone": "0888123456"}))
        console = await open_intake(consoles)
        intake = panel(console)
        console.window.open_intake()
        for typed in ("+359 888 123 456", "00359888123456", "088 812 3456"):
            intake.phone.clear()
            intake.phone.setFocus()
            type_text(intake.phone, typed)
            await until(lambda: intake.history.count() == 1, what=f"history for {typed}")
        intake.phone.clear()
        type_text(intake.phone, "0888 123 457")
        await until(lambda: intake.history.count() == 0, what="no history for another number")


async def test_a_photo_places_the_report_and_reaches_the_case_without_its_metadata(
    consoles: Consoles, tmp_path: Path
) -> None:
    from tests.central.attachments.images import CAMERA_MODEL, LAT, LON, jpeg

    photo = tmp_path / "IMG_0042.jpg"
    photo.write_bytes(jpeg())
    async with consoles:
        console = await open_intake(consoles)
        intake = panel(console)
        console.window.open_intake()
        intake.category.setFocus()
        type_text(intake.category.edit, "клон")
        QTest.keyClick(intake.category.edit, Key.Key_Return)
        intake.add_photo_files([str(photo)])  # what the file dialog hands over
        await until(lambda: intake.form.district_code is not None, what="the place read from the photo")
        assert intake.form.lat is not None and intake.form.lon is not None
        assert (round(intake.form.lat, 4), round(intake.form.lon, 4)) == (round(LAT, 4), round(LON, 4))
        assert "GPS" in intake.location_note.text()
        intake.description.setFocus()
        type_text(intake.description, "Паднал клон, снимка от мястото")
        QTest.keyClick(intake.description, Key.Key_Return, CTRL)
        await until(lambda: intake.result.isVisible(), what="the filed report")
        number = intake.result.number.text()
        case = next(c for c in console.store.cases.values() if c.tracking_number == number)
        detail = await console.client.get_case(case.id)
        assert [a.filename for a in detail.attachments] == ["IMG_0042.jpg"]
        stored = await console.client.attachment_bytes(detail.attachments[0].id)
        assert stored[:2] == b"\xff\xd8" and CAMERA_MODEL.encode() not in stored


async def test_the_tab_order_is_natural_and_every_field_has_an_accessible_name(consoles: Consoles) -> None:
    async with consoles:
        console = await open_intake(consoles)
        intake = panel(console)
        console.window.open_intake()
        await focus_on(intake.phone, "the caller's number")
        expected = [
            intake.phone,
            intake.name,
            intake.email,
            intake.anonymous,
            intake.category.edit,
            intake.location.edit,
            intake.pick_button,
            intake.description,
            intake.add_photos,
        ]
        seen = [QApplication.focusWidget()]
        for _ in expected[1:]:
            QTest.keyClick(QApplication.focusWidget(), Key.Key_Tab)
            seen.append(QApplication.focusWidget())
        assert seen == expected
        for widget in expected:
            text = getattr(widget, "text", lambda: "")()
            assert widget.accessibleName() or text, f"{widget!r} has no accessible name"


async def test_the_caller_can_get_the_tracking_number_by_sms(consoles: Consoles) -> None:
    async with consoles:
        console = await open_intake(consoles)
        intake = panel(console)
        console.window.open_intake()
        type_text(intake.phone, "0888 444 333")
        assert intake.notify_sms.isEnabled() and not intake.notify_email.isEnabled()
        intake.notify_sms.setChecked(True)
        intake.category.setFocus()
        type_text(intake.category.edit, "лампа")
        QTest.keyClick(intake.category.edit, Key.Key_Return)
        intake.description.setFocus()
        type_text(intake.description, "Не свети лампата пред входа")
        QTest.keyClick(intake.description, Key.Key_Return, CTRL)
        await until(lambda: intake.result.isVisible(), what="the filed report")
        number = intake.result.number.text()
        case = next(c for c in console.store.cases.values() if c.tracking_number == number)

        async def notified() -> bool:
            detail = await console.client.get_case(case.id)
            return any(e.type == "case.notification_sent" for e in detail.timeline)

        deadline = time.monotonic() + 10
        while not await notified():
            assert time.monotonic() < deadline, "no SMS was sent"
            await asyncio.sleep(0.1)
