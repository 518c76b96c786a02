"""The timeline: every event of the case, oldest first, as plain text items."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from dispatcher.models import Event, Reference
from ui.dispatch.alerts import kind_label
from ui.labels import event_label, name_of, status_label, transfer_reason_label
from ui.map.crews import crew_status_label
from ui.timefmt import local_time


def describe_event(event: Event, reference: Reference) -> str:
    """One line saying what happened (reasons and notes included)."""
    data: dict[str, Any] = event.data
    changes: dict[str, list[Any]] = data.get("changes") or {}
    parts: list[str] = []
    if "status" in changes:
        old, new = changes["status"]
        parts.append(f"{status_label(old)} → {status_label(new)}")
    if event.type == "case.transferred" and "owner_unit_code" in changes:
        old, new = changes["owner_unit_code"]
        parts.append(f"{name_of(reference.units.get(old), old)} → {name_of(reference.units.get(new), new)}")
        parts.append(transfer_reason_label(data.get("reason_code", ""), reference))
    if event.type == "case.created" and data.get("routing"):
        parts.append(str(data["routing"].get("reason", "")))
    if event.type == "case.updated" and data.get("routing"):
        parts.append(str(data["routing"].get("reason", "")))
    if event.type == "case.assigned" and data.get("assignee"):
        parts.append(str(data["assignee"]))
    if event.type == "message.posted" and data.get("message"):
        message = data["message"]
        body = str(message.get("body", ""))
        parts.append(body if len(body) < 120 else body[:117] + "…")
    if event.type == "case.dispatched" and isinstance(data.get("crew"), dict):
        parts.append(str(data["crew"].get("name", "")))
    if event.type == "crew.status_changed" and isinstance(data.get("crew"), dict):
        crew = data["crew"]
        parts.append(f"{crew.get('name', '')}: {crew_status_label(str(crew.get('status', '')))}")
    if event.type == "case.alert_acknowledged":
        parts.append(kind_label(str(data.get("alert", ""))))
    for key in ("note", "reason", "into", "duplicate"):
        value = data.get(key)
        if value:
            parts.append(str(value))
    other = [name for name in changes if name not in ("status", "owner_unit_code", "routing_reason")]
    if other and event.type == "case.updated":
        parts.append(", ".join(other))
    return " · ".join(p for p in parts if p)


class TimelineList(QTreeWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(4)
        self.setHeaderLabels([self.tr("When"), self.tr("What"), self.tr("Who"), self.tr("Details")])
        self.setRootIsDecorated(False)
        self.setAlternatingRowColors(True)
        self.setAccessibleName(self.tr("Case timeline"))
        header = self.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 120)
        header.resizeSection(1, 150)
        header.resizeSection(2, 130)
        header.setStretchLastSection(True)

    def show_events(self, events: tuple[Event, ...], reference: Reference) -> None:
        self.clear()
        for event in events:
            actor = reference.users.get(event.actor_user_id or -1)
            item = QTreeWidgetItem(
                [
                    local_time(event.created_at),
                    event_label(event.type),
                    actor.full_name if actor else "",
                    describe_event(event, reference),
                ]
            )
            item.setToolTip(3, item.text(3))
            self.addTopLevelItem(item)
        self.scrollToBottom()
