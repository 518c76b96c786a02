"""Logging in (``ui.app.log_in``): the dialog is driven from the test while ``log_in`` awaits it (it is opened
with ``open()``, never ``exec()``); keyrings are fakes and settings live in the test's tmp folder."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import keyring
import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel

import ui.app
from dispatcher.session import NO_KEYRING
from dispatcher.settings import ConsoleSettings
from tests.live_server import LiveServer
from tests.support import DEMO_PASSWORD
from tests.ui.harness import MemoryKeyring, until
from ui.app import log_in
from ui.login_dialog import LoginDialog
from ui.settings_store import load_settings, qsettings, save_settings

SERVICE = "callsofia-dispatcher"
OK, CANCEL = QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> list[LoginDialog]:
    """Every login dialog ``log_in`` creates during the test."""
    created: list[LoginDialog] = []

    class Recorded(LoginDialog):
        def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
            super().__init__(*args, **kwargs)
            created.append(self)

    monkeypatch.setattr(ui.app, "LoginDialog", Recorded)
    return created


async def shown_dialog(qtbot) -> LoginDialog:  # type: ignore[no-untyped-def]
    """The login dialog, once it is on screen (registered with qtbot)."""
    found: list[LoginDialog] = []

    def visible() -> bool:
        found[:] = [w for w in QApplication.topLevelWidgets() if isinstance(w, LoginDialog) and w.isVisible()]
        return bool(found)

    await until(visible, what="the login dialog")
    (dialog,) = found
    qtbot.addWidget(dialog)
    return dialog


def press(dialog: LoginDialog, button: QDialogButtonBox.StandardButton) -> None:
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    box.button(button).click()


def fill(dialog: LoginDialog, username: str, password: str) -> None:
    dialog.username.setText(username)
    dialog.password.setText(password)


async def test_refused_logins_keep_the_dialog_open_and_the_right_password_logs_in(
    live_server: LiveServer, qtbot, dialogs: list[LoginDialog], isolated_settings: Path
) -> None:  # type: ignore[no-untyped-def]
    url = live_server.base_url
    task = asyncio.ensure_future(log_in(url))
    try:
        dialog = await shown_dialog(qtbot)
        assert dialog.server.text() == url and dialog.username.text() == ""

        # A server that is not there.
        dialog.server.setText("http://127.0.0.1:9")
        fill(dialog, "operator", DEMO_PASSWORD)
        press(dialog, OK)
        await until(
            lambda: dialog.message.text() != "" and dialog.isVisible(), what="the unreachable message"
        )
        assert dialog.message.text() == QApplication.translate(
            "Errors", "The server cannot be reached. Check the connection and try again."
        )

        # The right server, a wrong password: the dialog says so and stays, the password ready to retype.
        dialog.message.clear()
        dialog.server.setText(url)
        fill(dialog, "operator", "wrong password")
        press(dialog, OK)
        await until(lambda: dialog.message.text() != "" and dialog.isVisible(), what="the refusal")
        assert dialog.message.text() == QApplication.translate("Login", "Wrong user name or password.")
        assert dialog.password.selectedText() == "wrong password" and dialog.password.hasFocus()
        assert not task.done() and len(dialogs) == 1

        dialog.password.setText(DEMO_PASSWORD)
        press(dialog, OK)
        client, session = await asyncio.wait_for(task, 5)
        try:
            assert session.user.username == "operator" and session.server_url == url
            assert (await client.me()).username == "operator"
        finally:
            await client.aclose()
        assert not dialog.isVisible() and len(dialogs) == 1
    finally:
        task.cancel()
    saved = load_settings()
    assert (saved.server_url, saved.last_username, saved.remember_me) == (url, "operator", False)
    written = Path(qsettings().fileName())
    assert written.is_file() and isolated_settings in written.parents  # never the user's own settings


async def test_cancel_returns_nothing(live_server: LiveServer, qtbot, dialogs: list[LoginDialog]) -> None:  # type: ignore[no-untyped-def]
    task = asyncio.ensure_future(log_in(live_server.base_url))
    dialog = await shown_dialog(qtbot)
    press(dialog, CANCEL)
    assert await asyncio.wait_for(task, 5) is None
    assert load_settings() == ConsoleSettings()  # nothing was saved


async def test_without_a_keyring_remember_me_is_off_and_the_dialog_says_why(
    live_server: LiveServer, qtbot, dialogs: list[LoginDialog]
) -> None:  # type: ignore[no-untyped-def]
    save_settings(ConsoleSettings(server_url=live_server.base_url, last_username="lead", remember_me=True))
    assert isinstance(keyring.get_keyring(), keyring.backends.fail.Keyring)  # as on a headless machine
    task = asyncio.ensure_future(log_in(live_server.base_url))
    try:
        dialog = await shown_dialog(qtbot)
        assert dialog.username.text() == "lead" and dialog.password.hasFocus()
        assert not dialog.remember.isEnabled() and not dialog.remember.isChecked()
        notes = [label.text() for label in dialog.findChildren(QLabel)]
        assert any(NO_KEYRING in note for note in notes), notes

        dialog.password.setText(DEMO_PASSWORD)
        press(dialog, OK)
        client, session = await asyncio.wait_for(task, 5)
        await client.aclose()
    finally:
        task.cancel()
    assert session.user.username == "lead"
    assert load_settings().remember_me is False


async def test_remember_me_keeps_the_token_in_the_keyring_and_the_next_start_skips_the_dialog(
    live_server: LiveServer, qtbot, dialogs: list[LoginDialog]
) -> None:  # type: ignore[no-untyped-def]
    store = MemoryKeyring()
    keyring.set_keyring(store)
    url = live_server.base_url
    task = asyncio.ensure_future(log_in(url))
    try:
        dialog = await shown_dialog(qtbot)
        assert dialog.remember.isEnabled()
        fill(dialog, "mladost", DEMO_PASSWORD)
        dialog.remember.setChecked(True)
        press(dialog, OK)
        client, session = await asyncio.wait_for(task, 5)
        await client.aclose()
    finally:
        task.cancel()
    saved = json.loads(store.passwords[(SERVICE, url)])
    assert saved == {"username": "mladost", "token": session.token}
    assert load_settings().remember_me is True

    # The next start: no dialog at all.
    client, again = await asyncio.wait_for(log_in(url), 5)
    try:
        assert len(dialogs) == 1
        assert again.token == session.token and again.user.username == "mladost"
        assert (await client.me()).unit_code == "RA-15"
    finally:
        await client.aclose()


async def test_a_saved_token_the_server_refuses_is_forgotten_and_the_dialog_asks(
    live_server: LiveServer, qtbot, dialogs: list[LoginDialog]
) -> None:  # type: ignore[no-untyped-def]
    store = MemoryKeyring()
    keyring.set_keyring(store)
    url = live_server.base_url
    store.set_password(SERVICE, url, json.dumps({"username": "operator", "token": "revoked-long-ago"}))
    task = asyncio.ensure_future(log_in(url))
    dialog = await shown_dialog(qtbot)
    assert (SERVICE, url) not in store.passwords
    press(dialog, CANCEL)
    assert await asyncio.wait_for(task, 5) is None
