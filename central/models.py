"""Every table, imported in one place so that Alembic and tests see the whole schema."""

from central.attachments.models import Attachment
from central.auth.models import ApiToken, User
from central.cases.models import Case, IdempotencyKey, Message, Reporter, TrackingCounter, Transfer
from central.chat.models import MessageRead
from central.crews.models import Crew, Shift
from central.db import Base
from central.events.models import Event
from central.geocode.models import GazetteerPlace
from central.presence.models import CasePresence
from central.reference.models import Category, District, Meta, SlaPolicy, Unit
from central.routing.models import RoutingRule

__all__ = [
    "ApiToken",
    "Attachment",
    "Base",
    "Case",
    "CasePresence",
    "Category",
    "Crew",
    "District",
    "Event",
    "GazetteerPlace",
    "IdempotencyKey",
    "Message",
    "MessageRead",
    "Meta",
    "Reporter",
    "RoutingRule",
    "Shift",
    "SlaPolicy",
    "TrackingCounter",
    "Transfer",
    "Unit",
    "User",
]
