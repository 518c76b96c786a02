"""A line edit with its list of matches under it, driven from the keyboard: type, ↑/↓ to move in the
list, Enter to take the highlighted match (the top one unless moved), Esc to clear the list.

Used for the category and the location of the intake form. The list holds a few plain rows (text,
payload); whoever owns the field fills it in answer to :attr:`query_changed`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

PAYLOAD = Qt.ItemDataRole.UserRole
VISIBLE_ROWS = 6


class SearchField(QWidget):
    query_changed = Signal(str)
    """The text changed and stayed so for the debounce time (an empty text too)."""
    chosen = Signal(object)
    """The operator took a match (its payload) with Enter or a click."""
    submitted_without_match = Signal(str)
    """Enter with an empty list: the text as typed (e.g. an address the gazetteer does not know)."""

    def __init__(self, accessible_name: str, debounce_ms: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setAccessibleName(accessible_name)
        self.edit.setClearButtonEnabled(True)
        self.matches = QListWidget()
        self.matches.setAccessibleName(accessible_name)
        self.matches.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys stay in the line edit
        self.matches.setUniformItemSizes(True)
        self.matches.hide()
        self.matches.itemActivated.connect(self._take_item)
        self.matches.itemClicked.connect(self._take_item)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.matches)
        self.setFocusProxy(self.edit)
        self._debounce = QTimer(self, singleShot=True, interval=debounce_ms)
        self._debounce.timeout.connect(lambda: self.query_changed.emit(self.edit.text()))
        self.busy = False  # the owner's search for the current text is on its way
        self._enter_waiting = False  # Enter came before the matches: take the top one when they come
        self.edit.textEdited.connect(self._edited)
        self.edit.installEventFilter(self)

    # --- for the owner ---------------------------------------------------------------------------------

    def text(self) -> str:
        return self.edit.text()

    def set_text(self, text: str) -> None:
        """Show ``text`` (a taken match, a restored draft) without searching for it."""
        self._debounce.stop()
        self._enter_waiting = False
        self.edit.setText(text)
        self.edit.setCursorPosition(len(text))

    def set_matches(self, rows: list[tuple[str, Any]]) -> None:
        """Replace the list with ``rows`` of (text, payload); the first one is highlighted."""
        self.matches.clear()
        for text, payload in rows:
            item = QListWidgetItem(text)
            item.setData(PAYLOAD, payload)
            self.matches.addItem(item)
        if rows:
            self.matches.setCurrentRow(0)
            height = self.matches.sizeHintForRow(0) * min(len(rows), VISIBLE_ROWS)
            self.matches.setFixedHeight(height + 2 * self.matches.frameWidth() + 2)
        self.matches.setVisible(bool(rows))
        if self._enter_waiting and not self.searching:
            self._enter_waiting = False
            self._enter()

    def clear_matches(self) -> None:
        self.set_matches([])

    def search_now(self) -> None:
        """Skip the debounce (e.g. before Enter is handled, so it acts on what was typed)."""
        if self._debounce.isActive():
            self._debounce.stop()
            self.query_changed.emit(self.edit.text())

    @property
    def searching(self) -> bool:
        """A search for the current text is still to come (debounce running, or the owner is busy)."""
        return self._debounce.isActive() or self.busy

    def search_done(self) -> None:
        """The owner's search ended without new matches (e.g. the server could not be reached)."""
        self.busy = False
        if self._enter_waiting and not self.searching:
            self._enter_waiting = False
            self._enter()

    # --- keys ------------------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
                return False  # Ctrl+Enter and friends belong to the form
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.matches.count():
                step = 1 if key == Qt.Key.Key_Down else -1
                row = max(0, min(self.matches.count() - 1, self.matches.currentRow() + step))
                self.matches.setCurrentRow(row)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._enter()
                return True
            if key == Qt.Key.Key_Escape and self.matches.isVisible():
                self.clear_matches()
                return True
        return super().eventFilter(watched, event)

    def _enter(self) -> None:
        if self.searching:  # the operator is faster than the search: act when its answer is here
            self._enter_waiting = True
            self.search_now()
            return
        item = self.matches.currentItem()
        if item is not None and self.matches.isVisible():
            self._take_item(item)
        else:
            self.submitted_without_match.emit(self.edit.text())

    def _take_item(self, item: QListWidgetItem) -> None:
        payload = item.data(PAYLOAD)
        self.clear_matches()
        self.chosen.emit(payload)

    def _edited(self, _text: str) -> None:
        self._enter_waiting = False
        if self._debounce.interval() == 0:
            self.query_changed.emit(self.edit.text())  # a local search: answer every keystroke at once
        else:
            self._debounce.start()
