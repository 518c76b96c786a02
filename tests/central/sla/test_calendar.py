"""Tests for central.sla.calendar: due dates and elapsed SLA time on municipal calendars."""

import random
import time as clock
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest

from central.sla.calendar import (
    CALENDARS,
    SOFIA,
    CalendarSpec,
    add_business_time,
    business_time_between,
    get_calendar,
    is_open,
    remaining_after_pause,
)

WORK = get_calendar("working_hours")
ALWAYS = get_calendar("24x7")
NEW_YORK = ZoneInfo("America/New_York")


def sofia(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SOFIA)


def bg_holidays(year: int) -> holidays.HolidayBase:
    """Ask the library itself, so the tests do not depend on our own memory of the dates."""
    return holidays.BG(language="bg", years=year)


def next_working_day_after(day: date) -> date:
    """First Monday-Friday after `day` that the holidays library does not list as a holiday."""
    candidate = day + timedelta(days=1)
    while candidate.weekday() >= 5 or candidate in bg_holidays(candidate.year):
        candidate += timedelta(days=1)
    return candidate


# --- calendar lookup and input validation -------------------------------------------------------


def test_get_calendar_returns_the_two_known_calendars() -> None:
    assert set(CALENDARS) == {"24x7", "working_hours"}
    assert WORK.opens == time(9, 0) and WORK.closes == time(17, 30)
    assert WORK.weekdays == frozenset({0, 1, 2, 3, 4})
    assert WORK.observes_holidays is True
    assert ALWAYS.opens is None and ALWAYS.closes is None and ALWAYS.observes_holidays is False


def test_unknown_calendar_code_is_rejected_with_a_clear_message() -> None:
    with pytest.raises(ValueError, match=r"unknown SLA calendar code 'office'.*24x7, working_hours"):
        get_calendar("office")


def test_calendar_spec_rejects_inconsistent_hours() -> None:
    with pytest.raises(ValueError, match="opens must be before closes"):
        CalendarSpec("bad", time(18, 0), time(9, 0), frozenset({0}), False)
    with pytest.raises(ValueError, match="both opens and closes"):
        CalendarSpec("bad", time(9, 0), None, frozenset({0}), False)


@pytest.mark.parametrize("calendar", [WORK, ALWAYS], ids=lambda c: c.code)
def test_naive_datetimes_are_rejected(calendar: CalendarSpec) -> None:
    naive = datetime(2026, 1, 14, 10, 0)
    aware = sofia(2026, 1, 14, 10)
    with pytest.raises(ValueError, match="timezone-aware"):
        add_business_time(naive, timedelta(hours=1), calendar)
    with pytest.raises(ValueError, match="timezone-aware"):
        business_time_between(naive, aware, calendar)
    with pytest.raises(ValueError, match="timezone-aware"):
        business_time_between(aware, naive, calendar)
    with pytest.raises(ValueError, match="timezone-aware"):
        is_open(naive, calendar)
    with pytest.raises(ValueError, match="timezone-aware"):
        remaining_after_pause(aware, naive, calendar)


# --- 24x7 ------------------------------------------------------------------------------------------


def test_24x7_is_plain_arithmetic_in_utc() -> None:
    start = datetime(2026, 1, 16, 17, 0, tzinfo=NEW_YORK)  # Friday evening, any zone is accepted
    due = add_business_time(start, timedelta(hours=50), ALWAYS)
    assert due == start + timedelta(hours=50)
    assert due.tzinfo is UTC
    assert business_time_between(start, due, ALWAYS) == timedelta(hours=50)
    assert business_time_between(due, start, ALWAYS) == timedelta(0)
    assert is_open(sofia(2026, 12, 25, 3), ALWAYS)  # Christmas night counts too


def test_24x7_across_dst_counts_real_elapsed_time() -> None:
    # 29 March 2026 02:00 -> 05:00 Sofia wall time is only 2 real hours (clocks jump 03:00 -> 04:00).
    assert business_time_between(sofia(2026, 3, 29, 2), sofia(2026, 3, 29, 5), ALWAYS) == timedelta(hours=2)


# --- working hours ---------------------------------------------------------------------------------


def test_friday_evening_rolls_over_to_monday() -> None:
    friday = sofia(2026, 1, 16, 17, 0)
    assert friday.weekday() == 4
    assert date(2026, 1, 19) not in bg_holidays(2026)
    due = add_business_time(friday, timedelta(hours=2), WORK)
    assert due == sofia(2026, 1, 19, 10, 30)  # 30 min on Friday + 1 h 30 on Monday
    assert due.tzinfo is UTC
    assert business_time_between(friday, due, WORK) == timedelta(hours=2)


def test_duration_ending_exactly_at_closing_is_due_at_closing() -> None:
    due = add_business_time(sofia(2026, 1, 16, 16, 30), timedelta(hours=1), WORK)
    assert due == sofia(2026, 1, 16, 17, 30)


