"""Two consoles on one case: an action based on what the operator saw when opening the form is refused
(412) once someone else changed the case; the form stays open with everything typed, says what changed,
and goes through when confirmed again."""

from __future__ import annotations

import asyncio

from PySide6.QtWidgets import QDialogButtonBox

from tests.dispatcher.helpers import new_case
from tests.ui.harness import Consoles, next_signal, open_case, pick, settle, type_text, until
from ui.case.action_dialog import ActionDialog
from ui.labels import status_label

OK = QDialogButtonBox.StandardButton.Ok


async def test_a_stale_assign_keeps_the_form_says_what_changed_and_succeeds_when_confirmed_again(
    consoles: Consoles, qtbot
) -> None:  # type: ignore[no-untyped-def]
    async with consoles:
        reader = await consoles.client("lead")
        case, _ = await reader.create_case(new_case("Дупка на кръстовището"))
        a = await consoles.open("operator")
        b = await consoles.open("operator2")
        await open_case(a, case.id)
        await open_case(b, case.id)
        view_a = a.window.case_view
        mladost = next(u for u in a.store.reference.users.values() if u.username == "mladost")

        # A starts assigning: picks a person and types a note…
        dialog = view_a.start_action("assign")
        assert isinstance(dialog, ActionDialog) and dialog.isVisible()
        pick(dialog, "user_id", mladost.id)
        note = dialog.widget("note")
        type_text(note, "Екипът на Младост е наблизо")

        # …while B triages the same case through its own form.
        form_b = b.window.case_view.start_action("status")
        assert isinstance(form_b, ActionDialog)
        pick(form_b, "status", "triaged")
        accepted_b = next_signal(form_b.accepted)
        form_b.buttons.button(OK).click()
        await asyncio.wait_for(accepted_b, 5)

        # A's console follows live: the case behind the open form now shows the new status.
        await until(lambda: view_a.case is not None and view_a.case.status == "triaged", what="A's refresh")

        # A confirms what it saw: the server refuses (412), nothing is lost, the form explains.
        dialog.buttons.button(OK).click()
        await until(lambda: dialog.message.isVisible(), what="the form's message")
        await settle()
        assert dialog.isVisible()
        assert note.toPlainText() == "Екипът на Младост е наблизо"  # type: ignore[union-attr]
        assert dialog.values()["user_id"] == mladost.id
        message = dialog.message.text()
        assert f"{status_label('new')} → {status_label('triaged')}" in message, message
        assert dialog.buttons.isEnabled()
        on_server = (await reader.get_case(case.id)).case
        assert (on_server.status, on_server.assignee_user_id) == ("triaged", None)

        # Confirming again (now knowing) goes through.
        accepted = next_signal(dialog.accepted)
        dialog.buttons.button(OK).click()
        await asyncio.wait_for(accepted, 5)
        await settle()
        detail = await reader.get_case(case.id)
        assert (detail.case.status, detail.case.assignee_user_id) == ("assigned", mladost.id)
        assert detail.timeline[-1].type == "case.assigned"
        assert detail.timeline[-1].data.get("note") == "Екипът на Младост е наблизо"
        await until(lambda: view_a.case is not None and view_a.case.assignee_user_id == mladost.id)


async def test_an_operator_who_has_not_seen_the_change_yet_is_stopped_too(consoles: Consoles, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The brief's order: B changes first, A opens the form before its console heard of it."""
    async with consoles:
        b = await consoles.client("operator2")
        case, _ = await b.create_case(new_case("Счупена пейка"))
        a = await consoles.open("operator")
        await open_case(a, case.id)
        view = a.window.case_view
        a.stream.stop()  # A's console is slow to hear (a stalled connection): it still shows version 1
        await asyncio.wait_for(a.task, 5)
        await b.set_status(case.id, case.version, "triaged")
        assert view.case is not None and view.case.version == case.version

        dialog = view.start_action("assign")
        assert isinstance(dialog, ActionDialog)
        type_text(dialog.widget("note"), "поемам")
        dialog.buttons.button(OK).click()
        await until(lambda: dialog.message.isVisible(), what="the form's message")
        await settle()
        assert dialog.isVisible() and dialog.values()["note"] == "поемам"
        assert f"{status_label('new')} → {status_label('triaged')}" in dialog.message.text()
        accepted = next_signal(dialog.accepted)
        dialog.buttons.button(OK).click()
        await asyncio.wait_for(accepted, 5)
        await settle()
        assert (await b.get_case(case.id)).case.status == "assigned"
