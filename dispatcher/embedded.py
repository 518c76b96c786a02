"""The embedded default: the central API as a child process on 127.0.0.1, with SQLite and demo data.

A process, never an import: the console and the server share only the HTTP contract. Every blocking step
(migrations, seeding, waiting for the process to end) runs in the loop's executor, so the GUI thread
never blocks.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import logging
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

import httpx
import platformdirs

log = logging.getLogger(__name__)

# The demo database's users (seeded by `central seed --demo`; documented in the README).
DEMO_USER = "operator"
DEMO_PASSWORD = "demo"
# The demo's responders, one per crew (seeded with the demo roster): the simulator drives each crew as its
# own member, so chat answers come from the crew, as they would from the crews' app.
DEMO_RESPONDERS = ("responder", "si_crew2", "cgm_crew1", "cgm_crew2", "oz_crew1", "cc_crew1")
SIMULATOR_INTERVAL = 3.0  # seconds between the simulated crews' steps

APP_NAME = "callsofia-dispatcher"
DB_NAME = "central.sqlite3"
LOG_NAME = "central.log"
SEED_MARKER = "demo-seeded"  # written once `seed --demo` succeeded: never seed the same database twice
STARTUP_TIMEOUT = 60.0
_STEP_TIMEOUT = 300.0  # migrate / seed
_PORT_ATTEMPTS = 3  # a free port can be taken between our probe and the server's bind
_LOG_LIMIT = 5_000_000  # bytes; the log is appended to across runs


class EmbeddedServerError(RuntimeError):
    """The embedded server could not be prepared or started; the message says why (with the log tail)."""


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "embedded"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class EmbeddedServer:
    def __init__(
        self,
        data_dir: Path | None = None,
        *,
        python: str = sys.executable,
        port: int | None = None,
        demo_cases: int | None = None,
        startup_timeout: float = STARTUP_TIMEOUT,
    ) -> None:
        self.data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
        self._python = python
        self._port = port
        self._demo_cases = demo_cases
        self._startup_timeout = startup_timeout
        self._process: subprocess.Popen[bytes] | None = None
        self._simulator: subprocess.Popen[bytes] | None = None
        self._log_file: IO[bytes] | None = None
        self._base_url: str | None = None

    @property
    def base_url(self) -> str | None:
        return self._base_url

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    @property
    def log_path(self) -> Path:
        return self.data_dir / LOG_NAME

    @property
    def database_url(self) -> str:
        return f"sqlite:///{self.data_dir / DB_NAME}"

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    async def start(self) -> str:
        """Prepare the database (first time: demo data), start the server, wait for /health; the base URL."""
        if self.running:
            assert self._base_url is not None
            return self._base_url
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, self._prepare)
        for attempt in range(1, _PORT_ATTEMPTS + 1):
            port = self._port or _free_port()
            base_url = f"http://127.0.0.1:{port}"
            await loop.run_in_executor(None, self._spawn, port)
            try:
                await self._wait_healthy(base_url)
            except EmbeddedServerError as error:
                await self.stop()
                taken = "address already in use" in str(error).lower()
                if self._port is None and taken and attempt < _PORT_ATTEMPTS:
                    log.info("port %d was taken meanwhile; trying another", port)
                    continue
                raise
            self._base_url = base_url
            atexit.register(self.stop_now)
            log.info("embedded server running at %s (pid %s)", base_url, self.pid)
            return base_url
        raise AssertionError("unreachable")  # the loop either returns or raises

    async def start_crew_simulator(self) -> None:
        """Demo crews that move, report and answer chat (``central simulate-crews`` as the demo's
        responders, a child process writing to the server's log); it stops with the server."""
        if self._base_url is None:
            raise EmbeddedServerError("start the embedded server before its crew simulator")
        if self._simulator is not None and self._simulator.poll() is None:
            return
        await asyncio.get_running_loop().run_in_executor(None, self._spawn_simulator, self._base_url)

    @property
    def simulating(self) -> bool:
        return self._simulator is not None and self._simulator.poll() is None

    @property
    def simulator_pid(self) -> int | None:
        return self._simulator.pid if self._simulator is not None else None

    async def stop(self) -> None:
        """Terminate the crew simulator and the server (kill them if they do not end within 10 s)."""
        await asyncio.get_running_loop().run_in_executor(None, self.stop_now)

    def stop_now(self) -> None:
        """The same, synchronously (for atexit)."""
        if self._simulator is not None:
            self._end(self._simulator)
            self._simulator = None
        process = self._process
        if process is None:
            return
        self._end(process)
        self._forget()

    # --- steps ---------------------------------------------------------------------------------------

    def _env(self) -> dict[str, str]:
        return dict(os.environ, CENTRAL_DATABASE_URL=self.database_url, PYTHONUNBUFFERED="1")

    def _prepare(self) -> None:
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            if not self.data_dir.is_dir():
                raise NotADirectoryError(f"{self.data_dir} is not a folder")
            marker = self.data_dir / SEED_MARKER
            if marker.exists() and not (self.data_dir / DB_NAME).exists():
                marker.unlink()  # the database was deleted: seed the new one
            if self.log_path.exists() and self.log_path.stat().st_size > _LOG_LIMIT:
                self.log_path.replace(self.log_path.with_suffix(".log.1"))  # one old log is enough
        except OSError as error:
            raise EmbeddedServerError(
                f"cannot use {self.data_dir} as the embedded server's data folder: {error.strerror or error}"
            ) from error
        self._run_step("migrate")
        if not marker.exists():
            seed = ["seed", "--demo"]
            if self._demo_cases is not None:
                seed += ["--cases", str(self._demo_cases)]
            self._run_step(*seed)
            marker.write_text("seeded by the console on first start; delete with the database\n")

    def _command(self, *args: str) -> list[str]:
        return [self._python, "-m", "central.cli", *args]

    def _run_step(self, *args: str) -> None:
        try:
            with open(self.log_path, "ab") as log_file:
                log_file.write(f"\n$ central {' '.join(args)}\n".encode())
                log_file.flush()
                result = subprocess.run(
                    self._command(*args),
                    stdin=subprocess.DEVNULL,
                    stdout=log_file,
                    stderr=subprocess.STDOUT,
                    env=self._env(),
                    timeout=_STEP_TIMEOUT,
                    check=False,
                )
        except (OSError, subprocess.TimeoutExpired) as error:
            raise EmbeddedServerError(f"`central {' '.join(args)}` could not run: {error}") from error
        if result.returncode != 0:
            raise EmbeddedServerError(
                f"`central {' '.join(args)}` failed (exit {result.returncode}):\n{self._log_tail()}"
            )

    def _spawn(self, port: int) -> None:
        try:
            self._log_file = open(self.log_path, "ab")  # noqa: SIM115 - lives as long as the process
            self._log_file.write(f"\n$ central serve --port {port}\n".encode())
            self._log_file.flush()
            self._process = subprocess.Popen(
                self._command("serve", "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"),
                stdin=subprocess.DEVNULL,
                stdout=self._log_file,
                stderr=subprocess.STDOUT,
                env=self._env(),
            )
        except OSError as error:
            self._forget()
            raise EmbeddedServerError(f"the embedded server could not be started: {error}") from error

    def _spawn_simulator(self, base_url: str) -> None:
        users = [arg for user in DEMO_RESPONDERS for arg in ("--user", user)]
        command = self._command(
            "simulate-crews", "--server", base_url, *users, "--interval", str(SIMULATOR_INTERVAL)
        )
        try:
            log_file = self._log_file or open(self.log_path, "ab")  # noqa: SIM115 - closed by _forget
            self._log_file = log_file
            log_file.write(b"\n$ central simulate-crews\n")
            log_file.flush()
            # The password goes on standard input, never on the command line (`ps` shows that to all).
            self._simulator = subprocess.Popen(
                command, stdin=subprocess.PIPE, stdout=log_file, stderr=subprocess.STDOUT, env=self._env()
            )
            assert self._simulator.stdin is not None
            self._simulator.stdin.write(f"{DEMO_PASSWORD}\n".encode())
            self._simulator.stdin.close()
        except OSError as error:
            raise EmbeddedServerError(f"the crew simulator could not be started: {error}") from error
        log.info("demo crew simulator running (pid %s)", self._simulator.pid)

    async def _wait_healthy(self, base_url: str) -> None:
        deadline = time.monotonic() + self._startup_timeout
        async with httpx.AsyncClient(timeout=2.0) as http:
            while True:
                process = self._process
                if process is None or process.poll() is not None:
                    code = process.returncode if process is not None else "?"
                    raise EmbeddedServerError(
                        f"the embedded server stopped while starting (exit {code}):\n{self._log_tail()}"
                    )
                with contextlib.suppress(httpx.HTTPError):
                    if (await http.get(f"{base_url}/health")).status_code == 200:
                        return
                if time.monotonic() > deadline:
                    raise EmbeddedServerError(
                        f"the embedded server did not answer within {self._startup_timeout:.0f} s:\n"
                        f"{self._log_tail()}"
                    )
                await asyncio.sleep(0.1)

    @staticmethod
    def _end(process: subprocess.Popen[bytes]) -> None:
        if process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            log.warning("the embedded server did not stop within 10 s; killing it")
            process.kill()
            process.wait(timeout=10)

    def _forget(self) -> None:
        self._process = None
        self._base_url = None
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None
        atexit.unregister(self.stop_now)

    def _log_tail(self, lines: int = 20) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])
