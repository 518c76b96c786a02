"""Benchmark: crews' positions and chat messages delivered live to the consoles, and the server's CPU.

    .venv/bin/python bench/crew_delivery.py [--seconds 60] [--crews 200] [--interval 5] [--consoles 10]
                                            [--chat-rate 2] [--chat-cases 5] [--backend sqlite|postgresql]

1. makes a throw-away database (a SQLite file like the embedded default, or PostgreSQL with
   ``--backend postgresql``), migrates it and seeds the reference data (demo districts); creates
   ``--crews`` responders (one per crew) and ``--consoles`` console users (operators and leads in turn),
   each with a bearer token; imports a roster that makes one crew of each responder, on duty around the
   clock, spread over five field units (``import_roster``, what ``central import-roster`` runs);
2. starts ``central serve`` (one worker; ``--workers`` with PostgreSQL) and connects the consoles: one
   ``dispatcher.events.EventStream`` each, over its own ``CentralClient``, as the console does; files
   ``--chat-cases`` cases and a lead dispatches a crew of the owner unit to each;
3. for ``--seconds``: every crew's phone (its own keep-alive connection, its responder's token) posts a
   position every ``--interval`` seconds, at a random phase; the dispatched crews post crew-chat
   messages, ``--chat-rate`` per second in all;
4. prints, for ``crew.position`` and ``message.posted``, the time from the moment the sender wrote its
   request to the moment each console's stream delivered the event (p50/p95/p99/max over every
   console), beside the senders' HTTP round trips; the server's CPU (average and peak one-second
   share of one core); this process's CPU and event-loop lag (it is the load generator *and* the
   consoles, on the same two cores). Goal: p99 ≤ 200 ms for both.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import os
import random
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent))

# Setup only: nobody logs in with a password (every token is issued directly), so hashing 200+ passwords
# with the full Argon2 cost would only slow the start. Set before central.auth is imported.
os.environ.setdefault("CENTRAL_FAST_PASSWORD_HASH", "1")

from _support import (
    DEFAULT_PG_URL,
    HttpConnection,
    Reply,
    Server,
    bench_database,
    percentile,
    prepare_database,
    run_cleanly,
    running_server,
    utc_now,
)

from dispatcher.client import CentralClient
from dispatcher.events import EventStream
from dispatcher.models import Event

TARGET_P99_MS = 200.0
REQUEST_TIMEOUT = 40.0  # seconds; above SQLite's 30 s busy timeout, so a refusal shows as the server's 500
# Field units that get crews, and categories whose cases the seed routes to them (checked at run time).
CREW_UNITS = ("SI", "CGM", "SV", "EKO", "LIGHT")
CHAT_CATEGORIES = (1, 5, 2)  # cleanliness → SI, parking → CGM, water → SV
SOFIA = (42.6977, 23.3219)


@dataclass(frozen=True)
class CrewLogin:
    crew_id: int
    unit_code: str
    token: str  # of the crew's responder: the phone reports for its own crew


@dataclass(frozen=True)
class Setup:
    operator_token: str  # files the chat cases
    lead_token: str  # dispatches crews to them
    consoles: list[tuple[str, str]]  # (role, token)
    crews: list[CrewLogin]


@dataclass
class Flow:
    """One kind of message: when each was sent, and when each console got it."""

    name: str
    sent: dict[object, float] = field(default_factory=dict)  # key → perf_counter when the request was written
    http_ms: list[float] = field(default_factory=list)  # the sender's round trip
    failed: int = 0  # requests the server refused
    reconnects: int = 0  # requests sent again on a new connection (see post())
    skipped: int = 0  # not sent: the sender was still waiting for an earlier answer
    delivered_ms: list[float] = field(default_factory=list)  # one per (message, console)

    def refused(self, what: str) -> None:
        self.failed += 1
        if self.failed <= 3:  # the first few say what went wrong; the count is in the report
            print(what, file=sys.stderr)

    def arrived(self, key: object, now: float) -> None:
        # Other events of the kind (the dispatch note, a refused send's) are not ours to time. A send is
        # stamped before its request is written, so its event can never arrive unstamped.
        started = self.sent.get(key)
        if started is not None:
            self.delivered_ms.append((now - started) * 1000)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="how long the crews report")
    parser.add_argument("--crews", type=int, default=200)
    parser.add_argument("--interval", type=float, default=5.0, help="seconds between a crew's positions")
    parser.add_argument("--consoles", type=int, default=10)
    parser.add_argument("--chat-rate", type=float, default=2.0, help="crew chat messages per second in all")
    parser.add_argument("--chat-cases", type=int, default=5, help="dispatched cases the crews chat on")
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--pg-url", default=DEFAULT_PG_URL, help="an admin URL; a new database is made")
    parser.add_argument("--workers", type=int, default=1, help="server processes (PostgreSQL only)")
    parser.add_argument("--grace", type=float, default=10.0, help="seconds to wait for late deliveries")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    if args.backend == "sqlite" and args.workers != 1:
        # SQLite has no LISTEN/NOTIFY: a stream in one worker would hear of another's commits only by polling.
        parser.error("--workers > 1 needs --backend postgresql")
    if args.chat_cases > args.crews:
        parser.error("--chat-cases cannot exceed --crews")
    return run_cleanly(run, args)


def run(args: argparse.Namespace) -> None:
    with (
        tempfile.TemporaryDirectory() as tmp,
        bench_database(args.backend, args.pg_url, Path(tmp), "cs_bench_crews") as url,
    ):
        started = time.perf_counter()
        setup = prepare(url, args.crews, args.consoles, Path(tmp))
        print(
            f"{args.backend}: {len(setup.crews)} crews with a responder each, {len(setup.consoles)} console "
            f"users, in {time.perf_counter() - started:.0f} s",
            file=sys.stderr,
        )
        log_path = Path(tmp) / "server.log"
        try:
            with running_server(url, workers=args.workers, log_path=log_path) as server:
                asyncio.run(measure(server, setup, args))
        finally:
            print_server_errors(log_path)  # the log goes with the temporary folder


def print_server_errors(log_path: Path) -> None:
    """The server's own words about refusals, if it logged any."""
    if not log_path.exists():
        return
    errors = [line for line in log_path.read_text(errors="replace").splitlines() if "Error" in line]
    if errors:
        print(f"\nserver log: {len(errors)} error lines, the last ones:", file=sys.stderr)
        print("\n".join(errors[-5:]), file=sys.stderr)


