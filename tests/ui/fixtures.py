"""Fixtures and hooks of the GUI tests (imported by ``conftest.py`` only when PySide6 is installed).

The event loop: async tests run on ``qasync.QEventLoop`` — the loop the console runs on — through
pytest-asyncio's ``pytest_asyncio_loop_factories`` hook. qasync runs its loop with ``app.exec()`` and ends it
with ``app.exit()``; :class:`LocalExecApp` gives it a local ``QEventLoop`` for that instead, so no test ever
ends the shared QApplication's own loop (no ``aboutToQuit``, which would leave the application unusable for
every later test). Never start a nested Qt loop inside a coroutine (``exec()``, ``qtbot.waitSignal``,
``qtbot.waitUntil``): await a future armed on the signal instead (:func:`tests.ui.harness.next_signal`).
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest
import qasync
from PySide6.QtCore import QEvent, QEventLoop, QSettings, QStandardPaths
from PySide6.QtWidgets import QApplication

from tests.live_server import LiveServer
from tests.ui.harness import Consoles

UI_TESTS = Path(__file__).resolve().parent
# Qt messages that say nothing about our code (the offscreen platform, fonts of the machine).
QT_NOISE = (
    "This plugin does not support",
    "QFont::",
    "propagateSizeHints",
    "Populating font family aliases",
    # QtWebEngine (the map) on the offscreen platform: no GPU, so it falls back to software rendering.
    "QRhiGles2: Failed to create",
    "Failed to create RHI",
    "QVulkanInstance: Failed to initialize",
    "GBM is not supported",
    "GPUInfo not initialized",
)


class LocalExecApp:
    """Stands in for the QApplication inside ``qasync.QEventLoop``: ``exec()``/``exit()`` run and end a
    local ``QEventLoop``; everything else is the application's."""

    def __init__(self, app: QApplication) -> None:
        self._app = app
        self._loops: list[QEventLoop] = []

    def exec(self) -> int:
        loop = QEventLoop()
        self._loops.append(loop)
        try:
            return loop.exec()
        finally:
            self._loops.pop()

    def exit(self, code: int = 0) -> None:
        if self._loops:
            self._loops[-1].exit(code)

    def __getattr__(self, name: str) -> object:
        return getattr(self._app, name)


def shared_app() -> QApplication:
    app = QApplication.instance() or QApplication(["callsofia-ui-tests"])
    assert isinstance(app, QApplication)
    return app


def qasync_loop() -> qasync.QEventLoop:
    return qasync.QEventLoop(LocalExecApp(shared_app()))  # type: ignore[arg-type]


def pytest_asyncio_loop_factories(config: pytest.Config, item: pytest.Item) -> dict[str, object]:
    """Every async test in this folder runs on the console's loop (only this folder: hooks in a conftest
    apply to the items below it)."""
    return {"qasync": qasync_loop}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Our own warnings are errors, Qt warnings fail a test, and no GUI test may take long."""
    for item in items:
        if UI_TESTS not in Path(str(item.path)).resolve().parents:
            continue
        item.add_marker(pytest.mark.filterwarnings(r"error::Warning:ui(\.|$)"))
        item.add_marker(pytest.mark.filterwarnings(r"error::Warning:dispatcher(\.|$)"))
        item.add_marker(pytest.mark.filterwarnings(r"error::Warning:tests\.ui(\.|$)"))
        item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))
        item.add_marker(pytest.mark.qt_log_ignore(*QT_NOISE))
        item.add_marker(pytest.mark.timeout(60))


@pytest.fixture(scope="session", autouse=True)
def ui_app(qapp: QApplication) -> QApplication:
    """The one QApplication of the run, set up as ``ui.app.main`` sets it up."""
    qapp.setQuitOnLastWindowClosed(False)
    return qapp


@pytest.fixture(scope="session")
def frozen_heap() -> Iterator[None]:
    """What exists before the first GUI test (modules, Qt bindings…) is moved out of the collector's sight,
    so that the collection after each test looks only at what that test made (~0.01 s instead of ~0.3 s)."""
    gc.collect()
    gc.freeze()
    yield
    gc.unfreeze()


@pytest.fixture(autouse=True)
def main_thread_gc(frozen_heap: None) -> Iterator[None]:
    """Python's cyclic garbage collector runs in whichever thread happens to allocate — the server's, say —
    and a Qt object it frees there is destroyed in the wrong thread ("QObject::~QObject: Timers cannot be
    stopped from another thread", then a segfault). So it is off during a GUI test, and what the test left
    is collected here, on the main thread, after Qt's pending deletions."""
    gc.disable()
    try:
        yield
    finally:
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        gc.collect()
        gc.freeze()  # what survived stays alive for good: no need to look at it again
        gc.enable()


@pytest.fixture
def backend() -> str:
    """GUI tests run on SQLite only: the server and core tests cover PostgreSQL."""
    return "sqlite"


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path) -> Iterator[Path]:
    """QSettings of this test live under its tmp_path, never in the user's configuration."""
    folder = tmp_path / "qsettings"
    QStandardPaths.setTestModeEnabled(True)
    for file_format in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
            QSettings.setPath(file_format, scope, str(folder / scope.name))
    yield folder
    from ui.settings_store import qsettings

    assert qsettings().fileName().startswith(str(folder)), "settings escaped the test's folder"


@pytest.fixture(autouse=True)
def no_system_keyring() -> Iterator[None]:
    """No test touches a real keyring: the ``fail`` backend unless a test installs its own."""
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    yield
    keyring.set_keyring(previous)


class _Errors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.split(".")[0] in ("ui", "callsofia", "dispatcher"):
            self.records.append(record)


@pytest.fixture(autouse=True)
def guard_error_logs() -> Iterator[None]:
    """An error logged by the console (a failed background task, a listener that raised) fails the test."""
    handler = _Errors()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield
    finally:
        root.removeHandler(handler)
    messages = [f"{r.name}: {r.getMessage()} {r.exc_info[1] if r.exc_info else ''}" for r in handler.records]
    assert not messages, "the console logged errors:\n" + "\n".join(messages)


@pytest.fixture
def live_server(database_url: str, clock, tmp_path: Path) -> Iterator[LiveServer]:  # type: ignore[no-untyped-def]
    """The central API on a fresh copy of the seeded database, over a real socket (uvicorn in a thread);
    its clock is the test's ``clock`` (frozen; ``clock.advance`` moves it); photos go to ``tmp_path``."""
    server = LiveServer(database_url, clock=clock, attachments_dir=tmp_path / "attachments").start()
    yield server
    server.stop()


@pytest.fixture
def consoles(live_server: LiveServer, qtbot) -> Iterator[Consoles]:  # type: ignore[no-untyped-def]
    """``async with consoles:`` then ``await consoles.open("operator")`` / ``await consoles.client(...)``.

    Everything is closed at the end of the ``async with`` block, inside the test's event loop: after the
    test, pytest-qt processes Qt events outside any running asyncio loop, so no stream may still run then.
    """
    harness = Consoles(live_server, qtbot)
    yield harness
    assert harness.closed, "use `async with consoles:` so that consoles close inside the test's loop"
