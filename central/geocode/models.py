"""The gazetteer: streets, neighbourhoods, villages and places, imported from CSV."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from central.db import Base, JSONType


class GazetteerPlace(Base):
    __tablename__ = "gazetteer"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(16))
    name_bg: Mapped[str] = mapped_column(sa.String(200))
    name_en: Mapped[str] = mapped_column(sa.String(200), default="")
    lat: Mapped[float] = mapped_column(sa.Float)
    lon: Mapped[float] = mapped_column(sa.Float)
    district_code: Mapped[str | None] = mapped_column(sa.String(16))
    aliases: Mapped[list] = mapped_column(JSONType, default=list)

    # The same name can be two places (кв. Изгрев exists in two districts): the district tells them apart.
    __table_args__ = (
        sa.UniqueConstraint("kind", "name_bg", "district_code", name="uq_gazetteer_kind_name_district"),
    )
