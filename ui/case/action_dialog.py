"""A small form for one case action (assign, transfer, status…) that keeps what was typed on errors.

The dialog does not call the server itself: it emits ``submitted`` with the values and waits to be told
``succeeded()`` or ``failed(message)``; on a stale version the case view shows what changed and the
operator confirms again, with everything they typed still there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)


@dataclass
class Choice:
    """A drop-down field: (value, label) options."""

    name: str
    label: str
    options: list[tuple[Any, str]]
    current: Any = None


@dataclass
class Text:
    """A free-text field; multi-line when ``lines`` > 1."""

    name: str
    label: str
    required: bool = False
    lines: int = 3
    placeholder: str = ""
    required_when: dict[str, set[Any]] = field(default_factory=dict)  # {"status": {"resolved"}}


class ActionDialog(QDialog):
    submitted = Signal(dict)
    """The operator confirmed; the values by field name."""

    def __init__(self, title: str, fields: list[Choice | Text], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._fields = fields
        self._widgets: dict[str, QComboBox | QLineEdit | QPlainTextEdit] = {}
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("QLabel { background: #fff3cd; color: #5c4400; padding: 6px; }")
        self.message.hide()
        form = QFormLayout()
        for spec in fields:
            widget: QComboBox | QLineEdit | QPlainTextEdit
            if isinstance(spec, Choice):
                widget = QComboBox()
                for value, label in spec.options:
                    widget.addItem(label, value)
                if spec.current is not None:
                    index = widget.findData(spec.current)
                    widget.setCurrentIndex(max(index, 0))
            elif spec.lines > 1:
                widget = QPlainTextEdit()
                widget.setPlaceholderText(spec.placeholder)
                widget.setTabChangesFocus(True)  # Tab moves on, as in every other field
                widget.setFixedHeight(22 * spec.lines)
            else:
                widget = QLineEdit()
                widget.setPlaceholderText(spec.placeholder)
            widget.setAccessibleName(spec.label)
            self._widgets[spec.name] = widget
            form.addRow(spec.label, widget)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._confirm)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self._confirm)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    def values(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for name, widget in self._widgets.items():
            if isinstance(widget, QComboBox):
                result[name] = widget.currentData()
            elif isinstance(widget, QPlainTextEdit):
                result[name] = widget.toPlainText().strip()
            else:
                result[name] = widget.text().strip()
        return result

    def widget(self, name: str) -> QComboBox | QLineEdit | QPlainTextEdit:
        return self._widgets[name]

    def _missing(self, values: dict[str, Any]) -> list[str]:
        missing = []
        for spec in self._fields:
            if not isinstance(spec, Text) or values.get(spec.name):
                continue
            needed = spec.required or any(
                values.get(k) in allowed for k, allowed in spec.required_when.items()
            )
            if needed:
                missing.append(spec.label)
        return missing

    def _confirm(self) -> None:
        values = self.values()
        missing = self._missing(values)
        if missing:
            self.show_message(self.tr("Required: %1").replace("%1", ", ".join(missing)))
            return
        self.buttons.setEnabled(False)
        self.submitted.emit(values)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def failed(self, text: str) -> None:
        """The server refused: say why, keep everything typed, let the operator try again."""
        self.buttons.setEnabled(True)
        self.show_message(text)

    def succeeded(self) -> None:
        self.accept()
