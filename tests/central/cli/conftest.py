"""Empty databases for the command line, on every test backend, and a database taken through the
documented first-time setup (migrate → import-districts → seed) that the tests of this folder share."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from subprocess import CompletedProcess

import pytest

from tests.support import create_pg_database, drop_pg_databases, run_central, shared_data_dir, test_backends

# Not "cs_test_": the shared conftest drops every cs_test_* database when any test session ends.
PG_PREFIX = f"cs_cli_{uuid.uuid4().hex[:6]}_"


def ok(result: CompletedProcess[str]) -> CompletedProcess[str]:
    assert result.returncode == 0, (
        f"exit {result.returncode}\nstdout: {result.stdout}\nstderr: {result.stderr}"
    )
    return result


def refused(result: CompletedProcess[str]) -> str:
    """The command failed with exit 2 and one clear line on stderr (no traceback); returns the line."""
    assert result.returncode == 2, (
        f"exit {result.returncode}\nstdout: {result.stdout}\nstderr: {result.stderr}"
    )
    lines = result.stderr.strip().splitlines()
    assert "Traceback" not in result.stderr, result.stderr
    return lines[-1]


@pytest.fixture(scope="module", params=test_backends())
def cli_backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def first_backend_only(cli_backend: str) -> None:
    """For checks that never reach the database (argument and file parsing come first): once is enough."""
    if cli_backend != test_backends()[0]:
        pytest.skip(f"backend-independent (file and argument checks); run on {test_backends()[0]}")


@pytest.fixture(scope="module")
def new_database(cli_backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[], str]]:
    """new_database() → the URL of an empty database (no schema) on this module's backend."""
    folder = tmp_path_factory.mktemp(f"cli-{cli_backend}")
    made: list[str] = []

    def make() -> str:
        if cli_backend == "sqlite":
            return f"sqlite:///{folder / f'central-{uuid.uuid4().hex[:8]}.sqlite3'}"
        url = create_pg_database(f"{PG_PREFIX}{uuid.uuid4().hex[:8]}")
        made.append(url)
        return url

    yield make
    if made:
        drop_pg_databases(PG_PREFIX)


@dataclass
class SetUp:
    url: str
    migrate: CompletedProcess[str]
    districts: CompletedProcess[str]
    seed: CompletedProcess[str]


@pytest.fixture(scope="module")
def official(new_database: Callable[[], str]) -> SetUp:
    """A database set up as an administrator would: the official districts, then the reference data."""
    url = new_database()
    migrate = ok(run_central("migrate", database_url=url))
    districts = ok(
        run_central("import-districts", str(shared_data_dir() / "sofia_districts.geojson"), database_url=url)
    )
    seed = ok(run_central("seed", database_url=url))
    return SetUp(url, migrate, districts, seed)


@dataclass
class FreshStart:
    """A brand-new database migrated twice, then seeded without districts (refused)."""

    url: str
    migrate: list[CompletedProcess[str]]
    seed_without_districts: CompletedProcess[str]
    rows_after_refusal: dict[str, object]


@dataclass
class FreshRun:
    start: Future[FreshStart]
    demo: Future[tuple[str, CompletedProcess[str]]]  # then `seed --demo` on the same database


@pytest.fixture(scope="module")
def fresh_run(new_database: Callable[[], str]) -> Iterator[FreshRun]:
    """A fresh database taken from empty to demo data in the background from the start of the module
    (``seed --demo`` takes a while, on PostgreSQL especially), so that it overlaps the other tests."""
    url = new_database()
    start: Future[FreshStart] = Future()

    def run() -> tuple[str, CompletedProcess[str]]:
        try:
            migrate = [run_central("migrate", database_url=url) for _ in range(2)]
            refusal = run_central("seed", database_url=url)
            counts = {
                table: scalar(url, f"SELECT count(*) FROM {table}") for table in ("units", "categories")
            }
            start.set_result(FreshStart(url, migrate, refusal, counts))
        except BaseException as error:
            start.set_exception(error)
            raise
        return url, run_central("seed", "--demo", database_url=url)

    with ThreadPoolExecutor(max_workers=1) as pool:
        yield FreshRun(start, pool.submit(run))


def in_parallel(*calls: Callable[[], CompletedProcess[str]]) -> list[CompletedProcess[str]]:
    """Run commands that change nothing (they are all expected to fail) side by side."""
    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return [future.result(timeout=120) for future in [pool.submit(call) for call in calls]]


def app_client(url: str):  # type: ignore[no-untyped-def]
    """An in-process client of the app on ``url`` with the real clock (to log in as created users)."""
    from fastapi.testclient import TestClient

    from central.app import create_app
    from central.config import Settings

    return TestClient(create_app(Settings(database_url=url)))


def login(client, username: str, password: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    response = client.post("/api/v1/auth/token", json={"username": username, "password": password})
    assert response.status_code == 200, (username, response.text)
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def scalar(url: str, sql: str, **params: object) -> object:
    import sqlalchemy as sa

    from central.db import make_engine

    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(sa.text(sql), params).scalar()
    finally:
        engine.dispose()


def rows(url: str, sql: str, **params: object) -> list[tuple]:  # type: ignore[type-arg]
    import sqlalchemy as sa

    from central.db import make_engine

    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(sa.text(sql), params)]
    finally:
        engine.dispose()


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
