"""The one place that starts the console: QApplication, translators, the qasync loop, exception hooks,
and ``run_console()`` — log in (or start the embedded default), load, go live, show the main window.

The loop pattern follows PITFALLS.md: ``QEventLoop`` + ``run_until_complete(main())`` (``qasync.run`` crashes
at shutdown once QtWebEngine has existed), quit-on-last-window off, ``main()`` returns when the window closes.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from dispatcher.client import CentralClient
from dispatcher.drafts import DraftStore, default_drafts_dir
from dispatcher.embedded import DEMO_PASSWORD, DEMO_USER, EmbeddedServer
from dispatcher.errors import ApiError, AuthError
from dispatcher.models import Session
from dispatcher.outbox import OUTBOX_NAME, Outbox, OutboxSender, default_outbox_path
from dispatcher.session import TokenVault
from dispatcher.store import Store
from ui.async_tools import run_dialog
from ui.errors import describe
from ui.live import LiveLink
from ui.login_dialog import LoginDialog
from ui.main_window import MainWindow
from ui.settings_store import load_settings, save_settings

log = logging.getLogger("callsofia")
TRANSLATIONS_DIR = Path(__file__).resolve().parents[1] / "translations"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="callsofia-dispatcher", description="Call Sofia Dispatcher console")
    parser.add_argument(
        "--server", help="Central API URL (default: saved setting, else the embedded demo server)"
    )
    parser.add_argument(
        "--lang", choices=("bg", "en"), help="Interface language (default: saved setting, bg)"
    )
    parser.add_argument(
        "--screenshot",
        type=Path,
        metavar="PATH",
        help="Open the main window with its data, save a PNG and exit",
    )
    parser.add_argument(
        "--user",
        help="Embedded demo only: log in as this demo user (operator, lead, unit_staff, responder; "
        "default: operator)",
    )
    parser.add_argument(
        "--simulate-crews",
        action="store_true",
        help="Embedded demo only: the demo crews move, report and answer chat (central simulate-crews)",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        help="Where the embedded server keeps its database, and the console its outbox and drafts "
        "(default: the user data directory)",
    )
    return parser.parse_args(argv)


def install_translators(app: QApplication, language: str) -> list[QTranslator]:
    """Our strings (English source → Bulgarian) and Qt's own (qtbase_bg), so standard dialogs match."""
    app.setProperty("callsofia_language", language)
    QLocale.setDefault(
        QLocale(
            QLocale.Language.Bulgarian if language == "bg" else QLocale.Language.English,
            QLocale.Country.Bulgaria,
        )
    )
    translators = []
    for name, folder in (
        (f"callsofia_{language}", TRANSLATIONS_DIR),
        (f"qtbase_{language}", Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))),
    ):
        translator = QTranslator(app)
        if translator.load(name, str(folder)):
            app.installTranslator(translator)
            translators.append(translator)
        elif language != "en":
            log.warning("translation %s not found in %s", name, folder)
    return translators


def install_exception_hooks(loop: asyncio.AbstractEventLoop) -> None:
    """Uncaught errors are logged and shown, never silently swallowed, never a nested loop."""

    def show(message: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Critical, "Call Sofia", message)
        box.open()
        _keep.append(box)

    def excepthook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        log.error("uncaught exception", exc_info=(kind, error, trace))
        show(describe(error) if isinstance(error, Exception) else str(error))

    def loop_handler(_loop: asyncio.AbstractEventLoop, context: dict[str, object]) -> None:
        error = context.get("exception")
        log.error("event loop error: %s", context.get("message"), exc_info=error)  # type: ignore[arg-type]

    sys.excepthook = excepthook
    loop.set_exception_handler(loop_handler)


_keep: list[object] = []


async def start_embedded(args: argparse.Namespace) -> tuple[EmbeddedServer, CentralClient, Session]:
    splash = QLabel("Call Sofia — " + QApplication.translate("Startup", "starting the embedded demo server…"))
    splash.setMargin(24)
    splash.show()
    server = EmbeddedServer(args.data_dir)
    try:
        url = await server.start()
        if args.simulate_crews:
            await server.start_crew_simulator()
        client = CentralClient(url)
        session = await client.login(args.user or DEMO_USER, DEMO_PASSWORD)
    finally:
        splash.close()
    return (
        server,
        client,
        Session(session.server_url, session.token, session.expires_at, session.user, demo=True),
    )


async def log_in(
    server_url: str, *, username: str | None = None, force_dialog: bool = False
) -> tuple[CentralClient, Session] | None:
    """Saved token first (if remembered); otherwise the login dialog until success or cancel."""
    settings = load_settings()
    vault = TokenVault()
    saved = None if force_dialog else vault.load(server_url)
    if saved is not None:
        client = CentralClient(server_url, token=saved[1])
        try:
            user = await client.me()
            return client, Session(server_url, saved[1], _far_future(), user)
        except AuthError:
            vault.forget(server_url)
            await client.aclose()
        except ApiError as error:
            log.warning("saved login not usable: %s", error)
            await client.aclose()
    dialog = LoginDialog(server_url, username or settings.last_username, settings.remember_me, vault.problem)
    while await run_dialog(dialog) == LoginDialog.DialogCode.Accepted:
        client = CentralClient(dialog.server.text().strip())
        try:
            session = await client.login(dialog.username.text().strip(), dialog.password.text())
        except ApiError as error:
            await client.aclose()
            dialog.show_error(
                describe(error)
                if not isinstance(error, AuthError)
                else QApplication.translate("Login", "Wrong user name or password.")
            )
            continue
        settings.server_url = session.server_url
        settings.last_username = session.user.username
        settings.remember_me = dialog.remember.isChecked()
        save_settings(settings)
        if settings.remember_me:
            vault.save(session.server_url, session.user.username, session.token)
        return client, session
    return None


