"""SLA clocks through the API: deadlines per calendar, priority changes, pause and resume, overdue."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta

from central.clock import FrozenClock
from central.sla.calendar import CALENDARS, add_business_time
from tests.central.api.helpers import Db, act, current, iso, ok, patch
from tests.support import DEFAULT_NOW, REPO_ROOT, Api

WORKING_HOURS = CALENDARS["working_hours"]


def _policy(category_id: int | None, priority: str) -> tuple[int, int]:
    """(first response, resolve) minutes from the seed CSV: the category's own row, else the default."""
    path = REPO_ROOT / "central" / "seed" / "data" / "sla_policies.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    for wanted in (str(category_id), ""):
        for row in rows:
            if row["category_id"] == wanted and row["priority"] == priority:
                return int(row["first_response_minutes"]), int(row["resolve_minutes"])
    raise LookupError((category_id, priority))


def _ids(api: Api, **params: str) -> list[int]:
    return [c["id"] for c in ok(api.get("/cases", **params))["items"]]


def test_deadlines_follow_the_owner_units_calendar(operator: Api, clock: FrozenClock) -> None:
    # road damage in Mladost → Район „Младост“, which works Mon-Fri 09:00-17:30 Sofia time
    case = operator.create_case(category_id=3)
    assert (case["owner_unit_code"], case["sla_calendar"], case["priority"]) == (
        "RA-15",
        "working_hours",
        "normal",
    )
    first, resolve = _policy(3, "normal")
    assert (first, resolve) == (1440, 20160)
    # 24 working hours from Wed 10:00 local: Wed 7.5 h + Thu 8.5 h + Fri 8 h → Fri 17:00 local = 15:00 UTC
    assert case["first_response_due_at"] == "2026-12-04T15:00:00Z"
    assert case["due_at"] == iso(add_business_time(DEFAULT_NOW, timedelta(minutes=resolve), WORKING_HOURS))
    assert case["sla_state"] == "ok"

    # a round-the-clock unit counts every hour
    case = operator.create_case(category_id=5)  # parking → ЦГМ, 24x7, its own policy
    assert (case["owner_unit_code"], case["sla_calendar"]) == ("CGM", "24x7")
    assert _policy(5, "normal") == (120, 1440)
    assert case["first_response_due_at"] == "2026-12-02T10:00:00Z"
    assert case["due_at"] == "2026-12-03T08:00:00Z"
    urgent = operator.create_case(category_id=2, priority="urgent")  # water → Софийска вода, 24x7
    assert (urgent["owner_unit_code"], urgent["priority"]) == ("SV", "urgent")
    assert urgent["first_response_due_at"] == "2026-12-02T08:30:00Z"
    assert urgent["due_at"] == "2026-12-02T16:00:00Z"

    # filed on Friday evening, after closing: a working-hours clock starts on Monday morning
    clock.set(datetime(2026, 12, 4, 16, 0, tzinfo=UTC))
    late = operator.create_case(category_id=3)
    # Mon 8.5 h + Tue 8.5 h + Wed 7 h → Wed 9 Dec 16:00 local = 14:00 UTC
    assert late["first_response_due_at"] == "2026-12-09T14:00:00Z"
    night = operator.create_case(category_id=5)  # while ЦГМ counts from now: Fri 16:00 UTC + 2 h
    assert night["first_response_due_at"] == "2026-12-04T18:00:00Z"


def test_priority_change_recomputes_the_deadlines(operator: Api, db: Db, clock: FrozenClock) -> None:
    case = operator.create_case(category_id=5)
    cid = case["id"]
    clock.advance(timedelta(minutes=20))
    high = ok(patch(operator, cid, {"priority": "high"}))
    # counted from creation, not from the change
    assert (high["first_response_due_at"], high["due_at"]) == ("2026-12-02T08:30:00Z", "2026-12-02T12:00:00Z")
    event = db.events(cid)[-1]
    assert event["data"]["changes"]["priority"] == ["normal", "high"]
    assert event["data"]["changes"]["due_at"] == ["2026-12-03T08:00:00+00:00", "2026-12-02T12:00:00+00:00"]
    low = ok(patch(operator, cid, {"priority": "low"}))  # parking has no low policy: the default applies
    assert _policy(None, "low") == (2880, 43200)
    assert (low["first_response_due_at"], low["due_at"]) == ("2026-12-04T08:00:00Z", "2027-01-01T08:00:00Z")


