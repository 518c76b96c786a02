"""What both server benchmarks share: a throw-away PostgreSQL database, the server as a child process,
a small keep-alive HTTP/1.1 client on asyncio streams, and percentiles.

Not a test helper and not part of the product: run the scripts next to it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
import sqlalchemy as sa

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
BENCH_PASSWORD = "bench-password"


# --- interruption ----------------------------------------------------------------------------------


def exit_cleanly_on_sigterm() -> None:
    """Turn SIGTERM (and SIGHUP) into KeyboardInterrupt so that every ``finally`` still runs; and make sure
    SIGINT raises it too (a shell starting us in the background would have it ignored)."""

    def _raise(_signum: int, _frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _raise)
    with contextlib.suppress(AttributeError, ValueError):
        signal.signal(signal.SIGHUP, _raise)


def run_cleanly(run: Callable[[Any], None], args: Any) -> int:
    """``run(args)`` with SIGTERM/SIGHUP/SIGINT ending it through its ``finally`` blocks; the exit code."""
    exit_cleanly_on_sigterm()
    try:
        run(args)
    except KeyboardInterrupt:
        print("interrupted; cleaned up", file=sys.stderr)
        return 130
    return 0


# --- the database ----------------------------------------------------------------------------------


def _sqlalchemy_url(url: str) -> str:
    return (
        url.replace("postgresql://", "postgresql+psycopg://", 1) if url.startswith("postgresql://") else url
    )


def _conninfo(url: str) -> str:
    return sa.make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@contextlib.contextmanager
def temporary_database(admin_url: str, prefix: str) -> Iterator[str]:
    """CREATE a uniquely named database, yield its URL, and DROP it however the block ends."""
    name = f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(_conninfo(admin_url), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = sa.make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        # Interrupts while dropping would leave the database behind: shield this part.
        with _signals_deferred():
            with psycopg.connect(_conninfo(admin_url), autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            print(f"dropped database {name}", file=sys.stderr)


@contextlib.contextmanager
def bench_database(backend: str, pg_url: str, folder: Path, prefix: str) -> Iterator[str]:
    """A throw-away database: a SQLite file in ``folder``, or a fresh PostgreSQL database on ``pg_url``."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'central.sqlite3'}"
        return
    with temporary_database(pg_url, prefix) as url:
        yield url


@contextlib.contextmanager
def _signals_deferred() -> Iterator[None]:
    received: list[int] = []
    previous = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    for s in previous:
        signal.signal(s, lambda signum, _frame: received.append(signum))
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        if received:
            raise KeyboardInterrupt


def prepare_database(url: str, *, now: datetime) -> dict[str, Any]:
    """Migrate and seed the reference data (with the demo districts) through the product's own code,
    create the bench user (an operator) and give it a bearer token. Returns ids and the token."""
    from central.auth.service import create_user, issue_token
    from central.db import make_engine, make_sessionmaker, session_scope
    from central.migrate import upgrade
    from central.seed.loader import seed_reference

    engine = make_engine(url)
    try:
        upgrade(engine)
        with session_scope(make_sessionmaker(engine)) as session:
            seed_reference(session, demo_districts=True)
            user = create_user(session, "bench", BENCH_PASSWORD, "operator", unit_code="CC", now=now)
            issued = issue_token(session, user, now=now, ttl=timedelta(days=2))
            return {"user_id": user.id, "token": issued.token}
    finally:
        engine.dispose()


def sql_engine(url: str) -> sa.Engine:
    return sa.create_engine(_sqlalchemy_url(url))


def psycopg_connect(url: str, **kwargs: Any) -> psycopg.Connection[Any]:
    return psycopg.connect(_conninfo(url), **kwargs)


# --- the server ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _central_command() -> list[str]:
    script = Path(sys.executable).with_name("central")
    return [str(script)] if script.exists() else [sys.executable, "-m", "central.cli"]


@dataclass
class Server:
    host: str
    port: int
    pid: int  # leads the process group of the server and its workers

    def cpu_seconds(self) -> float:
        """CPU time (user + system) used so far by the live processes of the server's group."""
        return process_group_cpu_seconds(self.pid)


