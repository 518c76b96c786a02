"""Benchmark: filing cases over HTTP (routing + SLA + event), against raw INSERTs of the same rows.

    .venv/bin/python bench/server_create.py [--cases 5000] [--workers 2] [--concurrency 16]

1. creates a throw-away PostgreSQL database, migrates and seeds it (demo districts), adds a bench user;
2. starts ``central serve --workers N`` as a child process (no access log);
3. warms up, then POSTs ``--cases`` realistic cases to /api/v1/cases from ``--concurrency`` keep-alive
   connections (random categories, points in Sofia, reporters with phone numbers, an Idempotency-Key
   on each) and prints cases/s and latency percentiles;
4. stops the server and INSERTs the same rows again (cases + case_reporters + events, copied from what
   the server wrote) with plain SQL — one transaction per case on one connection, the same on
   ``--concurrency`` connections, and batched — and prints those rates and the ratios HTTP/raw;
5. drops the database (also on Ctrl-C).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from psycopg.types.json import Jsonb

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _support import (
    DEFAULT_PG_URL,
    HttpConnection,
    percentile,
    prepare_database,
    processes_cpu_seconds,
    psycopg_connect,
    run_cleanly,
    running_server,
    temporary_database,
    utc_now,
)

TARGET_CASES_PER_SECOND = 500
RAW_COUNTER_YEAR = 1999  # the tracking counter row the raw "server locks" run bumps (not the server's)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pg-url", default=DEFAULT_PG_URL, help="an admin URL; a new database is made")
    parser.add_argument("--cases", type=int, default=5000, help="cases to file over HTTP (and to insert raw)")
    parser.add_argument("--warmup", type=int, default=300, help="cases filed before measuring")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument("--concurrency", type=int, default=16, help="concurrent client connections")
    parser.add_argument("--batch", type=int, default=500, help="cases per transaction in the batched insert")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    return run_cleanly(run, args)


def run(args: argparse.Namespace) -> None:
    rng = random.Random(args.seed)
    with temporary_database(args.pg_url, "cs_bench_create") as url, tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        bench = prepare_database(url, now=utc_now())
        print(f"database ready in {time.perf_counter() - started:.1f} s")
        payloads = make_payloads(rng, args.warmup + args.cases)
        warmup, measured = payloads[: args.warmup], payloads[args.warmup :]
        with running_server(url, workers=args.workers, log_path=Path(tmp) / "server.log") as server:
            host, port, token = server.host, server.port, bench["token"]
            asyncio.run(check_replay(host, port, token, warmup[0]))
            asyncio.run(post_cases(host, port, token, warmup[1:], args.concurrency))
            backends = {pid: processes_cpu_seconds([pid]) for pid in postgres_backends(url)}
            cpu_before = (server.cpu_seconds(), sum(backends.values()), time.process_time())
            result = asyncio.run(post_cases(host, port, token, measured, args.concurrency))
            # Backends opened during the run started from nothing; those closed during it are missed.
            later = postgres_backends(url)
            cpu_after = (
                server.cpu_seconds(),
                processes_cpu_seconds(later)
                + sum(backends.get(pid, 0.0) for pid in backends if pid not in later),
                time.process_time(),
            )
        http_rate = report_http(result, args)
        server_cpu, pg_cpu, client_cpu = (
            after - before for before, after in zip(cpu_before, cpu_after, strict=True)
        )
        print(
            f"  CPU ms per case: server {server_cpu / result.count * 1000:.2f}, "
            f"PostgreSQL backends {pg_cpu / result.count * 1000:.2f}, "
            f"load generator {client_cpu / result.count * 1000:.2f} "
            f"(of {2000 / http_rate:.2f} ms of 2-core time per case at this rate)"
        )
        # The server is stopped: the raw inserts get the whole machine, as the server had it.
        raw = raw_inserts(url, args)
        print()
        print("ratio HTTP / raw SQL:")
        for label, rate in raw.items():
            print(f"  {label:<42} {http_rate / rate:6.3f}  ({http_rate:,.0f} / {rate:,.0f} cases/s)")
        verdict = "MET" if http_rate >= TARGET_CASES_PER_SECOND else "NOT MET"
        print(f"\ntarget ≥ {TARGET_CASES_PER_SECOND} cases/s over HTTP: {verdict} ({http_rate:,.0f} cases/s)")


# --- realistic requests ------------------------------------------------------------------------------


def make_payloads(rng: random.Random, count: int) -> list[tuple[bytes, str]]:
    """Bodies like the console and the channels send: mostly located, mostly with a reporter."""
    from central.geo.demo_districts import load_demo_district_points
    from central.seed.demo import CHANNEL_WEIGHTS, DESCRIPTIONS, FIRST_NAMES, LAST_NAMES

    points = load_demo_district_points()
    channels, weights = zip(*CHANNEL_WEIGHTS, strict=True)
    categories = sorted(DESCRIPTIONS)
    streets = (
        "ул. Граф Игнатиев",
        "бул. Витоша",
        "ул. Шипка",
        "бул. Черни връх",
        "ж.к. Младост 1",
        "ул. Оборище",
    )
    payloads = []
    for _ in range(count):
        category = rng.choice(categories)
        body: dict[str, Any] = {
            "channel": rng.choices(channels, weights)[0],
            "category_id": category,
            "description": rng.choice(DESCRIPTIONS[category]),
        }
        if rng.random() < 0.95:
            centre = rng.choice(points)
            body["lat"] = round(centre.lat + rng.gauss(0, 0.006), 6)
            body["lon"] = round(centre.lon + rng.gauss(0, 0.008), 6)
            body["address"] = f"{rng.choice(streets)} {rng.randrange(1, 120)}, район {centre.name_bg}"
        if rng.random() < 0.1:
            body["priority"] = rng.choice(("low", "high", "urgent"))
        if rng.random() < 0.08:
            body["anonymous"] = True
        else:
            phone = f"8{rng.choice('789')}{rng.randrange(1_000_000, 9_999_999)}"
            body["reporter"] = {
                "name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                "phone": rng.choice((f"+359{phone}", f"0{phone}", f"0{phone[:2]} {phone[2:5]} {phone[5:]}")),
            }
            if rng.random() < 0.2:
                body["reporter"]["email"] = f"citizen{rng.randrange(100_000)}@example.bg"
        payloads.append((json.dumps(body, ensure_ascii=False).encode(), uuid.uuid4().hex))
    return payloads


# --- the HTTP run ------------------------------------------------------------------------------------


@dataclass
class LoadResult:
    count: int
    elapsed: float
    latencies: list[float]
    errors: list[str]


async def check_replay(host: str, port: int, token: str, payload: tuple[bytes, str]) -> None:
    """A sanity check that the server does what the benchmark claims: 201 once, then a 200 replay."""
    conn = HttpConnection(host, port, token)
    try:
        body, key = payload
        first = await conn.request("POST", "/api/v1/cases", body, {"Idempotency-Key": key})
        again = await conn.request("POST", "/api/v1/cases", body, {"Idempotency-Key": key})
    finally:
        await conn.close()
    if first.status != 201 or again.status != 200 or first.json()["id"] != again.json()["id"]:
        raise RuntimeError(f"unexpected answers: {first.status} {first.body[:300]!r} / {again.status}")
    case = first.json()
    print(f"sample case: {case['tracking_number']} → {case['owner_unit_code']}, due {case['due_at']}")


async def post_cases(
    host: str, port: int, token: str, payloads: list[tuple[bytes, str]], concurrency: int
) -> LoadResult:
    latencies: list[float] = []
    errors: list[str] = []
    queue = iter(payloads)

    async def client() -> None:
        conn = HttpConnection(host, port, token)
        try:
            for body, key in queue:  # one shared iterator: each payload is sent once
                started = time.perf_counter()
                reply = await conn.request("POST", "/api/v1/cases", body, {"Idempotency-Key": key})
                latencies.append(time.perf_counter() - started)
                if reply.status != 201:
                    errors.append(f"{reply.status}: {reply.body[:200]!r}")
        finally:
            await conn.close()

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(concurrency)))
    return LoadResult(len(payloads), time.perf_counter() - started, latencies, errors)


def report_http(result: LoadResult, args: argparse.Namespace) -> float:
    rate = result.count / result.elapsed
    ms = [x * 1000 for x in result.latencies]
    print()
    print(
        f"HTTP POST /api/v1/cases: {result.count} cases in {result.elapsed:.2f} s = {rate:,.0f} cases/s "
        f"({args.concurrency} connections, {args.workers} workers)"
    )
    print(
        f"  latency ms: p50 {percentile(ms, 0.50):.1f}  p95 {percentile(ms, 0.95):.1f}  "
        f"p99 {percentile(ms, 0.99):.1f}  max {max(ms):.1f}"
    )
    if result.errors:
        print(f"  {len(result.errors)} requests failed, e.g. {result.errors[0]}")
    return rate


def postgres_backends(url: str) -> list[int]:
    """Process ids of the PostgreSQL backends serving the benchmark database (the server's pool)."""
    with psycopg_connect(url, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
    return [row[0] for row in rows]


# --- the raw SQL runs --------------------------------------------------------------------------------


@dataclass
class RowSet:
    """One case as the server stored it: its cases row, reporter row (or None) and case.created event."""

    case: list[Any]
    reporter: list[Any] | None
    event: list[Any]


@dataclass
class Templates:
    case_columns: list[str]
    reporter_columns: list[str]
    event_columns: list[str]
    rows: list[RowSet]

    def case_values(self, row: RowSet, tracking_number: str) -> list[Any]:
        values = list(row.case)
        values[self.case_columns.index("tracking_number")] = tracking_number
        return values


def load_templates(conn: Any, count: int) -> Templates:
    """The last ``count`` cases the server wrote, with their reporters and creation events."""
    cur = conn.execute("SELECT * FROM cases ORDER BY id DESC LIMIT %s", (count,))
    case_columns = [d.name for d in cur.description]
    cases = cur.fetchall()
    ids = [row[0] for row in cases]
    cur = conn.execute("SELECT * FROM case_reporters WHERE case_id = ANY(%s)", (ids,))
    reporter_columns = [d.name for d in cur.description]
    reporters = {row[1]: row for row in cur.fetchall()}
    cur = conn.execute("SELECT * FROM events WHERE type = 'case.created' AND case_id = ANY(%s)", (ids,))
    event_columns = [d.name for d in cur.description]
    case_at = event_columns.index("case_id")
    events = {row[case_at]: row for row in cur.fetchall()}
    data_at = event_columns.index("data")
    rows = []
    for case in cases:
        reporter = reporters.get(case[0])
        event = list(events[case[0]])
        event[data_at] = Jsonb(event[data_at])
        rows.append(
            RowSet(
                case=list(case[1:]),  # without id
                reporter=list(reporter[2:]) if reporter else None,  # without id, case_id
                event=[v for i, v in enumerate(event) if i not in (0, case_at)],  # without id, case_id
            )
        )
    return Templates(
        case_columns=case_columns[1:],
        reporter_columns=reporter_columns[2:],
        event_columns=[c for i, c in enumerate(event_columns) if i not in (0, case_at)],
        rows=rows,
    )


def _insert_sql(table: str, columns: list[str], returning: str = "") -> str:
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    return f"INSERT INTO {table} ({names}) VALUES ({marks}){returning}"


def insert_one_per_transaction(
    url: str, t: Templates, rows: list[RowSet], tag: str, *, server_locks: bool = False
) -> None:
    """One transaction per case. With ``server_locks`` it also takes what the server's creation takes, in
    the same order: the event-order advisory lock and the per-year tracking counter row (UPDATE ...
    RETURNING), both held to the commit, so that case creations commit one at a time."""
    from central.events.service import _EVENT_ORDER_LOCK, NOTIFY_CHANNEL

    cases_sql = _insert_sql("cases", t.case_columns, " RETURNING id")
    reporter_sql = _insert_sql("case_reporters", ["case_id", *t.reporter_columns])
    event_sql = _insert_sql("events", ["case_id", *t.event_columns])
    with psycopg_connect(url, autocommit=True) as conn:
        for i, row in enumerate(rows):
            with conn.transaction():
                if server_locks:
                    conn.execute(
                        "SELECT pg_advisory_xact_lock(%s), pg_notify(%s, '')",
                        (_EVENT_ORDER_LOCK, NOTIFY_CHANNEL),
                    )
                    conn.execute(
                        "UPDATE tracking_counters SET last_value = last_value + 1 WHERE year = %s "
                        "RETURNING last_value",
                        (RAW_COUNTER_YEAR,),
                    )
                case_id = conn.execute(cases_sql, t.case_values(row, f"{tag}-{i:09d}")).fetchone()[0]
                if row.reporter is not None:
                    conn.execute(reporter_sql, [case_id, *row.reporter])
                conn.execute(event_sql, [case_id, *row.event])


def insert_concurrently(url: str, t: Templates, connections: int, tag: str, *, server_locks: bool) -> None:
    parts = [t.rows[k::connections] for k in range(connections)]
    failures: list[BaseException] = []

    def work(k: int) -> None:
        try:
            insert_one_per_transaction(url, t, parts[k], f"{tag}{k}", server_locks=server_locks)
        except BaseException as error:  # reported below, in the main thread
            failures.append(error)

    threads = [threading.Thread(target=work, args=(k,), daemon=True) for k in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]


def insert_batched(url: str, t: Templates, batch: int) -> None:
    cases_sql = _insert_sql("cases", ["id", *t.case_columns])
    reporter_sql = _insert_sql("case_reporters", ["case_id", *t.reporter_columns])
    event_sql = _insert_sql("events", ["case_id", *t.event_columns])
    with psycopg_connect(url, autocommit=True) as conn:
        for start in range(0, len(t.rows), batch):
            chunk = t.rows[start : start + batch]
            with conn.transaction(), conn.cursor() as cur:
                cur.execute("SELECT nextval('cases_id_seq') FROM generate_series(1, %s)", (len(chunk),))
                ids = [r[0] for r in cur.fetchall()]
                cur.executemany(
                    cases_sql,
                    [[i, *t.case_values(row, f"RB-{i:09d}")] for i, row in zip(ids, chunk, strict=True)],
                )
                cur.executemany(
                    reporter_sql,
                    [
                        [i, *row.reporter]
                        for i, row in zip(ids, chunk, strict=True)
                        if row.reporter is not None
                    ],
                )
                cur.executemany(event_sql, [[i, *row.event] for i, row in zip(ids, chunk, strict=True)])


def raw_inserts(url: str, args: argparse.Namespace) -> dict[str, float]:
    with psycopg_connect(url, autocommit=True) as conn:
        templates = load_templates(conn, args.cases)
    n = len(templates.rows)
    rates: dict[str, float] = {}
    print()
    print(f"raw SQL INSERTs of the same {n} cases (cases + case_reporters + events rows):")

    def measure(label: str, work: Any) -> None:
        started = time.perf_counter()
        work()
        elapsed = time.perf_counter() - started
        rates[label] = n / elapsed
        print(f"  {label:<42} {n / elapsed:9,.0f} cases/s  ({elapsed:.2f} s)")

    measure(
        "1 transaction per case, 1 connection",
        lambda: insert_one_per_transaction(url, templates, templates.rows, "R1"),
    )
    k = args.concurrency
    measure(
        f"1 transaction per case, {k} connections",
        lambda: insert_concurrently(url, templates, k, "RC", server_locks=False),
    )
    with psycopg_connect(url, autocommit=True) as conn:
        conn.execute("INSERT INTO tracking_counters (year, last_value) VALUES (%s, 0)", (RAW_COUNTER_YEAR,))
    measure(
        f"the same + the server's two locks, {k} conn.",
        lambda: insert_concurrently(url, templates, k, "RL", server_locks=True),
    )
    measure(
        f"batched, {args.batch} cases per transaction", lambda: insert_batched(url, templates, args.batch)
    )
    return rates


if __name__ == "__main__":
    raise SystemExit(main())
