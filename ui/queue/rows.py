"""Turning a case into the flat tuple the queue shows and sorts (labels resolved once per change)."""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QCoreApplication

from dispatcher.models import Case, Reference
from ui.labels import channel_label, name_of, priority_label, status_label

PRIORITY_RANK = {"urgent": 0, "high": 1, "normal": 2, "low": 3}


class QueueRow(NamedTuple):
    """One queue line. A NamedTuple: tuple-cheap, field access by name where it reads better."""

    id: int
    tracking: str
    due: float  # POSIX seconds
    created: float
    priority_rank: int
    priority: str
    category: str
    district: str
    address: str
    status: str
    status_code: str
    unit: str
    unit_code: str
    assignee: str
    assignee_id: int | None
    channel: str
    is_open: bool
    paused: bool
    final_sla: str  # the server's SLA state for closed cases (met/breached)
    search: str  # lower-cased text the filter box looks in


def build_row(case: Case, reference: Reference) -> QueueRow:
    category = name_of(reference.categories.get(case.category_id), str(case.category_id))
    district = name_of(reference.districts.get(case.district_code or ""), "")
    unit = name_of(reference.units.get(case.owner_unit_code), case.owner_unit_code)
    assignee_user = reference.users.get(case.assignee_user_id or -1)
    assignee = assignee_user.full_name if assignee_user else ""
    status = status_label(case.status)
    search = " ".join(
        (case.tracking_number, case.description, case.address, category, district, unit, assignee, status)
    ).casefold()
    return QueueRow(
        id=case.id,
        tracking=case.tracking_number,
        due=case.due_at.timestamp(),
        created=case.created_at.timestamp(),
        priority_rank=PRIORITY_RANK.get(case.priority, 9),
        priority=priority_label(case.priority),
        category=category,
        district=district,
        address=case.address,
        status=status,
        status_code=case.status,
        unit=unit,
        unit_code=case.owner_unit_code,
        assignee=assignee,
        assignee_id=case.assignee_user_id,
        channel=channel_label(case.channel),
        is_open=case.is_open,
        paused=case.sla_paused_at is not None,
        final_sla=case.sla_state,
        search=search,
    )


def sla_state(row: QueueRow, now: float, due_soon_ratio: float) -> str:
    """ok / due_soon / overdue / paused for open cases, computed locally so the queue ticks offline."""
    if not row.is_open:
        return row.final_sla
    if row.paused:
        return "paused"
    left = row.due - now
    if left <= 0:
        return "overdue"
    total = row.due - row.created
    return "due_soon" if total > 0 and left < total * due_soon_ratio else "ok"


def format_duration(seconds: float) -> str:
    """Compact countdown: 2д 03ч / 4ч 05м / 12м; negative when overdue."""
    sign = "-" if seconds < 0 else ""
    seconds = abs(int(seconds))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    d, h, m = _UNITS()
    if days:
        return f"{sign}{days}{d} {hours:02d}{h}"
    if hours:
        return f"{sign}{hours}{h} {minutes:02d}{m}"
    return f"{sign}{minutes}{m}"


def _UNITS() -> tuple[str, str, str]:
    translate = QCoreApplication.translate
    return translate("Duration", "d"), translate("Duration", "h"), translate("Duration", "m")
