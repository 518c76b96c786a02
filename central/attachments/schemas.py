"""The HTTP shapes of attachments."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel


class GpsOut(BaseModel):
    lat: float
    lon: float


class AttachmentOut(BaseModel):
    """The answer to an upload: what was stored, and where the photo was taken when its EXIF said so."""

    id: int
    filename: str
    content_type: str
    size: int  # bytes of the stored (stripped) image
    width: int
    height: int
    gps: GpsOut | None


class AttachmentInfo(BaseModel):
    """An attachment as listed with its case (the file itself: ``GET /attachments/{id}``)."""

    id: int
    filename: str
    content_type: str
    size: int
    width: int
    height: int
    message_id: int | None  # None: attached to the case itself, else to this message of the thread
    created_at: datetime
