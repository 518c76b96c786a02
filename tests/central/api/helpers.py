"""Helpers for the HTTP behaviour tests: direct database reads and case actions."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from tests.support import Api


class Db:
    """Read-only peeks into the test database (short connections: SQLite writers must not wait)."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine

    def rows(self, sql: str, **params: Any) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(sa.text(sql), params)]

    def scalar(self, sql: str, **params: Any) -> Any:
        with self.engine.connect() as conn:
            return conn.execute(sa.text(sql), params).scalar()

    def count(self, table: str, where: str = "1=1", **params: Any) -> int:
        return int(self.scalar(f"SELECT count(*) FROM {table} WHERE {where}", **params))

    def events(self, case_id: int | None = None) -> list[dict[str, Any]]:
        """Every event row (data as stored), oldest first; only one case's when case_id is given."""
        from central.events.models import Event

        query = sa.select(Event).order_by(Event.id)
        if case_id is not None:
            query = query.where(Event.case_id == case_id)
        with self.engine.connect() as conn:
            result = conn.execute(query)
            return [dict(row._mapping) for row in result]

    def case_row(self, case_id: int) -> dict[str, Any]:
        rows = self.rows("SELECT * FROM cases WHERE id = :id", id=case_id)
        assert len(rows) == 1
        return rows[0]

    def state(self, case_id: int) -> dict[str, Any]:
        """Everything a failed action must leave untouched: the case row and the counts around it."""
        return {
            "case": self.case_row(case_id),
            "events": self.count("events"),
            "messages": self.count("case_messages"),
            "reporters": self.count("case_reporters"),
            "transfers": self.count("case_transfers"),
            "cases": self.count("cases"),
        }


class DbApi(Api):
    """An Api that can also peek at the database (to learn a case's version without an HTTP round trip)."""

    def __init__(self, client: Any, token: str | None, db: Db) -> None:
        super().__init__(client, token)
        self.db = db


def version_of(api: Api, case_id: int) -> int:
    if isinstance(api, DbApi):
        version = api.db.scalar("SELECT version FROM cases WHERE id = :id", id=case_id)
        if version is not None:
            return int(version)
    return int(current(api, case_id)["version"])


def act(api: Api, case_id: int, action: str, body: dict[str, Any] | None = None, **kw: Any) -> Any:
    """POST an action with the case's current version as If-Match (unless version= is given)."""
    version = kw.pop("version", None)
    if version is None:
        version = version_of(api, case_id)
    return api.post(f"/cases/{case_id}/{action}", body or {}, version=version, **kw)


def ok(response: Any, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.text
    return response.json()


def current(api: Api, case_id: int) -> dict[str, Any]:
    return ok(api.get(f"/cases/{case_id}"))["case"]


def detail(api: Api, case_id: int) -> dict[str, Any]:
    return ok(api.get(f"/cases/{case_id}"))


def patch(api: Api, case_id: int, body: dict[str, Any]) -> Any:
    return api.patch(f"/cases/{case_id}", body, version=version_of(api, case_id))


def iso(moment: Any) -> str:
    """The API's spelling of a UTC datetime."""
    return moment.isoformat().replace("+00:00", "Z")
