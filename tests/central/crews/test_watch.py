"""The background watch on real servers: SLA warnings and breaches once per deadline (across restarts), with
escalation to the lead; one leader among several server processes (PostgreSQL); presence and its expiry."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from central.clock import FrozenClock
from tests.central.crews.conftest import StartServer, ok
from tests.central.events.live import Live, db_events, newest_event_id
from tests.live_server import wait_for_health
from tests.support import REPO_ROOT

CENTRE = {"lat": 42.6876, "lon": 23.3357}
TICK = 0.1


def _sla_events(database_url: str, case_id: int) -> list[str]:
    kinds = ("case.sla_warning", "case.sla_breached")
    return [r.type for r in db_events(database_url) if r.case_id == case_id and r.type in kinds]


def _wait(condition, timeout: float = 5.0, what: str = "the condition") -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen within {timeout} s")
        time.sleep(0.05)


def test_warning_and_breach_once_per_deadline_with_escalation(
    start_server: StartServer, clock: FrozenClock
) -> None:
    live = start_server(watch_seconds=TICK, token_ttl_hours=1000)
    operator, lead = live.api("operator"), live.api("lead")
    case = operator.create_case(category_id=5, **CENTRE)  # ЦГМ, 24/7: 24 h to resolve, due tomorrow 08:00Z
    paused = operator.create_case(category_id=5, **CENTRE)
    ok(operator.post(f"/cases/{paused['id']}/pause", {"reason": "чакаме КАТ"}, version=paused["version"]))
    before = newest_event_id(live.database_url)
    with live.stream("cgm", last_event_id=before) as stream:
        assert stream.next().event == "stream.ready"
        clock.advance(timedelta(hours=19))  # 79 % of the time: nothing yet
        time.sleep(5 * TICK)
        assert _sla_events(live.database_url, case["id"]) == []
        clock.advance(timedelta(minutes=13))  # 80 % passed (19 h 12 min)
        warning = stream.next()
        assert warning.event == "case.sla_warning" and warning.data["case_id"] == case["id"]
        assert warning.data["data"]["due_at"] == "2026-12-03T08:00:00+00:00"
        assert warning.data["data"]["case"]["sla_state"] == "due_soon"
        assert warning.data["actor_user_id"] is None

        clock.advance(timedelta(hours=5))  # past the deadline
        breached, escalated = stream.next(), stream.next()
        assert (breached.event, escalated.event) == ("case.sla_breached", "case.escalated")
        assert breached.data["data"]["changes"] == {"needs_lead": [False, True]}
        assert escalated.data["data"]["reason"] == "sla_breached"
        assert escalated.data["data"]["lead"] == "lead"  # the owner unit has no lead of its own: the 24/7 one
    now_case = ok(lead.get(f"/cases/{case['id']}"))["case"]
    assert (now_case["needs_lead"], now_case["version"], now_case["sla_state"]) == (
        True,
        case["version"] + 1,
        "overdue",
    )
    assert [c["id"] for c in ok(lead.get("/cases", needs_lead="true"))["items"]] == [case["id"]]
    assert _sla_events(live.database_url, paused["id"]) == []  # a paused clock warns of nothing

    # A restart (another process, the same database) announces nothing again.
    server_events = len(db_events(live.database_url))
    again = start_server(watch_seconds=TICK, token_ttl_hours=1000)
    ok(again.api("lead").get("/me"))
    time.sleep(10 * TICK)
    assert _sla_events(live.database_url, case["id"]) == ["case.sla_warning", "case.sla_breached"]
    assert len(db_events(live.database_url)) == server_events

    # A new deadline re-arms both: a higher priority counts 4 h from creation, long passed by now.
    patched = ok(
        again.api("operator").patch(f"/cases/{case['id']}", {"priority": "high"}, version=now_case["version"])
    )
    assert patched["due_at"] == "2026-12-02T12:00:00Z"
    _wait(
        lambda: len(_sla_events(live.database_url, case["id"])) == 4, what="the new deadline's announcements"
    )
    assert _sla_events(live.database_url, case["id"]) == ["case.sla_warning", "case.sla_breached"] * 2


def test_bounced_back_and_forth_escalates_to_the_lead(live: Live) -> None:
    operator = live.api("operator")
    case = operator.create_case(category_id=5, **CENTRE)
    version = case["version"]
    for unit in ("SI", "CGM", "SI", "CGM"):
        moved = ok(
            operator.post(
                f"/cases/{case['id']}/transfer",
                {"unit_code": unit, "reason_code": "not_competent"},
                version=version,
            )
        )
        version = moved["version"]
    types = [r.type for r in db_events(live.database_url) if r.case_id == case["id"]]
    assert types.count("case.escalated") == 1  # when it first needed a lead
    assert moved["needs_lead"] is True


def test_presence_arrives_changes_leaves_and_expires(start_server: StartServer, clock: FrozenClock) -> None:
    live = start_server(watch_seconds=TICK, presence_ttl_seconds=60.0)
    operator, operator2, mladost = live.api("operator"), live.api("operator2"), live.api("mladost")
    case = operator.create_case(category_id=5, **CENTRE)  # ЦГМ's: Младост's staff may not see it
    before = newest_event_id(live.database_url)
    with (
        live.stream("operator2", last_event_id=before) as stream,
        live.stream("mladost", last_event_id=before) as other,
    ):
        assert stream.next().event == other.next().event == "stream.ready"
        present = ok(operator.post(f"/cases/{case['id']}/presence", {"mode": "viewing"}))
        assert [(p["username"], p["mode"]) for p in present] == [("operator", "viewing")]
        arrived = stream.next()
        assert arrived.event == "presence.changed"
        assert (arrived.data["data"]["reason"], arrived.data["data"]["user"]["username"]) == (
            "arrived",
            "operator",
        )

        clock.advance(timedelta(seconds=20))
        ok(operator.post(f"/cases/{case['id']}/presence", {"mode": "viewing"}))  # a heartbeat: no news
        ok(operator.post(f"/cases/{case['id']}/presence", {"mode": "editing"}))
        changed = stream.next()
        assert (changed.data["data"]["reason"], changed.data["data"]["mode"]) == ("mode_changed", "editing")
        both = ok(operator2.post(f"/cases/{case['id']}/presence", {"mode": "viewing"}))
        assert [(p["username"], p["mode"]) for p in both] == [
            ("operator", "editing"),
            ("operator2", "viewing"),
        ]
        assert stream.next().data["data"]["reason"] == "arrived"
        assert [p["username"] for p in ok(operator2.get("/presence"))] == ["operator", "operator2"]
        assert ok(mladost.get("/presence")) == []
        assert mladost.post(f"/cases/{case['id']}/presence", {"mode": "viewing"}).status_code == 403

        assert (
            operator2.client.delete(
                f"/api/v1/cases/{case['id']}/presence", headers=operator2.headers()
            ).status_code
            == 204
        )
        left = stream.next()
        assert (left.data["data"]["reason"], left.data["data"]["present"][0]["username"]) == (
            "left",
            "operator",
        )

        clock.advance(timedelta(seconds=61))  # operator's console went silent
        assert ok(operator2.get(f"/cases/{case['id']}/presence")) == []  # at once, whatever the watch does
        expired = stream.next()
        assert (expired.data["data"]["reason"], expired.data["data"]["user"]["username"]) == (
            "expired",
            "operator",
        )
        assert expired.data["data"]["present"] == []
        assert [e for e in other.drain(quiet=0.6) if e.event == "presence.changed"] == []


# --- several server processes (PostgreSQL) --------------------------------------------------------------


@pytest.fixture
def postgres_only(backend: str) -> None:
    if backend != "postgresql":
        pytest.skip("several server processes share a database only on PostgreSQL")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _role(base_url: str) -> str:
    return httpx.get(f"{base_url}/health", timeout=5.0).json()["watch"]


@pytest.mark.usefixtures("postgres_only")
def test_two_servers_one_watcher_and_each_deadline_announced_once(
    start_server: StartServer, clock: FrozenClock
) -> None:
    first, second = (start_server(watch_seconds=TICK, token_ttl_hours=1000) for _ in range(2))
    _wait(lambda: {_role(first.base_url), _role(second.base_url)} == {"leader", "standby"}, what="one leader")
    case = first.api("operator").create_case(category_id=5, **CENTRE)
    clock.advance(timedelta(hours=25))
    _wait(lambda: len(_sla_events(first.database_url, case["id"])) == 2, what="the announcements")
    time.sleep(10 * TICK)  # both servers ticked many times meanwhile
    assert _sla_events(first.database_url, case["id"]) == ["case.sla_warning", "case.sla_breached"]
    escalations = [r for r in db_events(first.database_url) if r.type == "case.escalated"]
    assert len(escalations) == 1


@pytest.mark.usefixtures("postgres_only")
def test_when_the_leading_process_stops_another_takes_over(
    start_server: StartServer, database_url: str, tmp_path: Path
) -> None:
    """`central serve` as a real child process next to an in-process server: one leads; stop the leader
    and the other leads within a few ticks."""
    inside = start_server(watch_seconds=TICK)
    port = _free_port()
    script = REPO_ROOT / ".venv" / "bin" / "central"
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(
        [
            str(script) if script.exists() else "central",
            "serve",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        env=dict(os.environ, CENTRAL_DATABASE_URL=database_url, CENTRAL_WATCH_SECONDS=str(TICK)),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    outside = f"http://127.0.0.1:{port}"
    try:
        wait_for_health(outside, alive=lambda: process.poll() is None)
        _wait(lambda: {_role(inside.base_url), _role(outside)} == {"leader", "standby"}, what="one leader")
        if _role(outside) == "leader":
            process.terminate()
            process.wait(timeout=10)
            _wait(lambda: _role(inside.base_url) == "leader", what="the in-process server taking over")
        else:
            start_server.stop(inside)  # its watch resigns: the lock's connection closes
            _wait(lambda: _role(outside) == "leader", what="the child process taking over")
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=10)
        log.close()
