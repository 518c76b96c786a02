"""What the operator reads out at the end of the call: the tracking number (large, copyable), who owns the
case and why, and the deadline in words. Or, when the server could not be reached, that the report is
safe in the outbox and will be sent by itself."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from dispatcher.models import Case, Reference
from ui.case.details import plain_label
from ui.labels import name_of
from ui.timefmt import deadline_words


class ResultView(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("IntakeResult")
        self.headline = plain_label()
        self.headline.setStyleSheet("QLabel { font-weight: bold; }")
        self.number = plain_label()
        self.number.setAccessibleName(self.tr("Tracking number"))
        self.number.setWordWrap(False)
        font = QFont(self.number.font())
        font.setPointSize(font.pointSize() + 12)
        font.setBold(True)
        self.number.setFont(font)
        self.number.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.copy_button = QPushButton(self.tr("Copy"))
        self.copy_button.setToolTip(self.tr("Copy the tracking number (Ctrl+Shift+C)"))
        self.copy_button.setShortcut(QKeySequence("Ctrl+Shift+C"))
        self.copy_button.clicked.connect(self.copy)
        self.owner = plain_label()
        self.owner.setAccessibleName(self.tr("Owner unit"))
        self.reason = plain_label()
        self.reason.setStyleSheet("QLabel { color: #555; }")
        self.deadline = plain_label()
        self.deadline.setAccessibleName(self.tr("Deadline"))
        number_row = QHBoxLayout()
        number_row.addWidget(self.number)
        number_row.addWidget(self.copy_button)
        number_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addLayout(number_row)
        layout.addWidget(self.owner)
        layout.addWidget(self.reason)
        layout.addWidget(self.deadline)
        self.queued_key: str | None = None  # the outbox item shown as queued, if any
        self.hide()

    def show_case(self, case: Case, reference: Reference, *, followed: bool = False) -> None:
        """The case was filed (or the caller now follows it): everything to read out."""
        self.queued_key = None
        self.headline.setText(
            self.tr("The caller now follows this case:") if followed else self.tr("Filed. Tracking number:")
        )
        self.number.setText(case.tracking_number)
        self.copy_button.setVisible(True)
        unit = reference.units.get(case.owner_unit_code)
        self.owner.setText(self.tr("Responsible: %1").replace("%1", name_of(unit, case.owner_unit_code)))
        self.reason.setText(case.routing_reason)
        self.reason.setVisible(bool(case.routing_reason))
        self.deadline.setText(
            self.tr("Deadline: %1").replace("%1", deadline_words(case.due_at, datetime.now(UTC)))
        )
        self.deadline.setVisible(True)
        self.setStyleSheet("QFrame#IntakeResult { background: #e8f5e9; }")
        self.show()

    def show_queued(self, key: str, reason: str) -> None:
        """The server is not reachable: the report waits in the outbox and goes out by itself."""
        self.queued_key = key
        self.headline.setText(self.tr("Saved, not sent yet: the server cannot be reached."))
        self.number.setText(self.tr("Pending"))
        self.copy_button.setVisible(False)
        self.owner.setText(
            self.tr(
                "The report is safe on this computer and will be sent automatically. Its tracking number "
                "appears here and in the pending list as soon as the server has it."
            )
        )
        self.reason.setText(reason)
        self.reason.setVisible(bool(reason))
        self.deadline.setVisible(False)
        self.setStyleSheet("QFrame#IntakeResult { background: #fff3e0; }")
        self.show()

    def copy(self) -> None:
        if self.number.text() and self.queued_key is None:
            QGuiApplication.clipboard().setText(self.number.text())
