"""The main window: docks for the queue and the case view (room for map, crews, dashboard), a status bar
that says whether we are live, who is logged in and whether this is the demo."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QMessageBox, QWidget

from dispatcher.client import CentralClient
from dispatcher.events import ConnectionState
from dispatcher.models import Session
from dispatcher.store import Store
from ui.case.view import CaseView
from ui.labels import role_label
from ui.queue.model import QueueModel
from ui.queue.widget import QueueWidget
from ui.settings_store import qsettings

LAYOUT_VERSION = 1


class MainWindow(QMainWindow):
    connection_changed = Signal(str)
    """The event stream's state changed (online / reconnecting / offline)."""

    def __init__(
        self,
        session: Session,
        client: CentralClient,
        store: Store,
        parent: QWidget | None = None,
        *,
        restore: bool = True,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(
            self.tr("Call Sofia Dispatcher") + (" — " + self.tr("DEMO") if session.demo else "")
        )
        self.setObjectName("MainWindow")
        self.setDockOptions(QMainWindow.DockOption.AllowTabbedDocks | QMainWindow.DockOption.AnimatedDocks)
        self.closed: asyncio.Future[None] = asyncio.get_event_loop().create_future()

        self.queue_model = QueueModel(store, self)
        self.queue = QueueWidget(self.queue_model)
        self.case_view = CaseView(client, store)
        self.queue_dock = self._dock(
            "queue", self.tr("Queue"), self.queue, Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.case_dock = self._dock(
            "case", self.tr("Case"), self.case_view, Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.setCentralWidget(None)  # docks only: every panel can move, tab and float
        self.queue.case_selected.connect(self.case_view.show_case)
        self.queue.case_opened.connect(self.open_case)

        self._build_status_bar(session)
        self._build_menus()
        self.resize(1500, 900)
        self._remember_layout = restore
        if restore:
            self.restore_layout()

    def _dock(self, name: str, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock_{name}")  # saveState() needs stable names
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _build_status_bar(self, session: Session) -> None:
        self.connection_label = QLabel()
        self.connection_label.setAccessibleName(self.tr("Connection"))
        user = session.user
        self.user_label = QLabel(f"{user.full_name} · {role_label(user.role)}")
        self.demo_label = QLabel(self.tr("DEMO"))
        self.demo_label.setStyleSheet(
            "QLabel { background: #6a1b9a; color: white; padding: 1px 8px; font-weight: bold; }"
        )
        self.demo_label.setToolTip(self.tr("Embedded demo server with Sofia demo data"))
        self.demo_label.setVisible(session.demo)
        bar = self.statusBar()
        bar.addPermanentWidget(self.connection_label)
        bar.addPermanentWidget(self.user_label)
        bar.addPermanentWidget(self.demo_label)
        self.set_connection_state(ConnectionState.RECONNECTING)

    def set_connection_state(self, state: ConnectionState) -> None:
        text, colour = {
            ConnectionState.ONLINE: (self.tr("● Live"), "#2e7d32"),
            ConnectionState.RECONNECTING: (self.tr("● Reconnecting…"), "#ef6c00"),
            ConnectionState.OFFLINE: (self.tr("● Offline"), "#c62828"),
        }[state]
        self.connection_label.setText(text)
        self.connection_label.setStyleSheet(f"QLabel {{ color: {colour}; font-weight: bold; }}")
        self.connection_changed.emit(state.name.lower())

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        settings = QAction(self.tr("&Settings…"), self)
        settings.triggered.connect(self.open_settings)
        file_menu.addAction(settings)
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        view_menu.addAction(self.queue_dock.toggleViewAction())
        view_menu.addAction(self.case_dock.toggleViewAction())
        focus_queue = QAction(self.tr("Go to the queue"), self)
        focus_queue.setShortcut("F6")
        focus_queue.triggered.connect(lambda: self.queue.table.setFocus())
        view_menu.addAction(focus_queue)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        shortcuts = QAction(self.tr("&Keyboard shortcuts"), self)
        shortcuts.setShortcut(QKeySequence.StandardKey.HelpContents)
        shortcuts.triggered.connect(self.show_shortcuts)
        help_menu.addAction(shortcuts)

    def shortcut_text(self) -> str:
        rows = [
            ("↑ ↓, PgUp PgDn", self.tr("Move in the queue")),
            ("Enter", self.tr("Open the selected case")),
            ("Ctrl+F", self.tr("Filter the queue")),
            (
                "Alt+1…7",
                self.tr("Queue views: all open, new, my unit, assigned to me, due soon, overdue, all"),
            ),
            ("F6", self.tr("Go to the queue")),
            ("Ctrl+Shift+T", self.tr("Triage")),
            ("Ctrl+Shift+A", self.tr("Assign")),
            ("Ctrl+Shift+R", self.tr("Transfer to another unit")),
            ("Ctrl+Shift+S", self.tr("Change status")),
            ("Ctrl+Shift+P", self.tr("Priority")),
            ("Ctrl+Shift+C", self.tr("Category (routes again)")),
            ("Ctrl+Shift+D", self.tr("Mark as duplicate")),
            ("Ctrl+Enter", self.tr("Send the message / confirm a dialog")),
            ("Ctrl+Q", self.tr("Quit")),
        ]
        return "\n".join(f"{keys}\t{what}" for keys, what in rows)

    def show_shortcuts(self) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Information,
            self.tr("Keyboard shortcuts"),
            self.shortcut_text(),
            QMessageBox.StandardButton.Close,
            self,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()  # never exec(): no nested event loop under qasync

    def open_settings(self) -> None:
        from ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def open_case(self, case_id: int) -> None:
        self.case_dock.show()
        self.case_dock.raise_()
        self.case_view.show_case(case_id)
        self.case_view.thread.editor.setFocus()

    def restore_layout(self) -> None:
        store = qsettings()
        if int(store.value("layout_version", 0) or 0) != LAYOUT_VERSION:
            return
        geometry, state = store.value("window_geometry"), store.value("window_state")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        if isinstance(state, QByteArray):
            self.restoreState(state, LAYOUT_VERSION)

    def save_layout(self) -> None:
        store = qsettings()
        store.setValue("layout_version", LAYOUT_VERSION)
        store.setValue("window_geometry", self.saveGeometry())
        store.setValue("window_state", self.saveState(LAYOUT_VERSION))

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._remember_layout:
            self.save_layout()
        super().closeEvent(event)
        if not self.closed.done():
            self.closed.set_result(None)
