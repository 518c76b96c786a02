"""What a crew reports from the field (``POST /crews/{id}/status``), and what that does to its case.

- ``en_route`` / ``on_site``: the crew's status; the case is in progress.
- ``done``: the case is resolved, which needs a public resolution note for the citizen; the crew is free.
- ``available`` while on a case: the crew leaves it unfinished (the note says why) and the case goes back
  to its unit to decide; without a case it is just the status (e.g. at the start of a shift).
- ``off_duty``: only without a case.
A note (and photos already uploaded to the case) goes to the crew thread of the case.
"""

from __future__ import annotations

from central.auth import permissions
from central.cases import service as cases
from central.cases.models import Case
from central.cases.schemas import MessageIn, StatusIn
from central.context import Ctx
from central.crews import service as crews
from central.crews.models import Crew
from central.crews.schemas import CrewReportIn
from central.errors import Conflict, Forbidden, StaleVersion, ValidationFailed

WORK_REPORTS = frozenset({"en_route", "on_site", "done"})


def report(ctx: Ctx, crew_id: int, if_match: int, body: CrewReportIn) -> Crew:
    crew = crews.get_crew(ctx, crew_id)
    reason = permissions.can_report_for_crew(ctx.user, crew)
    if reason:
        raise Forbidden(reason)
    # Lock order: the case first, then (with the event-order lock) the crew; then check nothing moved.
    case = cases.get_case(ctx, crew.current_case_id, for_update=True) if crew.current_case_id else None
    locked = crews.lock_crew(ctx.session, crew_id)
    assert locked is not None
    crew = locked
    if crew.version != if_match:
        raise StaleVersion(
            f"crew {crew.name} changed meanwhile (your version {if_match}, now {crew.version})", crew.version
        )
    if case is not None and crew.current_case_id != case.id:
        raise Conflict(f"crew {crew.name} changed cases meanwhile; look again")
    if body.case_id is not None and body.case_id != crew.current_case_id:
        raise Conflict(f"crew {crew.name} is not on case {body.case_id}")
    if body.status in WORK_REPORTS and case is None:
        raise Conflict(f"crew {crew.name} has no case; a lead dispatches it first")
    if body.status == "off_duty" and case is not None:
        raise Conflict(f"crew {crew.name} is on case {case.tracking_number}: report done or leave it first")
    if body.status == "done" and not body.resolution:
        raise ValidationFailed(
            {"resolution": "a public resolution note to the citizen is required to finish the case"}
        )
    if body.status == "available" and case is not None and not body.note:
        raise ValidationFailed({"note": "say why the crew leaves the case unfinished"})
    if body.attachment_ids and case is None:
        raise ValidationFailed({"attachment_ids": "photos go with a case; the crew has none"})

    if case is None:
        crews.set_crew_state(
            ctx.session,
            crew,
            status=body.status,
            now=ctx.now,
            actor=ctx.user,
            reason="reported",
            note=body.note,
        )
        return crew
    _note_to_thread(ctx, case, body)
    if body.status in ("en_route", "on_site"):
        crews.set_crew_state(
            ctx.session,
            crew,
            status=body.status,
            now=ctx.now,
            actor=ctx.user,
            reason="reported",
            note=body.note,
            event_case_id=case.id,
        )
        if case.status != "in_progress":
            cases.set_status(ctx, case, StatusIn(status="in_progress"))
        return crew
    # done, or leaving the case unfinished: the crew is free first (so the case change finds it released)
    crews.set_crew_state(
        ctx.session,
        crew,
        status="available",
        case_id=None,
        now=ctx.now,
        actor=ctx.user,
        reason="done" if body.status == "done" else "left_unfinished",
        note=body.note,
        event_case_id=case.id,
    )
    if body.status == "done":
        cases.set_status(ctx, case, StatusIn(status="resolved", note=body.resolution))
    else:
        cases.release_from_crew(ctx, case, body.note)
    return crew


def _note_to_thread(ctx: Ctx, case: Case, body: CrewReportIn) -> None:
    if not body.note and not body.attachment_ids:
        return
    text = body.note or "Снимки от екипа."
    cases.post_message(ctx, case, MessageIn(body=text, visibility="crew", attachment_ids=body.attachment_ids))
