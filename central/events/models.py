"""The append-only event table: every change to a case writes here in the same transaction."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from central.db import Base, JSONType, UTCDateTime

# Who may see an event. Messages carry the visibility of the message; everything else is "staff".
EVENT_AUDIENCES = ("staff", "public", "internal", "crew")


class Event(Base):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True)
    type: Mapped[str] = mapped_column(sa.String(48))
    case_id: Mapped[int | None] = mapped_column(sa.Integer, index=True)
    crew_id: Mapped[int | None] = mapped_column(sa.Integer)
    actor_user_id: Mapped[int | None] = mapped_column(sa.Integer)
    # Denormalised for filtering streams without joins: the owner unit after the change, the unit a
    # transfer came from, the assignee, and the audience (message visibility).
    unit_code: Mapped[str | None] = mapped_column(sa.String(32))
    prev_unit_code: Mapped[str | None] = mapped_column(sa.String(32))
    assignee_user_id: Mapped[int | None] = mapped_column(sa.Integer)
    # The assignee before the change, when it changed: a responder must hear that a case was taken away.
    prev_assignee_user_id: Mapped[int | None] = mapped_column(sa.Integer)
    # The crew a case was dispatched to before the change, when it changed (the crew hears it left them).
    prev_crew_id: Mapped[int | None] = mapped_column(sa.Integer)
    audience: Mapped[str] = mapped_column(sa.String(16), default="staff")
    data: Mapped[dict] = mapped_column(JSONType)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
