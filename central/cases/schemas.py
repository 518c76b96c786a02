"""The HTTP shapes of cases: request bodies (validated) and responses (documented in OpenAPI)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from central.attachments.schemas import AttachmentInfo

Channel = Literal["phone", "app", "portal", "email", "facebook", "open311"]
NotifyChannel = Literal["sms", "email"]
Priority = Literal["low", "normal", "high", "urgent"]
Visibility = Literal["public", "internal", "crew"]
Status = Literal[
    "new", "triaged", "assigned", "in_progress", "resolved", "reopened", "closed", "rejected", "duplicate"
]
TransferReason = Literal[
    "wrong_category", "wrong_district", "not_competent", "other_unit_owns_asset", "needs_specialist", "other"
]


# Row ids are 32-bit integers in the database; a larger number is refused here, not by the driver (500).
MAX_ID = 2_147_483_647
RowId = Annotated[int, Field(ge=1, le=MAX_ID)]
AttachmentIds = Annotated[
    list[RowId], Field(max_length=20, description="Uploads (POST /attachments) to attach")
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        # PostgreSQL text cannot hold NUL: refuse it as bad input instead of failing on insert.
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("must not contain NUL characters")
        return value


class ReporterIn(Strict):
    name: str = Field("", max_length=200)
    phone: str = Field("", max_length=40, description="Any Bulgarian form; stored as E.164 when valid")
    email: str = Field("", max_length=200)

    @field_validator("email")
    @classmethod
    def _email_shape(cls, value: str) -> str:
        if value and ("@" not in value or value.startswith("@") or value.endswith("@") or " " in value):
            raise ValueError("not an email address")
        return value


class CaseCreate(Strict):
    channel: Channel
    category_id: RowId
    description: str = Field(min_length=1, max_length=5000)
    lat: float | None = Field(None, ge=-90, le=90)
    lon: float | None = Field(None, ge=-180, le=180)
    address: str = Field("", max_length=300)
    priority: Priority | None = None
    reporter: ReporterIn | None = None
    anonymous: bool = False
    attachment_ids: AttachmentIds = []
    notify: list[NotifyChannel] = Field(
        [], max_length=2, description="Send the caller the tracking number (after the case is filed)"
    )

    @model_validator(mode="after")
    def _both_coordinates(self) -> CaseCreate:
        if (self.lat is None) != (self.lon is None):
            raise ValueError("give both lat and lon, or neither")
        if (
            self.anonymous
            and self.reporter
            and (self.reporter.name or self.reporter.phone or self.reporter.email)
        ):
            raise ValueError("an anonymous report carries no reporter details")
        return self


class CasePatch(Strict):
    description: str | None = Field(None, min_length=1, max_length=5000)
    address: str | None = Field(None, max_length=300)
    lat: float | None = Field(None, ge=-90, le=90)
    lon: float | None = Field(None, ge=-180, le=180)
    priority: Priority | None = None
    category_id: RowId | None = None
    reason: str = Field("", max_length=1000)

    @model_validator(mode="after")
    def _both_coordinates(self) -> CasePatch:
        if (self.lat is None) != (self.lon is None):
            raise ValueError("give both lat and lon, or neither")
        return self


class AssignIn(Strict):
    user_id: RowId
    note: str = Field("", max_length=1000)


class TransferIn(Strict):
    unit_code: str = Field(min_length=1, max_length=32)
    reason_code: TransferReason
    note: str = Field("", max_length=1000)


class StatusIn(Strict):
    status: Status
    note: str = Field("", max_length=5000, description="Public note; required to resolve or reject")


class MergeIn(Strict):
    into_case_id: RowId
    note: str = Field("", max_length=1000)


class PauseIn(Strict):
    reason: str = Field(min_length=1, max_length=1000)


class ResumeIn(Strict):
    note: str = Field("", max_length=1000)


class MessageIn(Strict):
    body: str = Field(min_length=1, max_length=5000)
    visibility: Visibility
    attachment_ids: AttachmentIds = []


class FollowerIn(ReporterIn):
    """One more caller about an existing case (instead of a duplicate case)."""

    channel: Channel = "phone"
    note: str = Field("", max_length=1000, description="Internal note for the thread (no personal data)")


class CaseOut(BaseModel):
    id: int
    tracking_number: str
    channel: str
    category_id: int
    description: str
    lat: float | None
    lon: float | None
    address: str
    district_code: str | None
    outside_sofia: bool
    status: str
    priority: str
    owner_unit_code: str
    assignee_user_id: int | None
    assignee_crew_id: int | None
    routing_reason: str
    routing_rule_id: int | None
    sla_calendar: str
    first_response_due_at: datetime
    first_responded_at: datetime | None
    due_at: datetime
    sla_paused_at: datetime | None
    sla_paused_reason: str | None
    sla_state: str
    bounce_count: int
    needs_lead: bool
    duplicate_of_id: int | None
    anonymous: bool
    reporter_count: int
    version: int
    created_at: datetime
    updated_at: datetime
    resolved_at: datetime | None
    closed_at: datetime | None


class MessageOut(BaseModel):
    id: int
    case_id: int
    author_kind: str
    author_user_id: int | None
    author_name: str
    visibility: str
    body: str
    created_at: datetime
    attachment_ids: list[int] = []


class EventOut(BaseModel):
    id: int
    type: str
    case_id: int | None
    actor_user_id: int | None
    data: dict
    created_at: datetime


class CaseDetail(BaseModel):
    case: CaseOut
    thread: list[MessageOut]
    timeline: list[EventOut]
    attachments: list[AttachmentInfo] = []


class CasePage(BaseModel):
    items: list[CaseOut]
    next_cursor: str | None


class ReporterOut(BaseModel):
    id: int
    name: str
    phone_e164: str | None
    phone_raw: str
    email: str
    channel: str
    is_follower: bool
    created_at: datetime


class NearbyCase(BaseModel):
    case: CaseOut
    distance_m: float


class CallerCase(BaseModel):
    id: int
    tracking_number: str
    status: str
    category_id: int
    address: str
    created_at: datetime
    due_at: datetime
