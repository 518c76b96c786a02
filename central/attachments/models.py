"""Photos sent with a report: stored once, stripped of metadata, linked to a case (and maybe a message)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from central.db import Base, UTCDateTime


class Attachment(Base):
    """One upload by one user. Unlinked until a case (or a message in its thread) claims it.

    The file on disk is named by the SHA-256 of the stripped bytes, so the same photo uploaded by two
    users is stored once. ``upload_sha256`` is the hash of the bytes as sent: the same bytes from the same
    user are the same attachment (a console retrying after a lost answer creates nothing twice).
    """

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    uploader_user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    upload_sha256: Mapped[str] = mapped_column(sa.String(64))
    sha256: Mapped[str] = mapped_column(sa.String(64))
    filename: Mapped[str] = mapped_column(sa.String(200))
    content_type: Mapped[str] = mapped_column(sa.String(40))
    size: Mapped[int] = mapped_column(sa.Integer)
    width: Mapped[int] = mapped_column(sa.Integer)
    height: Mapped[int] = mapped_column(sa.Integer)
    # Where the photo was taken, read from its EXIF before the EXIF was stripped (None: not known).
    gps_lat: Mapped[float | None] = mapped_column(sa.Float)
    gps_lon: Mapped[float | None] = mapped_column(sa.Float)
    case_id: Mapped[int | None] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    message_id: Mapped[int | None] = mapped_column(sa.ForeignKey("case_messages.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (
        sa.UniqueConstraint(
            "uploader_user_id", "upload_sha256", name="uq_attachments_uploader_upload_sha256"
        ),
    )