# --- the data ----------------------------------------------------------------------------------------


def prepare(url: str, crews: int, consoles: int, folder: Path) -> Setup:
    """Users, tokens and crews, through the product's own code, before the server starts."""
    from central.auth.service import create_user, issue_token
    from central.crews.models import Crew
    from central.crews.service import import_roster
    from central.db import make_engine, make_sessionmaker, session_scope

    now = utc_now()
    ttl = timedelta(days=1)
    bench = prepare_database(url, now=now)  # schema, reference data, the "bench" operator
    engine = make_engine(url)
    try:
        sessions = make_sessionmaker(engine)
        with session_scope(sessions) as session:
            console_logins = []
            for i in range(consoles):
                role = "lead" if i % 2 else "operator"
                user = create_user(
                    session, f"console{i + 1:02d}", "bench-password", role, unit_code="CC", now=now
                )
                console_logins.append((role, issue_token(session, user, now=now, ttl=ttl).token))
            lead = create_user(session, "bench-lead", "bench-password", "lead", unit_code="CC", now=now)
            lead_token = issue_token(session, lead, now=now, ttl=ttl).token
            # One responder per crew; the roster file names them as the crews' members.
            roster_path = folder / "roster.csv"
            tokens: dict[str, str] = {}
            with roster_path.open("w", newline="", encoding="utf-8") as out:
                writer = csv.writer(out)
                writer.writerow(("unit_code", "crew", "pattern", "starts", "ends", "members", "note"))
                for i in range(crews):
                    unit = CREW_UNITS[i % len(CREW_UNITS)]
                    username, crew_name = f"crew{i + 1:03d}", f"Екип {i + 1:03d}"
                    user = create_user(
                        session, username, "bench-password", "responder", unit_code=unit, now=now
                    )
                    tokens[crew_name] = issue_token(session, user, now=now, ttl=ttl).token
                    # 00:00–00:00 is a 24-hour shift every day: all crews are on duty and dispatchable.
                    writer.writerow((unit, crew_name, "daily", "00:00", "00:00", username, "бенчмарк"))
            import_roster(session, roster_path, now)
            crew_logins = [
                CrewLogin(crew.id, crew.unit_code, tokens[crew.name])
                for crew in session.scalars(sa.select(Crew).order_by(Crew.id))
            ]
    finally:
        engine.dispose()
    return Setup(bench["token"], lead_token, console_logins, crew_logins)


