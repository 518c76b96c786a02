"""Email through an SMTP server (``CENTRAL_SMTP_*``), with the standard library's smtplib."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import make_msgid

from central.config import Settings

SMTP_TIMEOUT_SECONDS = 20.0


class SmtpSender:
    """Sends one plain-text message per call over a fresh connection (notifications are rare)."""

    def __init__(
        self,
        host: str,
        port: int,
        sender: str,
        *,
        user: str = "",
        password: str = "",
        starttls: bool = True,
        timeout: float = SMTP_TIMEOUT_SECONDS,
    ) -> None:
        if not sender:
            raise ValueError("CENTRAL_SMTP_FROM (the sender address) is required with CENTRAL_SMTP_HOST")
        self.host, self.port, self.sender = host, port, sender
        self.user, self.password, self.starttls, self.timeout = user, password, starttls, timeout

    @classmethod
    def from_settings(cls, settings: Settings) -> SmtpSender | None:
        """The sender the settings describe, or None when no SMTP host is configured."""
        if not settings.smtp_host:
            return None
        return cls(
            settings.smtp_host,
            settings.smtp_port,
            settings.smtp_from,
            user=settings.smtp_user,
            password=settings.smtp_password,
            starttls=settings.smtp_starttls,
        )

    def send(self, to: str, subject: str, body: str) -> None:
        """Deliver to the SMTP server; raises ``smtplib.SMTPException`` or ``OSError`` when it refuses."""
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = to
        message["Subject"] = subject
        message["Message-ID"] = make_msgid(domain=self.sender.rpartition("@")[2].strip("> ") or None)
        message.set_content(body)
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
            if self.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if self.user:
                smtp.login(self.user, self.password)
            smtp.send_message(message)
