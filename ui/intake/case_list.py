"""A short list of existing cases inside the intake form: the caller's earlier cases, or possible
duplicates nearby. Enter (or a double click) adds this call to the highlighted case; Space opens it in the
case view. Rows are plain tuples of text; the payload is the case id."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

CASE_ID = Qt.ItemDataRole.UserRole
MAX_VISIBLE_ROWS = 4


class CaseList(QWidget):
    follow_requested = Signal(int)
    """Add this call to the case (the caller follows it) instead of filing a new one."""
    open_requested = Signal(int)
    """Show the case in the case view."""

    def __init__(self, title: str, headers: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(title)
        self.title.setStyleSheet("QLabel { font-weight: bold; }")
        self.tree = QTreeWidget()
        self.tree.setAccessibleName(title)
        self.tree.setHeaderLabels(headers)
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.itemDoubleClicked.connect(lambda item, _column: self._follow(item))
        self.tree.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.tree)
        self.title.setBuddy(self.tree)
        self.hide()

    def set_rows(self, rows: list[tuple[int, list[str]]]) -> None:
        """``rows`` of (case id, column texts); the list hides itself when there is nothing to show."""
        self.tree.clear()
        for case_id, texts in rows:
            item = QTreeWidgetItem(texts)
            item.setData(0, CASE_ID, case_id)
            for column, text in enumerate(texts):
                item.setToolTip(column, text)
            self.tree.addTopLevelItem(item)
        if rows:
            self.tree.setCurrentItem(self.tree.topLevelItem(0))
            for column in range(self.tree.columnCount() - 1):
                self.tree.resizeColumnToContents(column)  # a handful of rows: cheap
            shown = min(len(rows), MAX_VISIBLE_ROWS)  # as tall as its rows, no empty space below
            row_height = self.tree.sizeHintForRow(0) if hasattr(self.tree, "sizeHintForRow") else 20
            header = self.tree.header().sizeHint().height()
            self.tree.setFixedHeight(header + shown * row_height + 2 * self.tree.frameWidth() + 2)
        self.setVisible(bool(rows))

    def count(self) -> int:
        return self.tree.topLevelItemCount()

    def current_case_id(self) -> int | None:
        item = self.tree.currentItem() or self.tree.topLevelItem(0)
        return int(item.data(0, CASE_ID)) if item is not None else None

    def case_ids(self) -> list[int]:
        return [int(self.tree.topLevelItem(i).data(0, CASE_ID)) for i in range(self.count())]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.tree and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            item = self.tree.currentItem()
            if item is not None and not event.modifiers():
                if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    self._follow(item)
                    return True
                if event.key() == Qt.Key.Key_Space:
                    self.open_requested.emit(int(item.data(0, CASE_ID)))
                    return True
        return super().eventFilter(watched, event)

    def _follow(self, item: QTreeWidgetItem) -> None:
        self.follow_requested.emit(int(item.data(0, CASE_ID)))
