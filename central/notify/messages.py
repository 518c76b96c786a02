"""What a caller receives when their report is filed: short Bulgarian texts with the tracking number."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from central.sla.calendar import SOFIA


@dataclass(frozen=True)
class Notice:
    """Everything a notification needs, gathered before the request's session closes.

    Holds the caller's phone and email: it lives in memory until sent and is never written to an event.
    """

    case_id: int
    tracking_number: str
    category: str
    unit: str
    due_at: datetime
    channels: tuple[str, ...]  # "sms", "email"
    phone_e164: str | None = None
    email: str | None = None


def local_deadline(due_at: datetime) -> str:
    return due_at.astimezone(SOFIA).strftime("%d.%m.%Y %H:%M")


def sms_text(notice: Notice) -> str:
    # Cyrillic SMS go out as UCS-2 (70 characters a part): say only what the caller must keep.
    return (
        f"Столична община: сигналът Ви е приет с номер {notice.tracking_number}. "
        f"Отговаря: {notice.unit}. Срок: {local_deadline(notice.due_at)}."
    )


def email_subject(notice: Notice) -> str:
    return f"Сигнал {notice.tracking_number} е приет"


def email_body(notice: Notice) -> str:
    return (
        "Здравейте,\n\n"
        "Вашият сигнал до Столична община (Call Sofia) е регистриран.\n\n"
        f"Номер на сигнала: {notice.tracking_number}\n"
        f"Категория: {notice.category}\n"
        f"Отговорно звено: {notice.unit}\n"
        f"Срок за решаване: {local_deadline(notice.due_at)}\n\n"
        "Запазете номера: с него можете да попитате за хода на сигнала.\n\n"
        "Това писмо е изпратено автоматично, моля не отговаряйте на него.\n"
    )
