"""Human labels for the server's codes (statuses, priorities, channels, SLA states), translatable.

The English source texts are marked with ``QT_TRANSLATE_NOOP`` so that ``pyside6-lupdate`` finds them;
``_t`` translates at the moment of use (the language is chosen at start-up).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from dispatcher.models import Category, District, Reference, Unit

STATUS = {
    "new": QT_TRANSLATE_NOOP("Labels", "New"),
    "triaged": QT_TRANSLATE_NOOP("Labels", "Triaged"),
    "assigned": QT_TRANSLATE_NOOP("Labels", "Assigned"),
    "in_progress": QT_TRANSLATE_NOOP("Labels", "In progress"),
    "resolved": QT_TRANSLATE_NOOP("Labels", "Resolved"),
    "reopened": QT_TRANSLATE_NOOP("Labels", "Reopened"),
    "closed": QT_TRANSLATE_NOOP("Labels", "Closed"),
    "rejected": QT_TRANSLATE_NOOP("Labels", "Rejected"),
    "duplicate": QT_TRANSLATE_NOOP("Labels", "Duplicate"),
}
PRIORITY = {
    "low": QT_TRANSLATE_NOOP("Labels", "Low"),
    "normal": QT_TRANSLATE_NOOP("Labels", "Normal"),
    "high": QT_TRANSLATE_NOOP("Labels", "High"),
    "urgent": QT_TRANSLATE_NOOP("Labels", "Urgent"),
}
CHANNEL = {
    "phone": QT_TRANSLATE_NOOP("Labels", "Phone"),
    "app": QT_TRANSLATE_NOOP("Labels", "App"),
    "portal": QT_TRANSLATE_NOOP("Labels", "Portal"),
    "email": QT_TRANSLATE_NOOP("Labels", "Email"),
    "facebook": QT_TRANSLATE_NOOP("Labels", "Facebook"),
    "open311": QT_TRANSLATE_NOOP("Labels", "Open311"),
}
SLA_STATE = {
    "ok": QT_TRANSLATE_NOOP("Labels", "On time"),
    "due_soon": QT_TRANSLATE_NOOP("Labels", "Due soon"),
    "overdue": QT_TRANSLATE_NOOP("Labels", "Overdue"),
    "paused": QT_TRANSLATE_NOOP("Labels", "Paused"),
    "met": QT_TRANSLATE_NOOP("Labels", "Met"),
    "breached": QT_TRANSLATE_NOOP("Labels", "Breached"),
}
VISIBILITY = {
    "public": QT_TRANSLATE_NOOP("Labels", "Public"),
    "internal": QT_TRANSLATE_NOOP("Labels", "Internal"),
    "crew": QT_TRANSLATE_NOOP("Labels", "Crew"),
}
ROLE = {
    "operator": QT_TRANSLATE_NOOP("Labels", "Operator"),
    "lead": QT_TRANSLATE_NOOP("Labels", "Team lead"),
    "unit_staff": QT_TRANSLATE_NOOP("Labels", "Unit staff"),
    "responder": QT_TRANSLATE_NOOP("Labels", "Responder"),
    "admin": QT_TRANSLATE_NOOP("Labels", "Administrator"),
}
TRANSFER_REASON = {
    "wrong_category": QT_TRANSLATE_NOOP("Labels", "Wrong category"),
    "wrong_district": QT_TRANSLATE_NOOP("Labels", "Wrong district"),
    "not_competent": QT_TRANSLATE_NOOP("Labels", "Not within the unit's competence"),
    "other_unit_owns_asset": QT_TRANSLATE_NOOP("Labels", "Another unit owns the asset"),
    "needs_specialist": QT_TRANSLATE_NOOP("Labels", "Needs a specialised unit"),
    "other": QT_TRANSLATE_NOOP("Labels", "Other"),
}
EVENT = {
    "case.created": QT_TRANSLATE_NOOP("Labels", "Case filed"),
    "case.updated": QT_TRANSLATE_NOOP("Labels", "Case changed"),
    "case.assigned": QT_TRANSLATE_NOOP("Labels", "Assigned"),
    "case.transferred": QT_TRANSLATE_NOOP("Labels", "Transferred"),
    "case.status_changed": QT_TRANSLATE_NOOP("Labels", "Status changed"),
    "case.merged": QT_TRANSLATE_NOOP("Labels", "Merged as duplicate"),
    "case.duplicate_attached": QT_TRANSLATE_NOOP("Labels", "Duplicate attached"),
    "case.sla_paused": QT_TRANSLATE_NOOP("Labels", "SLA clock paused"),
    "case.sla_resumed": QT_TRANSLATE_NOOP("Labels", "SLA clock resumed"),
    "case.first_response": QT_TRANSLATE_NOOP("Labels", "First response"),
    "message.posted": QT_TRANSLATE_NOOP("Labels", "Message"),
    "case.reporters_viewed": QT_TRANSLATE_NOOP("Labels", "Reporters' data viewed"),
    "case.dispatched": QT_TRANSLATE_NOOP("Labels", "Crew dispatched"),
    "case.crew_released": QT_TRANSLATE_NOOP("Labels", "Crew left the case"),
    "case.sla_warning": QT_TRANSLATE_NOOP("Labels", "Deadline near"),
    "case.sla_breached": QT_TRANSLATE_NOOP("Labels", "Deadline missed"),
    "case.escalated": QT_TRANSLATE_NOOP("Labels", "Escalated to a lead"),
    "case.alert_acknowledged": QT_TRANSLATE_NOOP("Labels", "Alert acknowledged"),
    "crew.status_changed": QT_TRANSLATE_NOOP("Labels", "Crew status"),
    "message.published": QT_TRANSLATE_NOOP("Labels", "Crew message published"),
}


def _t(table: dict[str, str], code: str) -> str:
    source = table.get(code)
    return QCoreApplication.translate("Labels", source) if source else code


def status_label(code: str) -> str:
    return _t(STATUS, code)


def priority_label(code: str) -> str:
    return _t(PRIORITY, code)


def channel_label(code: str) -> str:
    return _t(CHANNEL, code)


def sla_state_label(code: str) -> str:
    return _t(SLA_STATE, code)


def visibility_label(code: str) -> str:
    return _t(VISIBILITY, code)


def role_label(code: str) -> str:
    return _t(ROLE, code)


def event_label(event_type: str) -> str:
    return _t(EVENT, event_type)


def transfer_reason_label(code: str, reference: Reference) -> str:
    if code in TRANSFER_REASON:
        return _t(TRANSFER_REASON, code)
    return reference.transfer_reasons.get(code, code)  # a reason added on the server after this release


def is_bulgarian() -> bool:
    return QCoreApplication.instance().property("callsofia_language") != "en"  # type: ignore[union-attr]


def name_of(item: Category | Unit | District | None, fallback: str = "") -> str:
    """The name in the UI language (reference data carries both)."""
    if item is None:
        return fallback
    return item.name_bg if is_bulgarian() or not item.name_en else item.name_en