def test_pause_stops_the_clock_and_resume_moves_the_deadline(
    operator: Api, db: Db, clock: FrozenClock, user_ids: dict[str, int]
) -> None:
    case = operator.create_case(category_id=5)  # due 2026-12-03T08:00Z on 24x7
    cid = case["id"]
    clock.advance(timedelta(hours=1))
    paused = ok(act(operator, cid, "pause", {"reason": "чакаме отговор от КАТ"}))
    assert paused["sla_state"] == "paused"
    assert paused["sla_paused_at"] == "2026-12-02T09:00:00Z"
    assert paused["sla_paused_reason"] == "чакаме отговор от КАТ"
    again = act(operator, cid, "pause", {"reason": "пак"})
    assert again.status_code == 409
    assert again.json()["detail"] == "the SLA clock is already paused"

    clock.advance(timedelta(hours=30))  # far past the original deadline, but paused
    assert current(operator, cid)["sla_state"] == "paused"
    assert _ids(operator, overdue="true") == []
    assert _ids(operator, overdue="false") == [cid]

    resumed = ok(act(operator, cid, "resume", {"note": "КАТ отговори"}))
    assert resumed["due_at"] == "2026-12-04T14:00:00Z"  # 30 hours later
    assert (resumed["sla_paused_at"], resumed["sla_paused_reason"]) == (None, None)
    assert resumed["sla_state"] == "ok"
    event = db.events(cid)[-1]
    assert event["type"] == "case.sla_resumed"
    assert event["data"]["paused_seconds"] == 30 * 3600
    assert event["data"]["changes"]["due_at"] == ["2026-12-03T08:00:00+00:00", "2026-12-04T14:00:00+00:00"]
    not_paused = act(operator, cid, "resume", {})
    assert not_paused.status_code == 409
    assert not_paused.json()["detail"] == "the SLA clock is not paused"
    empty = act(operator, cid, "pause", {"reason": "  "})
    assert empty.status_code == 422
    assert set(empty.json()["errors"]) == {"reason"}

    # finishing a paused case stops its clock for good
    ok(act(operator, cid, "pause", {"reason": "чакаме"}))
    ok(act(operator, cid, "assign", {"user_id": user_ids["cgm"]}))
    done = ok(act(operator, cid, "status", {"status": "resolved", "note": "готово"}))
    assert (done["sla_paused_at"], done["status"], done["sla_state"]) == (None, "resolved", "met")


def test_pause_on_working_hours_counts_only_working_time(operator: Api, db: Db, clock: FrozenClock) -> None:
    case = operator.create_case(category_id=3)  # Район „Младост“, working hours
    cid = case["id"]
    ok(act(operator, cid, "pause", {"reason": "чакаме ВиК"}))
    clock.advance(timedelta(hours=24))  # Wed 10:00 → Thu 10:00 local: 7.5 h + 1 h of working time
    resumed = ok(act(operator, cid, "resume", {}))
    paused_for = timedelta(hours=8, minutes=30)
    old_due = datetime.fromisoformat(case["due_at"])
    assert resumed["due_at"] == iso(add_business_time(old_due, paused_for, WORKING_HOURS))
    assert db.events(cid)[-1]["data"]["paused_seconds"] == paused_for.total_seconds()


def test_overdue_state_and_filter(operator: Api, clock: FrozenClock, user_ids: dict[str, int]) -> None:
    case = operator.create_case(category_id=5)  # 24 h to resolve
    cid = case["id"]
    clock.advance(timedelta(hours=1))
    assert current(operator, cid)["sla_state"] == "ok"
    clock.advance(timedelta(hours=19, minutes=30))  # 3.5 h left of 24: less than a fifth
    assert current(operator, cid)["sla_state"] == "due_soon"
    assert _ids(operator, overdue="true") == []

    clock.advance(timedelta(hours=3, minutes=30))  # exactly at the deadline
    fresh_later = operator.create_case(category_id=5)
    assert current(operator, cid)["sla_state"] == "overdue"
    assert _ids(operator, overdue="true") == [cid]
    assert _ids(operator, overdue="false") == [fresh_later["id"]]

    # pausing an overdue case hides it from the overdue list, but does not buy it time
    ok(act(operator, cid, "pause", {"reason": "чакаме"}))
    assert _ids(operator, overdue="true") == []
    clock.advance(timedelta(hours=2))
    resumed = ok(act(operator, cid, "resume", {}))
    assert resumed["due_at"] == case["due_at"]
    assert resumed["sla_state"] == "overdue"

    ok(act(operator, cid, "assign", {"user_id": user_ids["cgm"]}))
    done = ok(act(operator, cid, "status", {"status": "resolved", "note": "късно, но готово"}))
    assert done["sla_state"] == "breached"
    assert _ids(operator, overdue="true") == []  # finished cases are never overdue
