"""Showing times to operators: Sofia local time, compact."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

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


# (one, many) per unit, marked so that lupdate finds them; translated when used.
_UNITS = {
    "day": (QT_TRANSLATE_NOOP("Deadline", "1 day"), QT_TRANSLATE_NOOP("Deadline", "%1 days")),
    "hour": (QT_TRANSLATE_NOOP("Deadline", "1 hour"), QT_TRANSLATE_NOOP("Deadline", "%1 hours")),
    "minute": (QT_TRANSLATE_NOOP("Deadline", "1 minute"), QT_TRANSLATE_NOOP("Deadline", "%1 minutes")),
}


def _count(n: int, unit: str) -> str:
    one, many = _UNITS[unit]
    translate = QCoreApplication.translate
    return translate("Deadline", one) if n == 1 else translate("Deadline", many).replace("%1", str(n))


def duration_words(seconds: float) -> str:
    """Words to read out on the phone: "5 days 3 hours", "2 hours 10 minutes", "40 minutes"."""
    seconds = max(0, int(seconds))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    parts = []
    if days:
        parts.append(_count(days, "day"))
    if hours and days < 3:
        parts.append(_count(hours, "hour"))
    if not days and (minutes or not hours):
        parts.append(_count(minutes, "minute"))
    return " ".join(parts)


def deadline_words(due: datetime, now: datetime) -> str:
    """A deadline as the operator reads it to the caller: "Thursday, 10.12.2026 at 17:30 (in 5 days)"."""
    from PySide6.QtCore import QLocale

    local = due.astimezone(SOFIA)
    weekday = QLocale().dayName(local.isoweekday(), QLocale.FormatType.LongFormat)
    text = QCoreApplication.translate("Deadline", "%1, %2 at %3 (in %4)")
    return (
        text.replace("%1", weekday)
        .replace("%2", local.strftime("%d.%m.%Y"))
        .replace("%3", local.strftime("%H:%M"))
        .replace("%4", duration_words((due - now).total_seconds()))
    )
