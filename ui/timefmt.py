"""Showing times to operators: Sofia local time, compact."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

SOFIA = ZoneInfo("Europe/Sofia")


def local_time(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return moment.astimezone(SOFIA).strftime("%d.%m.%Y %H:%M")
