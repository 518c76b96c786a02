"""Fixtures of the HTTP behaviour tests: a database peek, user ids, cached logins."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from tests.central.api.helpers import Db, DbApi
from tests.support import Api


@pytest.fixture
def db(database_url: str) -> Iterator[Db]:
    from central.db import make_engine

    engine = make_engine(database_url)
    yield Db(engine)
    engine.dispose()


@pytest.fixture
def user_ids(db: Db) -> dict[str, int]:
    return {row["username"]: row["id"] for row in db.rows("SELECT id, username FROM users")}


@pytest.fixture
def login(client: Any, db: Db, clock: Any) -> Callable[[str], Api]:
    """login("operator") → an Api with a fresh token of that seeded user.

    Overrides the suite-wide fixture: the token is issued straight into the database, because verifying an
    Argon2 password costs about half a second and these tests need many users; the tokens outlive the
    clock advances of the SLA tests (90 days). The real password login and token expiry are
    tested in test_bad_input.py (``http_login``).
    """
    from central.auth.models import User
    from central.auth.service import issue_token
    from central.db import make_sessionmaker, session_scope

    sessions = make_sessionmaker(db.engine)

    def _login(username: str) -> Api:
        with session_scope(sessions) as session:
            user = session.scalar(sa.select(User).where(User.username == username))
            assert user is not None, username
            token = issue_token(session, user, now=clock.now(), ttl=timedelta(days=90)).token
        return DbApi(client, token, db)

    return _login


@pytest.fixture
def http_login(client: Any) -> Callable[[str], Api]:
    """The suite-wide login through POST /auth/token (slow: Argon2)."""
    from tests.support import DEMO_PASSWORD

    def _login(username: str) -> Api:
        response = client.post("/api/v1/auth/token", json={"username": username, "password": DEMO_PASSWORD})
        assert response.status_code == 200, response.text
        return Api(client, response.json()["access_token"])

    return _login


@pytest.fixture
def as_user(login: Callable[[str], Api]) -> Callable[[str], Api]:
    """Like ``login`` but one token per user per test."""
    cache: dict[str, Api] = {}

    def get(username: str) -> Api:
        if username not in cache:
            cache[username] = login(username)
        return cache[username]

    return get
