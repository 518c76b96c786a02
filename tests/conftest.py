"""Shared fixtures: a migrated, seeded database per test on SQLite and PostgreSQL, the app, users."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import (
    DEFAULT_NOW,
    DEMO_PASSWORD,
    TemplateDatabase,
    create_pg_database,
    drop_pg_databases,
    run_prefix,
    test_backends,
)

RUN_PREFIX = run_prefix()
# Argon2 at full strength costs ~0.5 s per login here; tests do hundreds (production keeps the default).
os.environ.setdefault("CENTRAL_FAST_PASSWORD_HASH", "1")


def _build_template(backend: str, folder: Path) -> TemplateDatabase:
    from central.auth.service import create_user
    from central.db import make_engine, make_sessionmaker, session_scope
    from central.migrate import upgrade
    from central.seed.loader import seed_reference

    if backend == "sqlite":
        path = folder / "template.sqlite3"
        url = f"sqlite:///{path}"
    else:
        path = None
        url = create_pg_database(f"{RUN_PREFIX}template")
    engine = make_engine(url)
    upgrade(engine)
    with session_scope(make_sessionmaker(engine)) as session:
        seed_reference(session, demo_districts=True)
        for username, role, unit in (
            ("operator", "operator", "CC"),
            ("operator2", "operator", "CC"),
            ("lead", "lead", "CC"),
            ("mladost", "unit_staff", "RA-15"),
            ("cgm", "unit_staff", "CGM"),
            ("si_staff", "unit_staff", "SI"),
            ("responder", "responder", "CGM"),
            ("admin", "admin", None),
        ):
            create_user(
                session,
                username,
                DEMO_PASSWORD,
                role,
                unit_code=unit,
                full_name=username.title(),
                now=DEFAULT_NOW,
            )
    engine.dispose()
    return TemplateDatabase(backend=backend, url=url, path=path)


@pytest.fixture(scope="session")
def templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, TemplateDatabase]]:
    folder = tmp_path_factory.mktemp("templates")
    built: dict[str, TemplateDatabase] = {}

    def get(backend: str) -> TemplateDatabase:
        if backend not in built:
            built[backend] = _build_template(backend, folder)
        return built[backend]

    yield _Lazy(get)  # type: ignore[misc]
    if "postgresql" in built:
        drop_pg_databases(RUN_PREFIX)  # only this run's: other runs may be using the same server


class _Lazy(dict):  # type: ignore[type-arg]
    def __init__(self, factory) -> None:  # type: ignore[no-untyped-def]
        super().__init__()
        self._factory = factory

    def __missing__(self, key: str) -> TemplateDatabase:
        return self._factory(key)


@pytest.fixture(params=test_backends())
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def database_url(backend: str, templates: dict[str, TemplateDatabase], tmp_path: Path) -> str:
    """A fresh copy of the seeded template for this test."""
    return templates[backend].clone(tmp_path)


@pytest.fixture
def clock():  # type: ignore[no-untyped-def]
    from central.clock import FrozenClock

    return FrozenClock(DEFAULT_NOW)


@pytest.fixture
def app(database_url: str, clock, tmp_path: Path):  # type: ignore[no-untyped-def]
    from central.app import create_app
    from central.config import Settings

    settings = Settings(
        database_url=database_url,
        heartbeat_seconds=1.0,
        stream_poll_seconds=1.0,
        attachments_dir=tmp_path / "attachments",  # this test's own, on PostgreSQL too
    )
    return create_app(settings, clock)


@pytest.fixture
def client(app):  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def login(client):  # type: ignore[no-untyped-def]
    """login("operator") → an Api logged in as that seeded user."""
    from tests.support import Api

    def _login(username: str) -> Api:
        response = client.post("/api/v1/auth/token", json={"username": username, "password": DEMO_PASSWORD})
        assert response.status_code == 200, response.text
        return Api(client, response.json()["access_token"])

    return _login


@pytest.fixture
def operator(login):  # type: ignore[no-untyped-def]
    return login("operator")
