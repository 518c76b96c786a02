"""A real SMTP server on loopback (aiosmtpd), and an app that notifies through it and an SMS plug-in."""

from __future__ import annotations

import asyncio
import json
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller

from tests.central.notify.plugins import RecordingGateway


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Mailbox:
    """What the SMTP server accepted; ``refuse`` makes it answer 554 to every message instead."""

    messages: list[EmailMessage] = field(default_factory=list)
    recipients: list[list[str]] = field(default_factory=list)
    refuse: bool = False
    delay: float = 0.0

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.refuse:
            return "554 5.6.0 Transaction failed"
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))  # type: ignore[arg-type]
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 OK"


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    box.port = controller.port  # type: ignore[attr-defined]
    yield box
    controller.stop()


@pytest.fixture
def sms_gateway() -> str:
    return "tests.central.notify.plugins:RecordingGateway"


@pytest.fixture
def app(database_url: str, clock: Any, tmp_path: Path, mailbox: Mailbox, sms_gateway: str) -> Any:
    from central.app import create_app
    from central.config import Settings

    RecordingGateway.sent.clear()
    settings = Settings(
        database_url=database_url,
        attachments_dir=tmp_path / "attachments",
        smtp_host="127.0.0.1",
        smtp_port=mailbox.port,  # type: ignore[attr-defined]
        smtp_starttls=False,
        smtp_from="Call Sofia <noreply@callsofia.example>",
        sms_gateway=sms_gateway,
    )
    return create_app(settings, clock)


@pytest.fixture
def wait_for_event(database_url: str) -> Iterator[Callable[..., list[dict[str, Any]]]]:
    """wait_for_event(case_id, type) → every event of that type on the case, once there is one (5 s)."""
    from central.db import make_engine

    engine = make_engine(database_url)

    def wait(case_id: int, *types: str, timeout: float = 5.0) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while True:
            with engine.connect() as conn:
                rows = conn.execute(
                    sa.text("SELECT type, data, actor_user_id FROM events WHERE case_id = :id ORDER BY id"),
                    {"id": case_id},
                ).all()
            found = [
                {
                    "type": r.type,
                    "data": json.loads(r.data) if isinstance(r.data, str) else r.data,  # SQLite: text
                    "actor_user_id": r.actor_user_id,
                }
                for r in rows
                if r.type in types
            ]
            if found or time.monotonic() > deadline:
                return found
            time.sleep(0.02)

    yield wait
    engine.dispose()
