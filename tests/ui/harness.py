"""What the GUI tests share: consoles opened the way ``ui.app.run_console`` opens one, logged-in clients,
and awaiting Qt signals from coroutines (a future armed on the signal, never a nested Qt loop)."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import keyring.errors
from keyring.backend import KeyringBackend
from PySide6.QtCore import QEvent, Qt, QTimer, SignalInstance
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QComboBox, QWidget

import ui.async_tools
from dispatcher.client import CentralClient
from dispatcher.drafts import DraftStore
from dispatcher.events import EventStream
from dispatcher.models import Session
from dispatcher.outbox import OUTBOX_NAME, Outbox, OutboxSender
from dispatcher.store import Store
from tests.dispatcher.helpers import until
from tests.live_server import LiveServer
from tests.support import DEMO_PASSWORD
from ui.app import load_crews_and_presence
from ui.case.action_dialog import ActionDialog
from ui.main_window import MainWindow

__all__ = [
    "Console",
    "Consoles",
    "MemoryKeyring",
    "next_signal",
    "open_case",
    "pick",
    "settle",
    "type_text",
    "until",
]

EVERYTHING = 36_500  # Store.load(recent_days=…) reaching back to every case, whatever today's date


class MemoryKeyring(KeyringBackend):
    """A keyring that lives in this process only: what a test stores never reaches a real password store."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.passwords.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError(username)


def next_signal(
    signal: SignalInstance, where: Callable[..., bool] | None = None
) -> asyncio.Future[tuple[Any, ...]]:
    """A future holding the arguments of the signal's next emission (that passes ``where``).

    Arm it *before* triggering what emits, then ``await asyncio.wait_for(future, timeout)``.
    """
    future: asyncio.Future[tuple[Any, ...]] = asyncio.get_running_loop().create_future()

    def slot(*args: Any) -> None:
        if not future.done() and (where is None or where(*args)):
            future.set_result(args)

    def disconnect(_future: object) -> None:
        with contextlib.suppress(RuntimeError):  # the sender may be gone already (a dialog that closed)
            signal.disconnect(slot)

    signal.connect(slot)
    future.add_done_callback(disconnect)
    return future


def type_text(widget: QWidget, text: str) -> None:
    """Type ``text`` into the widget key by key. ``QTest.keyClicks`` handles ASCII only (Cyrillic hits an
    assertion in Qt's testlib that aborts the interpreter), so the key events carry the text themselves."""
    for character in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, character)
            )


def pick(dialog: ActionDialog, field: str, value: object) -> None:
    """Choose ``value`` in a drop-down of an action form."""
    box = dialog.widget(field)
    assert isinstance(box, QComboBox), f"{field} is not a drop-down"
    index = box.findData(value)
    assert index >= 0, f"{value!r} is not offered in {field}"
    box.setCurrentIndex(index)


async def open_case(console: Console, case_id: int) -> None:
    """Select the case in the queue, as the operator would, and wait until the case view shows it."""
    assert console.window.queue.select_case(case_id), f"case {case_id} is not in the queue"
    view = console.window.case_view
    await until(lambda: view.case is not None and view.case.id == case_id, what="the case view loading")
    await settle()


async def settle() -> None:
    """Let the background work of the console finish (case view reloads started from Qt slots)."""
    pending = [task for task in ui.async_tools._running if not task.done()]
    if pending:
        await asyncio.wait(pending, timeout=5)


@dataclass
class Console:
    """One running console: logged-in client, live event stream, loaded store, main window."""

    session: Session
    client: CentralClient
    store: Store
    stream: EventStream
    task: asyncio.Task[None]
    window: MainWindow
    sender: OutboxSender
    sender_task: asyncio.Task[None]

    async def close(self) -> None:
        # No more timers (countdowns, debounced case reloads), no more events, no work in flight; then
        # the connection, then the window.
        for timer in self.window.findChildren(QTimer):
            timer.stop()
        await self.window.case_view.presence.leave()
        self.stream.stop()
        self.sender.stop()
        await asyncio.wait_for(self.task, 5)
        await asyncio.wait_for(self.sender_task, 5)
        await settle()
        await self.client.aclose()
        await self.window.outbox.aclose()
        self.window.close()


class Consoles:
    """The consoles and extra clients of one test against one live server."""

    def __init__(self, server: LiveServer, qtbot: Any) -> None:
        self.server = server
        self._qtbot = qtbot
        self._consoles: list[Console] = []
        self._clients: list[CentralClient] = []
        self._folders: list[Path] = []

    @property
    def closed(self) -> bool:
        return not self._consoles and not self._clients

    async def __aenter__(self) -> Consoles:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        consoles, self._consoles = self._consoles, []
        clients, self._clients = self._clients, []
        for console in reversed(consoles):
            await console.close()
        await settle()
        for client in clients:
            await client.aclose()
        for folder in self._folders:
            shutil.rmtree(folder, ignore_errors=True)
        self._folders = []

    async def client(self, username: str) -> CentralClient:
        """Another user's client (another console's, say), logged in over HTTP."""
        client = CentralClient(self.server.base_url, timeout=10.0)
        self._clients.append(client)
        await client.login(username, DEMO_PASSWORD)
        return client

    async def open(
        self, username: str = "operator", *, recent_days: int = 7, data_dir: Path | None = None
    ) -> Console:
        """What ``run_console`` does after the login dialog: stream first, then load, then the window.

        The stream gets test-sized timings (reconnect after 50-300 ms instead of 0.5-30 s). The outbox
        and drafts live in ``data_dir`` (a fresh temporary folder unless given: pass the same one to
        "restart" a console)."""
        if data_dir is None:
            data_dir = Path(tempfile.mkdtemp(prefix="callsofia-console-"))
            self._folders.append(data_dir)
        client = CentralClient(self.server.base_url, timeout=10.0)
        self._clients.append(client)
        session = await client.login(username, DEMO_PASSWORD)
        store = Store(session.user)
        stream = EventStream(client, heartbeat_timeout=5.0, backoff_initial=0.05, backoff_max=0.3)
        stream.add_event_listener(store.apply)
        task = asyncio.ensure_future(stream.run())
        self._clients.remove(client)  # the console owns it from here
        try:
            assert await stream.wait_ready(timeout=5), "the event stream did not start"
            await store.load(client, recent_days=recent_days)
            await load_crews_and_presence(store, client)
            outbox = await Outbox.aopen(data_dir / OUTBOX_NAME)
            drafts = DraftStore(data_dir / "drafts")
            sender = OutboxSender(outbox, client, store=store, interval=0.2, backoff_max=0.5)
            window = MainWindow(
                session, client, store, outbox=outbox, drafts=drafts, sender=sender, restore=False
            )
        except BaseException:
            stream.stop()
            await asyncio.wait_for(task, 5)
            await client.aclose()
            raise
        self._qtbot.addWidget(window)
        stream.add_state_listener(window.set_connection_state)
        window.set_connection_state(stream.state)
        window.show()
        await window.alerts.load_recent()
        sender_task = asyncio.ensure_future(sender.run())
        console = Console(session, client, store, stream, task, window, sender, sender_task)
        self._consoles.append(console)
        return console
