"""Alerts that must be acknowledged, without Qt: which events raise one for this user, and the list of the
ones not acknowledged yet.

* a new urgent case (filed with priority ``urgent``, or by the out-of-hours rule) — for operators, leads and
  the owner unit's staff (the stream only brings a unit's staff their own unit's cases), not for whoever
  filed it;
* a missed deadline (``case.sla_breached``) — for leads, the owner unit's staff and the case's assignee;
* an escalation (``case.escalated``) — for the lead it went up to (``lead_user_id``).

Acknowledging is recorded on the server (``POST /cases/{id}/acknowledge`` → ``case.alert_acknowledged``);
the user's own acknowledgement arriving on the stream (from another console of theirs) clears it here too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from dispatcher.models import Event, User

ACKNOWLEDGED = "case.alert_acknowledged"
ALERT_ROLES = frozenset({"operator", "lead", "unit_staff"})


@dataclass(frozen=True, slots=True)
class Alert:
    kind: str  # urgent, sla_breached, escalated
    event_id: int  # the event that raised it (what the acknowledgement names)
    case_id: int
    raised_at: datetime
    tracking_number: str
    description: str
    reason: str = ""  # escalated: sla_breached / bounced


def alert_for(event: Event, me: User | None) -> Alert | None:
    """The alert this event raises for ``me``, or None."""
    if me is None or event.case_id is None or me.role not in ALERT_ROLES:
        return None
    data: dict[str, Any] = event.data
    case: dict[str, Any] = data.get("case") if isinstance(data.get("case"), dict) else {}  # type: ignore[assignment]
    kind = None
    if event.type == "case.created":
        urgent = case.get("priority") == "urgent" or bool(data.get("out_of_hours"))
        if urgent and event.actor_user_id != me.id:
            kind = "urgent"
    elif event.type == "case.sla_breached":
        if me.role in ("lead", "unit_staff") or case.get("assignee_user_id") == me.id:
            kind = "sla_breached"
    elif event.type == "case.escalated" and data.get("lead_user_id") == me.id:
        kind = "escalated"
    if kind is None:
        return None
    return Alert(
        kind=kind,
        event_id=event.id,
        case_id=event.case_id,
        raised_at=event.created_at,
        tracking_number=str(case.get("tracking_number") or f"#{event.case_id}"),
        description=str(case.get("description") or ""),
        reason=str(data.get("reason") or "") if kind == "escalated" else "",
    )


class AlertBook:
    """The user's unacknowledged alerts, newest first. Listeners hear ``(added, removed)`` alerts."""

    def __init__(self, me: User | None) -> None:
        self.me = me
        self.pending: list[Alert] = []
        self._seen: set[int] = set()  # event ids that raised an alert (never raised twice)
        self._acknowledged: set[int] = set()
        self._listeners: list[Callable[[Alert | None, Alert | None], None]] = []

    def add_listener(self, callback: Callable[[Alert | None, Alert | None], None]) -> None:
        self._listeners.append(callback)

    def on_event(self, event: Event) -> Alert | None:
        """Feed every stream event; returns the alert it raised, if any."""
        if event.type == ACKNOWLEDGED:
            if self.me is not None and event.actor_user_id == self.me.id:
                raised = event.data.get("event_id")
                if isinstance(raised, int):
                    self.acknowledged(raised)
            return None
        alert = self._raise(event)
        if alert is not None:
            self.pending.insert(0, alert)
            self._tell(alert, None)
        return alert

    def load(self, events: Iterable[Event], acknowledged: Iterable[int]) -> list[Alert]:
        """A console starting its shift: the alert-raising events of the last hours and the ids the user
        has acknowledged (``GET /alerts/recent``). Adds what is still unacknowledged; returns it."""
        self._acknowledged.update(acknowledged)
        added = [alert for event in events if (alert := self._raise(event)) is not None]
        self.pending = sorted([*self.pending, *added], key=lambda a: a.event_id, reverse=True)
        for alert in added:
            self._tell(alert, None)
        return added

    def _raise(self, event: Event) -> Alert | None:
        """The event's alert for me, unless raised or acknowledged before (remembered as raised)."""
        alert = alert_for(event, self.me)
        if alert is None or alert.event_id in self._seen or alert.event_id in self._acknowledged:
            return None
        self._seen.add(alert.event_id)
        return alert

    def acknowledged(self, event_id: int) -> Alert | None:
        """The alert raised by ``event_id`` was acknowledged: off the list."""
        self._acknowledged.add(event_id)
        for alert in self.pending:
            if alert.event_id == event_id:
                self.pending.remove(alert)
                self._tell(None, alert)
                return alert
        return None

    def _tell(self, added: Alert | None, removed: Alert | None) -> None:
        for callback in list(self._listeners):
            callback(added, removed)
