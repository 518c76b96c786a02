"""Presence: one row per user with a case open, kept alive by heartbeats."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from central.db import Base, UTCDateTime

PRESENCE_MODES = ("viewing", "editing")


class CasePresence(Base):
    __tablename__ = "case_presence"

    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    mode: Mapped[str] = mapped_column(sa.String(16))
    since: Mapped[datetime] = mapped_column(UTCDateTime)
    # A console that stops sending heartbeats (crashed, lost its network) is gone once this passes.
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
