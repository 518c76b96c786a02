"""EmbeddedServer: the real ``python -m central.cli`` as a child process in a temporary data folder."""

from __future__ import annotations

import asyncio
import os
import socket
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path

import pytest

from dispatcher.client import CentralClient
from dispatcher.embedded import DEMO_PASSWORD, DEMO_USER, SEED_MARKER, EmbeddedServer, EmbeddedServerError

DEMO_CASES = 5  # the default (300) takes seconds longer to seed and proves nothing more here


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


async def test_start_log_in_restart_without_reseeding_and_stop(tmp_path: Path) -> None:
    data_dir = tmp_path / "embedded"
    server = EmbeddedServer(data_dir, demo_cases=DEMO_CASES)
    try:
        base_url = await server.start()
        assert server.running and server.base_url == base_url and base_url.startswith("http://127.0.0.1:")
        assert (data_dir / "central.sqlite3").is_file() and (data_dir / SEED_MARKER).is_file()

        client = CentralClient(base_url)
        try:
            assert await client.health()
            session = await client.login(DEMO_USER, DEMO_PASSWORD)
            assert session.user.username == "operator"
            first_cases = [case.id async for page in client.iter_cases() for case in page]
            assert len(first_cases) == DEMO_CASES
        finally:
            await client.aclose()

        pid = server.pid
        assert pid is not None
        await server.stop()
        assert not server.running and server.base_url is None and gone(pid)

        # Second start: the same database, migrated again (a no-op) but never seeded twice; this time with
        # the demo crews driven by the simulator (a child process of its own, ended with the server).
        again = await server.start()
        await server.start_crew_simulator()
        simulator_pid = server.simulator_pid
        client = CentralClient(again)
        try:
            await client.login(DEMO_USER, DEMO_PASSWORD)
            assert [case.id async for page in client.iter_cases() for case in page] == first_cases
            before = {crew.id: crew.position_at for crew in await client.list_crews()}
            moved = await until_async(
                lambda: _crews_moved(client, before), timeout=45, what="a simulated crew to report a position"
            )
            assert moved
        finally:
            await client.aclose()
        assert server.simulating and simulator_pid is not None
        log = (data_dir / "central.log").read_text()
        assert log.count("$ central seed --demo") == 1 and log.count("$ central migrate") == 2
        second_pid = server.pid
        assert second_pid is not None
        server.stop_now()  # the atexit path
        assert gone(second_pid) and gone(simulator_pid) and not server.simulating
    finally:
        await server.stop()


async def test_a_server_that_dies_while_starting_reports_its_log(tmp_path: Path) -> None:
    with socket.socket() as taken:  # someone else holds the port we insist on
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        # A data folder seeded earlier (marker present) keeps this test quick: no demo data needed to fail.
        data_dir = tmp_path / "embedded"
        data_dir.mkdir()
        (data_dir / "central.sqlite3").touch()
        (data_dir / SEED_MARKER).touch()
        server = EmbeddedServer(data_dir, port=port)
        with pytest.raises(EmbeddedServerError) as error:
            await server.start()
    assert "stopped while starting" in str(error.value)
    assert "address already in use" in str(error.value).lower()  # the log tail says why
    assert not server.running


async def test_a_file_where_the_data_folder_should_be_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "embedded"
    blocker.write_text("not a folder")
    with pytest.raises(EmbeddedServerError) as error:
        await EmbeddedServer(blocker).start()
    assert str(blocker) in str(error.value) and "data folder" in str(error.value)
    with pytest.raises(EmbeddedServerError):
        await EmbeddedServer(blocker / "inside").start()  # a file in the way further up


async def _crews_moved(client: CentralClient, before: dict[int, datetime | None]) -> bool:
    """Some crew reported a newer position than ``before`` held."""
    for crew in await client.list_crews():
        earlier = before.get(crew.id)
        if crew.position_at is not None and (earlier is None or crew.position_at > earlier):
            return True
    return False


async def until_async(check: Callable[[], Awaitable[bool]], *, timeout: float, what: str) -> bool:
    deadline = asyncio.get_running_loop().time() + timeout
    while not await check():
        assert asyncio.get_running_loop().time() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.5)
    return True
