"""Alerts that must be acknowledged: a new urgent case, a missed deadline, an escalation to me.

Which events raise an alert for whom is :mod:`dispatcher.alerts`; this is the Qt side: a table of the
unacknowledged alerts (newest first), a tray message where the desktop has a tray (skipped offscreen), a
beep, and acknowledging (Enter, or Ctrl+Shift+K from anywhere) — recorded on the server as an event; the
alert leaves the list once the server has it. Double click (or the button) opens the case.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QSystemTrayIcon,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dispatcher.alerts import ACKNOWLEDGED, Alert, AlertBook
from dispatcher.client import CentralClient
from dispatcher.errors import ApiError, ForbiddenError, NotFoundError
from dispatcher.models import Event
from dispatcher.store import Store
from ui.async_tools import spawn
from ui.errors import describe
from ui.timefmt import local_time

log = logging.getLogger(__name__)

DISPLAY = Qt.ItemDataRole.DisplayRole
BACKGROUND = Qt.ItemDataRole.BackgroundRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole
HORIZONTAL = Qt.Orientation.Horizontal
ACKNOWLEDGE_SHORTCUT = "Ctrl+Shift+K"

KINDS = {
    "urgent": QT_TRANSLATE_NOOP("Alerts", "Urgent new case"),
    "sla_breached": QT_TRANSLATE_NOOP("Alerts", "Deadline missed"),
    "escalated": QT_TRANSLATE_NOOP("Alerts", "Escalated to you"),
}
REASONS = {
    "sla_breached": QT_TRANSLATE_NOOP("Alerts", "the deadline was missed"),
    "bounced": QT_TRANSLATE_NOOP("Alerts", "bounced between units"),
}
KIND_BRUSHES = {
    "urgent": QBrush(QColor("#ffcdd2")),
    "sla_breached": QBrush(QColor("#ffe0b2")),
    "escalated": QBrush(QColor("#e1bee7")),
}


def kind_label(kind: str) -> str:
    source = KINDS.get(kind)
    return QCoreApplication.translate("Alerts", source) if source else kind


def alert_text(alert: Alert) -> str:
    """One line: what, which case, why."""
    text = f"{kind_label(alert.kind)}: {alert.tracking_number}"
    reason = REASONS.get(alert.reason)
    if reason:
        text += f" ({QCoreApplication.translate('Alerts', reason)})"
    return text


class AlertModel(QAbstractTableModel):
    """The book's pending alerts (a plain list of dataclasses), newest first."""

    COLUMNS = ("time", "kind", "case", "details")

    def __init__(self, book: AlertBook, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._book = book
        self._headers = [self.tr("Time"), self.tr("Alert"), self.tr("Case"), self.tr("Details")]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._book.pending)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if role == DISPLAY and orientation == HORIZONTAL and 0 <= section < len(self.COLUMNS):
            return self._headers[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._book.pending):
            return None
        alert = self._book.pending[index.row()]
        column = index.column()
        if role == DISPLAY:
            if column == 0:
                return local_time(alert.raised_at)
            if column == 1:
                return kind_label(alert.kind)
            if column == 2:
                return alert.tracking_number
            return alert.description  # plain text in a table cell: never markup
        if role == BACKGROUND and column == 1:
            return KIND_BRUSHES.get(alert.kind)
        if role == TOOLTIP:
            return alert_text(alert)
        return None

    def alert_at(self, row: int) -> Alert | None:
        return self._book.pending[row] if 0 <= row < len(self._book.pending) else None

    # The book tells what it added (always at the top) and removed; the model follows row by row.
    def inserted_at_top(self) -> None:
        self.beginInsertRows(QModelIndex(), 0, 0)
        self.endInsertRows()

    def begin_remove(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)

    def end_remove(self) -> None:
        self.endRemoveRows()


