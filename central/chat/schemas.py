"""The HTTP shapes of read receipts and of publishing a crew message."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from central.cases.schemas import RowId, Strict


class ReadIn(Strict):
    message_id: RowId = Field(description="The newest message read; the ones before it count as read too")


class ReadReceipt(BaseModel):
    user_id: int
    username: str
    full_name: str
    message_id: int
    read_at: datetime


class PublishIn(Strict):
    body: str | None = Field(
        None, min_length=1, max_length=5000, description="The public text (default: the crew message's own)"
    )
