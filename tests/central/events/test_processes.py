"""Several server processes on one PostgreSQL database: new events wake streams through LISTEN/NOTIFY."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from tests.central.events.conftest import StartServer
from tests.central.events.live import Live
from tests.live_server import wait_for_health
from tests.support import DEMO_PASSWORD, REPO_ROOT, Api


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _central() -> list[str]:
    script = REPO_ROOT / ".venv" / "bin" / "central"
    return [str(script)] if script.exists() else ["central"]


@pytest.fixture
def postgres_only(backend: str) -> None:
    if backend != "postgresql":
        pytest.skip("several server processes share a database only on PostgreSQL (LISTEN/NOTIFY)")


@pytest.fixture
def subprocess_server(postgres_only, database_url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    """``central serve`` as a real child process on the same database (its own engine and broker)."""
    port = _free_port()
    log = (tmp_path / "serve.log").open("w")
    env = dict(os.environ, CENTRAL_DATABASE_URL=database_url, CENTRAL_HEARTBEAT_SECONDS="30")
    process = subprocess.Popen(
        [*_central(), "serve", "--port", str(port), "--log-level", "warning"],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_for_health(base_url, alive=lambda: process.poll() is None)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        log.close()


def _api(base_url: str, username: str, client: httpx.Client) -> Api:
    response = client.post(
        f"{base_url}/api/v1/auth/token", json={"username": username, "password": DEMO_PASSWORD}
    )
    assert response.status_code == 200, response.text
    return Api(httpx.Client(base_url=base_url, timeout=10.0), response.json()["access_token"])


def test_case_created_through_another_process_wakes_the_stream(
    quiet_live: Live, subprocess_server: str
) -> None:
    # quiet_live re-polls only every 5 s and beats every 30 s: under a second means NOTIFY woke it.
    with httpx.Client(timeout=10.0) as client:
        other = _api(subprocess_server, "operator2", client)
        try:
            with quiet_live.stream("operator") as stream:
                assert stream.next().event == "stream.ready"
                for n in range(3):
                    case = other.create_case(description=f"През друг процес {n}")
                    committed = time.monotonic()
                    event = stream.next(timeout=4.0)
                    assert event.data["case_id"] == case["id"]
                    assert event.at - committed < 1.0, f"case {n} took {event.at - committed:.2f} s"
        finally:
            other.client.close()


def test_two_apps_in_one_process_wake_each_other(postgres_only, start_server: StartServer) -> None:
    """Two create_app instances = two engines and two brokers: only NOTIFY connects them."""
    server_a = start_server(heartbeat_seconds=30.0, stream_poll_seconds=5.0)
    server_b = start_server(heartbeat_seconds=30.0, stream_poll_seconds=5.0)
    writer_a, writer_b = server_a.api("operator2"), server_b.api("operator2")
    with server_a.stream("operator") as on_a, server_b.stream("lead") as on_b:
        assert on_a.next().event == on_b.next().event == "stream.ready"
        for writer, far, near in ((writer_b, on_a, on_b), (writer_a, on_b, on_a)):
            case = writer.create_case(description="Сигнал от съседния сървър")
            committed = time.monotonic()
            event = far.next(timeout=4.0)
            assert event.data["case_id"] == case["id"]
            assert event.at - committed < 1.0, f"took {event.at - committed:.2f} s"
            assert near.next().data["case_id"] == case["id"]  # and the writer's own server, of course
