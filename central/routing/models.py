"""Routing rules: (category, district | any) → unit. The most specific rule wins."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from central.db import Base


class RoutingRule(Base):
    __tablename__ = "routing_rules"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    category_id: Mapped[int] = mapped_column(sa.ForeignKey("categories.id"))
    district_code: Mapped[str | None] = mapped_column(sa.ForeignKey("districts.code"))  # None: any district
    unit_code: Mapped[str] = mapped_column(sa.ForeignKey("units.code"))
    note: Mapped[str] = mapped_column(sa.Text, default="")

    __table_args__ = (
        sa.UniqueConstraint("category_id", "district_code", name="uq_routing_rules_category_district"),
    )
