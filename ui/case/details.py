"""The top of the case view: number, status, SLA countdown, and the facts of the case as plain text."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from dispatcher.models import Case, Reference
from ui.labels import channel_label, name_of, priority_label, sla_state_label, status_label
from ui.timefmt import format_duration, local_time


def plain_label(text: str = "") -> QLabel:
    """A label that never interprets markup (citizen text is data) and can be selected and copied."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class CaseDetails(QWidget):
    FIELDS = (
        "category",
        "district",
        "address",
        "description",
        "owner",
        "routing",
        "assignee",
        "crew",
        "due",
        "first_response",
        "channel",
        "created",
        "bounces",
        "duplicate_of",
        "reporters",
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.number = plain_label()
        font = QFont(self.number.font())
        font.setPointSize(font.pointSize() + 6)
        font.setBold(True)
        self.number.setFont(font)
        self.number.setAccessibleName(self.tr("Tracking number"))
        self.status = plain_label()
        self.status.setWordWrap(False)
        self.sla = plain_label()
        self.sla.setWordWrap(False)
        self.sla.setAccessibleName(self.tr("SLA countdown"))
        self.badge = plain_label()
        self.badge.setWordWrap(False)  # a compact badge beside the number, never a tall box
        self.badge.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Maximum)
        self.badge.setStyleSheet("QLabel { color: white; background: #c62828; padding: 2px 6px; }")
        self.badge.hide()
        header = QHBoxLayout()
        header.addWidget(self.number)
        header.addWidget(self.status)
        header.addWidget(self.badge)
        header.addStretch(1)
        header.addWidget(self.sla)

        self.values = {name: plain_label() for name in self.FIELDS}
        titles = {
            "category": self.tr("Category"),
            "district": self.tr("District"),
            "address": self.tr("Address"),
            "description": self.tr("Description"),
            "owner": self.tr("Owner unit"),
            "routing": self.tr("Why this unit"),
            "assignee": self.tr("Assignee"),
            "crew": self.tr("Crew"),
            "due": self.tr("Deadline"),
            "first_response": self.tr("First response due"),
            "channel": self.tr("Channel"),
            "created": self.tr("Filed"),
            "bounces": self.tr("Transfers back"),
            "duplicate_of": self.tr("Duplicate of"),
            "reporters": self.tr("Reporters"),
        }
        form = QFormLayout()
        for name in self.FIELDS:
            self.values[name].setAccessibleName(titles[name])
            form.addRow(titles[name] + ":", self.values[name])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addLayout(form)
        self._case: Case | None = None

    def show_case(
        self,
        case: Case,
        reference: Reference,
        duplicate_number: str = "",
        *,
        crew: str = "",
        escalation: str = "",
    ) -> None:
        """``crew``: the dispatched crew and its status; ``escalation``: why the case went up to a lead
        (``sla_breached`` / ``bounced``, from its newest ``case.escalated`` event)."""
        self._case = case
        self.number.setText(case.tracking_number)
        self.status.setText(f"{status_label(case.status)} · {priority_label(case.priority)}")
        self.badge.setVisible(case.needs_lead)
        if escalation == "bounced":
            self.badge.setText(self.tr("Needs a lead: bounced between units"))
        elif escalation == "sla_breached":
            self.badge.setText(self.tr("Needs a lead: deadline missed"))
        else:
            self.badge.setText(self.tr("Needs a lead"))
        v = self.values
        v["category"].setText(name_of(reference.categories.get(case.category_id), str(case.category_id)))
        district = name_of(reference.districts.get(case.district_code or ""), "")
        if case.outside_sofia:
            district = self.tr("Outside Sofia Municipality (triage)")
        v["district"].setText(district or self.tr("unknown"))
        location = (
            f" ({case.lat:.5f}, {case.lon:.5f})" if case.lat is not None and case.lon is not None else ""
        )
        v["address"].setText((case.address or "—") + location)
        v["description"].setText(case.description)
        v["owner"].setText(name_of(reference.units.get(case.owner_unit_code), case.owner_unit_code))
        v["routing"].setText(case.routing_reason)
        assignee = reference.users.get(case.assignee_user_id or -1)
        v["assignee"].setText(assignee.full_name if assignee else self.tr("nobody yet"))
        v["crew"].setText(crew or "—")
        v["due"].setText(
            local_time(case.due_at)
            + (f" — {self.tr('paused')}: {case.sla_paused_reason}" if case.sla_paused_at else "")
        )
        responded = self.tr("answered %1").replace("%1", local_time(case.first_responded_at))
        v["first_response"].setText(
            responded if case.first_responded_at else local_time(case.first_response_due_at)
        )
        v["channel"].setText(channel_label(case.channel))
        v["created"].setText(local_time(case.created_at))
        v["bounces"].setText(str(case.bounce_count))
        v["duplicate_of"].setText(duplicate_number or "—")
        v["reporters"].setText(self.tr("anonymous") if case.anonymous else str(case.reporter_count))
        self.tick()

    def show_reporters(self, text: str) -> None:
        self.values["reporters"].setText(text)

    def tick(self) -> None:
        """The countdown to the deadline, computed locally every second."""
        case = self._case
        if case is None:
            return
        if not case.is_open:
            self.sla.setText(sla_state_label(case.sla_state))
        elif case.sla_paused_at is not None:
            self.sla.setText(sla_state_label("paused"))
        else:
            left = case.due_at.timestamp() - time.time()
            state = self.tr("overdue by %1") if left < 0 else self.tr("%1 left")
            self.sla.setText(state.replace("%1", format_duration(abs(left))))
            self.sla.setStyleSheet("QLabel { color: #c62828; font-weight: bold; }" if left < 0 else "")
