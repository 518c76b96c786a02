"""The on-duty roster: which crew works when. "Who is on duty at moment t" is computed from these rows,
never guessed from what crews last reported.

A roster line is either
- ``daily``: from ``starts`` to ``ends`` local time (ending the next day when ``ends <= starts``; equal
  times are a 24-hour shift), on some ISO weekdays or every day, optionally on a cycle (``cycle_days``
  days counted from ``valid_from``, of which the first ``on_days`` are worked: 1 on 3 off, 2 on 2 off...);
- ``working_hours``: exactly while the working-hours calendar is open (Mon-Fri 09:00-17:30 Sofia time,
  never on Bulgarian public holidays), the same calendar as the SLA clocks.
Both may be limited to ``valid_from``..``valid_until`` (inclusive dates of the day a shift starts).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from central.auth.models import User
from central.crews.models import SHIFT_PATTERNS, Crew, Shift
from central.reference.models import Unit
from central.seed.reference import ReferenceFileError, read_csv_rows
from central.sla.calendar import CALENDARS, SOFIA, is_open

WORKING_HOURS = CALENDARS["working_hours"]
ROSTER_COLUMNS = (
    "unit_code",
    "crew",
    "pattern",
    "starts",
    "ends",
    "weekdays",
    "cycle_days",
    "on_days",
    "valid_from",
    "valid_until",
    "members",
    "note",
)


@dataclass(frozen=True)
class OnDuty:
    """A crew on duty at a moment, by which roster line, for which window (UTC)."""

    crew_id: int
    shift_id: int
    starts_at: datetime
    ends_at: datetime


def _in_validity(shift: Shift, day: date) -> bool:
    if shift.valid_from is not None and day < shift.valid_from:
        return False
    return shift.valid_until is None or day <= shift.valid_until


def _daily_window(shift: Shift, day: date) -> tuple[datetime, datetime] | None:
    """The UTC window of a daily shift that starts on local ``day``, or None if it does not work that day."""
    assert shift.starts is not None and shift.ends is not None
    if not _in_validity(shift, day):
        return None
    if shift.weekdays and str(day.isoweekday()) not in shift.weekdays:
        return None
    if shift.cycle_days > 1:
        anchor = shift.valid_from or date(2000, 1, 1)
        if (day - anchor).days % shift.cycle_days >= shift.on_days:
            return None
    end_day = day if shift.ends > shift.starts else day + timedelta(days=1)
    # Each end converted on its own day: a night shift across a DST change is one hour shorter or longer.
    starts = datetime.combine(day, shift.starts, tzinfo=SOFIA).astimezone(UTC)
    ends = datetime.combine(end_day, shift.ends, tzinfo=SOFIA).astimezone(UTC)
    return starts, ends


def _working_hours_window(shift: Shift, moment: datetime) -> tuple[datetime, datetime] | None:
    day = moment.astimezone(SOFIA).date()
    if not _in_validity(shift, day) or not is_open(moment, WORKING_HOURS):
        return None
    assert WORKING_HOURS.opens is not None and WORKING_HOURS.closes is not None
    return (
        datetime.combine(day, WORKING_HOURS.opens, tzinfo=SOFIA).astimezone(UTC),
        datetime.combine(day, WORKING_HOURS.closes, tzinfo=SOFIA).astimezone(UTC),
    )


def shift_window(shift: Shift, moment: datetime) -> tuple[datetime, datetime] | None:
    """The window of ``shift`` that contains ``moment`` (aware), or None when the shift is not on then."""
    moment = moment.astimezone(UTC)
    if shift.pattern == "working_hours":
        return _working_hours_window(shift, moment)
    today = moment.astimezone(SOFIA).date()
    for day in (today, today - timedelta(days=1)):  # a shift that started yesterday may still run
        window = _daily_window(shift, day)
        if window is not None and window[0] <= moment < window[1]:
            return window
    return None


def on_duty(
    session: Session,
    moment: datetime,
    unit_code: str | None = None,
    crew_ids: Collection[int] | None = None,
) -> list[OnDuty]:
    """Every active crew on duty at ``moment`` (of one unit, or all; of these crews only, when given), by
    crew id; a crew covered by two lines at once is listed once, with the window that ends last."""
    query = (
        sa.select(Shift)
        .join(Crew, Crew.id == Shift.crew_id)
        .where(Crew.active)
        .order_by(Shift.crew_id, Shift.id)
    )
    if unit_code is not None:
        query = query.where(Shift.unit_code == unit_code)
    if crew_ids is not None:
        query = query.where(Shift.crew_id.in_(list(crew_ids)))
    found: dict[int, OnDuty] = {}
    for shift in session.scalars(query):
        window = shift_window(shift, moment)
        if window is None:
            continue
        earlier = found.get(shift.crew_id)
        if earlier is None or window[1] > earlier.ends_at:
            found[shift.crew_id] = OnDuty(shift.crew_id, shift.id, window[0], window[1])
    return [found[crew_id] for crew_id in sorted(found)]


NEXT_SHIFT_HORIZON_DAYS = 8  # a weekly roster always has its next shift within this


def _next_start(shift: Shift, moment: datetime, horizon_days: int) -> datetime | None:
    """The start of the first window of ``shift`` that begins after ``moment`` (within the horizon)."""
    today = moment.astimezone(SOFIA).date()
    for offset in range(horizon_days + 1):
        day = today + timedelta(days=offset)
        if shift.pattern == "working_hours":
            if not _in_validity(shift, day):
                continue
            assert WORKING_HOURS.opens is not None
            starts = datetime.combine(day, WORKING_HOURS.opens, tzinfo=SOFIA).astimezone(UTC)
            if starts > moment and is_open(starts, WORKING_HOURS):
                return starts
            continue
        window = _daily_window(shift, day)
        if window is not None and window[0] > moment:
            return window[0]
    return None


def next_shift_starts(
    session: Session, crew_ids: list[int], moment: datetime, horizon_days: int = NEXT_SHIFT_HORIZON_DAYS
) -> dict[int, datetime]:
    """Crew id → when its next shift (one starting after ``moment``) begins, for the crews that have one
    within ``horizon_days`` (inactive crews have none)."""
    if not crew_ids:
        return {}
    moment = moment.astimezone(UTC)
    shifts = session.scalars(
        sa.select(Shift)
        .join(Crew, Crew.id == Shift.crew_id)
        .where(Crew.active, Shift.crew_id.in_(crew_ids))
        .order_by(Shift.crew_id, Shift.id)
    )
    found: dict[int, datetime] = {}
    for shift in shifts:
        starts = _next_start(shift, moment, horizon_days)
        if starts is not None and (shift.crew_id not in found or starts < found[shift.crew_id]):
            found[shift.crew_id] = starts
    return found


# --- editing the roster -------------------------------------------------------------------------------


@dataclass
class ShiftSpec:
    """One roster line as given by an administrator (CSV or API), checked by :func:`check_shift`."""

    crew_id: int | None
    pattern: str
    starts: time | None = None
    ends: time | None = None
    weekdays: str = ""
    cycle_days: int = 1
    on_days: int = 1
    valid_from: date | None = None
    valid_until: date | None = None
    note: str = ""


def check_shift(spec: ShiftSpec) -> list[str]:
    """Problems with a roster line, as messages (empty when it is fine)."""
    problems = []
    if spec.pattern not in SHIFT_PATTERNS:
        problems.append(f"pattern must be one of {', '.join(SHIFT_PATTERNS)}")
    if spec.pattern == "daily" and (spec.starts is None or spec.ends is None):
        problems.append("a daily shift needs starts and ends (HH:MM, Sofia time)")
    if spec.pattern == "working_hours" and (spec.starts or spec.ends or spec.weekdays or spec.cycle_days > 1):
        problems.append(
            "a working_hours shift follows the working-hours calendar: no times, weekdays or cycle"
        )
    if spec.weekdays and not re.fullmatch(r"[1-7]{1,7}", spec.weekdays):
        problems.append("weekdays are ISO day numbers 1-7 (1 = Monday), e.g. 12345")
    if not 1 <= spec.cycle_days <= 366 or not 1 <= spec.on_days <= spec.cycle_days:
        problems.append("need 1 <= on_days <= cycle_days <= 366")
    if spec.cycle_days > 1 and spec.valid_from is None:
        problems.append("a cycle needs valid_from (the first day of the cycle)")
    if spec.valid_from and spec.valid_until and spec.valid_until < spec.valid_from:
        problems.append("valid_until is before valid_from")
    return problems


def normalise_weekdays(text: str) -> str:
    """ "1-5" or "1,2,3" or "12345" → "12345"; empty stays empty (every day)."""
    text = text.strip()
    if not text:
        return ""
    days: set[str] = set()
    for part in re.split(r"[,\s]+", text):
        if re.fullmatch(r"[1-7]-[1-7]", part):
            first, last = int(part[0]), int(part[2])
            days.update(str(d) for d in range(first, last + 1))
        else:
            days.update(part)
    return "".join(sorted(days))


def replace_unit_roster(session: Session, unit_code: str, specs: list[ShiftSpec]) -> list[Shift]:
    """Replace the whole roster of a unit (rosters are published whole). The caller checked the specs."""
    session.execute(sa.delete(Shift).where(Shift.unit_code == unit_code))
    shifts = [
        Shift(
            unit_code=unit_code,
            crew_id=spec.crew_id,
            pattern=spec.pattern,
            starts=spec.starts,
            ends=spec.ends,
            weekdays=spec.weekdays,
            cycle_days=spec.cycle_days,
            on_days=spec.on_days,
            valid_from=spec.valid_from,
            valid_until=spec.valid_until,
            note=spec.note,
        )
        for spec in specs
    ]
    session.add_all(shifts)
    session.flush()
    return shifts


@dataclass
class RosterFile:
    """A roster CSV, parsed and checked: per unit its lines, per crew (unit, name) its members if given."""

    lines: dict[str, list[tuple[str, ShiftSpec]]]  # unit → [(crew name, spec without crew id)]
    members: dict[tuple[str, str], list[str]]  # (unit, crew name) → usernames


def _parse_time(value: str, where: str, column: str) -> time | None:
    if not value:
        return None
    match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", value)
    if match is None:
        raise ReferenceFileError(f"{where}: {column} must be HH:MM (Sofia time), got {value!r}")
    return time(int(match.group(1)), int(match.group(2)))


def _parse_date(value: str, where: str, column: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ReferenceFileError(f"{where}: {column} must be a date YYYY-MM-DD, got {value!r}") from None


def _parse_int(value: str, where: str, column: str, default: int) -> int:
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ReferenceFileError(f"{where}: {column} must be a whole number, got {value!r}") from None


def read_roster_file(session: Session, path: Path) -> RosterFile:
    """Parse and check the whole file against the database; raise on the first bad line."""
    units = set(session.scalars(sa.select(Unit.code)))
    users = {u.username: u for u in session.scalars(sa.select(User))}
    parsed = RosterFile(lines={}, members={})
    for line, row in read_csv_rows(path, ("unit_code", "crew", "pattern")):
        where = f"{path.name}:{line}"
        unit, crew = row["unit_code"], row["crew"]
        if unit not in units:
            raise ReferenceFileError(f"{where}: unknown unit {unit!r}")
        if not crew or len(crew) > 100:
            raise ReferenceFileError(f"{where}: crew needs a name of 1 to 100 characters")
        spec = ShiftSpec(
            crew_id=None,
            pattern=row["pattern"],
            starts=_parse_time(row.get("starts", ""), where, "starts"),
            ends=_parse_time(row.get("ends", ""), where, "ends"),
            weekdays=normalise_weekdays(row.get("weekdays", "")),
            cycle_days=_parse_int(row.get("cycle_days", ""), where, "cycle_days", 1),
            on_days=_parse_int(row.get("on_days", ""), where, "on_days", 1),
            valid_from=_parse_date(row.get("valid_from", ""), where, "valid_from"),
            valid_until=_parse_date(row.get("valid_until", ""), where, "valid_until"),
            note=row.get("note", ""),
        )
        problems = check_shift(spec)
        if problems:
            raise ReferenceFileError(f"{where}: {'; '.join(problems)}")
        names = [name.strip() for name in row.get("members", "").split("|") if name.strip()]
        for name in names:
            user = users.get(name)
            if user is None:
                raise ReferenceFileError(f"{where}: unknown user {name!r}")
            problem = member_problem(user, unit)
            if problem:
                raise ReferenceFileError(f"{where}: {problem}")
        if names:
            parsed.members.setdefault((unit, crew), [])
            parsed.members[(unit, crew)] += [n for n in names if n not in parsed.members[(unit, crew)]]
        parsed.lines.setdefault(unit, []).append((crew, spec))
    return parsed


def member_problem(user: User, unit_code: str) -> str | None:
    """Why ``user`` cannot be in a crew of ``unit_code`` (None when they can)."""
    if user.role != "responder":
        return f"{user.username} is a {user.role}; crews are made of responders"
    if user.unit_code != unit_code:
        return f"{user.username} works for {user.unit_code}, not {unit_code}"
    if not user.active:
        return f"{user.username} is not active"
    return None