# --- the run -----------------------------------------------------------------------------------------


async def measure(server: Server, setup: Setup, args: argparse.Namespace) -> None:
    """Run the load and print the figures."""
    base_url = f"http://{server.host}:{server.port}"
    rng = random.Random(args.seed)
    positions = Flow("crew.position")
    chats = Flow("message.posted")

    def listener(event: Event) -> None:
        now = time.perf_counter()  # first thing: the arrival is this moment, not after our bookkeeping
        if event.type == "crew.position":
            positions.arrived((event.data["crew_id"], datetime.fromisoformat(event.data["at"])), now)
        elif event.type == "message.posted":
            chats.arrived(event.data["message"]["body"], now)

    clients = [CentralClient(base_url, token=token) for _role, token in setup.consoles]
    streams = [EventStream(client) for client in clients]
    for stream in streams:
        stream.add_event_listener(listener)
    stream_tasks = [asyncio.ensure_future(stream.run()) for stream in streams]
    connections: list[HttpConnection] = []
    try:
        for stream in streams:
            if not await stream.wait_ready(timeout=30):
                raise RuntimeError(f"a console's event stream did not connect: {stream.error}")
        chat_crews = await dispatch_chat_cases(base_url, setup, args.chat_cases)

        crews_conns = [(c, HttpConnection(server.host, server.port, c.token)) for c in setup.crews]
        chat_conns = [
            (case_id, HttpConnection(server.host, server.port, c.token)) for case_id, c in chat_crews
        ]
        connections += [conn for _c, conn in crews_conns] + [conn for _c, conn in chat_conns]

        loop = asyncio.get_running_loop()
        start = loop.time() + 1.0
        end = start + args.seconds
        lag_ms: list[float] = []
        cpu_samples: list[float] = []
        stop = asyncio.Event()
        samplers = [
            asyncio.ensure_future(watch_loop_lag(lag_ms, stop)),
            asyncio.ensure_future(sample_cpu(server, cpu_samples, stop)),
        ]
        load_before = os.getloadavg()
        server_cpu0, own_cpu0, wall0 = server.cpu_seconds(), time.process_time(), time.perf_counter()
        senders = [
            send_positions(
                crew, conn, start + rng.uniform(0, args.interval), end, args.interval, positions, rng
            )
            for crew, conn in crews_conns
        ]
        senders.append(send_chat(chat_conns, start, end, args.chat_rate, chats))
        await asyncio.gather(*senders)
        wall = time.perf_counter() - wall0
        server_cpu, own_cpu = server.cpu_seconds() - server_cpu0, time.process_time() - own_cpu0
        load_after = os.getloadavg()
        stop.set()
        await asyncio.gather(*samplers)

        # Wait for the stragglers: every accepted message should reach every console.
        deadline = loop.time() + args.grace
        expected = {f.name: len(f.sent) * len(streams) for f in (positions, chats)}
        while loop.time() < deadline and any(
            len(f.delivered_ms) < expected[f.name] for f in (positions, chats)
        ):
            await asyncio.sleep(0.1)

        report(args, setup, positions, chats, expected)
        print()
        print(
            f"server CPU: {server_cpu / wall * 100:.0f} % of one core on average over {wall:.0f} s "
            f"(peak one-second sample {max(cpu_samples, default=0):.0f} %; the machine has "
            f"{os.cpu_count()} cores = {os.cpu_count() or 1}00 %)"
        )
        print(
            f"this process ({len(streams)} consoles' streams + {len(setup.crews)} phones): "
            f"{own_cpu / wall * 100:.0f} % of one core; event-loop lag "
            f"p99 {percentile(lag_ms, 0.99):.1f} ms, max {max(lag_ms, default=0):.1f} ms"
        )
        print(
            f"load average before/after: {load_before[0]:.2f} / {load_after[0]:.2f} "
            "(other sessions' tests may share the machine)"
        )
        if args.backend == "postgresql":
            print("(server CPU counts the central processes only, not PostgreSQL's backends)")
    finally:
        for stream in streams:
            stream.stop()
        await asyncio.gather(*stream_tasks, return_exceptions=True)
        for conn in connections:
            await conn.close()
        for client in clients:
            await client.aclose()


