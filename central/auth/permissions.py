"""Who may see and do what. Every check returns a reason (for the 403) or None when allowed."""

from __future__ import annotations

from central.auth.models import User
from central.cases.models import Case
from central.crews.models import Crew

# Roles that work across all units (the contact centre and its leads, administrators).
CITY_WIDE_ROLES = frozenset({"operator", "lead", "admin"})


def can_read_case(user: User, case: Case) -> str | None:
    if user.role in CITY_WIDE_ROLES:
        return None
    if user.role == "unit_staff" and user.unit_code == case.owner_unit_code:
        return None
    if user.role == "responder" and is_responders_case(user, case):
        return None
    if user.role == "unit_staff":
        return "this case belongs to another unit"
    return "responders see only the cases assigned to them"


def is_responders_case(user: User, case: Case) -> bool:
    """Assigned to the responder in person, or dispatched to their crew."""
    return case.assignee_user_id == user.id or (
        user.crew_id is not None and case.assignee_crew_id == user.crew_id
    )


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
        if not is_responders_case(user, case):
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


def can_upload_attachment(user: User) -> str | None:
    """Photos go with a new case or a message: whoever may do either may upload."""
    if can_create_case(user) is None or allowed_message_visibilities(user):
        return None
    return "your role may neither file cases nor post messages"


def can_read_attachment(
    user: User, uploader_user_id: int, case: Case | None, message_visibility: str | None
) -> str | None:
    """An unlinked upload is its uploader's alone; a linked one follows its case and, when it belongs to a
    message, that message's visibility."""
    if case is None:
        return None if uploader_user_id == user.id else "this photo is not attached to a case yet"
    reason = can_read_case(user, case)
    if reason:
        return reason
    if message_visibility is not None and message_visibility not in visible_message_visibilities(user):
        return f"your role may not see {message_visibility} messages or their photos"
    return None


def can_add_follower(user: User) -> str | None:
    """Recording one more caller about an existing case is contact-centre work (instead of a duplicate)."""
    if user.role in CITY_WIDE_ROLES:
        return None
    return "only the contact centre adds callers to an existing case"


def can_read_crew(user: User, crew: Crew) -> str | None:
    if user.role in CITY_WIDE_ROLES or user.unit_code == crew.unit_code:
        return None
    return "this crew belongs to another unit"


def can_report_for_crew(user: User, crew: Crew) -> str | None:
    """Status and position: the crew's members, its unit's staff (by radio), or a lead."""
    if user.role in ("lead", "admin"):
        return None
    if user.role == "unit_staff" and user.unit_code == crew.unit_code:
        return None
    if user.role == "responder" and user.crew_id == crew.id:
        return None
    return "only the crew's members, its unit's staff or a lead report for a crew"


def can_dispatch(user: User, unit_lead_user_id: int | None) -> str | None:
    """Sending a crew is a lead's decision: the contact centre's leads, or the owner unit's own lead."""
    if user.role == "lead" or (unit_lead_user_id is not None and user.id == unit_lead_user_id):
        return None
    return "only a lead dispatches crews"


def can_acknowledge_alert(user: User, case: Case) -> str | None:
    """Acknowledging an alert about a case (urgent, SLA breach, escalation): the consoles that get them."""
    if user.role in ("operator", "lead"):
        return None
    if user.role == "unit_staff":
        return None if user.unit_code == case.owner_unit_code else "this case belongs to another unit"
    return "only operators, leads and the owner unit's staff acknowledge alerts"