def _far_future():  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    return datetime.max.replace(tzinfo=UTC)


async def run_console(args: argparse.Namespace) -> int:
    settings = load_settings()
    server_url = args.server or settings.server_url
    embedded: EmbeddedServer | None = None
    if server_url:
        if args.simulate_crews:
            log.warning("--simulate-crews drives the embedded demo only; use `central simulate-crews`")
        logged_in = await log_in(server_url)
        if logged_in is None:
            return 1
        client, session = logged_in
    else:
        embedded, client, session = await start_embedded(args)

    store = Store(session.user)
    # Reports not yet on the server and the intake draft: local files that survive a crash.
    outbox = await Outbox.aopen(args.data_dir / OUTBOX_NAME if args.data_dir else default_outbox_path())
    drafts = DraftStore(args.data_dir / "drafts" if args.data_dir else default_drafts_dir())
    if embedded is not None:
        await outbox.aadopt_loopback(client.base_url)  # the demo server's port changes at every start
    sender = OutboxSender(outbox, client, store=store)

    async def relogin() -> str | None:
        if embedded is not None:
            return (await client.login(session.user.username, DEMO_PASSWORD)).token
        again = await log_in(client.base_url, username=session.user.username, force_dialog=True)
        if again is None:
            return None
        new_client, new_session = again
        await new_client.aclose()
        return new_session.token

    link = LiveLink(client, store, relogin)
    link.start()
    sender_task = asyncio.ensure_future(sender.run())
    window: MainWindow | None = None
    try:
        # Stream first, then pages (load waits for it): events arriving meanwhile are applied by version.
        await store.load(client, stream=link.stream)
        await load_crews_and_presence(store, client)
        # A screenshot shows the default layout, not whatever the last session left.
        window = MainWindow(
            session, client, store, outbox=outbox, drafts=drafts, sender=sender, restore=not args.screenshot
        )
        link.add_state_listener(window.set_connection_state)
        window.set_connection_state(link.state)
        window.show()
        await window.alerts.load_recent()  # raised while this console was closed, not acknowledged yet
        if not args.screenshot and await window.intake.offer_draft():
            window.open_intake()  # a crash left a report half typed: offer it first
        gc.freeze()  # the loaded cases live all shift: keep them out of every later full collection
        if args.screenshot:
            await take_screenshot(window, args.screenshot)
            window.close()
        await window.closed
        return 0
    finally:
        if window is not None:
            await window.intake.save_draft_now()
            await window.case_view.presence.leave()  # others' "also open by" clears at once
        sender.stop()
        await asyncio.gather(sender_task, return_exceptions=True)
        await link.stop()  # before the embedded server: it waits for open streams when stopping
        await client.aclose()
        await outbox.aclose()
        if embedded is not None:
            await embedded.stop()


async def load_crews_and_presence(store: Store, client: CentralClient) -> None:
    """The crew board and who has which case open; events keep both current. A console works without
    them (an older server, a refusal): the board then stays empty."""
    for what, load in (("crews", store.load_crews), ("presence", store.load_presence)):
        try:
            await load(client)
        except ApiError as error:
            log.warning("could not load %s: %s", what, error)


async def take_screenshot(window: MainWindow, path: Path) -> None:
    """Open the most urgent case so every panel has content, let Qt paint, save the PNG."""
    await asyncio.sleep(0.3)
    if window.queue_model.rowCount() > 0:
        window.queue.table.selectRow(0)
        case_id = window.queue_model.case_id_at(0)
        if case_id is not None:
            window.case_view.show_case(case_id)
            await window.case_view.reload()
    await asyncio.sleep(0.5)
    if not await window.map_view.wait_up_to_date(timeout=15):
        log.warning("screenshot: the map did not finish drawing in time")
    await asyncio.sleep(0.3)  # the page paints its last frame
    path.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(path), "PNG"):
        raise OSError(f"could not write the screenshot to {path}")
    log.info("screenshot saved to %s", path)


class GuiThreadCollector:
    """Python's cyclic garbage collector runs in whichever thread happens to allocate; if that is a worker
    thread (httpx, the executor) it may destroy Qt objects there and crash ("Timers cannot be stopped from
    another thread"). So automatic collection is off and this timer collects on the GUI thread instead:
    the young generations often (cheap), everything now and then."""

    YOUNG_EVERY_MS = 1000
    FULL_EVERY = 60  # ticks

    def __init__(self, app: QApplication) -> None:
        gc.disable()
        self._ticks = 0
        self._timer = QTimer(app, interval=self.YOUNG_EVERY_MS)
        self._timer.timeout.connect(self._collect)
        self._timer.start()

    def _collect(self) -> None:
        self._ticks += 1
        gc.collect(2 if self._ticks % self.FULL_EVERY == 0 else 1)


def main(argv: Sequence[str] | None = None) -> int:
    import qasync

    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    os.environ.setdefault("QT_API", "pyside6")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Call Sofia Dispatcher")
    app.setOrganizationName("Sofia Municipality")
    app.setQuitOnLastWindowClosed(False)
    settings = load_settings()
    install_translators(app, args.lang or settings.language)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    install_exception_hooks(loop)
    collector = GuiThreadCollector(app)  # noqa: F841 - lives as long as the loop
    with loop:
        code = loop.run_until_complete(run_console(args))
    QTimer.singleShot(0, app.quit)
    return code
