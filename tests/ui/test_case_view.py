"""The case view: a thread that tells its audiences apart and shows citizen text as text, the composer
(Ctrl+Enter, failures that keep the text), forms that refuse incomplete input themselves, buttons by role."""

from __future__ import annotations

import asyncio
import re

import httpx
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox

from dispatcher.client import CentralClient
from dispatcher.models import Case
from tests.dispatcher.helpers import new_case
from tests.ui.harness import Console, Consoles, next_signal, open_case, pick, settle, type_text, until
from ui.case.action_dialog import ActionDialog
from ui.case.thread import VISIBILITY_STYLE
from ui.labels import visibility_label

OK = QDialogButtonBox.StandardButton.Ok
MARKUP = "<b>bold</b><img src=x onerror=alert(1)>"
CGM = {"category_id": 5, "lat": 42.6975, "lon": 23.3242}  # parking: the Urban Mobility Centre's


async def responders_case(operator: CentralClient, **fields: object) -> Case:
    """A CGM case assigned to the seeded responder (who sees only the cases assigned to them)."""
    users = {u.username: u for u in (await operator.reference()).users.values()}
    case, _ = await operator.create_case(new_case("Кола на тротоара", **{**CGM, **fields}))
    return await operator.assign(case.id, case.version, users["responder"].id, note="към екипа")


def record_requests(console: Console) -> list[str]:
    """``METHOD path`` of every request the console's client sends from now on."""
    sent: list[str] = []

    async def hook(request: httpx.Request) -> None:
        sent.append(f"{request.method} {request.url.path}")

    console.client.http.event_hooks["request"].append(hook)
    return sent


def message_blocks(html: str) -> list[str]:
    """The rendered thread, one piece of HTML per message (each message is a table of its own)."""
    return [block for block in re.split(r"<table", html)[1:]]


async def test_the_thread_tells_public_internal_and_crew_messages_apart(consoles: Consoles) -> None:
    async with consoles:
        operator = await consoles.client("operator")
        case = await responders_case(operator)
        bodies = {
            "public": "Благодарим, екипът е уведомен",
            "internal": "Вътрешно: собственикът е известен",
            "crew": "За екипа: вход откъм двора",
        }
        for visibility, body in bodies.items():
            await operator.post_message(case.id, body, visibility)

        staff = await consoles.open("operator")
        await open_case(staff, case.id)
        browser = staff.window.case_view.thread.browser
        text = browser.toPlainText()
        blocks = message_blocks(browser.toHtml())
        assert len(blocks) == 3
        for visibility, body in bodies.items():
            assert f"[{visibility_label(visibility)}]" in text
            (block,) = [b for b in blocks if body in b]
            background, accent = VISIBILITY_STYLE[visibility]
            assert background in block and accent in block, visibility
            others = {VISIBILITY_STYLE[v][1] for v in bodies if v != visibility}
            assert not any(colour in block for colour in others), visibility
        assert len({style for style in VISIBILITY_STYLE.values()}) == 3

        # A responder's thread has no internal messages at all.
        crew = await consoles.open("responder")
        await open_case(crew, case.id)
        seen = crew.window.case_view.thread.browser.toPlainText()
        assert bodies["public"] in seen and bodies["crew"] in seen and bodies["internal"] not in seen


async def test_citizen_text_with_markup_is_shown_literally(consoles: Consoles) -> None:
    async with consoles:
        operator = await consoles.client("operator")
        case, _ = await operator.create_case(new_case(MARKUP, address="<i>ул. Шипка</i> 6"))
        await operator.post_message(case.id, MARKUP, "public")
        console = await consoles.open("operator")
        await open_case(console, case.id)
        view = console.window.case_view
        browser = view.thread.browser
        assert MARKUP in browser.toPlainText()
        html = browser.toHtml()
        assert "&lt;b&gt;bold&lt;/b&gt;&lt;img" in html
        assert "<img" not in html and "<b>bold" not in html
        description = view.details.values["description"]
        assert description.text() == MARKUP and description.textFormat() == Qt.TextFormat.PlainText
        assert view.details.values["address"].text().startswith("<i>ул. Шипка</i> 6")
        timeline = view.timeline
        details = [timeline.topLevelItem(n).text(3) for n in range(timeline.topLevelItemCount())]
        assert MARKUP in details  # plain tree items: the timeline shows it as text too


