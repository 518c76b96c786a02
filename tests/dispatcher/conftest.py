"""Fixtures for the console core: a live central API on this test's database, and logged-in clients.

No Qt here: these tests must pass in a virtualenv without PySide6.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from dispatcher.client import CentralClient
from tests.live_server import LiveServer

Login = Callable[[str], Awaitable[CentralClient]]


@pytest.fixture
def live_server(database_url: str, clock, tmp_path: Path) -> Iterator[LiveServer]:  # type: ignore[no-untyped-def]
    """The central API on a fresh copy of the seeded database (SQLite and PostgreSQL), over a real socket.
    Heartbeat every 0.5 s; streams re-check the table every 5 s (commits wake them sooner)."""
    server = LiveServer(database_url, clock=clock, attachments_dir=tmp_path / "attachments").start()
    yield server
    server.stop()


def issue_token(database_url: str, username: str, now: datetime) -> str:
    """A token for a seeded user, written straight into the database by the server's own service.

    Logging in over HTTP costs an Argon2 verification (~0.2-0.4 s here) per client; the login path itself
    is tested in test_client.py, so the other tests skip it.
    """
    import sqlalchemy as sa

    from central.auth.models import User
    from central.auth.service import issue_token as issue
    from central.db import make_engine, make_sessionmaker, session_scope

    engine = make_engine(database_url)
    try:
        with session_scope(make_sessionmaker(engine)) as session:
            user = session.scalar(sa.select(User).where(User.username == username))
            assert user is not None, f"no seeded user {username!r}"
            return issue(session, user, now=now, ttl=timedelta(hours=12)).token
    finally:
        engine.dispose()


@pytest.fixture
async def login(live_server: LiveServer, clock) -> AsyncIterator[Login]:  # type: ignore[no-untyped-def]
    """``await login("operator")`` → a CentralClient with a valid token for that seeded user; closed
    afterwards."""
    clients: list[CentralClient] = []

    async def _login(username: str) -> CentralClient:
        token = await asyncio.to_thread(issue_token, live_server.database_url, username, clock.now())
        client = CentralClient(live_server.base_url, token=token, timeout=10.0)
        clients.append(client)
        return client

    yield _login
    for client in clients:
        await client.aclose()


@pytest.fixture
async def operator(login: Login) -> CentralClient:
    return await login("operator")
