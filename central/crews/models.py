"""Crews (field teams of a unit) and their roster of shifts."""

from __future__ import annotations

from datetime import date, datetime, time

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from central.db import Base, UTCDateTime

# What a crew last reported. "Busy" is not a status of its own: a crew is busy while it has a current case.
CREW_STATUSES = ("off_duty", "available", "en_route", "on_site")
# How a shift repeats: every day (or some weekdays, or a cycle such as 2 days on, 2 off) at local times,
# or exactly when the working-hours calendar is open (Mon-Fri 09:00-17:30, not on Bulgarian holidays).
SHIFT_PATTERNS = ("daily", "working_hours")


class Crew(Base):
    __tablename__ = "crews"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    unit_code: Mapped[str] = mapped_column(sa.ForeignKey("units.code"), index=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    active: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    status: Mapped[str] = mapped_column(sa.String(16), default="off_duty")
    status_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The case the crew was dispatched to and has not finished; cases refer to crews too, hence use_alter.
    current_case_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("cases.id", use_alter=True, name="fk_crews_current_case_id_cases")
    )
    lat: Mapped[float | None] = mapped_column(sa.Float)
    lon: Mapped[float | None] = mapped_column(sa.Float)
    position_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Bumped by every change of status, case, name or members (not by positions): the If-Match of reports.
    version: Mapped[int] = mapped_column(sa.Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (sa.UniqueConstraint("unit_code", "name", name="uq_crews_unit_name"),)


class Shift(Base):
    """One line of a unit's roster: when a crew is on duty. Evaluated by :mod:`central.crews.roster`."""

    __tablename__ = "crew_shifts"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    unit_code: Mapped[str] = mapped_column(sa.ForeignKey("units.code"), index=True)
    crew_id: Mapped[int] = mapped_column(sa.ForeignKey("crews.id", ondelete="CASCADE"), index=True)
    pattern: Mapped[str] = mapped_column(sa.String(16))
    # Local Europe/Sofia wall-clock times of a daily shift; ends <= starts means it ends the next day.
    starts: Mapped[time | None] = mapped_column(sa.Time)
    ends: Mapped[time | None] = mapped_column(sa.Time)
    # ISO weekdays (1 = Monday) on which a daily shift starts, e.g. "12345"; empty: every day.
    weekdays: Mapped[str] = mapped_column(sa.String(7), default="")
    # A cycle of cycle_days days counted from valid_from, of which the first on_days are worked.
    cycle_days: Mapped[int] = mapped_column(sa.Integer, default=1)
    on_days: Mapped[int] = mapped_column(sa.Integer, default=1)
    valid_from: Mapped[date | None] = mapped_column(sa.Date)
    valid_until: Mapped[date | None] = mapped_column(sa.Date)  # inclusive
    note: Mapped[str] = mapped_column(sa.Text, default="")