@contextlib.contextmanager
def running_server(database_url: str, *, workers: int, log_path: Path) -> Iterator[Server]:
    """``central serve`` in its own process group, once /health answers."""
    host, port = "127.0.0.1", free_port()
    env = dict(os.environ, CENTRAL_DATABASE_URL=database_url)
    command = [
        *_central_command(),
        "serve",
        "--host",
        host,
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--log-level",
        "warning",  # no access log line per request: we measure the API, not the logger
    ]
    log = log_path.open("wb")
    # A new session: Ctrl-C in the terminal reaches only us, and we stop the server ourselves.
    process = subprocess.Popen(
        command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, cwd=REPO_ROOT
    )
    try:
        _wait_for_health(host, port, process, log_path)
        yield Server(host, port, process.pid)
    finally:
        with _signals_deferred():
            _stop(process)
            log.close()


def _wait_for_health(host: str, port: int, process: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"central serve exited with {process.returncode}:\n{log_path.read_text()}")
        try:
            with socket.create_connection((host, port), timeout=1) as sock:
                sock.sendall(f"GET /health HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
                if sock.recv(100).startswith(b"HTTP/1.1 200"):
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("central serve did not answer /health within 60 s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    pgid = process.pid  # start_new_session: the server leads its own process group
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, signal.SIGKILL)
        process.wait(timeout=5)
    # uvicorn's worker processes share the group; make sure none outlives the supervisor.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGKILL)


def process_group_cpu_seconds(pgid: int) -> float:
    return sum(_cpu_seconds(pid) for pid in _pids() if int(_stat(pid)[2]) == pgid)


def processes_cpu_seconds(pids: list[int]) -> float:
    return sum(_cpu_seconds(pid) for pid in pids)


def _pids() -> list[int]:
    return [int(entry.name) for entry in Path("/proc").iterdir() if entry.name.isdigit()]


def _stat(pid: int) -> list[str]:
    """Fields of /proc/PID/stat after the command name: [state, ppid, pgrp, ..., utime at 11, stime at 12]."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ["", "0", "0"] + ["0"] * 12
    return text.rsplit(")", 1)[1].split()


def _cpu_seconds(pid: int) -> float:
    fields = _stat(pid)
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# --- a lean HTTP/1.1 client --------------------------------------------------------------------------


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


class HttpConnection:
    """One keep-alive connection; requests are sent one after another. Costs the load generator far
    less CPU than a general-purpose client, which matters when client and server share two cores."""

    def __init__(self, host: str, port: int, token: str) -> None:
        self.host, self.port = host, port
        self._fixed = f"Host: {host}:{port}\r\nAuthorization: Bearer {token}\r\n"
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def _connect(self) -> None:
        self._reader, self._writer = await asyncio.open_connection(self.host, self.port)

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            with contextlib.suppress(Exception):
                await self._writer.wait_closed()
            self._reader = self._writer = None

    async def request(
        self, method: str, target: str, body: bytes | None = None, headers: dict[str, str] | None = None
    ) -> Reply:
        if self._writer is None:
            await self._connect()
        assert self._reader is not None and self._writer is not None
        head = f"{method} {target} HTTP/1.1\r\n{self._fixed}"
        for name, value in (headers or {}).items():
            head += f"{name}: {value}\r\n"
        if body is not None:
            head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        self._writer.write(head.encode() + b"\r\n" + (body or b""))
        raw = await self._reader.readuntil(b"\r\n\r\n")
        lines = raw.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        reply_headers = {}
        for line in lines[1:]:
            if line:
                name, _, value = line.partition(":")
                reply_headers[name.strip().lower()] = value.strip()
        if "content-length" not in reply_headers:
            raise RuntimeError(f"no Content-Length in the answer to {method} {target}: {reply_headers}")
        payload = await self._reader.readexactly(int(reply_headers["content-length"]))
        if reply_headers.get("connection", "").lower() == "close":
            await self.close()
        return Reply(status, reply_headers, payload)


# --- figures -----------------------------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile (values need not be sorted)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(-(-fraction * len(ordered) // 1))))
    return ordered[rank - 1]


def utc_now() -> datetime:
    return datetime.now(UTC)
