"""Who may see and do what. Every check returns a reason (for the 403) or None when allowed."""

from __future__ import annotations

from central.auth.models import User
from central.cases.models import Case

# Roles that work across all units (the contact centre and its leads, administrators).
CITY_WIDE_ROLES = frozenset({"operator", "lead", "admin"})


def can_read_case(user: User, case: Case) -> str | None:
    if user.role in CITY_WIDE_ROLES:
        return None
    if user.role == "unit_staff" and user.unit_code == case.owner_unit_code:
        return None
    if user.role == "responder" and case.assignee_user_id == user.id:
        return None
    if user.role == "unit_staff":
        return "this case belongs to another unit"
    return "responders see only the cases assigned to them"


def can_create_case(user: User) -> str | None:
    if user.role in ("operator", "lead", "admin", "unit_staff"):
        return None
    return "responders do not file cases"


def can_act_on_case(user: User, case: Case) -> str | None:
    """Triage, assign, transfer, patch, merge, change priority or category."""
    if user.role in CITY_WIDE_ROLES:
        return None
    if user.role == "unit_staff":
        return None if user.unit_code == case.owner_unit_code else "only the owner unit may act on this case"
    return "responders may only report progress on their own cases"


def can_set_status(user: User, case: Case, new_status: str) -> str | None:
    if user.role == "responder":
        if case.assignee_user_id != user.id:
            return "this case is not assigned to you"
        if new_status not in ("in_progress", "resolved"):
            return "a responder may only start or resolve work"
        return None
    if new_status == "closed" and user.role not in ("lead", "admin", "operator", "unit_staff"):
        return "closing needs a lead"
    return can_act_on_case(user, case)


def can_see_reporters(user: User, case: Case) -> bool:
    if user.role in CITY_WIDE_ROLES:
        return True
    return user.role == "unit_staff" and user.unit_code == case.owner_unit_code


def allowed_message_visibilities(user: User) -> frozenset[str]:
    if user.role == "responder":
        return frozenset({"crew"})
    return frozenset({"public", "internal", "crew"})


def visible_message_visibilities(user: User) -> frozenset[str]:
    if user.role == "responder":
        return frozenset({"public", "crew"})
    return frozenset({"public", "internal", "crew"})


def can_admin(user: User) -> str | None:
    return None if user.role == "admin" else "only administrators may change reference data"
