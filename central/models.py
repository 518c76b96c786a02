"""Every table, imported in one place so that Alembic and tests see the whole schema."""

from central.auth.models import ApiToken, User
from central.cases.models import Case, IdempotencyKey, Message, Reporter, TrackingCounter, Transfer
from central.db import Base
from central.events.models import Event
from central.geocode.models import GazetteerPlace
from central.reference.models import Category, District, Meta, SlaPolicy, Unit
from central.routing.models import RoutingRule

__all__ = [
    "ApiToken",
    "Base",
    "Case",
    "Category",
    "District",
    "Event",
    "GazetteerPlace",
    "IdempotencyKey",
    "Message",
    "Meta",
    "Reporter",
    "RoutingRule",
    "SlaPolicy",
    "TrackingCounter",
    "Transfer",
    "Unit",
    "User",
]
