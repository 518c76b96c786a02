"""Fixtures of the crew tests: the HTTP fixtures of tests/central/api, live servers with the background
watch on, and a crew of ЦГМ (the seeded ``responder`` is its member) on a roster."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.central.api.conftest import as_user, db, login, user_ids  # noqa: F401  (fixtures)
from tests.central.events.live import Live, ThreadServer
from tests.support import Api


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def make_crew(admin: Api, unit: str, name: str, member_ids: list[int], shifts: list[dict[str, Any]]) -> dict:
    """A crew through the admin API, with its unit's roster replaced by ``shifts`` (crew_id filled in)."""
    crew = ok(admin.post("/admin/crews", {"unit_code": unit, "name": name, "member_ids": member_ids}), 201)
    ok(admin.put(f"/admin/roster/{unit}", {"shifts": [s | {"crew_id": crew["id"]} for s in shifts]}))
    return crew


ROUND_THE_CLOCK = [{"pattern": "daily", "starts": "08:00", "ends": "08:00"}]


class StartServer:
    """start_server(watch_seconds=..., ...) → a running server on this test's database with the background
    watch ticking that often (0: off). Each call is a separate app (engine, broker, watch), like a separate
    server process; :meth:`stop` stops one of them."""

    def __init__(self, database_url: str, clock: Any, photos: Path) -> None:
        self.database_url = database_url
        self.clock = clock
        self.photos = photos
        self.started: dict[str, tuple[ThreadServer, Live]] = {}

    def __call__(
        self, *, watch_seconds: float = 0.0, heartbeat_seconds: float = 0.5, **settings: Any
    ) -> Live:
        from central.app import create_app
        from central.config import Settings

        app = create_app(
            Settings(
                database_url=self.database_url,
                heartbeat_seconds=heartbeat_seconds,
                stream_poll_seconds=5.0,
                watch_seconds=watch_seconds,
                attachments_dir=self.photos,
                **settings,
            ),
            self.clock,
        )
        server = ThreadServer(app).start()
        live = Live(server.base_url, self.database_url)
        self.started[server.base_url] = (server, live)
        return live

    def stop(self, live: Live) -> None:
        server, _ = self.started[live.base_url]
        live.close()
        server.stop()  # idempotent


@pytest.fixture
def start_server(database_url: str, clock, tmp_path: Path) -> Iterator[StartServer]:  # type: ignore[no-untyped-def]
    servers = StartServer(database_url, clock, tmp_path / "photos")
    yield servers
    for server, live in reversed(list(servers.started.values())):
        live.close()
        server.stop()


@pytest.fixture
def live(start_server: StartServer) -> Live:
    """A server without the watch (dispatch, chat): nothing happens on its own."""
    return start_server()


@pytest.fixture
def cgm_crew(live: Live) -> dict[str, Any]:
    """ЦГМ-1 with the seeded responder, on duty round the clock."""
    admin = live.api("admin")
    responder_id = ok(live.api("responder").get("/me"))["id"]
    return make_crew(admin, "CGM", "ЦГМ-1", [responder_id], ROUND_THE_CLOCK)
