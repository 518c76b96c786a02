"""A database per backend with the official districts of Sofia (from ../shared/data), set up through the
same service functions as ``central import-districts`` + ``central seed``, and an app on it."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import (
    DEFAULT_NOW,
    DEMO_PASSWORD,
    Api,
    create_pg_database,
    drop_pg_databases,
    shared_data_dir,
    test_backends,
)

OFFICIAL_DISTRICTS = shared_data_dir() / "sofia_districts.geojson"
# Not "cs_test_": the shared conftest drops every cs_test_* database when any test session ends.
PG_PREFIX = f"cs_route_{uuid.uuid4().hex[:6]}_"


@pytest.fixture(scope="module")
def official_geojson() -> dict:  # type: ignore[type-arg]
    return json.loads(OFFICIAL_DISTRICTS.read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=test_backends())
def official_database(
    request: pytest.FixtureRequest,
    official_geojson: dict,
    tmp_path_factory: pytest.TempPathFactory,  # type: ignore[type-arg]
) -> Iterator[str]:
    from central.auth.service import create_user
    from central.db import make_engine, make_sessionmaker, session_scope
    from central.migrate import upgrade
    from central.reference.service import import_districts
    from central.seed.loader import seed_reference

    if request.param == "sqlite":
        url = f"sqlite:///{Path(tmp_path_factory.mktemp('routing')) / 'official.sqlite3'}"
    else:
        url = create_pg_database(f"{PG_PREFIX}{uuid.uuid4().hex[:8]}")
    engine = make_engine(url)
    upgrade(engine)
    with session_scope(make_sessionmaker(engine)) as session:
        assert import_districts(session, official_geojson) == 24
        seed_reference(session)  # no demo districts: the official ones are there
        create_user(session, "operator", DEMO_PASSWORD, "operator", unit_code="CC", now=DEFAULT_NOW)
    engine.dispose()
    yield url
    if request.param != "sqlite":
        drop_pg_databases(PG_PREFIX)


@pytest.fixture(scope="module")
def operator_api(official_database: str) -> Iterator[Api]:
    from fastapi.testclient import TestClient

    from central.app import create_app
    from central.clock import FrozenClock
    from central.config import Settings

    app = create_app(Settings(database_url=official_database), FrozenClock(DEFAULT_NOW))
    with TestClient(app) as client:
        response = client.post("/api/v1/auth/token", json={"username": "operator", "password": DEMO_PASSWORD})
        assert response.status_code == 200, response.text
        yield Api(client, response.json()["access_token"])
