"""Domain objects the console works with. Plain, immutable dataclasses built from the server's JSON.

They mirror the HTTP contract (the server's OpenAPI); nothing else in the console parses raw dicts.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from typing import Any

OPEN_STATUSES = frozenset({"new", "triaged", "assigned", "in_progress", "reopened"})
FINAL_STATUSES = frozenset({"closed", "rejected", "duplicate"})


def _known_fields(cls: type, data: dict[str, Any]) -> dict[str, Any]:
    """The keys of ``data`` that ``cls`` declares: the server may add fields, we must not choke on them."""
    names = {f.name for f in fields(cls)}
    return {key: value for key, value in data.items() if key in names}


def parse_time(value: str | None) -> datetime | None:
    """ISO 8601 from the server (always with a zone) → aware datetime."""
    if value is None:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


_CASE_TIMES = frozenset(
    {
        "first_response_due_at",
        "first_responded_at",
        "due_at",
        "sla_paused_at",
        "created_at",
        "updated_at",
        "resolved_at",
        "closed_at",
    }
)


@dataclass(frozen=True, slots=True)
class Case:
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
    assignee_crew_id: int | None = None  # the crew dispatched to the case

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Case:
        values = {}
        for f in fields(cls):
            raw = data.get(f.name)
            values[f.name] = parse_time(raw) if f.name in _CASE_TIMES else raw
        return cls(**values)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


@dataclass(frozen=True, slots=True)
class Message:
    id: int
    case_id: int
    author_kind: str  # user, citizen, system
    author_user_id: int | None
    author_name: str
    visibility: str  # public, internal, crew
    body: str
    created_at: datetime
    attachment_ids: tuple[int, ...] = ()  # photos posted with the message (GET /attachments/{id})

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Message:
        return cls(
            id=data["id"],
            case_id=data["case_id"],
            author_kind=data["author_kind"],
            author_user_id=data.get("author_user_id"),
            author_name=data.get("author_name", ""),
            visibility=data["visibility"],
            body=data["body"],
            created_at=parse_time(data["created_at"]),  # type: ignore[arg-type]
            attachment_ids=tuple(data.get("attachment_ids") or ()),
        )


@dataclass(frozen=True, slots=True)
class Event:
    """One entry of the audit trail, as streamed on /events or listed in a case timeline."""

    id: int
    type: str
    case_id: int | None
    actor_user_id: int | None
    data: dict[str, Any]
    created_at: datetime

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Event:
        return cls(
            id=data["id"],
            type=data["type"],
            case_id=data.get("case_id"),
            actor_user_id=data.get("actor_user_id"),
            data=data.get("data") or {},
            created_at=parse_time(data["created_at"]),  # type: ignore[arg-type]
        )


@dataclass(frozen=True, slots=True)
class Attachment:
    """A photo stored on the server, stripped of its metadata (``POST /attachments``)."""

    id: int
    filename: str
    content_type: str
    size: int  # bytes of the stored image
    width: int
    height: int
    # (lat, lon) read from the photo's EXIF: in the answer to an upload only (None: the photo had none).
    gps: tuple[float, float] | None = None
    # In a case's list: the thread message it came with (None: the case itself, or not known).
    message_id: int | None = None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Attachment:
        gps = data.get("gps")
        return cls(
            id=data["id"],
            filename=data.get("filename", ""),
            content_type=data.get("content_type", ""),
            size=data.get("size", 0),
            width=data.get("width", 0),
            height=data.get("height", 0),
            gps=(float(gps["lat"]), float(gps["lon"])) if isinstance(gps, dict) else None,
            message_id=data.get("message_id"),
        )


@dataclass(frozen=True, slots=True)
class CategorySuggestion:
    """A category the description probably means (``GET /categories/suggest``), best first."""

    code: int  # the category id
    name_bg: str
    name_en: str
    score: float  # 0..100
    matched: str  # the name or synonym that matched

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CategorySuggestion:
        return cls(**_known_fields(cls, data))


@dataclass(frozen=True, slots=True)
class CaseDetail:
    case: Case
    thread: tuple[Message, ...]
    timeline: tuple[Event, ...]
    attachments: tuple[Attachment, ...] = ()  # the photos the user may see (the case's and its messages')


@dataclass(frozen=True, slots=True)
class CrewMember:
    id: int
    username: str
    full_name: str

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CrewMember:
        return cls(**_known_fields(cls, data))


@dataclass(frozen=True, slots=True)
class Crew:
    """A crew as the crew board shows it (``GET /crews``, and ``data["crew"]`` of crew events)."""

    id: int
    unit_code: str
    name: str
    active: bool
    status: str  # off_duty, available, en_route, on_site
    status_changed_at: datetime | None
    current_case_id: int | None  # busy while it has one
    lat: float | None
    lon: float | None
    position_at: datetime | None
    version: int  # the If-Match of its reports
    members: tuple[CrewMember, ...]
    on_duty: bool  # by the roster, when the server answered
    shift_ends_at: datetime | None
    next_shift_at: datetime | None = None  # the start of its next shift (after the current one)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Crew:
        values = _known_fields(cls, data)
        for name in ("status_changed_at", "position_at", "shift_ends_at", "next_shift_at"):
            values[name] = parse_time(data.get(name))
        values["members"] = tuple(CrewMember.from_json(m) for m in data.get("members") or ())
        return cls(**values)

    def moved(self, lat: float, lon: float, at: datetime) -> Crew:
        """The same crew at a newer position (a ``crew.position`` event)."""
        return replace(self, lat=lat, lon=lon, position_at=at)


@dataclass(frozen=True, slots=True)
class CrewLabel:
    """A crew in the reference data: for labels (the live state is :class:`Crew`)."""

    id: int
    unit_code: str
    name: str
    active: bool
    member_ids: tuple[int, ...]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CrewLabel:
        values = _known_fields(cls, data)
        values["member_ids"] = tuple(data.get("member_ids") or ())
        return cls(**values)


@dataclass(frozen=True, slots=True)
class OnDuty:
    """A crew on duty by the roster at a moment, with its shift (``GET /crews/on-duty``)."""

    crew_id: int
    crew_name: str
    unit_code: str
    shift_id: int
    starts_at: datetime
    ends_at: datetime

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> OnDuty:
        values = _known_fields(cls, data)
        values["starts_at"] = parse_time(data["starts_at"])
        values["ends_at"] = parse_time(data["ends_at"])
        return cls(**values)


@dataclass(frozen=True, slots=True)
class Presence:
    """Someone viewing or editing a case (``GET /presence``, ``data["present"]`` of presence.changed)."""

    case_id: int
    user_id: int
    username: str
    full_name: str
    mode: str  # viewing, editing
    since: datetime
    expires_at: datetime

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Presence:
        values = _known_fields(cls, data)
        values["since"] = parse_time(data["since"])
        values["expires_at"] = parse_time(data["expires_at"])
        return cls(**values)


@dataclass(frozen=True, slots=True)
class ReadReceipt:
    """How far a user has read a case's thread (``message.read`` events, ``GET .../messages/read``)."""

    user_id: int
    username: str
    full_name: str
    message_id: int
    read_at: datetime

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ReadReceipt:
        values = _known_fields(cls, data)
        values["read_at"] = parse_time(data["read_at"])
        return cls(**values)