async def dispatch_chat_cases(base_url: str, setup: Setup, count: int) -> list[tuple[int, CrewLogin]]:
    """File ``count`` cases and have a lead dispatch a crew of the owner unit to each: the crews' chat
    threads. Returns (case id, crew) pairs."""
    operator = CentralClient(base_url, token=setup.operator_token)
    lead = CentralClient(base_url, token=setup.lead_token)
    free = list(setup.crews)
    pairs: list[tuple[int, CrewLogin]] = []
    try:
        for i in range(count):
            case, _replayed = await operator.create_case(
                {
                    "channel": "phone",
                    "category_id": CHAT_CATEGORIES[i % len(CHAT_CATEGORIES)],
                    "lat": SOFIA[0] + 0.01 * (i % 5),
                    "lon": SOFIA[1] + 0.01 * (i // 5),
                    "description": f"Сигнал за бенчмарка на екипите № {i + 1}",
                }
            )
            crew = next((c for c in free if c.unit_code == case.owner_unit_code), None)
            if crew is None:
                raise RuntimeError(f"case routed to {case.owner_unit_code}, which has no crew here")
            free.remove(crew)
            await lead.dispatch(case.id, case.version, crew.crew_id, note="Моля, потвърдете.")
            pairs.append((case.id, crew))
    finally:
        await operator.aclose()
        await lead.aclose()
    return pairs


async def post(conn: HttpConnection, target: str, body: bytes, flow: Flow) -> Reply:
    """POST on a keep-alive connection, once more on a fresh one if the server had just closed it.

    uvicorn closes a connection after 5 s without a request, the very interval of a crew's phone: the
    request may meet a connection the server has just dropped. Nothing was read on the server, so sending
    again is safe; a phone's HTTP client does the same. An answer that takes longer than REQUEST_TIMEOUT
    counts as a refusal (status 0), so that a stuck server cannot hang the benchmark."""
    try:
        try:
            return await asyncio.wait_for(conn.request("POST", target, body), REQUEST_TIMEOUT)
        except (asyncio.IncompleteReadError, ConnectionError):
            flow.reconnects += 1
            await conn.close()
            return await asyncio.wait_for(conn.request("POST", target, body), REQUEST_TIMEOUT)
    except TimeoutError:
        await conn.close()  # the answer may still come: never read it as the next request's
        return Reply(0, {}, b"no answer in time")


async def _sleep_until(when: float) -> None:
    delay = when - asyncio.get_running_loop().time()
    if delay > 0:
        await asyncio.sleep(delay)


async def send_positions(
    crew: CrewLogin,
    conn: HttpConnection,
    first: float,
    end: float,
    interval: float,
    flow: Flow,
    rng: random.Random,
) -> None:
    """One phone: a fix every ``interval`` s on a fixed schedule (a slow answer does not shift the next)."""
    lat, lon = SOFIA[0] + rng.gauss(0, 0.03), SOFIA[1] + rng.gauss(0, 0.04)
    target = f"/api/v1/crews/{crew.crew_id}/position"
    when = first
    while when < end:
        await _sleep_until(when)
        lat, lon = lat + rng.gauss(0, 0.0005), lon + rng.gauss(0, 0.0007)
        at = datetime.now(UTC)  # the fix's time: with the crew id, it names the event that comes back
        body = json.dumps({"lat": round(lat, 6), "lon": round(lon, 6), "at": at.isoformat()}).encode()
        key = (crew.crew_id, at)
        flow.sent[key] = time.perf_counter()
        reply = await post(conn, target, body, flow)
        flow.http_ms.append((time.perf_counter() - flow.sent[key]) * 1000)
        if reply.status != 200:
            del flow.sent[key]
            flow.refused(f"position of crew {crew.crew_id}: {reply.status} {reply.body[:200]!r}")
        # A phone sends its latest fix, not a backlog: slots missed while waiting for the answer are skipped.
        now = asyncio.get_running_loop().time()
        when += interval
        while when < min(now, end):
            flow.skipped += 1
            when += interval


async def send_chat(
    conns: list[tuple[int, HttpConnection]], start: float, end: float, rate: float, flow: Flow
) -> None:
    """Crew chat from the dispatched crews in turn, ``rate`` messages per second; each message is sent
    as a task of its own so that a slow answer does not hold back the next one."""
    busy: dict[int, asyncio.Lock] = {case_id: asyncio.Lock() for case_id, _conn in conns}

    async def chat(case_id: int, conn: HttpConnection, number: int) -> None:
        body_text = f"Пристигнахме, оглеждаме. #{number}-{uuid.uuid4().hex[:8]}"
        payload = json.dumps({"body": body_text, "visibility": "crew"}).encode()
        async with busy[case_id]:  # one connection carries one request at a time
            if asyncio.get_running_loop().time() >= end:  # queued behind slow answers past the end
                flow.skipped += 1
                return
            flow.sent[body_text] = time.perf_counter()
            reply = await post(conn, f"/api/v1/cases/{case_id}/messages", payload, flow)
            flow.http_ms.append((time.perf_counter() - flow.sent[body_text]) * 1000)
        if reply.status != 201:
            del flow.sent[body_text]
            flow.refused(f"chat on case {case_id}: {reply.status} {reply.body[:200]!r}")

    tasks = []
    number = 0
    while start + number / rate < end:
        await _sleep_until(start + number / rate)
        case_id, conn = conns[number % len(conns)]
        tasks.append(asyncio.ensure_future(chat(case_id, conn, number)))
        number += 1
    await asyncio.gather(*tasks)


async def watch_loop_lag(lag_ms: list[float], stop: asyncio.Event) -> None:
    """How late a 50 ms timer fires: when this process is the bottleneck, deliveries wait here too."""
    loop = asyncio.get_running_loop()
    while not stop.is_set():
        before = loop.time()
        await asyncio.sleep(0.05)
        lag_ms.append((loop.time() - before - 0.05) * 1000)


async def sample_cpu(server: Server, samples: list[float], stop: asyncio.Event) -> None:
    """The server's CPU share of one core, second by second (for the peak)."""
    last, last_at = server.cpu_seconds(), time.perf_counter()
    while not stop.is_set():
        await asyncio.sleep(1.0)
        now_cpu, now_at = server.cpu_seconds(), time.perf_counter()
        samples.append((now_cpu - last) / (now_at - last_at) * 100)
        last, last_at = now_cpu, now_at


# --- figures -----------------------------------------------------------------------------------------


def report(
    args: argparse.Namespace, setup: Setup, positions: Flow, chats: Flow, expected: dict[str, int]
) -> None:
    roles = [role for role, _token in setup.consoles]
    print()
    print(
        f"{len(setup.crews)} crews, a position every {args.interval:g} s "
        f"({len(setup.crews) / args.interval:.0f}/s), "
        f"crew chat {args.chat_rate:g}/s on {args.chat_cases} dispatched cases, {args.seconds:g} s; "
        f"{len(roles)} consoles ({roles.count('operator')} operators, {roles.count('lead')} leads); "
        f"{args.backend}, {args.workers} server worker(s)"
    )
    header = (
        f"{'to the consoles':<16} {'sent':>5} {'refused':>7} {'delivered':>9} {'missing':>7} "
        f"{'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'max ms':>7}  p99 ≤ {TARGET_P99_MS:.0f} ms"
    )
    print(header)
    print("-" * len(header))
    for flow in (positions, chats):
        ms = flow.delivered_ms
        p99 = percentile(ms, 0.99)
        figures = (
            " ".join(f"{percentile(ms, q):7.1f}" for q in (0.5, 0.95, 0.99)) + f" {max(ms, default=0):7.1f}"
        )
        print(
            f"{flow.name:<16} {len(flow.sent):5d} {flow.failed:7d} {len(ms):9d} "
            f"{expected[flow.name] - len(ms):7d} {figures}  {'yes' if p99 <= TARGET_P99_MS else 'NO'}"
        )
    print()
    print("the senders' HTTP round trips (request written → answer read):")
    for flow, what in ((positions, "POST /crews/{id}/position"), (chats, "POST /cases/{id}/messages")):
        ms = flow.http_ms
        print(
            f"  {what:<28} n {len(ms):5d}  p50 {percentile(ms, 0.5):6.1f}  p95 {percentile(ms, 0.95):6.1f}  "
            f"p99 {percentile(ms, 0.99):6.1f}  max {max(ms, default=0):6.1f} ms"
            f"  ({flow.reconnects} sent again after the server closed an idle connection)"
        )
        if flow.skipped:
            print(f"  {'':<28} {flow.skipped} not sent: the sender was still waiting for an earlier answer")


if __name__ == "__main__":
    raise SystemExit(main())
