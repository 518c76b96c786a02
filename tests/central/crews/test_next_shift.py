"""The crew board's "next shift": when each crew's next shift begins, by the roster (daily lines on some
weekdays or round the clock, working hours that skip weekends), shown with every crew."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.central.api.helpers import Db
from tests.central.crews.conftest import ok


def test_next_shift_by_the_roster(as_user, user_ids, db: Db) -> None:  # type: ignore[no-untyped-def]
    from central.crews.roster import next_shift_starts
    from central.db import make_sessionmaker, session_scope

    admin = as_user("admin")
    crews = {
        name: ok(admin.post("/admin/crews", {"unit_code": "CGM", "name": name, "member_ids": []}), 201)["id"]
        for name in ("night", "office", "always", "idle")
    }
    shifts = [
        {
            "crew_id": crews["night"],
            "pattern": "daily",
            "starts": "20:00",
            "ends": "08:00",
            "weekdays": "12345",
        },
        {"crew_id": crews["office"], "pattern": "working_hours"},
        {"crew_id": crews["always"], "pattern": "daily", "starts": "08:00", "ends": "08:00"},
    ]
    ok(admin.put("/admin/roster/CGM", {"shifts": shifts}))

    # Wednesday 2 December 2026, 10:00 in Sofia (the tests' clock): the office is open.
    board = {c["name"]: c for c in ok(as_user("lead").get("/crews", unit="CGM"))}
    assert (board["night"]["on_duty"], board["night"]["next_shift_at"]) == (False, "2026-12-02T18:00:00Z")
    assert (board["office"]["on_duty"], board["office"]["shift_ends_at"]) == (True, "2026-12-02T15:30:00Z")
    assert board["office"]["next_shift_at"] == "2026-12-03T07:00:00Z"  # Thursday 09:00
    assert board["always"]["next_shift_at"] == "2026-12-03T06:00:00Z"  # the next 24 h shift, 08:00
    assert (board["idle"]["on_duty"], board["idle"]["next_shift_at"]) == (False, None)

    with session_scope(make_sessionmaker(db.engine)) as session:
        friday_evening = datetime(2026, 12, 4, 17, 0, tzinfo=UTC)  # 19:00 in Sofia
        found = next_shift_starts(session, list(crews.values()), friday_evening)
        assert found[crews["night"]] == datetime(2026, 12, 4, 18, 0, tzinfo=UTC)  # tonight, Friday
        assert found[crews["office"]] == datetime(2026, 12, 7, 7, 0, tzinfo=UTC)  # Monday 09:00
        saturday = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
        assert next_shift_starts(session, [crews["night"]], saturday) == {
            crews["night"]: datetime(2026, 12, 7, 18, 0, tzinfo=UTC)  # Monday night
        }
        assert next_shift_starts(session, [crews["idle"]], saturday) == {}
        assert next_shift_starts(session, [], saturday) == {}
