"""Turning case rows into their HTTP/event shape (one place, so events and responses agree)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from central.cases.models import Case, Message, Reporter
from central.cases.schemas import CaseOut, MessageOut
from central.sla.service import sla_state

CASE_FIELDS = tuple(name for name in CaseOut.model_fields if name not in ("sla_state", "reporter_count"))


def reporter_counts(session: Session, case_ids: list[int]) -> dict[int, int]:
    if not case_ids:
        return {}
    rows = session.execute(
        sa.select(Reporter.case_id, sa.func.count())
        .where(Reporter.case_id.in_(case_ids))
        .group_by(Reporter.case_id)
    )
    return {case_id: count for case_id, count in rows}


def case_out(case: Case, now: datetime, due_soon_ratio: float, reporter_count: int) -> CaseOut:
    values = {name: getattr(case, name) for name in CASE_FIELDS}
    return CaseOut(**values, sla_state=sla_state(case, now, due_soon_ratio), reporter_count=reporter_count)


def case_snapshot(case: Case, now: datetime, due_soon_ratio: float, reporter_count: int) -> dict[str, Any]:
    """The case as it travels inside events: JSON-ready, never with reporters' personal data."""
    return case_out(case, now, due_soon_ratio, reporter_count).model_dump(mode="json")


def message_out(message: Message, attachment_ids: Iterable[int] = ()) -> MessageOut:
    out = MessageOut.model_validate(message, from_attributes=True)
    out.attachment_ids = list(attachment_ids)
    return out
