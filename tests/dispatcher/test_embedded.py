"""EmbeddedServer: the real ``python -m central.cli`` as a child process in a temporary data folder."""

from __future__ import annotations

import os
import socket
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

        # Second start: the same database, migrated again (a no-op) but never seeded twice.
        again = await server.start()
        client = CentralClient(again)
        try:
            await client.login(DEMO_USER, DEMO_PASSWORD)
            assert [case.id async for page in client.iter_cases() for case in page] == first_cases
        finally:
            await client.aclose()
        log = (data_dir / "central.log").read_text()
        assert log.count("$ central seed --demo") == 1 and log.count("$ central migrate") == 2
        second_pid = server.pid
        assert second_pid is not None
        server.stop_now()  # the atexit path
        assert gone(second_pid)
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
