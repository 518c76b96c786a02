"""Phone intake, scripted: how many keys beyond the free text an operator presses for a whole report, and
how long the call's filing takes an operator typing at 200 characters a minute (goal ≤ 45 s).

The console's intake panel runs on the qasync loop against the embedded default (a real ``central`` child
process on loopback with SQLite and the Sofia demo data). Each scripted call is typed into whatever widget
has the keyboard focus, as a person would: the caller's number, Enter, a category word, Enter, a place,
Enter, the description, Ctrl+Enter. The operator's time is

    (characters typed + keys pressed) / (200 / 60 per second) + the time the console made them wait

where the wait is measured (focus moves, look-ups, filing).

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/intake_flow.py
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")

import qasync
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from dispatcher.client import CentralClient
from dispatcher.drafts import DraftStore
from dispatcher.embedded import DEMO_PASSWORD, EmbeddedServer
from dispatcher.outbox import Outbox, OutboxSender
from dispatcher.store import Store
from ui.main_window import MainWindow

CHARS_PER_SECOND = 200 / 60
GOAL_SECONDS = 45.0
KEY_BUDGET = 12
CALLS = [
    ("0888 123 456", "дупка", "Витоша", "Дълбока дупка на платното, колите заобикалят в насрещното"),
    ("02 981 2345", "клон", "Студентски град", "Голям клон виси над тротоара след бурята, опасно е"),
    (
        "+359 899 555 111",
        "кола на тротоара",
        "Цариградско",
        "Кола паркирана на тротоара, майки с колички минават по платното",
    ),
    ("0877 44 55 66", "лампа", "Черни връх", "Не свети уличното осветление на цялата улица от седмица"),
    ("0888 765 432", "контейнер", "Сливница", "Контейнерите не са извозвани от десет дни, мирише"),
]


class Operator:
    def __init__(self) -> None:
        self.keys = 0
        self.characters = 0
        self.waited = 0.0

    @staticmethod
    def focus() -> QWidget:
        widget = QApplication.focusWidget()
        assert widget is not None, "nothing has the focus"
        return widget

    def type(self, text: str) -> None:
        self.characters += len(text)
        widget = self.focus()
        for character in text:  # QTest.keyClicks cannot type Cyrillic
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(
                    widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, character)
                )

    def press(self, key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        self.keys += 1
        QTest.keyClick(self.focus(), key, modifiers)

    async def wait_for(self, condition, what: str, timeout: float = 10.0) -> None:  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        while not condition():
            if time.perf_counter() - started > timeout:
                raise TimeoutError(what)
            await asyncio.sleep(0.005)
        self.waited += time.perf_counter() - started


async def file_one(window: MainWindow, call: tuple[str, str, str, str]) -> Operator:
    phone, category, place, description = call
    intake = window.intake
    operator = Operator()
    ctrl = Qt.KeyboardModifier.ControlModifier
    window.queue.table.setFocus()
    operator.press(Qt.Key.Key_N, ctrl)
    await operator.wait_for(lambda: QApplication.focusWidget() is intake.phone, "number field")
    operator.type(phone)
    operator.press(Qt.Key.Key_Return)
    await operator.wait_for(lambda: QApplication.focusWidget() is intake.category.edit, "category field")
    operator.type(category)
    operator.press(Qt.Key.Key_Return)
    await operator.wait_for(lambda: QApplication.focusWidget() is intake.location.edit, "location field")
    operator.type(place)
    operator.press(Qt.Key.Key_Return)
    await operator.wait_for(lambda: QApplication.focusWidget() is intake.description, "description field")
    operator.type(description)
    operator.press(Qt.Key.Key_Return, ctrl)
    await operator.wait_for(lambda: intake.result.isVisible() and intake.result.number.text(), "result")
    number = intake.result.number.text()
    assert number.startswith("SOF-"), number
    assert intake.form.empty
    return operator


async def run() -> None:
    with tempfile.TemporaryDirectory() as folder:
        server = EmbeddedServer(Path(folder) / "server", demo_cases=20)
        url = await server.start()
        client = CentralClient(url)
        outbox = await Outbox.aopen(Path(folder) / "outbox.sqlite3")
        try:
            session = await client.login("operator", DEMO_PASSWORD)
            store = Store(session.user)
            await store.load(client)
            sender = OutboxSender(outbox, client, store=store)
            window = MainWindow(
                session,
                client,
                store,
                outbox=outbox,
                drafts=DraftStore(Path(folder) / "drafts"),
                sender=sender,
                restore=False,
            )
            window.show()
            window.activateWindow()
            await asyncio.sleep(0.2)
            rows = []
            for call in CALLS:
                window.intake.result.hide()
                operator = await file_one(window, call)
                typing = (operator.characters + operator.keys) / CHARS_PER_SECOND
                rows.append((operator, typing + operator.waited))
                await asyncio.sleep(0.1)
            print(f"{'call':<5}{'keys':>6}{'chars':>7}{'typing s':>10}{'waits s':>9}{'total s':>9}")
            for number, (operator, total) in enumerate(rows, 1):
                typing = (operator.characters + operator.keys) / CHARS_PER_SECOND
                print(
                    f"{number:<5}{operator.keys:>6}{operator.characters:>7}{typing:>10.1f}"
                    f"{operator.waited:>9.2f}{total:>9.1f}"
                )
            worst = max(total for _op, total in rows)
            most_keys = max(op.keys for op, _t in rows)
            print(
                f"keys beyond free text: at most {most_keys} (budget {KEY_BUDGET}); "
                f"operator time at 200 characters/min: at most {worst:.1f} s (goal ≤ {GOAL_SECONDS:.0f} s)"
            )
            window.close()
        finally:
            await client.aclose()
            await outbox.aclose()
            await server.stop()


def main() -> None:
    app = QApplication.instance() or QApplication([])
    app.setQuitOnLastWindowClosed(False)  # closing the window must not stop the loop under run()
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        loop.run_until_complete(run())


if __name__ == "__main__":
    main()