async def test_ctrl_enter_sends_the_message_and_clears_the_editor(consoles: Consoles) -> None:
    async with consoles:
        console = await consoles.open("operator")
        other = await consoles.client("operator2")
        case, _ = await other.create_case(new_case("Дупка"))
        await open_case(console, case.id)
        thread = console.window.case_view.thread
        thread.visibility.setCurrentIndex(thread.visibility.findData("crew"))
        thread.editor.setFocus()
        type_text(thread.editor, "Екипът тръгна")
        assert thread.editor.toPlainText() == "Екипът тръгна"

        QTest.keyClick(thread.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        await until(lambda: thread.editor.toPlainText() == "", what="the editor clearing after sending")
        await until(lambda: "Екипът тръгна" in thread.browser.toPlainText(), what="the message in the thread")
        await settle()
        (message,) = (await other.get_case(case.id)).thread
        assert (message.body, message.visibility) == ("Екипът тръгна", "crew")
        assert message.author_name == console.session.user.full_name
        assert thread.status.text() == "" and thread.send_button.isEnabled()

        # An empty editor sends nothing.
        sent = record_requests(console)
        QTest.keyClick(thread.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        await asyncio.sleep(0.1)
        assert thread.status.text() == thread.tr("Write something first.")
        assert not [request for request in sent if request.startswith("POST")]


async def test_a_responder_is_offered_only_the_crew_thread(consoles: Consoles) -> None:
    async with consoles:
        operator = await consoles.client("operator")
        case = await responders_case(operator)
        console = await consoles.open("responder")
        await open_case(console, case.id)
        combo = console.window.case_view.thread.visibility
        assert [combo.itemData(i) for i in range(combo.count())] == ["crew"]


async def test_a_refused_message_keeps_the_text_and_says_why(consoles: Consoles) -> None:
    async with consoles:
        operator = await consoles.client("operator")
        case = await responders_case(operator)
        case = await operator.set_status(
            case.id, case.version, "rejected", "Не е в правомощията на общината."
        )
        console = await consoles.open("operator")
        console.window.queue.select_preset("all")  # a rejected case is not among the open ones
        await until(lambda: console.window.queue_model.view_row_of(case.id) is not None, what="the case row")
        await open_case(console, case.id)
        thread = console.window.case_view.thread
        thread.visibility.setCurrentIndex(thread.visibility.findData("public"))
        type_text(thread.editor, "Допълнение към отговора")

        QTest.keyClick(thread.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        await until(lambda: thread.status.text() != "", what="the reason in the composer")
        await settle()
        assert "public updates are closed" in thread.status.text()
        assert thread.editor.toPlainText() == "Допълнение към отговора"
        assert thread.send_button.isEnabled()
        before = len((await operator.get_case(case.id)).thread)

        # Changing the audience and sending again works, and the reason goes away.
        thread.visibility.setCurrentIndex(thread.visibility.findData("internal"))
        thread.send_button.click()
        await until(lambda: thread.editor.toPlainText() == "", what="the second attempt")
        await settle()
        assert thread.status.text() == ""
        messages = (await operator.get_case(case.id)).thread
        assert len(messages) == before + 1 and messages[-1].visibility == "internal"


async def test_resolving_without_a_public_note_is_refused_by_the_form_itself(consoles: Consoles) -> None:
    async with consoles:
        console = await consoles.open("operator")
        case, _ = await console.client.create_case(new_case("Дупка"))
        case = await console.client.assign(case.id, case.version, console.session.user.id)
        await open_case(console, case.id)
        view = console.window.case_view
        sent = record_requests(console)

        dialog = view.start_action("status")
        assert isinstance(dialog, ActionDialog)
        pick(dialog, "status", "resolved")
        submitted = next_signal(dialog.submitted)
        dialog.buttons.button(OK).click()
        await asyncio.sleep(0.1)
        assert dialog.isVisible() and not submitted.done()
        required = dialog.tr("Required: %1").replace("%1", view.tr("Public note to the citizen"))
        assert dialog.message.text() == required
        assert sent == [], "the form called the server"

        type_text(dialog.widget("note"), "Дупката е запълнена.")
        accepted = next_signal(dialog.accepted)
        dialog.buttons.button(OK).click()
        await asyncio.wait_for(accepted, 5)
        await settle()
        assert any(request.endswith(f"/cases/{case.id}/status") for request in sent)
        detail = await console.client.get_case(case.id)
        assert detail.case.status == "resolved"
        assert [m.body for m in detail.thread if m.visibility == "public"] == ["Дупката е запълнена."]


async def test_the_reporters_button_is_for_staff_and_never_for_a_responder(consoles: Consoles) -> None:
    async with consoles:
        operator = await consoles.client("operator")
        case = await responders_case(operator, reporter={"name": "Иван Петров", "phone": "0888 123 456"})
        assert case.reporter_count == 1

        crew = await consoles.open("responder")
        await open_case(crew, case.id)
        assert not crew.window.case_view.buttons["reporters"].isEnabled()

        staff = await consoles.open("operator")
        await open_case(staff, case.id)
        button = staff.window.case_view.buttons["reporters"]
        assert button.isEnabled()
        reporters = staff.window.case_view.details.values["reporters"]
        button.click()
        await until(lambda: "+359888123456" in reporters.text(), what="the reporters' contacts")
        assert "Иван Петров" in reporters.text()