OFF_HOURS = [sofia(2026, 1, 16, 18), sofia(2026, 1, 17, 11), sofia(2026, 1, 18, 23, 59)]  # Fri, Sat, Sun


@pytest.mark.parametrize("start", OFF_HOURS)
def test_start_outside_hours_waits_for_monday_opening(start: datetime) -> None:
    assert add_business_time(start, timedelta(hours=1), WORK) == sofia(2026, 1, 19, 10, 0)
    assert business_time_between(start, sofia(2026, 1, 19, 9, 0), WORK) == timedelta(0)


def test_start_before_opening_on_a_weekday() -> None:
    due = add_business_time(sofia(2026, 1, 14, 6, 0), timedelta(minutes=45), WORK)
    assert due == sofia(2026, 1, 14, 9, 45)


def test_liberation_day_is_skipped() -> None:
    assert date(2026, 3, 3) in bg_holidays(2026)  # Tuesday, 3 March
    assert not is_open(sofia(2026, 3, 3, 11), WORK)
    due = add_business_time(sofia(2026, 3, 2, 17, 0), timedelta(hours=1), WORK)
    assert due == sofia(2026, 3, 4, 9, 30)


def test_st_georges_day_is_skipped() -> None:
    assert date(2026, 5, 6) in bg_holidays(2026)  # Wednesday
    due = add_business_time(sofia(2026, 5, 5, 17, 30), timedelta(hours=1), WORK)
    assert due == sofia(2026, 5, 7, 10, 0)


def test_orthodox_easter_is_skipped() -> None:
    easter = bg_holidays(2026)
    assert date(2026, 4, 10) in easter  # Good Friday
    assert date(2026, 4, 13) in easter  # Easter Monday
    assert date(2026, 4, 14) not in easter
    assert not is_open(sofia(2026, 4, 13, 10), WORK)
    due = add_business_time(sofia(2026, 4, 9, 17, 0), timedelta(hours=1), WORK)
    assert due == sofia(2026, 4, 14, 9, 30)
    # Thursday 9 April and Tuesday 14 April are the only working days in between: 2 x 8 h 30.
    elapsed = business_time_between(sofia(2026, 4, 9, 9), sofia(2026, 4, 14, 17, 30), WORK)
    assert elapsed == timedelta(hours=17)


def test_christmas_holidays_are_skipped() -> None:
    for day in (24, 25, 26):
        assert date(2026, 12, day) in bg_holidays(2026)
    resume_day = next_working_day_after(date(2026, 12, 23))
    due = add_business_time(sofia(2026, 12, 23, 17, 0), timedelta(hours=1), WORK)
    assert due == sofia(resume_day.year, resume_day.month, resume_day.day, 9, 30)
    assert due > sofia(2026, 12, 27)  # not before the weekend after Christmas


def test_holidays_are_checked_in_every_year_a_duration_crosses() -> None:
    assert date(2027, 1, 1) in bg_holidays(2027)
    start = sofia(2026, 12, 31, 9, 0)
    assert date(2026, 12, 31) not in bg_holidays(2026)
    due = add_business_time(start, timedelta(hours=10), WORK)
    next_day = next_working_day_after(date(2026, 12, 31))
    assert due == sofia(next_day.year, next_day.month, next_day.day, 10, 30)


def test_is_open_boundaries_and_other_zones() -> None:
    assert is_open(sofia(2026, 1, 14, 9, 0), WORK)
    assert is_open(sofia(2026, 1, 14, 17, 29), WORK)
    assert not is_open(sofia(2026, 1, 14, 17, 30), WORK)
    assert not is_open(sofia(2026, 1, 14, 8, 59), WORK)
    assert not is_open(sofia(2026, 1, 17, 12), WORK)  # Saturday
    # 02:30 New York on Wednesday is 09:30 in Sofia (both on winter time in January).
    assert is_open(datetime(2026, 1, 14, 2, 30, tzinfo=NEW_YORK), WORK)


# --- daylight saving time ---------------------------------------------------------------------------


def test_spring_forward_weekend() -> None:
    friday, monday = sofia(2026, 3, 27, 17, 0), sofia(2026, 3, 30, 10, 30)
    assert friday.utcoffset() == timedelta(hours=2) and monday.utcoffset() == timedelta(hours=3)
    due = add_business_time(friday, timedelta(hours=2), WORK)
    assert due == monday
    assert due == datetime(2026, 3, 30, 7, 30, tzinfo=UTC)
    assert business_time_between(friday, due, WORK) == timedelta(hours=2)