class _AlertTable(QTableView):
    acknowledge_requested = Signal()
    """Enter on a row: acknowledge it."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.acknowledge_requested.emit()
            return
        super().keyPressEvent(event)


class AlertPanel(QWidget):
    alert_raised = Signal(int)
    """A new alert (the id of the event that raised it)."""
    alert_acknowledged = Signal(int)
    """The server recorded this console's acknowledgement of an alert (the id of the event that raised it)."""
    count_changed = Signal(int)
    """How many alerts wait for acknowledgement."""
    open_case_requested = Signal(int)
    """Open the alert's case (its id)."""

    def __init__(self, client: CentralClient, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("alerts")
        self._client = client
        self.book = AlertBook(store.me)
        self.model = AlertModel(self.book, self)
        self._acknowledging: set[int] = set()
        self.tray: QSystemTrayIcon | None = None
        self.sound = True

        self.table = _AlertTable()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Unacknowledged alerts"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        for column, width in enumerate((120, 140, 130)):
            header.resizeSection(column, width)
        header.setStretchLastSection(True)
        self.summary = QLabel()
        self.acknowledge_button = QPushButton(self.tr("Acknowledge"))
        self.acknowledge_button.setToolTip(f"Enter, {ACKNOWLEDGE_SHORTCUT}")
        self.open_button = QPushButton(self.tr("Open case"))
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.summary, 1)
        row.addWidget(self.open_button)
        row.addWidget(self.acknowledge_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)

        self.acknowledge_button.clicked.connect(self.acknowledge_selected)
        self.open_button.clicked.connect(self._open_selected)
        self.table.acknowledge_requested.connect(self.acknowledge_selected)
        self.table.doubleClicked.connect(lambda index: self._open_row(index.row()))
        store.add_event_listener(self._on_event)
        self._update_summary()

    # --- alerts arriving ------------------------------------------------------------------------------

    def _on_event(self, event: Event) -> None:
        if event.type == ACKNOWLEDGED:
            me = self.book.me
            if me is not None and event.actor_user_id == me.id:  # mine, from another console of mine
                self._remove(event.data.get("event_id"))
            return
        alert = self.book.on_event(event)
        if alert is None:
            return
        self.model.inserted_at_top()
        if not self.table.currentIndex().isValid():
            self.table.selectRow(0)
        self._update_summary()
        self._notify(alert)
        self.alert_raised.emit(alert.event_id)

    async def load_recent(self) -> int:
        """At start: the alerts of the last day not acknowledged yet (raised while this console was closed),
        from the server; one tray message and beep for them all. Returns how many were added."""
        try:
            events, acknowledged = await self._client.recent_alerts()
        except ApiError as error:
            log.warning("could not load the recent alerts: %s", error)
            return 0
        self.model.beginResetModel()
        added = self.book.load(events, acknowledged)
        self.model.endResetModel()
        if added:
            self.table.selectRow(0)
            self._update_summary()
            self._notify(self.book.pending[0])
            for alert in added:
                self.alert_raised.emit(alert.event_id)
        return len(added)

    def _notify(self, alert: Alert) -> None:
        """A tray message where the desktop has a tray, and a beep."""
        if QSystemTrayIcon.isSystemTrayAvailable():
            if self.tray is None:
                icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
                self.tray = QSystemTrayIcon(icon, self)
                self.tray.setToolTip("Call Sofia")
                self.tray.messageClicked.connect(lambda: self.open_case_requested.emit(self._newest_case()))
                self.tray.show()
            self.tray.showMessage(
                kind_label(alert.kind),
                alert_text(alert) + ("\n" + alert.description[:200] if alert.description else ""),
                QSystemTrayIcon.MessageIcon.Warning,
                15_000,
            )
        if self.sound:
            QApplication.beep()

    def _newest_case(self) -> int:
        return self.book.pending[0].case_id if self.book.pending else 0

    # --- acknowledging --------------------------------------------------------------------------------

    def selected_alert(self) -> Alert | None:
        index = self.table.currentIndex()
        return self.model.alert_at(index.row()) if index.isValid() else self.model.alert_at(0)

    def acknowledge_selected(self) -> None:
        alert = self.selected_alert()
        if alert is not None:
            spawn(self.acknowledge(alert))

    async def acknowledge(self, alert: Alert) -> bool:
        """Record the acknowledgement on the server; the alert leaves the list once it is recorded."""
        if alert.event_id in self._acknowledging:
            return False
        self._acknowledging.add(alert.event_id)
        try:
            await self._client.acknowledge_alert(alert.case_id, alert.kind, alert.event_id)
        except (NotFoundError, ForbiddenError) as error:
            # The case is gone (merged away), or out of this user's sight (transferred to another unit,
            # which has its own alert): nothing left here to acknowledge.
            log.info("alert %d: %s", alert.event_id, error)
        except ApiError as error:
            self.status.setText(describe(error))
            return False
        finally:
            self._acknowledging.discard(alert.event_id)
        self.status.clear()
        self._remove(alert.event_id)
        # Told even when the stream brought our own acknowledgement first and removed the alert already.
        self.alert_acknowledged.emit(alert.event_id)
        return True

    def _remove(self, event_id: object) -> None:
        if not isinstance(event_id, int):
            return
        row = next((n for n, a in enumerate(self.book.pending) if a.event_id == event_id), None)
        if row is None:
            self.book.acknowledged(event_id)  # remembered: never raised again
            return
        self.model.begin_remove(row)
        self.book.acknowledged(event_id)
        self.model.end_remove()
        self._update_summary()

    def _update_summary(self) -> None:
        count = len(self.book.pending)
        self.summary.setText(
            self.tr("%n alert(s) to acknowledge", "", count)
            if count
            else self.tr("No alerts to acknowledge.")
        )
        self.acknowledge_button.setEnabled(bool(count))
        self.open_button.setEnabled(bool(count))
        self.count_changed.emit(count)

    # --- opening --------------------------------------------------------------------------------------

    def _open_selected(self) -> None:
        index = self.table.currentIndex()
        self._open_row(index.row() if index.isValid() else 0)

    def _open_row(self, row: int) -> None:
        alert = self.model.alert_at(row)
        if alert is not None:
            self.open_case_requested.emit(alert.case_id)
