"""Telling a caller their tracking number, after the case is committed, without delaying the answer.

The case is filed first; the notifier then sends on its own threads and records the outcome as an
event of the case (``case.notification_sent`` / ``case.notification_failed``) carrying the channel and,
on failure, the kind of error: never the phone number or the address (invariant 5).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from sqlalchemy.orm import Session, sessionmaker

from central.cases.models import Case
from central.clock import Clock
from central.config import Settings
from central.db import session_scope
from central.events.service import append_event
from central.notify import messages
from central.notify.email import SmtpSender
from central.notify.messages import Notice
from central.notify.sms import SmsGateway, gateway_from_settings

log = logging.getLogger(__name__)


class Notifier:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        clock: Clock,
        *,
        email: SmtpSender | None,
        sms: SmsGateway,
        workers: int = 2,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._email = email
        self._sms = sms
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="notify")

    @classmethod
    def from_settings(cls, settings: Settings, sessions: sessionmaker[Session], clock: Clock) -> Notifier:
        return cls(
            sessions, clock, email=SmtpSender.from_settings(settings), sms=gateway_from_settings(settings)
        )

    def submit(self, notice: Notice) -> Future[None]:
        """Send in the background; call only after the case is committed."""
        return self._executor.submit(self._send_all, notice)

    def close(self) -> None:
        """Finish what was submitted (each send is bounded by its timeout), then stop the threads."""
        self._executor.shutdown(wait=True)

    def _send_all(self, notice: Notice) -> None:
        for channel in notice.channels:
            send = self._sender(channel, notice)
            failure: str | None = None
            try:
                send()
            except Exception as error:  # any failure of a provider is recorded, never raised further
                failure = type(error).__name__
                log.warning("case %s: the %s notification failed: %s", notice.tracking_number, channel, error)
            try:
                self._record(notice.case_id, channel, failure)
            except Exception:
                log.exception(
                    "case %s: recording the %s notification failed", notice.tracking_number, channel
                )

    def _sender(self, channel: str, notice: Notice) -> Callable[[], None]:
        if channel == "sms":
            sms, phone = self._sms, notice.phone_e164
            if not phone:
                return _fail("no phone number")
            return lambda: sms.send(phone, messages.sms_text(notice))
        if channel == "email":
            email, address = self._email, notice.email
            if email is None:
                return _fail("email is not configured on this server (CENTRAL_SMTP_HOST)", NotConfigured)
            if not address:
                return _fail("no email address")
            return lambda: email.send(address, messages.email_subject(notice), messages.email_body(notice))
        return _fail(f"unknown channel {channel!r}")

    def _record(self, case_id: int, channel: str, failure: str | None) -> None:
        with session_scope(self._sessions) as session:
            case = session.get(Case, case_id)
            if case is None:
                return  # deleted meanwhile: nothing to record it on
            data = {"channel": channel} if failure is None else {"channel": channel, "error": failure}
            append_event(
                session,
                "case.notification_sent" if failure is None else "case.notification_failed",
                data,
                now=self._clock.now(),
                actor=None,
                case_id=case.id,
                unit_code=case.owner_unit_code,
                assignee_user_id=case.assignee_user_id,
            )


class NotConfigured(RuntimeError):
    pass


def _fail(message: str, kind: type[Exception] = ValueError) -> Callable[[], None]:
    def fail() -> None:
        raise kind(message)

    return fail
