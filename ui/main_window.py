"""The main window: docks for the queue, the map, the case view, the crew board and the alerts (room for the
dashboard), a status bar that says whether we are live, who is logged in and whether this is the demo."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QMessageBox, QVBoxLayout, QWidget

from dispatcher.client import CentralClient
from dispatcher.drafts import DraftStore
from dispatcher.events import ConnectionState
from dispatcher.models import Session
from dispatcher.outbox import Outbox, OutboxSender, SubmitResult
from dispatcher.store import Store
from ui.async_tools import spawn
from ui.case.crew_chat import PUBLISH_SHORTCUT
from ui.case.view import CaseView
from ui.dispatch.alerts import ACKNOWLEDGE_SHORTCUT, AlertPanel
from ui.dispatch.board import DISPATCH_SHORTCUT, CrewBoard
from ui.dispatch.map_feed import CrewMapFeed
from ui.intake.outbox_view import OutboxBadge, OutboxStrip
from ui.intake.panel import IntakePanel
from ui.labels import role_label
from ui.map.view import MapView
from ui.queue.model import QueueModel
from ui.queue.widget import QueueWidget
from ui.settings_store import qsettings

LAYOUT_VERSION = 4  # 2: the intake dock; 3: the map dock (under the queue); 4: crews and alerts docks


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
        outbox: Outbox,
        drafts: DraftStore,
        sender: OutboxSender | None = None,
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
        self.outbox = outbox
        self.sender = sender
        if sender is not None:
            sender.add_delivered_listener(self._outbox_delivered)
        self.outbox_strip = OutboxStrip(outbox, store.reference)
        queue_box = QWidget()
        queue_layout = QVBoxLayout(queue_box)
        queue_layout.setContentsMargins(0, 0, 0, 0)
        queue_layout.addWidget(self.outbox_strip)
        queue_layout.addWidget(self.queue, 1)
        self.intake = IntakePanel(client, store, outbox, drafts)
        self.queue_dock = self._dock(
            "queue", self.tr("Queue"), queue_box, Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.case_dock = self._dock(
            "case", self.tr("Case"), self.case_view, Qt.DockWidgetArea.RightDockWidgetArea
        )
        # The crew board and the alerts under the case view (split before the intake tabs onto it).
        self.crew_board = CrewBoard(client, store)
        self.crews_dock = self._dock(
            "crews", self.tr("Crews"), self.crew_board, Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.tabifyDockWidget(self.case_dock, self.crews_dock)
        self.alerts = AlertPanel(client, store)
        self.alerts_dock = self._dock(
            "alerts", self.tr("Alerts"), self.alerts, Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.tabifyDockWidget(self.case_dock, self.alerts_dock)
        self.alerts_dock.setVisible(session.user.role in ("operator", "lead", "unit_staff"))
        self.intake_dock = self._dock(
            "intake", self.tr("Phone intake"), self.intake, Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.tabifyDockWidget(self.case_dock, self.intake_dock)
        self.case_dock.raise_()
        # The map shows the queue's current view; it sits under the queue, the case view keeps its height.
        self.map_view = MapView(store, self.queue_model)
        self.map_dock = self._dock("map", self.tr("Map"), self.map_view, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.splitDockWidget(self.queue_dock, self.map_dock, Qt.Orientation.Vertical)
        self.map_view.case_clicked.connect(self.open_case_from_map)
        self.crew_map = CrewMapFeed(store, self.map_view)  # the crews layer
        self.case_view.case_shown.connect(self.crew_board.set_case)
        self.case_view.dispatch_requested.connect(lambda case_id: self.crew_board.start_dispatch(case_id))
        self.alerts.open_case_requested.connect(self.open_case_from_alert)
        self.alerts.alert_raised.connect(lambda _event_id: self.alerts_dock.show())
        self.alerts.count_changed.connect(self._alert_count)
        self.intake.pick_on_map_requested.connect(self.map_view.begin_pick)
        self.map_view.location_picked.connect(self.intake.set_location_from_map)
        self.intake.open_case_requested.connect(self.open_case)
        self.intake.filed.connect(lambda text: self.statusBar().showMessage(text, 15000))
        self.outbox_strip.edit_requested.connect(lambda key: spawn(self.fix_outbox_item(key)))
        self.setCentralWidget(None)  # docks only: every panel can move, tab and float
        self.queue.case_selected.connect(self.case_view.show_case)
        self.queue.case_selected.connect(self.map_view.select_case)
        self.queue.case_selected.connect(self.crew_board.set_case)
        self.queue.case_opened.connect(self.open_case)

        self._build_status_bar(session)
        self._build_menus()
        self.resize(1500, 900)
        self.resizeDocks([self.queue_dock, self.map_dock], [430, 470], Qt.Orientation.Vertical)
        self.resizeDocks([self.case_dock, self.crews_dock], [600, 300], Qt.Orientation.Vertical)
        self.resizeDocks([self.crews_dock, self.alerts_dock], [720, 340], Qt.Orientation.Horizontal)
        self.map_view.start(client)
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
        self.outbox_badge = OutboxBadge()
        self.outbox_strip.changed.connect(self.outbox_badge.set_counts)
        self.outbox_strip.refresh()
        bar.addPermanentWidget(self.outbox_badge)
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
        if state is ConnectionState.ONLINE and self.sender is not None:
            self.sender.wake()  # back online (or logged in again): what waited goes out now
        self.connection_label.setText(text)
        self.connection_label.setStyleSheet(f"QLabel {{ color: {colour}; font-weight: bold; }}")
        self.connection_changed.emit(state.name.lower())

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        new_report = QAction(self.tr("&New phone report"), self)
        new_report.setShortcuts([QKeySequence("Ctrl+N"), QKeySequence("F2")])
        new_report.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        new_report.triggered.connect(self.open_intake)
        file_menu.addAction(new_report)
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
        view_menu.addAction(self.intake_dock.toggleViewAction())
        view_menu.addAction(self.map_dock.toggleViewAction())
        view_menu.addAction(self.crews_dock.toggleViewAction())
        view_menu.addAction(self.alerts_dock.toggleViewAction())
        focus_queue = QAction(self.tr("Go to the queue"), self)
        focus_queue.setShortcut("F6")
        focus_queue.triggered.connect(lambda: self.queue.table.setFocus())
        view_menu.addAction(focus_queue)
        focus_crews = QAction(self.tr("Go to the crew board"), self)
        focus_crews.setShortcut("F7")
        focus_crews.triggered.connect(self.focus_crew_board)
        view_menu.addAction(focus_crews)
        crews_menu = self.menuBar().addMenu(self.tr("&Crews"))
        self.dispatch_action = QAction(self.tr("&Dispatch the case to a crew…"), self)
        self.dispatch_action.setShortcut(DISPATCH_SHORTCUT)
        self.dispatch_action.triggered.connect(lambda: self.crew_board.start_dispatch())
        self.dispatch_action.setEnabled(self.crew_board.can_dispatch)
        crews_menu.addAction(self.dispatch_action)
        self.acknowledge_action = QAction(self.tr("&Acknowledge the alert"), self)
        self.acknowledge_action.setShortcut(ACKNOWLEDGE_SHORTCUT)
        self.acknowledge_action.triggered.connect(self.alerts.acknowledge_selected)
        crews_menu.addAction(self.acknowledge_action)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        shortcuts = QAction(self.tr("&Keyboard shortcuts"), self)
        shortcuts.setShortcut(QKeySequence.StandardKey.HelpContents)
        shortcuts.triggered.connect(self.show_shortcuts)
        help_menu.addAction(shortcuts)

    def shortcut_text(self) -> str:
        rows = [
            ("Ctrl+N, F2", self.tr("New phone report (intake)")),
            ("Ctrl+D", self.tr("Intake: add the call to the highlighted duplicate")),
            ("Ctrl+M", self.tr("Intake: pick the location on the map")),
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
            ("F7", self.tr("Go to the crew board")),
            (DISPATCH_SHORTCUT, self.tr("Dispatch the case to the crew selected on the board (leads)")),
            (PUBLISH_SHORTCUT, self.tr("Crew chat: publish the selected crew message to the citizen")),
            (ACKNOWLEDGE_SHORTCUT, self.tr("Acknowledge the selected alert")),
            ("Ctrl+Enter", self.tr("Send the message / file the intake report / confirm a dialog")),
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

    def focus_crew_board(self) -> None:
        self.crews_dock.show()
        self.crews_dock.raise_()
        self.crew_board.table.setFocus()

    def open_case_from_alert(self, case_id: int) -> None:
        self.queue.select_case(case_id)  # when the queue's view shows it
        self.open_case(case_id)

    def _alert_count(self, count: int) -> None:
        self.alerts_dock.setWindowTitle(self.tr("Alerts") + (f" ({count})" if count else ""))

    def open_case_from_map(self, case_id: int) -> None:
        """A marker was clicked: select the case in the queue (the map shows the queue's view) and open it."""
        self.queue.select_case(case_id)
        self.open_case(case_id)

    def open_intake(self) -> None:
        """Ctrl+N / F2 from anywhere: the intake panel, cursor on the caller's number."""
        self.intake_dock.show()
        self.intake_dock.raise_()
        self.intake.start()

    async def fix_outbox_item(self, key: str) -> None:
        item = await self.outbox.aget(key)
        if item is not None:
            self.open_intake()
            await self.intake.edit_outbox_item(item)

    def _outbox_delivered(self, result: SubmitResult) -> None:
        """A queued report reached the server (the outbox sender says so)."""
        if result.case is None:
            return
        self.statusBar().showMessage(
            self.tr("A queued report was delivered: %1").replace("%1", result.case.tracking_number), 30000
        )
        self.intake.outbox_delivered(result.item.idempotency_key, result.case)

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
