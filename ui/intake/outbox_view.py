"""Reports that are not on the server yet, where the operator sees them: a strip above the queue (one row
per pending or refused report) and a badge in the status bar.

Pending reports go out by themselves (``OutboxSender``); a refused one stays until the operator opens it
in the intake form (Enter or double click), fixes it and files it again.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from dispatcher.models import Reference
from dispatcher.outbox import ItemState, Outbox, OutboxCounts, OutboxItem
from ui.async_tools import spawn
from ui.labels import name_of
from ui.timefmt import local_time

KEY = Qt.ItemDataRole.UserRole
PENDING_COLOUR = QColor("#ef6c00")
FAILED_COLOUR = QColor("#c62828")


class OutboxStrip(QWidget):
    edit_requested = Signal(str)
    """The operator wants to fix a refused report (its idempotency key)."""
    changed = Signal(int, int)
    """(pending, failed) after every refresh."""

    def __init__(self, outbox: Outbox, reference: Reference, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._outbox = outbox
        self._reference = reference
        self.title = QLabel()
        self.title.setStyleSheet("QLabel { font-weight: bold; color: #ef6c00; }")
        self.tree = QTreeWidget()
        self.tree.setAccessibleName(self.tr("Reports not sent yet"))
        self.tree.setHeaderLabels(
            [self.tr("State"), self.tr("Category"), self.tr("Address"), self.tr("Since"), self.tr("Why")]
        )
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setMaximumHeight(110)
        self.tree.itemActivated.connect(self._activated)
        QShortcut(QKeySequence("Return"), self.tree, activated=self._edit_current)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.tree)
        self.items: list[OutboxItem] = []
        self.hide()
        outbox.add_listener(self._outbox_changed)
        self.destroyed.connect(lambda: outbox.remove_listener(self._outbox_changed))

    def refresh(self) -> None:
        spawn(self.reload())

    async def reload(self) -> None:
        if self._outbox.closed:
            return
        items = [
            item
            for item in await self._outbox.aitems()
            if item.state in (ItemState.PENDING, ItemState.FAILED)
        ]
        self._show(items)

    def _outbox_changed(self, _counts: OutboxCounts) -> None:
        self.refresh()

    def _show(self, items: list[OutboxItem]) -> None:
        self.items = items
        self.tree.clear()
        pending = sum(item.state == ItemState.PENDING for item in items)
        failed = len(items) - pending
        for item in items:
            is_pending = item.state == ItemState.PENDING
            category = self._reference.categories.get(int(item.body.get("category_id") or 0))
            if is_pending:
                why = (
                    self.tr("%1 tries: %2").replace("%1", str(item.attempts)).replace("%2", item.last_error)
                    if item.last_error
                    else ""
                )
            else:
                why = item.last_error or ""
            row = QTreeWidgetItem(
                [
                    self.tr("⧗ Pending") if is_pending else self.tr("✗ Refused — Enter to fix"),
                    name_of(category, str(item.body.get("category_id", ""))),
                    str(item.body.get("address", "")),
                    local_time(item.created_at),
                    why,
                ]
            )
            row.setData(0, KEY, item.idempotency_key)
            row.setForeground(0, QBrush(PENDING_COLOUR if is_pending else FAILED_COLOUR))
            row.setToolTip(2, item.description)
            self.tree.addTopLevelItem(row)
        self.title.setText(
            self.tr("Not on the server yet: %1 pending, %2 refused")
            .replace("%1", str(pending))
            .replace("%2", str(failed))
        )
        self.setVisible(bool(items))
        self.changed.emit(pending, failed)

    def _activated(self, row: QTreeWidgetItem, _column: int = 0) -> None:
        key = str(row.data(0, KEY))
        item = next((i for i in self.items if i.idempotency_key == key), None)
        if item is not None and item.state == ItemState.FAILED:
            self.edit_requested.emit(key)

    def _edit_current(self) -> None:
        row = self.tree.currentItem()
        if row is not None:
            self._activated(row)


class OutboxBadge(QLabel):
    """Status bar: "2 pending" in orange, "1 refused" in red, nothing when all went out."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Reports not sent yet"))
        self.hide()

    def set_counts(self, pending: int, failed: int) -> None:
        parts = []
        if pending:
            parts.append(self.tr("⧗ %1 pending").replace("%1", str(pending)))
        if failed:
            parts.append(self.tr("✗ %1 refused").replace("%1", str(failed)))
        self.setText(" · ".join(parts))
        colour = "#c62828" if failed else "#ef6c00"
        self.setStyleSheet(f"QLabel {{ color: {colour}; font-weight: bold; }}")
        self.setVisible(bool(parts))
