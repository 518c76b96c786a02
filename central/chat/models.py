"""Read receipts of case threads: how far each user has read."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from central.db import Base, UTCDateTime


class MessageRead(Base):
    """The newest message of a case's thread a user has read (everything before it counts as read too)."""

    __tablename__ = "case_message_reads"

    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    message_id: Mapped[int] = mapped_column(sa.Integer)
    read_at: Mapped[datetime] = mapped_column(UTCDateTime)