def test_fall_back_weekend() -> None:
    friday, monday = sofia(2026, 10, 23, 17, 0), sofia(2026, 10, 26, 10, 30)
    assert friday.utcoffset() == timedelta(hours=3) and monday.utcoffset() == timedelta(hours=2)
    due = add_business_time(friday, timedelta(hours=2), WORK)
    assert due == datetime(2026, 10, 26, 8, 30, tzinfo=UTC)
    assert due == monday


def test_dst_inside_an_open_window_counts_real_time() -> None:
    # A night-shift calendar open 00:00-06:00 every day: on the DST Sundays the window is 5 h / 7 h.
    night = CalendarSpec("night", time(0, 0), time(6, 0), frozenset(range(7)), False)
    assert business_time_between(sofia(2026, 3, 28), sofia(2026, 3, 28, 12), night) == timedelta(hours=6)
    assert business_time_between(sofia(2026, 3, 29), sofia(2026, 3, 29, 12), night) == timedelta(hours=5)
    assert business_time_between(sofia(2026, 10, 25), sofia(2026, 10, 25, 12), night) == timedelta(hours=7)
    assert add_business_time(sofia(2026, 3, 29), timedelta(hours=5), night) == sofia(2026, 3, 29, 6)


# --- properties and speed ---------------------------------------------------------------------------


def test_round_trip_for_random_starts_and_durations() -> None:
    rng = random.Random(20260303)
    base = datetime(2025, 1, 1, tzinfo=UTC)
    three_years = int(timedelta(days=3 * 365).total_seconds())
    for _ in range(2000):
        start = base + timedelta(seconds=rng.randrange(three_years), microseconds=rng.randrange(10**6))
        duration = timedelta(seconds=rng.randrange(int(timedelta(hours=40 * 8.5).total_seconds())))
        for calendar in (WORK, ALWAYS):
            due = add_business_time(start, duration, calendar)
            assert due >= start
            assert business_time_between(start, due, calendar) == duration, (start, duration, calendar.code)
            if duration > timedelta(0):
                # The last microsecond before the due moment was working time.
                assert is_open(due - timedelta(microseconds=1), calendar), (start, duration)


def test_inverse_round_trip_for_random_open_end_moments() -> None:
    rng = random.Random(6052026)
    base = datetime(2026, 1, 1, tzinfo=UTC)
    checked = 0
    while checked < 500:
        start = base + timedelta(minutes=rng.randrange(2 * 365 * 24 * 60))
        end = start + timedelta(minutes=rng.randrange(1, 60 * 24 * 60))
        if not is_open(end, WORK):
            continue
        elapsed = business_time_between(start, end, WORK)
        assert elapsed > timedelta(0)
        assert add_business_time(start, elapsed, WORK) == end
        checked += 1


def test_thirty_working_days_is_fast() -> None:
    start, duration = sofia(2026, 3, 2, 10), 30 * timedelta(hours=8, minutes=30)
    due = add_business_time(start, duration, WORK)  # warm the holiday cache
    assert business_time_between(start, due, WORK) == duration
    calls = 200
    began = clock.perf_counter()
    for _ in range(calls):
        add_business_time(start, duration, WORK)
    per_call = (clock.perf_counter() - began) / calls
    assert per_call < 0.001, f"{per_call * 1e6:.0f} µs per call"


# --- pause / resume ---------------------------------------------------------------------------------


def test_pause_before_due_keeps_the_remaining_working_time() -> None:
    due = sofia(2026, 1, 16, 16, 0)  # Friday
    paused = sofia(2026, 1, 15, 15, 0)  # Thursday: 2 h 30 left today + 7 h on Friday
    remaining = remaining_after_pause(due, paused, WORK)
    assert remaining == timedelta(hours=9, minutes=30)
    resumed = sofia(2026, 1, 19, 9, 0)  # Monday
    assert add_business_time(resumed, remaining, WORK) == sofia(2026, 1, 20, 10, 0)


def test_pause_while_overdue_stays_overdue_after_resume() -> None:
    due = sofia(2026, 1, 16, 17, 0)  # Friday
    paused = sofia(2026, 1, 19, 9, 30)  # Monday: 30 min on Friday + 30 min on Monday overdue
    remaining = remaining_after_pause(due, paused, WORK)
    assert remaining == -timedelta(hours=1)
    resumed = sofia(2026, 1, 21, 9, 0)
    new_due = add_business_time(resumed, remaining, WORK)
    assert new_due == resumed - timedelta(hours=1)
    assert new_due < resumed


def test_pause_exactly_at_due_and_24x7_pause() -> None:
    due = sofia(2026, 1, 14, 12)
    assert remaining_after_pause(due, due, WORK) == timedelta(0)
    assert remaining_after_pause(due, due - timedelta(hours=30), ALWAYS) == timedelta(hours=30)
    assert remaining_after_pause(due, due + timedelta(hours=30), ALWAYS) == -timedelta(hours=30)
