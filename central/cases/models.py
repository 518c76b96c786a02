"""Cases, their reporters (personal data, kept apart), thread messages and transfers."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from central.cases.workflow import OPEN_STATUSES
from central.db import Base, UTCDateTime

CHANNELS = ("phone", "app", "portal", "email", "facebook", "open311")
MESSAGE_VISIBILITIES = ("public", "internal", "crew")
AUTHOR_KINDS = ("user", "citizen", "system")
TRANSFER_REASONS = {
    "wrong_category": "Грешна категория",
    "wrong_district": "Грешен район",
    "not_competent": "Извън компетентността на звеното",
    "other_unit_owns_asset": "Обектът се стопанисва от друго звено",
    "needs_specialist": "Нужно е специализирано звено",
    "other": "Друго",
}


# The predicate of the partial indexes on open cases (a query saying status IN (open...) can use them).
OPEN_CASES = sa.text("status IN ({})".format(", ".join(f"'{s}'" for s in sorted(OPEN_STATUSES))))


class Case(Base):
    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    tracking_number: Mapped[str] = mapped_column(sa.String(20), unique=True)
    channel: Mapped[str] = mapped_column(sa.String(16))
    category_id: Mapped[int] = mapped_column(sa.ForeignKey("categories.id"))
    description: Mapped[str] = mapped_column(sa.Text)
    lat: Mapped[float | None] = mapped_column(sa.Float)
    lon: Mapped[float | None] = mapped_column(sa.Float)
    address: Mapped[str] = mapped_column(sa.String(300), default="")
    district_code: Mapped[str | None] = mapped_column(sa.ForeignKey("districts.code"))
    outside_sofia: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    status: Mapped[str] = mapped_column(sa.String(16))
    priority: Mapped[str] = mapped_column(sa.String(16))
    owner_unit_code: Mapped[str] = mapped_column(sa.ForeignKey("units.code"))
    assignee_user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    # The crew dispatched to the case (kept after it finished: who did the work).
    assignee_crew_id: Mapped[int | None] = mapped_column(sa.ForeignKey("crews.id"), index=True)
    routing_reason: Mapped[str] = mapped_column(sa.Text)
    routing_rule_id: Mapped[int | None] = mapped_column(sa.Integer)
    # SLA: both deadlines are computed on the owner unit's calendar when the case is created.
    # The calendar is the owner unit's at creation; later transfers do not move the citizen's deadline.
    sla_calendar: Mapped[str] = mapped_column(sa.String(16))
    first_response_due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    first_responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sla_paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sla_paused_reason: Mapped[str | None] = mapped_column(sa.Text)
    # Calendar time spent paused so far (waiting on a third party); the deadline moves by this much.
    sla_paused_seconds: Mapped[float] = mapped_column(sa.Float, default=0.0)
    # The SLA watch (central/sla/watch.py): the deadline a warning / a breach was last announced for (a new
    # due_at re-arms both), and when the watch must look at the case next (None: nothing left to announce).
    sla_warned_for: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sla_breached_for: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sla_next_check_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    bounce_count: Mapped[int] = mapped_column(sa.Integer, default=0)
    needs_lead: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    duplicate_of_id: Mapped[int | None] = mapped_column(sa.ForeignKey("cases.id"))
    anonymous: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    created_by_user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(sa.Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        sa.Index("ix_cases_status_due", "status", "due_at"),
        sa.Index("ix_cases_unit_status_due", "owner_unit_code", "status", "due_at"),
        sa.Index("ix_cases_district_status", "district_code", "status"),
        sa.Index("ix_cases_category_status", "category_id", "status"),
        sa.Index("ix_cases_assignee_status", "assignee_user_id", "status"),
        sa.Index("ix_cases_updated_at", "updated_at", "id"),
        sa.Index("ix_cases_lat_lon", "lat", "lon"),
        # The console's queues: open cases of a unit by deadline, all open cases by deadline (overdue).
        sa.Index(
            "ix_cases_open_unit_due",
            "owner_unit_code",
            "due_at",
            "id",
            postgresql_where=OPEN_CASES,
            sqlite_where=OPEN_CASES,
        ),
        sa.Index("ix_cases_open_due", "due_at", "id", postgresql_where=OPEN_CASES, sqlite_where=OPEN_CASES),
        # What the SLA watch looks at next (central/sla/watch.py).
        sa.Index(
            "ix_cases_open_sla_next_check",
            "sla_next_check_at",
            postgresql_where=OPEN_CASES,
            sqlite_where=OPEN_CASES,
        ),
        # Open cases on the map (bbox) and possible duplicates nearby.
        sa.Index("ix_cases_open_lat_lon", "lat", "lon", postgresql_where=OPEN_CASES, sqlite_where=OPEN_CASES),
        sa.Index("ix_cases_district_category", "district_code", "category_id", "id"),
        # PostgreSQL only: tracking number prefixes (LIKE 'SOF-2026-0001%' under any collation) and
        # text search (ILIKE '%...%') through trigrams (the pg_trgm extension, created by migration 0002).
        sa.Index(
            "ix_cases_tracking_number_prefix",
            "tracking_number",
            postgresql_ops={"tracking_number": "varchar_pattern_ops"},
        ).ddl_if(dialect="postgresql"),
        sa.Index(
            "ix_cases_description_trgm",
            "description",
            postgresql_using="gin",
            postgresql_ops={"description": "gin_trgm_ops"},
        ).ddl_if(dialect="postgresql"),
        sa.Index(
            "ix_cases_address_trgm",
            "address",
            postgresql_using="gin",
            postgresql_ops={"address": "gin_trgm_ops"},
        ).ddl_if(dialect="postgresql"),
    )


class Reporter(Base):
    """A person who reported (or follows) a case. Personal data: never in events, open data or Open311."""

    __tablename__ = "case_reporters"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200), default="")
    phone_e164: Mapped[str | None] = mapped_column(sa.String(20), index=True)
    phone_raw: Mapped[str] = mapped_column(sa.String(40), default="")
    email: Mapped[str] = mapped_column(sa.String(200), default="")
    channel: Mapped[str] = mapped_column(sa.String(16))
    is_follower: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Message(Base):
    __tablename__ = "case_messages"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    author_kind: Mapped[str] = mapped_column(sa.String(16))
    author_user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    author_name: Mapped[str] = mapped_column(sa.String(200), default="")
    visibility: Mapped[str] = mapped_column(sa.String(16))
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Transfer(Base):
    """One move of a case between units; bounces are counted from these rows."""

    __tablename__ = "case_transfers"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    from_unit_code: Mapped[str] = mapped_column(sa.String(32))
    to_unit_code: Mapped[str] = mapped_column(sa.String(32))
    reason_code: Mapped[str] = mapped_column(sa.String(32))
    note: Mapped[str] = mapped_column(sa.Text, default="")
    actor_user_id: Mapped[int | None] = mapped_column(sa.Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class TrackingCounter(Base):
    """Per-year sequence behind SOF-YYYY-NNNNNN."""

    __tablename__ = "tracking_counters"

    year: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=False)
    last_value: Mapped[int] = mapped_column(sa.Integer, default=0)


class IdempotencyKey(Base):
    """A creation request already served: a replay with the same key returns the same case."""

    __tablename__ = "idempotency_keys"

    key: Mapped[str] = mapped_column(sa.String(128), primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.Integer)
    fingerprint: Mapped[str] = mapped_column(sa.String(64))
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
