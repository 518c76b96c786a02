"""Showing times to operators: Sofia local time, compact."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication

SOFIA = ZoneInfo("Europe/Sofia")


def local_time(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return moment.astimezone(SOFIA).strftime("%d.%m.%Y %H:%M")


def format_duration(seconds: float) -> str:
    """Compact countdown: 2д 03ч / 4ч 05м / 12м; negative when overdue."""
    sign = "-" if seconds < 0 else ""
    seconds = abs(int(seconds))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    translate = QCoreApplication.translate
    d, h, m = translate("Duration", "d"), translate("Duration", "h"), translate("Duration", "m")
    if days:
        return f"{sign}{days}{d} {hours:02d}{h}"
    if hours:
        return f"{sign}{hours}{h} {minutes:02d}{m}"
    return f"{sign}{minutes}{m}"
