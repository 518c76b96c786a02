"""Reference data tables: districts, units, categories, SLA policies. All of it is data, imported or
edited by administrators, never hard-coded in logic."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from central.db import Base, JSONType

PRIORITIES = ("low", "normal", "high", "urgent")
UNIT_CALENDARS = ("24x7", "working_hours")
ROUTING_SCOPES = ("city", "district")


class District(Base):
    __tablename__ = "districts"

    code: Mapped[str] = mapped_column(sa.String(16), primary_key=True)  # NSI "68134-NN"
    number: Mapped[int | None] = mapped_column(sa.Integer)
    name_bg: Mapped[str] = mapped_column(sa.String(100))
    name_en: Mapped[str] = mapped_column(sa.String(100))
    geometry: Mapped[dict] = mapped_column(JSONType)  # GeoJSON geometry, lon/lat
    demo: Mapped[bool] = mapped_column(sa.Boolean, default=False)


class Unit(Base):
    """Who does the work: a district administration, an inspectorate, an enterprise, a utility..."""

    __tablename__ = "units"

    code: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    name_bg: Mapped[str] = mapped_column(sa.String(200))
    name_en: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[str] = mapped_column(sa.String(32))
    calendar: Mapped[str] = mapped_column(sa.String(16))
    # A district administration serves one district; routing uses this for district-scoped categories.
    district_code: Mapped[str | None] = mapped_column(sa.ForeignKey("districts.code"), unique=True)
    lead_user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", use_alter=True, name="fk_units_lead_user_id_users")
    )
    phone: Mapped[str | None] = mapped_column(sa.String(40))
    active: Mapped[bool] = mapped_column(sa.Boolean, default=True)


class Category(Base):
    """A Call Sofia category (an Open311 "service"), with the real Call Sofia id."""

    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=False)
    name_bg: Mapped[str] = mapped_column(sa.String(200))
    name_en: Mapped[str] = mapped_column(sa.String(200))
    group: Mapped[str] = mapped_column(sa.String(100), default="")
    synonyms: Mapped[list] = mapped_column(JSONType, default=list)
    default_priority: Mapped[str] = mapped_column(sa.String(16), default="normal")
    routing_scope: Mapped[str] = mapped_column(sa.String(16), default="city")
    urgent_out_of_hours: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    active: Mapped[bool] = mapped_column(sa.Boolean, default=True)


class SlaPolicy(Base):
    """Time to first response and to resolve. A row without category is the default for a priority."""

    __tablename__ = "sla_policies"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    category_id: Mapped[int | None] = mapped_column(sa.ForeignKey("categories.id"))
    priority: Mapped[str] = mapped_column(sa.String(16))
    first_response_minutes: Mapped[int] = mapped_column(sa.Integer)
    resolve_minutes: Mapped[int] = mapped_column(sa.Integer)

    __table_args__ = (
        sa.UniqueConstraint("category_id", "priority", name="uq_sla_policies_category_priority"),
    )


class Meta(Base):
    """Small key/value facts about the database itself (e.g. whether it holds demo data)."""

    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    value: Mapped[str] = mapped_column(sa.Text)
