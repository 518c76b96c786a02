"""Human labels for the server's codes (statuses, priorities, channels, SLA states), translatable."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from dispatcher.models import Category, District, Reference, Unit


def _t(text: str) -> str:
    return QCoreApplication.translate("Labels", text)


def status_label(code: str) -> str:
    return {
        "new": _t("New"),
        "triaged": _t("Triaged"),
        "assigned": _t("Assigned"),
        "in_progress": _t("In progress"),
        "resolved": _t("Resolved"),
        "reopened": _t("Reopened"),
        "closed": _t("Closed"),
        "rejected": _t("Rejected"),
        "duplicate": _t("Duplicate"),
    }.get(code, code)


def priority_label(code: str) -> str:
    return {"low": _t("Low"), "normal": _t("Normal"), "high": _t("High"), "urgent": _t("Urgent")}.get(
        code, code
    )


def channel_label(code: str) -> str:
    return {
        "phone": _t("Phone"),
        "app": _t("App"),
        "portal": _t("Portal"),
        "email": _t("Email"),
        "facebook": _t("Facebook"),
        "open311": _t("Open311"),
    }.get(code, code)


def sla_state_label(code: str) -> str:
    return {
        "ok": _t("On time"),
        "due_soon": _t("Due soon"),
        "overdue": _t("Overdue"),
        "paused": _t("Paused"),
        "met": _t("Met"),
        "breached": _t("Breached"),
    }.get(code, code)


def visibility_label(code: str) -> str:
    return {"public": _t("Public"), "internal": _t("Internal"), "crew": _t("Crew")}.get(code, code)


def role_label(code: str) -> str:
    return {
        "operator": _t("Operator"),
        "lead": _t("Team lead"),
        "unit_staff": _t("Unit staff"),
        "responder": _t("Responder"),
        "admin": _t("Administrator"),
    }.get(code, code)


def transfer_reason_label(code: str, reference: Reference) -> str:
    english = {
        "wrong_category": _t("Wrong category"),
        "wrong_district": _t("Wrong district"),
        "not_competent": _t("Not within the unit's competence"),
        "other_unit_owns_asset": _t("Another unit owns the asset"),
        "needs_specialist": _t("Needs a specialised unit"),
        "other": _t("Other"),
    }
    return english.get(code) or reference.transfer_reasons.get(code, code)


def is_bulgarian() -> bool:
    return QCoreApplication.instance().property("callsofia_language") != "en"  # type: ignore[union-attr]


def name_of(item: Category | Unit | District | None, fallback: str = "") -> str:
    """The name in the UI language (reference data carries both)."""
    if item is None:
        return fallback
    return item.name_bg if is_bulgarian() or not item.name_en else item.name_en


def event_label(event_type: str) -> str:
    return {
        "case.created": _t("Case filed"),
        "case.updated": _t("Case changed"),
        "case.assigned": _t("Assigned"),
        "case.transferred": _t("Transferred"),
        "case.status_changed": _t("Status changed"),
        "case.merged": _t("Merged as duplicate"),
        "case.duplicate_attached": _t("Duplicate attached"),
        "case.sla_paused": _t("SLA clock paused"),
        "case.sla_resumed": _t("SLA clock resumed"),
        "case.first_response": _t("First response"),
        "message.posted": _t("Message"),
        "case.reporters_viewed": _t("Reporters' data viewed"),
    }.get(event_type, event_type)
