"""SLA clocks: when is a case due, and how much SLA time has passed.

Every municipal unit answers on a calendar. A calendar is plain data (`CalendarSpec`), not code:
either round the clock ("24x7") or working hours (Sofia administrations: Monday-Friday
09:00-17:30 Europe/Sofia, closed on Bulgarian public holidays).

How the working-hours arithmetic works: every local calendar day has at most one open window.
We turn that day's local opening and closing wall-clock times into UTC separately for each day,
so a DST change (which happens on a Sunday night) shifts the UTC window correctly. The clock then
walks day by day, consuming whole windows at once; closed days cost one set lookup. A 30-working-day
SLA therefore touches ~42 days, not ~20,000 minutes.

All public functions accept timezone-aware datetimes in any zone and return UTC datetimes.
Naive datetimes are rejected because guessing their zone is exactly how SLA bugs are born.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

SOFIA = ZoneInfo("Europe/Sofia")

# A calendar that is never open would make the day-by-day walk loop forever; give up after
# this many consecutive days (about 10 years) and report a broken calendar instead.
_MAX_DAYS_SCANNED = 3660


@dataclass(frozen=True)
class CalendarSpec:
    """One SLA calendar. `opens`/`closes` are local Europe/Sofia wall-clock times.

    `opens is None` (and `closes is None`) means round the clock: every moment counts.
    """

    code: str  # "24x7" or "working_hours"
    opens: time | None  # None for 24x7
    closes: time | None
    weekdays: frozenset[int]  # 0=Monday ... 6=Sunday
    observes_holidays: bool

    def __post_init__(self) -> None:
        if (self.opens is None) != (self.closes is None):
            raise ValueError(f"calendar {self.code!r}: set both opens and closes, or neither (24x7)")
        if self.opens is not None and self.closes is not None and not self.opens < self.closes:
            raise ValueError(f"calendar {self.code!r}: opens must be before closes on the same day")
        if not self.weekdays <= frozenset(range(7)):
            raise ValueError(f"calendar {self.code!r}: weekdays must be in 0..6 (0=Monday)")

    @property
    def round_the_clock(self) -> bool:
        return self.opens is None


CALENDARS: dict[str, CalendarSpec] = {
    "24x7": CalendarSpec(
        code="24x7", opens=None, closes=None, weekdays=frozenset(range(7)), observes_holidays=False
    ),
    "working_hours": CalendarSpec(
        code="working_hours",
        opens=time(9, 0),
        closes=time(17, 30),
        weekdays=frozenset(range(5)),  # Monday-Friday
        observes_holidays=True,
    ),
}


def get_calendar(code: str) -> CalendarSpec:
    """Look a calendar up by its code; unknown codes are a configuration error, not a default."""
    try:
        return CALENDARS[code]
    except KeyError:
        known = ", ".join(sorted(CALENDARS))
        raise ValueError(f"unknown SLA calendar code {code!r}; known codes: {known}") from None


@lru_cache(maxsize=64)
def _bulgarian_days(year: int) -> tuple[frozenset[date], frozenset[date]]:
    """(public holidays, weekend days declared working) for one year.

    Building a `holidays.BG` object takes a fraction of a millisecond, far too slow to repeat on
    every case creation, so each year is built once. `language="bg"` is always passed so the result
    never depends on the server's locale. The library includes Orthodox Easter, days moved by
    decree ("почивен ден", "Неприсъствен ден") and, should a decree ever add one, working Saturdays.
    """
    bg = holidays.BG(language="bg", years=year)
    return frozenset(bg.keys()), frozenset(bg.weekend_workdays)


def _is_working_day(day: date, calendar: CalendarSpec) -> bool:
    if not calendar.observes_holidays:
        return day.weekday() in calendar.weekdays
    public_holidays, weekend_workdays = _bulgarian_days(day.year)
    if day in public_holidays:
        return False
    return day.weekday() in calendar.weekdays or day in weekend_workdays


def _open_window(day: date, calendar: CalendarSpec) -> tuple[datetime, datetime] | None:
    """The UTC [open, close) interval of a local calendar day, or None if closed all day.

    Each day's wall-clock times are converted on their own, which is what makes DST correct:
    09:00 in Sofia is 07:00 UTC in winter and 06:00 UTC in summer.
    """
    assert calendar.opens is not None and calendar.closes is not None
    if not _is_working_day(day, calendar):
        return None
    opens = datetime.combine(day, calendar.opens, tzinfo=SOFIA).astimezone(UTC)
    closes = datetime.combine(day, calendar.closes, tzinfo=SOFIA).astimezone(UTC)
    return opens, closes


def _to_utc(moment: datetime, name: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got naive datetime {moment.isoformat()}")
    return moment.astimezone(UTC)


def _local_date(moment_utc: datetime) -> date:
    return moment_utc.astimezone(SOFIA).date()


def add_business_time(start: datetime, duration: timedelta, calendar: CalendarSpec) -> datetime:
    """The moment when `duration` of calendar time has elapsed after `start` (the due date).

    - Starting outside working hours, the clock starts at the next opening.
    - A duration that ends exactly at closing time is due at closing time (Friday 16:30 + 1 h is
      Friday 17:30, not Monday 09:00).
    - A zero duration returns `start` unchanged (nothing has to elapse).
    - A negative duration (a clock that was paused while already overdue, see
      `remaining_after_pause`) is applied as plain elapsed time: `start + duration`. The due date
      then lies in the past, so the case stays overdue after resuming.
    """
    start_utc = _to_utc(start, "start")
    if duration <= timedelta(0) or calendar.round_the_clock:
        return start_utc + duration

    remaining = duration
    day = _local_date(start_utc)
    for _ in range(_MAX_DAYS_SCANNED):
        window = _open_window(day, calendar)
        if window is not None:
            opens, closes = window
            begin = max(start_utc, opens)  # only the first day can start mid-window
            if begin < closes:
                available = closes - begin
                if remaining <= available:
                    return begin + remaining
                remaining -= available
        day += timedelta(days=1)
    raise ValueError(f"calendar {calendar.code!r} has no working time within {_MAX_DAYS_SCANNED} days")


def business_time_between(start: datetime, end: datetime, calendar: CalendarSpec) -> timedelta:
    """Calendar time elapsed between two moments (0 if end <= start). Inverse of add_business_time.

    For every start and every duration >= 0:
    `business_time_between(start, add_business_time(start, d, cal), cal) == d`.
    """
    start_utc = _to_utc(start, "start")
    end_utc = _to_utc(end, "end")
    if end_utc <= start_utc:
        return timedelta(0)
    if calendar.round_the_clock:
        return end_utc - start_utc

    total = timedelta(0)
    day = _local_date(start_utc)
    last_day = _local_date(end_utc)
    while day <= last_day:
        window = _open_window(day, calendar)
        if window is not None:
            # Overlap of [start, end) with this day's [opens, closes).
            begin = max(start_utc, window[0])
            finish = min(end_utc, window[1])
            if begin < finish:
                total += finish - begin
        day += timedelta(days=1)
    return total


def is_open(moment: datetime, calendar: CalendarSpec) -> bool:
    """Whether the SLA clock is running at `moment` (opening time included, closing time excluded)."""
    moment_utc = _to_utc(moment, "moment")
    if calendar.round_the_clock:
        return True
    window = _open_window(_local_date(moment_utc), calendar)
    return window is not None and window[0] <= moment_utc < window[1]


def remaining_after_pause(due_at: datetime, paused_at: datetime, calendar: CalendarSpec) -> timedelta:
    """Calendar time left on the clock at the moment it was paused.

    Negative if the case was already overdue: then it is -(business time between due_at and
    paused_at). On resume the service calls `add_business_time(resumed_at, remaining, cal)`:
    a positive remainder continues on the calendar; a negative one gives `resumed_at - overdue`
    (plain elapsed time, see `add_business_time`), so the case is still overdue by that much.
    A case paused after its due date but before any further working time elapsed (due Friday
    17:30, paused Saturday) has 0 left and is due at the moment it resumes.
    """
    due_utc = _to_utc(due_at, "due_at")
    paused_utc = _to_utc(paused_at, "paused_at")
    if paused_utc <= due_utc:
        return business_time_between(paused_utc, due_utc, calendar)
    return -business_time_between(due_utc, paused_utc, calendar)
