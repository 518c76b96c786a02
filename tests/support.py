"""Helpers shared by the test suites: where the shared data lives, databases, and an API client."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

REPO_ROOT = Path(__file__).resolve().parents[1]
PG_ADMIN_URL = os.environ.get("CALLSOFIA_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
# A Wednesday morning in Sofia (08:00 UTC = 10:00 local): working hours are open, no holiday near.
DEFAULT_NOW = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)
DEMO_PASSWORD = "demo-password"


def run_prefix() -> str:
    """Databases of this test run start with this (several runs may share one PostgreSQL server)."""
    return f"cs_test_{os.getpid()}_"


def shared_data_dir() -> Path:
    """The shared reference data (outside the repository): $CALLSOFIA_SHARED_DATA or ../shared/data."""
    env = os.environ.get("CALLSOFIA_SHARED_DATA")
    return Path(env) if env else REPO_ROOT.parent / "shared" / "data"


def test_backends() -> list[str]:
    """Which databases the server tests run on: $CALLSOFIA_TEST_DB, default both."""
    return [
        b.strip() for b in os.environ.get("CALLSOFIA_TEST_DB", "sqlite,postgresql").split(",") if b.strip()
    ]


@dataclass
class TemplateDatabase:
    """A migrated, seeded database that each test copies (cheap on both backends)."""

    backend: str
    url: str
    path: Path | None = None

    def clone(self, tmp_path: Path) -> str:
        if self.backend == "sqlite":
            assert self.path is not None
            target = tmp_path / f"central-{uuid.uuid4().hex[:8]}.sqlite3"
            shutil.copyfile(self.path, target)
            return f"sqlite:///{target}"
        name = f"{run_prefix()}{uuid.uuid4().hex[:10]}"
        template = sa.make_url(self.url).database
        admin = sa.create_engine(
            PG_ADMIN_URL.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT"
        )
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        admin.dispose()
        return str(sa.make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False))


def create_pg_database(name: str) -> str:
    admin = sa.create_engine(
        PG_ADMIN_URL.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()
    return str(sa.make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False))


def drop_pg_databases(prefix: str) -> None:
    admin = sa.create_engine(
        PG_ADMIN_URL.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        names = (
            conn.exec_driver_sql("SELECT datname FROM pg_database WHERE datname LIKE %s", (prefix + "%",))
            .scalars()
            .all()
        )
        for name in names:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


def run_central(*args: str, database_url: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """Run the real ``central`` command line in a child process."""
    env = dict(os.environ, CENTRAL_DATABASE_URL=database_url)
    return subprocess.run(
        [str(REPO_ROOT / ".venv" / "bin" / "central"), *args]
        if (REPO_ROOT / ".venv").exists()
        else ["central", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


class Api:
    """A thin JSON client over FastAPI's TestClient, logged in as one user."""

    def __init__(self, client: Any, token: str | None = None) -> None:
        self.client = client
        self.token = token

    def headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        headers.update(extra or {})
        return headers

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(f"/api/v1{path}", params=params, headers=self.headers())

    def post(
        self,
        path: str,
        json: Any = None,
        *,
        version: int | None = None,
        headers: dict[str, str] | None = None,
    ) -> Any:
        extra = dict(headers or {})
        if version is not None:
            extra["If-Match"] = str(version)
        return self.client.post(f"/api/v1{path}", json=json, headers=self.headers(extra))

    def patch(self, path: str, json: Any, *, version: int | None) -> Any:
        extra = {"If-Match": str(version)} if version is not None else {}
        return self.client.patch(f"/api/v1{path}", json=json, headers=self.headers(extra))

    def put(self, path: str, json: Any) -> Any:
        return self.client.put(f"/api/v1{path}", json=json, headers=self.headers())

    def delete(self, path: str) -> Any:
        return self.client.delete(f"/api/v1{path}", headers=self.headers())

    def create_case(self, **fields: Any) -> dict[str, Any]:
        body = {
            "channel": "phone",
            "category_id": 5,
            "description": "Кола на тротоара",
            "lat": 42.6475,
            "lon": 23.3817,
        } | fields
        response = self.post("/cases", body)
        assert response.status_code == 201, response.text
        return response.json()


# Points inside each demo district (from shared/data/README.md), handy for routing tests.
DISTRICT_POINTS = {
    "68134-01": (42.6876, 23.3357),
    "68134-02": (42.6812, 23.2878),
    "68134-03": (42.6981, 23.3093),
    "68134-04": (42.6959, 23.3430),
    "68134-05": (42.7336, 23.3372),
    "68134-06": (42.7068, 23.3686),
    "68134-07": (42.6865, 23.3987),
    "68134-08": (42.6704, 23.3518),
    "68134-09": (42.6596, 23.3250),
    "68134-10": (42.6693, 23.3029),
    "68134-11": (42.6973, 23.2634),
    "68134-12": (42.7125, 23.2876),
    "68134-13": (42.7520, 23.3148),
    "68134-14": (42.6621, 23.4160),
    "68134-15": (42.6475, 23.3817),
    "68134-16": (42.6463, 23.3496),
    "68134-17": (42.6167, 23.2743),
    "68134-18": (42.6783, 23.2055),
    "68134-19": (42.7216, 23.2358),
    "68134-20": (42.7598, 23.2467),
    "68134-21": (42.8063, 23.3619),
    "68134-22": (42.7697, 23.5439),
    "68134-23": (42.5601, 23.4231),
    "68134-24": (42.7031, 23.1241),
}
