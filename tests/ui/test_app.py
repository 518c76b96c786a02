"""The bootstrap module and the window as a whole: arguments, languages, screenshots, the keyboard, the help,
and the PySide6 guard (6.12.0 on CPython 3.11 loses a reference to ``True`` per emit and aborts)."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import keyring
import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QObject, Qt, Signal
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from dispatcher.client import CentralClient
from dispatcher.session import TokenVault
from dispatcher.store import Store
from tests.dispatcher.helpers import new_case
from tests.live_server import LiveServer
from tests.support import DEMO_PASSWORD
from tests.ui.harness import Consoles, MemoryKeyring, next_signal, settle, until
from ui.app import TRANSLATIONS_DIR, install_translators, parse_args, run_console, take_screenshot
from ui.queue.model import PRESETS, QueueModel
from ui.settings_store import qsettings

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

# --- arguments --------------------------------------------------------------------------------------------


def test_parse_args() -> None:
    args = parse_args(
        [
            "--server",
            "https://central.example",
            "--lang",
            "en",
            "--screenshot",
            "out/a.png",
            "--data-dir",
            "d",
        ]
    )
    assert args.server == "https://central.example" and args.lang == "en"
    assert args.screenshot == Path("out/a.png") and args.data_dir == Path("d")
    defaults = parse_args([])
    assert (defaults.server, defaults.lang, defaults.screenshot, defaults.data_dir) == (
        None,
        None,
        None,
        None,
    )


def test_parse_args_refuses_an_unknown_language(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        parse_args(["--lang", "de"])
    assert exit_.value.code == 2
    assert "--lang" in capsys.readouterr().err


# --- languages --------------------------------------------------------------------------------------------


@pytest.fixture
def restore_language(ui_app: QApplication):  # type: ignore[no-untyped-def]
    """Whatever a test installs, the next test starts with the source (English) texts again."""
    installed: list[object] = []
    language, locale = ui_app.property("callsofia_language"), QLocale()
    yield installed
    for translator in installed:
        ui_app.removeTranslator(translator)  # type: ignore[arg-type]
    ui_app.setProperty("callsofia_language", language)
    QLocale.setDefault(locale)
    assert QCoreApplication.translate("QueueModel", "Number") == "Number"


def test_bulgarian_and_english_translators(ui_app: QApplication, restore_language: list[object]) -> None:
    translators = install_translators(ui_app, "bg")
    restore_language.extend(translators)
    assert len(translators) == 2  # ours and Qt's own (qtbase_bg)
    assert QCoreApplication.translate("QueueModel", "Number") == "Номер"
    assert QueueModel(Store()).headerData(0, Qt.Orientation.Horizontal) == "Номер"
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "Отказ"  # Qt's dialogs match
    assert QLocale().language() == QLocale.Language.Bulgarian
    for translator in translators:
        ui_app.removeTranslator(translator)

    restore_language.extend(install_translators(ui_app, "en"))
    assert QCoreApplication.translate("QueueModel", "Number") == "Number"
    assert QueueModel(Store()).headerData(0, Qt.Orientation.Horizontal) == "Number"
    assert ui_app.property("callsofia_language") == "en"


def catalogue(path: Path) -> dict[tuple[str, str], str]:
    """(context, source) → translation of a Qt Linguist .ts file ("" when unfinished)."""
    result = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None or translation.get("type") in ("unfinished", "vanished", "obsolete"):
                text = ""
            else:
                text = translation.text or ""
            result[(name, message.findtext("source", ""))] = text
    return result


def test_every_interface_string_has_a_bulgarian_translation(tmp_path: Path) -> None:
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    if not lupdate.exists():
        lupdate = Path(shutil.which("pyside6-lupdate") or "")
    if not lupdate.is_file():
        pytest.skip("pyside6-lupdate is not installed")
    sources = sorted(str(p) for p in (TRANSLATIONS_DIR.parent / "ui").rglob("*.py"))
    fresh = tmp_path / "fresh_bg.ts"
    subprocess.run([str(lupdate), *sources, "-ts", str(fresh), "-silent"], check=True, timeout=60)
    in_code = set(catalogue(fresh))
    bulgarian = catalogue(TRANSLATIONS_DIR / "callsofia_bg.ts")
    missing = sorted(in_code - set(bulgarian))
    assert not missing, f"strings not in callsofia_bg.ts (run scripts/update-translations): {missing}"
    untranslated = sorted(key for key in in_code if not bulgarian[key])
    assert not untranslated, f"strings without a Bulgarian translation: {untranslated}"


# --- the window -----------------------------------------------------------------------------------------


async def test_take_screenshot_writes_a_png_of_the_loaded_window(consoles: Consoles, tmp_path: Path) -> None:
    async with consoles:
        operator = await consoles.client("operator")
        for n in range(3):
            await operator.create_case(new_case(f"Дупка {n}"))
        console = await consoles.open("operator")
        path = tmp_path / "shots" / "console.png"
        await take_screenshot(console.window, path)
        await settle()
        data = path.read_bytes()
        assert data.startswith(PNG_SIGNATURE) and len(data) > 10_000
        image = QImage(str(path))
        assert (image.width(), image.height()) == (console.window.width(), console.window.height())
        assert console.window.case_view.case is not None  # it opened the most urgent case for the picture


async def test_run_console_with_a_remembered_login_and_screenshot(
    live_server: LiveServer, tmp_path: Path
) -> None:
    """``ui.app.run_console`` end to end: the saved token skips the dialog; --screenshot saves and exits."""
    keyring.set_keyring(MemoryKeyring())
    client = CentralClient(live_server.base_url)
    try:
        session = await client.login("operator", DEMO_PASSWORD)
        await client.create_case(new_case("Дупка"))
    finally:
        await client.aclose()
    assert TokenVault().save(live_server.base_url, "operator", session.token)
    path = tmp_path / "run-console.png"
    args = parse_args(["--server", live_server.base_url, "--screenshot", str(path)])
    assert await asyncio.wait_for(run_console(args), 20) == 0
    await settle()
    assert path.read_bytes().startswith(PNG_SIGNATURE)
    assert qsettings().value("window_state") is None  # a screenshot never saves its layout


async def test_the_queue_by_keyboard(consoles: Consoles, qtbot) -> None:  # type: ignore[no-untyped-def]
    async with consoles:
        operator = await consoles.client("operator")
        for n in range(3):
            await operator.create_case(new_case(f"Дупка {n}"))
        console = await consoles.open("operator")
        queue, model = console.window.queue, console.window.queue_model
        table = queue.table
        table.setFocus()
        table.selectRow(0)
        assert queue.selected_case_id() == model.case_id_at(0)

        selected = next_signal(queue.case_selected)
        QTest.keyClick(table, Qt.Key.Key_Down)
        (case_id,) = await asyncio.wait_for(selected, 5)
        assert case_id == model.case_id_at(1) == queue.selected_case_id()
        assert table.currentIndex().row() == 1

        opened = next_signal(queue.case_opened)
        QTest.keyClick(table, Qt.Key.Key_Return)
        assert await asyncio.wait_for(opened, 5) == (case_id,)
        view = console.window.case_view
        await until(lambda: view.case is not None and view.case.id == case_id, what="the case view")
        assert view.thread.editor.hasFocus()  # Enter opens the case ready for a note

        # Ctrl+F goes to the filter; what is typed there narrows the queue (debounced).
        QTest.keyClick(table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
        assert queue.filter_edit.hasFocus()
        filtered = next_signal(model.filter_changed)
        number = console.store.cases[case_id].tracking_number
        QTest.keyClicks(queue.filter_edit, number)
        await asyncio.wait_for(filtered, 5)
        assert model.visible_case_ids() == [case_id]

        # Alt+2 is the second preset.
        QTest.keyClick(table, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
        assert model.preset == PRESETS[1] and queue.preset_box.currentData() == PRESETS[1]
        await settle()


async def test_help_lists_the_keyboard_shortcuts(consoles: Consoles) -> None:
    async with consoles:
        console = await consoles.open("operator")
        window = console.window
        actions = [a for menu in window.menuBar().actions() if menu.menu() for a in menu.menu().actions()]  # type: ignore[union-attr]
        (help_action,) = [a for a in actions if a.text() == window.tr("&Keyboard shortcuts")]
        help_action.trigger()
        (box,) = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
        text = box.text()
        lines = text.splitlines()
        assert any(line.startswith("Ctrl+F\t") for line in lines)
        assert any(line.startswith("Enter\t") for line in lines)
        # Every action button's shortcut is in the list.
        for name, button in window.case_view.buttons.items():
            keys = button.shortcut().toString()
            if keys:
                assert any(line.startswith(keys + "\t") for line in lines), name
        box.close()


# --- PySide6 --------------------------------------------------------------------------------------------


class _Emitter(QObject):
    fired = Signal()
    number = Signal(int)
    flag = Signal(bool)


def test_signals_do_not_leak_references_to_true() -> None:
    """PySide6 6.12.0 on CPython 3.11 drops a reference to ``True`` per Python-side emit/disconnect until the
    interpreter aborts (PITFALLS.md): the pinned version must not."""
    emitter = _Emitter()
    count = [0]

    def slot(*_args: object) -> None:
        count[0] += 1

    for signal in (emitter.fired, emitter.number, emitter.flag):
        signal.connect(slot)
    # Other threads left by earlier tests may drop a few references of their own meanwhile, so the test
    # looks for the bug's signature (one reference per call, thousands here), not for any decrease at all.
    before = sys.getrefcount(True)
    for n in range(1000):
        emitter.fired.emit()
        emitter.number.emit(n)
        emitter.flag.emit(True)
    for _ in range(1000):
        emitter.fired.connect(slot)
        emitter.fired.disconnect(slot)
    after = sys.getrefcount(True)
    assert count[0] == 3000
    assert before - after < 100, f"sys.getrefcount(True) fell from {before} to {after} over 5,000 calls"