@dataclass(frozen=True, slots=True)
class Acknowledgement:
    """An alert the user acknowledged (``POST /cases/{id}/acknowledge``), recorded as an event."""

    case_id: int
    alert: str  # urgent, sla_breached, escalated
    event_id: int  # the event that raised the alert
    acknowledgement_event_id: int  # the case.alert_acknowledged event
    user_id: int
    username: str
    acknowledged_at: datetime

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Acknowledgement:
        values = _known_fields(cls, data)
        values["acknowledged_at"] = parse_time(data["acknowledged_at"])
        return cls(**values)


@dataclass(frozen=True, slots=True)
class Reporter:
    id: int
    name: str
    phone_e164: str | None
    phone_raw: str
    email: str
    channel: str
    is_follower: bool
    created_at: datetime

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Reporter:
        values = _known_fields(cls, data)
        values["created_at"] = parse_time(data["created_at"])
        return cls(**values)


@dataclass(frozen=True, slots=True)
class User:
    id: int
    username: str
    full_name: str
    role: str
    unit_code: str | None
    crew_id: int | None = None  # a responder's crew

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> User:
        return cls(**_known_fields(cls, data))


@dataclass(frozen=True, slots=True)
class Category:
    id: int
    name_bg: str
    name_en: str
    group: str
    synonyms: tuple[str, ...]
    default_priority: str
    routing_scope: str
    active: bool

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Category:
        values = _known_fields(cls, data)
        values["synonyms"] = tuple(data.get("synonyms") or ())
        return cls(**values)


@dataclass(frozen=True, slots=True)
class Unit:
    code: str
    name_bg: str
    name_en: str
    kind: str
    calendar: str
    district_code: str | None
    active: bool

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Unit:
        return cls(**_known_fields(cls, data))


@dataclass(frozen=True, slots=True)
class District:
    code: str
    number: int | None
    name_bg: str
    name_en: str

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> District:
        return cls(**_known_fields(cls, data))


@dataclass(frozen=True)
class Reference:
    """Labels for codes: categories, units, districts, users (from GET /reference)."""

    categories: dict[int, Category] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    districts: dict[str, District] = field(default_factory=dict)
    users: dict[int, User] = field(default_factory=dict)
    crews: dict[int, CrewLabel] = field(default_factory=dict)
    priorities: tuple[str, ...] = ("low", "normal", "high", "urgent")

    # The server's workflow table: status → statuses it may move to, and which moves need a public note.
    transitions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    needs_public_note: frozenset[str] = frozenset()
    set_by_action_only: dict[str, str] = field(default_factory=dict)
    transfer_reasons: dict[str, str] = field(default_factory=dict)  # code → Bulgarian label

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Reference:
        """From GET /reference (the workflow table and transfer reasons travel with it)."""
        categories = [Category.from_json(c) for c in data.get("categories", ())]
        units = [Unit.from_json(u) for u in data.get("units", ())]
        districts = [District.from_json(d) for d in data.get("districts", ())]
        users = [User.from_json(u) for u in data.get("users", ())]
        crews = [CrewLabel.from_json(c) for c in data.get("crews", ())]
        workflow = data.get("workflow") or {}
        return cls(
            categories={c.id: c for c in categories},
            units={u.code: u for u in units},
            districts={d.code: d for d in districts},
            users={u.id: u for u in users},
            crews={c.id: c for c in crews},
            priorities=tuple(data.get("priorities") or cls.priorities),
            transitions={k: tuple(v) for k, v in (workflow.get("transitions") or {}).items()},
            needs_public_note=frozenset(workflow.get("needs_public_note") or ()),
            set_by_action_only=dict(workflow.get("set_by_action_only") or {}),
            transfer_reasons=dict(data.get("transfer_reasons") or {}),
        )


@dataclass(frozen=True, slots=True)
class Session:
    """A logged-in user against one server."""

    server_url: str
    token: str
    expires_at: datetime
    user: User
    demo: bool = False
