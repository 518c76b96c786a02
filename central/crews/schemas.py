"""The HTTP shapes of crews, their reports, dispatch and the roster."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Literal

from pydantic import BaseModel, Field

from central.cases.schemas import RowId, Strict

CrewStatus = Literal["off_duty", "available", "en_route", "on_site"]
# What a crew may report: a status, or "done" (the case is finished: resolved with a public note).
CrewReport = Literal["off_duty", "available", "en_route", "on_site", "done"]
ShiftPattern = Literal["daily", "working_hours"]


class CrewMemberOut(BaseModel):
    id: int
    username: str
    full_name: str


class CrewOut(BaseModel):
    id: int
    unit_code: str
    name: str
    active: bool
    status: str
    status_changed_at: datetime | None
    current_case_id: int | None
    lat: float | None
    lon: float | None
    position_at: datetime | None
    version: int
    members: list[CrewMemberOut]
    # From the roster at the time of the answer (not from what the crew reported).
    on_duty: bool
    shift_ends_at: datetime | None
    # The start of the crew's next shift after now (after the current one, when on duty), within 8 days.
    next_shift_at: datetime | None = None


class CrewReportIn(Strict):
    status: CrewReport
    note: str = Field("", max_length=5000, description="For the crew thread of the case (visibility crew)")
    resolution: str = Field(
        "", max_length=5000, description="Public note to the citizen; required with done (resolves the case)"
    )
    case_id: RowId | None = Field(None, description="The case the report is about (checked if given)")
    attachment_ids: list[RowId] = Field(
        default_factory=list, max_length=20, description="Photos already uploaded to the case"
    )


class PositionIn(Strict):
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    at: datetime | None = Field(
        None, description="When the fix was taken (default: now); older fixes are ignored"
    )


class DispatchIn(Strict):
    crew_id: RowId
    note: str = Field("", max_length=1000, description="For the crew (goes to the crew thread)")


class OnDutyOut(BaseModel):
    crew_id: int
    crew_name: str
    unit_code: str
    shift_id: int
    starts_at: datetime
    ends_at: datetime


class ShiftIn(Strict):
    crew_id: RowId
    pattern: ShiftPattern
    starts: time | None = Field(None, description="Local (Sofia) start of a daily shift")
    ends: time | None = Field(None, description="Local end; at or before starts: the next day")
    weekdays: str = Field(
        "", max_length=20, description="ISO weekdays the shift starts on, e.g. 12345; empty: all"
    )
    cycle_days: int = Field(1, ge=1, le=366)
    on_days: int = Field(1, ge=1, le=366)
    valid_from: date | None = None
    valid_until: date | None = None
    note: str = Field("", max_length=500)


class ShiftOut(BaseModel):
    id: int
    unit_code: str
    crew_id: int
    pattern: str
    starts: time | None
    ends: time | None
    weekdays: str
    cycle_days: int
    on_days: int
    valid_from: date | None
    valid_until: date | None
    note: str


class RosterIn(Strict):
    shifts: list[ShiftIn] = Field(max_length=1000)


class CrewCreate(Strict):
    unit_code: str = Field(min_length=1, max_length=32)
    name: str = Field(min_length=1, max_length=100)
    member_ids: list[RowId] = Field(default_factory=list, max_length=50)


class CrewPatch(Strict):
    name: str | None = Field(None, min_length=1, max_length=100)
    member_ids: list[RowId] | None = Field(None, max_length=50)
    active: bool | None = None
